import type { BrowserContextOptions } from 'playwright-core';
import { DEMO, apiLogin, horizontalOverflow, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectAbsent, expectVisible } from '../lib/expect.ts';
import { test, type TestContext } from '../lib/harness.ts';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 900 } };

interface Listed {
  items: Array<{ id: string; subject: string; isRead: boolean }>;
}

/**
 * A pupil ticks several messages of her inbox: marks two read, then back to
 * unread, deletes three at once, is told so with "Annuler", and undoes it.
 * The boxes are ticked with the keyboard (Space), the actions pressed.
 */
async function journey(t: TestContext, size: string, options: BrowserContextOptions): Promise<void> {
  const suffix = uniqueSuffix();
  const subjects = [1, 2, 3].map((n) => `Cantine ${suffix} n°${n} (${size})`);

  const teacherContext = await t.newContext();
  const teacher = await apiLogin(teacherContext, DEMO.enseignant);
  const pupilContext = await t.newContext(options);
  const pupilSession = await apiLogin(pupilContext, DEMO.eleve);
  for (const subject of subjects) {
    const sent = await teacher.request.post('/api/v1/messaging/messages', {
      headers: { 'X-CSRF-Token': teacher.csrfToken },
      data: { to: [{ type: 'PERSON', id: pupilSession.me.id }], subject, body: `<p>${subject}</p>` },
    });
    assert(sent.ok(), `the teacher's message "${subject}" is sent (${sent.status()} ${await sent.text()})`);
  }
  await teacherContext.close();

  const inboxState = async (): Promise<Map<string, boolean>> => {
    const listed = (await (await pupilContext.request.get('/api/v1/messaging/messages?folder=INBOX&limit=25')).json()) as Listed;
    return new Map(listed.items.filter((item) => subjects.includes(item.subject)).map((item) => [item.subject, item.isRead]));
  };

  const page = await pupilContext.newPage();
  await page.goto('/messagerie');
  const box = (subject: string) => page.getByRole('checkbox', { name: new RegExp(`^Sélectionner « ${subject.replace(/[()]/g, '\\$&')} »`) });
  for (const subject of subjects) await expectVisible(box(subject), `the box of "${subject}" (${size})`);
  await checkA11y(t, page, `inbox with boxes to tick (${size})`);

  t.step(`${size}: two ticked with the keyboard, marked read`);
  await box(subjects[0]!).focus();
  await page.keyboard.press('Space');
  await box(subjects[1]!).focus();
  await page.keyboard.press('Space');
  const bar = page.getByRole('group', { name: 'Actions sur les messages cochés' });
  await expectVisible(bar.getByText('2 messages sélectionnés'), `the count of ticked messages (${size})`);
  const overflow = await horizontalOverflow(page);
  assert(overflow.scrollWidth <= overflow.innerWidth, `no sideways scroll with the actions shown (${size}): ${overflow.widest}`);
  await checkA11y(t, page, `two messages ticked, actions shown (${size})`);
  await bar.getByRole('button', { name: 'Marquer comme lu' }).click();
  await expectVisible(page.getByText('2 messages marqués comme lus.'), `the read confirmation (${size})`);
  assert(await page.getByRole('checkbox', { name: 'Tout sélectionner' }).evaluate((el) => el === document.activeElement), 'the focus waits on "Tout sélectionner"');
  let state = await inboxState();
  assertEqual(JSON.stringify(subjects.map((subject) => state.get(subject))), '[true,true,false]', 'the two ticked are read, the third is not');
  assertEqual(await box(subjects[0]!).isChecked(), false, 'the boxes are cleared after the action');

  t.step(`${size}: back to unread`);
  await box(subjects[0]!).check();
  await bar.getByRole('button', { name: 'Marquer comme non lu' }).click();
  await expectVisible(page.getByText('1 message marqué comme non lu.'), `the unread confirmation (${size})`);
  state = await inboxState();
  assertEqual(state.get(subjects[0]!), false, 'the first is unread again');

  t.step(`${size}: three deleted at once, then "Annuler" puts them back`);
  for (const subject of subjects) await box(subject).check();
  await expectVisible(bar.getByText('3 messages sélectionnés'), 'three ticked');
  await bar.getByRole('button', { name: 'Supprimer' }).click();
  await expectVisible(page.getByText('3 messages placés dans la corbeille.'), `the delete confirmation (${size})`);
  for (const subject of subjects) await expectAbsent(box(subject), `"${subject}" gone from the inbox`);
  assertEqual((await inboxState()).size, 0, 'none of the three is in the inbox any more');
  const trash = (await (await pupilContext.request.get('/api/v1/messaging/messages?folder=TRASH&limit=25')).json()) as Listed;
  assertEqual(trash.items.filter((item) => subjects.includes(item.subject)).length, 3, 'the three are in the trash');
  await checkA11y(t, page, `three deleted, with Annuler (${size})`);
  await page.getByRole('button', { name: 'Annuler', exact: true }).click();
  await expectVisible(page.getByText('3 messages remis à leur place.'), `the undo confirmation (${size})`);
  for (const subject of subjects) await expectVisible(box(subject), `"${subject}" back in the inbox`);
  state = await inboxState();
  assertEqual(state.size, 3, 'the three are back in the inbox');
  assertEqual(state.get(subjects[1]!), true, 'each keeps its read state through the trash and back');
  await pupilContext.close();
}

test('messagerie: a pupil ticks several messages — marks them read and unread, deletes three at once and undoes it (desktop)', (t) => journey(t, '1366 px', DESKTOP));

test('messagerie: a pupil ticks several messages — marks them read and unread, deletes three at once and undoes it (390 px phone)', (t) => journey(t, '390 px', PHONE));

test('messagerie: a teacher reading a parent’s message sees whose parent he is and the child’s class, at 1366 and 390 px', async (t) => {
  const subject = `Absence de demain ${uniqueSuffix()}`;
  const parentContext = await t.newContext();
  const parent = await apiLogin(parentContext, DEMO.parent);
  const teacherContext = await t.newContext(DESKTOP);
  const teacher = await apiLogin(teacherContext, DEMO.enseignant);
  const sent = await parent.request.post('/api/v1/messaging/messages', {
    headers: { 'X-CSRF-Token': parent.csrfToken },
    data: { to: [{ type: 'PERSON', id: teacher.me.id }], subject, body: '<p>Bonjour, ma fille sera absente demain matin.</p>' },
  });
  assert(sent.ok(), `the parent's message is sent (${sent.status()} ${await sent.text()})`);
  const card = (await (await teacher.request.get(`/api/v1/directory/people/${parent.me.id}`)).json()) as { parentOf: Array<{ displayName: string; classes: string[] }> };
  assert(card.parentOf.length > 0, 'the teacher sees at least one child of the demo parent in the annuaire');
  const child = card.parentOf[0]!;
  await parentContext.close();

  for (const options of [DESKTOP, PHONE]) {
    const size = options === PHONE ? '390 px' : '1366 px';
    const context = options === DESKTOP ? teacherContext : await t.newContext(PHONE);
    if (options === PHONE) await apiLogin(context, DEMO.enseignant);
    const page = await context.newPage();
    await page.goto('/messagerie');
    await page.getByRole('link', { name: new RegExp(subject) }).click();
    await expectVisible(page.getByRole('heading', { level: 2, name: subject }), `the open message (${size})`);
    const expected = `Parent de ${child.displayName}${child.classes.length > 0 ? ` (${child.classes.join(', ')})` : ''}`;
    await expectVisible(page.getByText(expected, { exact: false }).first(), `"${expected}" under the sender's name (${size})`);
    await checkA11y(t, page, `a parent's message with its sender context (${size})`);
    await context.close();
  }
});

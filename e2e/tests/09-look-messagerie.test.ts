import type { BrowserContextOptions } from 'playwright-core';
import { DEMO, apiLogin, horizontalOverflow, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, eventually, expectAbsent, expectPath, expectVisible } from '../lib/expect.ts';
import { test, type TestContext } from '../lib/harness.ts';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/**
 * A teacher writes to a pupil: a name typed in "À" but not picked stops the
 * sending with an error (nothing is dropped silently); once picked, the message
 * goes and the list says so; the pupil deletes it, is told, and "Annuler" puts it back.
 */
async function journey(t: TestContext, size: string, options: BrowserContextOptions): Promise<void> {
  const subject = `Rappel sortie ${uniqueSuffix()} (${size})`;
  const teacherContext = await t.newContext(options);
  await apiLogin(teacherContext, DEMO.enseignant);
  const teacher = await teacherContext.newPage();
  await teacher.goto('/messagerie/nouveau');
  const to = teacher.getByRole('combobox', { name: 'À' });
  await expectVisible(to, `the editor (${size})`);
  await teacher.getByRole('textbox', { name: 'Objet' }).fill(subject);
  const body = teacher.getByRole('textbox', { name: 'Message' });
  await body.click();
  await teacher.keyboard.type('Première ligne.');
  await teacher.keyboard.press('Enter');
  await teacher.keyboard.type('Deuxième ligne.');
  await to.fill('Léa Mar');

  t.step(`${size}: sending with a typed but unpicked name is refused with a clear error`);
  await teacher.getByRole('button', { name: 'Envoyer', exact: true }).click();
  const error = teacher.getByText('« Léa Mar » n’a pas été choisi : choisissez un nom dans la liste proposée, ou effacez-le.');
  await expectVisible(error, `the unpicked-name error (${size})`);
  assertEqual(await to.getAttribute('aria-invalid'), 'true', 'the À field is marked invalid');
  assert(await to.evaluate((el) => el === document.activeElement), 'the focus is back on the À field');
  assertEqual(new URL(teacher.url()).pathname, '/messagerie/nouveau', 'still in the editor: nothing was sent');
  await checkA11y(t, teacher, `editor with an unpicked name (${size})`);

  t.step(`${size}: picked from the list, the message goes and the list confirms it`);
  await expectVisible(teacher.getByRole('option', { name: /^Léa Martin/ }).first(), 'the pupil in the recipient picker');
  await to.press('Enter');
  await expectVisible(teacher.getByRole('button', { name: /^Retirer Léa Martin/ }), 'the chosen pupil');
  await expectAbsent(error, 'the error, gone once the name is chosen');
  await teacher.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expectPath(teacher, '/messagerie');
  await expectVisible(teacher.getByText('Message envoyé.', { exact: true }), `the "Message envoyé" confirmation (${size})`);
  await checkA11y(t, teacher, `sent confirmation (${size})`);
  await teacherContext.close();

  t.step(`${size}: the pupil sees the two lines of the preview, opens, deletes, and undoes`);
  const pupilContext = await t.newContext(options);
  await apiLogin(pupilContext, DEMO.eleve);
  const pupil = await pupilContext.newPage();
  await pupil.goto('/messagerie');
  const row = pupil.getByRole('link', { name: new RegExp(subject.replace(/[()]/g, '\\$&')) });
  await expectVisible(row, `the message in the pupil's inbox (${size})`);
  const listed = (await (await pupil.request.get('/api/v1/messaging/messages?folder=INBOX&limit=25')).json()) as { items: Array<{ subject: string; preview: string }> };
  assertEqual(listed.items.find((m) => m.subject === subject)?.preview, 'Première ligne.\nDeuxième ligne.', 'the preview the API gives keeps the line break');
  const preview = row.locator('.message-row__preview');
  const lines = await preview.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
  assertEqual(lines, 2, 'the preview shows its two lines');
  await row.click();
  await expectVisible(pupil.getByRole('heading', { level: 2, name: subject }), 'the open message');
  const dateText = await pupil.locator('.message-view time, time').first().innerText();
  assert(/lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche/.test(dateText), `the message date names the day ("${dateText}")`);
  await pupil.getByRole('button', { name: 'Supprimer', exact: true }).click();
  await expectPath(pupil, '/messagerie');
  await expectVisible(pupil.getByText('Message placé dans la corbeille.'), `the delete confirmation (${size})`);
  await expectAbsent(row, 'the deleted message, out of the inbox');
  const overflow = await horizontalOverflow(pupil);
  assert(overflow.scrollWidth <= overflow.innerWidth, `${size}: nothing scrolls sideways (${overflow.widest})`);
  await checkA11y(t, pupil, `delete confirmation with Annuler (${size})`);
  await pupil.getByRole('button', { name: 'Annuler', exact: true }).click();
  await expectVisible(pupil.getByText('Message remis à sa place.'), 'the undo confirmation');
  await eventually('the message back in the inbox', () => row.count(), (n) => n === 1, 10_000);
  await pupilContext.close();
}

test('messagerie: an unpicked name is not dropped, sending and deleting are confirmed, delete can be undone, previews keep line breaks (desktop and phone)', async (t) => {
  await journey(t, 'desktop', {});
  await journey(t, 'phone', PHONE);
});

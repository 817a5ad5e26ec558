import type { Locator, Page } from 'playwright-core';
import { DEMO, apiLogin, horizontalOverflow, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, eventually, expectPath, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Presses Tab until `target` has the focus (as a keyboard user would), and fails past `max` presses. */
async function tabTo(page: Page, target: Locator, what: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${what} never got the focus after ${max} Tab presses`);
}

test('messagerie, keyboard only: a teacher sets his signature, writes a message that opens with it, and sends it — then the editor at 390 px', async (t) => {
  const subject = `Conseil de classe ${uniqueSuffix()}`;
  const context = await t.newContext({ viewport: { width: 1366, height: 900 } });
  const teacher = await apiLogin(context, DEMO.enseignant);
  // The demo teacher is shared with the other tests: his signature goes back to none.
  t.defer(async () => {
    await teacher.request.put('/api/v1/messaging/settings', { headers: { 'X-CSRF-Token': teacher.csrfToken }, data: { signature: '' } });
  });
  const page = await context.newPage();
  await page.goto('/messagerie');
  await expectVisible(page.getByRole('heading', { level: 2, name: 'Boîte de réception' }), 'the inbox');

  t.step('the signature, typed and saved with the keyboard');
  const signature = page.getByRole('textbox', { name: 'Signature' });
  await tabTo(page, signature, 'the signature field');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('M. Durand');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Professeur de mathématiques');
  await page.keyboard.press('Tab');
  assert(await page.getByRole('button', { name: 'Enregistrer la signature' }).evaluate((el) => el === document.activeElement), 'Tab leads to "Enregistrer la signature"');
  await page.keyboard.press('Enter');
  await expectVisible(page.getByText('Signature enregistrée : elle sera ajoutée à vos prochains messages.'), 'the saved notice');
  const saved = (await (await teacher.request.get('/api/v1/messaging/settings')).json()) as { signature: string };
  assertEqual(saved.signature, 'M. Durand\nProfesseur de mathématiques', 'the signature on the server');
  await checkA11y(t, page, 'messagerie with the signature card');

  t.step('a new message opens with the signature; recipient, subject and text with the keyboard');
  await tabTo(page, page.getByRole('link', { name: 'Nouveau message' }), 'the "Nouveau message" link');
  await page.keyboard.press('Enter');
  await expectPath(page, '/messagerie/nouveau');
  const body = page.getByRole('textbox', { name: 'Message' });
  await expectVisible(body.getByText('Professeur de mathématiques'), 'the signature in the new message');
  const to = page.getByRole('combobox', { name: 'À' });
  await tabTo(page, to, 'the "À" field');
  await page.keyboard.type('Léa Mar');
  await expectVisible(page.getByRole('option', { name: /^Léa Martin/ }).first(), 'the pupil in the recipient picker');
  await page.keyboard.press('Enter');
  await expectVisible(page.getByRole('button', { name: /^Retirer Léa Martin/ }), 'the chosen pupil');
  await tabTo(page, page.getByRole('textbox', { name: 'Objet' }), 'the subject');
  await page.keyboard.type(subject);
  await tabTo(page, body, 'the message body');
  // The caret starts on the empty line above the signature.
  await page.keyboard.type('Bonjour, le conseil de classe a lieu jeudi à 17 h.');
  await checkA11y(t, page, 'editor with a signature (keyboard)');
  await tabTo(page, page.getByRole('button', { name: 'Envoyer', exact: true }), 'the "Envoyer" button');
  await page.keyboard.press('Enter');
  await expectPath(page, '/messagerie');
  await expectVisible(page.getByText('Message envoyé.', { exact: true }), 'the sent confirmation');

  const pupilContext = await t.newContext();
  await apiLogin(pupilContext, DEMO.eleve);
  const received = await eventually(
    'the message in the pupil’s inbox',
    async () => {
      const list = (await (await pupilContext.request.get('/api/v1/messaging/messages?folder=INBOX&limit=25')).json()) as { items: Array<{ id: string; subject: string }> };
      return list.items.find((item) => item.subject === subject);
    },
    (item) => item !== undefined,
  );
  const message = (await (await pupilContext.request.get(`/api/v1/messaging/messages/${received!.id}`)).json()) as { body: string };
  const text = message.body.replace(/<[^>]+>/g, ' ');
  const greeting = text.indexOf('Bonjour, le conseil de classe');
  assert(greeting >= 0 && greeting < text.indexOf('M. Durand') && text.indexOf('M. Durand') < text.indexOf('Professeur de mathématiques'), `the text, then the signature, in the message sent: ${message.body}`);
  await pupilContext.close();

  t.step('at 390 px, the editor opens with the signature, without sideways scroll');
  const phoneContext = await t.newContext(PHONE);
  await apiLogin(phoneContext, DEMO.enseignant);
  const phone = await phoneContext.newPage();
  await phone.goto('/messagerie/nouveau');
  await expectVisible(phone.getByRole('textbox', { name: 'Message' }).getByText('Professeur de mathématiques'), 'the signature in the editor at 390 px');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth, `no sideways scroll: ${overflow.widest}`);
  await checkA11y(t, phone, 'editor with a signature (390 px)');
  await phoneContext.close();
  // The teacher's context stays open for the clean-up above (the harness closes it after).
});

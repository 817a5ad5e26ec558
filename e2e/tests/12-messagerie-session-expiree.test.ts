import type { BrowserContextOptions } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, apiLogin, submitLoginForm, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, eventually, expectPath, expectVisible } from '../lib/expect.ts';
import { test, type TestContext } from '../lib/harness.ts';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 900 } };

interface Listed {
  items: Array<{ id: string; subject: string; preview: string }>;
}

/**
 * A teacher writes to a pupil; his session ends on the server while he is
 * still typing. The next autosave is refused: he lands on the login page,
 * which says that nothing is lost; once logged in again he is back in the
 * editor with every word, the later ones included, and the draft on the
 * server catches up. He sends it, and the tab keeps no copy.
 */
async function journey(t: TestContext, size: string, options: BrowserContextOptions): Promise<void> {
  const subject = `Sortie au musée ${uniqueSuffix()} (${size})`;
  // The autosave refused once the session is over is the point of the test: the browser logs that 401.
  t.allowConsoleError(/status of 401/);
  const context = await t.newContext(options);
  const session = await apiLogin(context, DEMO.enseignant);
  const page = await context.newPage();
  await page.goto('/messagerie/nouveau');
  const to = page.getByRole('combobox', { name: 'À' });
  await expectVisible(to, `the editor (${size})`);
  await to.fill('Léa Mar');
  await expectVisible(page.getByRole('option', { name: /^Léa Martin/ }).first(), 'the pupil in the recipient picker');
  await to.press('Enter');
  await expectVisible(page.getByRole('button', { name: /^Retirer Léa Martin/ }), 'the chosen pupil');
  await page.getByRole('textbox', { name: 'Objet' }).fill(subject);
  const body = page.getByRole('textbox', { name: 'Message' });
  await body.click();
  await page.keyboard.type('Rendez-vous à 8 h devant le lycée.');
  await expectVisible(page.getByText(/^Brouillon enregistré à /), `the first autosave (${size})`, 10_000);

  t.step(`${size}: the session ends on the server; the teacher goes on typing`);
  const logout = await context.request.post('/api/v1/auth/logout', { headers: { 'X-CSRF-Token': session.csrfToken }, data: {} });
  assertEqual(logout.status(), 204, 'the session is ended on the server');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Retour prévu à 17 h, pensez au pique-nique.');

  t.step(`${size}: the refused autosave sends him to log in, with a word that nothing is lost`);
  await expectPath(page, '/connexion', 15_000);
  await expectVisible(
    page.getByText('Votre session a expiré pendant que vous écriviez un message. Rien n’est perdu : reconnectez-vous pour le retrouver.'),
    `the login page's notice (${size})`,
  );
  await checkA11y(t, page, `login after a session expired while writing (${size})`);
  await submitLoginForm(page, DEMO.enseignant, DEMO_PASSWORD);

  t.step(`${size}: back in the editor with every word`);
  await expectPath(page, '/messagerie/nouveau', 20_000);
  await expectVisible(page.getByText('Votre session avait expiré pendant que vous écriviez. Voici votre message tel que vous l’aviez laissé : rien n’est perdu.'), `the editor's notice (${size})`);
  assertEqual(await page.getByRole('textbox', { name: 'Objet' }).inputValue(), subject, 'the subject is back');
  await expectVisible(page.getByRole('button', { name: /^Retirer Léa Martin/ }), 'the pupil is still the recipient');
  const text = await page.getByRole('textbox', { name: 'Message' }).innerText();
  assert(text.includes('Rendez-vous à 8 h devant le lycée.'), `the autosaved words are back (got ${JSON.stringify(text)})`);
  assert(text.includes('Retour prévu à 17 h, pensez au pique-nique.'), `the words typed after the session ended are back (got ${JSON.stringify(text)})`);
  await checkA11y(t, page, `editor restored after the login (${size})`);

  t.step(`${size}: the server's draft catches up without a key pressed`);
  await eventually(
    'the draft on the server to hold the words typed after the expiry',
    async () => {
      const response = await page.request.get('/api/v1/messaging/messages?folder=DRAFTS&limit=25');
      return ((await response.json()) as Listed).items.find((item) => item.subject === subject)?.preview ?? '';
    },
    (preview) => preview.includes('pique-nique'),
    15_000,
  );
  const drafts = (await (await page.request.get('/api/v1/messaging/messages?folder=DRAFTS&limit=25')).json()) as Listed;
  assertEqual(drafts.items.filter((item) => item.subject === subject).length, 1, 'one draft, the same one before and after the login');

  t.step(`${size}: sent, and the tab keeps no copy`);
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expectPath(page, '/messagerie');
  await expectVisible(page.getByText('Message envoyé.', { exact: true }), `the sent confirmation (${size})`);
  assertEqual(await page.evaluate(() => window.sessionStorage.getItem('preau.messagerie.rescue')), null, 'no copy left in the tab once sent');
  await page.goto('/messagerie/nouveau');
  await expectVisible(page.getByRole('combobox', { name: 'À' }), 'a fresh editor');
  assertEqual(await page.getByRole('textbox', { name: 'Objet' }).inputValue(), '', 'a new message starts empty');
  await context.close();
}

test('messagerie: a session that expires while a teacher writes loses nothing — login notice, back in the editor with every word, draft saved (desktop)', (t) =>
  journey(t, '1366 px', DESKTOP));

test('messagerie: a session that expires while a teacher writes loses nothing — login notice, back in the editor with every word, draft saved (390 px phone)', (t) =>
  journey(t, '390 px', PHONE));

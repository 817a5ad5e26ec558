import {
  DEMO,
  FR,
  adminStructure,
  apiCreateStudent,
  apiLogin,
  logoutViaUi,
  structureClasses,
  submitLoginForm,
  uniqueLastName,
} from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assertEqual, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

const RULE = /Au moins 12 caractères, sans autre contrainte/;
// Long enough and mixing four kinds, yet a repetition: the rule of NIST SP 800-63B refuses it.
const WEAK = 'Aaaaaaaaaaa1!';
const STRONG = 'Cartable-Vert-2026!';

test('first activation of a fresh account: code → password rule → weak refused → charter → portal → new password works', async (t) => {
  // The account is provisioned by demo.adml through the API (the admin UI is covered by another test).
  const adminContext = await t.newContext();
  const admin = await apiLogin(adminContext, DEMO.adml);
  const structure = await adminStructure(admin);
  const classes = await structureClasses(admin, structure.id);
  const firstName = 'Maëlys';
  const lastName = uniqueLastName();
  const { account, activationCode } = await apiCreateStudent(admin, structure.id, {
    firstName,
    lastName,
    ...(classes[0] ? { classId: classes[0].id } : {}),
  });
  await adminContext.close();
  t.step(`provisioned ${account.login} (${account.status}) in ${structure.name}`);
  assertEqual(account.status, 'PROVISIONED', 'status of a new account');

  // A new browser, as the student at home.
  const page = await t.newPage();
  await page.goto('/connexion');
  await expectVisible(page.getByText('Première connexion : saisissez le code d\'activation'), 'the activation hint under the password');
  t.step('log in with the activation code');
  await submitLoginForm(page, account.login, activationCode);
  await expectPath(page, '/activation');
  await expectVisible(page.getByRole('heading', { level: 1, name: `Bienvenue, ${firstName} !` }), 'the activation heading');
  await expectVisible(page.getByText(account.login, { exact: false }), 'the login recalled on the activation page');
  await expectVisible(page.getByText(RULE), 'the password rule stated on screen');
  assertEqual(await page.title(), 'Activation du compte – Préau', 'the activation document title');
  await checkA11y(t, page, 'activation page');

  // A weak password is refused, with the error tied to the field.
  t.step('try a weak password');
  const password = page.getByLabel(FR.password, { exact: true });
  const confirm = page.getByLabel('Confirmation du mot de passe', { exact: true });
  await password.fill(WEAK);
  await confirm.fill(WEAK);
  await page.getByLabel("J'accepte la charte").check();
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await expectVisible(page.getByText('Le mot de passe ne respecte pas encore la règle indiquée.'), 'the weak-password error');
  assertEqual(await password.getAttribute('aria-invalid'), 'true', 'aria-invalid of the weak password field');
  await expectPath(page, '/activation');
  await checkA11y(t, page, 'activation page with a weak-password error');

  // The server refuses it too, whatever the page does.
  const serverAnswer = await page.evaluate(async (login) => {
    const response = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login, password: 'not-the-code' }),
    });
    return response.status;
  }, account.login);
  assertEqual(serverAnswer, 401, 'login of a provisioned account with a wrong code');

  // A strong password, the charter accepted: the portal.
  t.step('choose a strong password');
  await password.fill(STRONG);
  await confirm.fill(STRONG);
  await expectVisible(page.locator('.checklist__item--met').first(), 'the checklist ticking met rules');
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await expectVisible(page.getByRole('heading', { level: 1, name: FR.greeting(firstName) }), 'the portal greeting after activation', 20_000);
  await expectPath(page, '/');
  await checkA11y(t, page, 'portal after activation');

  // Log out, then log in with the new password; the activation code no longer works.
  await logoutViaUi(page);
  t.step('the activation code is spent');
  await submitLoginForm(page, account.login, activationCode);
  await expectText(page.locator('[aria-live="assertive"]'), 'Connexion impossible');
  await checkA11y(t, page, 'login page with an error');
  t.step('log in with the new password');
  await page.getByLabel(FR.password, { exact: true }).fill(STRONG);
  await page.getByRole('button', { name: FR.submitLogin, exact: true }).click();
  await expectVisible(page.getByRole('heading', { level: 1, name: FR.greeting(firstName) }), 'the portal after logging in with the new password', 20_000);
  const me = await page.evaluate(async () => ((await (await fetch('/api/v1/me')).json()) as { me: { login: string; profile: string } }).me);
  assertEqual(me.login, account.login, 'the logged-in login');
  assertEqual(me.profile, 'ELEVE', 'the new account profile');
});

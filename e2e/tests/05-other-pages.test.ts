import { DEMO, FR, apiLogin } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assertEqual, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

test('visitor pages: password forgotten, reset without token, activation without ticket, unknown address', async (t) => {
  const page = await t.newPage();

  await page.goto('/connexion');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await expectPath(page, '/mot-de-passe/oublie');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }), 'the password-forgotten page');
  await checkA11y(t, page, 'password forgotten');
  await page.getByLabel(FR.login, { exact: true }).fill(DEMO.eleve);
  await page.getByRole('button', { name: 'Recevoir un lien' }).click();
  await expectVisible(page.getByText('Demande enregistrée'), 'the neutral confirmation');
  await checkA11y(t, page, 'password forgotten (sent)');
  // The same answer for a login that does not exist: nothing is disclosed.
  // (Functions declared inside page.evaluate would break under tsx's __name helper: ask from Node.)
  const ask = async (login: string) => {
    const r = await page.request.post('/api/v1/auth/password/forgot', { data: { login } });
    return `${r.status()} ${await r.text()}`;
  };
  const answers = [await ask(DEMO.eleve), await ask('personne.inconnue')];
  assertEqual(answers[1], answers[0], 'the forgot-password answer for a known and an unknown login');

  await page.goto('/mot-de-passe/reinitialiser');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Nouveau mot de passe' }), 'the reset page');
  await expectVisible(page.getByRole('link', { name: 'Demander un nouveau lien' }), 'the link to ask again');
  await checkA11y(t, page, 'password reset without token');

  await page.goto('/activation');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Activation du compte' }), 'the activation page without ticket');
  await expectVisible(page.getByRole('link', { name: 'Aller à la page de connexion' }), 'the way back to the login page');
  await checkA11y(t, page, 'activation without ticket');

  const response = await page.goto('/nulle-part/ici');
  assertEqual(response?.status(), 200, 'the SPA answers unknown addresses with its page');
  await expectVisible(page.getByRole('heading', { level: 1, name: FR.notFound }), 'the not-found page');
  await checkA11y(t, page, 'unknown address');
});

test('each demo profile: portal tiles by profile; ADMC administration; my account', async (t) => {
  const expected: Record<string, { admin: boolean }> = {
    [DEMO.parent]: { admin: false },
    [DEMO.enseignant]: { admin: false },
    [DEMO.personnel]: { admin: false },
    [DEMO.admc]: { admin: true },
  };
  for (const [login, { admin }] of Object.entries(expected)) {
    t.step(`portal of ${login}`);
    const context = await t.newContext();
    const { me } = await apiLogin(context, login);
    const page = await context.newPage();
    await page.goto('/');
    await expectVisible(page.getByRole('heading', { level: 1, name: FR.greeting(me.firstName) }), `the greeting of ${login}`);
    const tiles = page.getByRole('region', { name: FR.apps });
    await expectVisible(tiles.getByRole('link', { name: new RegExp(`^${FR.annuaire}`) }), `the Annuaire tile of ${login}`);
    await expectVisible(tiles.getByRole('link', { name: new RegExp(`^${FR.account}`) }), `the Mon compte tile of ${login}`);
    assertEqual(await tiles.getByRole('link', { name: new RegExp(`^${FR.admin}`) }).count(), admin ? 1 : 0, `Administration tiles of ${login}`);
    await checkA11y(t, page, `portal of ${login} (${me.profile})`);

    if (login === DEMO.admc) {
      await tiles.getByRole('link', { name: new RegExp(`^${FR.admin}`) }).click();
      await expectPath(page, '/admin');
      const table = page.getByRole('table');
      await expectVisible(table.getByRole('link').first(), 'the structures of the collectivité');
      assertEqual(await table.getByRole('link').count(), 2, 'the demo lycées an ADMC administers');
      await expectVisible(page.getByRole('heading', { name: 'Nouvel établissement' }), 'the structure creation form');
      await checkA11y(t, page, 'admin home of an ADMC');
    }
    if (login === DEMO.enseignant) {
      await page.goto('/compte');
      await expectVisible(page.getByRole('heading', { level: 1, name: FR.account }), 'the account page');
      await expectText(page.locator('main'), login);
      await checkA11y(t, page, 'my account (desktop)');
    }
    await context.close();
  }
});

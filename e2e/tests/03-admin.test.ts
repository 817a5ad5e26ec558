import type { Page } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, FR, apiLogin, loginViaUi, uniqueLastName } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, eventually, expectAbsent, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/** Selects a tab of the structure page and waits for its panel. */
async function openTab(page: Page, name: string, query: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await expectPath(page, new RegExp(`[?&]onglet=${query}`));
  await expectVisible(page.getByRole('tabpanel', { name }), `the "${name}" panel`);
}

test('admin (demo.adml) creates a student account, finds it, blocks and unblocks it; a student has no admin', async (t) => {
  const adminContext = await t.newContext();
  const admin = (await apiLogin(adminContext, DEMO.adml)).me;
  await adminContext.close();
  const role = admin.adminRoles.find((r) => r.role === 'ADML');
  assert(role, 'demo.adml has an ADML role');
  const lycee = role.scopeName;

  const page = await t.newPage();
  await loginViaUi(page, DEMO.adml, DEMO_PASSWORD, admin.firstName);
  const tiles = page.getByRole('region', { name: FR.apps });
  await expectVisible(tiles.getByRole('link', { name: new RegExp(`^${FR.admin}`) }), 'the Administration tile');
  await checkA11y(t, page, 'portal of an ADML');

  // Administration → the lycée.
  t.step('open Administration');
  await tiles.getByRole('link', { name: new RegExp(`^${FR.admin}`) }).click();
  await expectPath(page, '/admin');
  await expectVisible(page.getByRole('heading', { level: 1, name: FR.admin }), 'the admin heading');
  const structureLink = page.getByRole('table').getByRole('link', { name: lycee });
  await expectVisible(structureLink, `the link to ${lycee}`);
  await checkA11y(t, page, 'admin home (structures)');

  t.step(`open ${lycee}`);
  await structureLink.click();
  await expectPath(page, /^\/admin\/etablissements\/[0-9a-f-]{36}/);
  await expectVisible(page.getByRole('heading', { level: 1, name: lycee }), 'the structure heading');
  await expectVisible(page.getByRole('tabpanel', { name: 'Classes' }).getByRole('table'), 'the classes table');
  await checkA11y(t, page, 'structure: classes');

  // Nouveau compte: a student in a class.
  t.step('create a student account');
  await openTab(page, 'Nouveau compte', 'nouveau-compte');
  const form = page.getByRole('tabpanel', { name: 'Nouveau compte' });
  await checkA11y(t, page, 'structure: new account form (empty)');
  // Submitting empty shows the required-field errors.
  await form.getByRole('button', { name: 'Créer le compte' }).click();
  await expectVisible(form.getByText('Ce champ est obligatoire.'), 'the required-field errors');
  await checkA11y(t, page, 'structure: new account form (errors)');

  const firstName = 'Timéo';
  const lastName = uniqueLastName();
  await form.getByLabel('Prénom', { exact: true }).fill(firstName);
  await form.getByLabel('Nom', { exact: true }).fill(lastName);
  await form.getByLabel('Profil', { exact: true }).selectOption({ label: 'Élève' });
  const classSelect = form.getByLabel('Classe', { exact: true });
  await expectVisible(classSelect, 'the class select of a student');
  const options = await eventually(
    'the lycée has classes to choose from',
    () =>
      classSelect.locator('option').evaluateAll((els) =>
        els.map((el) => ({ value: (el as HTMLOptionElement).value, label: el.textContent ?? '' })).filter((o) => o.value),
      ),
    (list) => list.length > 0,
  );
  const chosenClass = options[0]!;
  await classSelect.selectOption(chosenClass.value);
  await form.getByRole('button', { name: 'Créer le compte' }).click();

  await expectVisible(form.getByRole('heading', { name: 'Compte créé' }), 'the "Compte créé" result');
  const login = ((await form.getByTestId('generated-login').textContent()) ?? '').trim();
  const code = ((await form.getByTestId('activation-code').textContent()) ?? '').trim();
  t.step(`created ${login} with code ${code} in ${chosenClass.label}`);
  assert(/^[a-z0-9.-]+$/.test(login), `a generated login (prenom.nom): "${login}"`);
  assert(login.startsWith('timeo.'), `the login is made of the first name without accent: "${login}"`);
  assert(code.length >= 6, `an activation code: "${code}"`);
  await checkA11y(t, page, 'structure: account created (login and code)');

  // Comptes: the new account is listed, pending activation.
  t.step('find it in Comptes');
  await openTab(page, 'Comptes', 'comptes');
  const accounts = page.getByRole('tabpanel', { name: 'Comptes' });
  await accounts.getByRole('searchbox', { name: 'Rechercher un compte' }).fill(login);
  const row = accounts.getByRole('row').filter({ hasText: login });
  await expectVisible(row, `the row of ${login}`);
  await expectText(row, "En attente d'activation");
  await expectText(row, chosenClass.label);
  await expectText(accounts.locator('.result-count'), /^1 compte\.$/);
  await checkA11y(t, page, 'structure: accounts (filtered)');

  // Block, then unblock.
  const name = `${firstName} ${lastName}`;
  t.step('block it');
  await row.getByRole('button', { name: `Bloquer ${name}` }).click();
  await expectVisible(accounts.getByText(`Le compte de ${name} est bloqué`), 'the "blocked" notice');
  await expectText(row, 'Bloqué');
  await expectVisible(row.getByRole('button', { name: `Débloquer ${name}` }), 'the Débloquer button');
  await checkA11y(t, page, 'structure: account blocked');
  t.step('unblock it');
  await row.getByRole('button', { name: `Débloquer ${name}` }).click();
  await expectVisible(accounts.getByText(`Le compte de ${name} est débloqué`), 'the "unblocked" notice');
  await expectVisible(row.getByRole('button', { name: `Bloquer ${name}` }), 'the Bloquer button again');
  await expectText(row, "En attente d'activation");

  // Activations en attente: the account and its code, for printing.
  t.step('find it in Activations en attente');
  await openTab(page, 'Activations en attente', 'activations');
  const pending = page.getByRole('tabpanel', { name: 'Activations en attente' });
  await pending.getByLabel('Classe', { exact: true }).selectOption(chosenClass.value);
  const pendingRow = pending.getByRole('row').filter({ hasText: login });
  for (let i = 0; i < 20 && (await pendingRow.count()) === 0; i++) {
    const more = pending.getByRole('button', { name: 'Afficher plus' });
    if (await more.isVisible()) await more.click();
    else await page.waitForTimeout(250);
  }
  await expectVisible(pendingRow, `${login} among the pending activations`);
  await expectText(pendingRow, code);
  await expectVisible(pending.getByRole('button', { name: 'Imprimer' }), 'the print button');
  await checkA11y(t, page, 'structure: pending activations');

  // Classes: the activation letters of the new student's class, as a PDF.
  t.step(`download the activation letters of ${chosenClass.label}`);
  await openTab(page, 'Classes', 'classes');
  const classesPanel = page.getByRole('tabpanel', { name: 'Classes' });
  const classRow = classesPanel.getByRole('row').filter({ has: page.getByRole('rowheader', { name: chosenClass.label, exact: true }) });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    classRow.getByRole('button', { name: `PDF — lettres d’activation de la classe ${chosenClass.label}` }).click(),
  ]);
  assert(/^activation-.+\.pdf$/.test(download.suggestedFilename()), `a PDF file name: "${download.suggestedFilename()}"`);
  const pdfPath = await download.path();
  const { readFile } = await import('node:fs/promises');
  const pdf = await readFile(pdfPath);
  assertEqual(pdf.subarray(0, 5).toString(), '%PDF-', 'the start of the downloaded file');
  await expectVisible(classesPanel.getByText(/Lettres d’activation de la classe .+ téléchargées\./), 'the "downloaded" notice');
  await checkA11y(t, page, 'structure: classes after downloading letters');

  // The new account logs in with its code (it was unblocked).
  const check = await t.newContext();
  const response = await check.request.post('/api/v1/auth/login', { data: { login, password: code } });
  assertEqual(response.status(), 200, 'login of the unblocked account with its code');
  assertEqual(((await response.json()) as { kind: string }).kind, 'activation', 'the answer to a first login');
  await check.close();

  // A student sees no administration.
  t.step('demo.eleve has no admin');
  const studentContext = await t.newContext();
  const studentPage = await studentContext.newPage();
  const student = (await apiLogin(studentContext, DEMO.eleve)).me;
  await studentPage.goto('/');
  await expectVisible(studentPage.getByRole('heading', { level: 1, name: FR.greeting(student.firstName) }), 'the student portal');
  assertEqual(await studentPage.getByRole('link', { name: new RegExp(`^${FR.admin}`) }).count(), 0, 'Administration links for demo.eleve');
  await studentPage.goto('/admin');
  await expectVisible(studentPage.getByRole('heading', { level: 1, name: FR.notFound }), 'the not-found page on /admin');
  await expectAbsent(studentPage.getByRole('table'), 'an admin table for demo.eleve');
  await expectAbsent(studentPage.getByText(lycee).and(studentPage.getByRole('link')), 'a link to the lycée admin');
  await checkA11y(t, studentPage, '/admin as demo.eleve');
  const structurePath = new URL(page.url()).pathname;
  await studentPage.goto(structurePath);
  await expectVisible(studentPage.getByRole('heading', { level: 1, name: FR.notFound }), `the not-found page on ${structurePath}`);
  await expectAbsent(studentPage.getByRole('tab'), 'the admin tabs for demo.eleve');
  for (const path of ['/api/v1/admin/structures', `/api/v1/admin/structures/${structurePath.split('/').pop()}/accounts`]) {
    const denied = await studentContext.request.get(path);
    assert([403, 404].includes(denied.status()), `GET ${path} as demo.eleve: expected 403 or 404, got ${denied.status()}`);
  }
});

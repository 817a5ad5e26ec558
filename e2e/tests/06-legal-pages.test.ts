import { checkA11y } from '../lib/axe.ts';
import { expectPath, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

test('legal notice and accessibility statement: reachable from the login page footer, without an account, in French and English', async (t) => {
  const page = await t.newPage();
  await page.goto('/connexion');
  const footer = page.getByRole('navigation', { name: 'Informations légales' });

  t.step('personal data page');
  await footer.getByRole('link', { name: 'Données personnelles' }).click();
  await expectPath(page, '/donnees-personnelles');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Informations légales et données personnelles' }), 'the legal page heading');
  await expectVisible(page.getByRole('heading', { level: 2, name: 'Durées de conservation' }), 'the retention section');
  await expectVisible(page.getByText(/arrêté du 30 novembre 2006/), 'the reference to the ENT act');
  await checkA11y(t, page, 'legal notice (fr)');

  t.step('accessibility statement');
  await footer.getByRole('link', { name: 'Accessibilité : non conforme' }).click();
  await expectPath(page, '/accessibilite');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' }), 'the statement heading');
  await expectVisible(page.getByRole('heading', { level: 2, name: 'Voies de recours' }), 'the remedies section');
  await checkA11y(t, page, 'accessibility statement (fr)');

  t.step('in English');
  const english = await t.newContext({ locale: 'en-GB' });
  const enPage = await english.newPage();
  await enPage.goto('/accessibilite');
  await expectVisible(enPage.getByRole('heading', { level: 1, name: 'Accessibility statement' }), 'the English heading');
  await expectVisible(enPage.getByRole('navigation', { name: 'Legal information' }).getByRole('link', { name: 'Personal data' }), 'the English footer link');
  await checkA11y(t, enPage, 'accessibility statement (en)');
  await english.close();
});

import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Support set-up (issue 18) on /support: the lycée's ADML lets its students report faults, and a student then finds
 * the form; the ADMC sets the targets per priority, creates a team per area, and is asked to confirm before taking
 * a technician's role back. Axe at desktop and phone sizes; no horizontal scroll on a phone.
 */

const PHONE = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test('support set-up: the ADML lets students report; the ADMC sets targets and teams', async (t) => {
  const suffix = uniqueSuffix();

  t.step('the ADML lets the lycée’s students report faults; a student then finds the form');
  const admlContext = await t.newContext();
  const admlSession = await apiLogin(admlContext, DEMO.adml);
  await admlContext.close();
  const adml = await t.newPage();
  await loginViaUi(adml, DEMO.adml, DEMO_PASSWORD, admlSession.me.firstName);
  await adml.goto('/support');
  await expectVisible(adml.getByRole('heading', { name: /^Signalements des élèves/ }), 'the students setting');
  const allow = adml.getByLabel('Les élèves peuvent signaler une panne');
  await checkA11y(t, adml, 'support set-up (ADML)');
  if (await allow.isChecked()) {
    await allow.uncheck();
    await expectVisible(adml.getByText('Les élèves de l’établissement ne peuvent plus signaler de panne.'), 'students refused first');
  }
  await allow.check();
  await expectVisible(adml.getByText('Les élèves de l’établissement peuvent maintenant signaler une panne.'), 'the setting saved');

  const studentContext = await t.newContext();
  const studentSession = await apiLogin(studentContext, DEMO.eleve);
  await studentContext.close();
  const student = await t.newPage();
  await loginViaUi(student, DEMO.eleve, DEMO_PASSWORD, studentSession.me.firstName);
  await student.goto('/support');
  await expectVisible(student.getByRole('button', { name: 'Envoyer le signalement' }), 'the report form, for a student now');

  await adml.getByLabel('Les élèves peuvent signaler une panne').uncheck();
  await expectVisible(adml.getByText('Les élèves de l’établissement ne peuvent plus signaler de panne.'), 'students refused again');
  await student.reload();
  await expectVisible(student.getByText(/les élèves ne signalent pas eux-mêmes les pannes/), 'the student is told he may not, and whom to ask');

  t.step('the ADMC sets the targets, creates a team, and is asked to confirm before taking a role back');
  const admcContext = await t.newContext();
  const admcSession = await apiLogin(admcContext, DEMO.admc);
  await admcContext.close();
  const admc = await t.newPage();
  await loginViaUi(admc, DEMO.admc, DEMO_PASSWORD, admcSession.me.firstName);
  await admc.goto('/support');
  const targets = admc.getByRole('form', { name: 'Délais visés par priorité' });
  await expectVisible(targets, 'the targets form');
  const high = targets.getByRole('group', { name: 'Priorité haute' });
  await high.getByLabel('Prise en compte (heures)').fill('2');
  await high.getByLabel('Résolution (heures)').fill('8,5');
  await targets.getByRole('button', { name: 'Enregistrer les délais' }).click();
  await expectVisible(targets.getByText('Délais enregistrés.'), 'the targets saved');
  await high.getByLabel('Résolution (heures)').fill('abc');
  await targets.getByRole('button', { name: 'Enregistrer les délais' }).click();
  await expectVisible(targets.getByText(/Indiquez un nombre d’heures/).first(), 'a wrong number is said');
  await high.getByLabel('Résolution (heures)').fill('24');
  await targets.getByRole('button', { name: 'Enregistrer les délais' }).click();
  await expectVisible(targets.getByText('Délais enregistrés.'), 'the targets saved again');
  await checkA11y(t, admc, 'support set-up (ADMC)');

  const teamName = `Secteur e2e ${suffix}`;
  await admc.getByRole('button', { name: 'Nouvelle équipe' }).click();
  const dialog = admc.getByRole('dialog');
  await dialog.getByLabel('Nom de l’équipe').fill(teamName);
  await checkA11y(t, admc, 'support set-up (new team)');
  await dialog.getByRole('button', { name: 'Enregistrer l’équipe' }).click();
  await expectVisible(admc.getByRole('heading', { name: teamName }), 'the new team listed');

  const technicians = admc.locator('.card').filter({ has: admc.getByRole('heading', { name: 'Techniciens de la collectivité' }) });
  await technicians.getByRole('button', { name: /^Retirer le rôle de / }).first().click();
  const confirm = admc.getByRole('alertdialog');
  await expectVisible(confirm.getByText('ne verra plus les signalements'), 'the revocation asks first');
  await checkA11y(t, admc, 'support set-up (revoke confirmation)');
  await confirm.getByRole('button', { name: 'Annuler' }).click();
  await expectVisible(technicians.getByRole('button', { name: /^Retirer le rôle de / }).first(), 'cancelled: the technician stays');

  t.step('the ADMC sees the région-wide totals of the equipment on the admin home');
  await admc.goto('/admin');
  await expectVisible(admc.getByRole('heading', { name: /^Matériel de la collectivité/ }), 'the totals card');
  await expectVisible(admc.getByRole('table', { name: 'Matériel par établissement et par état' }).or(admc.getByText('Aucun matériel inventorié')).first(), 'a row per school, or what to do');
  await checkA11y(t, admc, 'admin home with inventory totals (ADMC)');

  t.step('phone size');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.admc, DEMO_PASSWORD, admcSession.me.firstName);
  await phone.goto('/support');
  await expectVisible(phone.getByRole('form', { name: 'Délais visés par priorité' }), 'the targets on a phone');
  await checkA11y(t, phone, 'support set-up (ADMC, phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
});

import { DEMO, DEMO_PASSWORD, adminStructure, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * GAR responsables d'affectation (issue 14): the ADMC opens the lycée's
 * "Médiacentre (GAR)" tab, finds a teacher by name and names him; the
 * lycée's ADML sees him on a phone, without the means to change it; the ADMC
 * removes him after a confirmation. Axe at desktop and phone sizes.
 */

const PHONE = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test('GAR: the ADMC names a responsable d’affectation, the ADML sees him, the ADMC removes him', async (t) => {
  const context = await t.newContext();
  const admlSession = await apiLogin(context, DEMO.adml);
  const structure = await adminStructure(admlSession);
  await context.close();
  // A context of its own: a second login beside a live session is refused (CSRF).
  const admcContext = await t.newContext();
  const admc = await apiLogin(admcContext, DEMO.admc);
  // A teacher with an e-mail (the GAR needs one; the demo's accounts have none).
  const lastName = `Garnier${uniqueSuffix()}`;
  const created = await admc.request.fetch(`/api/v1/admin/structures/${structure.id}/accounts`, {
    method: 'POST',
    headers: { 'X-CSRF-Token': admc.csrfToken },
    data: { firstName: 'Anne', lastName, profile: 'ENSEIGNANT', email: `anne.${lastName.toLowerCase()}@example.org` },
  });
  assert(created.ok(), `the teacher is created: ${created.status()} ${await created.text()}`);
  await admcContext.close();
  const name = `Anne ${lastName}`;
  const url = `/admin/etablissements/${structure.id}?onglet=gar`;

  const page = await t.newPage();
  await loginViaUi(page, DEMO.admc, DEMO_PASSWORD, admc.me.firstName);
  await page.goto(url);
  const panel = page.getByRole('tabpanel', { name: 'Médiacentre (GAR)' });
  await expectVisible(panel.getByRole('heading', { name: 'Responsables d’affectation' }), 'the responsables card');
  await checkA11y(t, page, 'GAR tab (ADMC)');

  t.step('find the teacher and name him');
  await panel.getByLabel('Nom de la personne').fill(lastName);
  await panel.getByRole('button', { name: `Nommer ${name}` }).click();
  await expectVisible(panel.getByRole('button', { name: `Retirer ${name}` }), 'the named teacher in the list');
  await checkA11y(t, page, 'GAR tab: one named');

  t.step('the ADML sees him on a phone, and cannot change it');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.adml, DEMO_PASSWORD, admlSession.me.firstName);
  await phone.goto(url);
  const admlPanel = phone.getByRole('tabpanel', { name: 'Médiacentre (GAR)' });
  await expectVisible(admlPanel.getByText(name), 'the named teacher, seen by the ADML');
  assertEqual(await admlPanel.getByRole('button', { name: `Retirer ${name}` }).count(), 0, 'no remove button for the ADML');
  assertEqual(await admlPanel.getByLabel('Nom de la personne').count(), 0, 'no naming form for the ADML');
  await checkA11y(t, phone, 'GAR tab (ADML, phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);

  t.step('the ADMC removes him after confirming');
  await panel.getByRole('button', { name: `Retirer ${name}` }).click();
  const dialog = page.getByRole('alertdialog', { name: `Retirer ${name} des responsables d’affectation ?` });
  await expectVisible(dialog, 'the confirmation');
  await checkA11y(t, page, 'GAR tab: remove confirmation');
  await dialog.getByRole('button', { name: 'Retirer', exact: true }).click();
  await page.getByRole('button', { name: `Retirer ${name}` }).waitFor({ state: 'detached' });
});

import { deflateSync } from 'node:zlib';
import { DEMO, DEMO_PASSWORD, adminStructure, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Inventory (issue 18): the lycée's ADML opens the Inventaire tab, enters a
 * projector in B102, creates agent credentials (shown once), a computer's
 * agent reports with them (the FusionInventory wire format, zlib), the machine
 * appears; the room's view prints its labels (PDF); the credentials are
 * revoked after a confirmation. Axe at desktop
 * and phone sizes.
 */

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test('inventory: the ADML enters a projector, enrols an agent that reports a computer, then revokes it', async (t) => {
  const context = await t.newContext();
  const session = await apiLogin(context, DEMO.adml);
  const structure = await adminStructure(session);
  await context.close();
  const suffix = uniqueSuffix();
  const url = `/admin/etablissements/${structure.id}?onglet=inventaire`;

  const page = await t.newPage();
  await loginViaUi(page, DEMO.adml, DEMO_PASSWORD, session.me.firstName);
  await page.goto(url);
  const panel = page.getByRole('tabpanel', { name: 'Inventaire' });
  await expectVisible(panel.getByRole('heading', { name: 'Équipements de l’établissement' }), 'the equipment card');
  await checkA11y(t, page, 'inventory tab');

  t.step('enter a projector in B102');
  const projector = `Vidéoprojecteur B102 ${suffix}`;
  const addForm = panel.getByRole('form').or(panel.locator('form')).filter({ has: page.getByRole('button', { name: 'Ajouter', exact: true }) });
  await addForm.getByLabel('Type', { exact: true }).selectOption({ label: 'Vidéoprojecteur' });
  await addForm.getByLabel('Nom', { exact: true }).fill(projector);
  await addForm.getByLabel('Salle', { exact: true }).fill('B102');
  await addForm.getByRole('button', { name: 'Ajouter', exact: true }).click();
  await expectVisible(panel.getByText(`« ${projector} » est ajouté à l’inventaire.`), 'the confirmation');
  await expectVisible(panel.getByRole('rowheader', { name: projector }), 'the projector in the list');
  await checkA11y(t, page, 'inventory: projector added');

  t.step('the room’s view, and its labels with a QR code each (PDF)');
  const labelsButton = panel.getByRole('button', { name: 'Imprimer les étiquettes de la salle' });
  assert(await labelsButton.isDisabled(), 'no labels before a room is chosen');
  await panel.getByLabel('Filtrer par salle', { exact: true }).fill('B102');
  await expectVisible(panel.getByRole('rowheader', { name: projector }), 'the projector in the B102 view');
  const [download] = await Promise.all([page.waitForEvent('download'), labelsButton.click()]);
  assert(/^etiquettes-.+-B102\.pdf$/.test(download.suggestedFilename()), `the labels file name: "${download.suggestedFilename()}"`);
  const { readFile } = await import('node:fs/promises');
  assertEqual((await readFile(await download.path())).subarray(0, 5).toString(), '%PDF-', 'the start of the labels file');
  await checkA11y(t, page, 'inventory: room view');
  await panel.getByLabel('Filtrer par salle', { exact: true }).fill('');

  t.step('create agent credentials');
  await panel.getByLabel('Nom de l’identifiant', { exact: true }).fill(`Salle B102 ${suffix}`);
  await panel.getByRole('button', { name: 'Créer un identifiant' }).click();
  await expectVisible(panel.getByText('Copiez ces réglages maintenant'), 'the settings shown once');
  const settings = (await panel.locator('pre').textContent()) ?? '';
  const user = /user = (\S+)/.exec(settings)?.[1];
  const password = /password = (\S+)/.exec(settings)?.[1];
  assert(user && password, `the settings hold a user and a password: ${settings}`);
  await checkA11y(t, page, 'inventory: credentials shown');

  t.step('a computer’s agent reports with them (PROLOG, then a zlib INVENTORY)');
  const origin = new URL(page.url()).origin;
  const hostname = `salle-b102-pc${suffix}`.toLowerCase();
  const post = async (xml: string) =>
    fetch(`${origin}/inventory/agent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-compress-zlib', authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      body: deflateSync(xml),
    });
  const deviceId = `${hostname}-2026-12-07-08-00-00`;
  assertEqual((await post(`<REQUEST><DEVICEID>${deviceId}</DEVICEID><QUERY>PROLOG</QUERY><TOKEN>12345678</TOKEN></REQUEST>`)).status, 200, 'PROLOG answered');
  const inventory = `<?xml version="1.0" encoding="UTF-8" ?><REQUEST><CONTENT><BIOS><SSN>E2E${suffix}</SSN><SMANUFACTURER>Dell Inc.</SMANUFACTURER><SMODEL>OptiPlex 7010</SMODEL></BIOS><HARDWARE><NAME>${hostname}</NAME><MEMORY>7856</MEMORY></HARDWARE><VERSIONCLIENT>FusionInventory-Agent_v2.6-3</VERSIONCLIENT></CONTENT><DEVICEID>${deviceId}</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>`;
  assertEqual((await post(inventory)).status, 200, 'INVENTORY accepted');
  await page.reload();
  await expectVisible(page.getByRole('tabpanel', { name: 'Inventaire' }).getByRole('rowheader', { name: hostname }), 'the reported computer in the list');

  t.step('revoke the credentials, after a confirmation');
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `Salle B102 ${suffix}` }) });
  await row.getByRole('button', { name: 'Révoquer' }).click();
  const dialog = page.getByRole('alertdialog');
  await expectVisible(dialog.getByText('ne pourront plus envoyer leur inventaire'), 'the revocation warning');
  await checkA11y(t, page, 'inventory: revoke confirmation');
  await dialog.getByRole('button', { name: 'Révoquer' }).click();
  await expectVisible(row.getByText(/^Révoqué le/), 'the credentials revoked');
  assertEqual((await post(inventory)).status, 401, 'the agent is refused once revoked');

  t.step('phone size');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.adml, DEMO_PASSWORD, session.me.firstName);
  await phone.goto(url);
  await expectVisible(phone.getByRole('tabpanel', { name: 'Inventaire' }).getByRole('rowheader', { name: projector }), 'the projector on a phone');
  await checkA11y(t, phone, 'inventory tab (phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
});

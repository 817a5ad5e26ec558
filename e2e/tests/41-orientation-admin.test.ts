import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectAbsent, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';
import { repoRoot } from '../lib/paths.ts';

/**
 * Orientation administration (issue 17): the ADMC uploads the Onisep files from the admin area, follows the
 * import and reads its report, rejected rows and history; the head of the school sets the orientation calendar,
 * which a student reads. Axe at desktop and phone sizes.
 */

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** The sample catalogue the demo server loaded: uploading it again changes nothing. */
const SAMPLES = ['actions-de-formation.csv', 'etablissements.json', 'formations.csv', 'metiers.xml'].map((name) => join(repoRoot, 'docs/orientation/samples', name));

test('orientation admin: the ADMC uploads the Onisep files, follows the import, reads its report, rejected rows and history', async (t) => {
  const probe = await t.newContext();
  const admc = (await apiLogin(probe, DEMO.admc)).me;
  await probe.close();
  // A formations file whose one row has no label: rejected, and the file, far from complete, withdraws nothing.
  const folder = mkdtempSync(join(tmpdir(), 'preau-e2e-onisep-'));
  const partial = join(folder, 'formations-partielles.csv');
  writeFileSync(partial, 'libelle_formation_principal;sigle_type_formation;url_et_id_onisep\n;BTS;https://www.onisep.fr/x/FOR.1001\n');

  const page = await t.newPage();
  await loginViaUi(page, DEMO.admc, DEMO_PASSWORD, admc.firstName);
  t.step('open the Onisep catalogue from the admin area');
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Catalogue Onisep' }).click();
  await expectPath(page, '/admin/onisep');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Catalogue Onisep' }), 'the catalogue page');
  await checkA11y(t, page, 'onisep imports');

  t.step('no file: the form says so');
  await page.getByRole('button', { name: 'Importer' }).click();
  await expectVisible(page.getByText('Choisissez au moins un fichier de l’Onisep.'), 'the "file required" error');

  t.step('upload the four sample files and a partial file');
  await page.getByLabel('Fichiers (.csv, .json ou .xml)', { exact: true }).setInputFiles([...SAMPLES, partial]);
  await page.getByRole('button', { name: 'Importer' }).click();
  await expectPath(page, /^\/admin\/onisep\/[0-9a-f-]{36}$/, 30_000);
  const jobId = page.url().split('/').at(-1)!;
  await expectVisible(page.getByText('Import terminé.'), 'the import ends', 60_000);
  const report = page.getByRole('table', { name: 'Ce que chaque fichier a changé dans le catalogue' });
  await expectText(report.getByRole('row').filter({ hasText: 'formations-partielles.csv' }), /Formations/);
  await expectText(report.getByRole('row').filter({ hasText: 'metiers.xml' }), /Métiers/);
  await expectVisible(page.getByText('Trop d’entrées manquent dans ce fichier : il semble incomplet, rien n’a été retiré du catalogue.'), 'the partial file withdraws nothing');
  await expectVisible(page.getByRole('heading', { name: '1 ligne rejetée' }), 'the rejected rows card');
  const rejected = page.getByRole('table', { name: 'Lignes rejetées, avec la raison' }).getByRole('row').filter({ hasText: 'formations-partielles.csv' });
  await expectText(rejected, /libelle_formation_principal: empty/);
  await checkA11y(t, page, 'onisep import report');

  t.step('the history lists the import');
  await page.getByRole('link', { name: 'Nouvel import' }).click();
  await expectPath(page, '/admin/onisep');
  const history = page.getByRole('table', { name: 'Liste des derniers imports' });
  await expectVisible(history.getByRole('link').first(), 'the history');
  const latest = await page.evaluate(async () => (await (await fetch('/api/v1/orientation/imports')).json()) as { items: { id: string; rejected: number; rows: number }[] });
  assertEqual(latest.items[0]?.id, jobId, 'the newest import first');
  assertEqual(latest.items[0]?.rejected, 1, 'its rejected row counted');

  t.step('phone size: the report reads without sideways scrolling');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.admc, DEMO_PASSWORD, admc.firstName);
  await phone.goto(`/admin/onisep/${jobId}`);
  await expectVisible(phone.getByText('Import terminé.'), 'the report on a phone');
  await checkA11y(t, phone, 'onisep import report (phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
  await phone.goto('/admin/onisep');
  await checkA11y(t, phone, 'onisep imports (phone)');
});

test('orientation calendar: the head adds a date, a student reads it on a phone, the head removes it after confirming', async (t) => {
  const headContext = await t.newContext();
  const head = await apiLogin(headContext, DEMO.adml);
  await headContext.close();
  const label = `Saisie des vœux ${Date.now()}`;
  // Left as found: the date is taken out whatever happens.
  t.defer(async () => {
    const cleanup = await t.newContext();
    const session = await apiLogin(cleanup, DEMO.adml);
    const list = (await (await cleanup.request.get('/api/v1/orientation/calendars')).json()) as { items: { deadlines: { id: string; label: string }[] }[] };
    for (const deadline of list.items.flatMap((c) => c.deadlines).filter((d) => d.label === label)) {
      await cleanup.request.delete(`/api/v1/orientation/deadlines/${deadline.id}`, { headers: { 'x-csrf-token': session.csrfToken } });
    }
    await cleanup.close();
  });
  const day = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);

  const page = await t.newPage();
  await loginViaUi(page, DEMO.adml, DEMO_PASSWORD, head.me.firstName);
  await page.goto('/orientation');
  t.step('the head adds a date');
  const card = page.getByRole('region', { name: /^Calendrier d’orientation/ }).first();
  await card.getByLabel('Date', { exact: true }).fill(day);
  await card.getByRole('textbox', { name: /^Ce qui a lieu ce jour-là/ }).fill(label);
  await card.getByRole('button', { name: 'Ajouter la date' }).click();
  await expectVisible(card.getByText(`« ${label} » est ajoutée au calendrier.`), 'the date is confirmed');
  await expectVisible(card.getByRole('listitem').filter({ hasText: label }), 'the date in the calendar');
  await checkA11y(t, page, 'orientation calendar (head)');

  t.step('a student of the school reads it on a phone, without the form');
  const studentContext = await t.newContext();
  const student = (await apiLogin(studentContext, DEMO.eleve)).me;
  await studentContext.close();
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.eleve, DEMO_PASSWORD, student.firstName);
  await phone.goto('/orientation');
  const seen = phone.getByRole('region', { name: /^Calendrier d’orientation/ });
  await expectVisible(seen.getByRole('listitem').filter({ hasText: label }), 'the date for the student');
  assertEqual(await seen.getByRole('button', { name: 'Ajouter la date' }).count(), 0, 'no form for a student');
  assertEqual(await seen.getByRole('button', { name: /^Retirer/ }).count(), 0, 'no removal for a student');
  await checkA11y(t, phone, 'orientation calendar (student, phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);

  t.step('the head removes it after confirming');
  await card.getByRole('button', { name: `Retirer « ${label} »` }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Retirer cette date du calendrier ?' });
  await expectText(dialog, /les élèves et leurs parents seront prévenus/);
  await checkA11y(t, page, 'orientation calendar: remove confirmation');
  await dialog.getByRole('button', { name: 'Retirer', exact: true }).click();
  await expectAbsent(card.getByRole('listitem').filter({ hasText: label }), 'the date, gone from the calendar');
});

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, eventually, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';
import { repoRoot } from '../lib/paths.ts';

/** CRC-32 (zip's), table-driven. */
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A zip archive of stored (uncompressed) entries: enough for the import, no library needed. */
function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(file.data.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, file.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(file.data.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + file.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const AAF_DRY_RUN = 'Simulation : montrer le rapport sans rien enregistrer';

/** The six "complet" fixture files of the AAF tests: two new lycées of the Rennes academy, 3 students, 3 parents, 3 staff. */
function fixtureArchive(): string {
  const folder = join(repoRoot, 'apps/server/test/fixtures/aaf/complet');
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.xml'))
    .map((name) => ({ name, data: readFileSync(join(folder, name)) }));
  assertEqual(files.length, 6, 'AAF fixture files');
  const path = join(mkdtempSync(join(tmpdir(), 'preau-e2e-aaf-')), 'ENT2D.20260901.zip');
  writeFileSync(path, zip(files));
  return path;
}

test('the ADMC uploads an AAF archive, watches the progress, reads the report and downloads the activation letters of an imported class', async (t) => {
  const probe = await t.newContext();
  const admc = (await apiLogin(probe, DEMO.admc)).me;
  await probe.close();
  const archive = fixtureArchive();

  const page = await t.newPage();
  await loginViaUi(page, DEMO.admc, DEMO_PASSWORD, admc.firstName);
  await page.goto('/admin');
  t.step('open the imports page from the admin home');
  await page.getByRole('link', { name: 'Imports de comptes', exact: true }).click();
  await expectPath(page, '/admin/imports');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Imports de comptes' }), 'the imports heading');
  await checkA11y(t, page, 'imports: upload form and history');

  // A simulation by default; submitting without a file says so.
  await page.getByRole('button', { name: 'Lancer la simulation', exact: true }).first().click();
  await expectVisible(page.getByText('Choisissez un fichier.'), 'the "file required" error');
  await checkA11y(t, page, 'imports: form error');

  t.step('upload the archive for real (keyboard submit): a confirmation first, which says no simulation was run');
  await page.getByLabel('Archive ou fichier AAF').setInputFiles(archive);
  await page.getByText(AAF_DRY_RUN, { exact: true }).click();
  await page.getByRole('button', { name: 'Lancer l’import', exact: true }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Importer pour de vrai ?' });
  await expectVisible(confirm.getByText('Ce fichier n’a pas encore été simulé'), 'the confirmation, without a simulation');
  await checkA11y(t, page, 'imports: confirmation of a real import');
  await confirm.getByRole('button', { name: 'Importer pour de vrai' }).click();
  await expectPath(page, /^\/admin\/imports\/[0-9a-f-]{36}$/, 30_000);
  const jobId = new URL(page.url()).pathname.split('/').pop()!;

  const bar = page.getByRole('progressbar');
  await expectVisible(bar, 'the progress bar');
  const seen = new Set<number>();
  await eventually(
    'the progress bar reaches 100',
    async () => {
      const value = Number(await bar.getAttribute('aria-valuenow'));
      seen.add(value);
      return value;
    },
    (value) => value === 100,
    60_000,
  );
  t.step(`progress values seen: ${[...seen].sort((a, b) => a - b).join(', ')}`);
  assert(/6 fichier\(s\) sur 6 lu\(s\)/.test((await bar.getAttribute('aria-valuetext')) ?? ''), 'the bar says 6 of 6 files read');
  await expectVisible(page.getByText('Import terminé.').first(), 'the "finished" message');
  await checkA11y(t, page, 'import: finished with report');

  // Per-file progress and the report.
  const files = page.getByRole('region', { name: 'Progression par fichier' });
  await expectVisible(files.getByRole('row').filter({ hasText: 'ENT_Complet_20260901_Eleve_0000.xml' }), 'the Eleve file row');
  await expectText(files.getByRole('row').filter({ hasText: 'ENT_Complet_20260901_Eleve_0000.xml' }), 'Lu');
  const summary = page.getByRole('table', { name: 'Résumé par type et par action' });
  const students = summary.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Élèves', exact: true }) });
  const cells = await students.getByRole('cell').allTextContents();
  // Created on a fresh demo; unchanged when the server already had them (E2E_BASE_URL).
  assert(cells[0] === '3' || cells[2] === '3', `3 students created or unchanged: ${JSON.stringify(cells)}`);
  await expectVisible(page.getByText('Aucun enregistrement rejeté.'), 'no rejection');

  t.step('download the JSON report');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le rapport (JSON)' }).click()]);
  assertEqual(download.suggestedFilename(), `import-aaf-${jobId}.json`, 'the report file name');
  const report = JSON.parse(await readFile(await download.path(), 'utf8')) as { academy: string; counts: Record<string, Record<string, number>>; files: unknown[] };
  assertEqual(report.academy, 'AC-RENNES', 'the academy of the report');
  assertEqual(report.files.length, 6, 'files in the report');
  assertEqual((report.counts.STUDENT!.created ?? 0) + (report.counts.STUDENT!.unchanged ?? 0), 3, 'students in the report');

  t.step('the import is in the history');
  await page.getByRole('link', { name: 'Nouvel import' }).click();
  await expectPath(page, '/admin/imports');
  const history = page.getByRole('region', { name: 'Imports récents' });
  const historyRow = history.getByRole('row').filter({ hasText: 'ENT2D.20260901.zip' }).first();
  await expectVisible(historyRow, 'the import in the history');
  await expectText(historyRow, 'Terminé');
  await checkA11y(t, page, 'imports: history with the import');

  t.step('phone width: the report page');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`/admin/imports/${jobId}`);
  await expectVisible(page.getByRole('table', { name: 'Résumé par type et par action' }), 'the summary on a phone');
  const overflow = await horizontalOverflow(page);
  assert(overflow.scrollWidth <= overflow.innerWidth, `no sideways scrolling on a phone (${overflow.widest})`);
  await checkA11y(t, page, 'import report at phone width');
  await page.setViewportSize({ width: 1280, height: 900 });

  t.step('activation letters of an imported class');
  await page.goto('/admin');
  await page.getByRole('table').getByRole('link', { name: 'LYCEE JULES-VERNE', exact: true }).click();
  await expectPath(page, /^\/admin\/etablissements\/[0-9a-f-]{36}/);
  await expectVisible(page.getByRole('heading', { level: 1, name: 'LYCEE JULES-VERNE' }), 'the imported structure');
  const classes = page.getByRole('tabpanel', { name: 'Classes' });
  const classRow = classes.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'SECONDE 1', exact: true }) });
  await expectVisible(classRow, 'the imported class SECONDE 1');
  await expectVisible(classRow.getByRole('cell', { name: 'Paul DURAND', exact: true }), 'its professeur principal, from ENTAuxEnsClassesPrincipal');
  await checkA11y(t, page, 'imported structure: classes');
  const [letters] = await Promise.all([
    page.waitForEvent('download'),
    classRow.getByRole('button', { name: 'PDF — lettres d’activation de la classe SECONDE 1' }).click(),
  ]);
  const pdf = await readFile(await letters.path());
  assertEqual(pdf.subarray(0, 5).toString(), '%PDF-', 'the start of the activation letters');
  await expectVisible(classes.getByText(/Lettres d’activation de la classe SECONDE 1 téléchargées\./), 'the "downloaded" notice');
  await checkA11y(t, page, 'imported structure: letters downloaded');
  const structureUrl = new URL(page.url()).pathname;

  t.step('a later complet file of students without Tom PETIT (academy typed in the form)');
  await page.goto('/admin/imports');
  await page.getByLabel('Archive ou fichier AAF').setInputFiles(join(repoRoot, 'apps/server/test/fixtures/aaf/departure/ENT_Complet_20261101_Eleve_0000.xml'));
  await page.getByLabel('Académie (facultatif)').fill('RENNES');
  await page.getByRole('button', { name: 'Lancer la simulation', exact: true }).first().click();
  await expectPath(page, /^\/admin\/imports\/[0-9a-f-]{36}$/, 30_000);
  await eventually('the simulation ends', async () => Number(await page.getByRole('progressbar').getAttribute('aria-valuenow')), (v) => v === 100, 60_000);

  t.step('then for real: the confirmation states what the simulation announced (one student leaving)');
  await page.goto('/admin/imports');
  await page.getByLabel('Archive ou fichier AAF').setInputFiles(join(repoRoot, 'apps/server/test/fixtures/aaf/departure/ENT_Complet_20261101_Eleve_0000.xml'));
  await page.getByLabel('Académie (facultatif)').fill('RENNES');
  await page.getByText(AAF_DRY_RUN, { exact: true }).click();
  await page.getByRole('button', { name: 'Lancer l’import', exact: true }).click();
  const confirmLeaving = page.getByRole('alertdialog', { name: 'Importer pour de vrai ?' });
  await expectVisible(confirmLeaving.getByText('1 compte partant'), 'the departures the simulation announced');
  await checkA11y(t, page, 'imports: confirmation with the simulated departures');
  await confirmLeaving.getByRole('button', { name: 'Importer pour de vrai' }).click();
  await expectPath(page, /^\/admin\/imports\/[0-9a-f-]{36}$/, 30_000);
  await eventually('the second import ends', async () => Number(await page.getByRole('progressbar').getAttribute('aria-valuenow')), (v) => v === 100, 60_000);
  const leavingCells = await page
    .getByRole('table', { name: 'Résumé par type et par action' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Élèves', exact: true }) })
    .getByRole('cell')
    .allTextContents();
  assertEqual(leavingCells[3], '1', 'students leaving in the report');

  t.step('the structure lists him among the departures, with his dates');
  await page.goto(`${structureUrl}?onglet=comptes`);
  const accounts = page.getByRole('tabpanel', { name: 'Comptes' });
  await accounts.getByLabel('Départs', { exact: true }).selectOption({ label: 'Partants seulement' });
  const tom = accounts.getByRole('row').filter({ hasText: 'PETIT Tom' });
  await expectVisible(tom, 'Tom PETIT among the departures');
  await expectText(tom, /Départ.*Absent de l’AAF depuis le .+ ; bloqué à partir du .+, supprimé à partir du .+\./);
  await expectText(accounts.locator('.result-count'), /^1 compte\.$/);
  await checkA11y(t, page, 'imported structure: accounts leaving');
});

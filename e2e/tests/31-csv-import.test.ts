import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uaiCheckLetter } from '@preau/contracts';
import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, eventually, expectAbsent, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';
import { repoRoot } from '../lib/paths.ts';

/** The sample files of docs/provisioning/samples: 4 students, 4 parents, 2 teachers, 4 staff. */
const SAMPLES = ['eleves.csv', 'parents.csv', 'enseignants.csv', 'personnels.csv'].map((name) => join(repoRoot, 'docs/provisioning/samples', name));

/** A UAI no demo structure has (09…), with its check letter: every run imports into a new collège. */
function freshUai(): string {
  const digits = `09${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
  return digits + uaiCheckLetter(digits);
}

test('the ADMC uploads the CSV files of a collège, watches the progress, reads the report; a file without the expected columns is refused', async (t) => {
  // A new collège of the demo collectivité, as the ADMC creates one before its first import.
  const probe = await t.newContext();
  const session = await apiLogin(probe, DEMO.admc);
  const admc = session.me;
  const collectivite = admc.adminRoles.find((role) => role.role === 'ADMC');
  assert(collectivite, 'demo.admc is an ADMC');
  const uai = freshUai();
  const created = await session.request.post('/api/v1/admin/structures', {
    headers: { 'X-CSRF-Token': session.csrfToken },
    data: { uai, name: `Collège CSV ${uai}`, type: 'COLLEGE', city: 'Vitré', collectiviteId: collectivite.scopeId },
  });
  assert(created.ok(), `the collège is created: ${created.status()} ${await created.text()}`);
  await probe.close();

  const page = await t.newPage();
  await loginViaUi(page, DEMO.admc, DEMO_PASSWORD, admc.firstName);
  await page.goto('/admin/imports');
  await expectVisible(page.getByRole('heading', { level: 2, name: 'Importer des fichiers CSV' }), 'the CSV upload card');
  // A simulation is ticked by default; this journey imports for real, through the confirmation.
  await page.getByText('Simulation : montrer le rapport des fichiers CSV sans rien enregistrer', { exact: true }).click();
  const submit = page.getByRole('button', { name: 'Lancer l’import CSV', exact: true });

  t.step('submitting without a file nor a structure says so');
  await submit.click();
  await expectVisible(page.getByText('Choisissez au moins un fichier CSV.'), 'the "files required" error');
  await expectVisible(page.getByText('Choisissez l’établissement dans la liste.'), 'the "structure required" error');
  await checkA11y(t, page, 'imports: CSV form errors');

  t.step('with a file but no structure chosen, the error stays and the picker has the focus');
  const folder = mkdtempSync(join(tmpdir(), 'preau-e2e-csv-'));
  const unknown = join(folder, 'export.csv');
  writeFileSync(unknown, 'Identifiant;Nom;Prénom\nX1;DUPONT;Jean\n');
  await page.getByLabel('Fichiers CSV', { exact: true }).setInputFiles(unknown);
  await submit.click();
  await expectAbsent(page.getByText('Choisissez au moins un fichier CSV.'), 'the "files required" error, gone');
  const picker = page.getByRole('combobox', { name: 'Établissement', exact: true });
  await eventually('the structure picker has the focus', () => picker.evaluate((el) => el === document.activeElement), (focused) => focused);
  assertEqual(await picker.getAttribute('aria-invalid'), 'true', 'the picker is marked invalid');
  await expectVisible(page.getByText('Choisissez l’établissement dans la liste.'), 'the "structure required" error');

  t.step('pick the collège by typing part of its name (no accent), then the keyboard');
  const label = `Collège CSV ${uai} (${uai}) — Vitré`;
  await picker.pressSequentially(`college csv ${uai.slice(2, 7)}`);
  const listbox = page.getByRole('listbox');
  await expectVisible(listbox.getByRole('option', { name: label, exact: true }), 'the collège among the matches');
  await eventually('one structure matches', () => listbox.getByRole('option').count(), (count) => count === 1);
  assertEqual(await picker.getAttribute('aria-expanded'), 'true', 'the picker says its list is open');
  await checkA11y(t, page, 'imports: structure picker open');
  await page.keyboard.press('ArrowDown');
  await eventually(
    'the first match is the active option',
    async () => {
      const active = await picker.getAttribute('aria-activedescendant');
      return active ? page.locator(`[id="${active}"]`).textContent() : null;
    },
    (text) => text === label,
  );
  await page.keyboard.press('Enter');
  await eventually('the chosen collège shows in the field', () => picker.inputValue(), (value) => value === label);
  await expectAbsent(listbox, 'the list of matches, closed');
  await expectAbsent(page.getByText('Choisissez l’établissement dans la liste.'), 'the "structure required" error, gone');
  await checkA11y(t, page, 'imports: structure chosen');

  t.step('a file whose profile cannot be told is refused with its code, nothing imported');
  await submit.click();
  await page.getByRole('alertdialog', { name: 'Importer pour de vrai ?' }).getByRole('button', { name: 'Importer pour de vrai' }).click();
  await expectVisible(page.getByText(/^Un fichier CSV n’a pas les colonnes attendues/), 'the CSV_UPLOAD_COLUMNS message');
  await expectPath(page, '/admin/imports');
  assertEqual(await picker.inputValue(), label, 'the collège is still chosen');
  await checkA11y(t, page, 'imports: CSV upload refused');

  t.step('upload the four sample files (keyboard submit)');
  await page.getByLabel('Fichiers CSV', { exact: true }).setInputFiles(SAMPLES);
  await submit.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Importer pour de vrai ?' });
  await expectVisible(confirm, 'the confirmation of a real import');
  await confirm.getByRole('button', { name: 'Importer pour de vrai' }).focus();
  await page.keyboard.press('Enter');
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
  assert(/4 fichier\(s\) sur 4 lu\(s\)/.test((await bar.getAttribute('aria-valuetext')) ?? ''), 'the bar says 4 of 4 files read');
  await expectVisible(page.getByText('Import terminé.').first(), 'the "finished" message');
  await expectVisible(page.getByText(`Établissement ${uai}, année scolaire`), 'the structure in the report');
  await checkA11y(t, page, 'CSV import: finished with report');

  // Per-file progress (with each file's profile) and the report.
  const files = page.getByRole('region', { name: 'Progression par fichier' });
  const eleves = files.getByRole('row').filter({ hasText: 'eleves.csv' });
  await expectText(eleves, /Élèves.*4.*Lu/);
  await expectText(files.getByRole('row').filter({ hasText: 'personnels.csv' }), /Personnels.*4.*Lu/);
  const summary = page.getByRole('table', { name: 'Résumé par type et par action' });
  const createdOf = async (type: string) =>
    (await summary.getByRole('row').filter({ has: page.getByRole('rowheader', { name: type, exact: true }) }).getByRole('cell').allTextContents())[0];
  assertEqual(await createdOf('Élèves'), '4', 'students created');
  assertEqual(await createdOf('Responsables'), '4', 'parents created');
  assertEqual(await createdOf('Personnels'), '6', 'teachers and staff created');
  await expectVisible(page.getByText('Aucun enregistrement rejeté.'), 'no rejection');

  t.step('download the JSON report');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le rapport (JSON)' }).click()]);
  assertEqual(download.suggestedFilename(), `import-csv-${jobId}.json`, 'the report file name');
  const report = JSON.parse(await readFile(await download.path(), 'utf8')) as { files: { name: string; type: string }[]; counts: Record<string, Record<string, number>> };
  assertEqual(report.files.map((f) => `${f.name}:${f.type}`).join(' '), 'eleves.csv:students parents.csv:parents enseignants.csv:teachers personnels.csv:staff', 'the files of the report');
  assertEqual(report.counts.STUDENT!.created, 4, 'students in the report');

  t.step('the import is in the history');
  await page.getByRole('link', { name: 'Nouvel import' }).click();
  await expectPath(page, '/admin/imports');
  const historyRow = page
    .getByRole('region', { name: 'Imports récents' })
    .getByRole('row')
    .filter({ hasText: 'eleves.csv, parents.csv, enseignants.csv, personnels.csv' })
    .first();
  await expectVisible(historyRow, 'the CSV import in the history');
  await expectText(historyRow, 'Terminé');
  await checkA11y(t, page, 'imports: history with the CSV import');

  t.step('phone width: the upload page');
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await horizontalOverflow(page);
  assert(overflow.scrollWidth <= overflow.innerWidth, `no sideways scrolling on a phone (${overflow.widest})`);
  await checkA11y(t, page, 'imports page at phone width');
  await page.setViewportSize({ width: 1280, height: 900 });
});

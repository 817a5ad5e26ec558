import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Periods of the year (issue 15): demo.adml (the head, admin of his school)
 * opens Notes and sets the trimestres: moves the third conseil de classe by a
 * day and saves; dates out of order are refused in words and nothing is
 * saved; the date is put back. He downloads the first trimestre's Livret
 * scolaire CSV. Axe at desktop and phone sizes.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

test('périodes: the head sets the trimestres’ dates on Notes; dates out of order are refused', async (t) => {
  const setup = await t.newContext();
  const head = (await apiLogin(setup, DEMO.adml)).me;
  await setup.close();

  const page = await t.newPage();
  await loginViaUi(page, DEMO.adml, DEMO_PASSWORD, head.firstName);
  await page.goto('/notes');
  const card = page.getByRole('region', { name: 'Périodes de l’année' });
  const third = card.getByRole('group', { name: 'Trimestre 3' });
  const council = third.getByLabel('Conseil de classe');
  await expectVisible(council, 'the third trimestre’s conseil de classe');
  const original = await council.inputValue();
  assert(/^\d{4}-\d{2}-\d{2}$/.test(original), `the demo's date is there (${original})`);
  await checkA11y(t, page, 'notes: periods of the year (head)');

  t.step('move the conseil by a day and save');
  await council.fill(nextDay(original));
  await card.getByRole('button', { name: 'Enregistrer les périodes' }).click();
  await expectVisible(page.locator('[aria-live]').filter({ hasText: 'Périodes enregistrées.' }).first(), 'the saved notice');
  await page.reload();
  assertEqual(await page.getByRole('group', { name: 'Trimestre 3' }).getByLabel('Conseil de classe').inputValue(), nextDay(original), 'the new date is kept');

  t.step('a trimestre ending before it starts is refused; nothing saved');
  const first = page.getByRole('group', { name: 'Trimestre 1' });
  const start = await first.getByLabel('Début').inputValue();
  await first.getByLabel('Fin', { exact: true }).fill(start.replace(/^(\d{4})/, (y) => String(Number(y) - 1)));
  await page.getByRole('button', { name: 'Enregistrer les périodes' }).click();
  await expectVisible(page.getByText(/Les dates des périodes ne se suivent pas/).first(), 'the refusal in words');
  await checkA11y(t, page, 'notes: periods refused (head)');
  await page.reload();
  assert((await page.getByRole('group', { name: 'Trimestre 1' }).getByLabel('Fin', { exact: true }).inputValue()) > start, 'the first trimestre still ends after it starts');

  t.step('download the first trimestre’s Livret scolaire export');
  const exportCard = page.getByRole('region', { name: 'Export pour le Livret scolaire' });
  const [download] = await Promise.all([page.waitForEvent('download'), exportCard.getByRole('button', { name: 'Télécharger — Trimestre 1' }).click()]);
  assert(/^livret-\d{7}[A-Z]-T1\.csv$/.test(download.suggestedFilename()), `a CSV named after the UAI and the period: "${download.suggestedFilename()}"`);
  const { readFile } = await import('node:fs/promises');
  const csv = (await readFile(await download.path())).toString('utf8');
  assert(csv.startsWith('\uFEFF"UAI";"Année scolaire";"Période";"Classe"'), 'the documented header, UTF-8 with a BOM');
  await checkA11y(t, page, 'notes: Livret scolaire export (head)');

  t.step('put the date back, on a phone');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.adml, DEMO_PASSWORD, head.firstName);
  await phone.goto('/notes');
  await phone.getByRole('group', { name: 'Trimestre 3' }).getByLabel('Conseil de classe').fill(original);
  await phone.getByRole('button', { name: 'Enregistrer les périodes' }).click();
  await expectVisible(phone.locator('[aria-live]').filter({ hasText: 'Périodes enregistrées.' }).first(), 'saved on a phone');
  await checkA11y(t, phone, 'notes: periods of the year (head, phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
});

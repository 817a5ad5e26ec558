import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Absence reasons (issue 15): demo.personnel (vie scolaire) reads the
 * structure's list of reasons on Vie scolaire and adds one, unjustified by
 * default, not counted in the bulletin, offered to families; on a phone too.
 * Axe at desktop and phone sizes.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test('motifs d’absence: vie scolaire reads the structure’s reasons and adds one, on a computer and on a phone', async (t) => {
  const setup = await t.newContext();
  const staff = (await apiLogin(setup, DEMO.personnel)).me;
  await setup.close();

  t.step('the list of reasons, with what each means');
  const page = await t.newPage();
  await loginViaUi(page, DEMO.personnel, DEMO_PASSWORD, staff.firstName);
  await page.goto('/vie-scolaire');
  const card = page.getByRole('region', { name: 'Motifs d’absence' });
  const illness = card.getByRole('listitem').filter({ hasText: 'Maladie' });
  await expectText(illness, /Justifiée/);
  await expectText(illness, /Proposé aux familles/);
  await expectText(card.getByRole('listitem').filter({ hasText: 'Sortie scolaire' }), /Ne compte pas au bulletin/);
  await checkA11y(t, page, 'vie scolaire: absence reasons (staff)');

  t.step('add a reason');
  const label = `Rendez-vous administratif ${uniqueSuffix()}`;
  await card.getByRole('textbox', { name: 'Nom du motif' }).fill(label);
  await card.getByRole('checkbox', { name: 'L’absence est justifiée par défaut' }).uncheck();
  await card.getByRole('checkbox', { name: /Elle compte dans le bulletin/ }).uncheck();
  await card.getByRole('checkbox', { name: 'Les familles peuvent le choisir en ligne' }).check();
  await card.getByRole('button', { name: 'Ajouter le motif' }).click();
  await expectText(page.locator('[aria-live]').filter({ hasText: 'Motif ajouté' }).first(), new RegExp(`Motif ajouté : ${label}`));
  const added = card.getByRole('listitem').filter({ hasText: label });
  await expectText(added, /Non justifiée/);
  await expectText(added, /Ne compte pas au bulletin/);
  await expectText(added, /Proposé aux familles/);
  await checkA11y(t, page, 'vie scolaire: a reason added (staff)');

  t.step('on a phone: the list, nothing scrolls sideways');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.personnel, DEMO_PASSWORD, staff.firstName);
  await phone.goto('/vie-scolaire');
  await expectVisible(phone.getByRole('region', { name: 'Motifs d’absence' }).getByRole('listitem').filter({ hasText: label }), 'the new reason on a phone');
  await checkA11y(t, phone, 'vie scolaire: absence reasons (staff, phone)');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth + 1, `no horizontal scroll on a phone (${overflow.widest})`);
});

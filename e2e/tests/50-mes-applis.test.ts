import { DEMO, DEMO_PASSWORD, apiLogin, horizontalOverflow, loginViaUi } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * "Mes applis" (issue 14): the demo ADMC declares a connected service for pupils; demo.eleve finds its tile
 * in the navigation's "Mes applis", searches it, keeps it as a favourite; the tile opens through Préau.
 * Axe at desktop and phone sizes, nothing scrolls sideways on the phone.
 */

const PHONE = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test('mes applis: a service declared by the ADMC shows as a tile to pupils, searchable, kept as a favourite', async (t) => {
  const context = await t.newContext();
  const admc = await apiLogin(context, DEMO.admc);
  const collectivite = admc.me.adminRoles.find((role) => role.role === 'ADMC');
  assert(collectivite !== undefined, 'demo.admc administers a collectivité');
  const name = `Vie scolaire (démo) ${Date.now()}`;
  const created = await context.request.post(`/api/v1/connected-services/collectivites/${collectivite.scopeId}`, {
    headers: { 'x-csrf-token': admc.csrfToken },
    data: { name, icon: 'calendar', launchUrl: 'https://vie-scolaire.example.fr/', protocol: 'link', profiles: ['ELEVE'] },
  });
  assertEqual(created.status(), 201, 'the service is declared');
  const serviceId = ((await created.json()) as { service: { id: string } }).service.id;
  const firstName = (await apiLogin(await t.newContext(), DEMO.eleve)).me.firstName;
  // Removed afterwards (with it, demo.eleve's favourite of it): the demo is left as found.
  t.defer(async () => {
    await context.request.delete(`/api/v1/connected-services/${serviceId}`, { headers: { 'x-csrf-token': admc.csrfToken } });
    await context.close();
  });

  const page = await t.newPage();
  await loginViaUi(page, DEMO.eleve, DEMO_PASSWORD, firstName);
  t.step('open "Mes applis" from the navigation');
  await page.getByRole('navigation').getByRole('link', { name: 'Mes applis' }).first().click();
  await expectPath(page, '/mes-applis');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Mes applis' }), 'the Mes applis heading');
  const tile = page.getByRole('link', { name });
  await expectVisible(tile, 'the declared service’s tile');
  assertEqual(await tile.getAttribute('href'), `/api/v1/connected-services/${serviceId}/launch`, 'the tile opens through Préau');
  await checkA11y(t, page, 'mes applis');

  t.step('search it, then keep it as a favourite');
  await page.getByRole('searchbox', { name: 'Nom de l’application' }).fill('vie scolaire');
  await page.getByRole('button', { name: 'Chercher' }).click();
  await expectPath(page, /[?&]q=vie\+scolaire/);
  await expectVisible(tile, 'the tile among the results');
  await page.getByRole('button', { name: `Mettre ${name} en favori` }).click();
  await expectText(page.locator('[aria-live]').filter({ hasText: 'favoris' }).first(), /est dans vos favoris/);
  await expectVisible(page.getByRole('button', { name: `Retirer ${name} des favoris` }), 'the favourite toggle, now pressed');
  await checkA11y(t, page, 'mes applis: favourite kept');

  t.step('a search that matches nothing says what to do');
  await page.getByRole('searchbox', { name: 'Nom de l’application' }).fill('zzz introuvable');
  await page.getByRole('button', { name: 'Chercher' }).click();
  await expectText(page.getByText(/Aucune application ne s’appelle/), /Essayez un autre mot/);

  t.step('on a phone: the tiles, nothing scrolls sideways');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.eleve, DEMO_PASSWORD, firstName);
  await phone.goto('/mes-applis');
  await expectVisible(phone.getByRole('link', { name }), 'the tile on the phone');
  const overflow = await horizontalOverflow(phone);
  assert(overflow.scrollWidth <= overflow.innerWidth, `nothing scrolls sideways (${overflow.scrollWidth} > ${overflow.innerWidth}: ${overflow.widest})`);
  await checkA11y(t, phone, 'mes applis (phone)');
});

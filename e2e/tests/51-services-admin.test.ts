import type { ConnectedService, ServiceTile } from '@preau/contracts';
import type { Page } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, adminStructure, apiLogin, horizontalOverflow, loginViaUi, uniqueSuffix } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, eventually, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/**
 * Connected services administration (issue 14): the ADMC declares a CAS service from the admin screens, the
 * ADML hides it for his lycée, and the lycée's pupils no longer see its tile; the ADMC then declares an OpenID
 * Connect client, whose secret is shown once. Axe at desktop and phone sizes; nothing scrolls sideways on the phone.
 */

const PHONE = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await horizontalOverflow(page);
  assert(overflow.scrollWidth <= overflow.innerWidth, `nothing scrolls sideways (${overflow.scrollWidth} > ${overflow.innerWidth}: ${overflow.widest})`);
}

test('services admin: the ADMC declares a CAS service, the ADML hides it for his lycée', async (t) => {
  const suffix = uniqueSuffix();
  const name = `Vie scolaire CAS ${suffix}`;
  const oidcName = `Moodle OIDC ${suffix}`;
  const admcApi = await apiLogin(await t.newContext(), DEMO.admc);
  const collectiviteId = admcApi.me.adminRoles.find((role) => role.role === 'ADMC')?.scopeId ?? '';
  const admlApi = await apiLogin(await t.newContext(), DEMO.adml);
  const lycee = await adminStructure(admlApi);
  const eleveApi = await apiLogin(await t.newContext(), DEMO.eleve);
  const tiles = async () =>
    ((await (await eleveApi.request.get('/api/v1/connected-services/mine')).json()) as { items: ServiceTile[] }).items.map((tile) => tile.name);
  // What this test declares is removed afterwards: the demo is left as found.
  t.defer(async () => {
    const list = (await (await admcApi.request.get(`/api/v1/connected-services/collectivites/${collectiviteId}`)).json()) as { items: ConnectedService[] };
    for (const service of list.items.filter((s) => s.name.includes(suffix))) {
      await admcApi.request.delete(`/api/v1/connected-services/${service.id}`, { headers: { 'x-csrf-token': admcApi.csrfToken } });
    }
  });

  t.step('the ADMC opens "Services connectés" from the administration');
  const admc = await t.newPage();
  await loginViaUi(admc, DEMO.admc, DEMO_PASSWORD, admcApi.me.firstName);
  await admc.goto('/admin');
  await admc.getByRole('link', { name: 'Services connectés' }).click();
  await expectPath(admc, '/admin/services');
  await expectVisible(admc.getByRole('heading', { level: 1, name: 'Services connectés' }), 'the page heading');
  await checkA11y(t, admc, 'services admin');

  t.step('an empty declaration says what is missing, nothing is sent');
  const declare = admc.getByRole('region', { name: 'Déclarer un service' });
  await declare.getByRole('button', { name: 'Déclarer le service' }).click();
  await expectVisible(declare.getByText('Ce champ est obligatoire.').first(), 'the required-field errors');

  t.step('declare a CAS service for pupils and parents');
  await declare.getByRole('textbox', { name: 'Nom affiché' }).fill(name);
  await declare.getByRole('textbox', { name: 'Adresse d’ouverture' }).fill('https://vie-scolaire.example.fr/app/');
  await declare.getByRole('combobox', { name: 'Protocole' }).selectOption('cas');
  await declare.getByRole('textbox', { name: /Adresses autorisées/ }).fill('https://vie-scolaire.example.fr/app/*');
  await declare.getByRole('checkbox', { name: /UAI de l’établissement/ }).check();
  await declare.getByRole('button', { name: 'Déclarer le service' }).click();
  await expectText(declare.getByText(/est déclaré/), new RegExp(name));
  const item = admc.getByRole('listitem').filter({ has: admc.getByRole('heading', { name }) });
  await expectVisible(item, 'the service in the catalogue');
  await checkA11y(t, admc, 'services admin: declared');
  await eventually('demo.eleve has the tile', tiles, (names) => names.includes(name));

  t.step('the ADML hides it in his lycée: its pupils no longer see the tile');
  const adml = await t.newPage();
  await loginViaUi(adml, DEMO.adml, DEMO_PASSWORD, admlApi.me.firstName);
  await adml.goto(`/admin/etablissements/${lycee.id}?onglet=services`);
  const shown = adml.getByRole('checkbox', { name: `Affiché dans l’établissement : ${name}` });
  await expectVisible(shown, 'the service among the lycée’s');
  assert(await shown.isChecked(), 'shown by default');
  await checkA11y(t, adml, 'structure services');
  await shown.uncheck();
  await expectText(adml.getByText(/est maintenant masqué/), new RegExp(name));
  await eventually('demo.eleve no longer has the tile', tiles, (names) => !names.includes(name));
  await checkA11y(t, adml, 'structure services: hidden');

  t.step('the ADMC declares an OpenID Connect client: its secret is shown once');
  await declare.getByRole('textbox', { name: 'Nom affiché' }).fill(oidcName);
  await declare.getByRole('textbox', { name: 'Adresse d’ouverture' }).fill('https://moodle.example.fr/');
  await declare.getByRole('combobox', { name: 'Protocole' }).selectOption('oidc');
  await declare.getByRole('textbox', { name: /Adresses autorisées/ }).fill('https://moodle.example.fr/auth/oidc/');
  await declare.getByRole('button', { name: 'Déclarer le service' }).click();
  const secret = await expectText(declare.getByTestId('oidc-client-secret'), /^[\w-]{40,}$/);
  await checkA11y(t, admc, 'services admin: OIDC secret shown once');
  await admc.reload();
  assert(!(await admc.content()).includes(secret), 'the secret is not shown again');

  t.step('the ADMC renews the OIDC secret, after a confirmation: a new one, shown once');
  const oidcItem = admc.getByRole('listitem').filter({ has: admc.getByRole('heading', { name: oidcName }) });
  await oidcItem.getByRole('button', { name: `Renouveler le secret ${oidcName}` }).click();
  const rotate = admc.getByRole('alertdialog');
  await expectText(rotate, /L’ancien secret est refusé dès maintenant/);
  await checkA11y(t, admc, 'services admin: renew confirmation');
  await rotate.getByRole('button', { name: 'Oui, renouveler' }).click();
  const renewed = await expectText(rotate.getByTestId('oidc-client-secret'), /^[\w-]{40,}$/);
  assert(renewed !== secret, 'a new secret');
  await rotate.getByRole('button', { name: 'Fermer' }).click();

  t.step('the ADMC renames the CAS service; its protocol stays');
  await item.getByRole('button', { name: `Modifier ${name}` }).click();
  const edit = admc.getByRole('dialog');
  assert(await edit.getByRole('combobox', { name: 'Protocole' }).isDisabled(), 'the protocol cannot be changed');
  await checkA11y(t, admc, 'services admin: edit dialog');
  await edit.getByRole('textbox', { name: 'Nom affiché' }).fill(`${name} (lycées)`);
  await edit.getByRole('button', { name: 'Enregistrer' }).click();
  await expectText(admc.getByText(/est enregistré/), new RegExp(`${name} \\(lycées\\)`));

  t.step('on a phone: the catalogue and the lycée’s choices, nothing scrolls sideways');
  const phone = await t.newPage(PHONE);
  await loginViaUi(phone, DEMO.admc, DEMO_PASSWORD, admcApi.me.firstName);
  await phone.goto('/admin/services');
  await expectVisible(phone.getByRole('heading', { name: `${name} (lycées)` }), 'the service on the phone');
  await noSidewaysScroll(phone);
  await checkA11y(t, phone, 'services admin (phone)');
  const admlPhone = await t.newPage(PHONE);
  await loginViaUi(admlPhone, DEMO.adml, DEMO_PASSWORD, admlApi.me.firstName);
  await admlPhone.goto(`/admin/etablissements/${lycee.id}?onglet=services`);
  await expectVisible(admlPhone.getByRole('checkbox', { name: `Affiché dans l’établissement : ${name} (lycées)` }), 'the lycée’s choice on the phone');
  await noSidewaysScroll(admlPhone);
  await checkA11y(t, admlPhone, 'structure services (phone)');
});

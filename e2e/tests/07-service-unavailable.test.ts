import type { BrowserContext, Route } from 'playwright-core';
import { DEMO, apiLogin, horizontalOverflow } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, expectAbsent, expectVisible } from '../lib/expect.ts';
import { test, type TestContext } from '../lib/harness.ts';

/** What every Préau process answers while PostgreSQL or Redis is unreachable (platform/health/outage.ts). */
async function answerUnavailable(route: Route): Promise<void> {
  await route.fulfill({
    status: 503,
    headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' },
    body: JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Le service est momentanément indisponible.' } }),
  });
}

async function outageJourney(t: TestContext, context: BrowserContext, size: string): Promise<void> {
  await apiLogin(context, DEMO.eleve);
  const page = await context.newPage();
  await page.goto('/');
  await expectVisible(page.getByRole('heading', { level: 1, name: /^Bonjour / }), 'the portal greeting', 20_000);
  const notice = page.getByText('Service momentanément indisponible', { exact: true });
  await expectAbsent(notice, 'no outage notice while the service answers');

  await page.getByRole('link', { name: /^Annuaire/ }).first().click();
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Annuaire' }), 'the annuaire');

  t.step(`${size}: the API answers 503 (a database failover) while the pupil searches the annuaire`);
  await page.route('**/api/v1/**', answerUnavailable);
  await page.getByRole('searchbox', { name: "Rechercher dans l'annuaire" }).fill('mar');
  await expectVisible(notice, 'the calm outage notice', 20_000);
  await expectVisible(page.getByText(/Rien de ce que vous avez enregistré n.est perdu/), 'the reassurance that nothing is lost');
  const overflow = await horizontalOverflow(page);
  assert(overflow.scrollWidth <= overflow.innerWidth, `${size}: nothing scrolls sideways (${overflow.widest})`);
  await checkA11y(t, page, `outage notice (${size})`);

  t.step(`${size}: the service comes back; "Réessayer" brings the results and the notice goes`);
  await page.unroute('**/api/v1/**', answerUnavailable);
  await page.getByRole('button', { name: 'Réessayer' }).first().click();
  await expectAbsent(notice, 'the outage notice once the service answers again', 20_000);
  await expectVisible(page.locator('[aria-live]').filter({ hasText: /pour « mar »/ }), 'the search results, served again', 20_000);
}

test('service momentarily unavailable: a calm notice, no lost page, back by itself (desktop and phone)', async (t) => {
  const desktop = await t.newContext();
  await outageJourney(t, desktop, 'desktop');
  await desktop.close();

  const phone = await t.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await outageJourney(t, phone, 'phone');
  await phone.close();
});

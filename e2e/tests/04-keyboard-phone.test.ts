import type { Page } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, FR, adminStructure, apiLogin, horizontalOverflow } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { AssertionError, assert, assertEqual, expectPath, expectVisible } from '../lib/expect.ts';
import { test, type TestContext } from '../lib/harness.ts';

interface Focused {
  tag: string;
  name: string;
  type: string;
  className: string;
  /** A visible focus indicator: an outline or a box-shadow. */
  indicated: boolean;
  inViewport: boolean;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(async () => {
    // Two frames: the :focus styles must be applied before measuring (Chromium may not restyle at once).
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', name: '', type: '', className: '', indicated: false, inViewport: true };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    const box = el.getBoundingClientRect();
    const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
    return {
      tag: el.tagName.toLowerCase(),
      name: label.replace(/\s+/g, ' ').trim().slice(0, 60),
      type: el.getAttribute('type') ?? '',
      className: typeof el.className === 'string' ? el.className : '',
      indicated: outline || shadow,
      inViewport: box.bottom > 0 && box.right > 0 && box.left < window.innerWidth && box.top < window.innerHeight,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `accept` holds for the focused element; checks every stop shows its focus. */
async function tabTo(t: TestContext, page: Page, what: string, accept: (f: Focused) => boolean, options: { back?: boolean; max?: number } = {}): Promise<Focused> {
  const path: string[] = [];
  for (let i = 0; i < (options.max ?? 25); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    path.push(`${f.tag}${f.type ? `[${f.type}]` : ''} "${f.name}"`);
    if (f.tag !== 'body' && !f.indicated) t.softFail(`WCAG 2.4.7: no visible focus indicator (outline or box-shadow) on ${f.tag}.${f.className.split(' ').join('.')} "${f.name}" (${page.url()})`);
    if (f.tag !== 'body' && !f.inViewport) t.softFail(`Focused element outside the viewport: ${f.tag} "${f.name}" (${page.url()})`);
    if (accept(f)) {
      t.step(`Tab path to ${what}: ${path.join(' → ')}`);
      return f;
    }
  }
  throw new AssertionError(`Could not reach ${what} with the keyboard; focus went: ${path.join(' → ')}`);
}

async function expectNoHorizontalScroll(t: TestContext, page: Page, label: string): Promise<void> {
  const o = await horizontalOverflow(page);
  t.step(`${label}: scrollWidth ${o.scrollWidth}, innerWidth ${o.innerWidth}`);
  if (o.scrollWidth > o.innerWidth) {
    t.softFail(`Horizontal scroll on ${label} at ${o.innerWidth} px: scrollWidth ${o.scrollWidth}; widest element: ${o.widest} (${page.url()})`);
  }
}

test('keyboard only, on a 360×740 phone: log in with Tab/Enter, portal without horizontal scroll, annuaire, logout', async (t) => {
  const page = await t.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await page.goto('/connexion');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Connexion' }), 'the login page');
  await expectNoHorizontalScroll(t, page, 'login page (phone)');
  await checkA11y(t, page, 'login page (phone)');

  // The first Tab reaches the skip link, shown on focus.
  const skip = await tabTo(t, page, 'the skip link', () => true, { max: 1 });
  assertEqual(skip.name, 'Aller au contenu', 'the first keyboard stop');
  assert(skip.inViewport, 'the skip link is visible when focused');

  // Login, password, submit: keyboard only.
  await tabTo(t, page, 'the login field', (f) => f.tag === 'input' && f.name.startsWith(FR.login));
  await page.keyboard.type(DEMO.eleve);
  await tabTo(t, page, 'the password field', (f) => f.tag === 'input' && f.type === 'password', { max: 1 });
  await page.keyboard.type(DEMO_PASSWORD);
  await tabTo(t, page, 'the submit button', (f) => f.tag === 'button' && f.name === FR.submitLogin, { max: 3 });
  await page.keyboard.press('Enter');

  const greeting = page.getByRole('heading', { level: 1, name: /^Bonjour / });
  await expectVisible(greeting, 'the portal greeting', 20_000);
  await expectPath(page, '/');
  await expectNoHorizontalScroll(t, page, 'portal (phone)');
  await checkA11y(t, page, 'portal (phone)');

  // To the annuaire by its tile, with the keyboard; focus lands on the new page's heading.
  await tabTo(t, page, 'the Annuaire tile', (f) => f.tag === 'a' && f.className.includes('tile--annuaire'), { max: 30 });
  await page.keyboard.press('Enter');
  await expectPath(page, '/annuaire');
  await expectVisible(page.getByRole('heading', { level: 1, name: FR.annuaire }), 'the annuaire heading');
  const onHeading = await focused(page);
  assertEqual(`${onHeading.tag} ${onHeading.name}`, `h1 ${FR.annuaire}`, 'focus after navigating to the annuaire');
  await tabTo(t, page, 'the search box', (f) => f.tag === 'input' && f.type === 'search', { max: 5 });
  await page.keyboard.type('mart');
  await expectVisible(page.locator('li.result').first(), 'annuaire results');
  await expectNoHorizontalScroll(t, page, 'annuaire with results (phone)');
  await checkA11y(t, page, 'annuaire with results (phone)');

  // My account page, at phone width.
  await page.goto('/compte');
  await expectVisible(page.getByRole('heading', { level: 1, name: FR.account }), 'the account page');
  await expectNoHorizontalScroll(t, page, 'account page (phone)');
  await checkA11y(t, page, 'account page (phone)');

  // Log out with the keyboard: the user menu (Enter opens it), arrows, Enter.
  await tabTo(t, page, 'the user menu', (f) => f.tag === 'button' && /Menu utilisateur/.test(f.name), { max: 10 });
  await page.keyboard.press('Enter');
  await expectVisible(page.getByRole('menu'), 'the open user menu');
  await checkA11y(t, page, 'user menu open (phone)');
  for (let i = 0; i < 5; i++) {
    const current = await focused(page);
    if (current.name === FR.logout) break;
    await page.keyboard.press('ArrowDown');
  }
  assertEqual((await focused(page)).name, FR.logout, 'the focused menu item');
  await page.keyboard.press('Enter');
  await expectPath(page, '/connexion');
  const status = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assertEqual(status, 401, 'GET /api/v1/me after the keyboard logout');
});

test('admin pages on a 360×740 phone: no horizontal scroll of the page (tables scroll in their own box)', async (t) => {
  const context = await t.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const admin = await apiLogin(context, DEMO.adml);
  const structure = await adminStructure(admin);
  const page = await context.newPage();
  await page.goto('/admin');
  await expectVisible(page.getByRole('table').getByRole('link', { name: structure.name }), 'the structures table');
  await expectNoHorizontalScroll(t, page, 'admin home (phone)');
  await checkA11y(t, page, 'admin home (phone)');
  for (const [tab, label] of [
    ['classes', 'Classes'],
    ['comptes', 'Comptes'],
    ['nouveau-compte', 'Nouveau compte'],
    ['activations', 'Activations en attente'],
  ] as const) {
    await page.goto(`/admin/etablissements/${structure.id}?onglet=${tab}`);
    const panel = page.getByRole('tabpanel', { name: label });
    await expectVisible(panel, `the "${label}" panel`);
    if (tab !== 'nouveau-compte') await expectVisible(panel.getByRole('table'), `the "${label}" table`);
    await expectNoHorizontalScroll(t, page, `structure: ${label} (phone)`);
    await checkA11y(t, page, `structure: ${label} (phone)`);
  }
});

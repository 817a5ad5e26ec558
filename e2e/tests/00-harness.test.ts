import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/** Checks the checker: the app's real CSP is on, and axe-core runs under it and does report a violation. */
test('harness: the page keeps its CSP, and axe-core runs under it and reports violations', async (t) => {
  const page = await t.newPage();
  const response = await page.goto('/connexion');
  const csp = response?.headers()['content-security-policy'] ?? '';
  assert(/script-src 'self'/.test(csp), `the server sends a strict CSP (got "${csp}")`);
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Connexion' }), 'the login page');

  // An inline script is refused by the page's CSP (so nothing is bypassed)…
  t.allowConsoleError(/Executing inline script violates the following Content Security Policy/);
  const inlineRan = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.head.append(script);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  assertEqual(inlineRan, false, 'an inline script ran despite the CSP');

  // …yet axe runs and finds a planted violation (an image without text alternative).
  const found: string[] = [];
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = '/favicon.svg';
    img.id = 'e2e-planted-violation';
    document.querySelector('main')?.append(img);
  });
  const check = await checkA11y({ step: t.step, softFail: (m) => found.push(m) }, page, 'planted violation', { record: false });
  assert(
    check.violations.some((v) => v.id === 'image-alt' && v.nodes.some((n) => n.target.includes('#e2e-planted-violation'))),
    `axe should report image-alt on the planted image; got ${JSON.stringify(check.violations.map((v) => v.id))}`,
  );
  assert(found.length === 1 && found[0]!.includes('image-alt'), 'the violation is reported with its rule id');
});

import type { DirectoryPeoplePage } from '@preau/contracts';
import { DEMO, DEMO_PASSWORD, EN, FR, apiLogin, apiSetLocale, chooseInUserMenu, logoutViaUi, submitLoginForm } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectAbsent, expectPath, expectText, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

test('demo.eleve: login → portal (fr, en) → annuaire search → logout', async (t) => {
  // Who to look for: demo.enseignant teaches demo.eleve's class (demo seed).
  // His name is read from the API, not hard-coded.
  const teacherContext = await t.newContext();
  const teacher = (await apiLogin(teacherContext, DEMO.enseignant)).me;
  await teacherContext.close();
  const longestWord = teacher.lastName.split(/[\s-]+/).sort((a, b) => b.length - a.length)[0] ?? teacher.lastName;
  const prefix = longestWord.slice(0, 4).toLowerCase();
  t.step(`teacher to find: ${teacher.displayName}, prefix "${prefix}"`);

  const page = await t.newPage();

  // A visitor opening the portal is sent to the login page.
  await page.goto('/');
  await expectPath(page, '/connexion');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Connexion' }), 'the login heading');
  assertEqual(await page.evaluate(() => document.documentElement.lang), 'fr', 'the login page language');
  await checkA11y(t, page, 'login page');

  // Logging in leads back to the portal.
  t.step('log in as demo.eleve');
  // "Login → portal fully drawn" (issue 12): from the click to the last answer of the portal's API calls, once
  // the greeting is shown and no call has been pending for half a second; with the number of calls it took.
  const apiCalls = { started: 0, pending: 0, lastEnd: 0, paths: [] as string[] };
  const isApi = (url: string) => new URL(url).pathname.startsWith('/api/');
  const ended = (request: { url(): string }) => {
    if (!isApi(request.url())) return;
    apiCalls.pending -= 1;
    apiCalls.lastEnd = Date.now();
  };
  page.on('request', (request) => {
    if (!isApi(request.url())) return;
    apiCalls.started += 1;
    apiCalls.pending += 1;
    apiCalls.paths.push(new URL(request.url()).pathname);
  });
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  const clickedAt = Date.now();
  await submitLoginForm(page, DEMO.eleve, DEMO_PASSWORD);
  const greeting = page.getByRole('heading', { level: 1, name: /^Bonjour / });
  await expectVisible(greeting, 'the portal greeting', 20_000);
  await expectPath(page, '/');
  while (apiCalls.pending > 0 || Date.now() - apiCalls.lastEnd < 500) await page.waitForTimeout(50);
  t.measure('login → portal fully drawn (demo.eleve)', apiCalls.lastEnd - clickedAt, 'ms');
  t.measure('API calls from the login click to the drawn portal', apiCalls.started, 'calls');
  t.step(`API calls: ${apiCalls.paths.join(', ')}`);
  // The portal's first screen comes from its one composite call; the widgets do not ask for their parts again.
  assertEqual(apiCalls.paths.filter((path) => path === '/api/v1/portal').length, 1, 'calls of /api/v1/portal');
  const widgetRoutes = ['/api/v1/me', '/api/v1/timetable/next', '/api/v1/homework/todo', '/api/v1/messaging/unread-count', '/api/v1/timeline', '/api/v1/news'];
  assertEqual(apiCalls.paths.filter((path) => widgetRoutes.includes(path)).join(', '), '', 'widget routes asked besides the portal call');
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()) as { me: { firstName: string; profile: string } });
  assertEqual(me.me.profile, 'ELEVE', 'demo.eleve profile');
  await expectText(greeting, FR.greeting(me.me.firstName));

  const tiles = page.getByRole('region', { name: FR.apps });
  await expectVisible(tiles.getByRole('link', { name: new RegExp(`^${FR.annuaire}`) }), 'the Annuaire tile');
  await expectVisible(tiles.getByRole('link', { name: new RegExp(`^${FR.account}`) }), 'the Mon compte tile');
  assertEqual(await tiles.getByRole('link', { name: new RegExp(`^${FR.admin}`) }).count(), 0, 'Administration tiles of a student');
  assertEqual(await page.getByRole('link', { name: FR.admin }).count(), 0, 'Administration links anywhere for a student');
  assertEqual(await page.title(), 'Accueil – Préau', 'the portal document title');
  await checkA11y(t, page, 'portal (fr)');

  // The interface switches to English (and is saved on the account), then back.
  // Whatever happens, demo.eleve is left in French for the other tests.
  t.defer(async () => {
    const context = await t.newContext();
    await apiSetLocale(await apiLogin(context, DEMO.eleve), 'fr');
    await context.close();
  });
  t.step('switch to English');
  await chooseInUserMenu(page, FR.english);
  await expectVisible(page.getByRole('heading', { level: 1, name: EN.greeting(me.me.firstName) }), 'the English greeting');
  await expectVisible(page.getByRole('region', { name: EN.apps }), 'the English tiles section');
  assertEqual(await page.evaluate(() => document.documentElement.lang), 'en', 'html lang after switching to English');
  await checkA11y(t, page, 'portal (en)');
  await chooseInUserMenu(page, FR.french);
  await expectVisible(page.getByRole('heading', { level: 1, name: FR.greeting(me.me.firstName) }), 'the French greeting again');
  assertEqual(await page.evaluate(() => document.documentElement.lang), 'fr', 'html lang after switching back');
  const locale = await page.evaluate(async () => ((await (await fetch('/api/v1/me')).json()) as { me: { locale: string } }).me.locale);
  assertEqual(locale, 'fr', 'the locale saved on the account');

  // The annuaire, from its tile.
  t.step('open the annuaire');
  await tiles.getByRole('link', { name: new RegExp(`^${FR.annuaire}`) }).click();
  await expectPath(page, '/annuaire');
  await expectVisible(page.getByRole('heading', { level: 1, name: FR.annuaire }), 'the annuaire heading');
  await checkA11y(t, page, 'annuaire (empty)');

  t.step(`search "${prefix}"`);
  await page.getByRole('searchbox', { name: FR.search }).fill(prefix);
  await expectPath(page, new RegExp(`[?&]q=${prefix}`));
  await expectText(page.locator('[aria-live]').filter({ hasText: /trouvée?s? pour/ }), new RegExp(`pour « ${prefix} »`));
  const result = page.locator('li.result').filter({ hasText: teacher.displayName });
  await expectVisible(result, `${teacher.displayName} in the results`);
  await expectText(result, 'Enseignant');

  // The page shows what the API answers to the student's own session.
  const api = await page.evaluate(
    async (q) => (await (await fetch(`/api/v1/directory/people?q=${encodeURIComponent(q)}`)).json()) as DirectoryPeoplePage,
    prefix,
  );
  assert(
    api.items.some((person) => person.displayName === teacher.displayName && person.profile === 'ENSEIGNANT'),
    `GET /directory/people?q=${prefix} as demo.eleve should list ${teacher.displayName}: ${JSON.stringify(api.items.map((p) => p.displayName))}`,
  );
  assertEqual(await page.locator('li.result').count(), api.items.length, 'results shown vs. API answer');
  await checkA11y(t, page, 'annuaire (results)');

  // Case is ignored: the same search in capitals finds the same person.
  t.step(`search "${prefix.toUpperCase()}" (case ignored)`);
  await page.getByRole('searchbox', { name: FR.search }).fill(prefix.toUpperCase());
  await expectText(page.locator('[aria-live]').filter({ hasText: /trouvée?s? pour/ }), `pour « ${prefix.toUpperCase()} »`);
  await expectVisible(page.locator('li.result').filter({ hasText: teacher.displayName }), `${teacher.displayName} found in capitals`);

  // Nothing matches: the empty state.
  await page.getByRole('searchbox', { name: FR.search }).fill('zzzqqq');
  await expectVisible(page.getByText('Aucun résultat.', { exact: false }), 'the no-result message');
  await expectAbsent(page.locator('li.result'), 'results for a name nobody has');
  await checkA11y(t, page, 'annuaire (no result)');

  // Log out: back to /connexion, and the session is over on the server.
  t.step('log out');
  await logoutViaUi(page);
  await expectVisible(page.getByText(FR.loggedOut), 'the logged-out notice');
  await checkA11y(t, page, 'login page after logout');
  const after = await page.request.get('/api/v1/me');
  assertEqual(after.status(), 401, 'GET /api/v1/me after logout');
  const inPage = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assertEqual(inPage, 401, 'GET /api/v1/me from the page after logout');

  // A protected page now sends back to the login page.
  await page.goto('/annuaire');
  await expectPath(page, '/connexion');
});

import type { Schedule } from '@preau/contracts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO, apiLogin, horizontalOverflow } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectAbsent, expectPath, expectVisible } from '../lib/expect.ts';
import { test, type TestContext } from '../lib/harness.ts';
import { artifactsDir } from '../lib/paths.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const shotsDir = join(artifactsDir, 'screens');

/** A full-page screenshot kept in the artifacts for the design review (issue 13), at each size. */
async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const o = await horizontalOverflow(page);
  assert(o.scrollWidth <= o.innerWidth, `${label}: the page scrolls sideways (scrollWidth ${o.scrollWidth} > ${o.innerWidth}; ${o.widest})`);
}

/** The tops of the main navigation's visible links: one value when they sit on one row. */
async function navRows(page: Page): Promise<{ tops: number[]; headerHeight: number; names: string[] }> {
  return page.evaluate(() => {
    const links = Array.from(document.querySelectorAll<HTMLElement>('nav.main-nav a')).filter((a) => a.getClientRects().length > 0);
    const header = document.querySelector('header.site-header')!.getBoundingClientRect();
    return {
      tops: [...new Set(links.map((a) => Math.round(a.getBoundingClientRect().top)))],
      headerHeight: Math.round(header.height),
      names: links.map((a) => (a.textContent ?? '').trim()),
    };
  });
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const todayInParis = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

test('header in one row at 1280 px for every demo profile, with screenshots at 1366 and 390 px', async (t) => {
  for (const login of Object.values(DEMO)) {
    const context = await t.newContext({ viewport: { width: 1280, height: 900 } });
    await apiLogin(context, login);
    const page = await context.newPage();
    await page.goto('/');
    await expectVisible(page.getByRole('heading', { level: 1, name: /^Bonjour / }), `the portal of ${login}`, 20_000);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expectVisible(nav.getByRole('link', { name: 'Accueil' }), `the navigation of ${login}`);
    await expectAbsent(nav.getByRole('button', { name: 'Menu' }), `no Menu button at 1280 px for ${login}`);
    const rows = await navRows(page);
    t.step(`${login}: links ${rows.names.join(' | ')}; tops ${rows.tops.join(', ')}; header ${rows.headerHeight} px`);
    assertEqual(rows.tops.length, 1, `${login}: the navigation's links sit on one row at 1280 px`);
    assert(rows.headerHeight <= 72, `${login}: the header is one row (${rows.headerHeight} px high)`);
    await expectNoSidewaysScroll(page, `${login} portal at 1280 px`);
    await page.setViewportSize({ width: 1366, height: 900 });
    await keepScreenshot(page, `portal-${login}-1366`);
    if (login === DEMO.enseignant) await checkA11y(t, page, 'portal of a teacher (1366 px)');
    await context.close();

    const phone = await t.newContext(PHONE);
    await apiLogin(phone, login);
    const phonePage = await phone.newPage();
    await phonePage.goto('/');
    await expectVisible(phonePage.getByRole('heading', { level: 1, name: /^Bonjour / }), `the portal of ${login} on a phone`, 20_000);
    await expectNoSidewaysScroll(phonePage, `${login} portal at 390 px`);
    await keepScreenshot(phonePage, `portal-${login}-390`);
    await phone.close();
  }
});

test('a pupil on a 390 px phone: content before menus — greeting and next lessons before the tiles, the Menu opens the navigation, the message list before the folders', async (t) => {
  const context = await t.newContext(PHONE);
  await apiLogin(context, DEMO.eleve);
  const page = await context.newPage();
  await page.goto('/');
  const greeting = page.getByRole('heading', { level: 1, name: /^Bonjour / });
  await expectVisible(greeting, 'the portal greeting', 20_000);
  const header = await page.locator('header.site-header').boundingBox();
  assert(header && header.height <= 72, `the phone header is one compact row (${header?.height} px)`);
  const greetingBox = await greeting.boundingBox();
  assert(greetingBox && greetingBox.y < 160, `the page's title shows at once, under the header (top ${greetingBox?.y} px)`);
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await expectAbsent(nav.getByRole('link', { name: /^Messagerie/ }), 'the navigation links folded behind the Menu button');

  t.step('the day comes before the applications');
  const notifications = await page.getByRole('heading', { level: 2, name: /^Notifications/ }).boundingBox();
  const apps = await page.getByRole('heading', { level: 2, name: 'Mes applications' }).boundingBox();
  assert(notifications && apps && notifications.y < apps.y, 'the notifications come before the application tiles on a phone');
  const next = page.locator('#portal-next-courses');
  if ((await next.count()) > 0) {
    const nextBox = await next.boundingBox();
    assert(nextBox && apps && nextBox.y < apps.y, 'the next lessons come before the application tiles');
  }
  await expectNoSidewaysScroll(page, 'portal (390 px)');
  await checkA11y(t, page, 'portal of a pupil (390 px)');

  t.step('the Menu button opens the navigation over the page; Escape folds it');
  const toggle = nav.getByRole('button', { name: /^Menu/ });
  assertEqual(await toggle.getAttribute('aria-expanded'), 'false', 'the Menu button, folded');
  await toggle.click();
  assertEqual(await toggle.getAttribute('aria-expanded'), 'true', 'the Menu button, open');
  await expectVisible(nav.getByRole('link', { name: /^Messagerie/ }), 'the Messagerie link in the open menu');
  await expectNoSidewaysScroll(page, 'open menu (390 px)');
  await checkA11y(t, page, 'open navigation menu (390 px)');
  await page.keyboard.press('Escape');
  await expectAbsent(nav.getByRole('link', { name: /^Messagerie/ }), 'the navigation folded again by Escape');
  await toggle.click();
  await nav.getByRole('link', { name: /^Messagerie/ }).click();
  await expectPath(page, '/messagerie');
  await expectAbsent(nav.getByRole('link', { name: /^Messagerie/ }), 'the menu folds once a link is followed');

  t.step('the messagerie shows the list before the folders');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Messagerie' }), 'the messagerie');
  const folders = page.getByRole('navigation', { name: /dossiers/i });
  await expectVisible(folders, 'the folders');
  const mainBox = await page.locator('.messagerie__main').boundingBox();
  const foldersBox = await folders.boundingBox();
  assert(mainBox && foldersBox && mainBox.y < foldersBox.y, `the message list comes before the folders (list ${mainBox?.y}, folders ${foldersBox?.y})`);
  await expectNoSidewaysScroll(page, 'messagerie (390 px)');
  await checkA11y(t, page, 'messagerie list (390 px)');
  await keepScreenshot(page, 'messagerie-demo.eleve-390');

  for (const path of ['/emploi-du-temps', '/cahier-de-textes', '/annuaire', '/compte']) {
    await page.goto(path);
    await expectVisible(page.getByRole('heading', { level: 1 }), `the page ${path}`);
    await expectNoSidewaysScroll(page, `${path} (390 px)`);
    await keepScreenshot(page, `${path.slice(1)}-demo.eleve-390`);
  }
});

test('a cancelled lesson reaches the pupil as a sentence: "Annulé", subject, weekday, time, who — and links to that day; saving it again tells nobody twice', async (t) => {
  const staffContext = await t.newContext();
  const staff = await apiLogin(staffContext, DEMO.personnel);
  const pupilContext = await t.newContext();
  const pupil = await apiLogin(pupilContext, DEMO.eleve);

  // A session a month ahead: the other journeys use this week's and past ones.
  let session: Schedule['items'][number] | undefined;
  for (let week = 4; week < 12 && !session; week++) {
    const from = addDays(todayInParis(), 7 * week);
    const response = await pupil.request.get(`/api/v1/timetable/me?from=${from}&to=${addDays(from, 6)}`);
    assert(response.ok(), `GET /timetable/me: ${response.status()}`);
    session = ((await response.json()) as Schedule).items.find((o) => o.status === 'SCHEDULED');
  }
  assert(session, 'demo.eleve has a scheduled session in the coming weeks');
  const url = `/api/v1/timetable/courses/${session.courseId}/occurrences/${session.originalDate}`;
  const change = (cancelled: boolean) => staff.request.put(url, { headers: { 'X-CSRF-Token': staff.csrfToken }, data: { cancelled } });
  t.defer(async () => {
    await change(false);
  });
  const timelineCount = async () => {
    const response = await pupil.request.get('/api/v1/timeline?limit=50');
    const body = (await response.json()) as { items: Array<{ kind: string; objectId: string }> };
    return body.items.filter((i) => i.kind === 'timetable.changed' && i.objectId === `${session.courseId}_${session.originalDate}`).length;
  };
  const before = await timelineCount();
  assert((await change(true)).ok(), 'demo.personnel cancels the session');
  assert((await change(true)).ok(), 'demo.personnel saves the same cancellation again');
  assertEqual(await timelineCount(), before + 1, 'one notification for one cancellation saved twice');

  const weekday = new Date(`${session.date}T12:00:00Z`).toLocaleDateString('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const sentence = `Cours annulé : ${session.subjectName}, ${weekday} à ${session.start}`;
  for (const [label, options] of [
    ['desktop', {}],
    ['phone', PHONE],
  ] as const) {
    const context = await t.newContext(options);
    await apiLogin(context, DEMO.eleve);
    const page = await context.newPage();
    await page.goto('/');
    const panel = page.getByRole('region', { name: /^Notifications/ });
    const link = panel.getByRole('link', { name: new RegExp(`^${sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first();
    await expectVisible(link, `the cancellation sentence (${label})`, 20_000);
    await expectVisible(panel.getByText('Annulé', { exact: true }).first(), `the "Annulé" mark (${label})`);
    await checkA11y(t, page, `portal notifications with a cancelled lesson (${label})`);
    await keepScreenshot(page, `portal-notifications-${label}`);
    await link.click();
    await expectPath(page, '/emploi-du-temps');
    assertEqual(new URL(page.url()).searchParams.get('date'), session.date, `the link opens the day of the lesson (${label})`);
    await expectVisible(page.getByRole('heading', { level: 1, name: 'Emploi du temps' }), `the timetable (${label})`);
    await context.close();
  }
});

test('a teacher’s week: a colour per subject, his own name not repeated on every block (1366 and 390 px)', async (t) => {
  for (const [label, options] of [
    ['1366', { viewport: { width: 1366, height: 900 } }],
    ['390', PHONE],
  ] as const) {
    const context = await t.newContext(options);
    const teacher = await apiLogin(context, DEMO.enseignant);
    const page = await context.newPage();
    await page.goto('/emploi-du-temps');
    await expectVisible(page.getByRole('heading', { level: 1, name: 'Emploi du temps' }), `the timetable (${label})`);
    await expectVisible(page.locator('.tt-course').first(), `the teacher's sessions (${label})`);
    const blocks = await page.locator('.tt-course').evaluateAll((els) =>
      els.map((el) => ({ subject: el.querySelector('.tt-course__subject')?.textContent ?? '', background: getComputedStyle(el).backgroundColor, meta: el.querySelector('.tt-course__meta')?.textContent ?? '' })),
    );
    const bySubject = new Map<string, Set<string>>();
    for (const b of blocks) bySubject.set(b.subject, (bySubject.get(b.subject) ?? new Set()).add(b.background));
    t.step(`${label}: ${blocks.length} blocks, ${bySubject.size} subjects, ${new Set(blocks.map((b) => b.background)).size} colours`);
    if (bySubject.size > 1) assert(new Set(blocks.map((b) => b.background)).size > 1, `${label}: different subjects get different colours`);
    assert(blocks.every((b) => !b.meta.includes(teacher.me.displayName)), `${label}: the teacher's own name is not written on his own blocks`);
    await expectNoSidewaysScroll(page, `teacher timetable (${label})`);
    await checkA11y(t, page, `teacher timetable with subject colours (${label})`);
    await keepScreenshot(page, `emploi-du-temps-demo.enseignant-${label}`);
    await context.close();
  }
});

test('a parent of two children: one "Prochains cours" widget per child, each named, linking to that child’s timetable (desktop and phone)', async (t) => {
  for (const [label, options] of [
    ['desktop', {}],
    ['phone', PHONE],
  ] as const) {
    const context = await t.newContext(options);
    const parent = await apiLogin(context, DEMO.parent);
    const choices = (await (await parent.request.get('/api/v1/timetable/choices')).json()) as { items: Array<{ kind: string; id: string; label: string }> };
    const children = choices.items.filter((c) => c.kind === 'student');
    assert(children.length >= 2, `demo.parent has two children (${children.map((c) => c.label).join(', ')})`);
    const page = await context.newPage();
    await page.goto('/');
    for (const child of children) {
      const widget = page.getByRole('region', { name: `Prochains cours de ${child.label}` });
      await expectVisible(widget, `the next lessons of ${child.label} (${label})`, 20_000);
      assertEqual(await widget.getByRole('link', { name: `Ouvrir l’emploi du temps de ${child.label}` }).getAttribute('href'), `/emploi-du-temps?voir=student:${child.id}`, `the link to ${child.label}'s timetable`);
    }
    await expectNoSidewaysScroll(page, `parent portal (${label})`);
    await checkA11y(t, page, `parent portal with a widget per child (${label})`);
    await keepScreenshot(page, `portal-parent-children-${label}`);
    await context.close();
  }
});

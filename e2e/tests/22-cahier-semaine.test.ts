import type { MyChildren, Occurrence, Schedule, ScheduleChoices, TodoChild } from '@preau/contracts';
import { DEMO, FR, apiLogin, horizontalOverflow, type ApiSession } from '../lib/app.ts';
import { checkA11y } from '../lib/axe.ts';
import { assert, assertEqual, expectPath, expectVisible } from '../lib/expect.ts';
import { test } from '../lib/harness.ts';

/** Calendar days as YYYY-MM-DD, computed in UTC like the web app does. */
function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
function weekday(iso: string): number {
  const day = new Date(Date.parse(`${iso}T00:00:00Z`)).getUTCDay();
  return day === 0 ? 7 : day;
}
const mondayOf = (iso: string) => addDays(iso, 1 - weekday(iso));
const todayInParis = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** The most recent class session (not a group's) of the teacher, today or before, still without an entry. */
async function pastClassSession(teacher: ApiSession, today: string): Promise<Occurrence> {
  for (let week = 0; week < 10; week++) {
    const from = addDays(mondayOf(today), -7 * week);
    const response = await teacher.request.get(`/api/v1/timetable/me?from=${from}&to=${addDays(from, 6)}`);
    assert(response.ok(), `GET /timetable/me: ${response.status()}`);
    const schedule = (await response.json()) as Schedule;
    const candidates = schedule.items.filter(
      (o) => o.canWriteLesson && !o.hasLesson && o.status === 'SCHEDULED' && o.date <= today && o.target.kind === 'CLASS' && o.date === o.originalDate,
    );
    const last = candidates.at(-1);
    if (last) return last;
  }
  throw new Error('demo.enseignant has no class session in the last ten weeks');
}

test('cahier de textes by week: a class’s week from the class page, a parent’s link to his child’s class, a signed session read-only', async (t) => {
  const today = todayInParis();
  const title = `Théorème de Thalès (${Math.random().toString(36).slice(2, 7)})`;

  t.step('demo.enseignant writes the entry of a past class session (API)');
  const teacherContext = await t.newContext();
  const teacher = await apiLogin(teacherContext, DEMO.enseignant);
  const session = await pastClassSession(teacher, today);
  const saved = await teacher.request.put(`/api/v1/lessons/${session.courseId}/${session.originalDate}`, {
    headers: { 'X-CSRF-Token': teacher.csrfToken },
    data: { title, contentHtml: '<p>Énoncé, démonstration et exercices.</p>', links: [], homework: null },
  });
  assert(saved.ok(), `PUT the entry: ${saved.status()} ${await saved.text()}`);
  const sessionWeek = mondayOf(session.originalDate);
  const weeksBack = Math.round((Date.parse(mondayOf(today)) - Date.parse(sessionWeek)) / (7 * 86_400_000));
  const classPath = `/cahier-de-textes/classe/${session.target.id}`;

  // ---------------------------------------------------------------- student: class page → week
  t.step('demo.eleve opens his class’s cahier de textes, then its week view');
  const studentContext = await t.newContext();
  await apiLogin(studentContext, DEMO.eleve);
  const page = await studentContext.newPage();
  await page.goto('/cahier-de-textes');
  await page.getByRole('link', { name: new RegExp(session.target.name) }).first().click();
  await expectPath(page, classPath);
  await page.getByRole('link', { name: 'Voir semaine par semaine' }).click();
  await expectPath(page, `${classPath}/semaine`);
  await expectVisible(page.getByRole('heading', { level: 1, name: `Cahier de textes — ${session.target.name}` }), 'the week page heading');
  const weekHeading = page.getByRole('heading', { level: 2, name: /^Semaine du / });
  await expectVisible(weekHeading, 'the week range');
  const thisWeek = await weekHeading.textContent();
  for (let i = 1; i <= weeksBack; i++) {
    await page.getByRole('link', { name: 'Semaine précédente' }).click();
    await expectPath(page, new RegExp(`/semaine\\?date=${addDays(mondayOf(today), -7 * i)}$`));
  }
  const sessionHeading = page.getByRole('heading', { level: 4, name: new RegExp(`^${session.subjectName}, ${session.start}–${session.end}`) });
  await expectVisible(sessionHeading, `the ${session.subjectName} session of ${session.originalDate} in the week`);
  await expectVisible(page.getByRole('heading', { level: 5, name: title }), 'the entry’s title in the week');
  await checkA11y(t, page, 'class week with an entry');

  t.step('next week and back to this week');
  await page.getByRole('link', { name: 'Semaine suivante' }).click();
  await expectPath(page, new RegExp(`/semaine\\?date=${addDays(sessionWeek, 7)}$`));
  await page.getByRole('link', { name: 'Cette semaine' }).click();
  await expectPath(page, new RegExp(`/semaine$`));
  await expectVisible(page.getByRole('heading', { level: 2, name: thisWeek ?? '', exact: true }), 'this week again');
  await page.goto(`${classPath}/semaine?date=${addDays(sessionWeek, -364)}`);
  await expectVisible(page.getByText('Aucune séance notée cette semaine.'), 'an empty week');
  await checkA11y(t, page, 'empty class week');

  t.step('on a phone, the week reads without sideways scroll');
  const phone = await t.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await apiLogin(phone, DEMO.eleve);
  const phonePage = await phone.newPage();
  await phonePage.goto(`${classPath}/semaine?date=${session.originalDate}`);
  await expectVisible(phonePage.getByRole('heading', { level: 5, name: title }), 'the entry on a phone');
  const overflow = await horizontalOverflow(phonePage);
  assert(overflow.scrollWidth <= overflow.innerWidth, `no horizontal scroll on the phone week (${JSON.stringify(overflow)})`);
  await checkA11y(t, phonePage, 'class week on a phone');

  // ---------------------------------------------------------------- parent: link from the travail à faire
  t.step('demo.parent follows the link to his child’s class from his children’s travail à faire');
  const parentContext = await t.newContext();
  const parent = await apiLogin(parentContext, DEMO.parent);
  const children = (await (await parent.request.get('/api/v1/homework/children')).json()) as { items: TodoChild[] };
  const child = children.items.find((c) => c.classes.some((k) => k.id === session.target.id));
  assert(child, `demo.parent has a child in ${session.target.name}: ${JSON.stringify(children.items)}`);
  const parentPage = await parentContext.newPage();
  await parentPage.goto('/cahier-de-textes');
  if (children.items.length > 1) {
    // The strip under the header names each child by his first name.
    const mine = (await (await parent.request.get('/api/v1/directory/children')).json()) as MyChildren;
    const firstName = mine.items.find((c) => c.id === child.id)?.firstName ?? child.displayName;
    await parentPage.getByRole('region', { name: 'Enfant suivi' }).getByRole('button', { name: new RegExp(`^${firstName}`) }).click();
  }
  const classes = parentPage.getByRole('navigation', { name: `Cahier de textes de la classe de ${child.displayName}` });
  await expectVisible(classes, 'the child’s classes');
  await checkA11y(t, parentPage, 'parent travail à faire with class links');
  await classes.getByRole('link', { name: `${session.target.name} : voir la semaine` }).click();
  await expectPath(parentPage, `${classPath}/semaine`);
  await parentPage.goto(`${classPath}/semaine?date=${session.originalDate}`);
  await expectVisible(parentPage.getByRole('heading', { level: 5, name: title }), 'the entry in the parent’s week view');
  await checkA11y(t, parentPage, 'parent class week');

  t.step('demo.parent cannot open a class none of his children is in');
  const choices = (await (await teacher.request.get('/api/v1/timetable/choices')).json()) as ScheduleChoices;
  const childClassIds = new Set(children.items.flatMap((c) => c.classes.map((k) => k.id)));
  const foreign = choices.items.find((c) => c.kind === 'class' && !childClassIds.has(c.id));
  if (foreign) {
    const response = await parent.request.get(`/api/v1/lessons/week?classId=${foreign.id}`);
    assertEqual(response.status(), 404, `GET the week of ${foreign.label} as demo.parent`);
    await parentPage.goto(`/cahier-de-textes/classe/${foreign.id}/semaine`);
    await expectVisible(parentPage.getByRole('heading', { level: 1, name: FR.notFound }), 'not found for another class');
  } else {
    t.step('(no class of demo.enseignant outside demo.parent’s children: API check skipped)');
  }

  // ---------------------------------------------------------------- visa locks the session
  t.step('demo.adml signs the week; the entry becomes read-only for its author');
  const headContext = await t.newContext();
  const head = await apiLogin(headContext, DEMO.adml);
  const visa = await head.request.post('/api/v1/lessons/visas', {
    headers: { 'X-CSRF-Token': head.csrfToken },
    data: { classId: session.target.id, from: sessionWeek, to: addDays(sessionWeek, 6), comment: null },
  });
  assert(visa.status() === 201, `POST the visa: ${visa.status()} ${await visa.text()}`);
  const refused = await teacher.request.put(`/api/v1/lessons/${session.courseId}/${session.originalDate}`, {
    headers: { 'X-CSRF-Token': teacher.csrfToken },
    data: { title: 'Modifié après le visa', contentHtml: '', links: [], homework: null },
  });
  assertEqual(refused.status(), 409, 'an edit after the visa');
  assertEqual(((await refused.json()) as { error: { code: string } }).error.code, 'LESSON_LOCKED_BY_VISA', 'the error code');
  const teacherPage = await teacherContext.newPage();
  await teacherPage.goto(`/cahier-de-textes/seance/${session.courseId}/${session.originalDate}`);
  await expectVisible(teacherPage.getByText('Séance visée : elle ne peut plus être modifiée.'), 'the read-only notice');
  assertEqual(await teacherPage.getByRole('button', { name: 'Enregistrer la séance' }).count(), 0, 'save buttons on a signed entry');
  await checkA11y(t, teacherPage, 'signed entry, read-only');
  await teacherPage.goto(`${classPath}/semaine?date=${sessionWeek}`);
  await expectVisible(teacherPage.getByText('Visé', { exact: true }).first(), 'the visa badge in the week');

  t.step('the copy screen (demo.enseignant has no earlier year)');
  await teacherPage.goto('/cahier-de-textes');
  await teacherPage.getByRole('link', { name: 'Copier les séances de l’an dernier' }).click();
  await expectPath(teacherPage, '/cahier-de-textes/copier');
  await expectVisible(teacherPage.getByRole('heading', { level: 1, name: 'Copier les séances de l’an dernier' }), 'the copy page');
  await expectVisible(teacherPage.getByText('Vous n’avez aucun cours d’une année précédente.'), 'no earlier course');
  await checkA11y(t, teacherPage, 'copy page without an earlier year');
}, { timeoutMs: 240_000 });

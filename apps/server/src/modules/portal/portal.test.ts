import { Portal } from '@preau/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, ensureSubject, linkParent } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/**
 * GET /api/v1/portal: the contract, who gets which widget, whose children a
 * parent sees, and that each part is what the widget's own route answers.
 */

let ctx: TestContext;
const as = sessionsOn(() => ctx.app);
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let people: Record<string, { id: string; login: string }>;
// Monday 14 September 2026, 07:00 in Paris: today's lessons are still to come, homework is due on Tuesday.
const TODAY = '2026-09-14';
const DUE_ON = '2026-09-15';

const get = async (url: string, auth: AuthHeaders | Record<string, never>) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: auth });

/** A Monday 08:00–09:00 course of a school's class and, written on today's session, a homework due on Tuesday. */
async function courseWithHomework(school: typeof a, description: string) {
  const staff = await as(school.staff);
  const course = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/timetable/structures/${school.structure.id}/courses`,
    headers: staff,
    payload: { subjectCode: '061300', teacherIds: [school.teacher.id], classId: school.schoolClass.id, weekday: 1, start: '08:00', end: '09:00' },
  });
  expect(course.statusCode, course.body).toBe(201);
  const lesson = await ctx.app.inject({
    method: 'PUT',
    url: `/api/v1/lessons/${course.json().id}/${TODAY}`,
    headers: await as(school.teacher),
    payload: { title: 'Cours', contentHtml: '<p>x</p>', links: [], homework: { descriptionHtml: `<p>${description}</p>`, dueOn: DUE_ON, estimatedMinutes: 20, handInOnline: false } },
  });
  expect(lesson.statusCode, lesson.body).toBe(200);
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.now = Date.parse('2026-09-14T05:00:00Z');
  const db = ctx.platform.database.db;
  await ensureSubject(db, '061300', 'MATHS', 'Mathématiques');
  a = await createSchool(db);
  b = await createSchool(db);
  // A parent of two: a's student, and a child in a lycée of another collectivité (createSchool makes one each).
  const parentOfTwo = await createAccount(db, { profile: 'PARENT', firstName: 'Sophie', structureIds: [a.structure.id, b.structure.id] });
  await linkParent(db, parentOfTwo.id, a.student.id);
  await linkParent(db, parentOfTwo.id, b.student.id);
  // The same class's neighbour and his own parent: neither sees a.student's portal parts.
  const neighbour = await createAccount(db, { profile: 'ELEVE', structureIds: [a.structure.id], classId: a.schoolClass.id });
  const neighbourParent = await createAccount(db, { profile: 'PARENT', structureIds: [a.structure.id] });
  await linkParent(db, neighbourParent.id, neighbour.id);
  const otherClassStudent = await createAccount(db, { profile: 'ELEVE', structureIds: [a.structure.id], classId: (await createClass(db, a.structure.id)).id });
  await courseWithHomework(a, 'Exercices 1 à 3');
  await courseWithHomework(b, 'Lire le chapitre 2');
  people = {
    student: a.student,
    neighbour,
    otherClassStudent,
    parentOfTwo,
    neighbourParent,
    teacher: a.teacher,
    staff: a.staff,
    adml: a.adml,
    admc: a.admc,
    otherStructureStudent: b.student,
  };
});
afterAll(async () => {
  await ctx?.close();
});

async function portalOf(who: string): Promise<Portal> {
  const response = await get('/portal', await as(people[who]!));
  expect(response.statusCode, response.body).toBe(200);
  // The answer is the contract, strictly: the web app reads it without guessing.
  return Portal.parse(response.json());
}

describe('GET /portal', () => {
  it('refuses a visitor without a session', async () => {
    const response = await get('/portal', {});
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });

  // Who gets which widget: [actor, own next lessons, own homework, children (by name of their student), messagerie, actualités].
  const table: Array<[string, { next: boolean; due: boolean; children: string[]; unread: boolean; news: boolean }]> = [
    ['student', { next: true, due: true, children: [], unread: true, news: true }],
    ['neighbour', { next: true, due: true, children: [], unread: true, news: true }],
    ['otherClassStudent', { next: true, due: true, children: [], unread: true, news: true }],
    ['otherStructureStudent', { next: true, due: true, children: [], unread: true, news: true }],
    ['parentOfTwo', { next: false, due: false, children: ['student', 'otherStructureStudent'], unread: true, news: true }],
    ['neighbourParent', { next: false, due: false, children: ['neighbour'], unread: true, news: true }],
    ['teacher', { next: true, due: false, children: [], unread: true, news: true }],
    ['staff', { next: false, due: false, children: [], unread: true, news: true }],
    ['adml', { next: false, due: false, children: [], unread: true, news: true }],
    ['admc', { next: false, due: false, children: [], unread: true, news: true }],
  ];
  it.each(table)('gives %s the widgets of his profile, and only his own or his children’s', async (who, expected) => {
    const portal = await portalOf(who);
    expect(portal.me.id).toBe(people[who]!.id);
    expect([portal.today, portal.dueOn]).toEqual([TODAY, DUE_ON]);
    expect(portal.nextCourses !== null).toBe(expected.next);
    expect(portal.due !== null).toBe(expected.due);
    if (portal.due) expect(portal.due.student.id).toBe(people[who]!.id);
    expect(portal.children.map((c) => c.child.id).sort()).toEqual(expected.children.map((name) => people[name]!.id).sort());
    for (const child of portal.children) {
      expect(child.due?.student.id).toBe(child.child.id);
      expect(child.nextCourses?.date).toBe(TODAY);
    }
    expect(portal.unread !== null).toBe(expected.unread);
    expect(portal.news !== null).toBe(expected.news);
  });

  it('shows a student and his class neighbour their class’s lesson and homework, another class nothing', async () => {
    for (const who of ['student', 'neighbour']) {
      const portal = await portalOf(who);
      expect(portal.nextCourses?.items.map((o) => [o.start, o.subjectName])).toEqual([['08:00', 'Mathématiques']]);
      expect(portal.due?.items.map((i) => i.descriptionHtml)).toEqual(['<p>Exercices 1 à 3</p>']);
    }
    const other = await portalOf('otherClassStudent');
    expect(other.nextCourses?.items).toEqual([]);
    expect(other.due?.items).toEqual([]);
  });

  it('gives a parent of two each child’s own lessons and homework, from each child’s lycée', async () => {
    const portal = await portalOf('parentOfTwo');
    const byChild = Object.fromEntries(portal.children.map((c) => [c.child.id, c]));
    expect(byChild[a.student.id]?.due?.items.map((i) => i.descriptionHtml)).toEqual(['<p>Exercices 1 à 3</p>']);
    expect(byChild[b.student.id]?.due?.items.map((i) => i.descriptionHtml)).toEqual(['<p>Lire le chapitre 2</p>']);
    expect(byChild[a.student.id]?.nextCourses?.items).toHaveLength(1);
    expect(byChild[b.student.id]?.nextCourses?.items).toHaveLength(1);
    expect(byChild[a.student.id]?.due?.readOnly).toBe(true);
  });

  it('answers, part by part, what the widgets’ own routes answer to the same actor', async () => {
    for (const who of ['student', 'parentOfTwo', 'teacher', 'staff']) {
      const auth = await as(people[who]!);
      const portal = await portalOf(who);
      const own = async (url: string) => (await get(url, auth)).json();
      expect(portal.me).toEqual((await own('/me')).me);
      expect(portal.timeline).toEqual(await own('/timeline?limit=10'));
      expect(portal.unread).toEqual(await own('/messaging/unread-count'));
      expect(portal.news).toEqual(await own('/news?box=published&limit=3'));
      if (portal.nextCourses) expect(portal.nextCourses).toEqual(await own('/timetable/next'));
      if (portal.due) expect(portal.due).toEqual(await own(`/homework/todo?from=${DUE_ON}&to=${DUE_ON}`));
      for (const child of portal.children) {
        expect(child.due).toEqual(await own(`/homework/todo?studentId=${child.child.id}&from=${DUE_ON}&to=${DUE_ON}`));
        const schedule = await own(`/timetable/students/${child.child.id}?from=${TODAY}&to=${TODAY}`);
        expect(child.nextCourses?.items).toEqual(schedule.items);
      }
      expect(portal.children.map((c) => c.child)).toEqual((await own('/homework/children')).items);
    }
  });

  it('leaves out the lessons already over', async () => {
    const before = ctx.clock.now;
    try {
      ctx.clock.now = Date.parse('2026-09-14T07:30:00Z'); // 09:30 in Paris: the 08:00–09:00 lesson is over
      // New sessions: the ones opened at 07:00 may have timed out meanwhile.
      const student = Portal.parse((await get('/portal', await loginAs(ctx.app, a.student.login))).json());
      expect(student.nextCourses?.items).toEqual([]);
      const parent = Portal.parse((await get('/portal', await loginAs(ctx.app, people.parentOfTwo!.login))).json());
      expect(parent.children.map((c) => c.nextCourses?.items.length)).toEqual([0, 0]);
    } finally {
      ctx.clock.now = before;
    }
  });
});

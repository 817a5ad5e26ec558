import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, ensureSubject, uniqueSuffix } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/**
 * The legal threshold under concurrency (STANDARDS.md §11.1): absences of one
 * student saved at the same moment (two roll calls of the same Monday, or a
 * roll call and vie scolaire's entry) must flag him exactly once — not twice
 * (both transactions counting past 4), and not never (each counting 3 without
 * the other's absence). On PostgreSQL (TEST_DATABASE_URL) the requests run on
 * a pool of connections, truly at once; on the embedded database they are
 * serialised and the test checks the same outcome.
 *
 * The class has three Monday courses: 08:00 and 10:00 (morning) and 14:00
 * (afternoon; the midday boundary is 12:30).
 */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let courses: { early: string; afternoon: string };
let noReasonId: string;
let pupils: { id: string; login: string }[];
const PER_GROUP = 15;

/** 10:00 in Paris on that day (winter time). */
const tenAm = (date: string) => Date.parse(`${date}T09:00:00Z`);

function call(method: 'PUT' | 'POST' | 'GET', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}
const rollCall = (teacher: AuthHeaders, courseId: string, studentId: string) =>
  call('PUT', `/presences/courses/${courseId}/sessions/2026-12-07/students/${studentId}`, teacher, { status: 'ABSENT' });
const wholeDay = (staff: AuthHeaders, date: string, studentIds: string[]) =>
  call('POST', `/presences/structures/${a.structure.id}/absences`, staff, { studentIds, fromDate: date, toDate: date, reasonId: noReasonId });

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.now = tenAm('2026-12-01');
  const db = ctx.platform.database.db;
  await ensureSubject(db);
  a = await createSchool(db);
  const klass = await createClass(db, a.structure.id, { name: `5e ${uniqueSuffix()}` });
  pupils = [];
  for (let i = 0; i < 2 * PER_GROUP; i++) {
    pupils.push(await createAccount(db, { profile: 'ELEVE', firstName: `Élève${i}`, structureIds: [a.structure.id], classId: klass.id }));
  }
  const course = async (startMinute: number) => {
    const row = await db
      .insertInto('courses')
      .values({ structure_id: a.structure.id, school_year: 2026, subject_code: '061300', class_id: klass.id, weekday: 1, start_minute: startMinute, end_minute: startMinute + 60 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('course_teachers').values({ course_id: row.id, teacher_id: a.teacher.id }).execute();
    return row.id;
  };
  courses = { early: await course(480), afternoon: await course(840) };
  const staff = await loginAs(ctx.app, a.staff.login);
  const reasons = (await call('GET', `/presences/structures/${a.structure.id}/reasons`, staff)).json().items as { id: string; label: string }[];
  noReasonId = reasons.find((r) => r.label === 'Sans motif')!.id;
  // Tuesday 1 December, every pupil absent all day without a reason: 2 unjustified half-days each.
  expect((await wholeDay(staff, '2026-12-01', pupils.map((p) => p.id))).statusCode).toBe(201);
}, 120_000);
afterAll(async () => {
  await ctx?.close();
});

async function flagsOf(studentIds: string[]) {
  const db = ctx.platform.database.db;
  const rows = await db.selectFrom('attendance_flags').select(['student_id', 'month', 'threshold']).where('student_id', 'in', studentIds).execute();
  const told = await db
    .selectFrom('timeline_events')
    .select(['object_id'])
    .where('account_id', '=', a.staff.id)
    .where('kind', '=', 'presences.threshold')
    .where('object_id', 'in', studentIds)
    .execute();
  return studentIds.map((id) => ({
    id,
    flags: rows.filter((r) => r.student_id === id).map((r) => `${r.month}/${r.threshold}`),
    told: told.filter((t) => t.object_id === id).length,
  }));
}

describe('the 4 half-day threshold reached by absences saved at once', () => {
  it('each pupil is flagged exactly once, to vie scolaire once', async () => {
    ctx.clock.now = tenAm('2026-12-07');
    const [teacher, staff] = await Promise.all([loginAs(ctx.app, a.teacher.login), loginAs(ctx.app, a.staff.login)]);
    const groupA = pupils.slice(0, PER_GROUP);
    const groupB = pupils.slice(PER_GROUP);
    // Group B already has 3 half-days (the 08:00 lesson of this Monday): whatever comes next crosses 4 together.
    for (const p of groupB) expect((await rollCall(teacher, courses.early, p.id)).statusCode).toBe(200);
    expect((await flagsOf(groupB.map((p) => p.id))).every((f) => f.flags.length === 0)).toBe(true);

    const responses = await Promise.all([
      // Group A, at 2: the morning and the afternoon roll calls saved at once make 4 — neither alone does.
      ...groupA.flatMap((p) => [rollCall(teacher, courses.early, p.id), rollCall(teacher, courses.afternoon, p.id)]),
      // Group B, at 3: the afternoon roll call and vie scolaire's entry of Wednesday 2 at once, each crossing 4.
      ...groupB.flatMap((p) => [rollCall(teacher, courses.afternoon, p.id), wholeDay(staff, '2026-12-02', [p.id])]),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([...Array(2 * PER_GROUP).fill(200), ...Array(PER_GROUP).fill(201), ...Array(PER_GROUP).fill(200)].sort());

    for (const f of await flagsOf(pupils.map((p) => p.id))) expect(f).toEqual({ id: f.id, flags: ['2026-12/4'], told: 1 });
    // The counts the flag was raised on are the final ones as the attendance page shows them.
    const summary = (await call('GET', `/presences/students/${groupA[0]!.id}/attendance?from=2026-12-01&to=2026-12-31`, staff)).json().summary;
    expect(summary.unjustifiedHalfDays).toBe(4);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, ensureSubject, linkParent, uniqueSuffix } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/**
 * The legal thresholds (STANDARDS.md §11.1): a student who reaches 4, then 10,
 * unjustified half-days in a month is flagged once per threshold and month to
 * the structure's vie scolaire and direction, with the letter to the family
 * linked. The clock is moved from day to day as the absences are recorded:
 * by the teacher at the roll call (that day only) and by vie scolaire for
 * whole days. The class's course is on Mondays 08:00–09:00; the midday
 * boundary is 12:30 (a whole day is 2 half-days, the Monday lesson 1).
 */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let pupil: { id: string; login: string };
let pupilParent: { id: string; login: string };
let courseId: string;
let noReasonId: string;
/** A fresh session each time: the clock moves by days, past any session's life. */
const as = (account: { login: string }) => loginAs(ctx.app, account.login);

/** 10:00 in Paris on that day (winter time). */
const tenAm = (date: string) => Date.parse(`${date}T09:00:00Z`);

function call(method: 'GET' | 'PUT' | 'POST', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: url.startsWith('/api/') ? url : `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

async function flagsOf(accountId: string) {
  const rows = await ctx.platform.database.db
    .selectFrom('timeline_events')
    .select(['data', 'actor_id', 'object_id', 'created_at'])
    .where('account_id', '=', accountId)
    .where('kind', '=', 'presences.threshold')
    .orderBy('created_at')
    .execute();
  return rows.map((r): Record<string, unknown> => ({ ...r.data, actorId: r.actor_id, objectId: r.object_id, at: new Date(r.created_at).toISOString() }));
}

async function rollCallAbsent(date: string) {
  ctx.clock.now = tenAm(date);
  const response = await call('PUT', `/presences/courses/${courseId}/sessions/${date}/students/${pupil.id}`, await as(a.teacher), { status: 'ABSENT' });
  expect(response.statusCode).toBe(200);
}

async function wholeDays(fromDate: string, toDate: string) {
  const response = await call('POST', `/presences/structures/${a.structure.id}/absences`, await as(a.staff), { studentIds: [pupil.id], fromDate, toDate, reasonId: noReasonId });
  expect(response.statusCode).toBe(201);
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.now = tenAm('2026-12-01');
  const db = ctx.platform.database.db;
  await ensureSubject(db);
  a = await createSchool(db);
  b = await createSchool(db);
  const klass = await createClass(db, a.structure.id, { name: `4e ${uniqueSuffix()}` });
  pupil = await createAccount(db, { profile: 'ELEVE', firstName: 'Jade', structureIds: [a.structure.id], classId: klass.id });
  pupilParent = await createAccount(db, { profile: 'PARENT', firstName: 'Rose', structureIds: [a.structure.id] });
  await linkParent(db, pupilParent.id, pupil.id);
  const course = await db
    .insertInto('courses')
    .values({ structure_id: a.structure.id, school_year: 2026, subject_code: '061300', class_id: klass.id, weekday: 1, start_minute: 480, end_minute: 540 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('course_teachers').values({ course_id: course.id, teacher_id: a.teacher.id }).execute();
  courseId = course.id;
  const reasons = (await call('GET', `/presences/structures/${a.structure.id}/reasons`, await as(a.staff))).json().items as { id: string; label: string }[];
  noReasonId = reasons.find((r) => r.label === 'Sans motif')!.id;
});
afterAll(async () => {
  await ctx?.close();
});

describe('legal thresholds of unjustified half-days', () => {
  it('flags 4, then 10, once each per month, to vie scolaire and the direction, with the letter', async () => {
    // Tuesday 1 December, whole day: 2 half-days. Monday 7, the 08:00 lesson: 3. Nobody told yet.
    await wholeDays('2026-12-01', '2026-12-01');
    await rollCallAbsent('2026-12-07');
    expect(await flagsOf(a.staff.id)).toEqual([]);

    // Wednesday 2 recorded on the 7th: 5 half-days, over 4. The CPE and the direction are told, at that time, by whom.
    await wholeDays('2026-12-02', '2026-12-02');
    const first = {
      studentId: pupil.id,
      studentName: expect.stringContaining('Jade'),
      month: '2026-12',
      threshold: 4,
      unjustifiedHalfDays: 5,
      letterPath: `/api/v1/presences/students/${pupil.id}/letter.pdf?month=2026-12`,
      actorId: a.staff.id,
      objectId: pupil.id,
      at: new Date(tenAm('2026-12-07')).toISOString(),
    };
    expect(await flagsOf(a.staff.id)).toEqual([expect.objectContaining(first)]);
    expect(await flagsOf(a.adml.id)).toEqual([expect.objectContaining(first)]);

    // The link opens the letter for them.
    const [flag] = await flagsOf(a.staff.id);
    for (const reader of [a.staff, a.adml]) {
      const letter = await call('GET', String(flag!.letterPath), await as(reader));
      expect([letter.statusCode, letter.rawPayload.subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
    }

    // Monday 14: 6 half-days, still the same threshold; the mark taken off and put back tells nobody again.
    await rollCallAbsent('2026-12-14');
    const present = await call('PUT', `/presences/courses/${courseId}/sessions/2026-12-14/students/${pupil.id}`, await as(a.teacher), { status: 'PRESENT' });
    expect(present.statusCode).toBe(200);
    await rollCallAbsent('2026-12-14');
    expect(await flagsOf(a.staff.id)).toHaveLength(1);

    // Tuesday 15 to Thursday 17: 12 half-days, over 10: told once more, the second threshold.
    await wholeDays('2026-12-15', '2026-12-17');
    expect((await flagsOf(a.staff.id)).map((f) => [f.month, f.threshold, f.unjustifiedHalfDays])).toEqual([
      ['2026-12', 4, 5],
      ['2026-12', 10, 12],
    ]);

    // January counts afresh: Tuesday 5 and Wednesday 6 (after the holidays) reach 4 again, for January.
    ctx.clock.now = tenAm('2027-01-07');
    await wholeDays('2027-01-05', '2027-01-06');
    expect((await flagsOf(a.adml.id)).map((f) => [f.month, f.threshold])).toEqual([
      ['2026-12', 4],
      ['2026-12', 10],
      ['2027-01', 4],
    ]);
    expect(await ctx.platform.database.db.selectFrom('attendance_flags').select(['month', 'threshold']).where('student_id', '=', pupil.id).orderBy('month').orderBy('threshold').execute()).toEqual([
      { month: '2026-12', threshold: 4 },
      { month: '2026-12', threshold: 10 },
      { month: '2027-01', threshold: 4 },
    ]);
  });

  it('tells no one else: not the teacher, the family, nor another structure’s vie scolaire', async () => {
    for (const other of [a.teacher, a.parent, pupilParent, pupil, a.student, b.staff, b.adml, a.admc]) {
      expect(await flagsOf(other.id)).toEqual([]);
    }
  });

  it('counts what vie scolaire recorded as justified, or not counted, for nothing', async () => {
    const db = ctx.platform.database.db;
    const other = await createAccount(db, { profile: 'ELEVE', firstName: 'Noé', structureIds: [a.structure.id], classId: a.schoolClass.id });
    const reasons = (await call('GET', `/presences/structures/${a.structure.id}/reasons`, await as(a.staff))).json().items as { id: string; label: string }[];
    const before = (await flagsOf(a.staff.id)).length;
    for (const label of ['Maladie', 'Sortie scolaire']) {
      const response = await call('POST', `/presences/structures/${a.structure.id}/absences`, await as(a.staff), {
        studentIds: [other.id],
        fromDate: '2027-01-11',
        toDate: '2027-01-15',
        reasonId: reasons.find((r) => r.label === label)!.id,
      });
      expect(response.statusCode).toBe(201);
    }
    expect(await flagsOf(a.staff.id)).toHaveLength(before);
    expect(await db.selectFrom('attendance_flags').select('month').where('student_id', '=', other.id).execute()).toEqual([]);
  });
});

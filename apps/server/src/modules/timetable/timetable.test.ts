import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeaching, createAccount, createClass, createGroup, createSchool, ensureSubject, linkParent } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.now = Date.parse('2026-09-14T05:00:00Z');
});
afterAll(async () => {
  await ctx.close();
});

async function setup() {
  const db = ctx.platform.database.db;
  const school = await createSchool(db);
  await ensureSubject(db, '061300', 'MATHS', 'Mathématiques');
  const otherClass = await createClass(db, school.structure.id);
  const sid = [school.structure.id];
  const outsider = await createAccount(db, { profile: 'ELEVE', structureIds: sid, classId: otherClass.id });
  const otherParent = await createAccount(db, { profile: 'PARENT', structureIds: sid });
  await linkParent(db, otherParent.id, outsider.id);
  const colleague = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: sid });
  await addTeaching(db, colleague.id, { classId: otherClass.id });
  const as = async (account: { login: string }) => loginAs(ctx.app, account.login);
  return {
    ...school,
    otherClass,
    outsider,
    otherParent,
    colleague,
    h: {
      staff: await as(school.staff),
      teacher: await as(school.teacher),
      student: await as(school.student),
      parent: await as(school.parent),
      adml: await as(school.adml),
      outsider: await as(outsider),
      otherParent: await as(otherParent),
      colleague: await as(colleague),
    },
  };
}
type School = Awaited<ReturnType<typeof setup>>;

async function createCourse(s: School, body: Record<string, unknown>) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/timetable/structures/${s.structure.id}/courses`,
    headers: s.h.staff,
    payload: { subjectCode: '061300', teacherIds: [s.teacher.id], classId: s.schoolClass.id, room: 'B12', weekday: 1, start: '08:00', end: '09:00', ...body },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

const get = (headers: Record<string, string>, url: string) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

describe('courses and occurrences', () => {
  let s: School;
  beforeAll(async () => {
    s = await setup();
  });

  it('lets DIR/EVS staff create courses, not teachers, and refuses unknown references', async () => {
    const forbidden = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/timetable/structures/${s.structure.id}/courses`,
      headers: s.h.teacher,
      payload: { subjectCode: '061300', teacherIds: [s.teacher.id], classId: s.schoolClass.id, weekday: 1, start: '08:00', end: '09:00' },
    });
    expect(forbidden.statusCode).toBe(403);
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/timetable/structures/${s.structure.id}/courses`,
      headers: s.h.staff,
      payload: { subjectCode: '061300', teacherIds: [s.outsider.id], classId: s.schoolClass.id, weekday: 1, start: '08:00', end: '09:00' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'INVALID_REFERENCE', fields: { teacherIds: 'unknown' } });
    const backwards = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/timetable/structures/${s.structure.id}/courses`,
      headers: s.h.staff,
      payload: { subjectCode: '061300', teacherIds: [s.teacher.id], classId: s.schoolClass.id, weekday: 1, start: '10:00', end: '09:00' },
    });
    expect(backwards.json().error.code).toBe('VALIDATION_FAILED');
    expect(await ctx.platform.database.db.selectFrom('courses').select('id').where('structure_id', '=', s.structure.id).execute()).toEqual([]);
  });

  it('generates week A sessions around the Toussaint holidays, and a class view for its students', async () => {
    await createCourse(s, { weeks: 'A' });
    const response = await get(s.h.student, '/timetable/me?from=2026-10-05&to=2026-11-15');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.map((o: { date: string }) => o.date)).toEqual(['2026-10-12', '2026-11-09']);
    expect(body.items[0]).toMatchObject({ subjectName: 'Mathématiques', room: 'B12', start: '08:00', status: 'SCHEDULED', canWriteLesson: false });
    expect(body.daysOff).toContainEqual({ date: '2026-10-19', label: 'Vacances de la Toussaint' });
    expect(body.daysOff).toContainEqual({ date: '2026-11-11', label: 'Armistice 1918' });
    const teacherView = await get(s.h.teacher, '/timetable/me?from=2026-10-12&to=2026-10-18');
    expect(teacherView.json().items[0]).toMatchObject({ canWriteLesson: true, canChange: false });
    // The head signs October: the teacher may no longer write that session, the one of November stays open.
    await ctx.platform.database.db
      .insertInto('lesson_visas')
      .values({ structure_id: s.structure.id, class_id: s.schoolClass.id, group_id: null, period_from: '2026-10-01', period_to: '2026-10-31', signed_by: s.staff.id, comment: null })
      .execute();
    const afterVisa = await get(s.h.teacher, '/timetable/me?from=2026-10-05&to=2026-11-15');
    expect(afterVisa.json().items.map((o: { date: string; canWriteLesson: boolean }) => [o.date, o.canWriteLesson])).toEqual([
      ['2026-10-12', false],
      ['2026-11-09', true],
    ]);
  });

  it('follows the structure’s zone for winter holidays (A, B, C)', async () => {
    await createCourse(s, { weekday: 2, start: '10:00', end: '11:00' });
    const expected = { A: ['2027-02-09', '2027-03-02'], B: ['2027-02-09', '2027-02-16', '2027-03-09'], C: ['2027-02-02', '2027-02-23', '2027-03-02'] };
    for (const zone of ['A', 'B', 'C'] as const) {
      const put = await ctx.app.inject({ method: 'PUT', url: `/api/v1/timetable/structures/${s.structure.id}/settings`, headers: s.h.adml, payload: { zone } });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ zone, calendarVerified: false });
      const response = await get(s.h.student, `/timetable/classes/${s.schoolClass.id}?from=2027-02-01&to=2027-03-10`);
      const tuesdays = response.json().items.filter((o: { start: string }) => o.start === '10:00').map((o: { date: string }) => o.date);
      for (const date of expected[zone]) expect(tuesdays, `zone ${zone}`).toContain(date);
      const off = { A: ['2027-02-16', '2027-02-23'], B: ['2027-02-23', '2027-03-02'], C: ['2027-02-09', '2027-02-16'] }[zone];
      for (const date of off) expect(tuesdays, `zone ${zone}`).not.toContain(date);
    }
  });

  it('cancels and moves single sessions and tells students, parents and teachers', async () => {
    const course = await createCourse(s, { weekday: 4, start: '14:00', end: '15:00' });
    const cancel = await ctx.app.inject({ method: 'PUT', url: `/api/v1/timetable/courses/${course.id}/occurrences/2026-09-17`, headers: s.h.staff, payload: { cancelled: true } });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().status).toBe('CANCELLED');
    const move = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/timetable/courses/${course.id}/occurrences/2026-09-24`,
      headers: s.h.staff,
      payload: { date: '2026-09-25', start: '16:00', end: '17:00', room: 'C3', replacementTeacherId: s.colleague.id },
    });
    expect(move.json()).toMatchObject({ date: '2026-09-25', start: '16:00', room: 'C3', status: 'MODIFIED', teachers: [{ id: s.colleague.id }] });
    const week = (await get(s.h.student, '/timetable/me?from=2026-09-21&to=2026-09-27')).json();
    const thursdays = week.items.filter((o: { courseId: string }) => o.courseId === course.id);
    expect(thursdays.map((o: { date: string; originalDate: string }) => [o.originalDate, o.date])).toEqual([['2026-09-24', '2026-09-25']]);
    const colleagueWeek = (await get(s.h.colleague, '/timetable/me?from=2026-09-21&to=2026-09-27')).json();
    expect(colleagueWeek.items.map((o: { courseId: string }) => o.courseId)).toContain(course.id);

    const notASession = await ctx.app.inject({ method: 'PUT', url: `/api/v1/timetable/courses/${course.id}/occurrences/2026-09-16`, headers: s.h.staff, payload: { cancelled: true } });
    expect(notASession.statusCode).toBe(404);
    expect(notASession.json().error.code).toBe('OCCURRENCE_NOT_FOUND');
    const inHolidays = await ctx.app.inject({ method: 'PUT', url: `/api/v1/timetable/courses/${course.id}/occurrences/2026-10-22`, headers: s.h.staff, payload: { cancelled: true } });
    expect(inHolidays.statusCode).toBe(404);
    const byTeacher = await ctx.app.inject({ method: 'PUT', url: `/api/v1/timetable/courses/${course.id}/occurrences/2026-10-01`, headers: s.h.teacher, payload: { cancelled: true } });
    expect(byTeacher.statusCode).toBe(403);

    const db = ctx.platform.database.db;
    for (const who of [s.student, s.parent, s.teacher, s.colleague]) {
      const rows = await db.selectFrom('timeline_events').select(['kind', 'object_id', 'data']).where('account_id', '=', who.id).where('kind', '=', 'timetable.changed').execute();
      expect(rows.length, who.login).toBeGreaterThanOrEqual(1);
    }
    const outsiderRows = await db.selectFrom('timeline_events').select('kind').where('account_id', '=', s.outsider.id).execute();
    expect(outsiderRows).toEqual([]);
  });

  it('tells nobody again when a session is saved without any change, and says what changed when it is', async () => {
    const course = await createCourse(s, { weekday: 5, start: '10:00', end: '11:00' });
    const db = ctx.platform.database.db;
    const url = `/api/v1/timetable/courses/${course.id}/occurrences/2026-09-18`;
    const eventsOf = () =>
      db.selectFrom('timeline_events').select(['data']).where('account_id', '=', s.student.id).where('kind', '=', 'timetable.changed').where('object_id', '=', `${course.id}_2026-09-18`).execute();
    // Saving the untouched form of a session that has no change: nothing to tell.
    const untouched = await ctx.app.inject({ method: 'PUT', url, headers: s.h.staff, payload: { cancelled: false, room: '', note: '' } });
    expect(untouched.statusCode, untouched.body).toBe(200);
    expect(await eventsOf()).toEqual([]);
    const cancel = await ctx.app.inject({ method: 'PUT', url, headers: s.h.staff, payload: { cancelled: true } });
    expect(cancel.json().status).toBe('CANCELLED');
    const first = await eventsOf();
    expect(first).toHaveLength(1);
    expect(first[0]!.data).toMatchObject({ subjectName: 'Mathématiques', date: '2026-09-18', start: '10:00', cancelled: true, courseId: course.id });
    // The same cancellation saved twice (double click, form saved again): one notification only.
    const again = await ctx.app.inject({ method: 'PUT', url, headers: s.h.staff, payload: { cancelled: true, room: '' } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().status).toBe('CANCELLED');
    expect(await eventsOf()).toHaveLength(1);
    const restored = await ctx.app.inject({ method: 'PUT', url, headers: s.h.staff, payload: { cancelled: false } });
    expect(restored.json().status).toBe('SCHEDULED');
    expect(await eventsOf()).toHaveLength(2);
  });

  it('shows a student’s timetable to himself, his parents and staff only', async () => {
    const url = `/timetable/students/${s.student.id}?from=2026-10-12&to=2026-10-18`;
    expect((await get(s.h.student, url)).statusCode).toBe(200);
    expect((await get(s.h.parent, url)).statusCode).toBe(200);
    expect((await get(s.h.teacher, url)).statusCode).toBe(200);
    expect((await get(s.h.outsider, url)).statusCode).toBe(404);
    expect((await get(s.h.otherParent, url)).statusCode).toBe(404);
    expect((await get(s.h.outsider, `/timetable/classes/${s.schoolClass.id}?from=2026-10-12&to=2026-10-18`)).statusCode).toBe(404);
    expect((await get(s.h.otherParent, `/timetable/me?from=2026-10-12&to=2026-10-18`)).json().items).toEqual([]);
    const room = await get(s.h.staff, `/timetable/structures/${s.structure.id}/room?room=B12&from=2026-10-12&to=2026-10-18`);
    expect(room.json().items.every((o: { room: string }) => o.room === 'B12')).toBe(true);
    expect((await get(s.h.student, `/timetable/structures/${s.structure.id}/room?room=B12&from=2026-10-12&to=2026-10-18`)).statusCode).toBe(404);
    const tooLong = await get(s.h.student, '/timetable/me?from=2026-09-01&to=2026-12-31');
    expect(tooLong.json().error.code).toBe('TIMETABLE_RANGE_TOO_LONG');
  });

  it('lists today’s next courses for the portal', async () => {
    ctx.clock.now = Date.parse('2026-10-12T06:30:00Z'); // Monday 08:30 in Paris
    const student = await loginAs(ctx.app, s.student.login);
    const next = (await get(student, '/timetable/next')).json();
    expect(next.date).toBe('2026-10-12');
    expect(next.items.map((o: { start: string }) => o.start)).toEqual(['08:00']);
    ctx.clock.now = Date.parse('2026-10-12T07:10:00Z');
    expect((await get(student, '/timetable/next')).json().items).toEqual([]);
    ctx.clock.now = Date.parse('2026-09-14T05:00:00Z');
    // Moving the clock a month on ended the other sessions: open them again.
    for (const key of Object.keys(s.h) as Array<keyof School['h']>) {
      const account = { staff: s.staff, teacher: s.teacher, student: s.student, parent: s.parent, adml: s.adml, outsider: s.outsider, otherParent: s.otherParent, colleague: s.colleague }[key];
      s.h[key] = await loginAs(ctx.app, account.login);
    }
  });

  it('serves a personal iCalendar feed behind a revocable secret URL', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/timetable/ical', headers: s.h.student });
    expect(created.statusCode).toBe(201);
    const url = new URL(created.json().url as string);
    const feed = await ctx.app.inject({ method: 'GET', url: url.pathname });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const text = feed.body;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text).toContain('STATUS:CANCELLED');
    expect(text).toMatch(/DTSTART:20261012T060000Z/);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/timetable/ical', headers: s.h.student })).json().url).toBeNull();
    await ctx.app.inject({ method: 'DELETE', url: '/api/v1/timetable/ical', headers: s.h.student });
    expect((await ctx.app.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/ical/not-a-token-at-all-xxxxxxxx.ics' })).statusCode).toBe(404);
  });

  it('imports a CSV all or nothing, with a report of rejected lines', async () => {
    const header = 'classe;groupe;matiere;enseignants;salle;jour;debut;fin;semaines;periodes';
    const bad = [
      header,
      `${s.schoolClass.code};;MATHS;${s.teacher.login};A1;lundi;13:00;14:00;;`,
      `NOPE;;MATHS;${s.teacher.login};A1;lundi;13:00;14:00;;`,
      `${s.schoolClass.code};;MATHS;${s.teacher.login};A1;dimanche;13:00;14:00;;`,
      `${s.schoolClass.code};;061300;inconnu.prof;A1;mardi;13:00;14:00;B;`,
    ].join('\r\n');
    const db = ctx.platform.database.db;
    const before = (await db.selectFrom('courses').select('id').where('structure_id', '=', s.structure.id).execute()).length;
    const rejected = await ctx.app.inject({ method: 'POST', url: `/api/v1/timetable/structures/${s.structure.id}/import`, headers: s.h.staff, payload: { content: bad } });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json()).toMatchObject({ applied: false, imported: 0, error: { code: 'IMPORT_REJECTED' } });
    expect(rejected.json().rejected.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [3, 'CLASS_UNKNOWN'],
      [4, 'WEEKDAY'],
      [5, 'TEACHER_UNKNOWN'],
    ]);
    expect((await db.selectFrom('courses').select('id').where('structure_id', '=', s.structure.id).execute()).length).toBe(before);
    const good = [header, `${s.schoolClass.code};;MATHS;${s.teacher.login};A1;lundi;13:00;14:00;;`, `${s.schoolClass.code};;061300;${s.teacher.login};;vendredi;9h;10h;P;2026-09-01..2026-10-16`].join('\n');
    const ok = await ctx.app.inject({ method: 'POST', url: `/api/v1/timetable/structures/${s.structure.id}/import`, headers: s.h.staff, payload: { content: good } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ imported: 2, applied: true, rejected: [] });
    const byTeacher = await ctx.app.inject({ method: 'POST', url: `/api/v1/timetable/structures/${s.structure.id}/import`, headers: s.h.teacher, payload: { content: good } });
    expect(byTeacher.statusCode).toBe(403);
  });

  // The week view reads memberships and settings on every request and keeps only the calendar built
  // from them (school-calendar.ts): a student taken out of a class, or a structure that changes its
  // first week, is seen at the next read, never served from an earlier one.
  it('forgets a class and a group the student left, and follows a first-week change, at the next read', async () => {
    const db = ctx.platform.database.db;
    const klass = await createClass(db, s.structure.id);
    const group = await createGroup(db, s.structure.id);
    const mover = await createAccount(db, { profile: 'ELEVE', structureIds: [s.structure.id], classId: klass.id, groupIds: [group.id] });
    await createCourse(s, { classId: klass.id, weekday: 2, start: '14:00', end: '15:00', weeks: 'A' });
    await createCourse(s, { classId: undefined, groupId: group.id, weekday: 4, start: '15:00', end: '16:00' });
    const h = await loginAs(ctx.app, mover.login);
    const week = async () => (await get(h, '/timetable/me?from=2026-11-09&to=2026-11-21')).json().items.map((o: { date: string; start: string }) => `${o.date} ${o.start}`);
    const before = await week();
    expect(before).toEqual(['2026-11-10 14:00', '2026-11-12 15:00', '2026-11-19 15:00']);
    const flip = await ctx.app.inject({ method: 'PUT', url: `/api/v1/timetable/structures/${s.structure.id}/settings`, headers: s.h.adml, payload: { firstWeek: 'B' } });
    expect(flip.statusCode, flip.body).toBe(200);
    expect(await week()).toEqual(['2026-11-12 15:00', '2026-11-17 14:00', '2026-11-19 15:00']);
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/timetable/structures/${s.structure.id}/settings`, headers: s.h.adml, payload: { firstWeek: 'A' } });
    await db.deleteFrom('class_members').where('account_id', '=', mover.id).execute();
    expect(await week()).toEqual(['2026-11-12 15:00', '2026-11-19 15:00']);
    await db.deleteFrom('group_members').where('account_id', '=', mover.id).execute();
    expect(await week()).toEqual([]);
  });
});

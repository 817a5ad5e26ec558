import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, ensureSubject } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/** The staff's course screen: list (filtered, paged), form options, edit and delete of a structure's courses. */

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
  await ensureSubject(db, '030201', 'ANGLAIS', 'Anglais LV1');
  const otherClass = await createClass(db, school.structure.id);
  const colleague = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [school.structure.id] });
  const elsewhere = await createSchool(db);
  return {
    ...school,
    otherClass,
    colleague,
    elsewhere,
    h: {
      staff: await loginAs(ctx.app, school.staff.login),
      adml: await loginAs(ctx.app, school.adml.login),
      teacher: await loginAs(ctx.app, school.teacher.login),
      otherStaff: await loginAs(ctx.app, elsewhere.staff.login),
    },
  };
}
type School = Awaited<ReturnType<typeof setup>>;

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
  ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });

function courseBody(s: School, body: Record<string, unknown> = {}) {
  return { subjectCode: '061300', teacherIds: [s.teacher.id], classId: s.schoolClass.id, room: 'B12', weekday: 1, start: '08:00', end: '09:00', ...body };
}

async function create(s: School, body: Record<string, unknown> = {}): Promise<{ id: string }> {
  const response = await api('POST', `/timetable/structures/${s.structure.id}/courses`, s.h.staff, courseBody(s, body));
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('staff course screen', () => {
  let s: School;
  beforeAll(async () => {
    s = await setup();
  });

  it('gives the form its options: the structure’s classes, groups, teachers and subjects, to managers only', async () => {
    const response = await api('GET', `/timetable/structures/${s.structure.id}/options`, s.h.staff);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.classes.map((c: { id: string }) => c.id).sort()).toEqual([s.schoolClass.id, s.otherClass.id].sort());
    expect(body.groups.map((g: { id: string }) => g.id)).toEqual([s.group.id]);
    expect(body.teachers.map((t: { id: string }) => t.id).sort()).toEqual([s.teacher.id, s.colleague.id].sort());
    expect(body.subjects).toContainEqual({ code: '061300', name: 'Mathématiques' });
    expect((await api('GET', `/timetable/structures/${s.structure.id}/options`, s.h.teacher)).statusCode).toBe(403);
    expect((await api('GET', `/timetable/structures/${s.structure.id}/options`, s.h.otherStaff)).statusCode).toBe(404);
  });

  it('lists the courses by weekday and time, filtered by class, group or teacher, page after page', async () => {
    const wednesday = await create(s, { weekday: 3, start: '10:00', end: '11:00' });
    const monday = await create(s, { weekday: 1, start: '09:00', end: '10:00' });
    const mondayEarly = await create(s, { weekday: 1, start: '08:00', end: '09:00', teacherIds: [s.colleague.id], subjectCode: '030201' });
    const other = await create(s, { classId: s.otherClass.id, weekday: 2 });
    const grouped = await create(s, { classId: null, groupId: s.group.id, weekday: 5, teacherIds: [s.colleague.id] });
    const url = `/timetable/structures/${s.structure.id}/courses`;

    const all = await api('GET', url, s.h.staff);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().items.map((c: { id: string }) => c.id)).toEqual([mondayEarly.id, monday.id, other.id, wednesday.id, grouped.id]);
    expect(all.json().nextCursor).toBeNull();
    expect(all.json().items[0]).toMatchObject({
      subjectName: 'Anglais LV1',
      teachers: [{ id: s.colleague.id }],
      target: { id: s.schoolClass.id, kind: 'CLASS' },
      room: 'B12',
      weekday: 1,
      start: '08:00',
      end: '09:00',
      weeks: 'ALL',
    });

    const ofClass = await api('GET', `${url}?classId=${s.schoolClass.id}`, s.h.staff);
    expect(ofClass.json().items.map((c: { id: string }) => c.id)).toEqual([mondayEarly.id, monday.id, wednesday.id]);
    const ofGroup = await api('GET', `${url}?groupId=${s.group.id}`, s.h.staff);
    expect(ofGroup.json().items.map((c: { id: string }) => c.id)).toEqual([grouped.id]);
    const ofTeacher = await api('GET', `${url}?teacherId=${s.colleague.id}`, s.h.staff);
    expect(ofTeacher.json().items.map((c: { id: string }) => c.id)).toEqual([mondayEarly.id, grouped.id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api('GET', `${url}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, s.h.staff);
      expect(page.statusCode).toBe(200);
      const body = page.json() as { items: Array<{ id: string }>; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.json().items.map((c: { id: string }) => c.id));

    const badCursor = await api('GET', `${url}?cursor=nope`, s.h.staff);
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.code).toBe('INVALID_CURSOR');
    expect((await api('GET', `${url}?limit=1000`, s.h.staff)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await api('GET', url, s.h.teacher)).statusCode).toBe(403);
    expect((await api('GET', `/timetable/structures/${s.elsewhere.structure.id}/courses`, s.h.staff)).statusCode).toBe(404);
  });

  it('edits a course (room, teachers, weeks) and refuses bad edits without changing it', async () => {
    const course = await create(s, { weekday: 4, start: '14:00', end: '15:00' });
    const edited = await api('PUT', `/timetable/courses/${course.id}`, s.h.adml, courseBody(s, { room: 'C204', weekday: 4, start: '14:00', end: '15:30', weeks: 'B', teacherIds: [s.teacher.id, s.colleague.id] }));
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ id: course.id, room: 'C204', end: '15:30', weeks: 'B' });
    expect(edited.json().teachers).toHaveLength(2);

    const backwards = await api('PUT', `/timetable/courses/${course.id}`, s.h.staff, courseBody(s, { room: 'X1', start: '16:00', end: '15:00' }));
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { end: 'custom' } });
    const unknownClass = await api('PUT', `/timetable/courses/${course.id}`, s.h.staff, courseBody(s, { room: 'X1', classId: s.elsewhere.schoolClass.id }));
    expect(unknownClass.json().error).toMatchObject({ code: 'INVALID_REFERENCE', fields: { classId: 'unknown' } });
    const byTeacher = await api('PUT', `/timetable/courses/${course.id}`, s.h.teacher, courseBody(s, { room: 'X1' }));
    expect(byTeacher.statusCode).toBe(403);
    const byOtherSchool = await api('PUT', `/timetable/courses/${course.id}`, s.h.otherStaff, courseBody(s, { room: 'X1' }));
    expect(byOtherSchool.statusCode).toBe(404);

    const one = await api('GET', `/timetable/courses/${course.id}`, s.h.staff);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: course.id, room: 'C204', end: '15:30', weeks: 'B', target: { id: s.schoolClass.id, kind: 'CLASS' } });
    expect((await api('GET', `/timetable/courses/${course.id}`, s.h.teacher)).statusCode).toBe(403);
    expect((await api('GET', `/timetable/courses/${course.id}`, s.h.otherStaff)).statusCode).toBe(404);
    const list = await api('GET', `/timetable/structures/${s.structure.id}/courses?teacherId=${s.teacher.id}`, s.h.staff);
    expect(list.json().items.find((c: { id: string }) => c.id === course.id)).toMatchObject({ room: 'C204', end: '15:30', weeks: 'B' });
  });

  it('deletes a course, for managers only', async () => {
    const course = await create(s, { weekday: 6, start: '08:00', end: '09:00' });
    expect((await api('DELETE', `/timetable/courses/${course.id}`, s.h.teacher)).statusCode).toBe(403);
    expect((await api('DELETE', `/timetable/courses/${course.id}`, s.h.otherStaff)).statusCode).toBe(404);
    expect((await api('DELETE', `/timetable/courses/${course.id}`, s.h.staff)).statusCode).toBe(204);
    expect((await api('DELETE', `/timetable/courses/${course.id}`, s.h.staff)).statusCode).toBe(404);
    const list = await api('GET', `/timetable/structures/${s.structure.id}/courses?limit=100`, s.h.staff);
    expect(list.json().items.map((c: { id: string }) => c.id)).not.toContain(course.id);
  });
});

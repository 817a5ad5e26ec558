import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeaching, createAccount, createClass, createSchool, createStructure, ensureSubject } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/**
 * Relations are computed per object and per date (issue 11): a teacher who
 * replaces a colleague for one session is a teacher of that session only, and
 * a listing shows only what reading each of its items would allow.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  // Monday 21 September 2026, school year 2026.
  ctx.clock.now = Date.parse('2026-09-21T12:00:00Z');
});
afterAll(async () => {
  await ctx.close();
});

async function call(headers: AuthHeaders, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
}

async function createCourse(staff: AuthHeaders, structureId: string, body: Record<string, unknown>): Promise<string> {
  const response = await call(staff, 'POST', `/timetable/structures/${structureId}/courses`, { subjectCode: '061300', weekday: 1, start: '08:00', end: '09:00', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

const entry = (title: string, homework: object | null = null) => ({ title, contentHtml: `<p>${title}</p>`, links: [], homework });

describe('a one-session replacement teacher', () => {
  it('is a teacher of the session he replaces only: not of the other sessions, entries, hand-ins or the zip', async () => {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    await ensureSubject(db);
    const substitute = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Sam', structureIds: [s.structure.id] });
    const h = {
      staff: await loginAs(ctx.app, s.staff.login),
      teacher: await loginAs(ctx.app, s.teacher.login),
      student: await loginAs(ctx.app, s.student.login),
      substitute: await loginAs(ctx.app, substitute.login),
    };
    const courseId = await createCourse(h.staff, s.structure.id, { teacherIds: [s.teacher.id], classId: s.schoolClass.id });
    const replaced = await call(h.staff, 'PUT', `/timetable/courses/${courseId}/occurrences/2026-09-28`, { replacementTeacherId: substitute.id });
    expect(replaced.statusCode, replaced.body).toBe(200);

    // The real teacher's session of 21 September, with homework handed in online.
    const homework = { descriptionHtml: '<p>Exercice 4</p>', dueOn: '2026-09-25', estimatedMinutes: 20, handInOnline: true };
    const written = await call(h.teacher, 'PUT', `/lessons/${courseId}/2026-09-21`, entry('Fonctions', homework));
    expect(written.statusCode, written.body).toBe(200);
    const homeworkId = written.json().homework.id as string;
    const handedIn = await call(h.student, 'PUT', `/homework/${homeworkId}/submission`, { text: 'Ma réponse' });
    expect(handedIn.statusCode, handedIn.body).toBe(200);
    const submissionId = handedIn.json().id as string;

    // His session: he writes its entry.
    const own = await call(h.substitute, 'PUT', `/lessons/${courseId}/2026-09-28`, entry('Remplacement'));
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().canEdit).toBe(true);

    // Not a future session of the course (which would then belong to him), nor the real teacher's entry.
    const future = await call(h.substitute, 'PUT', `/lessons/${courseId}/2026-10-05`, entry('Je prends la suite'));
    expect(future.statusCode, future.body).toBe(403);
    expect((await call(h.substitute, 'PUT', `/lessons/${courseId}/2026-09-21`, entry('Réécrit'))).statusCode).toBe(403);
    const entries = await db.selectFrom('lesson_entries').select(['occurrence_date', 'author_id', 'title']).where('course_id', '=', courseId).orderBy('occurrence_date').execute();
    expect(entries).toEqual([
      { occurrence_date: '2026-09-21', author_id: s.teacher.id, title: 'Fonctions' },
      { occurrence_date: '2026-09-28', author_id: substitute.id, title: 'Remplacement' },
    ]);
    // The real teacher still writes the rest of his course.
    expect((await call(h.teacher, 'PUT', `/lessons/${courseId}/2026-10-05`, entry('Suite'))).statusCode).toBe(200);

    // Not the hand-ins of the course: neither the board, nor the zip, nor returning one.
    const board = await call(h.substitute, 'GET', `/homework/${homeworkId}/submissions`);
    expect(board.statusCode, board.body).toBe(403);
    expect(board.body).not.toContain('Ma réponse');
    expect((await call(h.substitute, 'GET', `/homework/${homeworkId}/submissions.zip`)).statusCode).toBe(403);
    const returned = await call(h.substitute, 'POST', `/homework/submissions/${submissionId}/return`, { comment: 'Vu' });
    expect(returned.statusCode).toBe(403);
    expect(await db.selectFrom('submissions').select('returned_at').where('id', '=', submissionId).executeTakeFirstOrThrow()).toEqual({ returned_at: null });
    // The real teacher keeps them.
    expect((await call(h.teacher, 'GET', `/homework/${homeworkId}/submissions`)).statusCode).toBe(200);

    // His timetable shows the session he gives, not the course's other sessions.
    const mine = await call(h.substitute, 'GET', '/timetable/me?from=2026-09-14&to=2026-10-11');
    expect(mine.statusCode, mine.body).toBe(200);
    const sessions = mine.json().items.filter((o: { courseId: string }) => o.courseId === courseId);
    expect(sessions.map((o: { originalDate: string; canWriteLesson: boolean }) => [o.originalDate, o.canWriteLesson])).toEqual([['2026-09-28', true]]);
    const his = await call(h.staff, 'GET', `/timetable/teachers/${substitute.id}?from=2026-09-14&to=2026-10-11`);
    expect(his.json().items.map((o: { originalDate: string }) => o.originalDate)).toEqual(['2026-09-28']);
    // The real teacher's timetable keeps his course, the replaced session included (shown with the replacement).
    const teacherWeeks = await call(h.teacher, 'GET', '/timetable/me?from=2026-09-14&to=2026-10-11');
    expect(teacherWeeks.json().items.filter((o: { courseId: string }) => o.courseId === courseId).map((o: { originalDate: string }) => o.originalDate)).toEqual([
      '2026-09-14', '2026-09-21', '2026-09-28', '2026-10-05',
    ]);
  });
});

describe('the cahier de textes listing by teacher', () => {
  it('shows a staff member only the entries he may read one by one: not those a shared teacher writes in another lycée', async () => {
    const db = ctx.platform.database.db;
    const a = await createSchool(db);
    await ensureSubject(db);
    // Lycée B, same collectivité; the teacher of lycée A also teaches there.
    const lyceeB = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
    const classB = await createClass(db, lyceeB.id);
    await db.insertInto('structure_members').values({ structure_id: lyceeB.id, school_year: 2026, account_id: a.teacher.id, profile: 'ENSEIGNANT' }).execute();
    await addTeaching(db, a.teacher.id, { classId: classB.id });
    const staffB = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'EVS', structureIds: [lyceeB.id] });
    const h = {
      staffA: await loginAs(ctx.app, a.staff.login),
      staffB: await loginAs(ctx.app, staffB.login),
      teacher: await loginAs(ctx.app, a.teacher.login),
    };
    const courseA = await createCourse(h.staffA, a.structure.id, { teacherIds: [a.teacher.id], classId: a.schoolClass.id });
    const courseB = await createCourse(h.staffB, lyceeB.id, { teacherIds: [a.teacher.id], classId: classB.id, start: '10:00', end: '11:00' });
    expect((await call(h.teacher, 'PUT', `/lessons/${courseA}/2026-09-21`, entry('Écrit au lycée A'))).statusCode).toBe(200);
    expect((await call(h.teacher, 'PUT', `/lessons/${courseB}/2026-09-21`, entry('Écrit au lycée B'))).statusCode).toBe(200);

    // One by one: staff of A reads A's entry, not B's.
    expect((await call(h.staffA, 'GET', `/lessons/${courseA}/2026-09-21`)).statusCode).toBe(200);
    expect((await call(h.staffA, 'GET', `/lessons/${courseB}/2026-09-21`)).statusCode).toBe(404);

    // The listing by teacher follows the same rule.
    const listed = await call(h.staffA, 'GET', `/lessons?teacherId=${a.teacher.id}&from=2026-09-01&to=2026-09-30`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((e: { title: string }) => e.title)).toEqual(['Écrit au lycée A']);
    expect(listed.body).not.toContain('lycée B');
    const listedB = await call(h.staffB, 'GET', `/lessons?teacherId=${a.teacher.id}&from=2026-09-01&to=2026-09-30`);
    expect(listedB.json().items.map((e: { title: string }) => e.title)).toEqual(['Écrit au lycée B']);
    // Every actor: what the listing shows is what he reads one by one (404 when he reads none of the teacher's lycées).
    const elsewhere = await createSchool(db);
    const actors: Array<[string, { login: string }, string[] | 404]> = [
      ['the teacher himself', a.teacher, ['Écrit au lycée A', 'Écrit au lycée B']],
      ['staff of lycée A', a.staff, ['Écrit au lycée A']],
      ['staff of lycée B', staffB, ['Écrit au lycée B']],
      ['the ADML of lycée A', a.adml, ['Écrit au lycée A']],
      ['the ADMC of their collectivité', a.admc, ['Écrit au lycée A', 'Écrit au lycée B']],
      ['a student of his class in lycée A', a.student, 404],
      ['a parent in lycée A', a.parent, 404],
      ['staff of a lycée of another collectivité', elsewhere.staff, 404],
      ['the ADMC of another collectivité', elsewhere.admc, 404],
    ];
    for (const [who, account, expected] of actors) {
      const response = await call(await loginAs(ctx.app, account.login), 'GET', `/lessons?teacherId=${a.teacher.id}&from=2026-09-01&to=2026-09-30`);
      if (expected === 404) {
        expect(response.statusCode, who).toBe(404);
        expect(response.body, who).not.toContain('Écrit');
      } else {
        expect(response.statusCode, who).toBe(200);
        expect(response.json().items.map((e: { title: string }) => e.title).sort(), who).toEqual(expected);
      }
    }
  });
});

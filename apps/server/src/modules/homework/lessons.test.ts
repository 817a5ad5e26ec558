import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeaching, createAccount, createClass, createSchool, ensureSubject, linkParent } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  // Monday 21 September 2026, school year 2026.
  ctx.clock.now = Date.parse('2026-09-21T12:00:00Z');
});
afterAll(async () => {
  await ctx.close();
});

type Headers = Record<string, string>;

async function login(accounts: Record<string, { login: string }>): Promise<Record<string, Headers>> {
  return Object.fromEntries(await Promise.all(Object.entries(accounts).map(async ([k, a]) => [k, await loginAs(ctx.app, a.login)] as const)));
}

/** A weekly course of this year, created by the school's timetable manager. */
async function createCourse(staff: Headers, structureId: string, body: Record<string, unknown>): Promise<string> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/timetable/structures/${structureId}/courses`,
    headers: staff,
    payload: { subjectCode: '061300', weekday: 1, start: '08:00', end: '09:00', ...body },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

const entryBody = (title: string) => ({ title, contentHtml: `<p>${title}</p>`, links: [], homework: null });

describe('cahier de textes: lock after visa', () => {
  it('lets the author edit until the head signs the period, then refuses with LESSON_LOCKED_BY_VISA and writes nothing', async () => {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    await ensureSubject(db);
    const h = await login({ staff: s.staff, teacher: s.teacher, dir: s.adml, student: s.student });
    const courseId = await createCourse(h.staff!, s.structure.id, { teacherIds: [s.teacher.id], classId: s.schoolClass.id });
    const url = `/api/v1/lessons/${courseId}/2026-09-21`;

    expect((await ctx.app.inject({ method: 'PUT', url, headers: h.teacher!, payload: entryBody('Fonctions') })).statusCode).toBe(200);
    const edited = await ctx.app.inject({ method: 'PUT', url, headers: h.teacher!, payload: entryBody('Fonctions (suite)') });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, canEdit: true, visa: null });
    const entryId = edited.json().id as string;

    const visa = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/lessons/visas',
      headers: h.dir!,
      payload: { classId: s.schoolClass.id, from: '2026-09-01', to: '2026-09-30', comment: 'Vu' },
    });
    expect(visa.statusCode, visa.body).toBe(201);

    // The entry now reads as signed and read-only, for its author too.
    const read = await ctx.app.inject({ method: 'GET', url, headers: h.teacher! });
    expect(read.json()).toMatchObject({ canEdit: false, visa: { from: '2026-09-01', to: '2026-09-30' } });

    // Edits (content, removal of its homework) and new attachments are refused; nothing changes.
    const refused = await ctx.app.inject({ method: 'PUT', url, headers: h.teacher!, payload: entryBody('Réécrit après le visa') });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'LESSON_LOCKED_BY_VISA', message: expect.stringContaining('visée') });
    const refusedEn = await ctx.app.inject({ method: 'PUT', url, headers: { ...h.teacher!, 'accept-language': 'en' }, payload: entryBody('x') });
    expect(refusedEn.json().error).toMatchObject({ code: 'LESSON_LOCKED_BY_VISA', message: expect.stringContaining('signed off') });
    const boundary = '----preau-lock';
    const attach = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/lessons/entries/${entryId}/attachments`,
      headers: { ...h.teacher!, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--${boundary}--\r\n`,
    });
    expect(attach.statusCode).toBe(409);
    expect(attach.json().error.code).toBe('LESSON_LOCKED_BY_VISA');
    expect(await db.selectFrom('homework_files').select('id').where('owner_id', '=', entryId).execute()).toEqual([]);

    const after = await db.selectFrom('lesson_entries').select(['title', 'version']).where('id', '=', entryId).executeTakeFirstOrThrow();
    expect(after).toEqual({ title: 'Fonctions (suite)', version: 2 });
    const history = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/entries/${entryId}/history`, headers: h.dir! });
    expect(history.json().items.map((i: { version: number; title: string }) => [i.version, i.title])).toEqual([
      [2, 'Fonctions (suite)'],
      [1, 'Fonctions'],
    ]);

    // A session of the signed period cannot be filled in afterwards; one after it can.
    const late = await ctx.app.inject({ method: 'PUT', url: `/api/v1/lessons/${courseId}/2026-09-28`, headers: h.teacher!, payload: entryBody('Oubli') });
    expect(late.json().error.code).toBe('LESSON_LOCKED_BY_VISA');
    expect(await db.selectFrom('lesson_entries').select('id').where('course_id', '=', courseId).where('occurrence_date', '=', '2026-09-28').execute()).toEqual([]);
    const next = await ctx.app.inject({ method: 'PUT', url: `/api/v1/lessons/${courseId}/2026-10-05`, headers: h.teacher!, payload: entryBody('Octobre') });
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json()).toMatchObject({ canEdit: true, visa: null });
  });
});

describe('cahier de textes: one week of a class', () => {
  it('answers Monday to Sunday, every subject by date and time, to those who may read the class', async () => {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    await ensureSubject(db);
    // Same name as courses.test.ts and the demo: on PostgreSQL the subjects table is shared by every test file.
    await ensureSubject(db, '030201', 'ANGLAIS', 'Anglais LV1');
    const otherClass = await createClass(db, s.structure.id);
    const outsider = await createAccount(db, { profile: 'ELEVE', structureIds: [s.structure.id], classId: otherClass.id });
    const otherParent = await createAccount(db, { profile: 'PARENT', structureIds: [s.structure.id] });
    await linkParent(db, otherParent.id, outsider.id);
    const english = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [s.structure.id] });
    await addTeaching(db, english.id, { classId: s.schoolClass.id }, '030201');
    const h = await login({ staff: s.staff, teacher: s.teacher, english, student: s.student, parent: s.parent, dir: s.adml, outsider, otherParent });
    const classId = s.schoolClass.id;
    const maths = await createCourse(h.staff!, s.structure.id, { teacherIds: [s.teacher.id], classId, start: '10:00', end: '11:00' });
    const mathsFriday = await createCourse(h.staff!, s.structure.id, { teacherIds: [s.teacher.id], classId, weekday: 5, start: '14:00', end: '15:00' });
    const anglais = await createCourse(h.staff!, s.structure.id, { subjectCode: '030201', teacherIds: [english.id], classId, start: '08:00', end: '09:00' });
    const otherCourse = await createCourse(h.staff!, s.structure.id, { teacherIds: [s.teacher.id], classId: otherClass.id, start: '13:00', end: '14:00' });
    const save = async (who: Headers, courseId: string, date: string, title: string) => {
      const r = await ctx.app.inject({ method: 'PUT', url: `/api/v1/lessons/${courseId}/${date}`, headers: who, payload: entryBody(title) });
      expect(r.statusCode, r.body).toBe(200);
    };
    await save(h.teacher!, maths, '2026-09-14', 'Semaine d’avant');
    await save(h.teacher!, maths, '2026-09-21', 'Maths lundi');
    await save(h.english!, anglais, '2026-09-21', 'Anglais lundi');
    await save(h.teacher!, mathsFriday, '2026-09-25', 'Maths vendredi');
    await save(h.teacher!, maths, '2026-09-28', 'Semaine d’après');
    await save(h.teacher!, otherCourse, '2026-09-21', 'Autre classe');

    const week = async (who: Headers, query: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/week?${query}`, headers: who });
    // Any day of the week gives the same week, Sunday included; sessions by date then time, whatever the subject.
    for (const date of ['2026-09-21', '2026-09-24', '2026-09-27']) {
      const r = await week(h.student!, `classId=${classId}&date=${date}`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ target: { id: classId, kind: 'CLASS', name: s.schoolClass.name }, from: '2026-09-21', to: '2026-09-27', previous: '2026-09-14', next: '2026-09-28' });
      expect(r.json().items.map((e: { title: string }) => e.title)).toEqual(['Anglais lundi', 'Maths lundi', 'Maths vendredi']);
      expect(r.json().items.map((e: { start: string; end: string }) => `${e.start}-${e.end}`)).toEqual(['08:00-09:00', '10:00-11:00', '14:00-15:00']);
    }
    expect((await week(h.student!, `classId=${classId}&date=2026-09-28`)).json().items.map((e: { title: string }) => e.title)).toEqual(['Semaine d’après']);
    expect((await week(h.student!, `classId=${classId}&date=2026-09-20`)).json().items.map((e: { title: string }) => e.title)).toEqual(['Semaine d’avant']);
    // Default: this week (the clock says Monday 21 September).
    expect((await week(h.student!, `classId=${classId}`)).json()).toMatchObject({ from: '2026-09-21', items: [{}, {}, {}] });
    const empty = await week(h.student!, `classId=${classId}&date=2026-11-02`);
    expect(empty.json()).toMatchObject({ from: '2026-11-02', items: [], target: { name: s.schoolClass.name } });

    // Visibility: the class, its parents, its teachers and the head; not another class's student or parent.
    for (const who of ['parent', 'teacher', 'english', 'dir'] as const) {
      expect((await week(h[who]!, `classId=${classId}&date=2026-09-21`)).statusCode, who).toBe(200);
    }
    for (const who of ['outsider', 'otherParent'] as const) {
      const r = await week(h[who]!, `classId=${classId}&date=2026-09-21`);
      expect(r.statusCode, who).toBe(404);
      expect(r.json().error.code).toBe('NOT_FOUND');
      expect(r.body).not.toContain('Maths lundi');
    }
    // The other parent reads his own child's class, which holds only its own entries.
    expect((await week(h.otherParent!, `classId=${otherClass.id}&date=2026-09-21`)).json().items.map((e: { title: string }) => e.title)).toEqual(['Autre classe']);

    // Bad queries are refused cleanly.
    expect((await week(h.student!, 'date=2026-09-21')).json().error.code).toBe('VALIDATION_FAILED');
    expect((await week(h.student!, `classId=${classId}&groupId=${s.group.id}`)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await week(h.student!, `classId=${classId}&date=2026-02-30`)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await week(h.student!, `classId=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });

  it('gives a parent each child with the classes whose cahier he may open, and nothing of another class', async () => {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    const otherClass = await createClass(db, s.structure.id);
    const lastYearClass = await createClass(db, s.structure.id, { year: 2025 });
    await db.insertInto('class_members').values({ class_id: lastYearClass.id, account_id: s.student.id }).execute();
    const h = await login({ parent: s.parent, student: s.student });
    const children = await ctx.app.inject({ method: 'GET', url: '/api/v1/homework/children', headers: h.parent! });
    expect(children.statusCode, children.body).toBe(200);
    expect(children.json().items).toEqual([
      {
        id: s.student.id,
        displayName: `${s.student.first_name} ${s.student.last_name}`,
        classes: [
          { id: s.schoolClass.id, kind: 'CLASS', name: s.schoolClass.name },
          { id: s.group.id, kind: 'GROUP', name: s.group.name },
        ],
      },
    ]);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/homework/children', headers: h.student! })).json().items).toEqual([]);
    const mine = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/week?classId=${s.schoolClass.id}`, headers: h.parent! });
    expect(mine.statusCode).toBe(200);
    const other = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/week?classId=${otherClass.id}`, headers: h.parent! });
    expect(other.statusCode).toBe(404);
    const list = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons?classId=${otherClass.id}&from=2026-09-01&to=2026-09-30`, headers: h.parent! });
    expect(list.statusCode).toBe(404);
  });
});

describe('cahier de textes: copy last year’s entries', () => {
  it('lists the teacher’s courses, previews, copies into free unsigned sessions, and refuses what it must', async () => {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    await ensureSubject(db);
    const colleague = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [s.structure.id] });
    await addTeaching(db, colleague.id, { classId: s.schoolClass.id });
    const h = await login({ staff: s.staff, teacher: s.teacher, colleague, dir: s.adml });
    const lastYearClass = await createClass(db, s.structure.id, { year: 2025, name: 'Seconde 2025' });
    const insertCourse = async (teacherId: string) => {
      const course = await db
        .insertInto('courses')
        .values({ structure_id: s.structure.id, school_year: 2025, subject_code: '061300', class_id: lastYearClass.id, weekday: 1, start_minute: 480, end_minute: 540 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('course_teachers').values({ course_id: course.id, teacher_id: teacherId }).execute();
      return course.id;
    };
    const lastYear = await insertCourse(s.teacher.id);
    const lastYearEmpty = await insertCourse(s.teacher.id);
    for (const [i, date] of ['2025-09-01', '2025-09-08', '2025-09-15'].entries()) {
      await db
        .insertInto('lesson_entries')
        .values({ course_id: lastYear, occurrence_date: date, structure_id: s.structure.id, author_id: s.teacher.id, title: `Chapitre ${i + 1}`, content_html: `<p>Chapitre ${i + 1}</p>` })
        .execute();
    }
    const thisYear = await createCourse(h.staff!, s.structure.id, { teacherIds: [s.teacher.id], classId: s.schoolClass.id });
    const colleagues = await createCourse(h.staff!, s.structure.id, { teacherIds: [colleague.id], classId: s.schoolClass.id, start: '09:00', end: '10:00' });
    // The head signed the first weeks: the session of 7 September stays as it is.
    const visa = await ctx.app.inject({ method: 'POST', url: '/api/v1/lessons/visas', headers: h.dir!, payload: { classId: s.schoolClass.id, from: '2026-09-01', to: '2026-09-13' } });
    expect(visa.statusCode).toBe(201);

    const courses = await ctx.app.inject({ method: 'GET', url: '/api/v1/lessons/copy/courses', headers: h.teacher! });
    expect(courses.statusCode, courses.body).toBe(200);
    expect(courses.json().currentYear).toBe(2026);
    const byId = new Map(courses.json().items.map((c: { courseId: string }) => [c.courseId, c]));
    expect(byId.get(lastYear)).toMatchObject({ schoolYear: 2025, entryCount: 3, subjectName: 'Mathématiques', target: { name: 'Seconde 2025', kind: 'CLASS' }, weekday: 1, start: '08:00' });
    expect(byId.get(lastYearEmpty)).toMatchObject({ entryCount: 0 });
    expect(byId.get(thisYear)).toMatchObject({ schoolYear: 2026, entryCount: 0 });
    expect(byId.has(colleagues)).toBe(false);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/lessons/copy/courses', headers: h.dir! })).json().items).toEqual([]);

    const count = () => db.selectFrom('lesson_entries').select('occurrence_date').where('course_id', '=', thisYear).orderBy('occurrence_date').execute();
    const post = (url: string, who: Headers, fromCourseId: string, toCourseId: string) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/lessons/${url}`, headers: who, payload: { fromCourseId, toCourseId } });

    const preview = await post('copy/preview', h.teacher!, lastYear, thisYear);
    expect(preview.json()).toEqual({ copied: 2, skipped: 1 });
    expect(await count()).toEqual([]);

    // Edge cases: nothing to copy, a target he does not teach, a source that is not earlier.
    const nothing = await post('copy', h.teacher!, lastYearEmpty, thisYear);
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json().error.code).toBe('NOTHING_TO_COPY');
    expect((await post('copy/preview', h.teacher!, lastYearEmpty, thisYear)).json().error.code).toBe('NOTHING_TO_COPY');
    const notOwned = await post('copy', h.teacher!, lastYear, colleagues);
    expect(notOwned.statusCode).toBe(403);
    expect(notOwned.json().error.code).toBe('FORBIDDEN');
    expect((await post('copy', h.colleague!, lastYear, colleagues)).json().error.code).toBe('NOTHING_TO_COPY');
    expect((await post('copy', h.teacher!, thisYear, thisYear)).statusCode).toBe(403);
    expect((await post('copy', h.teacher!, '00000000-0000-4000-8000-000000000000', thisYear)).statusCode).toBe(404);
    expect(await db.selectFrom('lesson_entries').select('id').where('course_id', '=', colleagues).execute()).toEqual([]);
    expect(await count()).toEqual([]);

    const copied = await post('copy', h.teacher!, lastYear, thisYear);
    expect(copied.statusCode, copied.body).toBe(200);
    expect(copied.json()).toEqual({ copied: 2, skipped: 1 });
    expect((await count()).map((r) => r.occurrence_date)).toEqual(['2026-09-14', '2026-09-21']);
    const entry = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/${thisYear}/2026-09-14`, headers: h.teacher! });
    expect(entry.json()).toMatchObject({ title: 'Chapitre 2', version: 1, homework: null, canEdit: true });
    // Again: every session is taken or signed.
    expect((await post('copy', h.teacher!, lastYear, thisYear)).json()).toEqual({ copied: 0, skipped: 3 });
  });
});

describe('cahier de textes: a legal record that outlives its author’s account', () => {
  it('still names the teacher who wrote an entry after his account is purged', async () => {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    await ensureSubject(db);
    const h = await login({ staff: s.staff, teacher: s.teacher, dir: s.adml });
    const courseId = await createCourse(h.staff!, s.structure.id, { teacherIds: [s.teacher.id], classId: s.schoolClass.id });
    const url = `/api/v1/lessons/${courseId}/2026-09-21`;
    const written = await ctx.app.inject({ method: 'PUT', url, headers: h.teacher!, payload: entryBody('Suites numériques') });
    const signed = await ctx.app.inject({ method: 'POST', url: '/api/v1/lessons/visas', headers: h.dir!, payload: { classId: s.schoolClass.id, from: '2026-09-01', to: '2026-09-30' } });
    expect(signed.statusCode, signed.body).toBe(201);
    expect(written.statusCode, written.body).toBe(200);
    const author = written.json().author as { id: string; displayName: string };
    expect(author.id).toBe(s.teacher.id);
    expect(author.displayName).not.toBe('- -');

    // The teacher and the head left: after the retention period, provisioning purges their accounts (names wiped).
    const { purgeLeavers } = await import('../provisioning/aaf/aaf-import.repository.ts');
    await db.updateTable('accounts').set({ leaving_at: new Date('2026-01-01T00:00:00Z') }).where('id', 'in', [s.teacher.id, s.adml.id]).execute();
    expect(await purgeLeavers(db, new Date('2026-06-01T00:00:00Z'), new Date(ctx.clock.now), 10, 2026)).toBeGreaterThanOrEqual(2);
    expect(await db.selectFrom('accounts').select('first_name').where('id', '=', s.teacher.id).executeTakeFirstOrThrow()).toEqual({ first_name: '-' });

    const read = await ctx.app.inject({ method: 'GET', url, headers: h.staff! });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().author).toEqual(author);
    expect(read.json().visa.signedBy).toEqual(signed.json().signedBy);
    expect(read.json().visa.signedBy.displayName).not.toBe('- -');
  });
});

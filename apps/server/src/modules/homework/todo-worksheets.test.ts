import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, ensureSubject, linkParent } from '../../../test/factories.ts';
import { loginAs, type AuthHeaders } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/*
 * Issue 13, the student's travail à faire: the worksheet the teacher attached
 * to the lesson is on the card, for whoever may read the card, and a hand-in
 * (file or text) ticks "fait" in the same transaction as the hand-in itself.
 */

let ctx: TestContext;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'preau-todo-'));
  ctx = await createTestContext({ PREAU_DATA: dataDir, UPLOADS_PER_TEN_MINUTES: '1000' });
  ctx.clock.now = Date.parse('2026-09-21T12:00:00Z');
});
afterAll(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function multipart(filename: string, content: string, type = 'application/pdf') {
  const boundary = '----preau-todo-boundary';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

interface Todo {
  items: Array<{ id: string; done: boolean; worksheets: Array<{ id: string; filename: string }> }>;
}

async function setUp() {
  const db = ctx.platform.database.db;
  const s = await createSchool(db);
  await ensureSubject(db);
  const sid = [s.structure.id];
  const classmate = await createAccount(db, { profile: 'ELEVE', structureIds: sid, classId: s.schoolClass.id });
  const otherClass = await createClass(db, s.structure.id);
  const outsider = await createAccount(db, { profile: 'ELEVE', structureIds: sid, classId: otherClass.id });
  const otherParent = await createAccount(db, { profile: 'PARENT', structureIds: sid });
  await linkParent(db, otherParent.id, outsider.id);
  const h = Object.fromEntries(
    await Promise.all(
      Object.entries({ staff: s.staff, teacher: s.teacher, student: s.student, parent: s.parent, classmate, outsider, otherParent }).map(
        async ([k, a]) => [k, await loginAs(ctx.app, a.login)] as const,
      ),
    ),
  ) as Record<'staff' | 'teacher' | 'student' | 'parent' | 'classmate' | 'outsider' | 'otherParent', AuthHeaders>;
  const course = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/timetable/structures/${s.structure.id}/courses`,
    headers: h.staff,
    payload: { subjectCode: '061300', teacherIds: [s.teacher.id], classId: s.schoolClass.id, weekday: 1, start: '08:00', end: '09:00' },
  });
  const saved = await ctx.app.inject({
    method: 'PUT',
    url: `/api/v1/lessons/${course.json().id as string}/2026-09-21`,
    headers: h.teacher,
    payload: {
      title: 'Fonctions affines',
      contentHtml: '<p>Cours</p>',
      links: [],
      homework: { descriptionHtml: '<p>Exercices de la fiche</p>', dueOn: '2026-09-28', estimatedMinutes: 30, handInOnline: true },
    },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  return { s, h, classmateId: classmate.id, entryId: saved.json().id as string, homeworkId: saved.json().homework.id as string };
}

const todoOf = async (headers: AuthHeaders, query = '') => ctx.app.inject({ method: 'GET', url: `/api/v1/homework/todo${query}`, headers });

describe('travail à faire: the worksheet on the card, and a hand-in ticks "fait"', () => {
  it('shows the lesson’s worksheet on the card of the student and his parent, downloadable by them only', async () => {
    const { s, h, entryId, homeworkId } = await setUp();
    const body = multipart('fiche-exercices.pdf', '%PDF-1.4 fiche');
    const attached = await ctx.app.inject({ method: 'POST', url: `/api/v1/lessons/entries/${entryId}/attachments`, headers: { ...h.teacher, ...body.headers }, payload: body.payload });
    expect(attached.statusCode, attached.body).toBe(201);
    const fileId = attached.json().id as string;

    const student = (await todoOf(h.student)).json() as Todo;
    expect(student.items).toEqual([expect.objectContaining({ id: homeworkId, worksheets: [expect.objectContaining({ id: fileId, filename: 'fiche-exercices.pdf' })] })]);
    const parent = (await todoOf(h.parent, `?studentId=${s.student.id}`)).json() as Todo;
    expect(parent.items[0]?.worksheets.map((f) => f.id)).toEqual([fileId]);

    // Who may download it: the class, its parents, the teacher; not another class's student or parent.
    const download = (headers: AuthHeaders) => ctx.app.inject({ method: 'GET', url: `/api/v1/homework/files/${fileId}`, headers });
    for (const who of ['student', 'classmate', 'parent', 'teacher'] as const) {
      const response = await download(h[who]);
      expect(response.statusCode, who).toBe(200);
      expect(response.body, who).toBe('%PDF-1.4 fiche');
    }
    for (const who of ['outsider', 'otherParent'] as const) expect((await download(h[who])).statusCode, who).toBe(404);
    expect(((await todoOf(h.outsider)).json() as Todo).items).toEqual([]);
    expect((await todoOf(h.otherParent, `?studentId=${s.student.id}`)).statusCode).toBe(404);
  });

  it('a homework without a file has an empty worksheet list', async () => {
    const { h } = await setUp();
    expect(((await todoOf(h.student)).json() as Todo).items[0]?.worksheets).toEqual([]);
  });

  it('a file or a text handed in ticks "fait"; a refused hand-in ticks nothing; a parent cannot hand in', async () => {
    const { s, h, classmateId, homeworkId } = await setUp();
    const doneOf = async (headers: AuthHeaders, query = '') => ((await todoOf(headers, query)).json() as Todo).items.find((i) => i.id === homeworkId)?.done;
    expect(await doneOf(h.student)).toBe(false);

    const body = multipart('copie.pdf', '%PDF-1.4 copie');
    const sent = await ctx.app.inject({ method: 'POST', url: `/api/v1/homework/${homeworkId}/submission/files`, headers: { ...h.student, ...body.headers }, payload: body.payload });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(await doneOf(h.student)).toBe(true);
    expect(await doneOf(h.parent, `?studentId=${s.student.id}`)).toBe(true);

    // Refused (empty): nothing handed in, nothing ticked.
    const empty = await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: h.classmate, payload: { text: '   ' } });
    expect(empty.json().error.code).toBe('SUBMISSION_EMPTY');
    expect(await doneOf(h.classmate)).toBe(false);
    const text = await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: h.classmate, payload: { text: 'f(x) = 2x + 1' } });
    expect(text.statusCode, text.body).toBe(200);
    expect(await doneOf(h.classmate)).toBe(true);

    // The student may still untick it (his own list); a new hand-in ticks it again.
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/done`, headers: h.student, payload: { done: false } });
    expect(await doneOf(h.student)).toBe(false);
    const again = await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: h.student, payload: { text: 'Complément' } });
    expect(again.statusCode).toBe(200);
    expect(await doneOf(h.student)).toBe(true);

    // A parent reads, never hands in; another class's student cannot either.
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: h.parent, payload: { text: 'x' } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: h.outsider, payload: { text: 'x' } })).statusCode).toBe(404);
    const ticks = await ctx.platform.database.db.selectFrom('homework_done').select('student_id').where('homework_id', '=', homeworkId).execute();
    expect(new Set(ticks.map((t) => t.student_id))).toEqual(new Set([s.student.id, classmateId]));
  });
});

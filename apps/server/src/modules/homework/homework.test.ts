import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeaching, createAccount, createClass, createSchool, ensureSubject, linkParent } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { MAX_FILES, submissionsArchive } from './homework.service.ts';

let ctx: TestContext;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'preau-homework-'));
  ctx = await createTestContext({ PREAU_DATA: dataDir, UPLOADS_PER_TEN_MINUTES: '1000' });
  ctx.clock.now = Date.parse('2026-09-21T12:00:00Z');
});
afterAll(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every entry of a ZIP archive, read back by a real reader (yauzl), with its CRC checked. */
async function unzip(archive: Buffer): Promise<Array<{ name: string; data: Buffer }>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(archive, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const entries: Array<{ name: string; data: Buffer }> = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        Readable.from(stream)
          .toArray()
          .then((chunks) => {
            const data = Buffer.concat(chunks);
            if ((crc32(data) >>> 0) !== entry.crc32) return reject(new Error(`bad CRC for ${entry.fileName}`));
            entries.push({ name: entry.fileName, data });
            zip.readEntry();
          }, reject);
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

/** Files under the storage's homework folder. */
function storedFiles(): number {
  try {
    return readdirSync(join(dataDir, 'files', 'homework'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  } catch {
    return 0;
  }
}

function multipart(filename: string, content: string, type = 'application/pdf') {
  const boundary = '----preau-test-boundary';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('cahier de textes, travail à faire and hand-in', () => {
  it('runs the whole journey with visibility, visa, history, late hand-in and return', async () => {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    await ensureSubject(db);
    const sid = [s.structure.id];
    const classmate = await createAccount(db, { profile: 'ELEVE', structureIds: sid, classId: s.schoolClass.id });
    const otherClass = await createClass(db, s.structure.id);
    const outsider = await createAccount(db, { profile: 'ELEVE', structureIds: sid, classId: otherClass.id });
    const otherParent = await createAccount(db, { profile: 'PARENT', structureIds: sid });
    await linkParent(db, otherParent.id, outsider.id);
    const colleague = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: sid });
    await addTeaching(db, colleague.id, { classId: otherClass.id });
    const h = Object.fromEntries(
      await Promise.all(
        Object.entries({ staff: s.staff, teacher: s.teacher, student: s.student, parent: s.parent, dir: s.adml, classmate, outsider, otherParent, colleague }).map(
          async ([k, a]) => [k, await loginAs(ctx.app, a.login)] as const,
        ),
      ),
    );
    const course = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/timetable/structures/${s.structure.id}/courses`,
      headers: h.staff!,
      payload: { subjectCode: '061300', teacherIds: [s.teacher.id], classId: s.schoolClass.id, weekday: 1, start: '08:00', end: '09:00' },
    });
    const courseId = course.json().id as string;
    const lessonUrl = `/api/v1/lessons/${courseId}/2026-09-21`;
    const body = {
      title: 'Fonctions affines',
      contentHtml: '<p>Cours sur les <strong>fonctions</strong></p><script>alert(1)</script><img src=x onerror=alert(1)>',
      links: [{ url: 'https://www.geogebra.org', label: 'GeoGebra' }],
      homework: { descriptionHtml: '<p>Exercices 1 à 3 p. 42</p>', dueOn: '2026-09-28', estimatedMinutes: 30, handInOnline: true },
    };

    // Only the course's teacher writes; a session that does not exist is refused; the due date follows the session.
    expect((await ctx.app.inject({ method: 'PUT', url: lessonUrl, headers: h.colleague!, payload: body })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/lessons/${courseId}/2026-09-22`, headers: h.teacher!, payload: body })).json().error.code).toBe('OCCURRENCE_NOT_FOUND');
    const early = await ctx.app.inject({ method: 'PUT', url: lessonUrl, headers: h.teacher!, payload: { ...body, homework: { ...body.homework, dueOn: '2026-09-20' } } });
    expect(early.json().error.code).toBe('HOMEWORK_DUE_BEFORE_SESSION');
    expect(await db.selectFrom('lesson_entries').select('id').where('course_id', '=', courseId).execute()).toEqual([]);

    const saved = await ctx.app.inject({ method: 'PUT', url: lessonUrl, headers: h.teacher!, payload: body });
    expect(saved.statusCode, saved.body).toBe(200);
    const entry = saved.json();
    expect(entry.contentHtml).toBe('<p>Cours sur les <strong>fonctions</strong></p>');
    expect(entry.homework).toMatchObject({ dueOn: '2026-09-28', handInOnline: true, givenOn: '2026-09-21' });
    const homeworkId = entry.homework.id as string;
    const assigned = await db.selectFrom('timeline_events').select('account_id').where('kind', '=', 'homework.assigned').where('object_id', '=', homeworkId).execute();
    expect(new Set(assigned.map((r) => r.account_id))).toEqual(new Set([s.student.id, classmate.id, s.parent.id]));

    // Visibility: the class, its parents, the staff; not another class's student or parent.
    for (const who of ['student', 'parent', 'colleague', 'dir'] as const) expect((await ctx.app.inject({ method: 'GET', url: lessonUrl, headers: h[who]! })).statusCode, who).toBe(200);
    for (const who of ['outsider', 'otherParent'] as const) expect((await ctx.app.inject({ method: 'GET', url: lessonUrl, headers: h[who]! })).statusCode, who).toBe(404);
    const byClass = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons?classId=${s.schoolClass.id}&from=2026-09-01&to=2026-09-30`, headers: h.parent! });
    expect(byClass.json().items).toHaveLength(1);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons?classId=${s.schoolClass.id}&from=2026-09-01&to=2026-09-30`, headers: h.outsider! })).statusCode).toBe(404);
    const byTeacher = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons?teacherId=${s.teacher.id}&from=2026-09-21&to=2026-09-27`, headers: h.teacher! });
    expect(byTeacher.json().items).toHaveLength(1);

    // History: every save is a version.
    const edited = await ctx.app.inject({ method: 'PUT', url: lessonUrl, headers: h.teacher!, payload: { ...body, title: 'Fonctions affines (suite)' } });
    expect(edited.json().version).toBe(2);
    const history = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/entries/${entry.id}/history`, headers: h.dir! });
    expect(history.json().items.map((i: { version: number; title: string }) => [i.version, i.title])).toEqual([
      [2, 'Fonctions affines (suite)'],
      [1, 'Fonctions affines'],
    ]);

    // Visa: the head of the structure only.
    const visaBody = { classId: s.schoolClass.id, from: '2026-09-01', to: '2026-09-30', comment: 'Vu' };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/lessons/visas', headers: h.teacher!, payload: visaBody })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/lessons/visas', headers: h.staff!, payload: visaBody })).statusCode).toBe(403);
    const visa = await ctx.app.inject({ method: 'POST', url: '/api/v1/lessons/visas', headers: h.dir!, payload: visaBody });
    expect(visa.statusCode, visa.body).toBe(201);
    expect((await ctx.app.inject({ method: 'GET', url: lessonUrl, headers: h.teacher! })).json().visa).toMatchObject({ from: '2026-09-01', comment: 'Vu' });
    // Visas and versions are the school's control of the cahier: not shown to pupils and parents (issue 13).
    expect((await ctx.app.inject({ method: 'GET', url: lessonUrl, headers: h.student! })).json().visa).toBeNull();
    for (const who of ['student', 'parent'] as const) {
      const visas = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/visas?classId=${s.schoolClass.id}`, headers: h[who]! });
      expect(visas.statusCode, `${who} visas`).toBe(403);
      const versions = await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/entries/${entry.id}/history`, headers: h[who]! });
      expect(versions.statusCode, `${who} history`).toBe(403);
    }
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/visas?classId=${s.schoolClass.id}`, headers: h.teacher! })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/lessons/entries/${entry.id}/history`, headers: h.teacher! })).statusCode).toBe(200);

    // Travail à faire: the student ticks; the parent reads, read-only.
    const todo = await ctx.app.inject({ method: 'GET', url: '/api/v1/homework/todo', headers: h.student! });
    expect(todo.json()).toMatchObject({ readOnly: false, items: [{ id: homeworkId, done: false, canSubmit: true }] });
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/done`, headers: h.student!, payload: { done: true } })).statusCode).toBe(200);
    const parentTodo = await ctx.app.inject({ method: 'GET', url: `/api/v1/homework/todo?studentId=${s.student.id}`, headers: h.parent! });
    expect(parentTodo.json()).toMatchObject({ readOnly: true, items: [{ id: homeworkId, done: true, canSubmit: false }] });
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/done`, headers: h.parent!, payload: { done: false } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/homework/todo?studentId=${s.student.id}`, headers: h.otherParent! })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/homework/todo', headers: h.outsider! })).json().items).toEqual([]);

    // Hand-in: on time for one, late for the other; empty refused.
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: h.classmate!, payload: { text: '  ' } })).json().error.code).toBe('SUBMISSION_EMPTY');
    const onTime = await ctx.app.inject({ method: 'POST', url: `/api/v1/homework/${homeworkId}/submission/files`, headers: { ...h.classmate!, ...multipart('copie.pdf', '%PDF-1.4 classmate').headers }, payload: multipart('copie.pdf', '%PDF-1.4 classmate').payload });
    expect(onTime.statusCode, onTime.body).toBe(201);
    expect(onTime.json()).toMatchObject({ late: false, files: [{ filename: 'copie.pdf' }] });
    ctx.clock.now = Date.parse('2026-09-28T06:30:00Z');
    // A week later: sessions have ended, log in again.
    for (const [key, account] of Object.entries({ teacher: s.teacher, student: s.student, outsider, colleague })) h[key] = await loginAs(ctx.app, account.login);
    const late = await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: h.student!, payload: { text: 'f(x) = 2x + 1' } });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toMatchObject({ late: true, text: 'f(x) = 2x + 1' });
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: h.outsider!, payload: { text: 'x' } })).statusCode).toBe(404);

    // The teacher sees who handed in what, downloads everything, returns with a comment.
    const board = await ctx.app.inject({ method: 'GET', url: `/api/v1/homework/${homeworkId}/submissions`, headers: h.teacher! });
    const rows = board.json().items as Array<{ student: { id: string }; submission: { id: string; late: boolean } | null }>;
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.student.id === s.student.id)!.submission!.late).toBe(true);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/homework/${homeworkId}/submissions`, headers: h.colleague! })).statusCode).toBe(403);
    const zip = await ctx.app.inject({ method: 'GET', url: `/api/v1/homework/${homeworkId}/submissions.zip`, headers: h.teacher! });
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = await unzip(zip.rawPayload);
    expect(files.map((f) => f.name).sort()).toEqual([`${classmate.first_name} ${classmate.last_name}/copie.pdf`, `${s.student.first_name} ${s.student.last_name} (en retard)/texte.txt`].sort());

    const submissionId = rows.find((r) => r.student.id === s.student.id)!.submission!.id;
    const returned = await ctx.app.inject({ method: 'POST', url: `/api/v1/homework/submissions/${submissionId}/return`, headers: h.teacher!, payload: { comment: 'Bien, attention au signe.' } });
    expect(returned.json()).toMatchObject({ returnComment: 'Bien, attention au signe.' });
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/homework/todo', headers: h.student! });
    expect(after.json().items[0]).toMatchObject({ canSubmit: false, submission: { returnComment: 'Bien, attention au signe.' } });
    const closed = await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: h.student!, payload: { text: 'encore' } });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('SUBMISSION_CLOSED');

    // Files: the owner, his parents and the teacher; nobody else.
    const fileId = onTime.json().files[0].id as string;
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/homework/files/${fileId}`, headers: h.teacher! })).body).toBe('%PDF-1.4 classmate');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/homework/files/${fileId}`, headers: h.student! })).statusCode).toBe(404);
  });
});

describe('hand-in files', () => {
  /** A class, its course on Mondays, and a homework handed in online. */
  async function homeworkToHandIn() {
    const db = ctx.platform.database.db;
    const s = await createSchool(db);
    await ensureSubject(db);
    const staff = await loginAs(ctx.app, s.staff.login);
    const teacher = await loginAs(ctx.app, s.teacher.login);
    const student = await loginAs(ctx.app, s.student.login);
    const course = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/timetable/structures/${s.structure.id}/courses`,
      headers: staff,
      payload: { subjectCode: '061300', teacherIds: [s.teacher.id], classId: s.schoolClass.id, weekday: 1, start: '08:00', end: '09:00' },
    });
    const date = new Date(ctx.clock.now);
    date.setUTCDate(date.getUTCDate() + ((8 - date.getUTCDay()) % 7 || 7));
    const monday = date.toISOString().slice(0, 10);
    const due = new Date(date.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/lessons/${course.json().id}/${monday}`,
      headers: teacher,
      payload: { title: 'Rendu', contentHtml: '<p>x</p>', links: [], homework: { descriptionHtml: '<p>À rendre</p>', dueOn: due, estimatedMinutes: 30, handInOnline: true } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return { s, teacher, student, homeworkId: saved.json().homework.id as string };
  }

  function handIn(headers: Record<string, string>, homeworkId: string, filename: string, content: string) {
    const body = multipart(filename, content);
    return ctx.app.inject({ method: 'POST', url: `/api/v1/homework/${homeworkId}/submission/files`, headers: { ...headers, ...body.headers }, payload: body.payload });
  }

  it('accepts exactly 10 files out of 30 concurrent uploads to one hand-in, and keeps nothing of the others', async () => {
    const { s, student, homeworkId } = await homeworkToHandIn();
    const before = storedFiles();
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => handIn(student, homeworkId, `page${i}.pdf`, `%PDF page ${i}`)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(MAX_FILES);
    expect(new Set(responses.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code))).toEqual(new Set(['TOO_MANY_FILES']));
    const db = ctx.platform.database.db;
    const submission = await db.selectFrom('submissions').select('id').where('homework_id', '=', homeworkId).where('student_id', '=', s.student.id).executeTakeFirstOrThrow();
    const rows = await db.selectFrom('homework_files').select('storage_key').where('owner_id', '=', submission.id).execute();
    expect(rows).toHaveLength(MAX_FILES);
    expect(storedFiles() - before).toBe(MAX_FILES);
    const charged = await db.selectFrom('stored_files').select('storage_key').where('account_id', '=', s.student.id).execute();
    expect(charged.map((c) => c.storage_key).sort()).toEqual(rows.map((r) => r.storage_key).sort());
    // Removing a file gives its bytes back and frees a place.
    const summary = responses.find((r) => r.statusCode === 201)!.json();
    const removed = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/homework/${homeworkId}/submission/files/${summary.files[0].id}`, headers: student });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(storedFiles() - before).toBe(MAX_FILES - 1);
    expect((await handIn(student, homeworkId, 'encore.pdf', '%PDF encore')).statusCode).toBe(201);
  });

  it('refuses to remove a homework pupils have handed in, and keeps their work and its quota charge untouched', async () => {
    const { s, teacher, student, homeworkId } = await homeworkToHandIn();
    expect((await handIn(student, homeworkId, 'copie.pdf', '%PDF copie')).statusCode).toBe(201);
    const db = ctx.platform.database.db;
    const entry = await db.selectFrom('homework').innerJoin('lesson_entries', 'lesson_entries.id', 'homework.entry_id').select(['lesson_entries.course_id', 'lesson_entries.occurrence_date']).where('homework.id', '=', homeworkId).executeTakeFirstOrThrow();
    const chargedBefore = await db.selectFrom('stored_files').select('storage_key').where('account_id', '=', s.student.id).execute();
    const files = storedFiles();
    const removed = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/lessons/${entry.course_id}/${entry.occurrence_date}`,
      headers: teacher,
      payload: { title: 'Rendu', contentHtml: '<p>x</p>', links: [], homework: null },
    });
    expect(removed.statusCode, removed.body).toBe(409);
    expect(removed.json().error.code).toBe('HOMEWORK_HAS_SUBMISSIONS');
    expect(await db.selectFrom('homework').select('id').where('id', '=', homeworkId).executeTakeFirst()).toBeDefined();
    expect(await db.selectFrom('submissions').select('id').where('homework_id', '=', homeworkId).execute()).toHaveLength(1);
    expect(await db.selectFrom('stored_files').select('storage_key').where('account_id', '=', s.student.id).execute()).toEqual(chargedBefore);
    expect(storedFiles()).toBe(files);
  });

  it('streams the hand-in archive, which opens with the files under their cleaned, distinct names', async () => {
    const { s, teacher, student, homeworkId } = await homeworkToHandIn();
    expect((await handIn(student, homeworkId, 'copie.pdf', '%PDF un')).statusCode).toBe(201);
    expect((await handIn(student, homeworkId, 'copie.pdf', '%PDF deux')).statusCode).toBe(201);
    const spoofed = await handIn(student, homeworkId, 'corrige\u202efdp.exe', 'MZ');
    expect(spoofed.json().files.map((f: { filename: string }) => f.filename)).toEqual(['copie.pdf', 'copie.pdf', 'corrigefdp.exe']);
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/homework/${homeworkId}/submission`, headers: student, payload: { text: 'Mon texte' } });

    const teacherActor = { accountId: s.teacher.id, profile: 'ENSEIGNANT' as const, staffFunction: null, structureIds: [s.structure.id], admcCollectiviteIds: [], admlStructureIds: [], technicianCollectiviteIds: [] };
    const archive = await submissionsArchive(ctx.platform, teacherActor, homeworkId);
    // A stream, not a buffer of the whole archive.
    expect(archive.stream).toBeInstanceOf(Readable);
    archive.stream.resume();

    const zip = await ctx.app.inject({ method: 'GET', url: `/api/v1/homework/${homeworkId}/submissions.zip`, headers: teacher });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.headers['content-disposition']).toMatch(/^attachment; filename="rendus /);
    const folder = `${s.student.first_name} ${s.student.last_name}`;
    const entries = await unzip(zip.rawPayload);
    expect(Object.fromEntries(entries.map((e) => [e.name, e.data.toString('utf8')]))).toEqual({
      [`${folder}/texte.txt`]: 'Mon texte',
      [`${folder}/copie.pdf`]: '%PDF un',
      [`${folder}/2-copie.pdf`]: '%PDF deux',
      [`${folder}/corrigefdp.exe`]: 'MZ',
    });
  });
});

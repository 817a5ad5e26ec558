import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, uniqueSuffix } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { purgeTrash, TRASH_RETENTION_MS } from './purge-trash.ts';

let ctx: TestContext;
let files: string;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'preau-messaging-'));
  // Small limits so the tests can cross them: 64 KiB per file, 100 KiB per message, 3 files.
  ctx = await createTestContext({
    PREAU_DATA: files,
    MESSAGING_ATTACHMENT_MAX_MB: String(64 / 1024),
    MESSAGING_MESSAGE_MAX_MB: String(100 / 1024),
    MESSAGING_MAX_ATTACHMENTS: '3',
    // 80 KiB per student, so the quota can be crossed; the upload rate limit has its own test (platform/storage).
    STORAGE_QUOTA_ELEVE_MB: String(80 / 1024),
    UPLOADS_PER_TEN_MINUTES: '1000',
  });
});
afterAll(async () => {
  await ctx.close();
  rmSync(files, { recursive: true, force: true });
});

type Target = { type: 'PERSON' | 'CLASS' | 'GROUP'; id: string; audience?: 'STUDENTS' | 'PARENTS' | 'TEACHERS' } | { type: 'PROFILE'; structureId: string; profile: string };
const person = (id: string): Target => ({ type: 'PERSON', id });

async function api(headers: AuthHeaders, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function send(headers: AuthHeaders, body: { to?: Target[]; cc?: Target[]; bcc?: Target[]; subject?: string; body?: string; parentId?: string; mode?: string }) {
  return api(headers, 'POST', '/messaging/messages', { subject: 'Sujet', body: '<p>Bonjour</p>', ...body });
}

async function inbox(headers: AuthHeaders, folder = 'INBOX') {
  const response = await api(headers, 'GET', `/messaging/messages?folder=${folder}`);
  expect(response.statusCode).toBe(200);
  return response.json() as { items: Array<{ id: string; subject: string; isRead: boolean; isFlagged: boolean; threadId: string; from: { id: string } }>; nextCursor: string | null };
}

async function unread(headers: AuthHeaders): Promise<number> {
  return ((await api(headers, 'GET', '/messaging/unread-count')).json() as { unread: number }).unread;
}

function multipart(fileName: string, content: Buffer, contentType = 'application/pdf') {
  const boundary = `----preau${uniqueSuffix()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(headers: AuthHeaders, draftId: string, fileName: string, content: Buffer, contentType?: string) {
  const body = multipart(fileName, content, contentType);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/messaging/drafts/${draftId}/attachments`,
    headers: { ...headers, 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** A school with a second student in the class, and a student of another class. */
async function bigSchool() {
  const school = await createSchool(db());
  const classmate = await createAccount(db(), {
    profile: 'ELEVE',
    firstName: 'Hugo',
    structureIds: [school.structure.id],
    classId: school.schoolClass.id,
    groupIds: [school.group.id],
  });
  const otherClass = await createClass(db(), school.structure.id);
  const otherStudent = await createAccount(db(), { profile: 'ELEVE', firstName: 'Inès', structureIds: [school.structure.id], classId: otherClass.id });
  const otherTeacher = await createAccount(db(), { profile: 'ENSEIGNANT', firstName: 'Marc', structureIds: [school.structure.id] });
  // Professeur principal of the class, where he teaches nothing.
  const principal = await createAccount(db(), { profile: 'ENSEIGNANT', firstName: 'Yves', structureIds: [school.structure.id] });
  await db().insertInto('class_principals').values({ class_id: school.schoolClass.id, teacher_id: principal.id }).execute();
  const otherParent = await createAccount(db(), { profile: 'PARENT', firstName: 'Rémi', structureIds: [school.structure.id] });
  await db().insertInto('parent_links').values({ parent_id: otherParent.id, child_id: otherStudent.id }).execute();
  const elsewhere = await createSchool(db());
  return { ...school, classmate, otherClass, otherStudent, otherTeacher, principal, otherParent, elsewhere };
}

describe('communication rules', () => {
  let s: Awaited<ReturnType<typeof bigSchool>>;
  const as: Record<string, AuthHeaders> = {};
  beforeAll(async () => {
    s = await bigSchool();
    for (const who of ['student', 'parent', 'teacher', 'staff', 'adml', 'admc'] as const) as[who] = await loginAs(ctx.app, s[who].login);
  });

  const cases: Array<[string, string, (s: Awaited<ReturnType<typeof bigSchool>>) => Target, boolean]> = [
    ['student', 'a classmate', (s) => person(s.classmate.id), true],
    ['student', 'his teacher', (s) => person(s.teacher.id), true],
    ['student', 'the school staff', (s) => person(s.staff.id), true],
    ['student', 'his class', (s) => ({ type: 'CLASS', id: s.schoolClass.id }), true],
    ['student', 'his group', (s) => ({ type: 'GROUP', id: s.group.id }), true],
    ['student', 'a student of another class', (s) => person(s.otherStudent.id), false],
    ['student', 'a teacher who does not teach him', (s) => person(s.otherTeacher.id), false],
    ['student', 'the professeur principal of his class, who does not teach him', (s) => person(s.principal.id), true],
    ['student', 'another class', (s) => ({ type: 'CLASS', id: s.otherClass.id }), false],
    ['student', 'a parent', (s) => person(s.otherParent.id), false],
    ['student', 'all the students of his lycée', (s) => ({ type: 'PROFILE', structureId: s.structure.id, profile: 'ELEVE' }), false],
    ['student', 'a student of another lycée', (s) => person(s.elsewhere.student.id), false],
    ['parent', 'a teacher of the lycée of his child', (s) => person(s.otherTeacher.id), true],
    ['parent', 'the staff of that lycée', (s) => person(s.staff.id), true],
    ['parent', 'a student', (s) => person(s.classmate.id), false],
    ['parent', 'another parent', (s) => person(s.otherParent.id), false],
    ['parent', 'the class of his child', (s) => ({ type: 'CLASS', id: s.schoolClass.id }), false],
    ['parent', 'a teacher of another lycée', (s) => person(s.elsewhere.teacher.id), false],
    ['teacher', 'any student of his lycée', (s) => person(s.otherStudent.id), true],
    ['teacher', 'a parent', (s) => person(s.otherParent.id), true],
    ['teacher', 'another class', (s) => ({ type: 'CLASS', id: s.otherClass.id }), true],
    ['teacher', 'all the teachers of his lycée', (s) => ({ type: 'PROFILE', structureId: s.structure.id, profile: 'ENSEIGNANT' }), true],
    ['teacher', 'a student of another lycée', (s) => person(s.elsewhere.student.id), false],
    ['teacher', 'all the parents of another lycée', (s) => ({ type: 'PROFILE', structureId: s.elsewhere.structure.id, profile: 'PARENT' }), false],
    ['staff', 'a parent', (s) => person(s.parent.id), true],
    ['staff', 'all the students of the lycée', (s) => ({ type: 'PROFILE', structureId: s.structure.id, profile: 'ELEVE' }), true],
    ['staff', 'a class of another lycée', (s) => ({ type: 'CLASS', id: s.elsewhere.schoolClass.id }), false],
    // A class as its parents or its teachers (issue 13), within the same rules.
    ['teacher', 'the parents of his class', (s) => ({ type: 'CLASS', id: s.schoolClass.id, audience: 'PARENTS' }), true],
    ['teacher', 'the teachers of his class (its professeur principal)', (s) => ({ type: 'CLASS', id: s.schoolClass.id, audience: 'TEACHERS' }), true],
    ['teacher', 'the parents of a group', (s) => ({ type: 'GROUP', id: s.group.id, audience: 'PARENTS' }), true],
    ['student', 'the teachers of his class', (s) => ({ type: 'CLASS', id: s.schoolClass.id, audience: 'TEACHERS' }), true],
    ['student', 'the parents of his class', (s) => ({ type: 'CLASS', id: s.schoolClass.id, audience: 'PARENTS' }), false],
    ['student', 'the teachers of another class', (s) => ({ type: 'CLASS', id: s.otherClass.id, audience: 'TEACHERS' }), false],
    ['parent', 'the parents of his child’s class', (s) => ({ type: 'CLASS', id: s.schoolClass.id, audience: 'PARENTS' }), false],
    ['staff', 'the parents of a class of another lycée', (s) => ({ type: 'CLASS', id: s.elsewhere.schoolClass.id, audience: 'PARENTS' }), false],
  ];

  it.each(cases)('%s → %s: allowed %s', async (who, _what, target, allowed) => {
    const response = await send(as[who]!, { to: [target(s)] });
    if (allowed) expect(response.statusCode).toBe(201);
    else {
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('RECIPIENT_NOT_ALLOWED');
    }
  });

  it('delivers a class’s parents to the parents of its students only, and its teachers to those who teach it and its professeur principal', async () => {
    const toParents = await send(as.teacher!, { to: [{ type: 'CLASS', id: s.schoolClass.id, audience: 'PARENTS' }], subject: `Parents ${uniqueSuffix()}` });
    expect(toParents.statusCode, toParents.body).toBe(201);
    const parentsGot = await db().selectFrom('message_recipients').select('account_id').where('message_id', '=', toParents.json().id).where('kind', '<>', 'FROM').execute();
    expect(parentsGot.map((r) => r.account_id)).toEqual([s.parent.id]);
    // The recipients read "parents · <class>", not the class alone (its students did not get it).
    expect(toParents.json().to).toEqual([`parents · ${s.schoolClass.name}`]);
    const toTeachers = await send(as.student!, { to: [{ type: 'CLASS', id: s.schoolClass.id, audience: 'TEACHERS' }], subject: `Profs ${uniqueSuffix()}` });
    expect(toTeachers.statusCode, toTeachers.body).toBe(201);
    const teachersGot = await db().selectFrom('message_recipients').select('account_id').where('message_id', '=', toTeachers.json().id).where('kind', '<>', 'FROM').execute();
    expect(teachersGot.map((r) => r.account_id).sort()).toEqual([s.teacher.id, s.principal.id].sort());
  });

  it('refuses a whole message when one recipient is not allowed, even in Bcc, and writes nothing', async () => {
    const subject = `Mixte ${uniqueSuffix()}`;
    const response = await send(as.student!, { to: [person(s.classmate.id)], bcc: [person(s.otherStudent.id)], subject });
    expect(response.statusCode).toBe(403);
    expect(await db().selectFrom('messages').select('id').where('subject', '=', subject).execute()).toEqual([]);
  });

  it('refuses an unknown account like a forbidden one, and a message without anyone', async () => {
    expect((await send(as.teacher!, { to: [person('00000000-0000-4000-8000-000000000000')] })).json().error.code).toBe('RECIPIENT_NOT_ALLOWED');
    const empty = await send(as.teacher!, { to: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('NO_RECIPIENT');
  });

  it('lets a student reply to an adult who wrote to him, whatever the rules', async () => {
    const otherTeacher = await loginAs(ctx.app, s.otherTeacher.login);
    const sent = await send(otherTeacher, { to: [person(s.student.id)] });
    expect(sent.statusCode).toBe(201);
    expect((await send(as.student!, { to: [person(s.otherTeacher.id)] })).statusCode).toBe(403);
    const reply = await send(as.student!, { to: [person(s.otherTeacher.id)], parentId: sent.json().id, mode: 'REPLY' });
    expect(reply.statusCode).toBe(201);
  });

  it('offers in the picker only what the rules allow', async () => {
    const picker = async (who: string, q: string) =>
      ((await api(as[who]!, 'GET', `/messaging/recipients?q=${encodeURIComponent(q)}`)).json() as { items: Array<{ target: Target; label: string }> }).items;
    const studentSees = await picker('student', s.classmate.last_name);
    expect(studentSees.map((i) => i.target)).toEqual([person(s.classmate.id)]);
    expect(await picker('student', s.otherStudent.last_name)).toEqual([]);
    // His class, as its students and as its teachers; not as its parents (students do not write to parents).
    expect((await picker('student', s.schoolClass.name)).map((i) => i.target)).toEqual([
      { type: 'CLASS', id: s.schoolClass.id },
      { type: 'CLASS', id: s.schoolClass.id, audience: 'TEACHERS' },
    ]);
    expect((await picker('teacher', s.schoolClass.name)).map((i) => i.target)).toEqual([
      { type: 'CLASS', id: s.schoolClass.id },
      { type: 'CLASS', id: s.schoolClass.id, audience: 'PARENTS' },
      { type: 'CLASS', id: s.schoolClass.id, audience: 'TEACHERS' },
    ]);
    expect(await picker('student', s.otherClass.name)).toEqual([]);
    expect(await picker('student', 'élèves')).toEqual([]);
    const teacherProfiles = (await picker('teacher', 'enseignants')).map((i) => i.target);
    expect(teacherProfiles).toContainEqual({ type: 'PROFILE', structureId: s.structure.id, profile: 'ENSEIGNANT' });
    expect(teacherProfiles).not.toContainEqual({ type: 'PROFILE', structureId: s.elsewhere.structure.id, profile: 'ENSEIGNANT' });
    expect((await picker('parent', s.otherTeacher.last_name)).map((i) => i.target)).toEqual([person(s.otherTeacher.id)]);
    expect(await picker('parent', s.classmate.last_name)).toEqual([]);
  });

  it('are changed by the structure admins only, and then applied', async () => {
    const rules = await api(as.adml!, 'GET', `/messaging/structures/${s.structure.id}/rules`);
    expect(rules.statusCode).toBe(200);
    expect(rules.json().rules).toContainEqual({ from: 'ELEVE', to: 'ELEVE', scope: 'LINKED', isDefault: true });
    expect(rules.json().rules).toHaveLength(36);

    for (const who of ['student', 'teacher', 'parent', 'staff']) {
      const refused = await api(as[who]!, 'PUT', `/messaging/structures/${s.structure.id}/rules`, { rules: [{ from: 'ELEVE', to: 'ELEVE', scope: 'ALL' }] });
      expect(refused.statusCode).toBe(403);
    }
    const otherAdml = await api(as.adml!, 'PUT', `/messaging/structures/${s.elsewhere.structure.id}/rules`, { rules: [] });
    expect(otherAdml.statusCode).toBe(404);
    const bad = await api(as.adml!, 'PUT', `/messaging/structures/${s.structure.id}/rules`, { rules: [{ from: 'ELEVE', to: 'ELEVE', scope: 'SOME' }] });
    expect(bad.statusCode).toBe(400);

    const changed = await api(as.adml!, 'PUT', `/messaging/structures/${s.structure.id}/rules`, {
      rules: [
        { from: 'ELEVE', to: 'ELEVE', scope: 'NONE' },
        { from: 'PARENT', to: 'PARENT', scope: 'ALL' },
      ],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().rules).toContainEqual({ from: 'ELEVE', to: 'ELEVE', scope: 'NONE', isDefault: false });
    expect((await send(as.student!, { to: [person(s.classmate.id)] })).statusCode).toBe(403);
    expect((await send(as.parent!, { to: [person(s.otherParent.id)] })).statusCode).toBe(201);

    // The ADMC of the collectivité may restore the default.
    const restored = await api(as.admc!, 'PUT', `/messaging/structures/${s.structure.id}/rules`, { rules: [{ from: 'ELEVE', to: 'ELEVE', scope: 'LINKED' }] });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().rules).toContainEqual({ from: 'ELEVE', to: 'ELEVE', scope: 'LINKED', isDefault: true });
    expect((await send(as.student!, { to: [person(s.classmate.id)] })).statusCode).toBe(201);
    const audited = await db().selectFrom('audit_log').select('action').where('action', '=', 'messaging.rules.update').where('structure_id', '=', s.structure.id).execute();
    expect(audited).toHaveLength(2);
  });

  it('keeps guests out of the messagerie', async () => {
    const guest = await createAccount(db(), { profile: 'INVITE', structureIds: [s.structure.id] });
    const headers = await loginAs(ctx.app, guest.login);
    expect((await api(headers, 'GET', '/messaging/folders')).statusCode).toBe(403);
    expect((await send(headers, { to: [person(s.teacher.id)] })).statusCode).toBe(403);
  });
});

describe('sending, reading and folders', () => {
  let s: Awaited<ReturnType<typeof bigSchool>>;
  const as: Record<string, AuthHeaders> = {};
  beforeAll(async () => {
    s = await bigSchool();
    for (const who of ['student', 'classmate', 'teacher', 'staff', 'otherStudent'] as const) as[who] = await loginAs(ctx.app, s[who].login);
  });

  it('delivers a message to a class: one copy of the body, one state row per member, Bcc hidden from recipients', async () => {
    const before = await unread(as.student!);
    const subject = `Sortie au musée ${uniqueSuffix()}`;
    const response = await send(as.teacher!, {
      to: [{ type: 'CLASS', id: s.schoolClass.id }],
      bcc: [person(s.staff.id)],
      subject,
      body: '<p>Rendez-vous <strong>lundi</strong>.</p><script>alert(1)</script><a href="javascript:alert(1)">ici</a>',
    });
    expect(response.statusCode).toBe(201);
    const sent = response.json();
    expect(sent.body).toBe('<p>Rendez-vous <strong>lundi</strong>.</p><a rel="noopener noreferrer nofollow" target="_blank">ici</a>');
    expect(sent.to).toEqual([s.schoolClass.name]);
    expect(sent.bcc).toHaveLength(1);
    expect(sent.folder).toBe('SENT');

    expect(await unread(as.student!)).toBe(before + 1);
    const item = (await inbox(as.student!)).items.find((i) => i.subject === subject)!;
    expect(item.isRead).toBe(false);
    const opened = await api(as.student!, 'GET', `/messaging/messages/${item.id}`);
    expect(opened.json().bcc).toEqual([]);
    expect(opened.json().to).toEqual([s.schoolClass.name]);
    // Reading by GET changes nothing (a prefetch or a cross-site image cannot mark it read); the explicit POST does.
    expect(opened.json().isRead).toBe(false);
    expect(await unread(as.student!)).toBe(before + 1);
    const { 'x-csrf-token': _csrf, ...withoutCsrf } = as.student!;
    const forged = await ctx.app.inject({ method: 'POST', url: `/api/v1/messaging/messages/${item.id}/read`, headers: withoutCsrf });
    expect(forged.json().error.code).toBe('CSRF_INVALID');
    expect(await unread(as.student!)).toBe(before + 1);
    expect((await api(as.otherStudent!, 'POST', `/messaging/messages/${item.id}/read`)).statusCode).toBe(404);
    expect((await api(as.student!, 'POST', `/messaging/messages/${item.id}/read`)).statusCode).toBe(204);
    expect(await unread(as.student!)).toBe(before);
    expect((await api(as.student!, 'GET', `/messaging/messages/${item.id}`)).json().isRead).toBe(true);
    expect((await inbox(as.classmate!)).items.map((i) => i.subject)).toContain(subject);
    expect((await inbox(as.staff!)).items.map((i) => i.subject)).toContain(subject);
    expect((await inbox(as.otherStudent!)).items.map((i) => i.subject)).not.toContain(subject);

    const rows = await db().selectFrom('message_recipients').select(['account_id', 'kind', 'folder']).where('message_id', '=', sent.id).execute();
    expect(rows).toHaveLength(4);
    expect(rows).toContainEqual({ account_id: s.teacher.id, kind: 'FROM', folder: 'SENT' });
    expect(rows).toContainEqual({ account_id: s.staff.id, kind: 'BCC', folder: 'INBOX' });
    expect(await db().selectFrom('messages').select('id').where('subject', '=', subject).execute()).toHaveLength(1);

    // Someone who holds no copy learns nothing about it.
    expect((await api(as.otherStudent!, 'GET', `/messaging/messages/${sent.id}`)).statusCode).toBe(404);
  });

  it('reads, flags, files, trashes, restores and deletes for good', async () => {
    const subject = `Classement ${uniqueSuffix()}`;
    const id = (await send(as.teacher!, { to: [person(s.student.id)], subject })).json().id as string;
    const patch = (body: object) => api(as.student!, 'PATCH', '/messaging/messages', { ids: [id], ...body });

    expect((await patch({ isRead: true })).statusCode).toBe(204);
    expect((await patch({ isFlagged: true })).statusCode).toBe(204);
    let row = (await inbox(as.student!)).items.find((i) => i.id === id)!;
    expect([row.isRead, row.isFlagged]).toEqual([true, true]);
    expect((await patch({ isRead: false })).statusCode).toBe(204);

    const folder = await api(as.student!, 'POST', '/messaging/folders', { name: 'Sorties' });
    expect(folder.statusCode).toBe(201);
    expect((await api(as.student!, 'POST', '/messaging/folders', { name: 'Sorties' })).json().error.code).toBe('FOLDER_NAME_TAKEN');
    const folderId = folder.json().id as string;
    expect((await patch({ moveTo: folderId })).statusCode).toBe(204);
    expect((await inbox(as.student!)).items.map((i) => i.id)).not.toContain(id);
    expect((await inbox(as.student!, folderId)).items.map((i) => i.id)).toEqual([id]);
    const folders = (await api(as.student!, 'GET', '/messaging/folders')).json().items as Array<{ folderId: string | null; unread: number; total: number }>;
    expect(folders.find((f) => f.folderId === folderId)).toMatchObject({ unread: 1, total: 1 });

    expect((await patch({ moveTo: 'TRASH' })).statusCode).toBe(204);
    expect((await inbox(as.student!, 'TRASH')).items.map((i) => i.id)).toContain(id);
    expect((await patch({ restore: true })).statusCode).toBe(204);
    expect((await inbox(as.student!, folderId)).items.map((i) => i.id)).toEqual([id]);

    // Deleting the folder sends its messages back to the inbox.
    expect((await api(as.student!, 'DELETE', `/messaging/folders/${folderId}`)).statusCode).toBe(204);
    expect((await inbox(as.student!)).items.map((i) => i.id)).toContain(id);

    await patch({ moveTo: 'TRASH' });
    expect((await api(as.student!, 'POST', '/messaging/messages/delete-forever', { ids: [id] })).statusCode).toBe(204);
    expect((await api(as.student!, 'GET', `/messaging/messages/${id}`)).statusCode).toBe(404);
    // The sender keeps his copy: the message is stored once and lives while someone holds it.
    expect((await api(as.teacher!, 'GET', `/messaging/messages/${id}`)).statusCode).toBe(200);

    // Someone else's message cannot be touched.
    expect((await api(as.otherStudent!, 'PATCH', '/messaging/messages', { ids: [id], isRead: true })).statusCode).toBe(404);
    expect((await api(as.student!, 'PATCH', '/messaging/messages', { ids: [id], moveTo: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });

  it('replies, replies to all and forwards within one conversation', async () => {
    const subject = `Conseil de classe ${uniqueSuffix()}`;
    const first = (await send(as.teacher!, { to: [person(s.student.id), person(s.classmate.id)], subject })).json();
    // "Reply to all" offers the other To and Cc targets (the reader himself left out).
    const received = (await api(as.student!, 'GET', `/messaging/messages/${first.id}`)).json();
    expect(received.replyAll.map((n: { target: Target }) => n.target)).toEqual([person(s.classmate.id)]);
    const reply = await send(as.student!, { to: [person(s.teacher.id)], subject: `RE: ${subject}`, parentId: first.id, mode: 'REPLY' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().threadId).toBe(first.threadId);
    const replyAll = await send(as.classmate!, { to: [person(s.teacher.id), person(s.student.id)], subject: `RE: ${subject}`, parentId: first.id, mode: 'REPLY' });
    expect(replyAll.statusCode).toBe(201);

    const thread = await api(as.teacher!, 'GET', `/messaging/threads/${first.threadId}`);
    expect(thread.json().messages.map((m: { subject: string }) => m.subject)).toEqual([subject, `RE: ${subject}`, `RE: ${subject}`]);
    // The student sees the messages of the thread he holds, no more.
    expect((await api(as.student!, 'GET', `/messaging/threads/${first.threadId}`)).json().messages).toHaveLength(3);
    expect((await api(as.otherStudent!, 'GET', `/messaging/threads/${first.threadId}`)).statusCode).toBe(404);
    // A parent one does not hold cannot be answered.
    expect((await send(as.otherStudent!, { to: [person(s.teacher.id)], parentId: first.id })).statusCode).toBe(404);
  });

  it('finds one’s own messages by words, with French stemming and without accents', async () => {
    const tag = uniqueSuffix().replace(/\d/g, 'x');
    await send(as.teacher!, { to: [person(s.student.id)], subject: `Cantine ${tag}`, body: '<p>Les élèves mangeront à la cantine à midi.</p>' });
    const search = async (headers: AuthHeaders, q: string) =>
      ((await api(headers, 'GET', `/messaging/search?q=${encodeURIComponent(q)}`)).json() as { items: Array<{ subject: string }> }).items.map((i) => i.subject);
    expect(await search(as.student!, `eleve ${tag}`)).toEqual([`Cantine ${tag}`]);
    expect(await search(as.student!, `ÉLÈVES mangeront ${tag}`)).toEqual([`Cantine ${tag}`]);
    expect(await search(as.student!, `manger ${tag}`)).toEqual([`Cantine ${tag}`]);
    expect(await search(as.teacher!, `cantines ${tag}`)).toEqual([`Cantine ${tag}`]);
    expect(await search(as.classmate!, `cantine ${tag}`)).toEqual([]);
    expect(await search(as.student!, `piscine ${tag}`)).toEqual([]);
  });

  it('pages a folder by cursor, newest first', async () => {
    const receiver = await createAccount(db(), { profile: 'ELEVE', structureIds: [s.structure.id], classId: s.schoolClass.id });
    const headers = await loginAs(ctx.app, receiver.login);
    for (let i = 1; i <= 5; i++) await send(as.teacher!, { to: [person(receiver.id)], subject: `Page ${i}` });
    const first = await api(headers, 'GET', '/messaging/messages?folder=INBOX&limit=2');
    expect(first.json().items.map((i: { subject: string }) => i.subject)).toEqual(['Page 5', 'Page 4']);
    const second = await api(headers, 'GET', `/messaging/messages?folder=INBOX&limit=2&cursor=${first.json().nextCursor}`);
    expect(second.json().items.map((i: { subject: string }) => i.subject)).toEqual(['Page 3', 'Page 2']);
    const third = await api(headers, 'GET', `/messaging/messages?folder=INBOX&limit=2&cursor=${second.json().nextCursor}`);
    expect(third.json()).toMatchObject({ items: [{ subject: 'Page 1' }], nextCursor: null });
    expect((await api(headers, 'GET', '/messaging/messages?cursor=nope')).json().error.code).toBe('INVALID_CURSOR');
    const unreadOnly = await api(headers, 'GET', '/messaging/messages?folder=INBOX&unread=true&limit=10');
    expect(unreadOnly.json().items).toHaveLength(5);
    const folders = (await api(headers, 'GET', '/messaging/folders')).json().items;
    expect(folders.find((f: { folder: string }) => f.folder === 'INBOX')).toMatchObject({ unread: 5, total: 5 });
  });
});

describe('drafts and attachments', () => {
  let s: Awaited<ReturnType<typeof bigSchool>>;
  const as: Record<string, AuthHeaders> = {};
  beforeAll(async () => {
    s = await bigSchool();
    for (const who of ['student', 'classmate', 'teacher', 'otherStudent'] as const) as[who] = await loginAs(ctx.app, s[who].login);
  });

  it('autosaves a draft, attaches files within the limits, sends it, and lets only sender and recipients download', async () => {
    const created = await api(as.teacher!, 'POST', '/messaging/drafts', { to: [person(s.student.id)], subject: 'Brouillon' });
    expect(created.statusCode).toBe(201);
    const draftId = created.json().id as string;
    expect(created.json().isDraft).toBe(true);
    expect((await inbox(as.teacher!, 'DRAFTS')).items.map((i) => i.id)).toContain(draftId);

    const saved = await api(as.teacher!, 'PUT', `/messaging/drafts/${draftId}`, {
      to: [{ type: 'CLASS', id: s.schoolClass.id }],
      subject: 'Devoir de vacances',
      body: '<p>Ci-joint <em>le sujet</em>.</p><img src=x onerror=alert(1)>',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ subject: 'Devoir de vacances', body: '<p>Ci-joint <em>le sujet</em>.</p>' });
    expect(saved.json().draft.to).toEqual([{ target: { type: 'CLASS', id: s.schoolClass.id }, label: s.schoolClass.name, detail: s.structure.name }]);
    // A draft is checked against the rules too.
    expect((await api(as.student!, 'PUT', `/messaging/drafts/${draftId}`, { subject: 'x' })).statusCode).toBe(404);

    const pdf = Buffer.alloc(40 * 1024, 1);
    const first = await upload(as.teacher!, draftId, 'Sujet « vacances ».pdf', pdf);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ fileName: 'Sujet « vacances ».pdf', contentType: 'application/pdf', size: 40 * 1024 });
    const tooBig = await upload(as.teacher!, draftId, 'gros.pdf', Buffer.alloc(65 * 1024, 2));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('ATTACHMENT_TOO_LARGE');
    const overTotal = await upload(as.teacher!, draftId, 'second.pdf', Buffer.alloc(61 * 1024, 3));
    expect(overTotal.statusCode).toBe(413);
    expect(overTotal.json().error.code).toBe('ATTACHMENTS_TOTAL_TOO_LARGE');
    const page = await upload(as.teacher!, draftId, 'page.html', Buffer.from('<script>alert(1)</script>'), 'text/html');
    expect(page.statusCode).toBe(201);
    const third = await upload(as.teacher!, draftId, 'c.txt', Buffer.from('c'), 'text/plain');
    expect(third.statusCode).toBe(201);
    const fourth = await upload(as.teacher!, draftId, 'd.txt', Buffer.from('d'), 'text/plain');
    expect(fourth.json().error.code).toBe('TOO_MANY_ATTACHMENTS');
    expect((await api(as.teacher!, 'DELETE', `/messaging/drafts/${draftId}/attachments/${third.json().id}`)).statusCode).toBe(204);
    expect((await api(as.teacher!, 'DELETE', `/messaging/drafts/${draftId}/attachments/${third.json().id}`)).statusCode).toBe(404);
    // Nothing of the refused files stays, in the database or on disk.
    const stored = await db().selectFrom('message_attachments').select('storage_key').where('message_id', '=', draftId).execute();
    expect(stored).toHaveLength(2);
    expect((await upload(as.student!, draftId, 'x.txt', Buffer.from('x'), 'text/plain')).statusCode).toBe(404);
    const notMultipart = await api(as.teacher!, 'POST', `/messaging/drafts/${draftId}/attachments`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);

    const sent = await api(as.teacher!, 'POST', `/messaging/drafts/${draftId}/send`, {
      to: [{ type: 'CLASS', id: s.schoolClass.id }],
      subject: 'Devoir de vacances',
      body: '<p>Ci-joint <em>le sujet</em>.</p>',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ id: draftId, isDraft: false, hasAttachments: true, folder: 'SENT' });
    expect((await api(as.teacher!, 'PUT', `/messaging/drafts/${draftId}`, { subject: 'trop tard' })).json().error.code).toBe('NOT_A_DRAFT');

    const received = await api(as.student!, 'GET', `/messaging/messages/${draftId}`);
    const [pdfAttachment, htmlAttachment] = received.json().attachments as Array<{ id: string; fileName: string }>;
    const download = await api(as.student!, 'GET', `/messaging/attachments/${pdfAttachment!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''Sujet%20%C2%AB%20vacances%20%C2%BB.pdf");
    const html = await api(as.classmate!, 'GET', `/messaging/attachments/${htmlAttachment!.id}`);
    expect(html.headers['content-type']).toBe('application/octet-stream');
    expect(html.headers['content-disposition']).toMatch(/^attachment;/);
    expect((await api(as.teacher!, 'GET', `/messaging/attachments/${pdfAttachment!.id}`)).statusCode).toBe(200);
    expect((await api(as.otherStudent!, 'GET', `/messaging/attachments/${pdfAttachment!.id}`)).statusCode).toBe(404);

    // Forwarding copies the attachment rows, not the files.
    const forward = await api(as.student!, 'POST', '/messaging/drafts', { to: [person(s.classmate.id)], subject: 'TR: Devoir', parentId: draftId, mode: 'FORWARD' });
    expect(forward.statusCode).toBe(201);
    expect(forward.json().attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['Sujet « vacances ».pdf', 'page.html']);
    const keys = await db().selectFrom('message_attachments').select('storage_key').where('message_id', '=', forward.json().id).execute();
    expect(keys.map((k) => k.storage_key).sort()).toEqual(stored.map((k) => k.storage_key).sort());
    // Removing a forwarded file from the forward keeps the file for the original message.
    const forwardedPdf = forward.json().attachments[0].id as string;
    expect((await api(as.student!, 'DELETE', `/messaging/drafts/${forward.json().id}/attachments/${forwardedPdf}`)).statusCode).toBe(204);
    expect((await api(as.student!, 'GET', `/messaging/attachments/${pdfAttachment!.id}`)).statusCode).toBe(200);
    expect((await api(as.student!, 'DELETE', `/messaging/drafts/${forward.json().id}`)).statusCode).toBe(204);
    // The files are still there for the original message.
    expect((await api(as.student!, 'GET', `/messaging/attachments/${pdfAttachment!.id}`)).statusCode).toBe(200);
  });

  it('empties trashes after 30 days, and removes messages and files nobody keeps', async () => {
    const draft = (await api(as.teacher!, 'POST', '/messaging/drafts', { to: [person(s.student.id)], subject: 'À jeter' })).json();
    const file = await upload(as.teacher!, draft.id, 'note.txt', Buffer.from('à jeter'), 'text/plain');
    expect(file.statusCode).toBe(201);
    await api(as.teacher!, 'POST', `/messaging/drafts/${draft.id}/send`, { to: [person(s.student.id)], subject: 'À jeter' });
    const keep = (await send(as.teacher!, { to: [person(s.student.id)], subject: 'À garder' })).json();
    await api(as.student!, 'PATCH', '/messaging/messages', { ids: [draft.id, keep.id], moveTo: 'TRASH' });
    await api(as.teacher!, 'PATCH', '/messaging/messages', { ids: [draft.id], moveTo: 'TRASH' });

    const [{ storage_key: key }] = await db().selectFrom('message_attachments').select('storage_key').where('id', '=', file.json().id).execute() as [{ storage_key: string }];
    await expect(ctx.platform.storage.get(key)).resolves.toBeDefined();
    ctx.clock.advance(TRASH_RETENTION_MS - 60_000);
    await purgeTrash(ctx.platform);
    // Sessions did not last the month: log in again.
    as.student = await loginAs(ctx.app, s.student.login);
    as.teacher = await loginAs(ctx.app, s.teacher.login);
    expect((await inbox(as.student!, 'TRASH')).items.map((i) => i.id)).toEqual(expect.arrayContaining([draft.id, keep.id]));

    // The student restores one; a moment later the rest is gone.
    await api(as.student!, 'PATCH', '/messaging/messages', { ids: [keep.id], restore: true });
    ctx.clock.advance(120_000);
    const deleted = await purgeTrash(ctx.platform, 1);
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect((await inbox(as.student!, 'TRASH')).items.map((i) => i.id)).not.toContain(draft.id);
    expect((await inbox(as.student!)).items.map((i) => i.id)).toContain(keep.id);
    expect(await db().selectFrom('messages').select('id').where('id', '=', draft.id).execute()).toEqual([]);
    await expect(ctx.platform.storage.get(key)).rejects.toThrow('No file');
  });
});

/** Every file under the storage's messaging folder. */
function storedFiles(): string[] {
  try {
    return readdirSync(join(files, 'files', 'messaging'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

describe('upload limits under concurrency, quota and names', () => {
  let s: Awaited<ReturnType<typeof bigSchool>>;
  beforeAll(async () => {
    s = await bigSchool();
  });

  it('accepts exactly the draft’s limit out of 30 concurrent uploads, and keeps nothing of the others', async () => {
    const teacher = await createAccount(db(), { profile: 'ENSEIGNANT', structureIds: [s.structure.id] });
    const headers = await loginAs(ctx.app, teacher.login);
    const draft = (await api(headers, 'POST', '/messaging/drafts', { to: [person(s.student.id)], subject: 'Rafale' })).json();
    const before = storedFiles().length;
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => upload(headers, draft.id, `f${i}.txt`, Buffer.alloc(1024, i), 'text/plain')));
    const accepted = responses.filter((r) => r.statusCode === 201);
    expect(accepted).toHaveLength(3);
    expect(new Set(responses.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code))).toEqual(new Set(['TOO_MANY_ATTACHMENTS']));
    const rows = await db().selectFrom('message_attachments').select(['id', 'storage_key']).where('message_id', '=', draft.id).execute();
    expect(rows.map((r) => r.id).sort()).toEqual(accepted.map((r) => r.json().id).sort());
    // No orphan: one file per row on disk, one charge per file, the quota counts 3 KiB.
    expect(storedFiles().length - before).toBe(3);
    const charged = await db().selectFrom('stored_files').select('storage_key').where('account_id', '=', teacher.id).execute();
    expect(charged.map((c) => c.storage_key).sort()).toEqual(rows.map((r) => r.storage_key).sort());
    expect(Number((await db().selectFrom('storage_usage').select('used_bytes').where('account_id', '=', teacher.id).executeTakeFirst())?.used_bytes)).toBe(3 * 1024);
  });

  it('holds a student to his storage quota, even with concurrent uploads, and gives it back when drafts go', async () => {
    const student = await createAccount(db(), { profile: 'ELEVE', structureIds: [s.structure.id], classId: s.schoolClass.id });
    const headers = await loginAs(ctx.app, student.login);
    const drafts = await Promise.all(
      Array.from({ length: 10 }, async () => (await api(headers, 'POST', '/messaging/drafts', { to: [person(s.teacher.id)], subject: 'Brouillon' })).json().id as string),
    );
    const before = storedFiles().length;
    // 10 × 30 KiB at once against an 80 KiB quota: two fit.
    const responses = await Promise.all(drafts.map((id, i) => upload(headers, id, `photo${i}.jpg`, Buffer.alloc(30 * 1024, i), 'image/jpeg')));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(2);
    expect(new Set(responses.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code))).toEqual(new Set(['STORAGE_QUOTA_EXCEEDED']));
    expect(storedFiles().length - before).toBe(2);
    const usage = async () => Number((await db().selectFrom('storage_usage').select('used_bytes').where('account_id', '=', student.id).executeTakeFirst())?.used_bytes ?? 0);
    expect(await usage()).toBe(60 * 1024);
    // 20 KiB left: a 30 KiB file is cut off while it streams, with the quota's code, and nothing stays.
    // A draft whose upload lost the race (which ones win is PostgreSQL's to decide): it stays after the deletions.
    const spare = drafts.find((_, i) => responses[i]!.statusCode !== 201)!;
    const over = await upload(headers, spare, 'gros.jpg', Buffer.alloc(30 * 1024, 9), 'image/jpeg');
    expect({ status: over.statusCode, code: over.json().error.code }).toEqual({ status: 413, code: 'STORAGE_QUOTA_EXCEEDED' });
    expect(storedFiles().length - before).toBe(2);
    // Deleting the drafts gives the bytes back.
    const withFile = responses.flatMap((r, i) => (r.statusCode === 201 ? [drafts[i]!] : []));
    for (const id of withFile) expect((await api(headers, 'DELETE', `/messaging/drafts/${id}`)).statusCode).toBe(204);
    expect(await usage()).toBe(0);
    expect(storedFiles().length - before).toBe(0);
    expect((await upload(headers, spare, 'ok.jpg', Buffer.alloc(30 * 1024, 1), 'image/jpeg')).statusCode).toBe(201);
  });

  it('strips direction controls and invisible characters from file names, subjects and folder names', async () => {
    const headers = await loginAs(ctx.app, s.teacher.login);
    const draft = (await api(headers, 'POST', '/messaging/drafts', { to: [person(s.student.id)], subject: 'Corrigé \u202edfp.exe' })).json();
    expect(draft.subject).toBe('Corrigé dfp.exe');
    const file = await upload(headers, draft.id, 'corrige\u202efdp.exe', Buffer.from('MZ'), 'application/octet-stream');
    expect(file.json().fileName).toBe('corrigefdp.exe');
    const download = await api(headers, 'GET', `/messaging/attachments/${file.json().id}`);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="corrigefdp.exe"; filename*=UTF-8''corrigefdp.exe`);
    const folder = await api(headers, 'POST', '/messaging/folders', { name: `Perso\u2067${uniqueSuffix()}\u2069\u200b` });
    expect(folder.json().name).not.toMatch(/[\u2067\u2069\u200b]/u);
    expect((await api(headers, 'POST', '/messaging/folders', { name: '\u202e\u200b' })).json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('another account', () => {
  it('finds nothing of someone else’s drafts, folders, messages and files, on every endpoint', async () => {
    const s = await bigSchool();
    const owner = await loginAs(ctx.app, s.teacher.login);
    const intruder = await loginAs(ctx.app, s.otherTeacher.login);
    const draft = (await api(owner, 'POST', '/messaging/drafts', { to: [person(s.student.id)], subject: 'Privé' })).json();
    const file = (await upload(owner, draft.id, 'privé.txt', Buffer.from('secret'), 'text/plain')).json();
    const folder = (await api(owner, 'POST', '/messaging/folders', { name: 'Perso' })).json();
    const sent = (await send(owner, { to: [person(s.student.id)], subject: 'Envoyé' })).json();
    const calls: Array<[string, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string, unknown?]> = [
      ['open the draft', 'GET', `/messaging/messages/${draft.id}`],
      ['save the draft', 'PUT', `/messaging/drafts/${draft.id}`, { subject: 'x' }],
      ['send the draft', 'POST', `/messaging/drafts/${draft.id}/send`, { to: [person(s.student.id)] }],
      ['delete the draft', 'DELETE', `/messaging/drafts/${draft.id}`],
      ['remove its file', 'DELETE', `/messaging/drafts/${draft.id}/attachments/${file.id}`],
      ['download its file', 'GET', `/messaging/attachments/${file.id}`],
      ['rename the folder', 'PATCH', `/messaging/folders/${folder.id}`, { name: 'Moi' }],
      ['delete the folder', 'DELETE', `/messaging/folders/${folder.id}`],
      ['list the folder', 'GET', `/messaging/messages?folder=${folder.id}`],
      ['open the sent message', 'GET', `/messaging/messages/${sent.id}`],
      ['open its conversation', 'GET', `/messaging/threads/${sent.threadId}`],
      ['change its state', 'PATCH', '/messaging/messages', { ids: [sent.id], isRead: true }],
      ['mark it read', 'POST', `/messaging/messages/${sent.id}/read`],
    ];
    for (const [what, method, url, payload] of calls) {
      const response = await api(intruder, method, url, payload);
      expect({ what, status: response.statusCode }).toEqual({ what, status: 404 });
    }
    // Deleting for good what one does not hold deletes nothing.
    expect((await api(intruder, 'POST', '/messaging/messages/delete-forever', { ids: [sent.id] })).statusCode).toBe(204);
    expect((await api(owner, 'GET', `/messaging/messages/${sent.id}`)).statusCode).toBe(200);
    expect((await upload(intruder, draft.id, 'x.txt', Buffer.from('x'), 'text/plain')).statusCode).toBe(404);
    expect((await api(owner, 'GET', `/messaging/attachments/${file.id}`)).statusCode).toBe(200);
  });
});

describe('fan-out', () => {
  it('sends to 2,000 recipients in one transaction, and an injected failure mid-send leaves nothing', async () => {
    const school = await createSchool(db());
    const suffix = uniqueSuffix();
    const bulk = await sql<{ id: string }>`
      INSERT INTO accounts (login, first_name, last_name, search_key, profile, status)
      SELECT 'bulk.' || g || '.' || ${suffix}, 'Élève', 'Nombre' || g, 'nombre' || g || ' eleve', 'ELEVE', 'ACTIVE'
      FROM generate_series(1, 2000) g RETURNING id`.execute(db());
    await sql`INSERT INTO structure_members (structure_id, school_year, account_id, profile)
      SELECT ${school.structure.id}, 2026, id, 'ELEVE' FROM accounts WHERE login LIKE ${`bulk.%.${suffix}`}`.execute(db());
    const ids = bulk.rows.map((r) => r.id);
    const victim = ids[1500]!;
    const staff = await loginAs(ctx.app, school.staff.login);
    const everyone = { type: 'PROFILE', structureId: school.structure.id, profile: 'ELEVE' } as const;

    const trigger = `preau_test_fail_${suffix.replace(/\W/g, '')}`;
    await sql.raw(`CREATE FUNCTION ${trigger}() RETURNS trigger AS $$ BEGIN
        IF NEW.account_id = '${victim}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`).execute(db());
    await sql.raw(`CREATE TRIGGER ${trigger} BEFORE INSERT ON message_recipients FOR EACH ROW EXECUTE FUNCTION ${trigger}()`).execute(db());
    const failedSubject = `Échec ${suffix}`;
    try {
      const failed = await send(staff, { to: [everyone], subject: failedSubject });
      expect(failed.statusCode).toBe(500);
    } finally {
      await sql.raw(`DROP TRIGGER ${trigger} ON message_recipients`).execute(db());
      await sql.raw(`DROP FUNCTION ${trigger}()`).execute(db());
    }
    expect(await db().selectFrom('messages').select('id').where('subject', '=', failedSubject).execute()).toEqual([]);
    const leftovers = await db().selectFrom('message_recipients').select('id').where('account_id', 'in', ids.slice(0, 10)).execute();
    expect(leftovers).toEqual([]);
    expect(await db().selectFrom('timeline_events').select('id').where('account_id', '=', ids[0]!).execute()).toEqual([]);

    const started = performance.now();
    const ok = await send(staff, { to: [everyone], subject: `Réussite ${suffix}` });
    const elapsed = performance.now() - started;
    expect(ok.statusCode).toBe(201);
    const count = await db().selectFrom('message_recipients').select((eb) => eb.fn.countAll<number>().as('n')).where('message_id', '=', ok.json().id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2000 + 2); // the 2,000, the factory's student, and the sender's copy
    const events = await db().selectFrom('timeline_events').select((eb) => eb.fn.countAll<number>().as('n')).where('object_id', '=', ok.json().id).executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(2001);
    console.info(`fan-out to 2,001 recipients on ${ctx.platform.database.kind}: ${Math.round(elapsed)} ms`);
  }, 120_000);
});

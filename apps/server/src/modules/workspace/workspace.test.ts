import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import { addTeaching, createAccount, createSchool, createStructure } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { ConfigError, loadConfig } from '../../platform/config.ts';
import { purgeExpiredTrash, TRASH_RETENTION_MS } from './workspace.service.ts';

/** The espace documentaire: folders, files, trash, quotas, shares, versions, archives, and who may do what. */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let people: Record<string, { id: string; login: string }>;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  b = await createSchool(db);
  const classmate = await createAccount(db, { profile: 'ELEVE', firstName: 'Hugo', structureIds: [a.structure.id], classId: a.schoolClass.id });
  const otherStructure = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
  const otherStructureStudent = await createAccount(db, { profile: 'ELEVE', structureIds: [otherStructure.id] });
  const otherTeacher = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Luc', structureIds: [a.structure.id] });
  people = {
    owner: a.student,
    reader: a.teacher,
    contributor: a.staff,
    manager: a.parent,
    classmate,
    otherTeacher,
    otherStructure: otherStructureStudent,
    otherCollectivite: b.student,
    adml: a.adml,
    admc: a.admc,
    admcC2: b.admc,
  };
});
afterAll(async () => {
  await ctx?.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
function call(method: Method, url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

function multipart(filename: string, content: string | Buffer, type = 'application/pdf') {
  const boundary = '----preau-workspace-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(auth: AuthHeaders, filename: string, content: string | Buffer, options: { parentId?: string; type?: string } = {}) {
  const body = multipart(filename, content, options.type);
  const query = options.parentId ? `?parentId=${options.parentId}` : '';
  return ctx.app.inject({ method: 'POST', url: `/api/v1/workspace/files${query}`, headers: { ...auth, ...body.headers }, payload: body.payload });
}

async function replace(auth: AuthHeaders, id: string, filename: string, content: string) {
  const body = multipart(filename, content);
  return ctx.app.inject({ method: 'PUT', url: `/api/v1/workspace/items/${id}/content`, headers: { ...auth, ...body.headers }, payload: body.payload });
}

async function folder(auth: AuthHeaders, name: string, parentId?: string): Promise<string> {
  const response = await call('POST', '/workspace/folders', auth, { name, ...(parentId ? { parentId } : {}) });
  expect(response.statusCode).toBe(201);
  return response.json().id as string;
}

async function usedBytes(accountId: string): Promise<number> {
  const row = await ctx.platform.database.db.selectFrom('storage_usage').select('used_bytes').where('account_id', '=', accountId).executeTakeFirst();
  return Number(row?.used_bytes ?? 0);
}

async function unzip(archive: Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(archive, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const entries = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        Readable.from(stream)
          .toArray()
          .then((chunks) => {
            const data = Buffer.concat(chunks);
            if ((crc32(data) >>> 0) !== entry.crc32) return reject(new Error(`bad CRC for ${entry.fileName}`));
            entries.set(entry.fileName, data.toString('utf8'));
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

describe('a file in a shared folder (table of actors)', () => {
  let folderId: string;
  let fileId: string;

  beforeAll(async () => {
    const owner = await as(people.owner!);
    folderId = await folder(owner, 'Exposé');
    const uploaded = await upload(owner, 'plan.pdf', '%PDF-1.4 plan');
    expect(uploaded.statusCode).toBe(201);
    fileId = uploaded.json().id;
    expect((await call('PATCH', `/workspace/items/${fileId}`, owner, { parentId: folderId })).statusCode).toBe(200);
    // Shares on the folder: the file inherits them.
    for (const [who, right] of [['reader', 'read'], ['contributor', 'contribute'], ['manager', 'manage']] as const) {
      const shared = await call('POST', `/workspace/items/${folderId}/shares`, owner, { target: { kind: 'account', id: people[who]!.id }, right });
      expect(shared.statusCode).toBe(200);
    }
  });

  // [who, read (item and content), contribute (new version), manage (rename, shares)]
  const table: [string, number, number, number][] = [
    ['owner', 200, 200, 200],
    ['reader', 200, 403, 403],
    ['contributor', 200, 200, 403],
    ['manager', 200, 200, 200],
    ['classmate', 404, 404, 404],
    ['otherStructure', 404, 404, 404],
    ['otherCollectivite', 404, 404, 404],
    ['adml', 404, 404, 404],
    ['admc', 404, 404, 404],
  ];
  it.each(table)('%s: read %i, contribute %i, manage %i', async (who, read, contribute, manage) => {
    const auth = await as(people[who]!);
    expect((await call('GET', `/workspace/items/${fileId}`, auth)).statusCode).toBe(read);
    const content = await call('GET', `/workspace/items/${fileId}/content`, auth);
    expect(content.statusCode).toBe(read);
    if (read === 200) {
      expect(content.headers['content-disposition']).toMatch(/^attachment/);
      expect(content.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await call('GET', `/workspace/items/${folderId}/archive`, auth)).statusCode).toBe(read);
    expect((await call('GET', `/workspace/items?parentId=${folderId}`, auth)).statusCode).toBe(read);
    expect((await replace(auth, fileId, 'plan.pdf', `%PDF-1.4 by ${who}`)).statusCode).toBe(contribute === 200 ? 200 : contribute);
    expect((await call('PATCH', `/workspace/items/${fileId}`, auth, { name: `plan ${who}.pdf` })).statusCode).toBe(manage);
    expect((await call('GET', `/workspace/items/${fileId}/shares`, auth)).statusCode).toBe(manage);
    expect((await call('POST', `/workspace/items/${fileId}/trash`, auth)).statusCode).toBe(manage);
    if (manage === 200) expect((await call('POST', `/workspace/items/${fileId}/restore`, auth)).statusCode).toBe(200);
  });

  it('"Partagés avec moi" lists the folder for the sharees, not for the others', async () => {
    for (const who of ['reader', 'contributor', 'manager']) {
      const page = await call('GET', '/workspace/items?view=shared', await as(people[who]!));
      expect(page.json().items.map((i: { id: string }) => i.id)).toContain(folderId);
    }
    for (const who of ['classmate', 'adml', 'admc']) {
      const page = await call('GET', '/workspace/items?view=shared', await as(people[who]!));
      expect(page.json().items.map((i: { id: string }) => i.id)).not.toContain(folderId);
    }
  });

  it('a share is refused outside the annuaire: a student cannot share with another structure or collectivité', async () => {
    const owner = await as(people.owner!);
    for (const target of [people.otherStructure!, people.otherCollectivite!, people.admcC2!]) {
      const response = await call('POST', `/workspace/items/${folderId}/shares`, owner, { target: { kind: 'account', id: target.id }, right: 'read' });
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe('WORKSPACE_SHARE_TARGET_UNKNOWN');
    }
    const profile = await call('POST', `/workspace/items/${folderId}/shares`, owner, { target: { kind: 'profile', id: a.structure.id, profile: 'ELEVE' }, right: 'read' });
    expect(profile.json().error.code).toBe('WORKSPACE_SHARE_TARGET_UNKNOWN');
    const otherClass = await call('POST', `/workspace/items/${folderId}/shares`, owner, { target: { kind: 'class', id: b.schoolClass.id }, right: 'read' });
    expect(otherClass.json().error.code).toBe('WORKSPACE_SHARE_TARGET_UNKNOWN');
  });

  it('revoking a share takes effect at once', async () => {
    const owner = await as(people.owner!);
    const shares = (await call('GET', `/workspace/items/${folderId}/shares`, owner)).json().items as { id: string; target: { id: string } }[];
    const readerShare = shares.find((s) => s.target.id === people.reader!.id)!;
    const reader = await as(people.reader!);
    expect((await call('GET', `/workspace/items/${fileId}/content`, reader)).statusCode).toBe(200);
    expect((await call('DELETE', `/workspace/items/${folderId}/shares/${readerShare.id}`, owner)).statusCode).toBe(204);
    expect((await call('GET', `/workspace/items/${fileId}/content`, reader)).statusCode).toBe(404);
    expect((await call('DELETE', `/workspace/items/${folderId}/shares/${readerShare.id}`, owner)).statusCode).toBe(404);
  });
});

describe('Mes documents', () => {
  it('folders, upload, list (folders first), rename, move, copy, and the cleaned names', async () => {
    const teacher = await as(people.otherTeacher!);
    const cours = await folder(teacher, 'Cours');
    const archives = await folder(teacher, 'Archives');
    const uploaded = await upload(teacher, 'Évaluation\u202Efdp.exe', 'contenu', { parentId: cours, type: 'text/plain' });
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.json()).toMatchObject({ name: 'Évaluationfdp.exe', size: 7, scanStatus: 'disabled', myRight: 'owner', parentId: cours });
    const fileId = uploaded.json().id as string;

    const top = await call('GET', '/workspace/items', teacher);
    expect(top.json().items.map((i: { name: string }) => i.name)).toEqual(['Archives', 'Cours']);
    const inside = await call('GET', `/workspace/items?parentId=${cours}`, teacher);
    expect(inside.json()).toMatchObject({ folder: { id: cours }, path: [], items: [{ id: fileId }] });

    // A name with path separators stays one name; one made of nothing visible is refused; 300 characters too.
    const renamed = await call('PATCH', `/workspace/items/${fileId}`, teacher, { name: '../../etc/passwd' });
    expect(renamed.json().name).toBe('..-..-etc-passwd');
    expect((await call('PATCH', `/workspace/items/${fileId}`, teacher, { name: '///' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', '/workspace/folders', teacher, { name: 'x'.repeat(300) })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', '/workspace/folders', teacher, { name: '<b>Notes' })).json().name).toBe('<b>Notes');

    // Moving a folder into itself or below it is refused; into another folder is fine.
    const sub = await folder(teacher, 'Sous-dossier', cours);
    expect((await call('PATCH', `/workspace/items/${cours}`, teacher, { parentId: sub })).json().error.code).toBe('WORKSPACE_MOVE_INTO_ITSELF');
    expect((await call('PATCH', `/workspace/items/${cours}`, teacher, { parentId: cours })).json().error.code).toBe('WORKSPACE_MOVE_INTO_ITSELF');
    expect((await call('PATCH', `/workspace/items/${cours}`, teacher, { parentId: fileId })).json().error.code).toBe('WORKSPACE_NOT_A_FOLDER');
    expect((await call('PATCH', `/workspace/items/${cours}`, teacher, { parentId: archives })).statusCode).toBe(200);
    const path = await call('GET', `/workspace/items?parentId=${sub}`, teacher);
    expect(path.json().path.map((p: { name: string }) => p.name)).toEqual(['Archives', 'Cours']);

    // A copy is a new file with its own bytes, charged to the quota.
    const before = await usedBytes(people.otherTeacher!.id);
    const copy = await call('POST', `/workspace/items/${fileId}/copy`, teacher, {});
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ parentId: null, size: 7 });
    expect(await usedBytes(people.otherTeacher!.id)).toBe(before + 7);
    expect((await call('GET', `/workspace/items/${copy.json().id}/content`, teacher)).body).toBe('contenu');
  });

  it('trash: hides a folder and its content, restores it, deletes it for good with its quota, and purges after 30 days', async () => {
    const owner = await createAccount(ctx.platform.database.db, { profile: 'ENSEIGNANT', structureIds: [a.structure.id] });
    const auth = await as(owner);
    const box = await folder(auth, 'Boîte');
    const file = (await upload(auth, 'a.txt', '12345', { parentId: box, type: 'text/plain' })).json().id as string;
    expect(await usedBytes(owner.id)).toBe(5);

    expect((await call('POST', `/workspace/items/${box}/trash`, auth)).json().trashedAt).not.toBeNull();
    expect((await call('GET', '/workspace/items', auth)).json().items).toEqual([]);
    expect((await call('GET', '/workspace/items?view=trash', auth)).json().items.map((i: { id: string }) => i.id)).toEqual([box]);
    expect((await call('GET', `/workspace/items/${file}/content`, auth)).json().error.code).toBe('WORKSPACE_IN_TRASH');
    expect((await call('POST', `/workspace/items/${file}/restore`, auth)).json().error.code).toBe('NOT_FOUND');

    expect((await call('POST', `/workspace/items/${box}/restore`, auth)).statusCode).toBe(200);
    expect((await call('GET', `/workspace/items/${file}/content`, auth)).body).toBe('12345');
    expect((await call('POST', `/workspace/items/${box}/restore`, auth)).json().error.code).toBe('WORKSPACE_NOT_IN_TRASH');
    expect((await call('DELETE', `/workspace/items/${box}`, auth)).json().error.code).toBe('WORKSPACE_NOT_IN_TRASH');

    await call('POST', `/workspace/items/${box}/trash`, auth);
    expect((await call('DELETE', `/workspace/items/${box}`, auth)).statusCode).toBe(204);
    expect((await call('GET', `/workspace/items/${file}`, auth)).statusCode).toBe(404);
    expect(await usedBytes(owner.id)).toBe(0);

  });

  it('versions: replacing keeps the earlier ones, listed and restorable', async () => {
    const auth = await as(people.otherTeacher!);
    const id = (await upload(auth, 'cours.pdf', 'version 1')).json().id as string;
    const replaced = await replace(auth, id, 'cours-v2.pdf', 'version 2');
    expect(replaced.json()).toMatchObject({ version: 2, name: 'cours.pdf' });
    expect((await call('GET', `/workspace/items/${id}/content`, auth)).body).toBe('version 2');
    const versions = (await call('GET', `/workspace/items/${id}/versions`, auth)).json().items;
    expect(versions.map((v: { version: number; current: boolean; fileName: string }) => [v.version, v.current, v.fileName])).toEqual([
      [2, true, 'cours-v2.pdf'],
      [1, false, 'cours.pdf'],
    ]);
    const first = versions[1].id as string;
    expect((await call('GET', `/workspace/items/${id}/versions/${first}/content`, auth)).body).toBe('version 1');
    expect((await call('POST', `/workspace/items/${id}/versions/${first}/restore`, auth)).json().version).toBe(1);
    expect((await call('GET', `/workspace/items/${id}/content`, auth)).body).toBe('version 1');
    // Another file's version is not this file's.
    const other = (await upload(auth, 'autre.pdf', 'x')).json().id as string;
    expect((await call('POST', `/workspace/items/${other}/versions/${first}/restore`, auth)).statusCode).toBe(404);
  });

  it('a folder downloads as a ZIP with its subfolders, names made unique', async () => {
    const auth = await as(people.otherTeacher!);
    const root = await folder(auth, 'Séquence');
    const sub = await folder(auth, 'Documents', root);
    await upload(auth, 'fiche.txt', 'un', { parentId: root, type: 'text/plain' });
    await upload(auth, 'fiche.txt', 'deux', { parentId: root, type: 'text/plain' });
    await upload(auth, 'annexe.txt', 'trois', { parentId: sub, type: 'text/plain' });
    const trashed = (await upload(auth, 'jeté.txt', 'non', { parentId: root, type: 'text/plain' })).json().id;
    await call('POST', `/workspace/items/${trashed}/trash`, auth);
    const response = await call('GET', `/workspace/items/${root}/archive`, auth);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toContain('S%C3%A9quence.zip');
    const entries = await unzip(response.rawPayload);
    expect([...entries.keys()].sort()).toEqual(['Documents/annexe.txt', 'fiche (2).txt', 'fiche.txt']);
    expect(entries.get('Documents/annexe.txt')).toBe('trois');
  });

  it('images and PDFs are shown inline by the preview route, other files are not', async () => {
    const auth = await as(people.otherTeacher!);
    const png = (await upload(auth, 'photo.png', 'PNGDATA', { type: 'image/png' })).json().id;
    const preview = await call('GET', `/workspace/items/${png}/preview`, auth);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-disposition']).toMatch(/^inline/);
    expect(preview.headers['content-type']).toBe('image/png');
    const svg = (await upload(auth, 'dessin.svg', '<svg onload="alert(1)"/>', { type: 'image/svg+xml' })).json().id;
    expect((await call('GET', `/workspace/items/${svg}/preview`, auth)).statusCode).toBe(404);
    expect((await call('GET', `/workspace/items/${svg}/content`, auth)).headers['content-type']).toBe('application/octet-stream');
  });
});

describe('class folders and sharing with a class', () => {
  it('a teacher of the class creates it and manages it; its students read it; others do not see it', async () => {
    const teacher = await as(a.teacher);
    expect((await call('POST', '/workspace/class-folders', await as(people.otherTeacher!), { classId: a.schoolClass.id })).statusCode).toBe(404);
    expect((await call('POST', '/workspace/class-folders', await as(a.student), { classId: a.schoolClass.id })).statusCode).toBe(403);
    const created = await call('POST', '/workspace/class-folders', teacher, { classId: a.schoolClass.id });
    expect(created.statusCode).toBe(201);
    const classFolder = created.json().id as string;
    const choices = (await call('GET', '/workspace/class-folders', teacher)).json().items;
    expect(choices).toContainEqual({ classId: a.schoolClass.id, name: a.schoolClass.name, folderId: classFolder });
    expect((await call('GET', '/workspace/class-folders', await as(a.student))).json().items).toEqual([]);
    expect((await call('POST', '/workspace/class-folders', teacher, { classId: a.schoolClass.id })).json().error.code).toBe('WORKSPACE_CLASS_FOLDER_EXISTS');
    const file = (await upload(teacher, 'consignes.pdf', '%PDF consignes', { parentId: classFolder })).json().id;

    // A second teacher of the class manages it too.
    const coTeacher = await createAccount(ctx.platform.database.db, { profile: 'ENSEIGNANT', structureIds: [a.structure.id] });
    await addTeaching(ctx.platform.database.db, coTeacher.id, { classId: a.schoolClass.id });
    expect((await call('GET', `/workspace/items/${classFolder}`, await as(coTeacher))).json().myRight).toBe('manage');

    for (const student of [a.student, people.classmate!]) {
      const auth = await as(student);
      const shared = (await call('GET', '/workspace/items?view=shared', auth)).json();
      expect(shared.items.find((i: { id: string }) => i.id === classFolder)).toMatchObject({ myRight: 'read', classId: a.schoolClass.id });
      expect((await call('GET', `/workspace/items/${file}/content`, auth)).body).toBe('%PDF consignes');
      expect((await upload(auth, 'devoir.pdf', '%PDF', { parentId: classFolder })).statusCode).toBe(403);
    }
    for (const who of ['otherStructure', 'otherCollectivite', 'adml', 'admc']) {
      expect((await call('GET', `/workspace/items/${file}/content`, await as(people[who]!))).statusCode).toBe(404);
    }
  });

  it('a folder shared with a class reaches its students, tells them once, and a revoke stops it', async () => {
    const teacher = await as(a.teacher);
    const shared = await folder(teacher, 'Corrigés');
    const file = (await upload(teacher, 'corrigé.pdf', '%PDF corrigé', { parentId: shared })).json().id;
    const share = await call('POST', `/workspace/items/${shared}/shares`, teacher, { target: { kind: 'class', id: a.schoolClass.id }, right: 'read' });
    expect(share.json().items).toMatchObject([{ target: { kind: 'class', id: a.schoolClass.id }, label: a.schoolClass.name, right: 'read' }]);
    // The same share again says nothing new.
    await call('POST', `/workspace/items/${shared}/shares`, teacher, { target: { kind: 'class', id: a.schoolClass.id }, right: 'read' });

    const student = await as(a.student);
    expect((await call('GET', `/workspace/items/${file}/content`, student)).statusCode).toBe(200);
    const timeline = (await call('GET', '/timeline', student)).json().items.filter((e: { kind: string; objectId: string }) => e.kind === 'workspace.shared' && e.objectId === shared);
    expect(timeline).toHaveLength(1);
    expect(timeline[0].data).toMatchObject({ name: 'Corrigés', right: 'read' });
    // Not the parent: a class share reaches its members.
    expect((await call('GET', `/workspace/items/${file}/content`, await as(a.parent))).statusCode).toBe(404);

    const shareId = share.json().items[0].id;
    expect((await call('DELETE', `/workspace/items/${shared}/shares/${shareId}`, teacher)).statusCode).toBe(204);
    expect((await call('GET', `/workspace/items/${file}/content`, student)).statusCode).toBe(404);
  });
});

describe('quotas', () => {
  it('the ADMC sets the quota of a profile in his collectivité; an upload over it is refused before anything is kept', async () => {
    const db = ctx.platform.database.db;
    const student = await createAccount(db, { profile: 'ELEVE', structureIds: [a.structure.id], classId: a.schoolClass.id });
    const auth = await as(student);
    expect((await call('GET', '/workspace/quota', auth)).json()).toMatchObject({ usedBytes: 0, quotaBytes: 100 * 1024 * 1024, antivirus: 'disabled' });

    const collectiviteId = a.structure.collectivite_id;
    const body = { items: [{ profile: 'ELEVE', quotaBytes: 100 }] };
    expect((await call('PUT', `/workspace/quotas/${collectiviteId}`, await as(a.adml), body)).statusCode).toBe(404);
    expect((await call('PUT', `/workspace/quotas/${collectiviteId}`, await as(b.admc), body)).statusCode).toBe(404);
    expect((await call('GET', `/workspace/quotas/${collectiviteId}`, auth)).statusCode).toBe(404);
    const set = await call('PUT', `/workspace/quotas/${collectiviteId}`, await as(a.admc), body);
    expect(set.statusCode).toBe(200);
    expect(set.json().items.find((q: { profile: string }) => q.profile === 'ELEVE')).toEqual({ profile: 'ELEVE', quotaBytes: 100, isDefault: false });
    expect(set.json().items.find((q: { profile: string }) => q.profile === 'ENSEIGNANT')).toMatchObject({ isDefault: true });

    expect((await call('GET', '/workspace/quota', auth)).json().quotaBytes).toBe(100);
    expect((await upload(auth, 'petit.txt', 'x'.repeat(60), { type: 'text/plain' })).statusCode).toBe(201);
    const over = await upload(auth, 'gros.txt', 'x'.repeat(60), { type: 'text/plain' });
    expect(over.statusCode).toBe(413);
    expect(over.json().error.code).toBe('STORAGE_QUOTA_EXCEEDED');
    expect((await call('GET', '/workspace/items', auth)).json().items.map((i: { name: string }) => i.name)).toEqual(['petit.txt']);
    expect((await call('GET', '/workspace/quota', auth)).json().usedBytes).toBe(60);
    // Another collectivité keeps its defaults.
    expect((await call('GET', '/workspace/quota', await as(b.student))).json().quotaBytes).toBe(100 * 1024 * 1024);
    // Put back, so other tests of the file are not limited.
    await call('PUT', `/workspace/quotas/${collectiviteId}`, await as(a.admc), { items: [{ profile: 'ELEVE', quotaBytes: 100 * 1024 * 1024 }] });
  });

  it('bad input: no file, a wrong query, an unknown cursor', async () => {
    const auth = await as(people.otherTeacher!);
    const noFile = await call('POST', '/workspace/files', auth, { name: 'x' });
    expect(noFile.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await call('GET', '/workspace/items?view=everything', auth)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await call('GET', '/workspace/items?after=bm9wZQ', auth)).json().error.code).toBe('VALIDATION_FAILED');
  });

  it('pages a folder by keyset, folders first', async () => {
    const auth = await as(people.otherTeacher!);
    const root = await folder(auth, 'Beaucoup');
    for (const name of ['c.txt', 'a.txt', 'b.txt']) await upload(auth, name, name, { parentId: root, type: 'text/plain' });
    await folder(auth, 'z-dossier', root);
    const first = (await call('GET', `/workspace/items?parentId=${root}&limit=2`, auth)).json();
    expect(first.items.map((i: { name: string }) => i.name)).toEqual(['z-dossier', 'a.txt']);
    const second = (await call('GET', `/workspace/items?parentId=${root}&limit=2&after=${first.next}`, auth)).json();
    expect(second.items.map((i: { name: string }) => i.name)).toEqual(['b.txt', 'c.txt']);
    expect(second.next).toBeNull();
  });
});

describe('copying a folder', () => {
  async function tree(owner: { id: string }) {
    const db = ctx.platform.database.db;
    return db.selectFrom('workspace_items').select(['name', 'kind', 'size', 'trashed_at']).where('owner_id', '=', owner.id).orderBy('name').execute();
  }

  it('copies the folder, its subfolders and files (not what is in the trash) with their own bytes, charged to the one who copies', async () => {
    const owner = await createAccount(ctx.platform.database.db, { profile: 'ENSEIGNANT', structureIds: [a.structure.id] });
    const auth = await as(owner);
    const projet = await folder(auth, 'Projet');
    const images = await folder(auth, 'Images', projet);
    expect((await upload(auth, 'plan.txt', '12345', { parentId: projet, type: 'text/plain' })).statusCode).toBe(201);
    expect((await upload(auth, 'carte.txt', 'abc', { parentId: images, type: 'text/plain' })).statusCode).toBe(201);
    const thrown = (await upload(auth, 'jeté.txt', 'xxxxxxx', { parentId: projet, type: 'text/plain' })).json().id as string;
    await call('POST', `/workspace/items/${thrown}/trash`, auth);
    const archives = await folder(auth, 'Archives');
    const before = await usedBytes(owner.id);

    const copy = await call('POST', `/workspace/items/${projet}/copy`, auth, { parentId: archives });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ kind: 'folder', name: 'Projet', parentId: archives, myRight: 'owner' });
    expect(await usedBytes(owner.id)).toBe(before + 8);
    const copied = await call('GET', `/workspace/items?parentId=${copy.json().id}`, auth);
    expect(copied.json().items.map((i: { name: string }) => i.name)).toEqual(['Images', 'plan.txt']);
    const zip = await unzip((await call('GET', `/workspace/items/${copy.json().id}/archive`, auth)).rawPayload);
    expect(Object.fromEntries(zip)).toEqual({ 'plan.txt': '12345', 'Images/carte.txt': 'abc' });
    // Its own bytes: deleting the original for good leaves the copy readable.
    await call('POST', `/workspace/items/${projet}/trash`, auth);
    expect((await call('DELETE', `/workspace/items/${projet}`, auth)).statusCode).toBe(204);
    expect(Object.fromEntries(await unzip((await call('GET', `/workspace/items/${copy.json().id}/archive`, auth)).rawPayload))).toEqual({
      'plan.txt': '12345',
      'Images/carte.txt': 'abc',
    });
  });

  it('a sharee who reads a folder copies it into his own documents; others do not see it', async () => {
    const owner = await as(people.owner!);
    const shared = await folder(owner, 'À copier');
    await upload(owner, 'fiche.txt', 'fiche', { parentId: shared, type: 'text/plain' });
    expect((await call('POST', `/workspace/items/${shared}/shares`, owner, { target: { kind: 'account', id: people.reader!.id }, right: 'read' })).statusCode).toBe(200);
    const table: [string, number][] = [
      ['owner', 201],
      ['reader', 201],
      ['otherTeacher', 404],
      ['classmate', 404],
      ['otherStructure', 404],
      ['otherCollectivite', 404],
      ['adml', 404],
      ['admc', 404],
    ];
    for (const [who, status] of table) {
      const response = await call('POST', `/workspace/items/${shared}/copy`, await as(people[who]!), {});
      expect([who, response.statusCode]).toEqual([who, status]);
      if (status === 201) expect(response.json()).toMatchObject({ ownerId: people[who]!.id, parentId: null });
    }
    // The reader cannot copy into the owner's folder (read only there).
    const intoShared = await call('POST', `/workspace/items/${shared}/copy`, await as(people.reader!), { parentId: shared });
    expect(intoShared.statusCode).toBe(403);
  });

  it('refuses, with nothing written: into itself, over the quota (before a byte is copied), a file still being scanned, a storage failing midway', async () => {
    const db = ctx.platform.database.db;
    const owner = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [a.structure.id] });
    const auth = await as(owner);
    const box = await folder(auth, 'Boîte');
    const inner = await folder(auth, 'Dedans', box);
    await upload(auth, 'un.txt', '1111', { parentId: box, type: 'text/plain' });
    await upload(auth, 'deux.txt', '2222', { parentId: inner, type: 'text/plain' });
    const treeBefore = await tree(owner);
    const usedBefore = await usedBytes(owner.id);
    const storedBefore = await db.selectFrom('stored_files').select('storage_key').where('account_id', '=', owner.id).execute();
    const unchanged = async () => {
      expect(await tree(owner)).toEqual(treeBefore);
      expect(await usedBytes(owner.id)).toBe(usedBefore);
      expect(await db.selectFrom('stored_files').select('storage_key').where('account_id', '=', owner.id).execute()).toEqual(storedBefore);
    };

    for (const target of [box, inner]) {
      const response = await call('POST', `/workspace/items/${box}/copy`, auth, { parentId: target });
      expect(response.json().error.code).toBe('WORKSPACE_COPY_INTO_ITSELF');
    }
    await unchanged();

    // 8 bytes to copy, 5 left: refused before the storage is asked for anything.
    const quota = ctx.platform.config.storage.quotaBytes.ENSEIGNANT;
    await db.updateTable('storage_usage').set({ used_bytes: quota - 5 }).where('account_id', '=', owner.id).execute();
    const put = vi.spyOn(ctx.platform.storage, 'put');
    const full = await call('POST', `/workspace/items/${box}/copy`, auth, {});
    expect(full.statusCode).toBe(413);
    expect(full.json().error.code).toBe('STORAGE_QUOTA_EXCEEDED');
    expect(put).not.toHaveBeenCalled();
    await db.updateTable('storage_usage').set({ used_bytes: usedBefore }).where('account_id', '=', owner.id).execute();
    await unchanged();

    // The second file's bytes fail to be written: the first one's copy is deleted again, no row is written.
    const written: string[] = [];
    const original = put.getMockImplementation() ?? ctx.platform.storage.put.bind(ctx.platform.storage);
    put.mockImplementation(async (key, body, options) => {
      written.push(key);
      if (written.length === 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return original(key, body, options);
    });
    try {
      const failing = await call('POST', `/workspace/items/${box}/copy`, auth, {});
      expect(failing.statusCode).toBe(503);
      expect(failing.json().error.code).toBe('STORAGE_FULL');
    } finally {
      put.mockRestore();
    }
    await unchanged();
    await expect(ctx.platform.storage.get(written[0]!)).rejects.toThrow(/No file/);

    // A file the antivirus has not passed yet is not copied, nor its folder.
    await db.updateTable('workspace_items').set({ scan_status: 'pending' }).where('name', '=', 'deux.txt').where('owner_id', '=', owner.id).execute();
    expect((await call('POST', `/workspace/items/${box}/copy`, auth, {})).json().error.code).toBe('WORKSPACE_FILE_PENDING_SCAN');
    await unchanged();
  });
});

describe('thumbnails of images', () => {
  const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3366cc' } }).png().toBuffer();

  it('an image gets a small WebP once stored; copies keep it; a PDF or a damaged picture gets none', async () => {
    const owner = await as(people.owner!);
    const photo = await upload(owner, 'sortie.png', await png(1200, 600), { type: 'image/png' });
    expect(photo.statusCode).toBe(201);
    expect(photo.json()).toMatchObject({ hasThumbnail: true, scanStatus: 'disabled' });
    const thumbnail = await call('GET', `/workspace/items/${photo.json().id}/thumbnail`, owner);
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    expect(thumbnail.headers['x-content-type-options']).toBe('nosniff');
    expect(await sharp(thumbnail.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 256, height: 128 });

    // A small picture is not enlarged.
    const small = await upload(owner, 'icône.png', await png(40, 30), { type: 'image/png' });
    expect(await sharp((await call('GET', `/workspace/items/${small.json().id}/thumbnail`, owner)).rawPayload).metadata()).toMatchObject({ width: 40, height: 30 });

    const copy = await call('POST', `/workspace/items/${photo.json().id}/copy`, owner, {});
    expect(copy.json().hasThumbnail).toBe(true);

    for (const [name, content, type] of [
      ['exposé.pdf', '%PDF-1.4 exposé', 'application/pdf'],
      ['cassé.png', 'pas une image', 'image/png'],
      ['dessin.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml'],
    ] as const) {
      const uploaded = await upload(owner, name, content, { type });
      expect(uploaded.statusCode).toBe(201);
      expect(uploaded.json().hasThumbnail).toBe(false);
      expect((await call('GET', `/workspace/items/${uploaded.json().id}/thumbnail`, owner)).statusCode).toBe(404);
    }
    // Those who may not read the file do not get its thumbnail either.
    for (const who of ['classmate', 'otherStructure', 'adml', 'admc']) {
      expect((await call('GET', `/workspace/items/${photo.json().id}/thumbnail`, await as(people[who]!))).statusCode).toBe(404);
    }
  });

  it('a new version gets its own thumbnail, restoring an earlier one brings its thumbnail back, deleting removes them', async () => {
    const db = ctx.platform.database.db;
    const owner = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [a.structure.id] });
    const auth = await as(owner);
    const first = await upload(auth, 'photo.png', await png(600, 600), { type: 'image/png' });
    const id = first.json().id as string;
    const body = multipart('photo.png', await png(600, 300), 'image/png');
    const second = await ctx.app.inject({ method: 'PUT', url: `/api/v1/workspace/items/${id}/content`, headers: { ...auth, ...body.headers }, payload: body.payload });
    expect(second.json()).toMatchObject({ version: 2, hasThumbnail: true });
    const size = async () => sharp((await call('GET', `/workspace/items/${id}/thumbnail`, auth)).rawPayload).metadata();
    expect(await size()).toMatchObject({ width: 256, height: 128 });
    const versions = (await call('GET', `/workspace/items/${id}/versions`, auth)).json().items as { id: string; version: number }[];
    await call('POST', `/workspace/items/${id}/versions/${versions.find((v) => v.version === 1)!.id}/restore`, auth);
    expect(await size()).toMatchObject({ width: 256, height: 256 });

    const keys = (await db.selectFrom('workspace_versions').select('thumbnail_key').where('item_id', '=', id).execute()).map((row) => row.thumbnail_key!);
    expect(keys).toHaveLength(2);
    await call('POST', `/workspace/items/${id}/trash`, auth);
    await call('DELETE', `/workspace/items/${id}`, auth);
    for (const key of keys) await expect(ctx.platform.storage.get(key)).rejects.toThrow(/No file/);
  });
});

describe('the 30-day purge of the trash (last: it moves the clock past every session)', () => {
  it('a day early nothing goes; after, the item, its versions and its quota go', async () => {
    const owner = await createAccount(ctx.platform.database.db, { profile: 'ENSEIGNANT', structureIds: [a.structure.id] });
    const auth = await as(owner);
    const old = (await upload(auth, 'vieux.txt', 'abc', { type: 'text/plain' })).json().id as string;
    const kept = (await upload(auth, 'gardé.txt', 'de', { type: 'text/plain' })).json().id as string;
    await call('POST', `/workspace/items/${old}/trash`, auth);
    const exists = async (id: string) =>
      (await ctx.platform.database.db.selectFrom('workspace_items').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    ctx.clock.advance(TRASH_RETENTION_MS - 86_400_000);
    await purgeExpiredTrash(ctx.platform);
    expect(await exists(old)).toBe(true);
    ctx.clock.advance(2 * 86_400_000);
    await purgeExpiredTrash(ctx.platform);
    expect(await exists(old)).toBe(false);
    expect(await exists(kept)).toBe(true);
    expect(await usedBytes(owner.id)).toBe(2);
  });
});

describe('antivirus configuration', () => {
  it('production refuses to start without clamd unless the antivirus is disabled on purpose', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true' }).clamd).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production', CLAMD_SOCKET: '/run/clamav/clamd.ctl' }).clamd).toEqual({ socket: '/run/clamav/clamd.ctl' });
    expect(loadConfig({ NODE_ENV: 'production', CLAMD_HOST: 'clamav' }).clamd).toEqual({ host: 'clamav', port: 3310 });
    expect(loadConfig({}).clamd).toBeUndefined();
  });
});

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { loadConfig } from '../config.ts';
import { type DatabaseHandle, openPGlite, openPostgres } from '../db/database.ts';
import { createPlatform, type Platform } from '../platform.ts';
import type { FileStorage } from './file-storage.ts';
import { LocalDiskStorage } from './local-disk-storage.ts';
import { S3Storage } from './s3-storage.ts';

/** A storage whose next writes fail the way `failure` says; reads and deletes work. */
class FailingStorage implements FileStorage {
  readonly kind = 'local' as const;
  failure: (() => Promise<number>) | undefined;
  constructor(readonly inner: FileStorage) {}
  async put(key: string, body: Readable | Buffer, options: { contentType: string }): Promise<number> {
    if (!this.failure) return this.inner.put(key, body, options);
    if (!Buffer.isBuffer(body)) await body.toArray(); // the upload is read, as a real disk would, then fails
    return this.failure();
  }
  get(key: string) {
    return this.inner.get(key);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

const diskFull = async (): Promise<number> => {
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
};
// The real S3 client against s3rver answering an error (a bucket that is not there: 404 NoSuchBucket), and
// against a port nobody listens on.
const s3rverFolder = mkdtempSync(join(tmpdir(), 'preau-s3rver-'));
const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3rverFolder });
let s3Endpoint = '';
let closedPort = 0;
async function s3Put(endpoint: string): Promise<number> {
  const s3 = new S3Storage(
    { endpoint, bucket: 'absent-bucket', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true },
    { maxAttempts: 1 },
  );
  try {
    return await s3.put('x/y', Buffer.from('z'), { contentType: 'text/plain' });
  } finally {
    s3.destroy();
  }
}
const s3Error = () => s3Put(s3Endpoint);

function multipart(fileName: string, content: Buffer) {
  const boundary = '----preau-storage-test';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * An upload that cannot be stored (disk full, S3 answering errors) leaves no
 * row and tells the user why, with a 503 and a message saying nothing was
 * added, rather than a 500. Shown on the messaging attachments.
 */
describe('storage failures during an upload', () => {
  const folder = mkdtempSync(join(tmpdir(), 'preau-storage-'));
  const storage = new FailingStorage(new LocalDiskStorage(folder));
  let database: DatabaseHandle;
  let platform: Platform;
  let app: App;
  let teacher: AuthHeaders;
  let studentId: string;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SCHOOL_YEAR: '2026', LOGIN_MAX_PER_IP: '1000000', ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}) });
    database = process.env.TEST_DATABASE_URL ? openPostgres(process.env.TEST_DATABASE_URL, 2) : await openPGlite();
    platform = await createPlatform(config, { database, storage });
    app = await buildApp(platform);
    const school = await createSchool(database.db);
    teacher = await loginAs(app, school.teacher.login);
    studentId = school.student.id;
    s3Endpoint = `http://127.0.0.1:${(await s3rver.run()).port}`;
    const refusing = createServer();
    await new Promise<void>((done) => refusing.listen(0, '127.0.0.1', done));
    closedPort = (refusing.address() as { port: number }).port;
    await new Promise((done) => refusing.close(done));
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await platform.close();
    await database.close();
    await s3rver.close();
    rmSync(s3rverFolder, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  });

  async function uploadWith(failure: (() => Promise<number>) | undefined) {
    const draft = await app.inject({
      method: 'POST',
      url: '/api/v1/messaging/drafts',
      headers: teacher,
      payload: { to: [{ type: 'PERSON', id: studentId }], subject: 'Avec pièce jointe', body: '<p>x</p>' },
    });
    expect(draft.statusCode).toBe(201);
    const draftId = (draft.json() as { id: string }).id;
    const body = multipart('devoir.pdf', Buffer.alloc(4096, 1));
    storage.failure = failure;
    try {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/messaging/drafts/${draftId}/attachments`,
        headers: { ...teacher, 'content-type': body.contentType, 'accept-language': 'fr' },
        payload: body.payload,
      });
      return { response, draftId };
    } finally {
      storage.failure = undefined;
    }
  }

  async function expectNothingKept(draftId: string) {
    expect(await database.db.selectFrom('message_attachments').select('id').where('message_id', '=', draftId).execute()).toEqual([]);
    const draft = await database.db.selectFrom('messages').select('has_attachments').where('id', '=', draftId).executeTakeFirstOrThrow();
    expect(draft.has_attachments).toBe(false);
  }

  it.each([
    ['the disk is full', diskFull, 'STORAGE_FULL', /espace de stockage du serveur est plein. Rien n’a été ajouté/],
    ['S3 answers an error', s3Error, 'STORAGE_UNAVAILABLE', /le stockage des fichiers ne répond pas. Rien n’a été ajouté/],
  ])('when %s: 503 with the reason, no row, no file', async (_name, failure, code, message) => {
    const files = () => readdirSync(folder, { recursive: true }).filter((f) => String(f).includes('.'));
    const { response, draftId } = await uploadWith(failure);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('60');
    expect(response.json()).toMatchObject({ error: { code, message: expect.stringMatching(message) } });
    await expectNothingKept(draftId);
    expect(files()).toEqual([]);
  });

  it('when S3 cannot be reached: 503 SERVICE_UNAVAILABLE, no row', async () => {
    const { response, draftId } = await uploadWith(() => s3Put(`http://127.0.0.1:${closedPort}`));
    expect(response.statusCode).toBe(503);
    expect((response.json() as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    await expectNothingKept(draftId);
  });

  it('stores the same upload once the storage works again', async () => {
    const { response, draftId } = await uploadWith(undefined);
    expect(response.statusCode).toBe(201);
    expect(await database.db.selectFrom('message_attachments').select('id').where('message_id', '=', draftId).execute()).toHaveLength(1);
  });
});

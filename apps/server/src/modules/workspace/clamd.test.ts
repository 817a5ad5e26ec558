import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { clamdScanner } from './clamd.ts';
import { rescanPendingFiles } from './scanning.ts';

/**
 * The antivirus against Debian's clamd (not written here): a daemon of our
 * own on a Unix socket in a temporary folder, whose only signature is the
 * EICAR test file's (an MD5 signature made here; nothing downloaded).
 * Included in the run only where /usr/sbin/clamd exists (vitest.config.ts).
 */

// The standard antivirus test file (eicar.org): harmless, detected by every antivirus by convention.
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

let dir: string;
let socket: string;
let clamd: ChildProcess | undefined;

async function startClamd(): Promise<void> {
  clamd = spawn('/usr/sbin/clamd', ['-c', join(dir, 'clamd.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 300 && !existsSync(socket); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!existsSync(socket)) throw new Error('clamd did not open its socket');
}

async function stopClamd(): Promise<void> {
  const child = clamd;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  rmSync(socket, { force: true });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'preau-clamd-'));
  socket = join(dir, 'clamd.sock');
  const md5 = createHash('md5').update(EICAR).digest('hex');
  writeFileSync(join(dir, 'eicar.hdb'), `${md5}:${EICAR.length}:Preau-EICAR-Test\n`);
  writeFileSync(
    join(dir, 'clamd.conf'),
    [`Foreground yes`, `LocalSocket ${socket}`, `DatabaseDirectory ${dir}`, `PidFile ${join(dir, 'clamd.pid')}`, `LogFile ${join(dir, 'clamd.log')}`, 'StreamMaxLength 10M'].join('\n') + '\n',
  );
  await startClamd();
}, 60_000);

afterAll(async () => {
  await stopClamd();
  rmSync(dir, { recursive: true, force: true });
});

describe('clamd client (INSTREAM)', () => {
  it('answers clean for an ordinary file and names the signature of the EICAR file, whatever the chunking', async () => {
    const scanner = clamdScanner({ socket }, 10_000);
    expect(await scanner.scan(Readable.from([Buffer.from('%PDF-1.4 un exposé')]))).toEqual({ infected: false });
    expect(await scanner.scan(Readable.from([Buffer.from(EICAR)]))).toEqual({ infected: true, signature: 'Preau-EICAR-Test.UNOFFICIAL' });
    const inPieces = Readable.from([...EICAR].map((c) => Buffer.from(c)));
    expect((await scanner.scan(inPieces)).infected).toBe(true);
    // 3 MiB of zeros: several chunks of the protocol.
    expect(await scanner.scan(Readable.from([Buffer.alloc(3 * 1024 * 1024)]))).toEqual({ infected: false });
  });

  it('a socket where nobody listens is "unavailable", not a verdict', async () => {
    const scanner = clamdScanner({ socket: join(dir, 'nobody.sock') }, 2_000);
    await expect(scanner.scan(Readable.from([Buffer.from('x')]))).rejects.toThrow(/clamd unavailable/);
  });
});

describe('uploads scanned by clamd', () => {
  let ctx: TestContext;
  let auth: AuthHeaders;
  let studentId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ CLAMD_SOCKET: socket });
    const school = await createSchool(ctx.platform.database.db);
    studentId = school.student.id;
    auth = await loginAs(ctx.app, school.student.login);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  function upload(filename: string, content: string) {
    const boundary = '----preau-clamd';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    return ctx.app.inject({ method: 'POST', url: '/api/v1/workspace/files', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  }
  const used = async () =>
    Number((await ctx.platform.database.db.selectFrom('storage_usage').select('used_bytes').where('account_id', '=', studentId).executeTakeFirst())?.used_bytes ?? 0);
  const names = async () =>
    (await ctx.app.inject({ method: 'GET', url: '/api/v1/workspace/items', headers: auth })).json().items.map((i: { name: string; scanStatus: string }) => [i.name, i.scanStatus]);

  it('a clean file is served; an infected one is refused and nothing of it is kept', async () => {
    const clean = await upload('notes.txt', 'des notes');
    expect(clean.statusCode).toBe(201);
    expect(clean.json().scanStatus).toBe('clean');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/workspace/items/${clean.json().id}/content`, headers: auth })).body).toBe('des notes');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/workspace/quota', headers: auth })).json().antivirus).toBe('enabled');

    const infected = await upload('eicar.com.txt', EICAR);
    expect(infected.statusCode).toBe(422);
    expect(infected.json().error.code).toBe('WORKSPACE_FILE_INFECTED');
    expect(await names()).toEqual([['notes.txt', 'clean']]);
    expect(await used()).toBe('des notes'.length);
  });

  it('clamd down: files wait "en cours d’analyse", are not served, and are scanned when it is back', async () => {
    await stopClamd();
    const waiting = await upload('rapport.txt', 'un rapport');
    expect(waiting.statusCode).toBe(201);
    expect(waiting.json().scanStatus).toBe('pending');
    const hidden = await upload('cache.txt', EICAR);
    expect(hidden.json().scanStatus).toBe('pending');
    const content = await ctx.app.inject({ method: 'GET', url: `/api/v1/workspace/items/${waiting.json().id}/content`, headers: auth });
    expect(content.statusCode).toBe(409);
    expect(content.json().error.code).toBe('WORKSPACE_FILE_PENDING_SCAN');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/workspace/items/${hidden.json().id}/content`, headers: auth })).statusCode).toBe(409);
    expect(await rescanPendingFiles(ctx.platform)).toEqual({ scanned: 0, infected: 0 });

    await startClamd();
    expect(await rescanPendingFiles(ctx.platform)).toEqual({ scanned: 2, infected: 1 });
    expect(await names()).toEqual([
      ['notes.txt', 'clean'],
      ['rapport.txt', 'clean'],
    ]);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/workspace/items/${waiting.json().id}/content`, headers: auth })).body).toBe('un rapport');
    expect(await used()).toBe('des notes'.length + 'un rapport'.length);
  });

  it('a picture waiting for the antivirus has no thumbnail; it gets one once clamd passed it', async () => {
    const picture = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#cc3366' } }).jpeg().toBuffer();
    const boundary = '----preau-clamd-picture';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      picture,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    await stopClamd();
    const waiting = await ctx.app.inject({ method: 'POST', url: '/api/v1/workspace/files', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(waiting.json()).toMatchObject({ scanStatus: 'pending', hasThumbnail: false });
    const id = waiting.json().id as string;
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/workspace/items/${id}/thumbnail`, headers: auth })).statusCode).toBe(409);

    await startClamd();
    expect(await rescanPendingFiles(ctx.platform)).toEqual({ scanned: 1, infected: 0 });
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/workspace/items/${id}`, headers: auth })).json()).toMatchObject({ scanStatus: 'clean', hasThumbnail: true });
    const thumbnail = await ctx.app.inject({ method: 'GET', url: `/api/v1/workspace/items/${id}/thumbnail`, headers: auth });
    expect(await sharp(thumbnail.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 256, height: 192 });
  });
});

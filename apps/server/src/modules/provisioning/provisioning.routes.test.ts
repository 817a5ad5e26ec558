import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import type { AdminAccountPage, ImportJobDetail, ImportJobList, ImportRejectionPage, ImportReport } from '@preau/contracts';
import { sql } from 'kysely';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createCollectivite, createSchool, createStructure, grantAdmin } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { type App, buildApp } from '../../app.ts';
import type { Platform } from '../../platform/platform.ts';
import { aafImportJob } from './aaf/aaf-import.service.ts';
import { csvImportJob } from './csv/csv-import.service.ts';
import { FIXTURES, isolatedPlatform, zipOf } from './aaf/aaf-test-support.ts';
import { sweepImportUploads } from './import-upload.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { createPlatformLogger } from '../../platform/log-context.ts';

/**
 * The admin area's AAF imports over HTTP: upload (streamed to <data>/imports),
 * job polling, report, rejections, JSON download, history, refusals with
 * stable codes and nothing left behind; the leaving accounts in the
 * structure's account list. On its own database (PGlite, or a fresh
 * PostgreSQL database next to TEST_DATABASE_URL's).
 */

const DAY = 86_400_000;
const UPLOAD_LIMIT = 8 * 1024;

let platform: Platform;
let app: App;
let dataDir: string;
let clock: { now: number };
let close: () => Promise<void>;
let admc: AuthHeaders;
let admcLogin: string;
let otherAdmc: AuthHeaders;
let adml: AuthHeaders;
let collectiviteId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preau-imports-'));
  ({ platform, clock, close } = await isolatedPlatform({
    PREAU_DATA: dataDir,
    LOGIN_MAX_PER_IP: '1000000',
    PROVISIONING_UPLOAD_MAX_MB: String(UPLOAD_LIMIT / 1024 / 1024),
    PROVISIONING_ARCHIVE_MAX_MB: '1',
  }));
  app = await buildApp(platform);
  const db = platform.database.db;
  collectiviteId = (await createCollectivite(db, 'Région Bretagne')).id;
  const admcAccount = await createAccount(db, { profile: 'COLLECTIVITE' });
  await grantAdmin(db, admcAccount.id, { admc: collectiviteId });
  admcLogin = admcAccount.login;
  admc = await loginAs(app, admcLogin);
  const elsewhere = await createCollectivite(db, 'Région Ailleurs');
  const otherAccount = await createAccount(db, { profile: 'COLLECTIVITE' });
  await grantAdmin(db, otherAccount.id, { admc: elsewhere.id });
  otherAdmc = await loginAs(app, otherAccount.login);
  const school = await createStructure(db, { collectiviteId });
  const admlAccount = await createAccount(db, { profile: 'PERSONNEL', structureIds: [school.id] });
  await grantAdmin(db, admlAccount.id, { adml: school.id });
  adml = await loginAs(app, admlAccount.login);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await close?.();
  await rm(dataDir, { recursive: true, force: true });
});

function multipart(fileName: string, content: Buffer) {
  const boundary = `----preau${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(headers: AuthHeaders, fileName: string, content: Buffer, query = '') {
  const body = multipart(fileName, content);
  return app.inject({
    method: 'POST',
    url: `/api/v1/admin/imports/aaf${query}`,
    headers: { ...headers, 'content-type': body.contentType },
    payload: body.payload,
  });
}

async function finished(id: string): Promise<ImportJobDetail> {
  for (let i = 0; i < 600; i++) {
    const response = await app.inject({ method: 'GET', url: `/api/v1/admin/imports/${id}`, headers: admc });
    expect(response.statusCode).toBe(200);
    const job = response.json() as ImportJobDetail;
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

/** Upload folders left under <data>/imports (none once every job ended). */
async function leftovers(): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const entries = await readdir(join(dataDir, 'imports')).catch(() => []);
    if (entries.length === 0) return entries;
    await new Promise((r) => setTimeout(r, 50));
  }
  return readdir(join(dataDir, 'imports'));
}

async function tarGz(files: { name: string; content: Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const file of files) pack.entry({ name: file.name }, file.content);
  pack.finalize();
  const chunks: Buffer[] = [];
  const gzip = pack.pipe(createGzip());
  for await (const chunk of gzip) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const structuresCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM structures WHERE external_id LIKE 'AC-RENNES$%'`.execute(platform.database.db)).rows[0]!.n);

describe('AAF upload from the admin area', () => {
  const zip = () => readFile(join(FIXTURES, 'archive/ENT2D.20260901.zip'));

  it('a dry run reports what the import would do and writes nothing', async () => {
    const response = await upload(admc, 'ENT2D.20260901.zip', await zip(), '?dryRun=true');
    expect(response.statusCode).toBe(202);
    const job = await finished((response.json() as { id: string }).id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', dryRun: true, fileName: 'ENT2D.20260901.zip', error: null, rejectionsTotal: 0 });
    expect(job.report).toMatchObject({ dryRun: true, academy: 'AC-RENNES' });
    expect(job.report!.counts.STUDENT).toMatchObject({ created: 3 });
    expect(await structuresCount()).toBe(0);
    expect(await leftovers()).toEqual([]);
  });

  it('imports an archive: progress per file, counts per type and action, JSON report, history; the upload is removed', async () => {
    const response = await upload(admc, 'ENT2D.20260901.zip', await zip());
    expect(response.statusCode).toBe(202);
    const { id } = response.json() as { id: string };
    const job = await finished(id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.progress!.phase).toBe('DONE');
    expect(job.progress!.files.map((f) => [f.name, f.records, f.status])).toEqual([
      ['ENT2D.20260901.zip!ENT_Complet_20260901_EtabEducNat_0000.xml', 2, 'DONE'],
      ['ENT2D.20260901.zip!ENT_Complet_20260901_MatiereEducNat_0000.xml', 2, 'DONE'],
      ['ENT2D.20260901.zip!ENT_Complet_20260901_MefEducNat_0000.xml', 1, 'DONE'],
      ['ENT2D.20260901.zip!ENT_Complet_20260901_PersEducNat_0000.xml', 3, 'DONE'],
      ['ENT2D.20260901.zip!ENT_Complet_20260901_Eleve_0000.xml', 3, 'DONE'],
      ['ENT2D.20260901.zip!ENT_Complet_20260901_PersRelEleve_0000.xml', 3, 'DONE'],
    ]);
    expect(job.report!.counts).toMatchObject({
      STRUCTURE: { created: 2 },
      STAFF: { created: 3 },
      STUDENT: { created: 3 },
      PARENT: { created: 3 },
    });
    expect(await structuresCount()).toBe(2);
    // The new structures belong to the ADMC's collectivité.
    const owners = await platform.database.db.selectFrom('structures').select('collectivite_id').where('external_id', 'like', 'AC-RENNES$%').execute();
    expect(owners.every((s) => s.collectivite_id === collectiviteId)).toBe(true);

    const download = await app.inject({ method: 'GET', url: `/api/v1/admin/imports/${id}/report.json`, headers: admc });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="import-aaf-${id}.json"`);
    const report = JSON.parse(download.body) as ImportReport;
    expect(report.counts).toEqual(job.report!.counts);
    expect(report.files).toHaveLength(6);

    const history = await app.inject({ method: 'GET', url: '/api/v1/admin/imports', headers: admc });
    expect(history.statusCode).toBe(200);
    const items = (history.json() as ImportJobList).items;
    expect(items.map((j) => [j.fileName, j.dryRun, j.status, j.records, j.rejected])).toEqual([
      ['ENT2D.20260901.zip', false, 'SUCCEEDED', 14, 0],
      ['ENT2D.20260901.zip', true, 'SUCCEEDED', 14, 0],
    ]);
    expect(items[0]!.id).toBe(id);
    expect(await leftovers()).toEqual([]);
  });

  it('lists rejections with file, line, jointure and reason, paginated (a .tar.gz of delta files)', async () => {
    const names = ['ENT_Delta_20261020_EtabEducNat_0000.xml', 'ENT_Delta_20261020_Eleve_0000.xml', 'ENT_Delta_20261020_PersRelEleve_0000.xml'];
    const archive = await tarGz(await Promise.all(names.map(async (name) => ({ name, content: await readFile(join(FIXTURES, 'bad', name)) }))));
    const response = await upload(admc, 'ENT_Delta_20261020.tar.gz', archive, '?academy=RENNES');
    expect(response.statusCode).toBe(202);
    const { id } = response.json() as { id: string };
    const job = await finished(id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.rejectionsTotal).toBeGreaterThanOrEqual(3);
    expect(job.report!.rejections.length).toBe(job.rejectionsTotal);
    for (const rejection of job.report!.rejections) {
      expect(rejection.file).toMatch(/^ENT_Delta_20261020\.tar\.gz!ENT_Delta_20261020_\w+_0000\.xml$/);
      expect(rejection.line).toBeGreaterThan(0);
      expect(typeof rejection.jointure).toBe('string');
      expect(rejection.reason).toMatch(/^[A-Z_]+$/);
    }
    const page = await app.inject({ method: 'GET', url: `/api/v1/admin/imports/${id}/rejections?offset=1&limit=2`, headers: admc });
    expect(page.statusCode).toBe(200);
    expect(page.json() as ImportRejectionPage).toEqual({ items: job.report!.rejections.slice(1, 3), total: job.rejectionsTotal, offset: 1 });
    const history = (await app.inject({ method: 'GET', url: '/api/v1/admin/imports', headers: admc })).json() as ImportJobList;
    expect(history.items[0]).toMatchObject({ id, fileName: 'ENT_Delta_20261020.tar.gz', rejected: job.rejectionsTotal });
    expect(await leftovers()).toEqual([]);
  });

  it('refuses bad uploads with stable codes and leaves nothing behind', async () => {
    const before = await platform.database.db.selectFrom('jobs').select('id').execute();
    const cases: [string, Buffer, number, string][] = [
      ['notes.txt', Buffer.from('hello'), 415, 'AAF_UPLOAD_TYPE'],
      ['archive.rar', Buffer.from('Rar!'), 415, 'AAF_UPLOAD_TYPE'],
      ['ENT_Complet_20260901_Eleve_0000.xml', Buffer.alloc(0), 400, 'AAF_UPLOAD_EMPTY'],
      ['big.zip', Buffer.alloc(UPLOAD_LIMIT + 1, 1), 413, 'AAF_UPLOAD_TOO_LARGE'],
      ['garbage.zip', Buffer.from('this is not a zip archive at all'), 422, 'AAF_UPLOAD_NOT_AAF'],
      ['garbage.tar.gz', Buffer.from('not gzip'), 422, 'AAF_UPLOAD_NOT_AAF'],
      ['readme.tar.gz', await tarGz([{ name: 'README.txt', content: Buffer.from('nothing here') }]), 422, 'AAF_UPLOAD_NOT_AAF'],
      ['photo.xml', Buffer.from('<?xml version="1.0"?><ficAlimMENESR></ficAlimMENESR>'), 422, 'AAF_UPLOAD_NOT_AAF'],
      ['ENT_Complet_20260901_Eleve_0000.xml', Buffer.from('{"not": "xml"}'), 422, 'AAF_UPLOAD_NOT_AAF'],
      // A few kilobytes that expand past PROVISIONING_ARCHIVE_MAX_MB (1 MiB here): refused before any job.
      ['bomb.zip', zipOf([{ name: 'ENT_Complet_20260901_Eleve_0000.xml', content: Buffer.alloc(2 * 1024 * 1024) }]), 413, 'AAF_ARCHIVE_TOO_LARGE'],
      ['bomb.tar.gz', await tarGz([{ name: 'zeros.bin', content: Buffer.alloc(2 * 1024 * 1024) }]), 413, 'AAF_ARCHIVE_TOO_LARGE'],
    ];
    for (const [name, content, status, code] of cases) {
      const response = await upload(admc, name, content);
      expect([name, response.statusCode, response.json().error.code]).toEqual([name, status, code]);
    }
    const notMultipart = await app.inject({ method: 'POST', url: '/api/v1/admin/imports/aaf', headers: admc, payload: { file: 'x' } });
    expect([notMultipart.statusCode, notMultipart.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await readdir(join(dataDir, 'imports'))).toEqual([]);
    expect(await platform.database.db.selectFrom('jobs').select('id').execute()).toHaveLength(before.length);
  });

  it('fails the job of a tar.gz whose AAF entry expands past the limit (a tar.gz is read through only by the job)', async () => {
    const bomb = await tarGz([{ name: 'ENT_Complet_20260901_Eleve_0000.xml', content: Buffer.alloc(2 * 1024 * 1024) }]);
    const response = await upload(admc, 'bomb.tar.gz', bomb);
    expect(response.statusCode).toBe(202);
    const job = await finished((response.json() as { id: string }).id);
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/^AAF_ARCHIVE_TOO_LARGE: /);
    expect(await leftovers()).toEqual([]);
  });

  it('is for the ADMC of the collectivité only', async () => {
    const zipped = await zip();
    const byAdml = await upload(adml, 'ENT2D.20260901.zip', zipped);
    expect([byAdml.statusCode, byAdml.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const { student } = await createSchool(platform.database.db);
    const byStudent = await upload(await loginAs(app, student.login), 'ENT2D.20260901.zip', zipped);
    expect(byStudent.statusCode).toBe(403);
    const otherCollectivite = await upload(admc, 'ENT2D.20260901.zip', zipped, `?collectiviteId=${randomUUID()}`);
    expect(otherCollectivite.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/imports', headers: adml })).statusCode).toBe(403);

    const { items } = (await app.inject({ method: 'GET', url: '/api/v1/admin/imports', headers: admc })).json() as ImportJobList;
    const id = items[0]!.id;
    for (const url of [`/api/v1/admin/imports/${id}`, `/api/v1/admin/imports/${id}/report.json`, `/api/v1/admin/imports/${id}/rejections`]) {
      const response = await app.inject({ method: 'GET', url, headers: otherAdmc });
      expect([url, response.statusCode]).toEqual([url, 404]);
    }
    expect(((await app.inject({ method: 'GET', url: '/api/v1/admin/imports', headers: otherAdmc })).json() as ImportJobList).items).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/admin/imports/${randomUUID()}`, headers: admc })).statusCode).toBe(404);
    expect(await readdir(join(dataDir, 'imports'))).toEqual([]);
  });
});

const SAMPLES = resolve(import.meta.dirname, '../../../../../docs/provisioning/samples');
const SAMPLE_FILES = ['eleves.csv', 'parents.csv', 'enseignants.csv', 'personnels.csv'];

/** A multipart body of several files (field "files"). */
function multipartFiles(files: { name: string; content: Buffer }[]) {
  const boundary = `----preau${randomUUID()}`;
  const parts = files.map(({ name, content }) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`),
      content,
      Buffer.from('\r\n'),
    ]),
  );
  return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function uploadCsv(headers: AuthHeaders, files: { name: string; content: Buffer }[], query: string) {
  const body = multipartFiles(files);
  return app.inject({
    method: 'POST',
    url: `/api/v1/admin/imports/csv${query}`,
    headers: { ...headers, 'content-type': body.contentType },
    payload: body.payload,
  });
}

describe('CSV upload from the admin area', () => {
  const samples = () => Promise.all(SAMPLE_FILES.map(async (name) => ({ name, content: await readFile(join(SAMPLES, name)) })));
  const accountsOf = async (uai: string) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM accounts WHERE external_id LIKE ${`CSV-${uai}$%`}`.execute(platform.database.db)).rows[0]!.n);

  it('logs the import job under the id of the request that started it (the load balancer’s X-Request-Id)', async () => {
    const school = await createStructure(platform.database.db, { collectiviteId });
    const lines: Array<Record<string, unknown>> = [];
    const previous = platform.log;
    platform.log = createPlatformLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    try {
      const response = await uploadCsv({ ...admc, 'x-request-id': 'nginx-5d41402abc4b2a76' }, await samples(), `?structure=${school.uai}&dryRun=true`);
      expect(response.statusCode).toBe(202);
      const { id } = response.json() as { id: string };
      expect((await finished(id)).status).toBe('SUCCEEDED');
      const ofJob = lines.filter((line) => line.job === id);
      expect(ofJob.map((line) => line.msg)).toEqual(['job started', 'job succeeded']);
      expect(ofJob.map((line) => line.reqId)).toEqual(['nginx-5d41402abc4b2a76', 'nginx-5d41402abc4b2a76']);
      // Without the header, or with one that is not an id, the server makes its own: not Fastify's per-process counter.
      const own = await uploadCsv({ ...admc, 'x-request-id': 'not an id; <script>' }, await samples(), `?structure=${school.uai}&dryRun=true`);
      const ownId = (own.json() as { id: string }).id;
      await finished(ownId);
      const row = await platform.database.db.selectFrom('jobs').select('request_id').where('id', '=', ownId).executeTakeFirstOrThrow();
      expect(row.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines.filter((line) => line.job === ownId).map((line) => line.reqId)).toEqual([row.request_id, row.request_id]);
    } finally {
      platform.log = previous;
    }
  });

  it('a dry run of the sample files reports what the import would do and writes nothing', async () => {
    const school = await createStructure(platform.database.db, { collectiviteId });
    const response = await uploadCsv(admc, await samples(), `?structure=${school.uai}&dryRun=true`);
    expect(response.statusCode).toBe(202);
    const job = await finished((response.json() as { id: string }).id);
    expect(job).toMatchObject({ kind: 'csv', status: 'SUCCEEDED', dryRun: true, fileName: SAMPLE_FILES.join(', '), error: null, rejectionsTotal: 0 });
    expect(job.report!.counts).toMatchObject({ STUDENT: { created: 4 }, PARENT: { created: 4 }, STAFF: { created: 6 } });
    expect(await accountsOf(school.uai)).toBe(0);
    expect(await leftovers()).toEqual([]);
  });

  it('imports the files of one structure: progress and report per CSV file, history, JSON report; the upload is removed', async () => {
    const school = await createStructure(platform.database.db, { collectiviteId });
    const response = await uploadCsv(admc, await samples(), `?structure=${school.uai.toLowerCase()}`);
    expect(response.statusCode).toBe(202);
    const { id } = response.json() as { id: string };
    const job = await finished(id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.kind).toBe('csv');
    expect(job.progress!.phase).toBe('DONE');
    expect(job.report!.files.map((f) => [f.name, f.type, f.records, f.status])).toEqual([
      ['eleves.csv', 'students', 4, 'DONE'],
      ['parents.csv', 'parents', 4, 'DONE'],
      ['enseignants.csv', 'teachers', 2, 'DONE'],
      ['personnels.csv', 'staff', 4, 'DONE'],
    ]);
    expect(await accountsOf(school.uai)).toBe(14);
    const download = await app.inject({ method: 'GET', url: `/api/v1/admin/imports/${id}/report.json`, headers: admc });
    expect(download.headers['content-disposition']).toBe(`attachment; filename="import-csv-${id}.json"`);
    const { items } = (await app.inject({ method: 'GET', url: '/api/v1/admin/imports', headers: admc })).json() as ImportJobList;
    expect(items[0]).toMatchObject({ id, kind: 'csv', fileName: SAMPLE_FILES.join(', '), status: 'SUCCEEDED', records: 14, rejected: 0 });
    expect(items.some((j) => j.kind === 'aaf')).toBe(true);
    for (const url of [`/api/v1/admin/imports/${id}`, `/api/v1/admin/imports/${id}/report.json`]) {
      expect((await app.inject({ method: 'GET', url, headers: otherAdmc })).statusCode).toBe(404);
    }
    expect(await leftovers()).toEqual([]);
  });

  it('refuses bad uploads with stable codes and leaves nothing behind', async () => {
    const db = platform.database.db;
    const school = await createStructure(db, { collectiviteId });
    const aafSchool = await db
      .insertInto('structures')
      .values({ collectivite_id: collectiviteId, uai: '0350099X', name: 'Lycée AAF', type: 'LYCEE', city: 'Rennes', external_id: 'AC-RENNES$0350099X' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const elsewhere = await createStructure(db);
    const before = await db.selectFrom('jobs').select('id').execute();
    const eleves = { name: 'eleves.csv', content: await readFile(join(SAMPLES, 'eleves.csv')) };
    const at = `?structure=${school.uai}`;
    const cases: [string, { name: string; content: Buffer }[], string, number, string][] = [
      ['no file', [], at, 400, 'CSV_NO_FILES'],
      ['not a .csv', [{ name: 'eleves.xlsx', content: Buffer.from('PK') }], at, 415, 'CSV_UPLOAD_TYPE'],
      ['a .txt next to a good file', [eleves, { name: 'notes.txt', content: Buffer.from('hello') }], at, 415, 'CSV_UPLOAD_TYPE'],
      ['empty', [{ name: 'eleves.csv', content: Buffer.alloc(0) }], at, 400, 'AAF_UPLOAD_EMPTY'],
      ['oversized', [eleves, { name: 'parents.csv', content: Buffer.alloc(UPLOAD_LIMIT + 1, 0x41) }], at, 413, 'AAF_UPLOAD_TOO_LARGE'],
      ['profile not told', [{ name: 'export.csv', content: Buffer.from('Identifiant;Nom;Prénom\nX1;A;B\n') }], at, 422, 'CSV_UPLOAD_COLUMNS'],
      ['a required column missing', [{ name: 'eleves.csv', content: Buffer.from('Identifiant;Nom;Date de naissance\nE1;A;01/01/2014\n') }], at, 422, 'CSV_UPLOAD_COLUMNS'],
      ['parents without Enfants', [eleves, { name: 'parents.csv', content: Buffer.from('Identifiant;Nom;Prénom;Courriel\nP1;A;B;\n') }], at, 422, 'CSV_UPLOAD_COLUMNS'],
      ['too many files', Array.from({ length: 9 }, (_, i) => ({ name: `eleves${i}.csv`, content: eleves.content })), at, 413, 'CSV_UPLOAD_TOO_MANY'],
      ['unknown structure', [eleves], '?structure=0359999Z', 404, 'CSV_UNKNOWN_STRUCTURE'],
      ['structure of another collectivité', [eleves], `?structure=${elsewhere.uai}`, 404, 'CSV_UNKNOWN_STRUCTURE'],
      ['structure provisioned from the AAF', [eleves], `?structure=${aafSchool.uai}`, 409, 'CSV_STRUCTURE_AAF'],
      ['no structure given', [eleves], '', 400, 'VALIDATION_FAILED'],
    ];
    for (const [label, files, query, status, code] of cases) {
      const response = await uploadCsv(admc, files, query);
      expect([label, response.statusCode, response.json().error.code]).toEqual([label, status, code]);
    }
    const notMultipart = await app.inject({ method: 'POST', url: `/api/v1/admin/imports/csv${at}`, headers: admc, payload: { file: 'x' } });
    expect([notMultipart.statusCode, notMultipart.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await readdir(join(dataDir, 'imports'))).toEqual([]);
    expect(await db.selectFrom('jobs').select('id').execute()).toHaveLength(before.length);
    expect(await accountsOf(school.uai)).toBe(0);
  });

  it('is for the ADMC of the collectivité only', async () => {
    const school = await createStructure(platform.database.db, { collectiviteId });
    const files = await samples();
    const byAdml = await uploadCsv(adml, files, `?structure=${school.uai}`);
    expect([byAdml.statusCode, byAdml.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const byOther = await uploadCsv(otherAdmc, files, `?structure=${school.uai}`);
    expect([byOther.statusCode, byOther.json().error.code]).toEqual([404, 'CSV_UNKNOWN_STRUCTURE']);
    expect(await accountsOf(school.uai)).toBe(0);
    expect(await readdir(join(dataDir, 'imports'))).toEqual([]);
  });
});

describe('leaving accounts in the structure lists', () => {
  it('a complet import without a student marks him leaving, with the dates he will be blocked and purged', async () => {
    clock.now += 10 * DAY;
    admc = await loginAs(app, admcLogin);
    const departure = await readFile(join(FIXTURES, 'departure/ENT_Complet_20261101_Eleve_0000.xml'));
    const response = await upload(admc, 'ENT_Complet_20261101_Eleve_0000.xml', departure, '?academy=RENNES');
    expect(response.statusCode).toBe(202);
    const job = await finished((response.json() as { id: string }).id);
    expect(job.status).toBe('SUCCEEDED');
    const leavingCount = job.report!.counts.STUDENT?.leaving ?? 0;
    expect(leavingCount).toBeGreaterThan(0);

    const lycee = await platform.database.db.selectFrom('structures').select('id').where('uai', '=', '0350001L').executeTakeFirstOrThrow();
    const list = async (query: string) => {
      const answer = await app.inject({ method: 'GET', url: `/api/v1/admin/structures/${lycee.id}/accounts${query}`, headers: admc });
      expect(answer.statusCode).toBe(200);
      return (answer.json() as AdminAccountPage).items;
    };
    const leaving = await list('?leaving=true');
    expect(leaving.length).toBeGreaterThan(0);
    const since = new Date(clock.now).toISOString();
    for (const account of leaving) {
      expect(account.leaving).toEqual({
        since,
        blockedFrom: new Date(clock.now + 30 * DAY).toISOString(),
        purgedFrom: new Date(clock.now + 90 * DAY).toISOString(),
      });
    }
    const staying = await list('?leaving=false');
    expect(staying.every((a) => a.leaving === null)).toBe(true);
    expect(staying.length + leaving.length).toBe((await list('')).length);
    expect(await list('?leaving=true&status=BLOCKED')).toEqual([]);

    // After the grace period, the next import blocks them: still leaving, now BLOCKED.
    clock.now += 31 * DAY;
    admc = await loginAs(app, admcLogin);
    const again = await upload(admc, 'ENT_Complet_20261101_Eleve_0000.xml', departure, '?academy=RENNES');
    const blockedJob = await finished((again.json() as { id: string }).id);
    expect(blockedJob.report!.lifecycle.blocked).toBe(leaving.length);
    const blocked = await list('?leaving=true&status=BLOCKED');
    expect(blocked.map((a) => a.id).sort()).toEqual(leaving.map((a) => a.id).sort());
    const bad = await app.inject({ method: 'GET', url: `/api/v1/admin/structures/${lycee.id}/accounts?leaving=maybe`, headers: admc });
    expect(bad.statusCode).toBe(400);
  });
});

describe('upload folders left behind', () => {
  it('the start-up sweep removes old folders no unfinished job needs, and keeps the others', async () => {
    const root = join(dataDir, 'imports');
    const make = async (name: string, ageMs: number) => {
      await mkdir(join(root, name), { recursive: true });
      await writeFile(join(root, name, 'ENT2D.zip'), 'x');
      const at = new Date(clock.now - ageMs);
      await utimes(join(root, name), at, at);
    };
    await make('old-orphan', 2 * 3_600_000);
    await make('old-needed', 2 * 3_600_000);
    await make('old-needed-csv', 2 * 3_600_000);
    await make('fresh', 60_000);
    // A job a dead process left QUEUED still needs its file: the worker will run it.
    await enqueueJob(platform.database.db, aafImportJob, { params: { paths: [join(root, 'old-needed', 'ENT2D.zip')], collectiviteId }, actorId: null });
    await enqueueJob(platform.database.db, csvImportJob, { params: { structure: '0350001L', paths: [join(root, 'old-needed-csv', '1.csv')], collectiviteId }, actorId: null });
    expect(await sweepImportUploads(platform)).toBe(1);
    expect((await readdir(root)).sort()).toEqual(['fresh', 'old-needed', 'old-needed-csv']);
  });
});

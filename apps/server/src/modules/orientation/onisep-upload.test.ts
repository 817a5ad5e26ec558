import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { SAMPLE_CATALOGUE_DIR } from './sample-catalogue.ts';

/** The ADMC uploads Onisep files from the admin area and follows the import job. */

let ctx: TestContext;
let school: Awaited<ReturnType<typeof createSchool>>;
let dataDir: string;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preau-onisep-upload-'));
  // A catalogue of its own: the upload withdraws what its files no longer list, which on the shared PostgreSQL
  // database would take other test files' catalogue entries away.
  ctx = await createTestContext({ PREAU_DATA: dataDir }, { privateDatabase: true });
  school = await createSchool(ctx.platform.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

function multipartFiles(files: { name: string; content: Buffer }[]) {
  const boundary = `----preau${randomUUID()}`;
  const parts = files.map(({ name, content }) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      content,
      Buffer.from('\r\n'),
    ]),
  );
  return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(auth: AuthHeaders, files: { name: string; content: Buffer }[]) {
  const body = multipartFiles(files);
  return ctx.app.inject({ method: 'POST', url: '/api/v1/orientation/imports', headers: { ...auth, 'content-type': body.contentType }, payload: body.payload });
}

async function samples() {
  const names = (await readdir(SAMPLE_CATALOGUE_DIR)).sort();
  return Promise.all(names.map(async (name) => ({ name, content: await readFile(join(SAMPLE_CATALOGUE_DIR, name)) })));
}

describe('catalogue upload', () => {
  it('the ADMC uploads the four files, the job imports them and reports per file', async () => {
    const auth = await as(school.admc);
    const response = await upload(auth, await samples());
    expect(response.statusCode, response.body).toBe(202);
    const { id } = response.json() as { id: string };
    let job: { status: string; report: { files: { dataset: string; rows: number; rejected: number }[] } | null } | undefined;
    for (let i = 0; i < 400; i++) {
      job = (await ctx.app.inject({ method: 'GET', url: `/api/v1/orientation/imports/${id}`, headers: auth })).json();
      if (job!.status === 'SUCCEEDED' || job!.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job?.status).toBe('SUCCEEDED');
    expect(job?.report?.files.map((f) => [f.dataset, f.rows, f.rejected])).toEqual([
      ['actions', 40, 0],
      ['structures', 12, 0],
      ['formations', 25, 0],
      ['metiers', 15, 0],
    ]);
    // The uploaded files are removed once the job is done.
    expect(await readdir(join(dataDir, 'onisep-imports'))).toEqual([]);
    // The history lists it, newest first, with the report's counts.
    const history = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/imports', headers: auth });
    expect(history.statusCode).toBe(200);
    expect(history.json().items[0]).toMatchObject({
      id,
      status: 'SUCCEEDED',
      files: ['01-actions-de-formation.csv', '02-etablissements.json', '03-formations.csv', '04-metiers.xml'],
      rows: 92,
      rejected: 0,
      withdrawn: 0,
      error: null,
    });
    expect(history.json().items[0].written).toBeGreaterThan(0);
  });

  it('a second upload of the same files writes nothing, and the history says so', async () => {
    const auth = await as(school.admc);
    const { id } = (await upload(auth, await samples())).json() as { id: string };
    let job: { status: string; progress: unknown } | undefined;
    for (let i = 0; i < 400; i++) {
      job = (await ctx.app.inject({ method: 'GET', url: `/api/v1/orientation/imports/${id}`, headers: auth })).json();
      if (job!.status === 'SUCCEEDED' || job!.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // A finished job shows no progress: its report says it all.
    expect(job).toMatchObject({ status: 'SUCCEEDED', progress: null });
    const items = (await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/imports', headers: auth })).json().items as { id: string; written: number; rows: number }[];
    expect(items.map((i) => i.id).slice(0, 2)).toEqual([id, expect.any(String)]);
    expect(items[0]).toMatchObject({ rows: 92, written: 0 });
  });

  it.each(['student', 'teacher', 'adml', 'parent'] as const)('a %s may not upload (403) nor read a job', async (who) => {
    const auth = await as(school[who]);
    const response = await upload(auth, [{ name: 'formations.csv', content: Buffer.from('a;b\n') }]);
    expect(response.statusCode).toBe(403);
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/orientation/imports/${randomUUID()}`, headers: auth });
    expect(read.statusCode).toBe(403);
    const history = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/imports', headers: auth });
    expect(history.statusCode).toBe(403);
  });

  it('refuses a file that is not .csv, .json or .xml, and leaves nothing behind', async () => {
    const response = await upload(await as(school.admc), [{ name: 'notes.txt', content: Buffer.from('hello') }]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('ONISEP_NO_FILES');
    expect(await readdir(join(dataDir, 'onisep-imports'))).toEqual([]);
  });
});

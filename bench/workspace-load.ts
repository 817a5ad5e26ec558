/**
 * Benchmark of the espace documentaire and the actualités (issue 16), in one
 * process: the real HTTP server on a local port (Fastify listening, requests
 * by Node's fetch with keep-alive), data written straight into the database.
 *
 *   createdb -h 127.0.0.1 -U postgres preau_bench_ws
 *   npx tsx bench/workspace-load.ts --database-url postgres://postgres@127.0.0.1:5432/preau_bench_ws
 *   (without --database-url: embedded PGlite)
 *
 * Measured:
 * 1. GET /workspace/items?parentId=<folder of --files files> (first page of
 *    100, and every page to the end by the keyset cursor);
 * 2. GET /workspace/items?view=shared for a student of a lycée where --shares
 *    folders are shared with its 40 classes, its students' profile or people;
 * 3. POST /workspace/files of a --upload-mb file streamed from a generator:
 *    throughput and the process's peak RSS over its RSS before;
 * 4. GET /workspace/items/<id>/archive of a folder of --zip-files files of
 *    1 MiB, read and thrown away as it comes: time and peak RSS;
 * 5. GET /news?limit=5 (the news widget) for a student of that lycée with
 *    --news published items spread over the structure, its classes and profiles.
 * Latencies: --requests sequential requests after 20 discarded, p50 and p95.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { openPGlite, openPostgres } from '../apps/server/src/platform/db/database.ts';
import { createPlatform } from '../apps/server/src/platform/platform.ts';
import { addTeaching, createAccount, createClass, createStructure } from '../apps/server/test/factories.ts';
import { loginAs } from '../apps/server/test/http.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    files: { type: 'string', default: '10000' },
    shares: { type: 'string', default: '2000' },
    'upload-mb': { type: 'string', default: '100' },
    'zip-files': { type: 'string', default: '200' },
    news: { type: 'string', default: '2000' },
    requests: { type: 'string', default: '200' },
  },
});
const n = (name: keyof typeof args) => Number(args[name]);

const dataDir = mkdtempSync(join(os.tmpdir(), 'preau-bench-ws-'));
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  PREAU_DATA: dataDir,
  SCHOOL_YEAR: '2026',
  LOGIN_MAX_PER_IP: '1000000',
  WORKSPACE_FILE_MAX_MB: String(n('upload-mb') + 1),
  STORAGE_QUOTA_ENSEIGNANT_MB: String(n('upload-mb') * 4 + 4096),
});
const database = args['database-url'] ? openPostgres(args['database-url'], 10) : await openPGlite();
const platform = await createPlatform(config, { database });
const app = await buildApp(platform);
const db = database.db;
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;

function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** Runs `work` while sampling the RSS every 10 ms; the peak above the RSS before. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; beforeMb: number; peakMb: number }> {
  global.gc?.();
  const beforeMb = rssMb();
  let peakMb = beforeMb;
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb());
  }, 10);
  try {
    const result = await work();
    peakMb = Math.max(peakMb, rssMb());
    return { result, beforeMb, peakMb };
  } finally {
    clearInterval(timer);
  }
}

async function latencies(label: string, url: string, headers: Record<string, string>) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 20 + n('requests'); i += 1) {
    const start = performance.now();
    const response = await fetch(url, { headers });
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`${label}: ${response.status} ${Buffer.from(body).toString()}`);
    if (i >= 20) times.push(performance.now() - start);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`${label}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, ${(1000 / (times.reduce((s, t) => s + t, 0) / times.length)).toFixed(0)} req/s sequential, ${bytes} bytes`);
}

// ------------------------------------------------------------------ data
const setupStart = performance.now();
const structure = await createStructure(db);
const classes: { id: string }[] = [];
for (let i = 0; i < 40; i += 1) classes.push(await createClass(db, structure.id));
const teacher = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [structure.id] });
for (const c of classes) await addTeaching(db, teacher.id, { classId: c.id });
const student = await createAccount(db, { profile: 'ELEVE', structureIds: [structure.id], classId: classes[0]!.id });
const others: { id: string }[] = [];
for (let i = 0; i < 50; i += 1) others.push(await createAccount(db, { profile: 'ELEVE', structureIds: [structure.id], classId: classes[i % 40]!.id }));

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
}

// 1. A folder of --files files (rows only: listing reads no bytes).
const big = await db.insertInto('workspace_items').values({ owner_id: teacher.id, parent_id: null, kind: 'folder', name: 'Grand dossier' }).returning('id').executeTakeFirstOrThrow();
await insertInChunks(
  Array.from({ length: n('files') }, (_, i) => ({
    owner_id: teacher.id,
    parent_id: big.id,
    kind: 'file' as const,
    name: `Document ${String(i).padStart(5, '0')}.pdf`,
    storage_key: `workspace/bench/${randomUUID()}`,
    size: 1000 + i,
    content_type: 'application/pdf',
    scan_status: 'disabled' as const,
  })),
  (chunk) => db.insertInto('workspace_items').values(chunk).execute(),
);

// 2. --shares folders shared in the lycée: with a class (one in 40 is the student's), the students' profile, or a person.
const sharedFolders = await db
  .insertInto('workspace_items')
  .values(Array.from({ length: n('shares') }, (_, i) => ({ owner_id: teacher.id, parent_id: null, kind: 'folder' as const, name: `Partage ${i}` })))
  .returning('id')
  .execute();
await insertInChunks(
  sharedFolders.map((folder, i) => {
    if (i % 10 === 0) return { item_id: folder.id, target_kind: 'profile' as const, target_id: structure.id, target_profile: 'ELEVE', right: 'read' as const, created_by: teacher.id };
    if (i % 10 === 1) return { item_id: folder.id, target_kind: 'account' as const, target_id: others[i % 50]!.id, target_profile: null, right: 'read' as const, created_by: teacher.id };
    return { item_id: folder.id, target_kind: 'class' as const, target_id: classes[i % 40]!.id, target_profile: null, right: 'read' as const, created_by: teacher.id };
  }),
  (chunk) => db.insertInto('workspace_shares').values(chunk).execute(),
);

// 4. A folder of --zip-files files of 1 MiB, bytes in the storage.
const zipFolder = await db.insertInto('workspace_items').values({ owner_id: teacher.id, parent_id: null, kind: 'folder', name: 'Photos de la sortie' }).returning('id').executeTakeFirstOrThrow();
const mebibyte = Buffer.alloc(1024 * 1024);
for (let i = 0; i < n('zip-files'); i += 1) {
  mebibyte.fill(i % 251);
  const key = `workspace/bench/zip-${randomUUID()}`;
  await platform.storage.put(key, mebibyte, { contentType: 'image/jpeg' });
  const item = await db
    .insertInto('workspace_items')
    .values({ owner_id: teacher.id, parent_id: zipFolder.id, kind: 'file', name: `photo-${i}.jpg`, storage_key: key, size: mebibyte.length, content_type: 'image/jpeg', scan_status: 'disabled', version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('workspace_versions')
    .values({ item_id: item.id, version: 1, storage_key: key, file_name: `photo-${i}.jpg`, size: mebibyte.length, content_type: 'image/jpeg', scan_status: 'disabled', author_id: teacher.id })
    .execute();
}

// 5. --news published items in the lycée: a quarter for the whole structure, the rest for its classes; some expired.
const now = Date.now();
await insertInChunks(
  Array.from({ length: n('news') }, (_, i) => ({
    structure_id: structure.id,
    school_year: 2026,
    target_type: i % 4 === 0 ? ('STRUCTURE' as const) : ('CLASS' as const),
    target_id: i % 4 === 0 ? structure.id : classes[i % 40]!.id,
    audience: i % 8 === 0 ? ['PERSONNEL', 'ENSEIGNANT'] : ['ELEVE', 'PARENT'],
    title: `Actualité ${i}`,
    content_html: `<p>Texte de l’actualité ${i}</p>`,
    status: 'PUBLISHED' as const,
    pinned: i % 500 === 0,
    publish_at: new Date(now - (i + 1) * 3_600_000),
    expire_at: new Date(now + (i % 7 === 0 ? -1 : 1) * 30 * 86_400_000),
    author_id: teacher.id,
    author_name: 'Bench',
    publisher_id: teacher.id,
    notified_at: new Date(now - i * 3_600_000),
  })),
  (chunk) => db.insertInto('news_items').values(chunk).execute(),
);
// Statistics as autovacuum would leave them after such a load (without them the planner expects a dozen rows a folder).
if (args['database-url']) await sql`ANALYZE`.execute(db);
console.log(`data written in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

const teacherHeaders = await loginAs(app, teacher.login);
const studentHeaders = await loginAs(app, student.login);

// ------------------------------------------------------------------ measures
console.log(`database: ${args['database-url'] ? 'PostgreSQL' : 'PGlite'}; load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${os.cpus().length} CPUs`);

await latencies(`1. folder of ${n('files')} files, first page of 100`, `${base}/workspace/items?parentId=${big.id}`, teacherHeaders);
{
  const start = performance.now();
  let cursor: string | null = null;
  let pages = 0;
  let items = 0;
  do {
    const url = `${base}/workspace/items?parentId=${big.id}&limit=200${cursor ? `&after=${cursor}` : ''}`;
    const page = (await (await fetch(url, { headers: teacherHeaders })).json()) as { items: unknown[]; next: string | null };
    items += page.items.length;
    cursor = page.next;
    pages += 1;
  } while (cursor);
  console.log(`1. the whole folder by pages of 200: ${items} items, ${pages} pages in ${(performance.now() - start).toFixed(0)} ms`);
}
await latencies(`2. "shared with me" for a student (${n('shares')} shares in the lycée)`, `${base}/workspace/items?view=shared`, studentHeaders);

{
  const size = n('upload-mb') * 1024 * 1024;
  const boundary = '----preau-bench';
  async function* body() {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="video.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 7);
    for (let sent = 0; sent < size; sent += chunk.length) yield sent + chunk.length <= size ? chunk : chunk.subarray(0, size - sent);
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const start = performance.now();
  const { result, beforeMb, peakMb } = await withPeakRss(async () => {
    const response = await fetch(`${base}/workspace/files`, {
      method: 'POST',
      headers: { ...teacherHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: Readable.toWeb(Readable.from(body())) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    return { status: response.status, text: await response.text() };
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 201) throw new Error(`upload: ${result.status} ${result.text}`);
  console.log(`3. upload of ${n('upload-mb')} MB: ${seconds.toFixed(2)} s, ${(n('upload-mb') / seconds).toFixed(0)} MB/s, RSS ${beforeMb.toFixed(0)} → peak ${peakMb.toFixed(0)} MB (+${(peakMb - beforeMb).toFixed(0)})`);
}

{
  const start = performance.now();
  const { result, beforeMb, peakMb } = await withPeakRss(async () => {
    const response = await fetch(`${base}/workspace/items/${zipFolder.id}/archive`, { headers: teacherHeaders });
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    return { status: response.status, bytes };
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 200) throw new Error(`zip: ${result.status}`);
  console.log(
    `4. ZIP of ${n('zip-files')} files of 1 MiB (${(result.bytes / 1024 / 1024).toFixed(0)} MiB sent): ${seconds.toFixed(2)} s, RSS ${beforeMb.toFixed(0)} → peak ${peakMb.toFixed(0)} MB (+${(peakMb - beforeMb).toFixed(0)})`,
  );
}

await latencies(`5. news widget (GET /news?limit=5) for a student (${n('news')} published items in the lycée)`, `${base}/news?limit=5`, studentHeaders);

await app.close();
await platform.close();
await database.close();
rmSync(dataDir, { recursive: true, force: true });

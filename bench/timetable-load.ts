/**
 * Load benchmark of the emploi du temps and travail à faire (issue 5): a
 * student's week view (`GET /api/v1/timetable/me?from=<monday>&to=<saturday>`,
 * what /emploi-du-temps asks for) and the portal's "due tomorrow" list
 * (`GET /api/v1/homework/todo?from=<next school day>&to=<same>`, what
 * DueTomorrowWidget asks for), on a région-scale directory made by
 * generate-directory.ts, next to the raw Fastify + one indexed SELECT baseline.
 *
 *   npm run -w @preau/bench generate -- --database-url postgres://postgres@127.0.0.1:5432/preau_bench_tt --accounts 1000000
 *   npm run -w @preau/bench timetable -- --database-url postgres://postgres@127.0.0.1:5432/preau_bench_tt
 *
 * 1. Data (skipped when the database already has courses): per lycée a
 *    holiday zone (A, B, C in turn); per class ~26 weekly courses taken from
 *    its teachings (some every other week, A or B) and 3 courses per Spanish
 *    LV2 group; cahier de textes entries for the school days of the last
 *    --weeks weeks (9 sessions in 10 filled in, dates from the real school
 *    calendar of the zone, A/B weeks included); homework on one entry in
 *    three, due at the next session (so some is due on the next school day).
 *    Set-based INSERT … SELECT, one statement per table.
 * 2. Plans: the application is built in-process with a query log, a student
 *    calls both endpoints, and every SQL statement they issued is run again
 *    under EXPLAIN (ANALYZE, BUFFERS); plans go to bench/results/.
 * 3. Load: the real server as a child process (NODE_ENV=production, Redis
 *    sessions), --users students of different lycées logged in, autocannon on
 *    the baseline and on both endpoints (warm-up discarded, then measured).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app.ts';
import { addDays, isoWeekday, mondayOf, parisNow } from '../apps/server/src/modules/timetable/dates.ts';
import { buildCalendar, isSchoolDay, weekLetter } from '../apps/server/src/modules/timetable/school-calendar.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import type { DatabaseHandle } from '../apps/server/src/platform/db/database.ts';
import type { Database } from '../apps/server/src/platform/db/schema.ts';
import { createPlatform } from '../apps/server/src/platform/platform.ts';
import { readDatasetMeta } from './lib/bench-db.ts';
import { assertLoopbackDatabase } from './lib/safety.ts';
import { runAutocannon } from './lib/load.ts';
import { cpuTicksOf, freePort, logIn, spawnChild, startBaseline, stopAll, stopChild, waitReady } from './lib/servers.ts';

const repoRoot = resolve(import.meta.dirname, '..');

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/preau_bench_tt' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14' },
    weeks: { type: 'string', default: '4' },
    users: { type: 'string', default: '100' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    'pool-size': { type: 'string', default: '10' },
    'skip-load': { type: 'boolean', default: false },
    'skip-explain': { type: 'boolean', default: false },
    label: { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`Usage: tsx bench/timetable-load.ts [options]
  --database-url URL  database made by generate-directory.ts (default postgres://postgres@127.0.0.1:5432/preau_bench_tt)
  --redis-url URL     Redis of the sessions (default redis://127.0.0.1:6379/14; host must be 127.0.0.1)
  --weeks N           weeks of cahier de textes before today (default 4)
  --users N           logged-in students, one per lycée (default 100)
  --duration S        measured seconds per scenario (default 10)
  --warmup S          discarded warm-up seconds per scenario (default 3)
  --connections N     concurrent connections (default 20)
  --pool-size N       database pool of both servers (default 10)
  --skip-explain      no EXPLAIN step;  --skip-load  no autocannon step
  --label TEXT        tag written in the result file (e.g. "before-indexes")`);
  process.exit(0);
}

const databaseUrl = args['database-url']!;
assertLoopbackDatabase(databaseUrl);
const redisUrl = args['redis-url']!;
if (new URL(redisUrl).hostname !== '127.0.0.1') throw new Error(`Refusing ${redisUrl}: the benchmark only targets 127.0.0.1.`);
const weeks = Number(args.weeks);
const users = Number(args.users);
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const poolSize = args['pool-size']!;

const today = parisNow(Date.now()).date;
const weekFrom = mondayOf(today);
const weekTo = addDays(weekFrom, 5);
const tomorrow = (() => {
  // The web app's nextSchoolDay: the next day, Monday when that is a Sunday.
  const next = addDays(today, 1);
  return isoWeekday(next) === 7 ? addDays(next, 1) : next;
})();
const weekPath = `/api/v1/timetable/me?from=${weekFrom}&to=${weekTo}`;
const duePath = `/api/v1/homework/todo?from=${tomorrow}&to=${tomorrow}`;

// ---------------------------------------------------------------------------
// 1. Data.

/** Weekly hours of each subject of a class (BCN codes of lib/names.ts); 'A'/'B' = every other week. */
const HOURS: [subject: string, n: number, weeks: 'ALL' | 'A' | 'B'][] = [
  ['061300', 1, 'ALL'], ['061300', 2, 'ALL'], ['061300', 3, 'ALL'], ['061300', 4, 'ALL'],
  ['020700', 1, 'ALL'], ['020700', 2, 'ALL'], ['020700', 3, 'ALL'], ['020700', 4, 'A'],
  ['030201', 1, 'ALL'], ['030201', 2, 'ALL'], ['030201', 3, 'ALL'],
  ['043700', 1, 'ALL'], ['043700', 2, 'ALL'], ['043700', 3, 'ALL'],
  ['043800', 1, 'B'],
  ['062300', 1, 'ALL'], ['062300', 2, 'ALL'], ['062300', 3, 'B'],
  ['062900', 1, 'ALL'], ['062900', 2, 'A'],
  ['050700', 1, 'ALL'], ['050700', 2, 'ALL'],
  ['100100', 1, 'ALL'], ['100100', 2, 'ALL'],
  ['006600', 1, 'ALL'], ['006600', 2, 'ALL'],
  ['010300', 1, 'ALL'], ['010300', 2, 'ALL'], ['010300', 3, 'ALL'], ['010300', 4, 'ALL'],
  ['065300', 1, 'ALL'], ['065300', 2, 'ALL'],
  ['074700', 1, 'ALL'], ['074700', 2, 'ALL'], ['074700', 3, 'ALL'], ['074700', 4, 'ALL'],
  // Spanish LV2 (group courses).
  ['030602', 1, 'ALL'], ['030602', 2, 'ALL'], ['030602', 3, 'B'],
];
/** Start of the slots of a day, in minutes (8:00 … 16:45); a course lasts 55 minutes. */
const SLOTS = [480, 540, 615, 675, 810, 870, 945, 1005];

async function generateTimetable(client: pg.Client, year: number): Promise<void> {
  const existing = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM courses');
  if (existing.rows[0]!.n > 0) {
    console.log(`Timetable data already there (${existing.rows[0]!.n.toLocaleString('en')} courses): not regenerated.`);
    return;
  }
  const step = async (label: string, text: string, values: unknown[] = []) => {
    const started = Date.now();
    const r = await client.query(text, values);
    console.log(`  ${label}: ${(r.rowCount ?? 0).toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await client.query('SET statement_timeout = 0');
  await client.query('BEGIN');
  await step(
    'timetable_settings',
    `INSERT INTO timetable_settings (structure_id, school_year, zone, first_week)
     SELECT id, $1, (ARRAY['A','B','C'])[1 + (row_number() OVER (ORDER BY uai))::int % 3], 'A' FROM structures`,
    [year],
  );
  // Course rows with their teacher, numbered per class so they fall in distinct slots.
  await client.query(`CREATE TEMP TABLE bench_courses ON COMMIT DROP AS
    WITH hours AS (SELECT * FROM unnest($1::text[], $2::int[], $3::text[]) AS h(subject_code, n, weeks)),
    class_rows AS (
      SELECT t.teacher_id, c.structure_id, c.id AS class_id, NULL::uuid AS group_id, t.subject_code, h.weeks,
             row_number() OVER (PARTITION BY c.id ORDER BY t.subject_code, h.n) - 1 AS k
      FROM teachings t JOIN classes c ON c.id = t.class_id JOIN hours h ON h.subject_code = t.subject_code
      WHERE c.school_year = $4),
    group_rows AS (
      SELECT t.teacher_id, g.structure_id, NULL::uuid AS class_id, g.id AS group_id, t.subject_code, h.weeks,
             40 + h.n AS k
      FROM teachings t JOIN groups g ON g.id = t.group_id JOIN hours h ON h.subject_code = t.subject_code
      WHERE g.school_year = $4)
    SELECT gen_random_uuid() AS id, * FROM (SELECT * FROM class_rows UNION ALL SELECT * FROM group_rows) r`, [
    HOURS.map((h) => h[0]), HOURS.map((h) => h[1]), HOURS.map((h) => h[2]), year,
  ]);
  // Class courses: slot k → weekday 1 + k % 5, slot k / 5; LV2 groups: last slot of Monday, Tuesday, Thursday.
  await step(
    'courses',
    `INSERT INTO courses (id, structure_id, school_year, subject_code, class_id, group_id, room, weekday, start_minute, end_minute, weeks)
     SELECT id, structure_id, $1, subject_code, class_id, group_id, 'S' || (100 + (abs(hashtext(coalesce(class_id, group_id)::text)) % 300)),
            CASE WHEN k >= 40 THEN (ARRAY[1,2,4])[k - 40] ELSE 1 + k % 5 END,
            (ARRAY[${SLOTS.join(',')}])[CASE WHEN k >= 40 THEN 8 ELSE 1 + k / 5 END],
            (ARRAY[${SLOTS.join(',')}])[CASE WHEN k >= 40 THEN 8 ELSE 1 + k / 5 END] + 55,
            weeks
     FROM bench_courses`,
    [year],
  );
  await step('course_teachers', 'INSERT INTO course_teachers (course_id, teacher_id) SELECT id, teacher_id FROM bench_courses');

  // School days of the last weeks in each zone, with their A/B letter.
  const dates: { zone: string; date: string; weekday: number; letter: string }[] = [];
  for (const zone of ['A', 'B', 'C'] as const) {
    const calendar = buildCalendar(year, zone, 'A', null);
    for (let d = addDays(mondayOf(today), -7 * weeks); d < today; d = addDays(d, 1)) {
      if (isoWeekday(d) === 7 || !isSchoolDay(calendar, d)) continue;
      dates.push({ zone, date: d, weekday: isoWeekday(d), letter: weekLetter(calendar, d) ?? '' });
    }
  }
  await step(
    'lesson_entries',
    `INSERT INTO lesson_entries (course_id, occurrence_date, structure_id, author_id, title, content_html, created_at, updated_at)
     SELECT c.id, d.date, c.structure_id, bc.teacher_id, 'Séance du ' || to_char(d.date, 'DD/MM'),
            '<p>Correction des exercices, cours : chapitre ' || (1 + abs(hashtext(c.id::text)) % 9) || ', partie ' || extract(day FROM d.date) || '.</p>',
            d.date + interval '17 hours', d.date + interval '17 hours'
     FROM courses c
     JOIN bench_courses bc ON bc.id = c.id
     JOIN timetable_settings ts ON ts.structure_id = c.structure_id AND ts.school_year = c.school_year
     JOIN unnest($1::text[], $2::date[], $3::int[], $4::text[]) AS d(zone, date, weekday, letter)
       ON d.zone = ts.zone AND d.weekday = c.weekday AND (c.weeks = 'ALL' OR c.weeks = d.letter)
     WHERE abs(hashtext(c.id::text || d.date::text)) % 10 <> 0`,
    [dates.map((d) => d.zone), dates.map((d) => d.date), dates.map((d) => d.weekday), dates.map((d) => d.letter)],
  );
  await step(
    'homework',
    `INSERT INTO homework (entry_id, course_id, class_id, group_id, given_on, due_on, description_html, estimated_minutes, hand_in_online)
     SELECT e.id, e.course_id, c.class_id, c.group_id, e.occurrence_date,
            e.occurrence_date + CASE WHEN c.weeks = 'ALL' THEN 7 ELSE 14 END,
            '<p>Exercices ' || (1 + abs(hashtext(e.id::text)) % 40) || ' et ' || (2 + abs(hashtext(e.id::text)) % 40) || ' page ' || (10 + abs(hashtext(e.course_id::text)) % 200) || '.</p>',
            (ARRAY[15, 30, 45, 60])[1 + abs(hashtext(e.id::text)) % 4], abs(hashtext(e.id::text)) % 5 = 0
     FROM lesson_entries e JOIN courses c ON c.id = e.course_id
     WHERE abs(hashtext(e.id::text || 'hw')) % 3 = 0`,
  );
  await client.query('COMMIT');
  const started = Date.now();
  await client.query('ANALYZE');
  console.log(`  ANALYZE in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function datasetCounts(client: pg.Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['structures', 'accounts', 'classes', 'groups', 'class_members', 'group_members', 'courses', 'course_teachers', 'lesson_entries', 'homework', 'timetable_settings']) {
    counts[table] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  }
  counts.homeworkDueTomorrow = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM homework WHERE due_on = $1', [tomorrow])).rows[0]!.n;
  counts.coursesPerClassAvg = Math.round(((counts.courses ?? 0) / Math.max(1, counts.classes ?? 1)) * 10) / 10;
  return counts;
}

/** Activated students with the benchmark password, one per lycée, spread over the région. */
async function studentLogins(client: pg.Client, year: number): Promise<{ login: string; id: string }[]> {
  const r = await client.query<{ login: string; id: string }>(
    `SELECT login, id FROM (
       SELECT DISTINCT ON (c.structure_id) a.login, a.id, c.structure_id
       FROM accounts a JOIN class_members m ON m.account_id = a.id JOIN classes c ON c.id = m.class_id
       WHERE a.profile = 'ELEVE' AND a.status = 'ACTIVE' AND a.password_hash IS NOT NULL AND c.school_year = $1
         AND a.login NOT LIKE 'bench.%'
       ORDER BY c.structure_id, md5(a.id::text)) s
     ORDER BY md5(structure_id::text) LIMIT $2`,
    [year, users],
  );
  return r.rows;
}

// ---------------------------------------------------------------------------
// 2. Plans of the SQL behind both endpoints.

interface PlanSummary {
  endpoint: string;
  statement: number;
  sql: string;
  executionMs: number;
  planningMs: number;
  sharedHit: number;
  sharedRead: number;
  seqScans: string[];
  indexes: string[];
}

async function explainEndpoints(student: { login: string }, password: string, year: number, outDir: string): Promise<PlanSummary[]> {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  let capturing = false;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (capturing && event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const handle: DatabaseHandle = { db, kind: 'postgres', isReady: async () => true, close: () => db.destroy() };
  const config = loadConfig({
    NODE_ENV: 'production',
    // The benchmarks upload no file: no ClamAV, which production requires unless told.
    ANTIVIRUS_DISABLED: 'true',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    PREAU_DATA: mkdtempSync(join(os.tmpdir(), 'preau-tt-bench-')),
    SCHOOL_YEAR: String(year),
    LOGIN_MAX_PER_IP: '1000000',
  });
  const platform = await createPlatform(config, { database: handle });
  const app = await buildApp(platform);
  const summaries: PlanSummary[] = [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: student.login, password } });
    if (login.statusCode !== 200) throw new Error(`login ${student.login}: ${login.statusCode} ${login.body}`);
    const cookie = login.cookies.find((c) => c.name === 'preau_session')!;
    for (const [name, path] of [['week', weekPath], ['due-tomorrow', duePath]] as const) {
      captured.length = 0;
      capturing = true;
      const response = await app.inject({ method: 'GET', url: path, headers: { cookie: `preau_session=${cookie.value}` } });
      capturing = false;
      if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
      let statement = 0;
      for (const query of captured) {
        statement++;
        const r = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.parameters as unknown[]);
        const plan = r.rows.map((row) => row['QUERY PLAN']).join('\n');
        const file = join(outDir, `${name}-${String(statement).padStart(2, '0')}.txt`);
        writeFileSync(file, `-- ${name}: ${path}\n-- parameters: ${JSON.stringify(query.parameters)}\n${query.sql}\n\n${plan}\n`);
        const buffers = [...plan.matchAll(/shared hit=(\d+)(?: read=(\d+))?/g)][0];
        summaries.push({
          endpoint: name,
          statement,
          sql: query.sql.replace(/\s+/g, ' ').slice(0, 160),
          executionMs: Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0),
          planningMs: Number(/Planning Time: ([\d.]+)/.exec(plan)?.[1] ?? 0),
          sharedHit: Number(buffers?.[1] ?? 0),
          sharedRead: Number(buffers?.[2] ?? 0),
          seqScans: [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!))],
          indexes: [...new Set([...plan.matchAll(/(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using |on )(\w+)/g)].map((m) => m[1]!))],
        });
      }
      console.log(`  ${name}: ${captured.length} statements, ${response.body.length} bytes, ${(JSON.parse(response.body) as { items: unknown[] }).items.length} items`);
    }
  } finally {
    await client.end();
    await app.close();
    await platform.close();
  }
  return summaries;
}

// ---------------------------------------------------------------------------
// 3. Load (child processes as in load-portal.ts).

async function startPreau(year: number): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawnChild('preau', ['apps/server/bin/preau.js', 'serve'], {
    NODE_ENV: 'production',
    // The benchmarks upload no file: no ClamAV, which production requires unless told.
    ANTIVIRUS_DISABLED: 'true',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: poolSize,
    REDIS_URL: redisUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    LOG_LEVEL: 'warn',
    SCHOOL_YEAR: String(year),
    PREAU_DATA: join(repoRoot, 'bench/results/data-tt'),
    LOGIN_MAX_PER_IP: '100000',
  });
  await waitReady(child, base, '/readyz');
  return { base, child };
}

type Request = { method: 'GET'; path: string; headers?: Record<string, string> };

interface LoadResult {
  scenario: string;
  reqPerSec: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  non2xx: number;
  serverCpuMsPerReq: number;
  load1m: number;
  itemsAvg: number | null;
}

async function measure(scenario: string, base: string, requests: Request[], pid: number | undefined): Promise<LoadResult> {
  // Every distinct request must answer 200 before it is measured.
  const items: number[] = [];
  for (const r of requests) {
    const res = await fetch(`${base}${r.path}`, { headers: r.headers ?? {} });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${scenario} ${r.path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { items?: unknown[] };
    if (Array.isArray(body.items)) items.push(body.items.length);
  }
  if (warmup > 0) await runAutocannon(base, requests, { connections, seconds: warmup });
  const before = cpuTicksOf(pid);
  const r = await runAutocannon(base, requests, { connections, seconds: duration });
  const cpuMs = ((cpuTicksOf(pid) - before) / 100) * 1000;
  const latency = r.latency as autocannon.Histogram & { p97_5: number };
  const result: LoadResult = {
    scenario,
    reqPerSec: Math.round(r.requests.average),
    p50: latency.p50,
    p97_5: latency.p97_5,
    p99: latency.p99,
    max: latency.max,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    serverCpuMsPerReq: Math.round((cpuMs / Math.max(1, r.requests.total)) * 100) / 100,
    load1m: Math.round(os.loadavg()[0]! * 10) / 10,
    itemsAvg: items.length ? Math.round((items.reduce((a, b) => a + b, 0) / items.length) * 10) / 10 : null,
  };
  console.log(`  ${scenario}: ${result.reqPerSec} req/s, p50 ${result.p50} ms, p97.5 ${result.p97_5} ms, p99 ${result.p99} ms, ${result.errors} errors, ${result.non2xx} non-2xx, load ${result.load1m}`);
  return result;
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const meta = await readDatasetMeta(new URL(databaseUrl));
  const year = meta.schoolYear;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = join(repoRoot, 'bench/results', `timetable-${stamp}`);
  mkdirSync(outDir, { recursive: true });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let counts: Record<string, number>;
  let students: { login: string; id: string }[];
  try {
    console.log(`Today (Paris) ${today}: week ${weekFrom}..${weekTo}, due tomorrow = ${tomorrow}.`);
    await generateTimetable(client, year);
    counts = await datasetCounts(client);
    console.log(`Dataset: ${JSON.stringify(counts)}`);
    students = await studentLogins(client, year);
  } finally {
    await client.end();
  }

  let plans: PlanSummary[] = [];
  if (!args['skip-explain']) {
    console.log('Plans (EXPLAIN ANALYZE, BUFFERS) of the statements behind both endpoints:');
    plans = await explainEndpoints(students[0]!, meta.password, year, outDir);
    for (const p of plans) {
      console.log(`    ${p.endpoint} #${p.statement}: ${p.executionMs} ms, hit ${p.sharedHit} read ${p.sharedRead}; seq scans: ${p.seqScans.join(', ') || '—'}; indexes: ${p.indexes.join(', ') || '—'}`);
    }
  }

  const results: LoadResult[] = [];
  if (!args['skip-load']) {
    const baseline = await startBaseline(databaseUrl, poolSize);
    results.push(await measure('baseline', baseline.base, students.map((s) => ({ method: 'GET', path: `/accounts/${s.id}` })), baseline.child.pid));
    await stopChild(baseline.child);
    const preau = await startPreau(year);
    const cookies: string[] = [];
    for (let i = 0; i < students.length; i += 4) {
      cookies.push(...(await Promise.all(students.slice(i, i + 4).map((s) => logIn(preau.base, s.login, meta.password)))));
    }
    console.log(`Logged in ${cookies.length} students of ${cookies.length} lycées on ${preau.base}.`);
    const as = (path: string): Request[] => cookies.map((cookie) => ({ method: 'GET', path, headers: { cookie } }));
    results.push(await measure('week-student', preau.base, as(weekPath), preau.child.pid));
    results.push(await measure('due-tomorrow-student', preau.base, as(duePath), preau.child.pid));
    await stopChild(preau.child);
  }
  await stopAll();

  const output = {
    date: new Date().toISOString(),
    label: args.label,
    command: `tsx bench/timetable-load.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine: {
      nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
      cpu: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadavg: os.loadavg().map((n) => Math.round(n * 10) / 10),
    },
    paths: { week: weekPath, dueTomorrow: duePath },
    settings: { users: students.length, connections, duration, warmup, poolSize: Number(poolSize) },
    dataset: { accounts: meta.accounts, structures: meta.structures, schoolYear: year, counts },
    plans,
    results,
  };
  writeFileSync(join(outDir, 'result.json'), `${JSON.stringify(output, null, 2)}\n`);
  console.log(`Written ${outDir}/result.json`);
}

try {
  await main();
} finally {
  await stopAll();
}

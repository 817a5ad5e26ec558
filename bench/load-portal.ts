/**
 * Load benchmark of the logged-in portal's API calls and of the annuaire
 * search, against PostgreSQL, next to a raw Fastify + one indexed SELECT
 * baseline measured in the same run.
 *
 *   npm run -w @preau/bench generate -- --accounts 1000000   # once
 *   npm run -w @preau/bench load
 *
 * Starts the real server as a child process (`node apps/server/bin/preau.js
 * serve`, NODE_ENV=production so no demo seed, LOG_LEVEL=warn, a free port
 * on 127.0.0.1), logs in benchmark accounts of several lycées, then runs
 * autocannon on each scenario: a short warm-up (discarded), then a bounded
 * measurement. Prints a table and writes JSON to bench/results/.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import pg from 'pg';
import { benchLogins, readDatasetMeta, tableCounts } from './lib/bench-db.ts';
import { CLK_TCK, loadAverage1m, machineCpuTicks, runAutocannon } from './lib/load.ts';
import { DEFAULT_DATABASE_URL, assertLoopbackDatabase } from './lib/safety.ts';
import { cpuTicksOf, repoRoot, startBaseline, startPreauServe, stopAll, stopChild } from './lib/servers.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '20' },
    users: { type: 'string', default: '20' },
    queries: { type: 'string', default: 'mar,du,lef,ber,martin l,th' },
    only: { type: 'string' },
    'pool-size': { type: 'string', default: '10' },
    sessions: { type: 'string', default: 'redis,db' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14' },
    mailbox: { type: 'string', default: '300' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`Usage: tsx bench/load-portal.ts [options]
  --database-url URL   benchmark database made by generate-directory.ts (default ${DEFAULT_DATABASE_URL})
  --duration S         measured seconds per scenario (default 10)
  --warmup S           discarded warm-up seconds per scenario (default 2)
  --connections N      concurrent connections (default 20)
  --users N            distinct logged-in accounts per profile, from different lycées (default 20)
  --queries LIST       annuaire queries, comma-separated, rotated (default "mar,du,lef,ber,martin l,th")
  --only LIST          comma-separated scenario names to run (default all)
  --pool-size N        database pool of both servers (default 10, Préau's default)
  --sessions LIST      session stores to measure Préau with, in turn: redis (REDIS_URL set), db (sessions table) (default redis,db)
  --redis-url URL      Redis of the "redis" run (default redis://127.0.0.1:6379/14; host must be 127.0.0.1)
  --mailbox N          messages (70 % read) and timeline events given to each measured student before the run,
                       when he has fewer (default 300; the inbox, unread count and timeline scenarios read them)

The timetable and homework scenarios read the data of bench/timetable-load.ts (run it once on the same
database first); without it they measure empty weeks.`);
  process.exit(0);
}

const databaseUrl = args['database-url']!;
const url = assertLoopbackDatabase(databaseUrl);
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const usersPerProfile = Number(args.users);
const queries = args.queries!.split(',').map((q) => q.trim()).filter(Boolean);
const only = args.only ? new Set(args.only.split(',')) : undefined;
const poolSize = args['pool-size']!;
const stores = args.sessions!.split(',').map((s) => s.trim());
for (const store of stores) if (store !== 'redis' && store !== 'db') throw new Error(`--sessions: unknown store "${store}" (redis or db)`);
const redisUrl = args['redis-url']!;
const mailbox = Number(args.mailbox);
if (new URL(redisUrl).hostname !== '127.0.0.1') throw new Error(`Refusing ${redisUrl}: the benchmark only targets 127.0.0.1.`);

// ---------------------------------------------------------------------------
// The servers under test (bench/lib/servers.ts stops them on the way out).

type Store = 'redis' | 'db';

function startPreau(schoolYear: number, store: Store): Promise<{ base: string; child: ChildProcess }> {
  return startPreauServe({ databaseUrl, poolSize, schoolYear, ...(store === 'redis' ? { redisUrl } : {}) });
}

// ---------------------------------------------------------------------------
// Sessions.

interface LoggedIn {
  login: string;
  accountId: string;
  cookie: string;
}

async function logIn(base: string, login: string, password: string): Promise<LoggedIn> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    // A browser sends its Origin; the server accepts only PUBLIC_URL's.
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ login, password }),
  });
  const body = (await res.json()) as { kind?: string; me?: { id: string } };
  if (res.status !== 200 || body.kind !== 'session' || !body.me) throw new Error(`login ${login}: HTTP ${res.status} ${JSON.stringify(body)}`);
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('preau_session='));
  if (!session) throw new Error(`login ${login}: no preau_session cookie`);
  return { login, accountId: body.me.id, cookie: session };
}

/** Account ids of these logins (for the baseline's primary-key lookups). */
async function idsOf(logins: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ id: string }>('SELECT id FROM accounts WHERE login = ANY($1::text[]) ORDER BY login', [logins]);
    if (result.rows.length !== logins.length) throw new Error(`expected ${logins.length} benchmark accounts, found ${result.rows.length}`);
    return result.rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

/**
 * Gives each student `mailbox` messages from a teacher of his lycée (70 % read,
 * newest last) and as many timeline events, set-based, once: a student who
 * already has them is left alone, so runs compare on the same data.
 */
async function seedMailboxes(studentLogins: string[]): Promise<void> {
  if (mailbox <= 0) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const missing = await client.query<{ id: string; sender: string }>(
      `SELECT a.id, (SELECT t.id FROM structure_members sm JOIN structure_members tm ON tm.structure_id = sm.structure_id
                      JOIN accounts t ON t.id = tm.account_id AND t.profile = 'ENSEIGNANT'
                     WHERE sm.account_id = a.id ORDER BY t.id LIMIT 1) AS sender
         FROM accounts a
        WHERE a.login = ANY($1::text[])
          AND (SELECT count(*) FROM message_recipients mr WHERE mr.account_id = a.id AND mr.folder = 'INBOX') < $2`,
      [studentLogins, mailbox],
    );
    if (missing.rows.length === 0) return;
    await client.query('BEGIN');
    for (const { id, sender } of missing.rows) {
      if (!sender) continue;
      await client.query(
        `WITH m AS (
           INSERT INTO messages (sender_id, thread_id, subject, body_html, preview, search_vector, recipient_labels, sent_at, created_at)
           SELECT $2, gen_random_uuid(), 'Message ' || n, '<p>Bonjour, voici le message ' || n || '.</p>', 'Bonjour, voici le message ' || n,
                  to_tsvector('french', 'Message ' || n || ' Bonjour, voici le message ' || n),
                  jsonb_build_object('to', jsonb_build_array('Élève'), 'cc', '[]'::jsonb, 'bcc', '[]'::jsonb),
                  now() - (($3 - n) || ' minutes')::interval, now() - (($3 - n) || ' minutes')::interval
             FROM generate_series(1, $3) AS n
           RETURNING id, sent_at, subject, preview, thread_id
         ), r AS (
           INSERT INTO message_recipients (message_id, account_id, kind, folder, is_read)
           SELECT id, $1, 'TO', 'INBOX', random() < 0.7 FROM m ORDER BY sent_at
           RETURNING message_id, is_read
         )
         INSERT INTO timeline_events (account_id, kind, actor_id, object_type, object_id, data, created_at, read_at)
         SELECT $1, 'messaging.received', $2, 'message', m.id,
                jsonb_build_object('subject', m.subject, 'preview', m.preview, 'senderName', 'Enseignant', 'threadId', m.thread_id),
                m.sent_at, CASE WHEN r.is_read THEN m.sent_at END
           FROM m JOIN r ON r.message_id = m.id ORDER BY m.sent_at`,
        [id, sender, mailbox],
      );
    }
    await client.query('COMMIT');
    await client.query('ANALYZE messages, message_recipients, timeline_events');
    console.log(`Gave ${missing.rows.length} students ${mailbox} messages and timeline events each.`);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------
// Measurements.

interface Scenario {
  name: string;
  description: string;
  base: () => string;
  requests: () => { method: 'GET'; path: string; headers?: Record<string, string> }[];
  pid: () => number | undefined;
}

interface CpuSample {
  processTicks: number;
  machineBusy: number;
  machineTotal: number;
}

function cpuSample(pid: number | undefined): CpuSample {
  const machine = machineCpuTicks();
  return { processTicks: cpuTicksOf(pid), machineBusy: machine.busy, machineTotal: machine.total };
}


// The dates the web app asks for on the day of the run (Paris time), as bench/timetable-load.ts does.
const parisToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const isoWeekday = (iso: string) => ((new Date(`${iso}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
const weekFrom = addDays(parisToday, 1 - isoWeekday(parisToday));
const nextDay = addDays(parisToday, 1);
const tomorrow = isoWeekday(nextDay) === 7 ? addDays(nextDay, 1) : nextDay;
const weekPath = `/api/v1/timetable/me?from=${weekFrom}&to=${addDays(weekFrom, 5)}`;
const duePath = `/api/v1/homework/todo?from=${tomorrow}&to=${tomorrow}`;

interface Result {
  scenario: string;
  description: string;
  requestsPerSecond: { mean: number; stddev: number; min: number; max: number };
  latencyMs: { p50: number; p90: number; p97_5: number; p99: number; mean: number; max: number };
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  serverCpuPercentOfOneCore: number;
  machineCpuBusyPercent: number;
  /** The machine's 1-minute load average at the end of the measurement (2 cores here: above 2 means waiting for CPU). */
  loadAverage1m: number;
  sample: { status: number; items?: number; bytes: number };
}

async function checkSample(base: string, request: ReturnType<Scenario['requests']>[number]): Promise<Result['sample']> {
  const res = await fetch(`${base}${request.path}`, { headers: request.headers ?? {} });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${request.path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  let items: number | undefined;
  try {
    const body = JSON.parse(text) as { items?: unknown[] };
    if (Array.isArray(body.items)) items = body.items.length;
  } catch {
    // not JSON
  }
  return { status: res.status, ...(items !== undefined ? { items } : {}), bytes: text.length };
}

async function measure(scenario: Scenario): Promise<Result> {
  const base = scenario.base();
  const requests = scenario.requests();
  // Every distinct request must succeed before it is measured.
  const samples = await Promise.all(requests.map((r) => checkSample(base, r)));
  const itemCounts = samples.map((s) => s.items).filter((n): n is number => n !== undefined);
  if (warmup > 0) await runAutocannon(base, requests, { connections, seconds: warmup });
  const before = cpuSample(scenario.pid());
  const r = await runAutocannon(base, requests, { connections, seconds: duration });
  const after = cpuSample(scenario.pid());
  const seconds = duration;
  const latency = r.latency as autocannon.Histogram & { p97_5: number; p90: number };
  return {
    scenario: scenario.name,
    description: scenario.description,
    requestsPerSecond: { mean: r.requests.average, stddev: r.requests.stddev, min: r.requests.min, max: r.requests.max },
    latencyMs: { p50: latency.p50, p90: latency.p90, p97_5: latency.p97_5, p99: latency.p99, mean: latency.average, max: latency.max },
    requests: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    serverCpuPercentOfOneCore: Math.round(((after.processTicks - before.processTicks) / CLK_TCK / seconds) * 100),
    loadAverage1m: loadAverage1m(),
    machineCpuBusyPercent: Math.round(((after.machineBusy - before.machineBusy) / Math.max(1, after.machineTotal - before.machineTotal)) * 100),
    sample: {
      status: 200,
      ...(itemCounts.length ? { items: Math.round((itemCounts.reduce((a, b) => a + b, 0) / itemCounts.length) * 10) / 10 } : {}),
      bytes: Math.round(samples.reduce((a, s) => a + s.bytes, 0) / samples.length),
    },
  };
}

function machine() {
  const pgVersion = (() => {
    try {
      return execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgresClient: pgVersion,
    kernel: os.release(),
  };
}

async function postgresInfo(): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const info: Record<string, string> = {};
    info.version = (await client.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
    for (const setting of ['shared_buffers', 'work_mem', 'effective_cache_size', 'max_connections', 'synchronous_commit', 'jit']) {
      info[setting] = (await client.query<{ v: string }>(`SELECT current_setting('${setting}') AS v`)).rows[0]!.v;
    }
    info.databaseSize = (await client.query<{ v: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS v')).rows[0]!.v;
    return info;
  } finally {
    await client.end();
  }
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Markdown table; each Préau row is compared with the baseline measured just before it (same store block). */
function printTable(results: (Result & { store: string })[]): string {
  const header = ['sessions', 'scenario', 'req/s', '±sd', 'p50 ms', 'p97.5 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'vs baseline', 'server CPU', 'load 1m', 'items'];
  const rows = results.map((r) => {
    const baselineRps = results.find((b) => b.store === r.store && b.scenario === 'baseline')?.requestsPerSecond.mean;
    return [
      r.store,
      r.scenario,
      fmt(r.requestsPerSecond.mean),
      fmt(r.requestsPerSecond.stddev),
      fmt(r.latencyMs.p50),
      fmt(r.latencyMs.p97_5),
      fmt(r.latencyMs.p99),
      fmt(r.latencyMs.max),
      String(r.errors + r.timeouts),
      String(r.non2xx),
      baselineRps ? `${fmt((r.requestsPerSecond.mean / baselineRps) * 100)} %` : '—',
      `${r.serverCpuPercentOfOneCore} %`,
      fmt(r.loadAverage1m, 1),
      r.sample.items !== undefined ? String(r.sample.items) : '—',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const meta = await readDatasetMeta(url);
  const counts = await tableCounts(databaseUrl);
  const pgInfo = await postgresInfo();
  console.log(
    `Dataset: ${counts.accounts?.toLocaleString('en')} accounts, ${meta.structures} lycées, school year ${meta.schoolYear}` +
      `${meta.pastYears ? ` (+${meta.pastYears} past)` : ''}; ${connections} connections, ${warmup} s warm-up + ${duration} s per scenario.`,
  );

  const baseline = await startBaseline(databaseUrl, poolSize);
  console.log(`Baseline on ${baseline.base}.`);
  await seedMailboxes(benchLogins('eleve', usersPerProfile, meta.structures));
  const accountIds = await idsOf(['eleve', 'enseignant', 'parent'].flatMap((p) => benchLogins(p as 'eleve', usersPerProfile, meta.structures)));

  const results: (Result & { store: string })[] = [];
  const run = async (scenario: Scenario, store: string) => {
    if (only && !only.has(scenario.name)) return;
    process.stdout.write(`  [${store}] ${scenario.name}… `);
    const result = { ...(await measure(scenario)), store };
    results.push(result);
    console.log(`${fmt(result.requestsPerSecond.mean)} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`);
  };

  for (const store of stores as Store[]) {
    // The baseline is measured again right before each Préau run: on a shared
    // machine the load of the moment moves both.
    await run(
      {
        name: 'baseline',
        description: 'raw Fastify (no plugin) + pg: SELECT id, login, first_name, last_name, profile FROM accounts WHERE id = $1',
        base: () => baseline.base,
        requests: () => accountIds.map((id) => ({ method: 'GET' as const, path: `/accounts/${id}` })),
        pid: () => baseline.child.pid,
      },
      store,
    );

    const preau = await startPreau(meta.schoolYear, store);
    console.log(`Préau on ${preau.base}, sessions in ${store === 'redis' ? `Redis (${redisUrl})` : 'PostgreSQL'}.`);
    const loginAll = async (profile: 'eleve' | 'enseignant' | 'parent') => {
      // Four at a time: argon2 runs on libuv's 4 threads.
      const logins = benchLogins(profile, usersPerProfile, meta.structures);
      const out: LoggedIn[] = [];
      for (let i = 0; i < logins.length; i += 4) out.push(...(await Promise.all(logins.slice(i, i + 4).map((l) => logIn(preau.base, l, meta.password)))));
      return out;
    };
    const students = await loginAll('eleve');
    const teachers = await loginAll('enseignant');
    const parents = await loginAll('parent');
    console.log(`Logged in ${students.length} students, ${teachers.length} teachers, ${parents.length} parents of different lycées.`);

    const me = (users: LoggedIn[]) => () => users.map((u) => ({ method: 'GET' as const, path: '/api/v1/me', headers: { cookie: u.cookie } }));
    const search = (users: LoggedIn[]) => () =>
      users.flatMap((u, i) =>
        queries.map((_, j) => {
          const q = queries[(i + j) % queries.length]!;
          return { method: 'GET' as const, path: `/api/v1/directory/people?q=${encodeURIComponent(q)}&limit=25`, headers: { cookie: u.cookie } };
        }),
      );
    const get = (users: LoggedIn[], path: string) => () => users.map((u) => ({ method: 'GET' as const, path, headers: { cookie: u.cookie } }));
    const onPreau = (name: string, description: string, requests: Scenario['requests']): Scenario => ({
      name,
      description,
      base: () => preau.base,
      requests,
      pid: () => preau.child.pid,
    });
    const scenarios: Scenario[] = [
      onPreau('healthz', 'Préau GET /healthz: every plugin and hook, no session, no database', () => [{ method: 'GET' as const, path: '/healthz' }]),
      onPreau('me-student', 'GET /api/v1/me as a student (what the portal home fetches)', me(students)),
      onPreau('me-teacher', 'GET /api/v1/me as a teacher', me(teachers)),
      onPreau('me-parent', 'GET /api/v1/me as a parent', me(parents)),
      onPreau('people-student', `GET /api/v1/directory/people?q=… as a student (q in ${queries.join(' | ')})`, search(students)),
      onPreau('people-teacher', `GET /api/v1/directory/people?q=… as a teacher (q in ${queries.join(' | ')})`, search(teachers)),
      onPreau('people-parent', `GET /api/v1/directory/people?q=… as a parent (q in ${queries.join(' | ')})`, search(parents)),
      onPreau('week-student', `GET ${weekPath} as a student (the week view of /emploi-du-temps)`, get(students, weekPath)),
      onPreau('due-tomorrow-student', `GET ${duePath} as a student (the portal's "due tomorrow" widget)`, get(students, duePath)),
      onPreau('inbox-student', 'GET /api/v1/messaging/messages?folder=INBOX&limit=25 as a student (first page of his inbox)', get(students, '/api/v1/messaging/messages?folder=INBOX&limit=25')),
      onPreau('unread-student', 'GET /api/v1/messaging/unread-count as a student', get(students, '/api/v1/messaging/unread-count')),
      onPreau('timeline-student', 'GET /api/v1/timeline?limit=25 as a student (first page of his timeline)', get(students, '/api/v1/timeline?limit=25')),
    ];
    for (const scenario of scenarios) await run(scenario, store);
    await stopChild(preau.child);
  }
  await stopAll();

  const table = printTable(results);
  console.log(`\n${table}\n`);
  console.log('server CPU = CPU time of the server process under test during the measurement, in % of one core; load 1m = machine load average (2 cores); items = average page size of the search answers.');

  const output = {
    date: new Date().toISOString(),
    command: `tsx bench/load-portal.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machine(),
    postgres: pgInfo,
    dataset: { ...meta, password: undefined, counts },
    settings: { connections, durationSeconds: duration, warmupSeconds: warmup, pipelining: 1, usersPerProfile, queries, poolSize: Number(poolSize), sessions: stores },
    results,
    table,
  };
  const dir = join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `load-${output.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`Written ${file}`);
}

try {
  await main();
} finally {
  await stopAll();
}

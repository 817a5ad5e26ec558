/**
 * What one request of each morning-peak scenario costs, measured one request
 * at a time so that the machine's other load matters less than in a
 * throughput run: SQL statements per request and their execution + planning
 * time (pg_stat_statements of the benchmark database, which needs
 * `shared_preload_libraries = 'pg_stat_statements'` and
 * `pg_stat_statements.track_planning = on`), server CPU per request
 * (/proc/<pid>/stat) and the median wall time.
 *
 *   npx tsx bench/request-cost.ts --database-url postgres://postgres@127.0.0.1:5433/preau_bench --redis-url redis://127.0.0.1:6379/8
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchLogins, readDatasetMeta } from './lib/bench-db.ts';
import { DEFAULT_DATABASE_URL, assertLoopbackDatabase, maintenanceUrl } from './lib/safety.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14' },
    requests: { type: 'string', default: '200' },
    users: { type: 'string', default: '20' },
    label: { type: 'string', default: '' },
  },
});
const databaseUrl = args['database-url']!;
const url = assertLoopbackDatabase(databaseUrl);
if (new URL(args['redis-url']!).hostname !== '127.0.0.1') throw new Error('Redis must be on 127.0.0.1');
const n = Number(args.requests);
const meta = await readDatasetMeta(url);
const dbName = decodeURIComponent(url.pathname.slice(1));

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const addDays = (iso: string, d: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
const weekday = (iso: string) => ((new Date(`${iso}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
const monday = addDays(today, 1 - weekday(today));
const next = addDays(today, 1);
const tomorrow = weekday(next) === 7 ? addDays(next, 1) : next;

const port = await new Promise<number>((done) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => done(typeof a === 'object' && a ? a.port : 0));
  });
});
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['apps/server/bin/preau.js', 'serve'], {
  cwd: repoRoot,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1',
    PUBLIC_URL: base, LOG_LEVEL: 'warn', SCHOOL_YEAR: String(meta.schoolYear), PREAU_DATA: join(repoRoot, 'bench/results/data'),
    LOGIN_MAX_PER_IP: '100000', REDIS_URL: args['redis-url']!,
  },
});
const stop = () => new Promise<void>((done) => {
  if (child.exitCode !== null) return done();
  child.once('exit', () => done());
  child.kill('SIGTERM');
});
process.on('SIGINT', () => void stop().then(() => process.exit(130)));

try {
  for (let i = 0; i < 360; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const logIn = async (login: string) => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ login, password: meta.password }),
    });
    if (res.status !== 200) throw new Error(`login ${login}: ${res.status}`);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('preau_session='))!;
  };
  const users = Number(args.users);
  const sessions = async (profile: 'eleve' | 'enseignant' | 'parent') => {
    const out: string[] = [];
    for (const login of benchLogins(profile, users, meta.structures)) out.push(await logIn(login));
    return out;
  };
  const students = await sessions('eleve');
  const teachers = await sessions('enseignant');
  const parents = await sessions('parent');
  const queries = ['mar', 'du', 'lef', 'ber', 'martin l', 'th'];
  const scenarios: { name: string; cookies: string[]; paths: string[] }[] = [
    { name: 'me-student', cookies: students, paths: ['/api/v1/me'] },
    { name: 'week-student', cookies: students, paths: [`/api/v1/timetable/me?from=${monday}&to=${addDays(monday, 5)}`] },
    { name: 'due-tomorrow-student', cookies: students, paths: [`/api/v1/homework/todo?from=${tomorrow}&to=${tomorrow}`] },
    { name: 'people-teacher', cookies: teachers, paths: queries.map((q) => `/api/v1/directory/people?q=${encodeURIComponent(q)}&limit=25`) },
    { name: 'people-student', cookies: students, paths: queries.map((q) => `/api/v1/directory/people?q=${encodeURIComponent(q)}&limit=25`) },
    { name: 'people-parent', cookies: parents, paths: queries.map((q) => `/api/v1/directory/people?q=${encodeURIComponent(q)}&limit=25`) },
    { name: 'inbox-student', cookies: students, paths: ['/api/v1/messaging/messages?folder=INBOX&limit=25'] },
    { name: 'unread-student', cookies: students, paths: ['/api/v1/messaging/unread-count'] },
    { name: 'timeline-student', cookies: students, paths: ['/api/v1/timeline?limit=25'] },
  ];
  const stats = new pg.Client({ connectionString: maintenanceUrl(url) });
  await stats.connect();
  const cpuTicks = () => {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  };
  const rows: Record<string, unknown>[] = [];
  for (const s of scenarios) {
    const call = async (i: number) => {
      const res = await fetch(`${base}${s.paths[i % s.paths.length]}`, { headers: { cookie: s.cookies[i % s.cookies.length]! } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${s.name}: HTTP ${res.status}`);
    };
    for (let i = 0; i < 20; i++) await call(i); // warm-up: JIT, plans, caches
    await stats.query('SELECT pg_stat_statements_reset()');
    const t0 = cpuTicks();
    const walls: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      await call(i);
      walls.push(performance.now() - start);
    }
    const cpu = ((cpuTicks() - t0) * 10) / n;
    const q = await stats.query<{ calls: string; exec: number; plan: number }>(
      `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(total_exec_time), 0) AS exec, coalesce(sum(total_plan_time), 0) AS plan
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)`,
      [dbName],
    );
    walls.sort((a, b) => a - b);
    const row = {
      scenario: s.name,
      statementsPerRequest: Math.round((Number(q.rows[0]!.calls) / n) * 100) / 100,
      sqlMsPerRequest: Math.round(((q.rows[0]!.exec + q.rows[0]!.plan) / n) * 100) / 100,
      planMsPerRequest: Math.round((q.rows[0]!.plan / n) * 100) / 100,
      serverCpuMsPerRequest: Math.round(cpu * 100) / 100,
      wallP50Ms: Math.round(walls[Math.floor(n / 2)]! * 100) / 100,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  await stats.end();
  const dir = join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `cost-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ label: args.label, requests: n, rows }, null, 2)}\n`);
  console.log(`Written ${file}`);
} finally {
  await stop();
}

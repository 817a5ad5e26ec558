/**
 * The Monday-8 a.m. mix (issue 12): two `preau serve` processes behind nginx
 * (Debian's, configured from deploy/nginx/preau.conf) sharing one PostgreSQL
 * and one Redis, loaded through nginx as a région's morning loads it.
 *
 *   npx tsx bench/generate-directory.ts --database-url postgres://postgres@127.0.0.1:5432/preau_bench_mix --accounts 100000
 *   npx tsx bench/timetable-load.ts --database-url postgres://postgres@127.0.0.1:5432/preau_bench_mix --redis-url redis://127.0.0.1:6379/9 --skip-load --skip-explain
 *   npx tsx bench/monday-mix.ts --database-url postgres://postgres@127.0.0.1:5432/preau_bench_mix --redis-url redis://127.0.0.1:6379/9
 *
 * 1. Logins, measured on their own (argon2id, the production parameters,
 *    dominates them): POST /api/v1/auth/login of the benchmark accounts in
 *    turn (each connection from another account), for --login-seconds; p50
 *    and p99 are the slowest connection's.
 * 2. The read mix, ramped up (--stages: total connections per stage): at each
 *    stage, one autocannon per request type runs at once, with a share of the
 *    connections by the type's weight (below), so each type gets its own
 *    throughput, p50/p99 and errors while they all compete for the same
 *    processes. The sessions are opened through nginx, so every request may
 *    land on the process that did not open its session: a session that one
 *    process could not read would show as 401s in the errors.
 *
 * Server CPU per request = CPU time of both `preau serve` processes during the
 * stage over the requests it answered (all types together: they run at once).
 * nginx, PostgreSQL, Redis and autocannon run on the same machine and are not
 * counted in it. Writes JSON to bench/results/.
 */
import os from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import { benchLogins, readDatasetMeta, tableCounts } from './lib/bench-db.ts';
import { CLK_TCK, type LoadRequest, loadAverage1m, machineCpuTicks, runAutocannon } from './lib/load.ts';
import { assertLoopbackDatabase } from './lib/safety.ts';
import { startNginx, stopNginx } from './lib/nginx.ts';
import { cpuTicksOf, freePort, repoRoot, startPreauServe, stopAll } from './lib/servers.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/preau_bench_mix' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/9' },
    users: { type: 'string', default: '471' },
    stages: { type: 'string', default: '8,16,32' },
    'stage-seconds': { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    'login-seconds': { type: 'string', default: '15' },
    'login-connections': { type: 'string', default: '8' },
    'pool-size': { type: 'string', default: '10' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`Usage: tsx bench/monday-mix.ts [options]
  --database-url URL       database made by generate-directory.ts (+ timetable-load.ts --skip-load for lessons and homework)
  --redis-url URL          Redis shared by both processes (default redis://127.0.0.1:6379/9; host must be 127.0.0.1)
  --users N                benchmark accounts per profile (students, parents, teachers; one per lycée at most; default 471)
  --stages LIST            total connections of each stage of the ramp (default 8,16,32)
  --stage-seconds S        measured seconds per stage (default 15), after --warmup S (default 3) at the first stage
  --login-seconds S        seconds of the logins-only measure (default 15), with --login-connections N (default 8)
  --pool-size N            database pool of each process (default 10)`);
  process.exit(0);
}

const databaseUrl = args['database-url']!;
const url = assertLoopbackDatabase(databaseUrl);
const redisUrl = args['redis-url']!;
if (new URL(redisUrl).hostname !== '127.0.0.1') throw new Error(`Refusing ${redisUrl}: the benchmark only targets 127.0.0.1.`);
const stages = args.stages!.split(',').map(Number);
const stageSeconds = Number(args['stage-seconds']);
const warmup = Number(args.warmup);
const loginSeconds = Number(args['login-seconds']);
const loginConnections = Number(args['login-connections']);
const poolSize = args['pool-size']!;

// ---------------------------------------------------------------------------
// Sessions and requests.

interface User {
  login: string;
  profile: 'eleve' | 'parent' | 'enseignant';
  cookie: string;
}

async function logIn(base: string, login: string, password: string, profile: User['profile']): Promise<User> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ login, password }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('preau_session='));
  if (res.status !== 200 || !cookie) throw new Error(`login ${login}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  await res.arrayBuffer();
  return { login, profile, cookie };
}

// The dates the web app asks for on the day of the run (Paris time), as bench/load-portal.ts does.
const parisToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const isoWeekday = (iso: string) => ((new Date(`${iso}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
const weekFrom = addDays(parisToday, 1 - isoWeekday(parisToday));
const nextDay = addDays(parisToday, 1);
const dueOn = isoWeekday(nextDay) === 7 ? addDays(nextDay, 1) : nextDay;

/** A request type of the mix: its share of the connections, and each user's request of that type. */
interface RequestType {
  name: string;
  weight: number;
  describe: string;
  of: (users: User[]) => LoadRequest[];
}

const get = (path: string) => (users: User[]) => users.map((u) => ({ method: 'GET' as const, path, headers: { cookie: u.cookie } }));
const profiles = (...kept: User['profile'][]) => (users: User[]) => users.filter((u) => kept.includes(u.profile));

/**
 * A morning: everybody opens the portal (one composite call since issue 12);
 * students and teachers look at the week, students at tomorrow's homework;
 * everybody reads the inbox and the timeline.
 */
const MIX: RequestType[] = [
  { name: 'portal', weight: 0.3, describe: 'GET /api/v1/portal (students, parents, teachers)', of: get('/api/v1/portal') },
  {
    name: 'timetable',
    weight: 0.2,
    describe: `GET /api/v1/timetable/me?from=${weekFrom}&to=${addDays(weekFrom, 5)} (students, teachers)`,
    of: (users) => get(`/api/v1/timetable/me?from=${weekFrom}&to=${addDays(weekFrom, 5)}`)(profiles('eleve', 'enseignant')(users)),
  },
  {
    name: 'homework',
    weight: 0.15,
    describe: `GET /api/v1/homework/todo?from=${dueOn}&to=${dueOn} (students)`,
    of: (users) => get(`/api/v1/homework/todo?from=${dueOn}&to=${dueOn}`)(profiles('eleve')(users)),
  },
  { name: 'inbox', weight: 0.2, describe: 'GET /api/v1/messaging/messages?folder=INBOX&limit=25 (everybody)', of: get('/api/v1/messaging/messages?folder=INBOX&limit=25') },
  { name: 'timeline', weight: 0.15, describe: 'GET /api/v1/timeline?limit=10 (everybody)', of: get('/api/v1/timeline?limit=10') },
];

interface Measured {
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  /** Answers by HTTP status (a non-2xx is told apart: 401 lost session, 429 throttled, 503 overloaded). */
  statusCodes: Record<string, number>;
}

function measured(r: autocannon.Result): Measured {
  return {
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
    requests: r.requests.total,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** The login runs of all connections as one: sums, and the slowest connection's percentiles (a bound, not a merge). */
function mergedLogins(runs: Measured[], seconds: number): Measured {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) for (const [code, n] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  return {
    requests,
    reqPerSec: Math.round((requests / seconds) * 10) / 10,
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    statusCodes,
  };
}

/** CPU of the two processes and of the machine, around a measurement. */
function cpuAround(pids: (number | undefined)[]) {
  const ticks = () => pids.reduce<number>((sum, pid) => sum + cpuTicksOf(pid), 0);
  const before = { processes: ticks(), machine: machineCpuTicks() };
  return () => {
    const machine = machineCpuTicks();
    return {
      processesMs: ((ticks() - before.processes) / CLK_TCK) * 1000,
      machineBusyPercent: Math.round(((machine.busy - before.machine.busy) / Math.max(1, machine.total - before.machine.total)) * 100),
    };
  };
}

async function main(): Promise<void> {
  const meta = await readDatasetMeta(url);
  const counts = await tableCounts(databaseUrl);
  const users = Number(args.users);
  console.log(`Dataset: ${counts.accounts?.toLocaleString('en')} accounts, ${meta.structures} lycées; load average ${loadAverage1m()} on ${os.cpus().length} cores.`);

  // Both processes share PostgreSQL and Redis, and trust nginx's X-Forwarded-* (TRUST_PROXY, as deploy/ says).
  const entryPort = await freePort();
  const publicUrl = `http://127.0.0.1:${entryPort}`;
  const serve = (name: string) => startPreauServe({ name, databaseUrl, redisUrl, poolSize, schoolYear: meta.schoolYear, publicUrl, env: { TRUST_PROXY: 'true' } });
  const nodes = await Promise.all([serve('preau-1'), serve('preau-2')]);
  const pids = nodes.map((n) => n.child.pid);
  const nginx = await startNginx(entryPort, nodes.map((n) => n.port));
  try {
    const accounts = (['eleve', 'parent', 'enseignant'] as const).flatMap((profile) => benchLogins(profile, users, meta.structures).map((login) => ({ login, profile })));

    // 1. Logins alone, through nginx.
    const loginRequests: LoadRequest[] = accounts.map((a) => ({
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', origin: nginx.base },
      body: JSON.stringify({ login: a.login, password: meta.password }),
    }));
    process.stdout.write(`Logins: ${loginConnections} connections, ${loginSeconds} s… `);
    const loginCpu = cpuAround(pids);
    // One autocannon per connection, each starting at another account: every connection walks the list from its
    // start, so one list for all would send the same login from every connection at once, which the per-login
    // throttle rightly refuses (429) as a burst of attempts on one account.
    const step = Math.ceil(loginRequests.length / loginConnections);
    const loginRuns = await Promise.all(
      Array.from({ length: loginConnections }, (_, i) => {
        const rotated = [...loginRequests.slice(i * step), ...loginRequests.slice(0, i * step)];
        return runAutocannon(nginx.base, rotated, { connections: 1, seconds: loginSeconds, timeoutSeconds: 30 });
      }),
    );
    const loginRun = mergedLogins(loginRuns.map(measured), loginSeconds);
    const loginCpuEnd = loginCpu();
    const logins = {
      ...loginRun,
      serverCpuMsPerLogin: Math.round((loginCpuEnd.processesMs / Math.max(1, loginRun.requests - loginRun.non2xx)) * 10) / 10,
      machineBusyPercent: loginCpuEnd.machineBusyPercent,
      loadAverage1m: loadAverage1m(),
    };
    console.log(`${logins.reqPerSec}/s, p50 ${logins.p50} ms, p99 ${logins.p99} ms, ${logins.errors} errors, statuses ${JSON.stringify(logins.statusCodes)}, ${logins.serverCpuMsPerLogin} ms CPU per login, load ${logins.loadAverage1m}`);

    // 2. The read mix, each user logged in once through nginx (either process opened his session).
    const loggedIn: User[] = [];
    for (let i = 0; i < accounts.length; i += 4) {
      loggedIn.push(...(await Promise.all(accounts.slice(i, i + 4).map((a) => logIn(nginx.base, a.login, meta.password, a.profile)))));
    }
    const typed = MIX.map((type) => ({ type, requests: type.of(loggedIn) }));
    for (const { type, requests } of typed) {
      // Every distinct request must answer 200 before it is measured.
      for (const r of requests) {
        const res = await fetch(`${nginx.base}${r.path}`, { headers: r.headers ?? {} });
        if (res.status !== 200) throw new Error(`${type.name} ${r.path}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
        await res.arrayBuffer();
      }
    }
    console.log(`Logged in ${loggedIn.length} accounts; every request of the mix answered 200 once.`);
    const runStage = (connections: number, seconds: number) =>
      Promise.all(typed.map(({ type, requests }) => runAutocannon(nginx.base, requests, { connections: Math.max(1, Math.round(connections * type.weight)), seconds })));
    if (warmup > 0) await runStage(stages[0]!, warmup);

    const results = [];
    for (const connections of stages) {
      const cpu = cpuAround(pids);
      const runs = await runStage(connections, stageSeconds);
      const cpuEnd = cpu();
      const perType = Object.fromEntries(typed.map(({ type }, i) => [type.name, { connections: Math.max(1, Math.round(connections * type.weight)), ...measured(runs[i]!) }]));
      const total = runs.reduce((sum, r) => sum + r.requests.total, 0);
      const stage = {
        connections,
        reqPerSec: Math.round(total / stageSeconds),
        serverCpuMsPerRequest: Math.round((cpuEnd.processesMs / Math.max(1, total)) * 100) / 100,
        serverCpuPercentOfOneCore: Math.round((cpuEnd.processesMs / 1000 / stageSeconds) * 100),
        machineBusyPercent: cpuEnd.machineBusyPercent,
        loadAverage1m: loadAverage1m(),
        errors: runs.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
        perType,
      };
      results.push(stage);
      console.log(
        `Stage ${connections} connections: ${stage.reqPerSec} req/s, ${stage.serverCpuMsPerRequest} ms server CPU/request, ${stage.errors} errors, load ${stage.loadAverage1m}\n` +
          Object.entries(perType).map(([name, m]) => `    ${name.padEnd(10)} ${String(m.connections).padStart(3)} conn  ${String(m.reqPerSec).padStart(5)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  errors ${m.errors}  non-2xx ${m.non2xx}`).join('\n'),
      );
    }

    const output = {
      date: new Date().toISOString(),
      command: `tsx bench/monday-mix.ts ${process.argv.slice(2).join(' ')}`.trim(),
      machine: { cores: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      dataset: { ...meta, password: undefined, counts },
      settings: { stages, stageSeconds, warmup, loginSeconds, loginConnections, poolSize: Number(poolSize), users: loggedIn.length, mix: MIX.map((t) => ({ name: t.name, weight: t.weight, describe: t.describe })) },
      logins,
      stages: results,
    };
    const dir = join(repoRoot, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `monday-mix-${output.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
    console.log(`Written ${file}`);
  } finally {
    await stopNginx(nginx);
  }
}

try {
  await main();
} finally {
  await stopAll();
}

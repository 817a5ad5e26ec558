/**
 * CPU profile of the real server under one scenario: starts `preau serve`
 * with `node --cpu-prof`, logs in some benchmark students, runs autocannon on
 * one path, stops the server (the profile is written at exit) and prints the
 * functions with the most self time.
 *
 *   npx tsx bench/profile-server.ts --database-url postgres://postgres@127.0.0.1:5432/preau_bench \
 *     --path /api/v1/me --seconds 15 --out /tmp/preau-prof
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { benchLogins, readDatasetMeta } from './lib/bench-db.ts';
import { DEFAULT_DATABASE_URL, assertLoopbackDatabase } from './lib/safety.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14' },
    path: { type: 'string', default: '/api/v1/me' },
    profile: { type: 'string', default: 'eleve' },
    users: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '20' },
    out: { type: 'string', default: '/tmp/preau-prof' },
    top: { type: 'string', default: '40' },
  },
});
const databaseUrl = args['database-url']!;
const url = assertLoopbackDatabase(databaseUrl);
if (new URL(args['redis-url']!).hostname !== '127.0.0.1') throw new Error('Redis must be on 127.0.0.1');
const out = args.out!;
mkdirSync(out, { recursive: true });

const port = await new Promise<number>((done) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => done(typeof a === 'object' && a ? a.port : 0));
  });
});
const base = `http://127.0.0.1:${port}`;
const meta = await readDatasetMeta(url);
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, 'apps/server/bin/preau.js', 'serve'], {
  cwd: repoRoot,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1',
    PUBLIC_URL: base, LOG_LEVEL: 'warn', SCHOOL_YEAR: String(meta.schoolYear), PREAU_DATA: join(repoRoot, 'bench/results/data'),
    LOGIN_MAX_PER_IP: '100000', REDIS_URL: args['redis-url']!,
  },
});
for (let i = 0; i < 360; i++) {
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {
    // not yet
  }
  await new Promise((r) => setTimeout(r, 250));
}
const cookies: string[] = [];
for (const login of benchLogins(args.profile as 'eleve', Number(args.users), meta.structures)) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ login, password: meta.password }),
  });
  if (res.status !== 200) throw new Error(`login ${login}: ${res.status}`);
  cookies.push(res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('preau_session='))!);
}
const result = await new Promise<autocannon.Result>((done, fail) =>
  autocannon(
    { url: base, connections: Number(args.connections), duration: Number(args.seconds), requests: cookies.map((cookie) => ({ method: 'GET', path: args.path!, headers: { cookie } })) },
    (e, r) => (e ? fail(e) : done(r)),
  ),
);
console.log(`${args.path}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
await new Promise<void>((done) => {
  child.once('exit', () => done());
  child.kill('SIGTERM');
});

// Self time per function (and per package), from the newest profile.
// --cpu-prof writes one file per thread (tsx's module loader runs in one of its own): the largest is the main thread's.
const file = readdirSync(out)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => ({ f, size: readFileSync(join(out, f)).length }))
  .sort((a, b) => b.size - a.size)[0]!.f;
const profile = JSON.parse(readFileSync(join(out, file), 'utf8')) as {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number }[];
  samples: number[]; timeDeltas: number[];
};
const total = profile.samples.length;
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
for (const node of profile.nodes) {
  const { functionName, url: u, lineNumber } = node.callFrame;
  const short = u.replace(/^file:\/\//, '').replace(repoRoot, '');
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + node.hitCount);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(short)?.[1] ?? (short.startsWith('/apps/') ? 'preau' : short.startsWith('node:') ? 'node' : functionName.startsWith('(') ? functionName : 'other');
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + node.hitCount);
}
const pct = (n: number) => `${((n / total) * 100).toFixed(1)} %`;
console.log(`\n${file}: ${total} samples. Self time by package:`);
for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${pct(v).padStart(7)}  ${k}`);
console.log('Self time by function:');
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) console.log(`  ${pct(v).padStart(7)}  ${k}`);

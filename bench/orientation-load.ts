/**
 * Benchmark of the orientation catalogue (issue 17): `preau import onisep` of
 * a full-size Onisep catalogue (bench/onisep-catalogue.ts: 15,000 formations,
 * 12,000 structures, 30,000 actions de formation, 1,100 métiers) on embedded
 * PGlite and on PostgreSQL, with duration and peak memory (maximum RSS of the
 * command's process, GNU time), then the same import again, which must write
 * nothing; then the plans of the formation search on that catalogue, and
 * search p50/p99 under load with a mix of lycéens' queries and filters, next
 * to the raw Fastify + one indexed SELECT baseline measured in the same run.
 *
 *   npm run -w @preau/bench orientation -- --database-url postgres://postgres@127.0.0.1:5432/preau_bench_onisep
 *
 * The PostgreSQL database is dropped and recreated (its name must contain
 * "bench"), migrated and given the demo collectivité (whose lycées are in the
 * generated catalogue, so the demo student has an origin for distances).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { OnisepImportReport } from '../packages/contracts/src/index.ts';
import { buildApp } from '../apps/server/src/app.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../apps/server/src/modules/demo/seed-demo.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import type { DatabaseHandle } from '../apps/server/src/platform/db/database.ts';
import type { Database } from '../apps/server/src/platform/db/schema.ts';
import { createPlatform } from '../apps/server/src/platform/platform.ts';
import { FULL_SIZE, writeCatalogue } from './onisep-catalogue.ts';
import { assertLoopbackDatabase, benchDatabaseName, maintenanceUrl } from './lib/safety.ts';
import { runAutocannon } from './lib/load.ts';
import { cpuTicksOf, freePort, logIn, spawnChild, startBaseline, stopAll, stopChild, waitReady } from './lib/servers.ts';

const repoRoot = resolve(import.meta.dirname, '..');

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/preau_bench_onisep' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/11' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    'pool-size': { type: 'string', default: '10' },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-load': { type: 'boolean', default: false },
    'skip-import': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`Usage: tsx bench/orientation-load.ts [options]
  --database-url URL  PostgreSQL database to drop and recreate (name must contain "bench"; default …/preau_bench_onisep)
  --redis-url URL     Redis of the sessions (default redis://127.0.0.1:6379/11; host must be 127.0.0.1)
  --duration S        measured seconds per load scenario (default 10)
  --warmup S          discarded warm-up seconds per scenario (default 3)
  --connections N     concurrent connections (default 10)
  --pool-size N       database pool of both servers (default 10)
  --skip-pglite       no import on embedded PGlite;  --skip-load  no autocannon step
  --skip-import       no import at all: plans and load on the database a previous run left`);
  process.exit(0);
}

const databaseUrl = args['database-url']!;
const databaseName = benchDatabaseName(assertLoopbackDatabase(databaseUrl));
const redisUrl = args['redis-url']!;
if (new URL(redisUrl).hostname !== '127.0.0.1') throw new Error(`Refusing ${redisUrl}: the benchmark only targets 127.0.0.1.`);
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const poolSize = args['pool-size']!;

/** What lycéens type, with the filters of the search page (the demo student's lycée is the origin of withinKm). */
const SEARCHES: Record<string, string>[] = [
  { q: 'bts sio' },
  { q: 'infirmier' },
  { q: 'prepa scientifique' },
  { q: 'boulanjer' },
  { q: 'metiers du sport' },
  { q: 'licence droit', level: 'BAC+3' },
  { q: 'bts', withinKm: '50' },
  { q: 'commerce', apprenticeship: 'true' },
  { q: 'informatique', status: 'PUBLIC', departement: 'Ille-et-Vilaine' },
  { q: 'master psychologie', academie: 'Rennes' },
  { type: 'BTS', withinKm: '30' },
  { level: 'CAP', apprenticeship: 'true', withinKm: '100' },
  { type: 'CPGE' },
  { domain: '326', level: 'BAC+2' },
  {},
];
const searchPaths = SEARCHES.map((s) => `/api/v1/orientation/formations?${new URLSearchParams({ ...s, limit: '20' })}`);

// ---------------------------------------------------------------------------
// Child processes.

function baseEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...extra };
}

/** Runs `preau <argv>`; with `timed`, under GNU time: wall seconds and maximum RSS of the process. */
function preau(argv: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, ['apps/server/bin/preau.js', ...argv], { cwd: repoRoot, env: baseEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

interface ImportRun {
  database: 'pglite' | 'postgres';
  run: 'first' | 're-import';
  seconds: number;
  peakRssMiB: number;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  withdrawn: number;
  load1m: number;
}

function timedImport(database: ImportRun['database'], run: ImportRun['run'], dir: string, env: Record<string, string>, outDir: string): ImportRun {
  const reportPath = join(outDir, `import-${database}-${run}.json`);
  const timePath = join(outDir, `import-${database}-${run}.time`);
  execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', timePath, process.execPath, 'apps/server/bin/preau.js', 'import', 'onisep', dir, '--report', reportPath], {
    cwd: repoRoot,
    env: baseEnv(env),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [seconds, maxRssKb] = readFileSync(timePath, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as OnisepImportReport;
  const sum = (key: 'rows' | 'inserted' | 'updated' | 'unchanged' | 'rejected' | 'withdrawn') => report.files.reduce((n, f) => n + f[key], 0);
  const result: ImportRun = {
    database,
    run,
    seconds: seconds!,
    peakRssMiB: Math.round(maxRssKb! / 1024),
    rows: sum('rows'),
    inserted: sum('inserted'),
    updated: sum('updated'),
    unchanged: sum('unchanged'),
    rejected: sum('rejected'),
    withdrawn: sum('withdrawn'),
    load1m: Math.round(os.loadavg()[0]! * 10) / 10,
  };
  console.log(`  ${database} ${run}: ${result.seconds} s, peak RSS ${result.peakRssMiB} MiB, ${result.rows} rows: ${result.inserted} new, ${result.updated} changed, ${result.unchanged} unchanged, ${result.rejected} rejected (load ${result.load1m})`);
  return result;
}

async function recreateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: maintenanceUrl(new URL(databaseUrl)) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${databaseName}"`);
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------
// Plans of the search.

interface PlanSummary {
  search: string;
  executionMs: number;
  seqScans: string[];
  indexes: string[];
}

async function explainSearches(outDir: string): Promise<PlanSummary[]> {
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
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PREAU_DATA: mkdtempSync(join(os.tmpdir(), 'preau-orient-bench-')), LOGIN_MAX_PER_IP: '1000000', ANTIVIRUS_DISABLED: 'true' });
  const platform = await createPlatform(config, { database: handle });
  const app = await buildApp(platform);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const summaries: PlanSummary[] = [];
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: DEMO_LOGINS.eleve, password: DEMO_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
    const cookie = login.cookies.find((c) => c.name === 'preau_session')!;
    for (const [index, path] of searchPaths.entries()) {
      captured.length = 0;
      capturing = true;
      const response = await app.inject({ method: 'GET', url: path, headers: { cookie: `preau_session=${cookie.value}` } });
      capturing = false;
      if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
      const query = captured.find((q) => q.sql.includes('FROM onisep_formations f'));
      if (!query) throw new Error(`${path}: no search statement captured`);
      const r = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.parameters as unknown[]);
      const plan = r.rows.map((row) => row['QUERY PLAN']).join('\n');
      writeFileSync(join(outDir, `search-${String(index + 1).padStart(2, '0')}.txt`), `-- ${path}\n-- parameters: ${JSON.stringify(query.parameters)}\n${query.sql}\n\n${plan}\n`);
      const summary: PlanSummary = {
        search: decodeURIComponent(path.split('?')[1]!),
        executionMs: Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0),
        seqScans: [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!))],
        indexes: [...new Set([...plan.matchAll(/(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using |on )(\w+)/g)].map((m) => m[1]!))],
      };
      const items = (JSON.parse(response.body) as { items: { label: string }[] }).items;
      console.log(`  ${summary.search}: ${summary.executionMs} ms; seq scans: ${summary.seqScans.join(', ') || '—'}; indexes: ${summary.indexes.join(', ') || '—'}; first: ${items[0]?.label ?? '—'}`);
      summaries.push(summary);
    }
  } finally {
    await client.end();
    await app.close();
    await platform.close();
  }
  return summaries;
}

// ---------------------------------------------------------------------------
// Load.

async function startPreau(): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawnChild('preau', ['apps/server/bin/preau.js', 'serve'], {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: poolSize,
    REDIS_URL: redisUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    LOG_LEVEL: 'warn',
    PREAU_DATA: join(repoRoot, 'bench/results/data-orientation'),
    LOGIN_MAX_PER_IP: '100000',
    // The search reads no file: no ClamAV needed.
    ANTIVIRUS_DISABLED: 'true',
  });
  await waitReady(child, base, '/readyz');
  return { base, child };
}

type Request = { method: 'GET'; path: string; headers?: Record<string, string> };

interface LoadResult {
  scenario: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  non2xx: number;
  serverCpuMsPerReq: number;
  load1m: number;
}

async function measure(scenario: string, base: string, requests: Request[], pid: number | undefined): Promise<LoadResult> {
  // Every distinct request must answer 200 before it is measured.
  for (const r of requests) {
    const res = await fetch(`${base}${r.path}`, { headers: r.headers ?? {} });
    if (res.status !== 200) throw new Error(`${scenario} ${r.path}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer();
  }
  if (warmup > 0) await runAutocannon(base, requests, { connections, seconds: warmup });
  const before = cpuTicksOf(pid);
  const r = await runAutocannon(base, requests, { connections, seconds: duration });
  const cpuMs = ((cpuTicksOf(pid) - before) / 100) * 1000;
  const result: LoadResult = {
    scenario,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    serverCpuMsPerReq: Math.round((cpuMs / Math.max(1, r.requests.total)) * 100) / 100,
    load1m: Math.round(os.loadavg()[0]! * 10) / 10,
  };
  console.log(`  ${scenario}: ${result.reqPerSec} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms, ${result.errors} errors, ${result.non2xx} non-2xx, ${result.serverCpuMsPerReq} ms CPU/req, load ${result.load1m}`);
  return result;
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = join(repoRoot, 'bench/results', `orientation-${stamp}`);
  mkdirSync(outDir, { recursive: true });
  const catalogueDir = join(repoRoot, 'bench/results/onisep-full');
  if (!existsSync(join(catalogueDir, 'metiers.xml'))) {
    console.log(`Writing the full-size catalogue to ${catalogueDir}…`);
    await writeCatalogue(catalogueDir);
  }

  const imports: ImportRun[] = [];
  if (!args['skip-pglite'] && !args['skip-import']) {
    console.log('Import on embedded PGlite:');
    const env = { PREAU_DATA: mkdtempSync(join(os.tmpdir(), 'preau-orient-pglite-')) };
    preau(['migrate'], env);
    imports.push(timedImport('pglite', 'first', catalogueDir, env, outDir));
    imports.push(timedImport('pglite', 're-import', catalogueDir, env, outDir));
  }
  const pgEnv = { DATABASE_URL: databaseUrl, PREAU_DATA: mkdtempSync(join(os.tmpdir(), 'preau-orient-pg-')) };
  if (!args['skip-import']) {
    console.log(`Import on PostgreSQL (${databaseName}, recreated, migrated, demo seeded):`);
    await recreateDatabase();
    preau(['migrate'], pgEnv);
    preau(['seed', '--demo'], pgEnv);
    imports.push(timedImport('postgres', 'first', catalogueDir, pgEnv, outDir));
    imports.push(timedImport('postgres', 're-import', catalogueDir, pgEnv, outDir));
  } else {
    // Migrations a later commit added (an index) apply to the kept database.
    preau(['migrate'], pgEnv);
  }
  for (const run of imports.filter((r) => r.run === 're-import')) {
    if (run.inserted + run.updated + run.withdrawn !== 0) throw new Error(`${run.database}: the re-import wrote ${run.inserted + run.updated + run.withdrawn} rows (expected 0)`);
  }

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    await client.query('ANALYZE');
    for (const table of ['onisep_formations', 'onisep_structures', 'onisep_actions', 'onisep_metiers', 'onisep_formation_metiers']) {
      counts[table] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
    }
  } finally {
    await client.end();
  }
  console.log(`Catalogue: ${JSON.stringify(counts)}`);

  console.log('Plans of the formation search (EXPLAIN ANALYZE, BUFFERS), as the demo student:');
  const plans = await explainSearches(outDir);

  const results: LoadResult[] = [];
  if (!args['skip-load']) {
    const ids = await (async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try {
        return (await c.query<{ id: string }>(`SELECT id FROM accounts ORDER BY login LIMIT 50`)).rows.map((r) => r.id);
      } finally {
        await c.end();
      }
    })();
    const baseline = await startBaseline(databaseUrl, poolSize);
    results.push(await measure('baseline (raw Fastify, one SELECT by primary key)', baseline.base, ids.map((id) => ({ method: 'GET', path: `/accounts/${id}` })), baseline.child.pid));
    await stopChild(baseline.child);
    const server = await startPreau();
    const cookie = await logIn(server.base, DEMO_LOGINS.eleve, DEMO_PASSWORD);
    const as = (paths: string[]): Request[] => paths.map((path) => ({ method: 'GET', path, headers: { cookie } }));
    results.push(await measure(`search mix (${searchPaths.length} queries)`, server.base, as(searchPaths), server.child.pid));
    results.push(await measure('search text only ("bts sio", "infirmier", "boulanjer")', server.base, as(searchPaths.slice(0, 4).filter((_, i) => i !== 2)), server.child.pid));
    results.push(await measure('search with distance (withinKm)', server.base, as(searchPaths.filter((p) => p.includes('withinKm'))), server.child.pid));
    await stopChild(server.child);
  }
  await stopAll();

  const output = {
    date: new Date().toISOString(),
    command: `npm run -w @preau/bench orientation -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: {
      nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
      cpu: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadavg: os.loadavg().map((n) => Math.round(n * 10) / 10),
    },
    settings: { connections, duration, warmup, poolSize: Number(poolSize) },
    dataset: { generated: FULL_SIZE, counts },
    imports,
    plans,
    searches: searchPaths,
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

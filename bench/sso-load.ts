/**
 * Single sign-on throughput (issue 14): CAS `/cas/p3/serviceValidate` and the OpenID Connect token endpoint
 * (authorization code + PKCE, client_secret_basic) of the real server, under autocannon, next to the raw
 * Fastify + one indexed SELECT baseline (bench/baseline-server.ts) of the same run, on the same machine.
 *
 *   npm run -w @preau/bench sso -- [--database-url postgres://postgres@127.0.0.1:5432/preau_bench_sso]
 *     [--redis-url redis://127.0.0.1:6379/4 | --redis-url ''] [--connections 20] [--batches 8]
 *     [--tickets 1000] [--codes 300] [--duration 10]
 *
 * The database is dropped and made again: migrated, the demo seeded (≈400 accounts in one lycée), a CAS and
 * an OIDC service declared with `preau services add`'s code. A ticket is single-use and lives 10 s, a code
 * 60 s: each batch first issues them as demo.eleve (GET /cas/login, GET /oidc/auth with his session, as his
 * browser would; for at most 3 s of a ticket's 10, 20 s of a code's 60), then autocannon spends each exactly once. Throughput is the validations (or token
 * responses) per second of autocannon's time; latencies are every request's.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { runServices } from '../apps/server/src/modules/connected-services/services-command.ts';
import { seedDemo } from '../apps/server/src/modules/demo/seed-demo.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { createPlatform } from '../apps/server/src/platform/platform.ts';
import { browser } from '../apps/server/test/browser.ts';
import { assertLoopbackDatabase, benchDatabaseName, maintenanceUrl } from './lib/safety.ts';
import { cpuTicksOf, freePort, logIn, percentiles, repoRoot, spawnChild, startBaseline, stopAll, waitReady } from './lib/servers.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_SSO_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/preau_bench_sso' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/4' },
    connections: { type: 'string', default: '20' },
    batches: { type: 'string', default: '8' },
    tickets: { type: 'string', default: '1000' },
    codes: { type: 'string', default: '300' },
    duration: { type: 'string', default: '10' },
    'pool-size': { type: 'string', default: '10' },
  },
});

const DEMO_PASSWORD = 'Preau-Demo-2026!';
const CAS_SERVICE = 'https://vie-scolaire.bench.example.fr/login';
const OIDC_REDIRECT = 'https://moodle.bench.example.fr/auth/oidc/callback';
const CLK_TCK = 100;
const url = assertLoopbackDatabase(args['database-url']!);
const databaseUrl = url.toString();
const redisUrl = args['redis-url'] ?? '';
const connections = Number(args.connections);

// ---------------------------------------------------------------------------
// The dataset: the demo, and one CAS and one OIDC service for pupils.

const name = benchDatabaseName(url);
const admin = new pg.Client({ connectionString: maintenanceUrl(url) });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name}`);
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();

const dataDir = mkdtempSync(join(os.tmpdir(), 'preau-sso-bench-'));
const setup = await createPlatform(loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, PREAU_DATA: dataDir }));
const seeded = await seedDemo(setup);
const add = async (argv: string[]) => {
  const result = await runServices(setup, ['add', '--profiles', 'ELEVE,PARENT,ENSEIGNANT,PERSONNEL', ...argv]);
  if (result.code !== 0) throw new Error(result.err.join('\n'));
  return result.out.join('\n');
};
await add(['--protocol', 'cas', '--name', 'Vie scolaire (bench)', '--url', CAS_SERVICE, '--allow', 'https://vie-scolaire.bench.example.fr/*', '--attributes', 'uid,ENTPersonStructRattachRNE,ENTPersonProfils,lastName,firstName,ENTEleveClasses']);
const oidcOut = await add(['--protocol', 'oidc', '--name', 'Moodle (bench)', '--url', 'https://moodle.bench.example.fr/', '--allow', 'https://moodle.bench.example.fr/auth/oidc/*', '--attributes', 'uid,firstName,lastName,ENTPersonProfils,ENTPersonStructRattachRNE']);
const clientId = /OIDC client id:\s+(\S+)/.exec(oidcOut)?.[1] ?? '';
const clientSecret = /OIDC client secret:\s+(\S+)/.exec(oidcOut)?.[1] ?? '';
const eleveId = (await setup.database.db.selectFrom('accounts').select('id').where('login', '=', 'demo.eleve').executeTakeFirstOrThrow()).id;
await setup.close();

// ---------------------------------------------------------------------------
// Servers: Préau in production mode, the baseline.

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const preau = spawnChild('preau', ['apps/server/bin/preau.js', 'serve'], {
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: args['pool-size']!,
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: base,
  LOG_LEVEL: 'warn',
  PREAU_DATA: dataDir,
  LOGIN_MAX_PER_IP: '100000',
  // No upload here: nothing for ClamAV to scan.
  ANTIVIRUS_DISABLED: 'true',
  ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
});

interface Measure {
  scenario: string;
  requests: number;
  perSecond: number;
  latencyMs: ReturnType<typeof percentiles>;
  failures: number;
  serverCpuPercentOfOneCore: number;
  /** Server CPU time per request: what depends least on the other processes of the machine. */
  serverCpuMsPerRequest: number;
}

/** One autocannon run; every response's time kept, failures counted by `ok` (a body that says success). */
async function load(options: autocannon.Options, ok: (status: number, body: string) => boolean, pid: number | undefined) {
  const latencies: number[] = [];
  let failures = 0;
  const ticks = cpuTicksOf(pid);
  const started = performance.now();
  await new Promise<void>((done, fail) => {
    const instance = autocannon(
      { connections, pipelining: 1, timeout: 10, ...options, requests: options.requests?.map((r) => ({ ...r, onResponse: (status: number, body: string) => void (ok(status, body) || failures++) })) },
      (error) => (error ? fail(error) : done()),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
  const seconds = (performance.now() - started) / 1000;
  return { latencies, failures, seconds, cpuSeconds: (cpuTicksOf(pid) - ticks) / CLK_TCK };
}

function summary(scenario: string, runs: Awaited<ReturnType<typeof load>>[]): Measure {
  const latencies = runs.flatMap((r) => r.latencies);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  return {
    scenario,
    requests: latencies.length,
    perSecond: Math.round(latencies.length / seconds),
    latencyMs: percentiles(latencies),
    failures: runs.reduce((s, r) => s + r.failures, 0),
    serverCpuPercentOfOneCore: Math.round((runs.reduce((s, r) => s + r.cpuSeconds, 0) / seconds) * 100),
    serverCpuMsPerRequest: Math.round((runs.reduce((s, r) => s + r.cpuSeconds, 0) / Math.max(1, latencies.length)) * 10_000) / 10,
  };
}

/**
 * Up to `count` results of `issue`, `width` at a time, for at most `withinMs` (a fraction of what they live:
 * on a loaded machine issuing is slow, and an expired ticket would count as a failure). Not measured.
 */
async function issueMany<T>(count: number, withinMs: number, issue: () => Promise<T>): Promise<{ items: T[]; perSecond: number }> {
  const items: T[] = [];
  const started = performance.now();
  const more = () => items.length < count && performance.now() - started < withinMs;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (more()) items.push(await issue());
    }),
  );
  return { items: items.slice(0, count), perSecond: Math.round(items.length / ((performance.now() - started) / 1000)) };
}

try {
  await waitReady(preau, base, '/readyz');
  const baseline = await startBaseline(databaseUrl, args['pool-size']!);
  const loadBefore = os.loadavg().map((n) => Math.round(n * 100) / 100);
  console.log(`Dataset: demo seed (${seeded.accounts} accounts), 1 CAS + 1 OIDC service; sessions and tickets in ${redisUrl ? 'Redis' : 'PostgreSQL'}; load ${loadBefore.join(' ')}`);

  // The baseline: raw Fastify + one SELECT by primary key.
  await load({ url: `${baseline.base}/accounts/${eleveId}`, duration: 2, requests: [{ method: 'GET' }] }, (s) => s === 200, baseline.child.pid);
  const baselineRun = await load({ url: `${baseline.base}/accounts/${eleveId}`, duration: Number(args.duration), requests: [{ method: 'GET' }] }, (s) => s === 200, baseline.child.pid);

  // CAS: tickets issued to demo.eleve's browser, then each validated once at /cas/p3/serviceValidate.
  const cookie = await logIn(base, 'demo.eleve', DEMO_PASSWORD);
  const issueTicket = async () => {
    const response = await fetch(`${base}/cas/login?service=${encodeURIComponent(CAS_SERVICE)}`, { headers: { cookie }, redirect: 'manual' });
    const ticket = new URL(response.headers.get('location') ?? 'http://x/').searchParams.get('ticket');
    if (!ticket) throw new Error(`/cas/login answered ${response.status} without a ticket`);
    return ticket;
  };
  const casRuns = [];
  const ticketRates: number[] = [];
  for (let batch = 0; batch < Number(args.batches); batch++) {
    const { items: tickets, perSecond } = await issueMany(Number(args.tickets), 3_000, issueTicket);
    ticketRates.push(perSecond);
    let next = 0;
    casRuns.push(
      await load(
        {
          url: base,
          amount: tickets.length,
          requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/cas/p3/serviceValidate?service=${encodeURIComponent(CAS_SERVICE)}&ticket=${tickets[next++]}` }) }],
        },
        (status, body) => status === 200 && body.includes('<cas:authenticationSuccess>') && body.includes('<cas:user>demo.eleve</cas:user>'),
        preau.pid,
      ),
    );
  }

  // OIDC: codes issued through /oidc/auth with demo.eleve's sessions (single sign-on after the first), then exchanged once each.
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const user = browser();
  const login = await user.post(`${base}/api/v1/auth/login`, { login: 'demo.eleve', password: DEMO_PASSWORD }, { origin: base });
  if (login.status !== 200) throw new Error(`login demo.eleve: ${login.status}`);
  const authorize = new URL(`${base}/oidc/auth`);
  authorize.search = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid profile school', redirect_uri: OIDC_REDIRECT, code_challenge: challenge, code_challenge_method: 'S256' }).toString();
  const issueCode = async () => {
    const landed = await user.follow(authorize.href, new URL(OIDC_REDIRECT).pathname);
    const code = new URL(landed.url).searchParams.get('code');
    if (!code) throw new Error(`/oidc/auth ended at ${landed.url} (${landed.response.status}) without a code`);
    return code;
  };
  await issueCode();
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
  const tokenRuns = [];
  const codeRates: number[] = [];
  for (let batch = 0; batch < Number(args.batches); batch++) {
    const { items: codes, perSecond } = await issueMany(Number(args.codes), 20_000, issueCode);
    codeRates.push(perSecond);
    let next = 0;
    tokenRuns.push(
      await load(
        {
          url: `${base}/oidc/token`,
          amount: codes.length,
          requests: [
            {
              method: 'POST',
              headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
              setupRequest: (req) => ({
                ...req,
                body: new URLSearchParams({ grant_type: 'authorization_code', code: codes[next++] ?? '', redirect_uri: OIDC_REDIRECT, code_verifier: verifier }).toString(),
              }),
            },
          ],
        },
        (status, body) => status === 200 && body.includes('"id_token"'),
        preau.pid,
      ),
    );
  }

  const results = [
    summary('baseline: raw Fastify + SELECT by primary key', [baselineRun]),
    summary('CAS /cas/p3/serviceValidate (ticket consumed, attributes)', casRuns),
    summary('OIDC /oidc/token (code + PKCE → access + ID token, RS256)', tokenRuns),
  ];
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    dataset: { seed: 'demo', accounts: seeded.accounts, store: redisUrl ? 'redis' : 'postgres' },
    connections,
    loadAverage: { before: loadBefore, after: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    issuing: { casLoginTicketsPerSecond: percentiles(ticketRates).p50, oidcAuthCodesPerSecond: percentiles(codeRates).p50 },
    results,
  };
  for (const r of results) {
    console.log(`${r.scenario.padEnd(58)} ${String(r.perSecond).padStart(6)} req/s  p50 ${r.latencyMs.p50} ms  p99 ${r.latencyMs.p99} ms  failures ${r.failures}/${r.requests}  cpu ${r.serverCpuPercentOfOneCore} % (${r.serverCpuMsPerRequest} ms/request)`);
  }
  console.log(`Issuing (not measured above): ${JSON.stringify(result.issuing)}; load after ${result.loadAverage.after.join(' ')}`);
  const out = join(repoRoot, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `sso-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Wrote ${file}`);
} finally {
  await stopAll();
}

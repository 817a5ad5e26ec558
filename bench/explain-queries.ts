/**
 * Captures the SQL the real server runs for login, GET /me and the annuaire
 * searches (by building the app in-process on a Kysely that logs every
 * query), then runs EXPLAIN (ANALYZE, BUFFERS) of each one on the benchmark
 * database and flags plans that scan a table growing with the region.
 *
 *   npm run -w @preau/bench explain -- [--out bench/plans] [--q mar] [--structure K]
 *
 * Writes statements that change data (session creation, counters) are
 * explained inside a transaction that is rolled back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import type { DatabaseHandle } from '../apps/server/src/platform/db/database.ts';
import type { Database } from '../apps/server/src/platform/db/schema.ts';
import { createPlatform } from '../apps/server/src/platform/platform.ts';
import { readDatasetMeta } from './lib/bench-db.ts';
import { DEFAULT_DATABASE_URL, assertLoopbackDatabase } from './lib/safety.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL },
    out: { type: 'string', default: resolve(import.meta.dirname, 'plans') },
    q: { type: 'string', default: 'mar' },
    structure: { type: 'string' },
  },
});

/** Tables whose size grows with the region: a sequential scan of one of them is a finding. */
const GROWING = ['accounts', 'structure_members', 'class_members', 'group_members', 'parent_links', 'teachings', 'sessions', 'classes', 'groups', 'auth_tokens', 'rate_limits', 'audit_log'];

interface Captured {
  step: string;
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

const databaseUrl = args['database-url']!;
const url = assertLoopbackDatabase(databaseUrl);
const meta = await readDatasetMeta(url);
const k = args.structure ? Number(args.structure) : Math.ceil(meta.structures / 2);
const q = args.q!;

const captured: Captured[] = [];
let step = 'startup';
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log(event) {
    if (event.level === 'query') {
      captured.push({ step, sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
    }
  },
});
const handle: DatabaseHandle = {
  db,
  kind: 'postgres',
  isReady: async () => true,
  close: () => db.destroy(),
};

const config = loadConfig({
  NODE_ENV: 'production',
  // The benchmarks upload no file: no ClamAV, which production requires unless told.
  ANTIVIRUS_DISABLED: 'true',
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: 'warn',
  SCHOOL_YEAR: String(meta.schoolYear),
  PUBLIC_URL: 'http://127.0.0.1:3000',
  PREAU_DATA: resolve(import.meta.dirname, 'results/data'),
});
const platform = await createPlatform(config, { database: handle });
const app = await buildApp(platform);
await app.ready();

async function login(loginName: string): Promise<string> {
  step = `POST /auth/login (${loginName.split('.')[1]})`;
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: loginName, password: meta.password } });
  if (res.statusCode !== 200) throw new Error(`login ${loginName}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'preau_session');
  if (!cookie) throw new Error(`login ${loginName}: no session cookie (${res.body})`);
  return cookie.value;
}

async function get(label: string, path: string, session: string): Promise<unknown> {
  step = label;
  const res = await app.inject({ method: 'GET', url: path, cookies: { preau_session: session } });
  if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const sessions = {
  eleve: await login(`bench.eleve.${k}`),
  enseignant: await login(`bench.enseignant.${k}`),
  parent: await login(`bench.parent.${k}`),
  personnel: await login(`bench.personnel.${k}`),
  adml: await login(`bench.adml.${k}`),
  admc: await login('bench.admc'),
};
const itemCounts: Record<string, number> = {};
await get('GET /me (student)', '/api/v1/me', sessions.eleve);
for (const [who, session] of Object.entries(sessions)) {
  const label = `GET /directory/people?q=${q} (${who})`;
  const page = (await get(label, `/api/v1/directory/people?q=${encodeURIComponent(q)}`, session)) as { items: unknown[]; nextCursor: string | null };
  itemCounts[label] = page.items.length;
  if (who === 'enseignant' && page.nextCursor) {
    const next = `GET /directory/people?q=${q}&cursor=… (${who}, page 2)`;
    const page2 = (await get(next, `/api/v1/directory/people?q=${encodeURIComponent(q)}&cursor=${page.nextCursor}`, session)) as { items: unknown[] };
    itemCounts[next] = page2.items.length;
  }
}
for (const who of ['eleve', 'enseignant'] as const) {
  const label = `GET /directory/groups?q=2 (${who})`;
  const page = (await get(label, '/api/v1/directory/groups?q=2', sessions[who])) as { items: unknown[] };
  itemCounts[label] = page.items.length;
}
await app.close();
await platform.close();

// ---------------------------------------------------------------------------
// EXPLAIN each distinct statement (first occurrence of each SQL text).

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
// The sessions opened above are left to expire with the others; nothing else was written.
const sizes = await client.query<{ relname: string; reltuples: number }>(
  `SELECT relname, reltuples::float8 AS reltuples FROM pg_class WHERE relkind = 'r' AND relname = ANY($1)`,
  [GROWING],
);
/** Only a scan of a table that is already sizeable here counts (a 3-row table is rightly scanned): classes and groups of a région are ~10,000 rows. */
const big = new Set(sizes.rows.filter((r) => r.reltuples > 1_000).map((r) => r.relname));
const outDir = args.out!;
mkdirSync(outDir, { recursive: true });
const seen = new Set<string>();
/** Every step that sent each statement (the plan is taken from its first occurrence). */
const stepsBySql = new Map<string, string[]>();
for (const c of captured) {
  if (c.step === 'startup') continue;
  const steps = stepsBySql.get(c.sql) ?? [];
  if (!steps.includes(c.step)) steps.push(c.step);
  stepsBySql.set(c.sql, steps);
}
const findings: { file: string; step: string; scans: string[]; executionMs: number }[] = [];
let n = 0;
let markdown = `# SQL plans on the benchmark dataset\n\nGenerated by \`bench/explain-queries.ts\` on ${new Date().toISOString().slice(0, 10)}: ` +
  `${meta.accounts.toLocaleString('en')} accounts, ${meta.structures} lycées, school year ${meta.schoolYear}` +
  `${meta.pastYears ? ` (+ ${meta.pastYears} past year)` : ''}, seed \`${meta.seed}\`. Actor: lycée #${k}, query \`q=${q}\`.\n` +
  `Each file holds the statement as the server sent it, its parameters, and \`EXPLAIN (ANALYZE, BUFFERS)\`.\n\n` +
  `| # | step | execution ms | shared buffers (hit+read) | sequential scans of growing tables |\n|---|---|---|---|---|\n`;

for (const c of captured) {
  if (c.step === 'startup') continue;
  const key = c.sql;
  if (seen.has(key)) continue;
  seen.add(key);
  n++;
  let plan: string;
  await client.query('BEGIN');
  try {
    const r = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, c.parameters as unknown[]);
    plan = r.rows.map((row) => row['QUERY PLAN']).join('\n');
  } catch (error) {
    // A write that cannot run twice (the session row exists already): its plan without executing it.
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    const r = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${c.sql}`, c.parameters as unknown[]);
    plan = `(not executed again: ${(error as Error).message})\n${r.rows.map((row) => row['QUERY PLAN']).join('\n')}`;
  } finally {
    await client.query('ROLLBACK');
  }
  const scans = [...plan.matchAll(/Seq Scan on (\w+)(?: (\w+))?/g)].map((m) => m[1]!).filter((t) => big.has(t));
  const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
  const buffers = /Buffers: shared ((?:hit=\d+)?\s*(?:read=\d+)?)/.exec(plan)?.[1]?.trim() ?? '';
  const slug = c.step.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60);
  const file = `${String(n).padStart(2, '0')}-${slug}.txt`;
  const params = c.parameters.map((p, i) => `$${i + 1} = ${JSON.stringify(p instanceof Date ? p.toISOString() : p)}`).join('\n');
  const steps = stepsBySql.get(c.sql) ?? [c.step];
  writeFileSync(join(outDir, file), `-- step: ${steps.join(' | ')}\n-- server-side duration when captured: ${c.ms.toFixed(2)} ms\n${c.sql}\n\n-- parameters\n${params}\n\n-- EXPLAIN (ANALYZE, BUFFERS)\n${plan}\n`);
  findings.push({ file, step: c.step, scans, executionMs });
  markdown += `| [${n}](${file}) | ${steps.join('<br>')} | ${executionMs.toFixed(2)} | ${buffers} | ${scans.length ? `**${[...new Set(scans)].join(', ')}**` : '—'} |\n`;
}
await client.end();
await pool.end().catch(() => {});

markdown += `\nItems returned: ${Object.entries(itemCounts).map(([k2, v]) => `${k2}: ${v}`).join('; ')}.\n`;
writeFileSync(join(outDir, 'README.md'), markdown);
console.log(markdown);
const bad = findings.filter((f) => f.scans.length > 0);
if (bad.length) {
  console.log(`\n${bad.length} statement(s) scan a table that grows with the region:`);
  for (const f of bad) console.log(`  ${f.file} (${f.step}): Seq Scan on ${[...new Set(f.scans)].join(', ')}`);
} else {
  console.log('\nNo statement scans a table that grows with the region.');
}

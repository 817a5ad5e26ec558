/**
 * Messaging benchmark on PostgreSQL (issue 4): sending to 2,000 recipients,
 * opening an inbox of 10,000 messages, the unread count under concurrent
 * load. It builds the real app in-process (routing, session lookup, schemas,
 * SQL; no network) on a fresh benchmark database it creates.
 *
 *   BENCH_MESSAGING_DATABASE_URL=postgres://postgres@127.0.0.1:5432/preau_msg_bench \
 *   npx tsx bench/messaging-load.ts [--sends 30] [--reads 500] [--concurrency 50]
 *
 * Writes bench/results/messaging-<time>.json and prints the figures that
 * docs/PERFORMANCE.md records.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { hashPassword } from '../apps/server/src/platform/passwords.ts';
import { createPlatform } from '../apps/server/src/platform/platform.ts';
import { assertLoopbackDatabase, benchDatabaseName, maintenanceUrl } from './lib/safety.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_MESSAGING_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/preau_msg_bench' },
    sends: { type: 'string', default: '30' },
    reads: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '50' },
  },
});

const url = assertLoopbackDatabase(args['database-url']!);
const name = benchDatabaseName(url);
const admin = new pg.Client({ connectionString: maintenanceUrl(url) });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name}`);
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();

const config = loadConfig({
  NODE_ENV: 'production',
  // The benchmarks upload no file: no ClamAV, which production requires unless told.
  ANTIVIRUS_DISABLED: 'true',
  LOG_LEVEL: 'silent',
  DATABASE_URL: url.toString(),
  DATABASE_POOL_SIZE: '20',
  PREAU_DATA: mkdtempSync(join(tmpdir(), 'preau-msg-bench-')),
  SCHOOL_YEAR: '2026',
  LOGIN_MAX_PER_IP: '1000000',
  // Sessions in Redis when given, as at region scale (one GET per request).
  ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
});
const platform = await createPlatform(config);
const app = await buildApp(platform);
const db = platform.database.db;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { n: sorted.length, median: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]!) };
}

// ----------------------------------------------------------------- data
const password = 'Bench-Preau-2026!';
const hash = await hashPassword(password);
const collectivite = await db.insertInto('collectivites').values({ name: 'Région Bench', kind: 'REGION' }).returning('id').executeTakeFirstOrThrow();
const structure = await db
  .insertInto('structures')
  .values({ collectivite_id: collectivite.id, uai: '0350001A', name: 'Lycée Bench', type: 'LYCEE', city: 'Rennes' })
  .returning('id')
  .executeTakeFirstOrThrow();
await sql`INSERT INTO accounts (login, first_name, last_name, search_key, profile, status)
  SELECT 'bench.eleve.' || g, 'Élève', 'Bench' || g, 'bench' || g || ' eleve', 'ELEVE', 'ACTIVE' FROM generate_series(1, 2000) g`.execute(db);
const staff = await db
  .insertInto('accounts')
  .values({ login: 'bench.staff', first_name: 'Nadia', last_name: 'Bench', search_key: 'bench nadia', profile: 'PERSONNEL', staff_function: 'DIR', status: 'ACTIVE', password_hash: hash, activated_at: new Date(), charter_accepted_at: new Date() })
  .returning('id')
  .executeTakeFirstOrThrow();
const reader = await db
  .insertInto('accounts')
  .values({ login: 'bench.reader', first_name: 'Léa', last_name: 'Bench', search_key: 'bench lea', profile: 'PERSONNEL', staff_function: 'EVS', status: 'ACTIVE', password_hash: hash, activated_at: new Date(), charter_accepted_at: new Date() })
  .returning('id')
  .executeTakeFirstOrThrow();
await sql`INSERT INTO structure_members (structure_id, school_year, account_id, profile)
  SELECT ${structure.id}, 2026, id, profile FROM accounts WHERE login LIKE 'bench.%'`.execute(db);

async function login(loginName: string) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: loginName, password } });
  if (response.statusCode !== 200) throw new Error(`login ${loginName}: ${response.statusCode}`);
  const cookie = response.cookies.find((c) => c.name === 'preau_session')!;
  return { cookie: `preau_session=${cookie.value}`, 'x-csrf-token': (response.json() as { csrfToken: string }).csrfToken };
}
const staffHeaders = await login('bench.staff');
const readerHeaders = await login('bench.reader');

// ----------------------------------------------------------------- send to 2,000
const sendSamples: number[] = [];
for (let i = 0; i < Number(args.sends); i++) {
  const started = performance.now();
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/messaging/messages',
    headers: staffHeaders,
    payload: { to: [{ type: 'PROFILE', structureId: structure.id, profile: 'ELEVE' }], subject: `Information ${i}`, body: '<p>Réunion parents-professeurs jeudi à 18 h.</p>' },
  });
  sendSamples.push(performance.now() - started);
  if (response.statusCode !== 201) throw new Error(`send: ${response.statusCode} ${response.body}`);
}
const recipients = await db.selectFrom('message_recipients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

// ----------------------------------------------------------------- inbox of 10,000
await sql`INSERT INTO messages (id, sender_id, thread_id, subject, body_html, preview, search_vector, recipient_labels, sent_at, created_at)
  SELECT id, ${staff.id}, id, 'Message ' || g, '<p>Texte ' || g || '</p>', 'Texte ' || g, to_tsvector('french', 'message ' || g || ' texte'),
    '{"to":["Léa Bench"],"cc":[],"bcc":[]}'::jsonb, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
  FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(1, 10000) g) s`.execute(db);
await sql`INSERT INTO message_recipients (message_id, account_id, kind, folder, is_read)
  SELECT id, ${reader.id}, 'TO', 'INBOX', random() < 0.7 FROM messages WHERE sender_id = ${staff.id} AND subject LIKE 'Message %'`.execute(db);
await sql`ANALYZE`.execute(db);

async function timed(url: string, headers: Record<string, string>) {
  const started = performance.now();
  const response = await app.inject({ method: 'GET', url, headers });
  const ms = performance.now() - started;
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
  return ms;
}
for (let i = 0; i < 20; i++) await timed('/api/v1/messaging/messages?folder=INBOX', readerHeaders);
const inboxSamples: number[] = [];
for (let i = 0; i < Number(args.reads); i++) inboxSamples.push(await timed('/api/v1/messaging/messages?folder=INBOX', readerHeaders));
const folderSamples: number[] = [];
for (let i = 0; i < 100; i++) folderSamples.push(await timed('/api/v1/messaging/folders', readerHeaders));

// ----------------------------------------------------------------- unread count under load
const concurrency = Number(args.concurrency);
const unreadSamples: number[] = [];
const loadStarted = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let i = 0; i < 40; i++) unreadSamples.push(await timed('/api/v1/messaging/unread-count', readerHeaders));
  }),
);
const loadSeconds = (performance.now() - loadStarted) / 1000;

const result = {
  at: new Date().toISOString(),
  database: 'postgres',
  sessions: platform.redis ? 'redis' : 'database',
  loadAverage: (await import('node:os')).loadavg().map((n) => Math.round(n * 10) / 10),
  node: process.version,
  sendTo2000Ms: stats(sendSamples),
  stateRowsAfterSends: Number(recipients.n),
  inboxOf10000FirstPageMs: stats(inboxSamples),
  foldersWithCountsOf10000Ms: stats(folderSamples),
  unreadCountUnderLoad: { concurrency, requests: unreadSamples.length, perSecond: Math.round(unreadSamples.length / loadSeconds), ms: stats(unreadSamples) },
};
const out = resolve(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `messaging-${result.at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
await app.close();
await platform.close();

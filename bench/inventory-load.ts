/**
 * The region's computers report at once: N FusionInventory agents (50,000 by
 * default) each run PROLOG (401, then with the enrolment's Basic
 * credentials) and INVENTORY (zlib XML, bench/lib/agent-inventory.ts) against
 * the real server, one or more processes on one database, spread over every
 * structure of a benchmark directory with one enrolment secret each. Then the
 * equipment list of the largest lycée (≈1,500 items) under autocannon, next
 * to a raw Fastify + the same SELECT baseline of the same run, and EXPLAIN
 * (ANALYZE, BUFFERS) of each list query on that dataset.
 *
 *   npm run -w @preau/bench generate -- --database-url postgres://postgres@127.0.0.1:5432/preau_bench_inventory --accounts 100000
 *   npm run -w @preau/bench inventory -- --database-url postgres://postgres@127.0.0.1:5432/preau_bench_inventory
 *
 * The inventory tables of that database are emptied first. The compressed
 * bodies are made once into bench/results/ (making them costs the client
 * ~2 ms of CPU each, which would otherwise be taken from the server during
 * the burst on a 2-core machine).
 */
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { findEquipmentPage } from '../apps/server/src/modules/inventory/inventory.repository.ts';
import type { Database } from '../apps/server/src/platform/db/schema.ts';
import { hashToken, newToken } from '../apps/server/src/platform/tokens.ts';
import { compressed, inventoryXml, prologXml } from './lib/agent-inventory.ts';
import { readDatasetMeta } from './lib/bench-db.ts';
import { BENCH_PASSWORD, DEFAULT_DATABASE_URL, assertLoopbackDatabase } from './lib/safety.ts';
import { cpuTicksOf, freePort, memoryOf, percentiles, repoRoot, spawnChild, startBaseline, stopAll, waitReady } from './lib/servers.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL },
    machines: { type: 'string', default: '50000' },
    agents: { type: 'string', default: '64' },
    servers: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '1' },
    large: { type: 'string', default: '1500' },
    'pool-size': { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '20' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/13' },
    seed: { type: 'string', default: 'preau-inventory' },
    'skip-burst': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`Usage: tsx bench/inventory-load.ts [options]
  --database-url URL  a database made by generate-directory.ts (its inventory tables are emptied)
  --machines N        computers reporting in the burst (default 50000)
  --agents N          agents talking at the same time (default 64)
  --servers N         Préau processes sharing the burst (default 2)
  --rounds N          bursts: the first creates every record, the next ones update them (default 1)
  --large N           items of the largest lycée, agents' and entered by hand (default 1500)
  --pool-size N       database pool of each server (default 10)
  --duration S / --warmup S / --connections N   the equipment list under autocannon (default 10 / 2 / 20)
  --skip-burst        keep the inventory of a previous run and measure only the list`);
  process.exit(0);
}

const databaseUrl = args['database-url']!;
assertLoopbackDatabase(databaseUrl);
const meta = await readDatasetMeta(new URL(databaseUrl));
const machines = Number(args.machines);
const agents = Number(args.agents);
const serverCount = Number(args.servers);
const rounds = Number(args.rounds);
const large = Number(args.large);
const seed = args.seed!;
const redisUrl = args['redis-url']!;
if (new URL(redisUrl).hostname !== '127.0.0.1') throw new Error(`Refusing ${redisUrl}: the benchmark only targets 127.0.0.1.`);
const resultsDir = join(repoRoot, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const CLK_TCK = 100;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });

// ---------------------------------------------------------------------------
// The dataset: one enrolment per structure; the largest lycée is bench.adml.1's.

interface Enrolled {
  structureId: string;
  uai: string;
  authorization: string;
}

const largeStructureId = (
  await pool.query<{ structure_id: string }>(
    `SELECT r.structure_id FROM admin_roles r JOIN accounts a ON a.id = r.account_id WHERE a.login = 'bench.adml.1' AND r.structure_id IS NOT NULL LIMIT 1`,
  )
).rows[0]?.structure_id;
if (!largeStructureId) throw new Error('bench.adml.1 administers no structure: generate the directory first');
const structures = (await pool.query<{ id: string; uai: string }>('SELECT id, uai FROM structures ORDER BY (id = $1) DESC, uai', [largeStructureId])).rows;
/** Hand-entered items of the large lycée (printers, projectors, boards, network): the rest of it are agents. */
const manualCount = Math.round(large * 0.08);
const largeAgents = large - manualCount;
if (machines < largeAgents) throw new Error(`--machines must be at least ${largeAgents}`);

/** Machine i reports to the large lycée for i < largeAgents, then to the other structures in turn. */
const structureOf = (i: number) => (i < largeAgents || structures.length === 1 ? 0 : 1 + ((i - largeAgents) % (structures.length - 1)));

async function enrolEveryStructure(): Promise<Enrolled[]> {
  await pool.query('TRUNCATE inventory_history, inventory_equipment, inventory_enrolments CASCADE');
  const enrolled: Enrolled[] = [];
  for (const s of structures) {
    const password = newToken();
    const { rows } = await pool.query<{ id: string }>(`INSERT INTO inventory_enrolments (structure_id, label, secret_hash) VALUES ($1, 'Parc informatique', $2) RETURNING id`, [s.id, hashToken(password)]);
    enrolled.push({ structureId: s.id, uai: s.uai, authorization: `Basic ${Buffer.from(`${rows[0]!.id}:${password}`).toString('base64')}` });
  }
  return enrolled;
}

// ---------------------------------------------------------------------------
// Bodies, made once per (seed, machines, round) into a file of [u32 length][bytes] records.

async function bodiesFile(round: number): Promise<{ path: string; offsets: Float64Array; lengths: Uint32Array }> {
  const path = join(resultsDir, `inventory-bodies-${seed}-${machines}-r${round}.bin`);
  if (!existsSync(path)) {
    const started = performance.now();
    const file = await open(`${path}.partial`, 'w');
    let bytes = 0;
    for (let i = 0; i < machines; i++) {
      const body = compressed(inventoryXml(i, seed, round));
      const header = Buffer.alloc(4);
      header.writeUInt32LE(body.length);
      await file.write(Buffer.concat([header, body]));
      bytes += body.length;
      if (i % 5000 === 4999) console.log(`  bodies of round ${round}: ${i + 1}/${machines}`);
    }
    await file.close();
    const { rename } = await import('node:fs/promises');
    await rename(`${path}.partial`, path);
    console.log(`Made ${machines} compressed inventories (${(bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  }
  const offsets = new Float64Array(machines);
  const lengths = new Uint32Array(machines);
  let position = 0;
  let index = 0;
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let cursor = 0;
    while (pending.length - cursor >= 4) {
      const length = pending.readUInt32LE(cursor);
      if (pending.length - cursor < 4 + length) break;
      offsets[index] = position + cursor + 4;
      lengths[index] = length;
      index += 1;
      cursor += 4 + length;
    }
    position += cursor;
    pending = pending.subarray(cursor);
  }
  if (index !== machines) throw new Error(`${path}: ${index} records, expected ${machines}`);
  return { path, offsets, lengths };
}

// ---------------------------------------------------------------------------
// Servers.

interface Server {
  base: string;
  pid: number | undefined;
}

async function startPreau(i: number): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawnChild(`preau-${i}`, ['apps/server/bin/preau.js', 'serve'], {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: args['pool-size']!,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    LOG_LEVEL: 'warn',
    SCHOOL_YEAR: String(meta.schoolYear),
    PREAU_DATA: join(resultsDir, 'data'),
    LOGIN_MAX_PER_IP: '100000',
    // No upload in this benchmark: nothing for ClamAV to scan.
    ANTIVIRUS_DISABLED: 'true',
    REDIS_URL: redisUrl,
  });
  await waitReady(child, base, '/readyz');
  return { base, pid: child.pid };
}

async function startBaselineServer(): Promise<Server> {
  const { base, child } = await startBaseline(databaseUrl, args['pool-size']!);
  return { base, pid: child.pid };
}

// ---------------------------------------------------------------------------
// The burst.

interface BurstResult {
  round: number;
  machines: number;
  agents: number;
  servers: number;
  seconds: number;
  inventoriesPerSecond: number;
  requestsPerSecond: number;
  inventoryLatencyMs: ReturnType<typeof percentiles>;
  prologLatencyMs: ReturnType<typeof percentiles>;
  errors: Record<string, number>;
  firstErrors: string[];
  serverPeakRssMb: number[];
  serverCpuPercentOfOneCore: number[];
  /** Server CPU time per machine (its 3 requests), all processes together: what the load average does not change much. */
  serverCpuMsPerMachine: number;
  loadAverage1m: { before: number; after: number };
  compressedMb: number;
}

async function burst(round: number, enrolled: Enrolled[], servers: Server[]): Promise<BurstResult> {
  const bodies = await bodiesFile(round);
  const file = await open(bodies.path, 'r');
  const inventoryMs: number[] = [];
  const prologMs: number[] = [];
  const errors: Record<string, number> = {};
  const firstErrors: string[] = [];
  const fail = (key: string, detail: string) => {
    errors[key] = (errors[key] ?? 0) + 1;
    if (firstErrors.length < 5) firstErrors.push(detail);
  };
  let next = 0;
  let requests = 0;
  let compressedBytes = 0;
  const peak = servers.map(() => 0);
  const sampler = setInterval(() => servers.forEach((s, i) => (peak[i] = Math.max(peak[i]!, memoryOf(s.pid).rssKb))), 200);
  const ticksBefore = servers.map((s) => cpuTicksOf(s.pid));
  const loadBefore = os.loadavg()[0]!;

  const post = async (url: string, body: Uint8Array<ArrayBuffer>, authorization?: string) => {
    requests += 1;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-compress-zlib', 'user-agent': 'FusionInventory-Agent_v2.6-3', pragma: 'no-cache', ...(authorization ? { authorization } : {}) },
      body,
    });
    const reply = Buffer.from(await res.arrayBuffer());
    return { status: res.status, reply };
  };

  const agent = async () => {
    for (let i = next++; i < machines; i = next++) {
      const server = servers[i % servers.length]!;
      const url = `${server.base}/inventory/agent`;
      const { authorization } = enrolled[structureOf(i)]!;
      try {
        const prolog = new Uint8Array(compressed(prologXml(i, seed)));
        // As LWP does: the first PROLOG has no credentials, the 401 names the realm, the retry carries them.
        const challenge = await post(url, prolog);
        if (challenge.status !== 401) fail(`prolog-unauthenticated-${challenge.status}`, `machine ${i}: PROLOG without credentials answered ${challenge.status}`);
        let t = performance.now();
        const answer = await post(url, prolog, authorization);
        prologMs.push(performance.now() - t);
        if (answer.status !== 200) {
          fail(`prolog-${answer.status}`, `machine ${i}: PROLOG ${answer.status}`);
          continue;
        }
        const body = new Uint8Array(bodies.lengths[i]!);
        await file.read(body, 0, body.length, bodies.offsets[i]!);
        compressedBytes += body.length;
        t = performance.now();
        const sent = await post(url, body, authorization);
        inventoryMs.push(performance.now() - t);
        if (sent.status !== 200 || sent.reply.subarray(0, 2).toString('hex') !== '789c') fail(`inventory-${sent.status}`, `machine ${i}: INVENTORY ${sent.status}`);
      } catch (error) {
        fail('network', `machine ${i}: ${(error as Error).message}`);
      }
      if ((i + 1) % 5000 === 0) console.log(`  round ${round}: ${i + 1}/${machines} machines, load ${os.loadavg()[0]!.toFixed(1)}`);
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: agents }, agent));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await file.close();
  const ticksAfter = servers.map((s) => cpuTicksOf(s.pid));
  servers.forEach((s, i) => (peak[i] = Math.max(peak[i]!, memoryOf(s.pid).peakKb)));
  return {
    round,
    machines,
    agents,
    servers: servers.length,
    seconds: Math.round(seconds * 10) / 10,
    inventoriesPerSecond: Math.round((inventoryMs.length / seconds) * 10) / 10,
    requestsPerSecond: Math.round((requests / seconds) * 10) / 10,
    inventoryLatencyMs: percentiles(inventoryMs),
    prologLatencyMs: percentiles(prologMs),
    errors,
    firstErrors,
    serverPeakRssMb: peak.map((kb) => Math.round(kb / 1024)),
    serverCpuPercentOfOneCore: servers.map((_, i) => Math.round(((ticksAfter[i]! - ticksBefore[i]!) / CLK_TCK / seconds) * 100)),
    serverCpuMsPerMachine: Math.round((servers.reduce((sum, _, i) => sum + ticksAfter[i]! - ticksBefore[i]!, 0) * (1000 / CLK_TCK) / Math.max(1, inventoryMs.length)) * 10) / 10,
    loadAverage1m: { before: Math.round(loadBefore * 10) / 10, after: Math.round(os.loadavg()[0]! * 10) / 10 },
    compressedMb: Math.round(compressedBytes / 1e5) / 10,
  };
}

async function storedCounts() {
  const { rows } = await pool.query<{ equipment: string; history: string; agents: string; large: string }>(
    `SELECT (SELECT count(*) FROM inventory_equipment) AS equipment, (SELECT count(*) FROM inventory_history) AS history,
            (SELECT count(*) FROM inventory_equipment WHERE source = 'AGENT') AS agents,
            (SELECT count(*) FROM inventory_equipment WHERE structure_id = $1) AS large`,
    [largeStructureId],
  );
  const r = rows[0]!;
  return { equipment: Number(r.equipment), history: Number(r.history), agents: Number(r.agents), largeLycee: Number(r.large) };
}

// ---------------------------------------------------------------------------
// The large lycée as its admins keep it: rooms and warranties entered, printers and projectors by hand.

const today = new Date();
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const inDays = (n: number) => isoDay(new Date(today.getTime() + n * 86_400_000));

async function furnishLargeLycee() {
  await pool.query(`DELETE FROM inventory_equipment WHERE structure_id = $1 AND source = 'MANUAL'`, [largeStructureId]);
  // Rooms A001–C320 in 3 buildings, purchases over 6 years with 4-year warranties, 5 % silent for 3 weeks.
  await pool.query(
    `WITH n AS (SELECT id, row_number() OVER (ORDER BY name, id) AS k FROM inventory_equipment WHERE structure_id = $1)
     UPDATE inventory_equipment e
        SET building = chr(65 + (n.k % 3)::int),
            room = chr(65 + (n.k % 3)::int) || lpad(((n.k / 30) % 40 + 100)::text, 3, '0'),
            purchased_on = $2::date - ((n.k * 37) % 2190)::int,
            warranty_ends_on = $2::date - ((n.k * 37) % 2190)::int + 1461,
            last_report_at = CASE WHEN n.k % 20 = 0 THEN now() - interval '21 days' ELSE last_report_at END
       FROM n WHERE e.id = n.id`,
    [largeStructureId, isoDay(today)],
  );
  const kinds = ['PRINTER', 'PROJECTOR', 'INTERACTIVE_BOARD', 'NETWORK', 'TABLET'];
  await pool.query(
    `INSERT INTO inventory_equipment (structure_id, kind, name, building, room, serial, manufacturer, model, purchased_on, warranty_ends_on, status, source)
     SELECT $1, ($2::text[])[1 + k % 5], ($2::text[])[1 + k % 5] || ' ' || k, chr(65 + (k % 3)), chr(65 + (k % 3)) || lpad(((k / 2) % 40 + 100)::text, 3, '0'),
            'M' || lpad(k::text, 6, '0'), 'Epson', 'EB-' || (k % 9), $3::date - ((k * 53) % 2190), $3::date - ((k * 53) % 2190) + 1096,
            CASE WHEN k % 25 = 0 THEN 'BROKEN' WHEN k % 40 = 0 THEN 'RETIRED' ELSE 'IN_SERVICE' END, 'MANUAL'
       FROM generate_series(1, $4::int) AS k`,
    [largeStructureId, kinds, isoDay(today), manualCount],
  );
  await pool.query('ANALYZE inventory_equipment, inventory_history');
}

// ---------------------------------------------------------------------------
// The list under load, and its plans.

interface ListResult {
  scenario: string;
  path: string;
  items: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  serverCpuPercentOfOneCore: number;
}

function runAutocannon(url: string, headers: Record<string, string>, seconds: number): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    autocannon({ url, headers, connections: Number(args.connections), duration: seconds, pipelining: 1, timeout: 10 }, (error, result) => (error ? fail(error) : done(result)));
  });
}

async function measureList(scenario: string, server: Server, path: string, headers: Record<string, string>): Promise<ListResult> {
  const check = await fetch(`${server.base}${path}`, { headers });
  const text = await check.text();
  if (check.status !== 200) throw new Error(`${scenario}: ${path} answered ${check.status} ${text.slice(0, 200)}`);
  const items = (JSON.parse(text) as { items: unknown[] }).items.length;
  await runAutocannon(`${server.base}${path}`, headers, Number(args.warmup));
  const before = cpuTicksOf(server.pid);
  const r = await runAutocannon(`${server.base}${path}`, headers, Number(args.duration));
  const after = cpuTicksOf(server.pid);
  return {
    scenario,
    path: path.replace(largeStructureId!, ':id'),
    items,
    requestsPerSecond: Math.round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p90: (r.latency as { p90?: number }).p90 ?? 0, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    serverCpuPercentOfOneCore: Math.round(((after - before) / CLK_TCK / Number(args.duration)) * 100),
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of the SQL the repository sends for each view of the list. */
async function explainList(afterCursor: { name: string; id: string }) {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const views = {
    'first page': { limit: 100 },
    'page 8 (keyset cursor)': { limit: 100, after: afterCursor },
    'per type (printers)': { limit: 100, kind: 'PRINTER' as const },
    'per room (B102)': { limit: 100, room: 'B102' },
    'warranties ending within 90 days': { limit: 100, warrantyEndsBefore: inDays(90) },
    'silent for 7 days': { limit: 100, silentForDays: 7 },
  };
  const plans: Record<string, string> = {};
  for (const [name, { after, ...query }] of Object.entries(views) as [string, { limit: number; after?: { name: string; id: string } }][]) {
    captured.length = 0;
    await findEquipmentPage(db, largeStructureId!, query, after, today);
    const q = captured[0]!;
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters as unknown[]);
    plans[name] = rows.map((r) => r['QUERY PLAN']).join('\n');
  }
  return plans;
}

async function listPhase(): Promise<{ results: ListResult[]; plans: Record<string, string>; fullWalkMs: ReturnType<typeof percentiles> }> {
  const [preau] = [await startPreau(0)];
  const baseline = await startBaselineServer();
  const login = await fetch(`${preau!.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: preau!.base },
    body: JSON.stringify({ login: 'bench.adml.1', password: BENCH_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('preau_session='));
  if (login.status !== 200 || !cookie) throw new Error(`login bench.adml.1: HTTP ${login.status}`);
  const headers = { cookie };
  const list = `/api/v1/inventory/structures/${largeStructureId}/equipment`;

  // The whole list, page after page (what the web page does when one scrolls to the end).
  const walks: number[] = [];
  let page8: string | undefined;
  let page8After: { name: string; id: string } | undefined;
  for (let walk = 0; walk < 20; walk++) {
    const t = performance.now();
    let cursor: string | null = null;
    let pages = 0;
    let previous: { name: string; id: string } | undefined;
    do {
      const res = await fetch(`${preau!.base}${list}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers });
      const body = (await res.json()) as { items: { id: string; name: string }[]; nextCursor: string | null };
      pages += 1;
      if (pages === 8 && cursor) {
        page8 = cursor;
        page8After = previous;
      }
      const last = body.items[body.items.length - 1];
      previous = last ? { name: last.name, id: last.id } : previous;
      cursor = body.nextCursor;
    } while (cursor);
    walks.push(performance.now() - t);
  }

  const results: ListResult[] = [];
  results.push(await measureList('baseline: raw Fastify + the same SELECT', baseline, `${list.replace('/api/v1', '')}?limit=100`, {}));
  results.push(await measureList('first page (100 of the ≈1,500)', preau!, `${list}?limit=100`, headers));
  if (page8) results.push(await measureList('page 8 (keyset cursor)', preau!, `${list}?limit=100&cursor=${encodeURIComponent(page8)}`, headers));
  results.push(await measureList('per type: printers', preau!, `${list}?limit=100&kind=PRINTER`, headers));
  results.push(await measureList('per room: B102', preau!, `${list}?limit=100&room=B102`, headers));
  results.push(await measureList('warranties ending within 90 days', preau!, `${list}?limit=100&warrantyEndsBefore=${inDays(90)}`, headers));
  results.push(await measureList('machines silent for 7 days', preau!, `${list}?limit=100&silentForDays=7`, headers));
  const plans = await explainList(page8After ?? { name: 'm', id: '00000000-0000-0000-0000-000000000000' });
  return { results, plans, fullWalkMs: percentiles(walks) };
}

// ---------------------------------------------------------------------------

try {
  console.log(`Dataset: ${structures.length} structures (${meta.accounts} accounts); ${machines} machines, ${agents} agents at once, ${serverCount} server process(es); load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const bursts: BurstResult[] = [];
  if (!args['skip-burst']) {
    for (let round = 0; round < rounds; round++) await bodiesFile(round);
    const enrolled = await enrolEveryStructure();
    const servers = await Promise.all(Array.from({ length: serverCount }, (_, i) => startPreau(i)));
    for (let round = 0; round < rounds; round++) {
      const result = await burst(round, enrolled, servers);
      bursts.push(result);
      console.log(JSON.stringify({ ...result, stored: await storedCounts() }));
    }
    await stopAll();
    await furnishLargeLycee();
  }
  const stored = await storedCounts();
  console.log(`Stored: ${JSON.stringify(stored)}`);
  const list = await listPhase();
  for (const r of list.results) console.log(`${r.scenario.padEnd(42)} ${String(r.items).padStart(4)} items  ${String(r.requestsPerSecond).padStart(6)} req/s  p50 ${r.latencyMs.p50} ms  p99 ${r.latencyMs.p99} ms  non-2xx ${r.non2xx}  cpu ${r.serverCpuPercentOfOneCore} %`);
  console.log(`Whole list, 100 per page, 20 walks: ${JSON.stringify(list.fullWalkMs)} ms`);
  for (const [name, plan] of Object.entries(list.plans)) console.log(`\n-- ${name}\n${plan}`);
  const out = join(resultsDir, `inventory-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify({ machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, dataset: { structures: structures.length, accounts: meta.accounts }, bursts, stored, ...list }, null, 2));
  console.log(`\nWrote ${out}`);
} finally {
  await stopAll();
  await pool.end();
}

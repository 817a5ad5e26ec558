/**
 * The nightly GAR export at région scale: runs the export of every structure
 * of a benchmark directory (generate-directory.ts) into a temporary folder and
 * reports its time, the process's peak memory, the archive's size and the
 * nodes per file type — the memory figure is what says the export streams.
 *
 *   npm run -w @preau/bench generate -- --database-url postgres://postgres@127.0.0.1:5432/preau_bench_gar --accounts 100000
 *   npm run -w @preau/bench gar-export -- --database-url postgres://postgres@127.0.0.1:5432/preau_bench_gar
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPostgres } from '../apps/server/src/platform/db/database.ts';
import { exportGar } from '../apps/server/src/modules/gar/gar-export.service.ts';
import { schoolYearOf } from '../apps/server/src/platform/config.ts';
import { DEFAULT_DATABASE_URL, assertLoopbackDatabase } from './lib/safety.ts';

const { values: args } = parseArgs({ options: { 'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL } } });
const url = args['database-url']!;
assertLoopbackDatabase(url);
const database = openPostgres(url, 4);
const out = await mkdtemp(join(os.tmpdir(), 'preau-gar-bench-'));
try {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const report = await exportGar(database.db, { idEnt: 'BENCH', schoolYear: schoolYearOf(new Date(), { schoolYear: undefined }), outDir: out, now: new Date() });
  const seconds = (performance.now() - started) / 1000;
  const nodes = Object.values(report.nodes).reduce((a, b) => a + b, 0);
  console.log(`structures ${report.structures}; nodes ${JSON.stringify(report.nodes)} (${nodes} in ${report.files.length} files)`);
  console.log(`archive ${(report.bytes / 1e6).toFixed(1)} MB; ${seconds.toFixed(1)} s = ${Math.round(nodes / seconds)} nodes/s`);
  console.log(`RSS before ${(rssBefore / 2 ** 20).toFixed(0)} MiB, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; ${os.cpus().length} cores, Node ${process.version}`);
} finally {
  await rm(out, { recursive: true, force: true });
  await database.close();
}

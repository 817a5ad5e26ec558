/**
 * Medians over several runs of load-portal.ts (the machine is shared: one run
 * is noise, the median of three is a figure).
 *
 *   npm run -w @preau/bench summarize -- results/load-A.json results/load-B.json results/load-C.json
 *
 * Prints one Markdown row per session store and scenario: Préau's median
 * req/s (min–max over the runs) and latencies, next to the baseline measured
 * right before it in the same runs.
 */
import { readFileSync } from 'node:fs';

interface Run {
  command: string;
  dataset: { accounts: number; structures: number; counts: Record<string, number> };
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; usersPerProfile: number };
  results: {
    store: string;
    scenario: string;
    requestsPerSecond: { mean: number };
    latencyMs: { p50: number; p97_5: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    loadAverage1m: number;
    requests: number;
    serverCpuPercentOfOneCore: number;
  }[];
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('Usage: tsx bench/summarize.ts results/load-*.json');
  process.exit(2);
}
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Run);
const accounts = new Set(runs.map((r) => r.dataset.counts.accounts));
if (accounts.size !== 1) throw new Error(`runs on different datasets: ${[...accounts].join(', ')} accounts`);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const n = (x: number) => Math.round(x).toLocaleString('en');

type Row = Run['results'][number];
/** CPU time the server process spent per answered request: steadier than req/s when the machine is overloaded. */
const cpuMsPerRequest = (run: Run, r: Row) => (r.serverCpuPercentOfOneCore / 100) * run.settings.durationSeconds * 1000 / Math.max(1, r.requests);
const groups = new Map<string, (Row & { cpuMs: number })[]>();
for (const run of runs) {
  for (const row of run.results) {
    const r = { ...row, cpuMs: cpuMsPerRequest(run, row) };
    const key = `${r.store}\t${r.scenario}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
}
const stat = (rows: (Row & { cpuMs: number })[]) => ({
  cpuMs: median(rows.map((r) => r.cpuMs)),
  rps: median(rows.map((r) => r.requestsPerSecond.mean)),
  min: Math.min(...rows.map((r) => r.requestsPerSecond.mean)),
  max: Math.max(...rows.map((r) => r.requestsPerSecond.mean)),
  p50: median(rows.map((r) => r.latencyMs.p50)),
  p975: median(rows.map((r) => r.latencyMs.p97_5)),
  p99: median(rows.map((r) => r.latencyMs.p99)),
  failures: rows.reduce((a, r) => a + r.errors + r.timeouts + r.non2xx, 0),
  load: median(rows.map((r) => r.loadAverage1m)),
});

const first = runs[0]!;
console.log(
  `${runs.length} run(s), ${first.dataset.counts.accounts?.toLocaleString('en')} accounts, ${first.dataset.structures} lycées; ` +
    `${first.settings.connections} connections, ${first.settings.warmupSeconds} s warm-up + ${first.settings.durationSeconds} s per scenario, ` +
    `${first.settings.usersPerProfile} accounts per profile. Medians; req/s range = min–max over the runs; CPU ms/req = server process CPU time per answered request.\n`,
);
console.log('| sessions | scenario | Préau req/s (range) | p50 ms | p97.5 ms | p99 ms | CPU ms/req | baseline req/s | baseline p50 / p97.5 / p99 ms | baseline CPU ms/req | Préau ÷ baseline | failed | load 1m |');
console.log('|:--|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const [key, rows] of groups) {
  const [store, scenario] = key.split('\t') as [string, string];
  if (scenario === 'baseline') continue;
  const s = stat(rows);
  const b = stat(groups.get(`${store}\tbaseline`) ?? []);
  console.log(
    `| ${store} | ${scenario} | ${n(s.rps)} (${n(s.min)}–${n(s.max)}) | ${n(s.p50)} | ${n(s.p975)} | ${n(s.p99)} | ${s.cpuMs.toFixed(2)} | ` +
      `${n(b.rps)} (${n(b.min)}–${n(b.max)}) | ${n(b.p50)} / ${n(b.p975)} / ${n(b.p99)} | ${b.cpuMs.toFixed(2)} | ${Math.round((s.rps / b.rps) * 100)} % | ${s.failures} | ${s.load.toFixed(1)} |`,
  );
}

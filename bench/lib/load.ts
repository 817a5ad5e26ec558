import { readFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';

/** Load generation and CPU accounting shared by the load benchmarks (autocannon against a running server). */

/** One request autocannon sends, as its `requests` option takes it (a connection walks the list in turn). */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Clock ticks per second of /proc's CPU counters (USER_HZ, 100 on Linux). */
export const CLK_TCK = 100;

/** Runs autocannon on `base` for `seconds` with `connections` connections, one request in flight each. */
export function runAutocannon(base: string, requests: LoadRequest[], options: { connections: number; seconds: number; timeoutSeconds?: number }): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    autocannon(
      { url: base, connections: options.connections, duration: options.seconds, pipelining: 1, timeout: options.timeoutSeconds ?? 10, requests },
      (error, result) => (error ? fail(error) : done(result)),
    );
  });
}

/** The whole machine's CPU ticks so far, busy and total (first line of /proc/stat). */
export function machineCpuTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** The machine's 1-minute load average, to one decimal (above the core count: processes wait for a CPU). */
export function loadAverage1m(): number {
  return Math.round(os.loadavg()[0]! * 10) / 10;
}

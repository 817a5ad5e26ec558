import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** Child processes of a benchmark (the real server, the baseline), all stopped on the way out. */

export const repoRoot = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];

/** Stops one child: SIGTERM, then SIGKILL after 10 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all(children.map(stopChild));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void stopAll().then(() => process.exit(130));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export function spawnChild(name: string, argv: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, argv, { cwd: repoRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (!/FSTDEP0\d\d|trace-warnings/.test(text)) process.stderr.write(`[${name}] ${text}`);
  });
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(`[${name}] ${chunk.toString()}`));
  return child;
}

/** Polls `path` until it answers 200, or fails when the child dies or after 90 s. */
export async function waitReady(child: ChildProcess, base: string, path: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before being ready`);
    try {
      const res = await fetch(`${base}${path}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${base}${path} not ready after 90 s`);
}

/** The raw Fastify + one indexed SELECT server every load benchmark measures beside Préau, in the same run. */
export async function startBaseline(databaseUrl: string, poolSize: string): Promise<{ base: string; child: ChildProcess }> {
  const child = spawnChild('baseline', ['--import', 'tsx', 'bench/baseline-server.ts'], { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: poolSize, NODE_ENV: 'production' });
  const port = await new Promise<number>((done, fail) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /\{"port":(\d+)\}/.exec(buffer);
      if (match) done(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`baseline exited with code ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

/** Logs in through the API as a browser would and returns the session cookie (`preau_session=…`). */
export async function logIn(base: string, login: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ login, password }),
  });
  const body = (await res.json()) as { kind?: string };
  if (res.status !== 200 || body.kind !== 'session') throw new Error(`login ${login}: HTTP ${res.status} ${JSON.stringify(body)}`);
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('preau_session='));
  if (!session) throw new Error(`login ${login}: no session cookie`);
  return session;
}

/** Resident memory of a process now and at its peak (kB, from /proc: VmRSS, VmHWM). */
export function memoryOf(pid: number | undefined): { rssKb: number; peakKb: number } {
  if (!pid) return { rssKb: 0, peakKb: 0 };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
  } catch {
    return { rssKb: 0, peakKb: 0 };
  }
}

/** CPU ticks a process used (utime + stime, from /proc/<pid>/stat). */
export function cpuTicksOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // After the last ')': the command name may itself hold one.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Percentiles of a list of milliseconds (nearest rank). */
export function percentiles(values: number[]): { p50: number; p90: number; p99: number; max: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50: round(at(50)), p90: round(at(90)), p99: round(at(99)), max: round(sorted[sorted.length - 1] ?? 0), mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)) };
}

/** What `startPreauServe` needs: the database, Redis (sessions, live events and counters shared between processes) and the rest of the environment. */
export interface PreauServeOptions {
  name?: string;
  databaseUrl: string;
  redisUrl?: string;
  poolSize: string;
  schoolYear: number;
  /** The address browsers use (nginx's, in front of several processes); the process's own by default. */
  publicUrl?: string;
  env?: Record<string, string>;
}

/**
 * Starts `preau serve` as production runs it (NODE_ENV=production: no demo
 * seed; LOG_LEVEL=warn) on a free port of 127.0.0.1 and waits for /readyz.
 */
export async function startPreauServe(options: PreauServeOptions): Promise<{ base: string; port: number; child: ChildProcess }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawnChild(options.name ?? 'preau', ['apps/server/bin/preau.js', 'serve'], {
    NODE_ENV: 'production',
    // The benchmarks upload no file: no ClamAV, which production requires unless told.
    ANTIVIRUS_DISABLED: 'true',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: options.poolSize,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: options.publicUrl ?? base,
    LOG_LEVEL: 'warn',
    SCHOOL_YEAR: String(options.schoolYear),
    PREAU_DATA: join(repoRoot, 'bench/results/data'),
    // Logins of many benchmark accounts from one address must not be throttled.
    LOGIN_MAX_PER_IP: '100000',
    // Without REDIS_URL, sessions and login counters live in the database.
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.env,
  });
  await waitReady(child, base, '/readyz');
  return { base, port, child };
}

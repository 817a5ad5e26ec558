import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/platform/db/database.ts';
import { createSchool, TEST_PASSWORD } from './factories.ts';
import { freePort } from './services.ts';

/**
 * A rolling restart as docs/OPERATIONS.md tells an operator to do it: two
 * real `preau serve` processes (production mode, on PostgreSQL and Redis)
 * behind Debian's nginx configured as deploy/nginx/preau.conf, each process
 * stopped with SIGTERM and started again in turn while clients keep reading
 * and writing through nginx. Not one request may fail.
 *
 * Included by vitest.config.ts only with TEST_DATABASE_URL, TEST_REDIS_URL
 * (two processes need a shared database and Redis, which PGlite is not) and
 * /usr/sbin/nginx, so the PGlite run has no skipped test; .ci/run installs
 * nginx for the other run.
 */
const bin = resolve(import.meta.dirname, '../bin/preau.js');
const nginxBin = '/usr/sbin/nginx';
const databaseUrl = process.env.TEST_DATABASE_URL!;
const redisUrl = process.env.TEST_REDIS_URL!;

interface Outcome {
  method: string;
  status: number;
  error?: string;
  at: number;
}

let folder: string;
let nginx: ChildProcess | undefined;
const processes: (ChildProcess | undefined)[] = [undefined, undefined];
const ports: number[] = [];
let entry: string;
let accessLog: string;
let school: Awaited<ReturnType<typeof createSchool>>;

function startPreau(index: number): ChildProcess {
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      ANTIVIRUS_DISABLED: 'true',
      LOG_LEVEL: 'warn',
      // Fastify's deprecation notices would bury the warnings the processes log.
      NODE_NO_WARNINGS: '1',
      HOST: '127.0.0.1',
      PORT: String(ports[index]),
      PUBLIC_URL: entry,
      TRUST_PROXY: 'true',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: redisUrl,
      SCHOOL_YEAR: '2026',
      LOGIN_MAX_PER_IP: '1000000',
      PREAU_DATA: join(folder, `data-${index}`),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[preau ${index + 1}] ${chunk.toString()}`));
  processes[index] = child;
  return child;
}

async function waitReady(index: number): Promise<void> {
  const child = processes[index]!;
  const start = Date.now();
  while (Date.now() - start < 60_000) {
    if (child.exitCode !== null) throw new Error(`preau ${index + 1} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${ports[index]}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preau ${index + 1} not ready in time`);
}

/** The upstream port of every request nginx passed on, from its access log. */
function servedBy(): { port: number; at: number; retried: boolean }[] {
  return readFileSync(accessLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const [at, ...rest] = line.split(' ');
      const upstreams = rest.slice(0, -1).join(' ');
      // "a, b" when nginx tried a second process: the one that answered is the last.
      const last = (upstreams ?? '').split(/[ ,]+/).filter(Boolean).at(-1) ?? '';
      const port = Number(last.split(':').at(-1));
      return Number.isFinite(port) ? [{ port, at: Number(at) * 1000, retried: (upstreams ?? '').includes(',') }] : [];
    });
}

function nginxConfig(port: number): string {
  // The upstream and proxy settings are deploy/nginx/preau.conf's; only paths and ports differ.
  return `
worker_processes 1;
pid ${folder}/nginx.pid;
events { worker_connections 256; }
http {
  client_body_temp_path ${folder}/client_body;
  proxy_temp_path ${folder}/proxy;
  fastcgi_temp_path ${folder}/fastcgi;
  uwsgi_temp_path ${folder}/uwsgi;
  scgi_temp_path ${folder}/scgi;
  log_format upstreams '$msec $upstream_addr $status';
  access_log ${accessLog} upstreams;
  error_log ${folder}/error.log warn;
  upstream preau_app {
    server 127.0.0.1:${ports[0]} max_fails=3 fail_timeout=10s;
    server 127.0.0.1:${ports[1]} max_fails=3 fail_timeout=10s;
    keepalive 32;
    keepalive_timeout 2s;
  }
  server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_set_header Host              $host;
    proxy_set_header X-Forwarded-For   $remote_addr;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header Connection        "";
    location / {
      proxy_pass http://preau_app;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
`;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'preau-rolling-'));
  accessLog = join(folder, 'access.log');
  const [entryPort, port1, port2] = await Promise.all([freePort(), freePort(), freePort()]);
  ports.push(port1!, port2!);
  entry = `http://127.0.0.1:${entryPort}`;

  const handle = openPostgres(databaseUrl, 1);
  try {
    school = await createSchool(handle.db);
  } finally {
    await handle.close();
  }

  startPreau(0);
  startPreau(1);
  await Promise.all([waitReady(0), waitReady(1)]);

  const conf = join(folder, 'nginx.conf');
  writeFileSync(conf, nginxConfig(entryPort!));
  nginx = spawn(nginxBin, ['-p', folder, '-e', join(folder, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  nginx.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[nginx] ${chunk.toString()}`));
  const start = Date.now();
  for (;;) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}: ${readFileSync(join(folder, 'error.log'), 'utf8')}`);
    try {
      if ((await fetch(`${entry}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > 10_000) throw new Error('nginx not listening');
    await new Promise((r) => setTimeout(r, 100));
  }
}, 120_000);

afterAll(async () => {
  for (const child of processes) if (child && child.exitCode === null) child.kill('SIGKILL');
  // SIGTERM, not SIGKILL: nginx's master then stops its worker, which would otherwise outlive it.
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((done) => nginx!.once('exit', done));
    nginx.kill('SIGTERM');
    await exited;
  }
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('rolling restart behind nginx', () => {
  it('restarts each of two processes in turn with no failed request', async () => {
    const login = await fetch(`${entry}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: entry },
      body: JSON.stringify({ login: school.teacher.login, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const headers = { cookie, 'x-csrf-token': csrfToken, origin: entry };

    // Four clients, each alternating a read and a write, until the two restarts are done.
    const outcomes: Outcome[] = [];
    let running = true;
    let sent = 0;
    const client = async () => {
      while (running) {
        for (const write of [false, true]) {
          const method = write ? 'POST' : 'GET';
          try {
            const response = write
              ? await fetch(`${entry}/api/v1/messaging/messages`, {
                  method,
                  headers: { ...headers, 'content-type': 'application/json' },
                  body: JSON.stringify({ to: [{ type: 'PERSON', id: school.student.id }], subject: `Redémarrage ${sent++}`, body: '<p>Pendant le redémarrage</p>' }),
                })
              : await fetch(`${entry}/api/v1/me`, { headers });
            await response.arrayBuffer();
            outcomes.push({ method, status: response.status, at: Date.now() });
          } catch (error) {
            outcomes.push({ method, status: 0, error: String((error as Error).cause ?? error), at: Date.now() });
          }
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);

    const restarts: { index: number; stoppedAt: number; readyAt: number }[] = [];
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      for (const index of [0, 1]) {
        const child = processes[index]!;
        const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
        const stoppedAt = Date.now();
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        startPreau(index);
        await waitReady(index);
        const readyAt = Date.now();
        restarts.push({ index, stoppedAt, readyAt });
        // As the runbook says: the next process goes down only once nginx sends traffic to this one again.
        const deadline = Date.now() + 20_000;
        while (!servedBy().some((s) => s.port === ports[index] && s.at > readyAt)) {
          if (Date.now() > deadline) throw new Error(`nginx sent nothing to process ${index + 1} after its restart`);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      running = false;
      await Promise.all(clients);
    }

    const failures = outcomes.filter((o) => o.status < 200 || o.status > 299);
    const served = servedBy();
    const summary = {
      requests: outcomes.length,
      writes: outcomes.filter((o) => o.method === 'POST').length,
      failures: failures.length,
      byProcess: ports.map((port) => served.filter((s) => s.port === port).length),
      // Requests nginx passed to the other process after a refused connection: the restarts were felt.
      retriedByNginx: served.filter((s) => s.retried).length,
      restarts: restarts.map((r) => ({ process: r.index + 1, downForMs: r.readyAt - r.stoppedAt })),
    };
    console.info('rolling restart:', JSON.stringify(summary));
    expect(failures).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(100);
    // Both processes served requests before and after their own restart.
    for (const { index, stoppedAt, readyAt } of restarts) {
      expect(served.some((s) => s.port === ports[index] && s.at < stoppedAt)).toBe(true);
      expect(served.some((s) => s.port === ports[index] && s.at > readyAt)).toBe(true);
    }
  }, 180_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

export interface RunningServer {
  url: string;
  /** The server's clock now (its CLOCK_START moved forward by the time elapsed), or the real time. */
  now(): Date;
  /** SIGTERM, then SIGKILL after 15 s; removes the temporary data folder. */
  stop(): Promise<void>;
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server output)';
  }
}

/**
 * Starts the real server (`node apps/server/bin/preau.js serve`) on a free
 * port with a fresh PGlite data folder, so migrations and the demo seed run,
 * and waits until /readyz answers 200.
 */
export async function startServer(options: { logFile: string; readyTimeoutMs?: number; clockStart?: Date }): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'preau-e2e-'));
  const log = createWriteStream(options.logFile, { flags: 'w' });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    PREAU_DATA: dataDir,
    PUBLIC_URL: url,
    LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL || 'warn',
    // Always the embedded PGlite and in-memory sessions: a fresh, seeded database every run.
    DATABASE_URL: '',
    REDIS_URL: '',
    SMTP_URL: '',
    WEB_DIST: process.env.WEB_DIST ?? '',
    CLOCK_START: options.clockStart?.toISOString() ?? '',
  };
  // Taken just before the spawn: the server's clock starts a few milliseconds later, a gap no journey measures.
  const offset = options.clockStart ? options.clockStart.getTime() - Date.now() : 0;
  const now = () => new Date(Date.now() + offset);
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'apps/server/bin/preau.js'), 'serve'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolveExit) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit();
    });
  });

  // If the runner dies without stopping it (uncaught error, broken pipe), the server must not outlive it.
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);
  const cleanup = () => {
    process.off('exit', killOnExit);
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    }
    cleanup();
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  while (Date.now() < deadline) {
    if (exited) {
      cleanup();
      throw new Error(
        `The server stopped before being ready (exit code ${exited.code}, signal ${exited.signal}). Last lines of ${options.logFile}:\n${tail(options.logFile)}`,
      );
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return { url, now, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`The server did not answer 200 on /readyz in time. Last lines of ${options.logFile}:\n${tail(options.logFile)}`);
}

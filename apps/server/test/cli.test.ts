import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The `preau` command as an operator runs it: a real process on a temp data
 * folder with the embedded database. Skipped on nothing: it always runs on
 * PGlite, whatever TEST_DATABASE_URL says, because that is what `npm start` does.
 */
const bin = resolve(import.meta.dirname, '../bin/preau.js');
const folders: string[] = [];
const children: ChildProcess[] = [];

function tempData(): string {
  const folder = mkdtempSync(join(tmpdir(), 'preau-cli-'));
  folders.push(folder);
  return folder;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...extra };
  return env;
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server not ready in time');
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('preau CLI', () => {
  it('refuses a wrong configuration with a list of the bad variables', () => {
    const result = spawnSync(process.execPath, [bin, 'migrate'], {
      env: cleanEnv({ PORT: 'abc', DATABASE_URL: 'mysql://nope' }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('PORT="abc"');
    expect(result.stderr).toContain('DATABASE_URL="mysql://nope"');
  });

  it('refuses the demo seed in production', () => {
    const result = spawnSync(process.execPath, [bin, 'seed', '--demo'], {
      env: cleanEnv({ NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true', PREAU_DATA: tempData() }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('never runs with NODE_ENV=production');
  });

  it('creates an ADMC and prints its activation code', () => {
    const data = tempData();
    const result = spawnSync(
      process.execPath,
      [bin, 'create-admin', '--login', 'admin.region', '--first-name', 'Anne', '--last-name', 'Durand', '--collectivite', 'Région Test'],
      { env: cleanEnv({ PREAU_DATA: data }), encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/ADMC admin\.region created\. Activation code: [2-9A-Z]{8}/);
    const again = spawnSync(
      process.execPath,
      [bin, 'create-admin', '--login', 'admin.region', '--first-name', 'Anne', '--last-name', 'Durand', '--collectivite', 'Région Test'],
      { env: cleanEnv({ PREAU_DATA: data }), encoding: 'utf8' },
    );
    expect(again.status).toBe(1);
  }, 60_000);

  it('serves the demo on an empty data folder, refuses a second process on it, and stops cleanly on SIGTERM', async () => {
    const data = tempData();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [bin, 'serve'], {
      env: cleanEnv({ PREAU_DATA: data, PORT: String(port), PUBLIC_URL: url }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    await waitReady(url, child);

    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'demo.eleve', password: 'Preau-Demo-2026!' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { me: { profile: string } }).me.profile).toBe('ELEVE');

    const second = spawnSync(process.execPath, [bin, 'migrate'], { env: cleanEnv({ PREAU_DATA: data }), encoding: 'utf8', timeout: 30_000 });
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain('is in use by process');

    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './platform/config.ts';
import { type RunningServer, startServer } from './serve.ts';

/** A GET over a kept-alive connection, as nginx or a browser sends it. */
export function get(agent: Agent, url: string): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  const servers: RunningServer[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('lets an in-flight request finish with 200 before the pool closes, and closes kept-alive connections', async () => {
    // Its own data folder: the platform opens and closes the database itself, as `preau serve` does.
    const dataDir = mkdtempSync(join(tmpdir(), 'preau-serve-'));
    folders.push(dataDir);
    const config = loadConfig({ NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', PREAU_DATA: dataDir });
    let letGo = () => {};
    const released = new Promise<void>((resolve) => (letGo = resolve));
    const server = await startServer(config, {
      // A request that needs the database after the shutdown has begun.
      beforeListen: (app) => {
        app.get('/slow', { config: { public: true } }, async () => {
          await released;
          const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(server.platform.database.db);
          return { one: rows[0]?.one };
        });
      },
    });
    servers.push(server);
    const db = server.platform.database.db;

    const ready = await get(new Agent({ keepAlive: true }), `${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', checks: { database: 'up', redis: 'absent', storage: 'up' } });
    const agent = new Agent({ keepAlive: true });
    const inFlight = get(agent, `${server.url}/slow`);
    await new Promise((r) => setTimeout(r, 100));

    const started = Date.now();
    const closing = server.close();
    await new Promise((r) => setTimeout(r, 200));
    // Still open while the request waits: the shutdown has not closed the pool under it.
    expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0]?.one).toBe(1);
    letGo();

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ one: 1 });
    // The kept-alive connection is told to go: the client's next request goes to another process.
    expect(answer.connection).toBe('close');
    // Neither the idle kept-alive connection (the /readyz one) nor the busy one held the shutdown up.
    await closing;
    expect(Date.now() - started).toBeLessThan(5_000);
    // The pool is closed after, and only after, the last answer.
    await expect(sql`SELECT 1`.execute(db)).rejects.toThrow(/destroyed|closed/);
    agent.destroy();
  }, 120_000);
});

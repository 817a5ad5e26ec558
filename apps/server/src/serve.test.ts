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
    const config = loadConfig({ NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', PREAU_DATA: dataDir, SHUTDOWN_DRAIN_SECONDS: '1' });
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
    // Neither the idle kept-alive connection (the /readyz one, cut after the 1 s drain) nor the busy one held
    // the shutdown up.
    await closing;
    expect(Date.now() - started).toBeLessThan(5_000);
    // The pool is closed after, and only after, the last answer.
    await expect(sql`SELECT 1`.execute(db)).rejects.toThrow(/destroyed|closed/);
    agent.destroy();
  }, 120_000);

  it('lets the handler of a request whose client hung up finish its queries before the pool closes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'preau-serve-'));
    folders.push(dataDir);
    const config = loadConfig({ NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', PREAU_DATA: dataDir, SHUTDOWN_DRAIN_SECONDS: '5' });
    let letGo = () => {};
    const released = new Promise<void>((resolve) => (letGo = resolve));
    let outcome: unknown;
    const server = await startServer(config, {
      beforeListen: (app) => {
        app.get('/slow', { config: { public: true } }, async () => {
          await released;
          try {
            outcome = (await sql<{ one: number }>`SELECT 1 AS one`.execute(server.platform.database.db)).rows[0]?.one;
          } catch (error) {
            outcome = error;
          }
          return { one: outcome };
        });
      },
    });
    servers.push(server);
    // The client goes away while its request waits: its connection closes, its handler does not.
    const req = request(`${server.url}/slow`);
    req.on('error', () => undefined);
    req.end();
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();
    await new Promise((r) => setTimeout(r, 100));

    const closing = server.close();
    // No connection is left, so the drain of connections is over at once; the handler still runs.
    await new Promise((r) => setTimeout(r, 300));
    letGo();
    await closing;
    expect(outcome).toBe(1);
  }, 60_000);

  it('lets kept-alive clients close their idle connections during the drain instead of cutting one under a request', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'preau-serve-'));
    folders.push(dataDir);
    const config = loadConfig({ NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', PREAU_DATA: dataDir, SHUTDOWN_DRAIN_SECONDS: '30' });
    const server = await startServer(config);
    servers.push(server);
    // One kept-alive connection, idle when the shutdown starts (a proxy's upstream connection between requests).
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(agent, `${server.url}/healthz`)).status).toBe(200);
    let cut = false;
    for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.once('close', () => (cut = true));

    const started = Date.now();
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(cut).toBe(false);
    expect(closed).toBe(false);
    // The request a proxy sends on it meanwhile is answered, and the answer ends the connection cleanly.
    const answer = await get(agent, `${server.url}/healthz`);
    expect(answer.status).toBe(200);
    expect(answer.connection).toBe('close');
    // With no connection left, the shutdown goes on at once rather than waiting out the 30 s.
    await closing;
    expect(Date.now() - started).toBeLessThan(10_000);
    agent.destroy();
  }, 60_000);
});

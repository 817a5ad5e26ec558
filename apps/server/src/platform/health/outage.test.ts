import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { startServer } from '../../serve.ts';
import { createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { startThrowawayPostgres, startThrowawayRedis, type ThrowawayPostgres, type ThrowawayRedis } from '../../../test/services.ts';
import { loadConfig } from '../config.ts';
import { type DatabaseHandle, openPostgres } from '../db/database.ts';
import { createPlatform, type Platform } from '../platform.ts';
import { isServiceUnavailable } from './outage.ts';
import { RedisPersistenceError } from './redis-persistence.ts';

describe('isServiceUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['PostgreSQL shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['PostgreSQL starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['no pool connection in time', new Error('timeout exceeded when trying to connect')],
    ['ioredis giving up', Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' })],
    ['ioredis closed', new Error('Connection is closed.')],
    ['happy eyeballs', Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), { code: undefined })],
    ['a wrapped cause', new Error('query failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
  ])('recognises %s', (_name, error) => {
    expect(isServiceUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error in SQL', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['nothing', undefined],
  ])('leaves %s a 500', (_name, error) => {
    expect(isServiceUnavailable(error)).toBe(false);
  });
});

interface Outcome {
  status: number;
  retryAfter: string | undefined;
  startedAt: number;
  endedAt: number;
  subject?: string;
}

/**
 * The real services, stopped and started under a small load: PostgreSQL
 * (a throwaway cluster on its own port) and Redis (its own redis-server with
 * AOF). Only 503 with Retry-After during an outage, nothing half-written,
 * full service after, without restarting Préau.
 */
describe('outages of PostgreSQL and Redis under load', () => {
  let pg: ThrowawayPostgres;
  let redis: ThrowawayRedis;
  let database: DatabaseHandle;
  let platform: Platform;
  let app: App;
  let school: Awaited<ReturnType<typeof createSchool>>;
  let teacher: AuthHeaders;

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis({ appendonly: true })]);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SCHOOL_YEAR: '2026', LOGIN_MAX_PER_IP: '1000000', REDIS_URL: redis.url });
    database = openPostgres(pg.url, 4);
    platform = await createPlatform(config, { database });
    app = await buildApp(platform);
    school = await createSchool(database.db);
    teacher = await loginAs(app, school.teacher.login);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await platform?.close();
    await database?.close();
    await redis?.destroy();
    pg?.destroy();
  });

  /** Three clients reading and sending messages until `stop()`; every answer is kept. */
  function startLoad() {
    const outcomes: Outcome[] = [];
    let running = true;
    let sent = 0;
    const client = async (index: number) => {
      while (running) {
        const startedAt = Date.now();
        const write = index === 0;
        const subject = write ? `Panne ${sent++}` : undefined;
        const response = write
          ? await app.inject({
              method: 'POST',
              url: '/api/v1/messaging/messages',
              headers: teacher,
              payload: { to: [{ type: 'PERSON', id: school.student.id }], subject, body: '<p>Pendant la panne</p>' },
            })
          : await app.inject({ method: 'GET', url: index === 1 ? '/api/v1/messaging/messages?folder=INBOX' : '/api/v1/messaging/folders', headers: teacher });
        outcomes.push({ status: response.statusCode, retryAfter: response.headers['retry-after'] as string | undefined, startedAt, endedAt: Date.now(), subject });
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const clients = [0, 1, 2].map(client);
    return {
      outcomes,
      async stop() {
        running = false;
        await Promise.all(clients);
      },
    };
  }

  async function waitForService(): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < 30_000) {
      const response = await app.inject({ method: 'GET', url: '/api/v1/messaging/folders', headers: teacher });
      if (response.statusCode === 200) return Date.now();
      expect(response.statusCode).toBe(503);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the service did not come back within 30 s');
  }

  async function expectFullService() {
    for (let i = 0; i < 10; i++) {
      const response = await app.inject({ method: 'GET', url: '/api/v1/messaging/folders', headers: teacher });
      expect(response.statusCode).toBe(200);
    }
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up', storage: 'up' } });
  }

  function expectOnly503During(outcomes: Outcome[], down: number, up: number) {
    expect(outcomes.map((o) => o.status).filter((s) => ![200, 201, 503].includes(s))).toEqual([]);
    const during = outcomes.filter((o) => o.startedAt > down && o.endedAt < up);
    expect(during.length).toBeGreaterThan(3);
    for (const outcome of during) {
      expect(outcome.status).toBe(503);
      expect(outcome.retryAfter).toBe('5');
    }
  }

  it('answers 503 with Retry-After while PostgreSQL is down, writes nothing half-way, and recovers by itself', async () => {
    const load = startLoad();
    await new Promise((r) => setTimeout(r, 500));
    pg.stop();
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 1_500));
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.json()).toEqual({ status: 'unavailable', checks: { database: 'down', redis: 'up', storage: 'up' } });
    const up = Date.now();
    pg.start();
    await waitForService();
    await new Promise((r) => setTimeout(r, 300));
    await load.stop();

    expectOnly503During(load.outcomes, down, up);
    await expectFullService();
    // Every message answered 201 is there once, with its recipient's row; none is there without it.
    const sent = load.outcomes.filter((o) => o.status === 201).map((o) => o.subject!);
    expect(sent.length).toBeGreaterThan(0);
    const rows = await database.db
      .selectFrom('messages')
      .leftJoin('message_recipients', (join) => join.onRef('message_recipients.message_id', '=', 'messages.id').on('message_recipients.kind', '=', 'TO'))
      .select(['messages.subject', 'message_recipients.account_id'])
      .where('messages.sender_id', '=', school.teacher.id)
      .execute();
    for (const subject of sent) expect(rows.filter((r) => r.subject === subject)).toHaveLength(1);
    for (const row of rows) expect(row.account_id).toBe(school.student.id);
  }, 90_000);

  it('answers 503 while Redis is down and keeps users logged in across its restart (AOF)', async () => {
    const load = startLoad();
    await new Promise((r) => setTimeout(r, 500));
    await redis.stop();
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 1_500));
    const up = Date.now();
    await redis.start();
    await waitForService();
    await load.stop();

    expectOnly503During(load.outcomes, down, up);
    // The same session cookie still opens the teacher's page: the session came back from the AOF.
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: teacher });
    expect(me.statusCode).toBe(200);
    await expectFullService();
  }, 90_000);
});

describe('Redis persistence at start-up in production', () => {
  it('refuses to start on a Redis without AOF, with a message saying what to do', async () => {
    const redis = await startThrowawayRedis({ appendonly: false });
    const pg = await startThrowawayPostgres();
    try {
      const config = loadConfig({ NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: pg.url, REDIS_URL: redis.url });
      const failure = startServer(config);
      await expect(failure).rejects.toBeInstanceOf(RedisPersistenceError);
      await expect(failure).rejects.toThrow(/appendonly yes/);
    } finally {
      await redis.destroy();
      pg.destroy();
    }
  }, 120_000);
});

import { buildApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openPGlite, openPostgres } from '../src/platform/db/database.ts';
import { OutboxMailer } from '../src/platform/mail/mailer.ts';
import { createPlatform, type Platform } from '../src/platform/platform.ts';

export interface TestContext {
  platform: Platform;
  app: App;
  mailer: OutboxMailer;
  /** A clock tests can move: `clock.advance(ms)`. */
  clock: { now: number; advance(ms: number): void };
  close(): Promise<void>;
}

/**
 * A platform and app for one test file: in-memory PGlite by default, the real
 * PostgreSQL and Redis when TEST_DATABASE_URL / TEST_REDIS_URL are set.
 */
export async function createTestContext(
  env: Record<string, string> = {},
  options: { privateDatabase?: boolean } = {},
): Promise<TestContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    SCHOOL_YEAR: '2026',
    // Every inject comes from 127.0.0.1: a per-IP limit would make test files trip over each other.
    LOGIN_MAX_PER_IP: '1000000',
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    ...env,
  });
  // privateDatabase: a test that needs a database of its own (empty, or broken on purpose) gets an
  // in-memory PGlite even in the PostgreSQL run, where the shared database holds other files' data.
  const database =
    process.env.TEST_DATABASE_URL && !options.privateDatabase ? openPostgres(process.env.TEST_DATABASE_URL, 4) : await openPGlite();
  const mailer = new OutboxMailer(undefined, config.mailFrom);
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const platform = await createPlatform(config, { database, mailer, now: () => clock.now });
  const app = await buildApp(platform);
  return {
    platform,
    app,
    mailer,
    clock,
    async close() {
      await app.close();
      await platform.close();
      await database.close();
    },
  };
}

import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type Config, schoolYearOf } from './config.ts';
import { type DatabaseHandle, openPGlite, openPostgres } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { EventPublisher } from './events/event-publisher.ts';
import { type LiveHub, LocalLiveHub, RedisLiveHub } from './events/live-hub.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { PasswordHasher } from './passwords.ts';
import { createPlatformLogger } from './log-context.ts';
import { type CounterStore, DatabaseCounterStore, RedisCounterStore } from './rate-limit/counter-store.ts';
import { DatabaseSessionStore } from './sessions/database-session-store.ts';
import { createFileStorage, type FileStorage } from './storage/file-storage.ts';
import { RedisSessionStore } from './sessions/redis-session-store.ts';
import type { SessionStore } from './sessions/session-store.ts';

/** The shared machinery every module receives: no module opens its own. */
export interface Platform {
  config: Config;
  database: DatabaseHandle;
  sessions: SessionStore;
  counters: CounterStore;
  /** argon2id behind a semaphore sized to the thread pool. */
  passwords: PasswordHasher;
  mailer: Mailer;
  redis: Redis | undefined;
  /** Domain events: timeline rows and live delivery to open pages (across processes with Redis). */
  events: EventPublisher;
  /** Files (attachments, documents): local disk by default, S3-compatible when configured. */
  storage: FileStorage;
  now(): number;
  /** JSON logs of services and jobs, each line with the request's and the job's ids (log-context.ts). */
  log: Logger;
  /** The school year in force now (its first calendar year: 2026 for 2026–2027), the one key every module scopes by. */
  schoolYear(): number;
  /** Periodic housekeeping (expired sessions and counters). */
  purgeExpired(): Promise<void>;
  close(): Promise<void>;
}

export interface PlatformOverrides {
  database?: DatabaseHandle;
  mailer?: Mailer;
  now?: () => number;
  storage?: FileStorage;
  log?: Logger;
}

/** Opens the database (PostgreSQL or PGlite), Redis when configured, and runs migrations. */
export async function createPlatform(config: Config, overrides: PlatformOverrides = {}): Promise<Platform> {
  const database =
    overrides.database ??
    (config.databaseUrl ? openPostgres(config.databaseUrl, config.databasePoolSize) : await openPGlite(config.dataDir));
  await migrateToLatest(database.db);

  let redis: Redis | undefined;
  if (config.redisUrl) {
    // Reconnection attempts every 100 ms at first, then every second at most (ioredis's default grows to 2 s), so
    // that the service is back within a second of Redis.
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true, retryStrategy: (times) => Math.min(times * 100, 1_000) });
    // ioredis reconnects by itself; without a listener it prints every failed attempt. Requests meanwhile
    // answer 503 (platform/health/outage.ts); one warning per outage is enough for the logs.
    let warned = false;
    redis.on('error', (error: Error) => {
      if (!warned) process.emitWarning(`Redis unreachable, reconnecting: ${error.message}`);
      warned = true;
    });
    redis.on('ready', () => (warned = false));
    await redis.connect();
    // Connected, a command during an outage fails at once, and its request answers 503 with Retry-After
    // (health/outage.ts), instead of waiting in ioredis's offline queue through reconnection attempts: requests
    // held for seconds each pile up on a node exactly when it should stay light. The live hub's subscriber
    // keeps its own queue (events/live-hub.ts).
    redis.options.enableOfflineQueue = false;
  }
  const dbSessions = new DatabaseSessionStore(database.db);
  const dbCounters = new DatabaseCounterStore(database.db);
  const now = overrides.now ?? (config.clockStart === undefined ? Date.now : runningFrom(config.clockStart));
  let hub: LiveHub = new LocalLiveHub();
  if (redis) {
    const redisHub = new RedisLiveHub(redis);
    await redisHub.start();
    hub = redisHub;
  }

  return {
    config,
    database,
    sessions: redis ? new RedisSessionStore(redis, now) : dbSessions,
    counters: redis ? new RedisCounterStore(redis) : dbCounters,
    passwords: new PasswordHasher(config.passwordHashing),
    mailer: overrides.mailer ?? createMailer(config.smtpUrl, config.mailFrom, config.dataDir),
    redis,
    events: new EventPublisher(database.db, hub, now),
    storage: overrides.storage ?? createFileStorage(config),
    now,
    log: overrides.log ?? createPlatformLogger(config.logLevel),
    schoolYear: () => schoolYearOf(new Date(now()), config),
    async purgeExpired() {
      if (!redis) {
        await dbSessions.purgeExpired(now());
        await dbCounters.purgeExpired(now());
      }
      await database.db.deleteFrom('auth_tokens').where('expires_at', '<', new Date(now() - 86_400_000)).execute();
    },
    async close() {
      await hub.close();
      if (redis) await redis.quit().catch(() => redis?.disconnect());
      if (!overrides.database) await database.close();
    },
  };
}

/** A clock that showed `start` when created and runs at the real pace from there (CLOCK_START). */
export function runningFrom(start: number, realNow: () => number = Date.now): () => number {
  const offset = start - realNow();
  return () => realNow() + offset;
}

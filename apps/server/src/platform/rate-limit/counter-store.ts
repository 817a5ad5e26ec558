import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';

export interface Counter {
  count: number;
  lastAt: number;
  /** When the window that started with the first hit ends (so a client can be told how long to wait). */
  expiresAt: number;
}

/**
 * Counters that expire, for rate limits and login failure delays:
 * in the database by default, in Redis when configured, so every node of a
 * cluster sees the same counts.
 */
export interface CounterStore {
  /** Adds one and returns the new count; the counter lives `ttlMs` after its first hit. */
  increment(key: string, ttlMs: number, now: number): Promise<Counter>;
  get(key: string, now: number): Promise<Counter | undefined>;
  reset(key: string): Promise<void>;
}

export class DatabaseCounterStore implements CounterStore {
  constructor(private readonly db: DB) {}

  async increment(key: string, ttlMs: number, now: number): Promise<Counter> {
    const at = new Date(now);
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, count: 1, last_at: at, expires_at: new Date(now + ttlMs) })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`CASE WHEN rate_limits.expires_at <= ${at} THEN 1 ELSE rate_limits.count + 1 END`,
          expires_at: sql`CASE WHEN rate_limits.expires_at <= ${at} THEN excluded.expires_at ELSE rate_limits.expires_at END`,
          last_at: at,
        }),
      )
      .returning(['count', 'last_at', 'expires_at'])
      .executeTakeFirstOrThrow();
    return { count: row.count, lastAt: new Date(row.last_at).getTime(), expiresAt: new Date(row.expires_at).getTime() };
  }

  async get(key: string, now: number): Promise<Counter | undefined> {
    const row = await this.db
      .selectFrom('rate_limits')
      .select(['count', 'last_at', 'expires_at'])
      .where('key', '=', key)
      .where('expires_at', '>', new Date(now))
      .executeTakeFirst();
    return row ? { count: row.count, lastAt: new Date(row.last_at).getTime(), expiresAt: new Date(row.expires_at).getTime() } : undefined;
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', key).execute();
  }

  async purgeExpired(now: number): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('expires_at', '<=', new Date(now)).execute();
  }
}

export class RedisCounterStore implements CounterStore {
  constructor(private readonly redis: Redis) {}

  async increment(key: string, ttlMs: number, now: number): Promise<Counter> {
    const k = `preau:counter:${key}`;
    // A window over by the caller's clock starts afresh (Redis's own expiry follows the wall clock).
    const end = await this.redis.hget(k, 'expiresAt');
    if (end !== null && Number(end) <= now) await this.redis.del(k);
    const results = await this.redis
      .multi()
      .hincrby(k, 'count', 1)
      .hset(k, 'lastAt', String(now))
      // The window's end is kept in the hash, in the caller's clock, beside Redis's own expiry.
      .hsetnx(k, 'expiresAt', String(now + ttlMs))
      .pexpire(k, ttlMs, 'NX')
      .hget(k, 'expiresAt')
      .exec();
    const count = Number(results?.[0]?.[1] ?? 1);
    return { count, lastAt: now, expiresAt: Number(results?.[4]?.[1] ?? now + ttlMs) };
  }

  async get(key: string, now: number): Promise<Counter | undefined> {
    const value = await this.redis.hgetall(`preau:counter:${key}`);
    if (!value.count) return undefined;
    if (value.expiresAt !== undefined && Number(value.expiresAt) <= now) return undefined;
    return { count: Number(value.count), lastAt: Number(value.lastAt), expiresAt: Number(value.expiresAt ?? value.lastAt) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`preau:counter:${key}`);
  }
}

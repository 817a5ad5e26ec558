import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';

export interface Counter {
  count: number;
  lastAt: number;
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
      .returning(['count', 'last_at'])
      .executeTakeFirstOrThrow();
    return { count: row.count, lastAt: new Date(row.last_at).getTime() };
  }

  async get(key: string, now: number): Promise<Counter | undefined> {
    const row = await this.db
      .selectFrom('rate_limits')
      .select(['count', 'last_at'])
      .where('key', '=', key)
      .where('expires_at', '>', new Date(now))
      .executeTakeFirst();
    return row ? { count: row.count, lastAt: new Date(row.last_at).getTime() } : undefined;
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
    const results = await this.redis
      .multi()
      .hincrby(k, 'count', 1)
      .hset(k, 'lastAt', String(now))
      .pexpire(k, ttlMs, 'NX')
      .exec();
    const count = Number(results?.[0]?.[1] ?? 1);
    return { count, lastAt: now };
  }

  async get(key: string): Promise<Counter | undefined> {
    const value = await this.redis.hgetall(`preau:counter:${key}`);
    if (!value.count) return undefined;
    return { count: Number(value.count), lastAt: Number(value.lastAt) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`preau:counter:${key}`);
  }
}

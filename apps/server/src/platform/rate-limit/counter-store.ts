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
 * A growing wait between attempts: once `free` attempts are counted, the next
 * one is admitted only 2^(count − free) seconds after the last, at most `maxDelayMs`.
 */
export interface Backoff {
  free: number;
  maxDelayMs: number;
}

/** What `take` answers: admitted (and counted), or how long to wait. */
export type Admission = { admitted: true; count: number } | { admitted: false; retryAfterMs: number };

/** The wait a backoff imposes after `count` attempts (0 while attempts are free). */
export function backoffDelayMs(count: number, backoff: Backoff): number {
  if (count < backoff.free) return 0;
  return Math.min(2 ** Math.min(count - backoff.free, 30) * 1000, backoff.maxDelayMs);
}

/**
 * Counters that expire, for rate limits and login failure delays:
 * in the database by default, in Redis when configured, so every node of a
 * cluster sees the same counts.
 */
export interface CounterStore {
  /** Adds one and returns the new count; the counter lives `ttlMs` after its first hit. */
  increment(key: string, ttlMs: number, now: number): Promise<Counter>;
  /**
   * Counts one attempt only if the backoff admits it, in one atomic step, so
   * concurrent attempts cannot all pass a check made before any is counted.
   */
  take(key: string, ttlMs: number, now: number, backoff: Backoff): Promise<Admission>;
  /** Gives back one count (an attempt that turned out not to count); never below zero. */
  decrement(key: string): Promise<void>;
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

  async take(key: string, ttlMs: number, now: number, backoff: Backoff): Promise<Admission> {
    const at = new Date(now);
    const exponent = sql`LEAST(rate_limits.count - ${backoff.free}::int, 30)`;
    const delay = sql`make_interval(secs => LEAST(power(2, ${exponent}) * 1000, ${backoff.maxDelayMs}::float8) / 1000.0)`;
    // One INSERT … ON CONFLICT DO UPDATE … WHERE: the row lock makes the check and the count one step.
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, count: 1, last_at: at, expires_at: new Date(now + ttlMs) })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            count: sql`CASE WHEN rate_limits.expires_at <= ${at} THEN 1 ELSE rate_limits.count + 1 END`,
            expires_at: sql`CASE WHEN rate_limits.expires_at <= ${at} THEN excluded.expires_at ELSE rate_limits.expires_at END`,
            last_at: at,
          })
          .where(sql<boolean>`rate_limits.expires_at <= ${at} OR rate_limits.count < ${backoff.free}::int OR rate_limits.last_at + ${delay} <= ${at}`),
      )
      .returning(['count'])
      .executeTakeFirst();
    if (row) return { admitted: true, count: row.count };
    const counter = await this.get(key, now);
    const wait = counter ? counter.lastAt + backoffDelayMs(counter.count, backoff) - now : 1000;
    return { admitted: false, retryAfterMs: Math.max(1, wait) };
  }

  async decrement(key: string): Promise<void> {
    await this.db.updateTable('rate_limits').set({ count: sql`count - 1` }).where('key', '=', key).where('count', '>', 0).execute();
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

// Each script reads and writes one hash atomically (Redis runs a script alone).
// Fields: count, lastAt, expiresAt — times in the caller's clock, beside Redis's own expiry.
const INCREMENT = `
local k, now, ttl = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local expiresAt = tonumber(redis.call('HGET', k, 'expiresAt'))
if not expiresAt or expiresAt <= now then
  redis.call('DEL', k)
  redis.call('HSET', k, 'count', 0, 'expiresAt', now + ttl)
  redis.call('PEXPIRE', k, ttl)
  expiresAt = now + ttl
end
local count = redis.call('HINCRBY', k, 'count', 1)
redis.call('HSET', k, 'lastAt', now)
return {count, expiresAt}
`;

const TAKE = `
local k, now, ttl, free, maxDelay = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local h = redis.call('HMGET', k, 'count', 'lastAt', 'expiresAt')
local count, lastAt, expiresAt = tonumber(h[1]), tonumber(h[2]), tonumber(h[3])
if not count or not expiresAt or expiresAt <= now then
  redis.call('DEL', k)
  redis.call('HSET', k, 'count', 1, 'lastAt', now, 'expiresAt', now + ttl)
  redis.call('PEXPIRE', k, ttl)
  return {1, 1, 0}
end
if count >= free then
  local wait = (lastAt or 0) + math.min(2 ^ math.min(count - free, 30) * 1000, maxDelay) - now
  if wait > 0 then return {0, count, wait} end
end
count = redis.call('HINCRBY', k, 'count', 1)
redis.call('HSET', k, 'lastAt', now)
return {1, count, 0}
`;

const DECREMENT = `
local c = tonumber(redis.call('HGET', KEYS[1], 'count'))
if c and c > 0 then redis.call('HINCRBY', KEYS[1], 'count', -1) end
return 0
`;

export class RedisCounterStore implements CounterStore {
  constructor(private readonly redis: Redis) {}

  private key(key: string) {
    return `preau:counter:${key}`;
  }

  async increment(key: string, ttlMs: number, now: number): Promise<Counter> {
    const [count, expiresAt] = (await this.redis.eval(INCREMENT, 1, this.key(key), now, ttlMs)) as [number, number];
    return { count: Number(count), lastAt: now, expiresAt: Number(expiresAt) };
  }

  async take(key: string, ttlMs: number, now: number, backoff: Backoff): Promise<Admission> {
    const [admitted, count, wait] = (await this.redis.eval(TAKE, 1, this.key(key), now, ttlMs, backoff.free, backoff.maxDelayMs)) as [
      number,
      number,
      number,
    ];
    return admitted === 1 ? { admitted: true, count: Number(count) } : { admitted: false, retryAfterMs: Math.max(1, Number(wait)) };
  }

  async decrement(key: string): Promise<void> {
    await this.redis.eval(DECREMENT, 1, this.key(key));
  }

  async get(key: string, now: number): Promise<Counter | undefined> {
    const value = await this.redis.hgetall(this.key(key));
    if (!value.count) return undefined;
    if (value.expiresAt !== undefined && Number(value.expiresAt) <= now) return undefined;
    return { count: Number(value.count), lastAt: Number(value.lastAt), expiresAt: Number(value.expiresAt ?? value.lastAt) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }
}

import type { Redis } from 'ioredis';
import type { DB } from '../../platform/db/database.ts';

/**
 * Where CAS tickets live: Redis when REDIS_URL is set, the database otherwise; both are shared by every
 * process, so a ticket issued by one is validated by another. Taking a ticket deletes it in the same
 * atomic step (GETDEL, DELETE … RETURNING): it can be validated once only, even by two racing requests.
 */
export interface TicketStore {
  put(id: string, data: unknown, ttlMs: number, now: number): Promise<void>;
  /** Reads and deletes; undefined when unknown, taken or expired. */
  take(id: string, now: number): Promise<unknown>;
  /** Reads without deleting (proxy-granting tickets, used many times). */
  get(id: string, now: number): Promise<unknown>;
  /** Remembers something of a session (a service it signed into, a PGT it got), until it ends. */
  remember(sessionHash: string, data: unknown, ttlMs: number, now: number): Promise<void>;
  /** Returns and forgets everything remembered for a session. */
  forgetSession(sessionHash: string, now: number): Promise<unknown[]>;
  delete(id: string): Promise<void>;
}

const ticketKey = (id: string) => `preau:cas:ticket:${id}`;
const sessionKey = (hash: string) => `preau:cas:session:${hash}`;

export class RedisTicketStore implements TicketStore {
  constructor(private readonly redis: Redis) {}

  async put(id: string, data: unknown, ttlMs: number): Promise<void> {
    await this.redis.set(ticketKey(id), JSON.stringify(data), 'PX', Math.max(1, ttlMs));
  }

  async take(id: string): Promise<unknown> {
    const raw = await this.redis.getdel(ticketKey(id));
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  }

  async get(id: string): Promise<unknown> {
    const raw = await this.redis.get(ticketKey(id));
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  }

  async remember(sessionHash: string, data: unknown, ttlMs: number): Promise<void> {
    await this.redis.multi().rpush(sessionKey(sessionHash), JSON.stringify(data)).pexpire(sessionKey(sessionHash), Math.max(1, ttlMs)).exec();
  }

  async forgetSession(sessionHash: string): Promise<unknown[]> {
    const result = await this.redis.multi().lrange(sessionKey(sessionHash), 0, 999).del(sessionKey(sessionHash)).exec();
    const entries = (result?.[0]?.[1] as string[] | undefined) ?? [];
    return entries.map((raw) => JSON.parse(raw) as unknown);
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(ticketKey(id));
  }
}

function parse(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

export class DatabaseTicketStore implements TicketStore {
  constructor(private readonly db: DB) {}

  async put(id: string, data: unknown, ttlMs: number, now: number): Promise<void> {
    // Redis expires its keys; here one issue in a hundred sweeps the expired rows, so no job is needed.
    if (Math.random() < 0.01) await this.purgeExpired(now);
    await this.db.insertInto('sso_tickets').values({ id, data: JSON.stringify(data), expires_at: new Date(now + ttlMs) }).execute();
  }

  async take(id: string, now: number): Promise<unknown> {
    const row = await this.db.deleteFrom('sso_tickets').where('id', '=', id).where('session_hash', 'is', null).returning(['data', 'expires_at']).executeTakeFirst();
    if (!row || row.expires_at.getTime() <= now) return undefined;
    return parse(row.data);
  }

  async get(id: string, now: number): Promise<unknown> {
    const row = await this.db
      .selectFrom('sso_tickets')
      .select('data')
      .where('id', '=', id)
      .where('session_hash', 'is', null)
      .where('expires_at', '>', new Date(now))
      .executeTakeFirst();
    return row ? parse(row.data) : undefined;
  }

  async remember(sessionHash: string, data: unknown, ttlMs: number, now: number): Promise<void> {
    await this.db
      .insertInto('sso_tickets')
      .values({ id: `SESSION-${crypto.randomUUID()}`, session_hash: sessionHash, data: JSON.stringify(data), expires_at: new Date(now + ttlMs) })
      .execute();
  }

  async forgetSession(sessionHash: string, now: number): Promise<unknown[]> {
    const rows = await this.db.deleteFrom('sso_tickets').where('session_hash', '=', sessionHash).returning(['data', 'expires_at']).execute();
    return rows.filter((r) => r.expires_at.getTime() > now).map((r) => parse(r.data));
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sso_tickets').where('id', '=', id).execute();
  }

  /** Removes expired tickets (the periodic cleanup; Redis expires its own). */
  async purgeExpired(now: number): Promise<void> {
    await this.db.deleteFrom('sso_tickets').where('expires_at', '<=', new Date(now)).execute();
  }
}

import type { Redis } from 'ioredis';
import type { DB } from '../../../platform/db/database.ts';
import type { AccountRow } from '../../../platform/db/schema.ts';

/**
 * The accounts holding any of these AAF join keys, deleted ones left out. A login reads across
 * collectivités on purpose: the join key is unique in the whole instance (its unique index), and the
 * account found decides the tenant, as a login name does.
 */
export async function findAccountsByJoinKeys(db: DB, joinKeys: readonly string[]): Promise<AccountRow[]> {
  if (joinKeys.length === 0) return [];
  return db.selectFrom('accounts').selectAll().where('external_id', 'in', [...joinKeys]).where('deleted_at', 'is', null).execute();
}

/**
 * Short-lived state of the ÉduConnect flow, shared by every process: the AuthnRequests waiting for
 * their answer, and the assertion ids already accepted. Redis when REDIS_URL is set, the database
 * otherwise; each operation is one atomic step, so two processes (or two racing requests) agree.
 */
export interface SamlStateStore {
  put(key: string, data: unknown, expiresAt: Date): Promise<void>;
  /** Reads and deletes; undefined when unknown, already taken or expired. */
  take(key: string): Promise<unknown>;
  /** Saves the key unless a live copy is there: true when saved, false when it already was (samlify's ReplayCache). */
  saveIfAbsent(key: string, expiresAt: Date): Promise<boolean>;
}

const redisKey = (key: string) => `preau:saml:educonnect:${key}`;
const ttlMs = (expiresAt: Date) => Math.max(1, expiresAt.getTime() - Date.now());

export class RedisSamlStateStore implements SamlStateStore {
  constructor(private readonly redis: Redis) {}

  async put(key: string, data: unknown, expiresAt: Date): Promise<void> {
    await this.redis.set(redisKey(key), JSON.stringify(data), 'PX', ttlMs(expiresAt));
  }

  async take(key: string): Promise<unknown> {
    const raw = await this.redis.getdel(redisKey(key));
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  }

  async saveIfAbsent(key: string, expiresAt: Date): Promise<boolean> {
    return (await this.redis.set(redisKey(key), '1', 'PX', ttlMs(expiresAt), 'NX')) === 'OK';
  }
}

export class DatabaseSamlStateStore implements SamlStateStore {
  constructor(private readonly db: DB) {}

  async put(key: string, data: unknown, expiresAt: Date): Promise<void> {
    // Redis expires its keys; here one write in a hundred sweeps the expired rows, so no job is needed.
    if (Math.random() < 0.01) await this.db.deleteFrom('saml_sp_states').where('expires_at', '<=', new Date()).execute();
    await this.db.insertInto('saml_sp_states').values({ key, data: JSON.stringify(data), expires_at: expiresAt }).execute();
  }

  async take(key: string): Promise<unknown> {
    const row = await this.db.deleteFrom('saml_sp_states').where('key', '=', key).returning(['data', 'expires_at']).executeTakeFirst();
    if (!row || row.expires_at.getTime() <= Date.now()) return undefined;
    return typeof row.data === 'string' ? (JSON.parse(row.data) as unknown) : row.data;
  }

  async saveIfAbsent(key: string, expiresAt: Date): Promise<boolean> {
    // An expired row with the same key is taken over; a live one makes the insert a no-op (no row returned).
    const row = await this.db
      .insertInto('saml_sp_states')
      .values({ key, data: null, expires_at: expiresAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ expires_at: expiresAt, data: null }).where('saml_sp_states.expires_at', '<=', new Date()))
      .returning('key')
      .executeTakeFirst();
    return row !== undefined;
  }
}

/** The store of this platform: Redis when configured, the database otherwise. */
export function samlStateStore(db: DB, redis: Redis | undefined): SamlStateStore {
  return redis ? new RedisSamlStateStore(redis) : new DatabaseSamlStateStore(db);
}

import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';

/**
 * Where oidc-provider keeps what it issues (sessions, interactions, grants, codes, tokens): Redis when
 * REDIS_URL is set, the database otherwise. Both are shared by every process, so a code issued by one is
 * exchanged at another. Not tenant data: each payload names its client and account, and the provider
 * checks them. Clients are not stored here: they are the declared connected services (oidc.provider.ts).
 */
export type OidcStore = (model: string) => Adapter;

/** Models grouped by grant, so revoking a grant (a replayed code) revokes its tokens too. */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

const key = (model: string, id: string) => `preau:oidc:${model}:${id}`;
const grantKey = (grantId: string) => `preau:oidc:grant:${grantId}`;
const uidKey = (uid: string) => `preau:oidc:uid:${uid}`;

class RedisOidcAdapter implements Adapter {
  constructor(
    private readonly redis: Redis,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const k = key(this.model, id);
    const multi = this.redis.multi().set(k, JSON.stringify(payload), 'EX', Math.max(1, expiresIn));
    if (GRANTABLE.has(this.model) && payload.grantId) {
      multi.rpush(grantKey(payload.grantId), k).expire(grantKey(payload.grantId), Math.max(1, expiresIn), 'GT');
      // A new grant key has no expiry, and GT never sets one on it: give it this one.
      multi.expire(grantKey(payload.grantId), Math.max(1, expiresIn), 'NX');
    }
    if (payload.uid) multi.set(uidKey(payload.uid), id, 'EX', Math.max(1, expiresIn));
    await multi.exec();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const raw = await this.redis.get(key(this.model, id));
    return raw === null ? undefined : (JSON.parse(raw) as AdapterPayload);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = await this.redis.get(uidKey(uid));
    return id === null ? undefined : this.find(id);
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    // The payload is rewritten with its consumption time, its expiry kept.
    const k = key(this.model, id);
    const raw = await this.redis.get(k);
    if (raw === null) return;
    const payload = { ...(JSON.parse(raw) as AdapterPayload), consumed: Math.floor(Date.now() / 1000) };
    await this.redis.set(k, JSON.stringify(payload), 'KEEPTTL');
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(key(this.model, id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const keys = await this.redis.lrange(grantKey(grantId), 0, -1);
    await this.redis.del(...keys, grantKey(grantId));
  }
}

function parsePayload(value: unknown): AdapterPayload {
  return (typeof value === 'string' ? JSON.parse(value) : value) as AdapterPayload;
}

class DatabaseOidcAdapter implements Adapter {
  constructor(
    private readonly db: DB,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    // Expired rows are swept by one write in a hundred, as for CAS tickets: no job needed.
    if (Math.random() < 0.01) await this.db.deleteFrom('oidc_payloads').where('expires_at', '<=', new Date()).execute();
    const row = {
      payload: JSON.stringify(payload),
      grant_id: payload.grantId ?? null,
      uid: payload.uid ?? null,
      expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
    };
    await this.db
      .insertInto('oidc_payloads')
      .values({ model: this.model, id, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  private async findWhere(column: 'id' | 'uid', value: string): Promise<AdapterPayload | undefined> {
    const row = await this.db
      .selectFrom('oidc_payloads')
      .select(['payload', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
      .executeTakeFirst();
    if (!row) return undefined;
    const payload = parsePayload(row.payload);
    return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid', uid);
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    await this.db.updateTable('oidc_payloads').set({ consumed_at: new Date() }).where('model', '=', this.model).where('id', '=', id).execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
  }
}

/** The store of the platform: Redis when configured, the database otherwise. */
export function oidcStore(db: DB, redis: Redis | undefined): OidcStore {
  return (model) => (redis ? new RedisOidcAdapter(redis, model) : new DatabaseOidcAdapter(db, model));
}

export interface OidcKeys {
  /** Private JWKs, newest first: the first signs, all are published so tokens signed before a rotation still verify. */
  signing: Record<string, unknown>[];
  /** Cookie keys, newest first (oidc-provider signs with the first, accepts all). */
  cookies: string[];
  /** The ids of these keys, as findOidcKeysFingerprint gives them. */
  fingerprint: string;
}

function newSigningKey(): { id: string; secret: Record<string, unknown> } {
  const id = randomUUID();
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return { id, secret: { ...jwk, kid: id, alg: 'RS256', use: 'sig' } };
}

/** Adds a new signing key and a new cookie key (the newest sign; the older ones, still published, verify). */
export async function insertOidcKeys(db: DB | Transaction<Database>, now: Date): Promise<string> {
  const signing = newSigningKey();
  await db
    .insertInto('oidc_keys')
    .values([
      { id: signing.id, kind: 'signing', secret: JSON.stringify(signing.secret), created_at: now },
      { id: randomUUID(), kind: 'cookie', secret: JSON.stringify({ key: randomBytes(32).toString('base64url') }), created_at: now },
    ])
    .execute();
  return signing.id;
}

/** How long a replaced key must still verify: the longest life of what it signed, per kind. */
export interface KeyLifetimes {
  signing: number;
  cookie: number;
}

/**
 * Rotates the provider's keys: a new signing key and cookie key sign from now on, the replaced ones stay
 * published (they verify what they signed), and a key replaced longer ago than what it signs can live
 * is retired — kept in the table, with the time, but no longer published. Returns the new signing key id
 * and the ids retired.
 */
export async function rotateOidcKeys(db: DB, now: Date, lifetimes: KeyLifetimes): Promise<{ signingKeyId: string; retired: string[] }> {
  return db.transaction().execute(async (trx) => {
    const active = await trx.selectFrom('oidc_keys').select(['id', 'kind', 'created_at']).where('retired_at', 'is', null).orderBy('created_at', 'desc').orderBy('id').execute();
    const retired: string[] = [];
    for (const kind of ['signing', 'cookie'] as const) {
      const keys = active.filter((k) => k.kind === kind);
      // keys[i] was replaced when keys[i - 1] was created; the newest is replaced now by the one added below.
      keys.forEach((k, i) => {
        const replacedAt = i === 0 ? now : keys[i - 1]!.created_at;
        if (now.getTime() - replacedAt.getTime() >= lifetimes[kind] * 1000) retired.push(k.id);
      });
    }
    if (retired.length > 0) await trx.updateTable('oidc_keys').set({ retired_at: now }).where('id', 'in', retired).execute();
    // The new key must sort first even when this server's clock is behind the one that created the previous.
    const newest = Math.max(0, ...active.map((k) => k.created_at.getTime()));
    const signingKeyId = await insertOidcKeys(trx, new Date(Math.max(now.getTime(), newest + 1)));
    return { signingKeyId, retired };
  });
}

/** What identifies the keys in force: a process rebuilds its provider when it changes (another process rotated). */
export async function findOidcKeysFingerprint(db: DB): Promise<string> {
  const rows = await db.selectFrom('oidc_keys').select('id').where('retired_at', 'is', null).orderBy('created_at', 'desc').orderBy('id').limit(20).execute();
  return rows
    .map((r) => r.id)
    .sort()
    .join(',');
}

/** The keys in force, newest first; the first process to start on an empty database creates them. */
export async function findOidcKeys(db: DB, now: Date): Promise<OidcKeys> {
  const read = () =>
    db.selectFrom('oidc_keys').select(['id', 'kind', 'secret']).where('retired_at', 'is', null).orderBy('created_at', 'desc').orderBy('id').limit(20).execute();
  let rows = await read();
  if (!rows.some((r) => r.kind === 'signing') || !rows.some((r) => r.kind === 'cookie')) {
    await insertOidcKeys(db, now);
    rows = await read();
  }
  const parse = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
  return {
    fingerprint: rows
      .map((r) => r.id)
      .sort()
      .join(','),
    signing: rows.filter((r) => r.kind === 'signing').map((r) => parse(r.secret) as Record<string, unknown>),
    cookies: rows.filter((r) => r.kind === 'cookie').map((r) => (parse(r.secret) as { key: string }).key),
  };
}

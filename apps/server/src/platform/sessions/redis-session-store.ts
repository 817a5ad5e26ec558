import type { Redis } from 'ioredis';
import type { Session, SessionStore } from './session-store.ts';

const key = (idHash: string) => `preau:session:${idHash}`;
const accountKey = (accountId: string) => `preau:account-sessions:${accountId}`;

/** Sessions in Redis, each expiring by itself; a set per account serves "log out everywhere". */
export class RedisSessionStore implements SessionStore {
  /** `now` is the platform clock: expiries are stored in it, and Redis TTLs are durations from it. */
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  async create(idHash: string, session: Session): Promise<void> {
    const ttl = Math.max(1, Math.min(session.idleExpiresAt, session.absoluteExpiresAt) - this.now());
    await this.redis
      .multi()
      .set(key(idHash), JSON.stringify(session), 'PX', ttl)
      .sadd(accountKey(session.accountId), idHash)
      .pexpire(accountKey(session.accountId), Math.max(1, session.absoluteExpiresAt - this.now()))
      .exec();
  }

  async get(idHash: string, now: number): Promise<Session | undefined> {
    const raw = await this.redis.get(key(idHash));
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    if (session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) return undefined;
    return session;
  }

  async touch(idHash: string, session: Session): Promise<void> {
    const ttl = Math.max(1, Math.min(session.idleExpiresAt, session.absoluteExpiresAt) - this.now());
    await this.redis.set(key(idHash), JSON.stringify(session), 'PX', ttl, 'XX');
  }

  async delete(idHash: string): Promise<void> {
    await this.redis.del(key(idHash));
  }

  async deleteAllFor(accountId: string): Promise<void> {
    const ids = await this.redis.smembers(accountKey(accountId));
    const multi = this.redis.multi();
    for (const id of ids) multi.del(key(id));
    multi.del(accountKey(accountId));
    await multi.exec();
  }
}

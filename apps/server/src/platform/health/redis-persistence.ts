import type { Redis } from 'ioredis';

export class RedisPersistenceError extends Error {
  constructor() {
    super(
      'Redis runs without its append-only file (appendonly no): a Redis restart would log every user out. ' +
        'Set "appendonly yes" (and "appendfsync everysec") in redis.conf, or run CONFIG SET appendonly yes, then start Préau again. ' +
        'See docs/OPERATIONS.md, "Redis".',
    );
    this.name = 'RedisPersistenceError';
  }
}

/**
 * Sessions live in Redis when it is configured: in production Redis must keep
 * them on disk (AOF), or a restart logs everyone out. Read through INFO, which
 * managed services that rename CONFIG still answer.
 */
export async function assertRedisPersistence(redis: Redis): Promise<void> {
  const info = await redis.info('persistence');
  if (!/^aof_enabled:1\s*$/m.test(info)) throw new RedisPersistenceError();
}

import { sql } from 'kysely';
import { openPostgres } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

/**
 * With TEST_DATABASE_URL, the suite runs on a real PostgreSQL: the schema is
 * rebuilt once here, and test files share it (factories make unique data, so
 * no test cleans up after another). Without it, each file opens its own
 * in-memory PGlite.
 */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const handle = openPostgres(url, 2);
  try {
    await sql`DROP SCHEMA IF EXISTS public CASCADE`.execute(handle.db);
    await sql`CREATE SCHEMA public`.execute(handle.db);
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  if (process.env.TEST_REDIS_URL) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(process.env.TEST_REDIS_URL);
    const keys = await redis.keys('preau:*');
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type DatabaseHandle, type DB, openPGlite, openPostgres } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

/**
 * A database of its own for a test that may not share one (it alters the
 * schema, or asserts a whole table exactly): an in-memory PGlite, or a fresh
 * PostgreSQL database next to TEST_DATABASE_URL's, dropped by close().
 * `url` is that database's address (undefined on PGlite), for a child process.
 */
export async function openIsolatedDatabase(
  prefix: string,
  connections: number,
): Promise<{ database: DatabaseHandle; url: string | undefined; close(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const database = await openPGlite();
    return { database, url: undefined, close: () => database.close() };
  }
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  const admin = openPostgres(base, 1);
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), connections);
  return {
    database,
    url: url.toString(),
    async close() {
      await database.close();
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}

/** An isolated database migrated to the latest schema: what a migration's test runs its down() and up() on. */
export async function openMigratedDatabase(): Promise<{ db: DB; close(): Promise<void> }> {
  const { database, close } = await openIsolatedDatabase('preau_migration', 2);
  await migrateToLatest(database.db);
  return { db: database.db, close };
}

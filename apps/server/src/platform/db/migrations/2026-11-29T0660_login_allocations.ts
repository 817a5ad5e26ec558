import { type Kysely, sql } from 'kysely';

/**
 * A number drawn by every transaction that takes the logins lock
 * (admin/login-generator.ts, lockLoginAllocation): consecutive numbers tell
 * an import that nobody else handed out logins since its last batch, so the
 * highest numbers it keeps per login base are still the database's. Without
 * it, imports of two academies at once each kept stale numbers, failed on the
 * unique login and redid the batch (docs/PERFORMANCE.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE SEQUENCE login_allocations`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP SEQUENCE login_allocations`.execute(db);
}

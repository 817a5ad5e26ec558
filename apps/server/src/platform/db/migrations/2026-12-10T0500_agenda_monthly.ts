import { type Kysely, sql } from 'kysely';

/**
 * Monthly repetitions of agenda events (issue 16): on the first occurrence's
 * day of the month (MONTHLY) or on its weekday of the same rank, "the 2nd
 * Tuesday" (MONTHLY_WEEKDAY). Expand only: a wider CHECK, so the previous
 * version keeps working; added NOT VALID then validated, so the table is not
 * locked while its rows are checked (docs/decisions/expand-contract-migrations.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE calendar_events DROP CONSTRAINT IF EXISTS calendar_events_recurrence_check`.execute(db);
  await sql`ALTER TABLE calendar_events ADD CONSTRAINT calendar_events_recurrence_check CHECK (recurrence IN ('DAILY','WEEKLY','MONTHLY','MONTHLY_WEEKDAY')) NOT VALID`.execute(db);
  await sql`ALTER TABLE calendar_events VALIDATE CONSTRAINT calendar_events_recurrence_check`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // A monthly event goes back to its first occurrence alone.
  await sql`UPDATE calendar_events SET recurrence = NULL, recurrence_until = NULL, last_ends_at = ends_at WHERE recurrence IN ('MONTHLY','MONTHLY_WEEKDAY')`.execute(db);
  await sql`ALTER TABLE calendar_events DROP CONSTRAINT IF EXISTS calendar_events_recurrence_check`.execute(db);
  await sql`ALTER TABLE calendar_events ADD CONSTRAINT calendar_events_recurrence_check CHECK (recurrence IN ('DAILY','WEEKLY'))`.execute(db);
}

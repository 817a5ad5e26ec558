import { type Kysely, sql } from 'kysely';

/**
 * iCalendar subscriptions to the agenda's calendars (issue 16): one secret URL
 * per account and calendar, like the timetable's feed. Only the token's hash
 * is kept; making a new one or deleting the row revokes the old URL, and the
 * account's right to read the calendar is checked again at every fetch.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE agenda_feeds (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    calendar_id uuid NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, calendar_id)
  )`.execute(db);
  // Deleting a calendar removes its feeds.
  await sql`CREATE INDEX agenda_feeds_calendar_idx ON agenda_feeds (calendar_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE agenda_feeds`.execute(db);
}

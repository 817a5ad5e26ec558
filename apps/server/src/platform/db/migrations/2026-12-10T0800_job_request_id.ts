import { type Kysely, sql } from 'kysely';

/**
 * The id of the request that enqueued a job (issue 12: structured logs keep
 * the request id through services and jobs). A worker, perhaps in another
 * process, logs the job's lines under it. Nullable: jobs enqueued outside a
 * request (the CLI, a schedule) have none, and a previous version that does
 * not write it keeps working during a rolling upgrade.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE jobs ADD COLUMN request_id text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE jobs DROP COLUMN request_id`.execute(db);
}

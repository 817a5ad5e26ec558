import { type Kysely, sql } from 'kysely';

/**
 * Thumbnails of the espace documentaire's images (issue 16): a small WebP made
 * after the antivirus passed a version, stored beside it. The version keeps its
 * own, the item the current version's (copied when the current version
 * changes), so a listing reads it without a join. Not charged to any quota.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE workspace_versions ADD COLUMN thumbnail_key text`.execute(db);
  await sql`ALTER TABLE workspace_items ADD COLUMN thumbnail_key text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE workspace_items DROP COLUMN thumbnail_key`.execute(db);
  await sql`ALTER TABLE workspace_versions DROP COLUMN thumbnail_key`.execute(db);
}

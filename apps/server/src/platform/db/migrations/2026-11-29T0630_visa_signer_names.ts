import { type Kysely, sql } from 'kysely';

/**
 * A visa is part of the legal record too: it keeps the name of the head who
 * signed, which the purge of his account (after he left) would otherwise wipe.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lesson_visas').addColumn('signer_first', 'text').addColumn('signer_last', 'text').execute();
  await sql`UPDATE lesson_visas v SET signer_first = a.first_name, signer_last = a.last_name
    FROM accounts a WHERE a.id = v.signed_by AND a.deleted_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lesson_visas').dropColumn('signer_last').dropColumn('signer_first').execute();
}

import { type Kysely, sql } from 'kysely';

/**
 * The cahier de textes is a legal record kept for years, while the account of
 * a teacher who left is purged (names wiped) after three months. Each entry
 * keeps the name its author had when writing it, so a record of last year still
 * says who wrote it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lesson_entries').addColumn('author_first', 'text').addColumn('author_last', 'text').execute();
  await sql`UPDATE lesson_entries e SET author_first = a.first_name, author_last = a.last_name
    FROM accounts a WHERE a.id = e.author_id AND a.deleted_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lesson_entries').dropColumn('author_last').dropColumn('author_first').execute();
}

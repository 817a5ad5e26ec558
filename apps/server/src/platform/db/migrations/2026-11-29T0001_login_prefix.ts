import { type Kysely, sql } from 'kysely';

/**
 * New logins look up the homonyms already given (`login LIKE 'lea.martin%'`).
 * Under a non-C collation the unique index cannot serve a prefix LIKE; this
 * one can, so login generation stays an index range at a million accounts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX accounts_login_prefix_idx ON accounts (login text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX accounts_login_prefix_idx`.execute(db);
}

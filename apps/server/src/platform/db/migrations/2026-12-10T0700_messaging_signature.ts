import { type Kysely, sql } from 'kysely';

/**
 * The messagerie's own settings of an account (issue 13): for now the
 * signature the editor adds under a new message, plain text. One row per
 * account that set something; none means no signature.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE messaging_settings (
    account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    signature text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE messaging_settings`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * ÉduConnect login (issue 14), when Redis is not configured: the AuthnRequests waiting for their answer
 * and the assertion ids already accepted (single use), shared by every process until they expire.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE saml_sp_states (
    key text PRIMARY KEY,
    data jsonb,
    expires_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX saml_sp_states_expiry_idx ON saml_sp_states (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE saml_sp_states`.execute(db);
}

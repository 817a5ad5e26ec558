import { type Kysely, sql } from 'kysely';

/**
 * The GAR's "responsables d'affectation" (STANDARDS.md §4.3): per structure,
 * the accounts the ADMC names to assign publishers' resources in the GAR
 * console. The nightly GAR export writes them in its RespAff files.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE gar_resp_aff (
    structure_id uuid NOT NULL REFERENCES structures (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    named_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (structure_id, account_id)
  )`.execute(db);
  await sql`CREATE INDEX gar_resp_aff_account_idx ON gar_resp_aff (account_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE gar_resp_aff`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * The OpenID Connect provider (issue 14): what oidc-provider stores (grants, codes, tokens, sessions,
 * interactions) when Redis is not configured, and its signing keys and cookie keys, shared by every process.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE oidc_payloads (
    model text NOT NULL,
    id text NOT NULL,
    payload jsonb NOT NULL,
    grant_id text,
    uid text,
    expires_at timestamptz,
    consumed_at timestamptz,
    PRIMARY KEY (model, id)
  )`.execute(db);
  await sql`CREATE INDEX oidc_payloads_grant_idx ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX oidc_payloads_uid_idx ON oidc_payloads (uid) WHERE uid IS NOT NULL`.execute(db);
  await sql`CREATE INDEX oidc_payloads_expiry_idx ON oidc_payloads (expires_at)`.execute(db);
  await sql`CREATE TABLE oidc_keys (
    id text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('signing', 'cookie')),
    secret jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE oidc_keys`.execute(db);
  await sql`DROP TABLE oidc_payloads`.execute(db);
}

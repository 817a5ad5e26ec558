import { type Kysely, sql } from 'kysely';

/**
 * Connected services (issue 14): the collectivité's catalogue and structures' own links, each structure's
 * choice, users' favourites, the launch/validation record, and CAS tickets when Redis is not configured.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE connected_services (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    collectivite_id uuid NOT NULL REFERENCES collectivites (id),
    owner_structure_id uuid REFERENCES structures (id),
    name text NOT NULL,
    icon text NOT NULL,
    launch_url text NOT NULL,
    protocol text NOT NULL CHECK (protocol IN ('cas', 'oidc', 'link')),
    allowed_patterns jsonb NOT NULL DEFAULT '[]',
    profiles jsonb NOT NULL,
    structure_ids jsonb NOT NULL DEFAULT '[]',
    attributes jsonb NOT NULL DEFAULT '[]',
    enabled_by_default boolean NOT NULL DEFAULT true,
    oidc_client_id text UNIQUE,
    oidc_secret_hash text,
    created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`.execute(db);
  await sql`CREATE INDEX connected_services_collectivite_idx ON connected_services (collectivite_id, name) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX connected_services_owner_idx ON connected_services (owner_structure_id) WHERE deleted_at IS NULL`.execute(db);

  await sql`CREATE TABLE connected_service_settings (
    structure_id uuid NOT NULL REFERENCES structures (id),
    service_id uuid NOT NULL REFERENCES connected_services (id) ON DELETE CASCADE,
    enabled boolean NOT NULL,
    updated_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (structure_id, service_id)
  )`.execute(db);

  await sql`CREATE TABLE connected_service_favorites (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    service_id uuid NOT NULL REFERENCES connected_services (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, service_id)
  )`.execute(db);

  // Service, account, time and what happened: nothing else about the user (issue 14).
  await sql`CREATE TABLE connected_service_uses (
    id bigserial PRIMARY KEY,
    service_id uuid NOT NULL REFERENCES connected_services (id) ON DELETE CASCADE,
    account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    kind text NOT NULL CHECK (kind IN ('launch', 'validation')),
    at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX connected_service_uses_service_idx ON connected_service_uses (service_id, at)`.execute(db);

  // CAS tickets without Redis: single use by DELETE … RETURNING, shared by every process on the database.
  await sql`CREATE TABLE sso_tickets (
    id text PRIMARY KEY,
    session_hash text,
    data jsonb NOT NULL,
    expires_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX sso_tickets_session_idx ON sso_tickets (session_hash) WHERE session_hash IS NOT NULL`.execute(db);
  await sql`CREATE INDEX sso_tickets_expiry_idx ON sso_tickets (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sso_tickets`.execute(db);
  await sql`DROP TABLE connected_service_uses`.execute(db);
  await sql`DROP TABLE connected_service_favorites`.execute(db);
  await sql`DROP TABLE connected_service_settings`.execute(db);
  await sql`DROP TABLE connected_services`.execute(db);
}

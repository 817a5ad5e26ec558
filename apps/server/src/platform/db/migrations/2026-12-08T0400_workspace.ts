import { type Kysely, sql } from 'kysely';

/**
 * The espace documentaire (issue 16): folders and files of each account and
 * of each class, their versions, their shares, and the quotas per profile an
 * ADMC sets for his collectivité.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE workspace_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    parent_id uuid REFERENCES workspace_items (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('folder', 'file')),
    name text NOT NULL,
    class_id uuid REFERENCES classes (id) ON DELETE CASCADE,
    storage_key text,
    size bigint,
    content_type text,
    scan_status text CHECK (scan_status IN ('clean', 'pending', 'disabled')),
    version integer NOT NULL DEFAULT 1,
    trashed_at timestamptz,
    trashed_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    trash_root boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'file') = (storage_key IS NOT NULL)),
    CHECK (class_id IS NULL OR (kind = 'folder' AND parent_id IS NULL))
  )`.execute(db);
  // A folder's content, folders first then by name (the page's order and keyset).
  await sql`CREATE INDEX workspace_items_parent_idx ON workspace_items (parent_id, (kind <> 'folder'), name, id)`.execute(db);
  // The top of "Mes documents".
  await sql`CREATE INDEX workspace_items_root_idx ON workspace_items (owner_id, (kind <> 'folder'), name, id) WHERE parent_id IS NULL`.execute(db);
  await sql`CREATE INDEX workspace_items_trash_idx ON workspace_items (trashed_at) WHERE trash_root`.execute(db);
  await sql`CREATE INDEX workspace_items_trasher_idx ON workspace_items (trashed_by) WHERE trash_root`.execute(db);
  await sql`CREATE UNIQUE INDEX workspace_items_class_idx ON workspace_items (class_id) WHERE class_id IS NOT NULL`.execute(db);

  await sql`CREATE TABLE workspace_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    item_id uuid NOT NULL REFERENCES workspace_items (id) ON DELETE CASCADE,
    version integer NOT NULL,
    storage_key text NOT NULL UNIQUE,
    file_name text NOT NULL,
    size bigint NOT NULL,
    content_type text NOT NULL,
    scan_status text NOT NULL CHECK (scan_status IN ('clean', 'pending', 'disabled')),
    author_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (item_id, version)
  )`.execute(db);
  // Files clamd could not scan yet, rescanned by the periodic work.
  await sql`CREATE INDEX workspace_versions_pending_idx ON workspace_versions (created_at) WHERE scan_status = 'pending'`.execute(db);

  await sql`CREATE TABLE workspace_shares (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    item_id uuid NOT NULL REFERENCES workspace_items (id) ON DELETE CASCADE,
    target_kind text NOT NULL CHECK (target_kind IN ('account', 'class', 'group', 'profile')),
    target_id uuid NOT NULL,
    target_profile text,
    "right" text NOT NULL CHECK ("right" IN ('read', 'contribute', 'manage')),
    created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((target_kind = 'profile') = (target_profile IS NOT NULL))
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX workspace_shares_target_uq ON workspace_shares (item_id, target_kind, target_id, coalesce(target_profile, ''))`.execute(db);
  // "Partagés avec moi": the shares naming the actor, his classes, groups or structures.
  await sql`CREATE INDEX workspace_shares_target_idx ON workspace_shares (target_id, target_kind)`.execute(db);

  await sql`CREATE TABLE workspace_quotas (
    collectivite_id uuid NOT NULL REFERENCES collectivites (id) ON DELETE CASCADE,
    profile text NOT NULL,
    quota_bytes bigint NOT NULL CHECK (quota_bytes >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collectivite_id, profile)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE workspace_quotas`.execute(db);
  await sql`DROP TABLE workspace_shares`.execute(db);
  await sql`DROP TABLE workspace_versions`.execute(db);
  await sql`DROP TABLE workspace_items`.execute(db);
}

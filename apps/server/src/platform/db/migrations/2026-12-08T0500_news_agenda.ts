import { type Kysely, sql } from 'kysely';

/** Actualités (news of a structure, class or group, with pictures) and agenda (calendars and events), issue 16. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE news_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id),
    school_year integer NOT NULL,
    target_type text NOT NULL CHECK (target_type IN ('STRUCTURE','CLASS','GROUP')),
    target_id uuid NOT NULL,
    audience text[] NOT NULL,
    title text NOT NULL,
    content_html text NOT NULL,
    status text NOT NULL CHECK (status IN ('DRAFT','SUBMITTED','PUBLISHED')),
    pinned boolean NOT NULL DEFAULT false,
    publish_at timestamptz,
    expire_at timestamptz,
    author_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    author_name text NOT NULL,
    publisher_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    notified_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // Readers' lists: live items of their targets, newest first; authors' and publishers' boxes.
  await sql`CREATE INDEX news_items_target_idx ON news_items (target_id, publish_at DESC, id DESC) WHERE status = 'PUBLISHED'`.execute(db);
  await sql`CREATE INDEX news_items_author_idx ON news_items (author_id, updated_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX news_items_pending_idx ON news_items (structure_id, updated_at DESC, id DESC) WHERE status = 'SUBMITTED'`.execute(db);
  await sql`CREATE INDEX news_items_due_idx ON news_items (publish_at) WHERE status = 'PUBLISHED' AND notified_at IS NULL`.execute(db);
  await sql`CREATE TABLE news_images (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    news_id uuid NOT NULL REFERENCES news_items (id) ON DELETE CASCADE,
    storage_key text NOT NULL,
    file_name text NOT NULL,
    content_type text NOT NULL,
    size bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX news_images_news_idx ON news_images (news_id)`.execute(db);

  await sql`CREATE TABLE calendars (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('PERSONAL','STRUCTURE','CLASS','GROUP')),
    owner_id uuid REFERENCES accounts (id) ON DELETE CASCADE,
    structure_id uuid REFERENCES structures (id),
    target_id uuid,
    title text NOT NULL,
    color text NOT NULL,
    created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'PERSONAL') = (owner_id IS NOT NULL AND structure_id IS NULL)),
    CHECK ((kind = 'PERSONAL') = (target_id IS NULL))
  )`.execute(db);
  await sql`CREATE INDEX calendars_owner_idx ON calendars (owner_id) WHERE owner_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX calendars_target_idx ON calendars (target_id) WHERE target_id IS NOT NULL`.execute(db);
  await sql`CREATE TABLE calendar_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    calendar_id uuid NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    location text NOT NULL DEFAULT '',
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    all_day boolean NOT NULL DEFAULT false,
    recurrence text CHECK (recurrence IN ('DAILY','WEEKLY')),
    recurrence_until date,
    -- The last instant an occurrence may end: what range queries compare with.
    last_ends_at timestamptz NOT NULL,
    ics_uid text,
    created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK ((recurrence IS NULL) = (recurrence_until IS NULL))
  )`.execute(db);
  await sql`CREATE INDEX calendar_events_range_idx ON calendar_events (calendar_id, starts_at, last_ends_at)`.execute(db);
  await sql`CREATE UNIQUE INDEX calendar_events_ics_uid_idx ON calendar_events (calendar_id, ics_uid) WHERE ics_uid IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE calendar_events`.execute(db);
  await sql`DROP TABLE calendars`.execute(db);
  await sql`DROP TABLE news_images`.execute(db);
  await sql`DROP TABLE news_items`.execute(db);
}

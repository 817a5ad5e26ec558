import { type Kysely, sql } from 'kysely';

/**
 * Photos of support tickets (issue 18): pictures of the fault the requester or a handler adds, stored through the
 * platform's uploads (quota charged in stored_files), scanned by clamd like the espace documentaire's files
 * ('pending' is never served and scanned again), with a small WebP thumbnail stored beside them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE support_photos (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The order they were added in, even within one clock tick.
    seq bigint GENERATED ALWAYS AS IDENTITY,
    ticket_id uuid NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
    author_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    storage_key text NOT NULL UNIQUE,
    thumbnail_key text,
    content_type text NOT NULL,
    size integer NOT NULL,
    scan_status text NOT NULL CHECK (scan_status IN ('pending', 'clean', 'disabled')),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX support_photos_ticket_idx ON support_photos (ticket_id, seq)`.execute(db);
  // The periodic rescan reads only the few clamd missed.
  await sql`CREATE INDEX support_photos_pending_idx ON support_photos (seq) WHERE scan_status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE support_photos`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * Support tickets (issue 18): a fault reported by a structure's staff, where
 * it is (room, equipment of the register), its urgency and status, and the
 * comments exchanged with those who handle it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE support_tickets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id),
    author_id uuid NOT NULL REFERENCES accounts (id),
    title text NOT NULL,
    description text NOT NULL,
    room text,
    equipment_id uuid REFERENCES inventory_equipment (id) ON DELETE SET NULL,
    urgency text NOT NULL,
    status text NOT NULL DEFAULT 'NEW',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // The pages, newest first (keyset on created_at, id): a structure's (by status or not), a person's own.
  await sql`CREATE INDEX support_tickets_structure_idx ON support_tickets (structure_id, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX support_tickets_structure_status_idx ON support_tickets (structure_id, status, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX support_tickets_author_idx ON support_tickets (author_id, created_at DESC, id DESC)`.execute(db);

  await sql`CREATE TABLE support_comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The order they were written in, even within one clock tick.
    seq bigint GENERATED ALWAYS AS IDENTITY,
    ticket_id uuid NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
    author_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    by_handler boolean NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX support_comments_ticket_idx ON support_comments (ticket_id, seq)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE support_comments`.execute(db);
  await sql`DROP TABLE support_tickets`.execute(db);
}

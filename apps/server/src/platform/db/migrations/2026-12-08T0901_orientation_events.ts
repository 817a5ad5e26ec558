import { type Kysely, sql } from 'kysely';

/**
 * Open days and orientation fairs of the catalogue's places (issue 17), entered by a school's direction or
 * psychologue or an admin. Each belongs to the collectivité of the structure that entered it: it is shown to that
 * collectivité's users only. The place is an Onisep id, not a foreign key: the catalogue is re-imported and entries
 * can be withdrawn, and an event already announced stays readable.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE orientation_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    collectivite_id uuid NOT NULL REFERENCES collectivites (id),
    structure_id uuid NOT NULL REFERENCES structures (id),
    place_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('OPEN_DAY', 'FAIR', 'OTHER')),
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    label text NOT NULL,
    details text NOT NULL DEFAULT '',
    url text,
    created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
  )`.execute(db);
  // The list: a collectivité's events still to come, soonest first.
  await sql`CREATE INDEX orientation_events_upcoming_idx ON orientation_events (collectivite_id, ends_on)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE orientation_events`.execute(db);
}

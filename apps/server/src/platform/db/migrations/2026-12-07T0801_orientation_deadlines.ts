import { type Kysely, sql } from 'kysely';

/** The orientation calendar of a structure (dates set by the direction), per school year. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE orientation_deadlines (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id),
    school_year integer NOT NULL,
    due_on date NOT NULL,
    label text NOT NULL,
    created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX orientation_deadlines_structure_idx ON orientation_deadlines (structure_id, school_year, due_on)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE orientation_deadlines`.execute(db);
}

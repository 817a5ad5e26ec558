import { type Kysely, sql } from 'kysely';

/**
 * The legal thresholds of unjustified half-days a student reached in a month
 * (4, then 10: STANDARDS.md §11.1), one row per student, month and threshold:
 * the key is what makes the CPE and the direction told once, whoever records
 * the absence that crosses it and however often it is counted again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE attendance_flags (
    student_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    threshold smallint NOT NULL CHECK (threshold IN (4, 10)),
    structure_id uuid NOT NULL REFERENCES structures (id),
    school_year integer NOT NULL,
    unjustified_half_days integer NOT NULL,
    flagged_at timestamptz NOT NULL,
    PRIMARY KEY (student_id, month, threshold)
  )`.execute(db);
  await sql`CREATE INDEX attendance_flags_structure_idx ON attendance_flags (structure_id, school_year, month)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE attendance_flags`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/** Roll calls, absences, lateness, parents' justifications, reasons and course exemptions (issue 15). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE presence_settings (
    structure_id uuid NOT NULL REFERENCES structures (id),
    school_year integer NOT NULL,
    midday_minute integer NOT NULL DEFAULT 750,
    PRIMARY KEY (structure_id, school_year)
  )`.execute(db);
  await sql`CREATE TABLE absence_reasons (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id),
    label text NOT NULL,
    justified boolean NOT NULL,
    counted boolean NOT NULL,
    parents_may_use boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX absence_reasons_structure_idx ON absence_reasons (structure_id)`.execute(db);
  await sql`CREATE TABLE roll_calls (
    course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    occurrence_date date NOT NULL,
    structure_id uuid NOT NULL REFERENCES structures (id),
    taken_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    taken_at timestamptz NOT NULL,
    PRIMARY KEY (course_id, occurrence_date)
  )`.execute(db);
  // One row per absence, lateness or departure; roll-call rows carry their session (course, original date),
  // period absences do not. Dates and minutes are Paris wall-clock, as the timetable keeps them.
  await sql`CREATE TABLE absences (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id),
    school_year integer NOT NULL,
    student_id uuid NOT NULL REFERENCES accounts (id),
    kind text NOT NULL CHECK (kind IN ('ABSENCE', 'LATE', 'LEFT_EARLY')),
    course_id uuid REFERENCES courses (id) ON DELETE SET NULL,
    occurrence_date date,
    from_date date NOT NULL,
    to_date date NOT NULL,
    from_minute integer NOT NULL,
    to_minute integer NOT NULL,
    minutes integer,
    reason_id uuid REFERENCES absence_reasons (id),
    justified boolean NOT NULL DEFAULT false,
    recorded_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (to_date >= from_date)
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX absences_session_idx ON absences (course_id, occurrence_date, student_id) WHERE course_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX absences_structure_day_idx ON absences (structure_id, from_date, to_date)`.execute(db);
  await sql`CREATE INDEX absences_student_idx ON absences (student_id, from_date)`.execute(db);
  await sql`CREATE TABLE absence_justifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    absence_id uuid NOT NULL REFERENCES absences (id) ON DELETE CASCADE,
    structure_id uuid NOT NULL REFERENCES structures (id),
    parent_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    parent_name text NOT NULL,
    reason_id uuid NOT NULL REFERENCES absence_reasons (id),
    comment text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACCEPTED', 'REFUSED')),
    file_name text,
    content_type text,
    size integer,
    storage_key text,
    decided_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX absence_justifications_absence_idx ON absence_justifications (absence_id, created_at)`.execute(db);
  await sql`CREATE INDEX absence_justifications_pending_idx ON absence_justifications (structure_id, status, created_at)`.execute(db);
  await sql`CREATE TABLE course_exemptions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id),
    student_id uuid NOT NULL REFERENCES accounts (id),
    subject_code text NOT NULL,
    from_date date NOT NULL,
    to_date date NOT NULL,
    created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (to_date >= from_date)
  )`.execute(db);
  await sql`CREATE INDEX course_exemptions_student_idx ON course_exemptions (student_id, subject_code, from_date)`.execute(db);
  await sql`CREATE INDEX course_exemptions_structure_idx ON course_exemptions (structure_id, to_date)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE course_exemptions`.execute(db);
  await sql`DROP TABLE absence_justifications`.execute(db);
  await sql`DROP TABLE absences`.execute(db);
  await sql`DROP TABLE roll_calls`.execute(db);
  await sql`DROP TABLE absence_reasons`.execute(db);
  await sql`DROP TABLE presence_settings`.execute(db);
}

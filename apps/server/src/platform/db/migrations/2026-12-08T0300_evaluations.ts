import { type Kysely, sql } from 'kysely';

/**
 * Grades, competences and bulletins (issue 15, second half).
 *
 * Periods belong to a structure and a school year (trimestres or semestres,
 * chosen by the structure): dates, the day grade entry closes, the conseil de
 * classe, and when the direction published the period's bulletins.
 * An evaluation is given by a teacher to a class or a group in a subject and a
 * period; its marks are one row per student: a number, or a special value
 * (ABS, DISP, NN) that never counts in an average. Competence levels (1–4)
 * sit in the mark row, one per competence of the evaluation, by position.
 * Appreciations: one per student, period and subject; subject '' holds the
 * professeur principal's general appreciation.
 * Marks are numbers with at most two decimals: double precision keeps them
 * exact enough and comes back as a number from both drivers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE evaluation_periods (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id) ON DELETE CASCADE,
    school_year integer NOT NULL,
    kind text NOT NULL CHECK (kind IN ('TRIMESTRE', 'SEMESTRE')),
    rank integer NOT NULL CHECK (rank BETWEEN 1 AND 3),
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    entry_closes_on date NOT NULL,
    council_on date NOT NULL,
    bulletins_published_at timestamptz,
    UNIQUE (structure_id, school_year, rank)
  )`.execute(db);

  await sql`CREATE TABLE evaluations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    structure_id uuid NOT NULL REFERENCES structures (id) ON DELETE CASCADE,
    school_year integer NOT NULL,
    period_id uuid NOT NULL REFERENCES evaluation_periods (id),
    teacher_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    teacher_name text NOT NULL,
    class_id uuid REFERENCES classes (id) ON DELETE CASCADE,
    group_id uuid REFERENCES groups (id) ON DELETE CASCADE,
    subject_code text NOT NULL,
    title text NOT NULL,
    given_on date NOT NULL,
    out_of double precision NOT NULL CHECK (out_of > 0),
    rescale boolean NOT NULL,
    coefficient double precision NOT NULL CHECK (coefficient >= 0),
    competences jsonb NOT NULL DEFAULT '[]',
    published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((class_id IS NULL) <> (group_id IS NULL))
  )`.execute(db);
  await sql`CREATE INDEX evaluations_class_idx ON evaluations (class_id, period_id, subject_code, given_on) WHERE class_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX evaluations_group_idx ON evaluations (group_id, period_id, subject_code, given_on) WHERE group_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX evaluations_period_idx ON evaluations (period_id, subject_code)`.execute(db);

  await sql`CREATE TABLE evaluation_marks (
    evaluation_id uuid NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    student_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    value double precision,
    special text CHECK (special IN ('ABS', 'DISP', 'NN')),
    levels jsonb NOT NULL DEFAULT '[]',
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (evaluation_id, student_id),
    CHECK (value IS NULL OR special IS NULL)
  )`.execute(db);
  await sql`CREATE INDEX evaluation_marks_student_idx ON evaluation_marks (student_id)`.execute(db);

  await sql`CREATE TABLE bulletin_appreciations (
    period_id uuid NOT NULL REFERENCES evaluation_periods (id) ON DELETE CASCADE,
    student_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    subject_code text NOT NULL,
    author_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    author_name text NOT NULL,
    body text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (period_id, student_id, subject_code)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['bulletin_appreciations', 'evaluation_marks', 'evaluations', 'evaluation_periods']) {
    await sql`DROP TABLE ${sql.id(table)}`.execute(db);
  }
}

import { type Kysely, sql } from 'kysely';

/**
 * The Onisep catalogue (formations, places of teaching, actions de formation,
 * métiers) and the students' orientation projects.
 *
 * The catalogue is national public data: one copy serves every collectivité,
 * keyed by Onisep's own identifiers (FOR.n, ENS.n, AF.n, MET.n) so a re-import
 * updates in place. `content_hash` lets a re-import skip unchanged rows.
 * Search: a French tsvector over text already lower-cased and stripped of
 * accents in the application (platform/search-key.ts), so PGlite and
 * PostgreSQL need no unaccent extension; a trigram index catches misspellings.
 *
 * Projects (favourites, wishes, comments) belong to a student and carry his
 * structure and school year: the tenant scope every query filters by.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await sql`CREATE TABLE onisep_formations (
    onisep_id text PRIMARY KEY,
    url text NOT NULL,
    label text NOT NULL,
    acronym text,
    type_acronym text,
    type_label text,
    level text,
    level_label text,
    duration text,
    nsf_code text,
    cfd text,
    rncp text,
    tutelle text,
    search_title text NOT NULL,
    search_extra text NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('french', search_title), 'A') || setweight(to_tsvector('french', search_extra), 'B')) STORED,
    content_hash text NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX onisep_formations_fts_idx ON onisep_formations USING gin (search_vector)`.execute(db);
  await sql`CREATE INDEX onisep_formations_trgm_idx ON onisep_formations USING gin (search_title gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX onisep_formations_level_idx ON onisep_formations (level, type_acronym)`.execute(db);

  await sql`CREATE TABLE onisep_structures (
    onisep_id text PRIMARY KEY,
    url text NOT NULL,
    uai text,
    name text NOT NULL,
    kind text,
    status text,
    address text,
    postcode text,
    city text,
    departement text,
    academie text,
    region text,
    latitude double precision,
    longitude double precision,
    content_hash text NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX onisep_structures_uai_idx ON onisep_structures (uai)`.execute(db);

  await sql`CREATE TABLE onisep_actions (
    onisep_id text PRIMARY KEY,
    formation_id text NOT NULL,
    structure_id text NOT NULL,
    apprenticeship boolean NOT NULL DEFAULT false,
    duration text,
    content_hash text NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX onisep_actions_formation_idx ON onisep_actions (formation_id)`.execute(db);
  await sql`CREATE INDEX onisep_actions_structure_idx ON onisep_actions (structure_id)`.execute(db);

  await sql`CREATE TABLE onisep_metiers (
    onisep_id text PRIMARY KEY,
    url text NOT NULL,
    label text NOT NULL,
    rome_code text,
    rome_label text,
    domain text,
    search_title text NOT NULL,
    search_extra text NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('french', search_title), 'A') || setweight(to_tsvector('french', search_extra), 'B')) STORED,
    content_hash text NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX onisep_metiers_fts_idx ON onisep_metiers USING gin (search_vector)`.execute(db);
  await sql`CREATE INDEX onisep_metiers_trgm_idx ON onisep_metiers USING gin (search_title gin_trgm_ops)`.execute(db);

  // Which formations lead to a métier: given by the métiers file, replaced with the métier's row.
  await sql`CREATE TABLE onisep_formation_metiers (
    metier_id text NOT NULL,
    formation_id text NOT NULL,
    PRIMARY KEY (metier_id, formation_id)
  )`.execute(db);
  await sql`CREATE INDEX onisep_formation_metiers_formation_idx ON onisep_formation_metiers (formation_id)`.execute(db);

  await sql`CREATE TABLE orientation_favorites (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('FORMATION', 'METIER', 'STRUCTURE')),
    onisep_id text NOT NULL,
    note text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, kind, onisep_id)
  )`.execute(db);

  await sql`CREATE TABLE orientation_wishes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    structure_id uuid NOT NULL REFERENCES structures (id),
    school_year integer NOT NULL,
    step text NOT NULL CHECK (step IN ('FIN_SECONDE', 'TERMINALE')),
    rank integer NOT NULL,
    label text NOT NULL,
    formation_id text,
    motivation text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (student_id, school_year, step, rank)
  )`.execute(db);
  await sql`CREATE INDEX orientation_wishes_structure_idx ON orientation_wishes (structure_id, school_year, step)`.execute(db);

  await sql`CREATE TABLE orientation_comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    structure_id uuid NOT NULL REFERENCES structures (id),
    school_year integer NOT NULL,
    author_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    author_name text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX orientation_comments_student_idx ON orientation_comments (student_id, school_year, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'orientation_comments',
    'orientation_wishes',
    'orientation_favorites',
    'onisep_formation_metiers',
    'onisep_metiers',
    'onisep_actions',
    'onisep_structures',
    'onisep_formations',
  ]) {
    await sql`DROP TABLE ${sql.id(table)}`.execute(db);
  }
}

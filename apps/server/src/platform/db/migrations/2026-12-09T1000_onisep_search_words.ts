import { type Kysely, sql } from 'kysely';

/**
 * The words of the Onisep catalogue's titles (formations and métiers), where
 * the search finds what a misspelt word was meant to be ("boulanjer" →
 * "boulanger") before its full-text query. Matching misspellings against the
 * titles themselves made PostgreSQL compare the query with every title of a
 * full-size catalogue (15,000 formations: a sequential scan of 0.3–0.6 s,
 * docs/PERFORMANCE.md); a few thousand distinct words are compared in
 * milliseconds, as pg_trgm's documentation advises for spelling suggestions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE onisep_search_words (word text PRIMARY KEY)`.execute(db);
  await sql`CREATE INDEX onisep_search_words_trgm_idx ON onisep_search_words USING gin (word gin_trgm_ops)`.execute(db);
  // Titles are already normalized (lower case, no accents, single spaces): their words are split on spaces.
  await sql`INSERT INTO onisep_search_words (word)
    SELECT DISTINCT w FROM (
      SELECT regexp_split_to_table(search_title, ' ') AS w FROM onisep_formations
      UNION ALL SELECT regexp_split_to_table(search_title, ' ') FROM onisep_metiers) t
    WHERE length(w) >= 3
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE onisep_search_words`.execute(db);
}

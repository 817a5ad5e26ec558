import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { OnisepFormationsTable, OnisepMetiersTable } from '../../platform/db/schema-orientation.ts';

/**
 * SQL of the Onisep catalogue: search and pages. The catalogue is national
 * public data shared by every collectivité: these reads take no tenant scope.
 */

export interface Origin {
  latitude: number;
  longitude: number;
}

/** Filters on where a formation is taught. */
export interface PlaceFilters {
  academie?: string;
  departement?: string;
  status?: 'PUBLIC' | 'PRIVE';
  apprenticeship?: boolean;
  withinKm?: number;
}

export interface FormationSearch {
  /** to_tsquery text (normalized terms and their spelling corrections, `term:*` joined by `|`), or null for no text. */
  tsQuery: string | null;
  level?: string;
  type?: string;
  domain?: string;
  places: PlaceFilters;
  origin: Origin | null;
  offset: number;
  limit: number;
}

export interface FormationRow
  extends Pick<Selectable<OnisepFormationsTable>, 'onisep_id' | 'url' | 'label' | 'acronym' | 'type_acronym' | 'type_label' | 'level' | 'level_label'> {
  place_count: number;
  distance_km: number | null;
}

/** Great-circle distance in km from the origin to the place `s` (the query names onisep_structures `s`). */
export function distanceFrom(origin: Origin | null): RawBuilder<number | null> {
  if (!origin) return sql<null>`NULL::double precision`;
  return sql<number>`(2 * 6371 * asin(sqrt(
    power(sin(radians(s.latitude - ${origin.latitude}) / 2), 2) +
    cos(radians(${origin.latitude})) * cos(radians(s.latitude)) * power(sin(radians(s.longitude - ${origin.longitude}) / 2), 2))))`;
}

function placeConditions(filters: PlaceFilters, distance: RawBuilder<number | null>) {
  const conditions = [sql`true`];
  if (filters.academie) conditions.push(sql`s.academie = ${filters.academie}`);
  if (filters.departement) conditions.push(sql`s.departement = ${filters.departement}`);
  if (filters.status) conditions.push(sql`s.status = ${filters.status}`);
  if (filters.apprenticeship !== undefined) conditions.push(sql`a.apprenticeship = ${filters.apprenticeship}`);
  if (filters.withinKm !== undefined) conditions.push(sql`${distance} <= ${filters.withinKm}`);
  return sql.join(conditions, sql` AND `);
}

function hasPlaceFilter(filters: PlaceFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined);
}

/** Formations matching the search, by relevance then distance (a page of `limit`, from `offset`). */
export async function searchFormations(db: DB, search: FormationSearch): Promise<FormationRow[]> {
  const distance = distanceFrom(search.origin);
  const where = [sql`true`];
  let score: RawBuilder<number> = sql`0`;
  if (search.tsQuery !== null) {
    // Misspellings were corrected into the query beforehand (findSpellingCorrections): the match is the GIN index's.
    const q = sql`to_tsquery('french', ${search.tsQuery})`;
    where.push(sql`f.search_vector @@ ${q}`);
    score = sql`ts_rank_cd(f.search_vector, ${q})`;
  }
  if (search.level) where.push(sql`f.level = ${search.level}`);
  if (search.type) where.push(sql`lower(f.type_acronym) = lower(${search.type})`);
  if (search.domain) where.push(sql`f.nsf_code LIKE ${`${search.domain}%`}`);
  const result = await sql<FormationRow & { score: number }>`
    SELECT f.onisep_id, f.url, f.label, f.acronym, f.type_acronym, f.type_label, f.level, f.level_label,
      p.place_count, p.distance_km, ${score} AS score
    FROM onisep_formations f
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS place_count, min(${distance}) AS distance_km
      FROM onisep_actions a JOIN onisep_structures s ON s.onisep_id = a.structure_id
      WHERE a.formation_id = f.onisep_id AND ${placeConditions(search.places, distance)}
    ) p
    WHERE ${sql.join(where, sql` AND `)} ${hasPlaceFilter(search.places) ? sql`AND p.place_count > 0` : sql``}
    ORDER BY score DESC, p.distance_km ASC NULLS LAST, f.label, f.onisep_id
    LIMIT ${search.limit} OFFSET ${search.offset}`.execute(db);
  return result.rows;
}

export type MetierRow = Pick<Selectable<OnisepMetiersTable>, 'onisep_id' | 'url' | 'label' | 'rome_code' | 'rome_label' | 'domain'>;

/** Métiers matching the search, by relevance then name. */
export async function searchMetiers(
  db: DB,
  search: { tsQuery: string | null; offset: number; limit: number },
): Promise<MetierRow[]> {
  let where = sql`true`;
  let score: RawBuilder<number> = sql`0`;
  if (search.tsQuery !== null) {
    const q = sql`to_tsquery('french', ${search.tsQuery})`;
    where = sql`m.search_vector @@ ${q}`;
    score = sql`ts_rank_cd(m.search_vector, ${q})`;
  }
  const result = await sql<MetierRow>`
    SELECT m.onisep_id, m.url, m.label, m.rome_code, m.rome_label, m.domain, ${score} AS score
    FROM onisep_metiers m WHERE ${where}
    ORDER BY score DESC, m.label, m.onisep_id
    LIMIT ${search.limit} OFFSET ${search.offset}`.execute(db);
  return result.rows;
}

/**
 * Spelling corrections: for each query word (normalized, three letters or more) that no word of the catalogue's
 * titles starts with, the `perWord` title words closest to it by trigrams ("boulanjer" → "boulanger").
 */
export async function findSpellingCorrections(db: DB, words: readonly string[], perWord = 2): Promise<string[]> {
  const asked = words.filter((w) => w.length >= 3);
  if (asked.length === 0) return [];
  const result = await sql<{ word: string }>`
    SELECT c.word FROM (VALUES ${sql.join(asked.map((w) => sql`(${w})`))}) AS q(word)
    CROSS JOIN LATERAL (
      SELECT w.word FROM onisep_search_words w WHERE w.word % q.word
      ORDER BY similarity(w.word, q.word) DESC, w.word LIMIT ${perWord}
    ) c
    WHERE NOT EXISTS (SELECT 1 FROM onisep_search_words p WHERE p.word LIKE q.word || '%')`.execute(db);
  return [...new Set(result.rows.map((r) => r.word))];
}

export async function getFormation(db: DB, id: string) {
  return db.selectFrom('onisep_formations').selectAll().where('onisep_id', '=', id).executeTakeFirst();
}

export async function getMetier(db: DB, id: string) {
  return db.selectFrom('onisep_metiers').selectAll().where('onisep_id', '=', id).executeTakeFirst();
}

export interface PlaceRow {
  onisep_id: string;
  name: string;
  city: string | null;
  departement: string | null;
  academie: string | null;
  status: string | null;
  url: string;
  apprenticeship: boolean;
  distance_km: number | null;
}

/** Where a formation is taught, nearest first (then by name), at most `limit`. */
export async function findPlacesOf(db: DB, formationId: string, origin: Origin | null, limit = 100): Promise<PlaceRow[]> {
  const distance = distanceFrom(origin);
  const result = await sql<PlaceRow>`
    SELECT s.onisep_id, s.name, s.city, s.departement, s.academie, s.status, s.url, a.apprenticeship, ${distance} AS distance_km
    FROM onisep_actions a JOIN onisep_structures s ON s.onisep_id = a.structure_id
    WHERE a.formation_id = ${formationId}
    ORDER BY distance_km ASC NULLS LAST, s.name, a.apprenticeship, s.onisep_id
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

/** The métiers a formation leads to. */
export async function findMetiersOf(db: DB, formationId: string): Promise<MetierRow[]> {
  return db
    .selectFrom('onisep_formation_metiers as l')
    .innerJoin('onisep_metiers as m', 'm.onisep_id', 'l.metier_id')
    .select(['m.onisep_id', 'm.url', 'm.label', 'm.rome_code', 'm.rome_label', 'm.domain'])
    .where('l.formation_id', '=', formationId)
    .orderBy('m.label')
    .execute();
}

/** The formations leading to a métier, with their places (count, nearest). */
export async function findFormationsOf(db: DB, metierId: string, origin: Origin | null): Promise<FormationRow[]> {
  const distance = distanceFrom(origin);
  const result = await sql<FormationRow>`
    SELECT f.onisep_id, f.url, f.label, f.acronym, f.type_acronym, f.type_label, f.level, f.level_label, p.place_count, p.distance_km
    FROM onisep_formation_metiers l JOIN onisep_formations f ON f.onisep_id = l.formation_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS place_count, min(${distance}) AS distance_km
      FROM onisep_actions a JOIN onisep_structures s ON s.onisep_id = a.structure_id WHERE a.formation_id = f.onisep_id
    ) p
    WHERE l.metier_id = ${metierId}
    ORDER BY f.level NULLS LAST, f.label`.execute(db);
  return result.rows;
}

/** Where the first of these UAIs sits, when the catalogue knows it. */
export async function findLocationOfUais(db: DB, uais: string[]): Promise<Origin | null> {
  if (uais.length === 0) return null;
  const row = await db
    .selectFrom('onisep_structures')
    .select(['latitude', 'longitude'])
    .where('uai', 'in', uais)
    .where('latitude', 'is not', null)
    .where('longitude', 'is not', null)
    .orderBy('uai')
    .executeTakeFirst();
  return row?.latitude != null && row.longitude != null ? { latitude: row.latitude, longitude: row.longitude } : null;
}

/** Labels and links of catalogue entries, for favourites. */
export async function findCatalogueLabels(db: DB, ids: { kind: 'FORMATION' | 'METIER' | 'STRUCTURE'; id: string }[]) {
  const of = (kind: string) => ids.filter((i) => i.kind === kind).map((i) => i.id);
  const [formations, metiers, places] = await Promise.all([
    of('FORMATION').length ? db.selectFrom('onisep_formations').select(['onisep_id', 'label', 'url']).where('onisep_id', 'in', of('FORMATION')).execute() : [],
    of('METIER').length ? db.selectFrom('onisep_metiers').select(['onisep_id', 'label', 'url']).where('onisep_id', 'in', of('METIER')).execute() : [],
    of('STRUCTURE').length ? db.selectFrom('onisep_structures').select(['onisep_id', 'name as label', 'url']).where('onisep_id', 'in', of('STRUCTURE')).execute() : [],
  ]);
  return new Map([...formations, ...metiers, ...places].map((r) => [r.onisep_id, r]));
}

/** True when the catalogue holds this entry. */
export async function catalogueEntryExists(db: DB, kind: 'FORMATION' | 'METIER' | 'STRUCTURE', id: string): Promise<boolean> {
  const table = kind === 'FORMATION' ? 'onisep_formations' : kind === 'METIER' ? 'onisep_metiers' : 'onisep_structures';
  const row = await db.selectFrom(table).select('onisep_id').where('onisep_id', '=', id).executeTakeFirst();
  return row !== undefined;
}

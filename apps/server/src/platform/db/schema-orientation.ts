import type { ColumnType, Generated } from 'kysely';

/** Tables of the orientation module (migration 2026-12-07T0800_orientation). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** Computed by the database from the search columns; never written. */
type GeneratedVector = ColumnType<string, never, never>;

export interface OnisepFormationsTable {
  onisep_id: string;
  url: string;
  label: string;
  acronym: string | null;
  type_acronym: string | null;
  type_label: string | null;
  level: string | null;
  level_label: string | null;
  duration: string | null;
  nsf_code: string | null;
  cfd: string | null;
  rncp: string | null;
  tutelle: string | null;
  search_title: string;
  search_extra: string;
  search_vector: GeneratedVector;
  content_hash: string;
}

export interface OnisepStructuresTable {
  onisep_id: string;
  url: string;
  uai: string | null;
  name: string;
  kind: string | null;
  status: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  departement: string | null;
  academie: string | null;
  region: string | null;
  latitude: number | null;
  longitude: number | null;
  content_hash: string;
}

export interface OnisepActionsTable {
  onisep_id: string;
  formation_id: string;
  structure_id: string;
  apprenticeship: Generated<boolean>;
  duration: string | null;
  content_hash: string;
}

export interface OnisepMetiersTable {
  onisep_id: string;
  url: string;
  label: string;
  rome_code: string | null;
  rome_label: string | null;
  domain: string | null;
  search_title: string;
  search_extra: string;
  search_vector: GeneratedVector;
  content_hash: string;
}

export interface OnisepFormationMetiersTable {
  metier_id: string;
  formation_id: string;
}

/** The distinct words of the catalogue's titles, for spelling corrections (migration 2026-12-09T1000). */
export interface OnisepSearchWordsTable {
  word: string;
}

export interface OrientationFavoritesTable {
  account_id: string;
  kind: 'FORMATION' | 'METIER' | 'STRUCTURE';
  onisep_id: string;
  note: Generated<string>;
  created_at: CreatedAt;
}

export interface OrientationWishesTable {
  id: Generated<string>;
  student_id: string;
  structure_id: string;
  school_year: number;
  step: 'FIN_SECONDE' | 'TERMINALE';
  rank: number;
  label: string;
  formation_id: string | null;
  motivation: Generated<string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OrientationCommentsTable {
  id: Generated<string>;
  student_id: string;
  structure_id: string;
  school_year: number;
  author_id: string | null;
  author_name: string;
  body: string;
  created_at: CreatedAt;
}

export interface OrientationDeadlinesTable {
  id: Generated<string>;
  structure_id: string;
  school_year: number;
  due_on: string;
  label: string;
  created_by: string | null;
  created_at: CreatedAt;
}

/** Open days and fairs of catalogue places (migration 2026-12-08T0901_orientation_events). */
export interface OrientationEventsTable {
  id: Generated<string>;
  collectivite_id: string;
  structure_id: string;
  place_id: string;
  kind: 'OPEN_DAY' | 'FAIR' | 'OTHER';
  starts_on: string;
  ends_on: string;
  label: string;
  details: Generated<string>;
  url: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface OrientationTables {
  orientation_deadlines: OrientationDeadlinesTable;
  orientation_events: OrientationEventsTable;
  onisep_formations: OnisepFormationsTable;
  onisep_structures: OnisepStructuresTable;
  onisep_actions: OnisepActionsTable;
  onisep_metiers: OnisepMetiersTable;
  onisep_formation_metiers: OnisepFormationMetiersTable;
  onisep_search_words: OnisepSearchWordsTable;
  orientation_favorites: OrientationFavoritesTable;
  orientation_wishes: OrientationWishesTable;
  orientation_comments: OrientationCommentsTable;
}

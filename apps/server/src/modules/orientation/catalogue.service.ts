import type {
  FormationDetail,
  FormationLevel,
  FormationPage,
  FormationSearchQuery,
  FormationSummary,
  MetierDetail,
  MetierPage,
  MetierSearchQuery,
  MetierSummary,
} from '@preau/contracts';
import { z } from 'zod';
import { type Actor, authorize } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { normalizeForSearch } from '../../platform/search-key.ts';
import { decodeCursor, encodeCursor } from '../directory/keyset-cursor.ts';
import {
  findFormationsOf,
  findLocationOfUais,
  findMetiersOf,
  findPlacesOf,
  findSpellingCorrections,
  type FormationRow,
  getFormation,
  getMetier,
  type MetierRow,
  type Origin,
  searchFormations,
  searchMetiers,
} from './catalogue.repository.ts';
import { findStructureUais } from '../directory/relations.repository.ts';

/**
 * The Onisep catalogue as a lycéen searches it: free text with French
 * stemming, accents and case ignored, misspellings corrected to the
 * catalogue's own words by trigrams, the
 * words lycéens use for what Onisep names otherwise; filters; results by
 * relevance, then distance from the actor's lycée.
 */

/** Words lycéens type, and what the catalogue calls them. */
const synonyms: Record<string, string> = {
  prepa: 'preparatoire cpge',
  prepas: 'preparatoire cpge',
  fac: 'licence universite',
  iut: 'but',
  inge: 'ingenieur',
  infirmiere: 'infirmier',
  informatique: 'informatique informatiques',
  sport: 'sport sportif sportive staps',
};

/** Short words that say nothing about a formation (French stop words are dropped by PostgreSQL itself). */
const ignored = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'en', 'a', 'au', 'aux', 'metier', 'metiers', 'formation', 'formations']);

export interface TextQuery {
  tsQuery: string | null;
  text: string | null;
}

/** The query's words, normalized, expanded with synonyms, as a prefix OR query (relevance ranks those matching most). */
export function textQuery(q: string | undefined): TextQuery {
  const normalized = normalizeForSearch(q ?? '').slice(0, 100);
  const words = normalized.split(' ').filter((w) => w.length > 0 && !ignored.has(w)).slice(0, 8);
  if (words.length === 0) return { tsQuery: null, text: null };
  const expanded = [...new Set(words.flatMap((w) => [w, ...(synonyms[w]?.split(' ') ?? [])]))];
  // Only letters and digits survive normalizeForSearch: nothing here can be tsquery syntax.
  return { tsQuery: expanded.map((w) => `${w}:*`).join(' | '), text: words.join(' ') };
}

const OffsetCursor = z.strictObject({ o: z.number().int().min(1).max(1000) });

function offsetOf(cursor: string | undefined): number {
  return decodeCursor(OffsetCursor, cursor)?.o ?? 0;
}

function pageOf<T, R>(rows: T[], offset: number, limit: number, present: (row: T) => R) {
  const more = rows.length > limit && offset + limit < 1000;
  return { items: rows.slice(0, limit).map(present), nextCursor: more ? encodeCursor({ o: offset + limit }) : null };
}

/** Distances are shown to the tenth of a km. */
function km(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

function presentFormation(row: FormationRow): FormationSummary {
  return {
    id: row.onisep_id,
    label: row.label,
    acronym: row.acronym,
    typeAcronym: row.type_acronym,
    typeLabel: row.type_label,
    level: row.level as FormationLevel | null,
    levelLabel: row.level_label,
    url: row.url,
    placeCount: row.place_count,
    distanceKm: km(row.distance_km),
  };
}

function presentMetier(row: MetierRow): MetierSummary {
  return { id: row.onisep_id, label: row.label, url: row.url, romeCode: row.rome_code, domain: row.domain };
}

function requireOrientationApp(actor: Actor): void {
  authorize(actor, 'app.use', { type: 'app', id: 'orientation' });
}

/** Where the actor's lycée is, when the catalogue knows its UAI. */
async function originOf(platform: Platform, actor: Actor): Promise<Origin | null> {
  const db = platform.database.db;
  return findLocationOfUais(db, await findStructureUais(db, actor.structureIds));
}

/** The query's full-text terms, with the catalogue words its misspelt words were meant to be. */
async function catalogueQuery(platform: Platform, q: string | undefined): Promise<string | null> {
  const { tsQuery, text } = textQuery(q);
  if (tsQuery === null || text === null) return null;
  const corrections = await findSpellingCorrections(platform.database.db, text.split(' '));
  // Corrections are catalogue words (letters and digits only): no tsquery syntax can come in with them.
  return [tsQuery, ...corrections.map((w) => `${w}:*`)].join(' | ');
}

/** Searches formations. */
export async function searchFormationCatalogue(platform: Platform, actor: Actor, query: FormationSearchQuery): Promise<FormationPage> {
  requireOrientationApp(actor);
  const origin = await originOf(platform, actor);
  if (query.withinKm !== undefined && !origin) throw new AppError('ORIENTATION_NO_LOCATION');
  const offset = offsetOf(query.cursor);
  const rows = await searchFormations(platform.database.db, {
    tsQuery: await catalogueQuery(platform, query.q),
    level: query.level,
    type: query.type,
    domain: query.domain,
    places: {
      academie: query.academie,
      departement: query.departement,
      status: query.status,
      apprenticeship: query.apprenticeship === undefined ? undefined : query.apprenticeship === 'true',
      withinKm: query.withinKm,
    },
    origin,
    offset,
    limit: query.limit + 1,
  });
  return pageOf(rows, offset, query.limit, presentFormation);
}

/** Searches métiers. */
export async function searchMetierCatalogue(platform: Platform, actor: Actor, query: MetierSearchQuery): Promise<MetierPage> {
  requireOrientationApp(actor);
  const offset = offsetOf(query.cursor);
  const rows = await searchMetiers(platform.database.db, { tsQuery: await catalogueQuery(platform, query.q), offset, limit: query.limit + 1 });
  return pageOf(rows, offset, query.limit, presentMetier);
}

/** A formation's page: where it is taught (nearest first) and the métiers it leads to. */
export async function getFormationPage(platform: Platform, actor: Actor, id: string): Promise<FormationDetail> {
  requireOrientationApp(actor);
  const db = platform.database.db;
  const formation = await getFormation(db, id);
  if (!formation) throw new AppError('NOT_FOUND');
  const origin = await originOf(platform, actor);
  const [places, metiers] = await Promise.all([findPlacesOf(db, id, origin), findMetiersOf(db, id)]);
  const nearest = places.find((p) => p.distance_km !== null)?.distance_km ?? null;
  return {
    ...presentFormation({ ...formation, place_count: places.length, distance_km: nearest }),
    duration: formation.duration,
    nsfCode: formation.nsf_code,
    tutelle: formation.tutelle,
    places: places.map((p) => ({
      id: p.onisep_id,
      name: p.name,
      city: p.city,
      departement: p.departement,
      academie: p.academie,
      status: p.status as 'PUBLIC' | 'PRIVE' | null,
      apprenticeship: p.apprenticeship,
      url: p.url,
      distanceKm: km(p.distance_km),
    })),
    metiers: metiers.map(presentMetier),
  };
}

/** A métier's page: the formations leading to it. */
export async function getMetierPage(platform: Platform, actor: Actor, id: string): Promise<MetierDetail> {
  requireOrientationApp(actor);
  const db = platform.database.db;
  const metier = await getMetier(db, id);
  if (!metier) throw new AppError('NOT_FOUND');
  const formations = await findFormationsOf(db, id, await originOf(platform, actor));
  return { ...presentMetier(metier), romeLabel: metier.rome_label, formations: formations.map(presentFormation) };
}

import type { Insertable, Selectable, Updateable } from 'kysely';
import { type RawBuilder, sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { StructuresTable } from '../../platform/db/schema.ts';
import { normalizeForSearch } from '../../platform/search-key.ts';
import { afterKey, allOf, anyOf, byKey } from '../directory/name-search.ts';

/** SQL of the structures (établissements) in the admin area. */

export type StructureRow = Selectable<StructuresTable>;

/** A structure by id. */
export async function getStructure(db: DB, id: string): Promise<StructureRow | undefined> {
  return db.selectFrom('structures').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The accented letters (Latin-1 and Latin Extended-A, either case) and what
 * `normalizeForSearch` makes of each, then the combining accents, which
 * `translate` drops: SQL folds a name as TypeScript folds the search terms,
 * with no extension (unaccent) and whatever the database's locale.
 */
const FOLD_FROM: string[] = [];
const FOLD_TO: string[] = [];
for (let code = 0xc0; code <= 0x17f; code++) {
  const letter = String.fromCodePoint(code);
  const folded = normalizeForSearch(letter);
  if (folded.length === 1 && folded !== letter) {
    FOLD_FROM.push(letter);
    FOLD_TO.push(folded);
  }
}
for (let code = 0x300; code <= 0x36f; code++) FOLD_FROM.push(String.fromCodePoint(code));
const FOLD = { from: FOLD_FROM.join(''), to: FOLD_TO.join('') };

/** `column`, lower case and without accents, as `normalizeForSearch` would write it (but for punctuation). */
function folded(column: string): RawBuilder<string> {
  return sql<string>`lower(translate(coalesce(${sql.ref(column)}, ''), ${FOLD.from}::text, ${FOLD.to}::text))`;
}

/**
 * One condition per search term (normalized, so free of LIKE wildcards): the
 * term is part of the name or the city, or begins the UAI.
 */
function structureTermConditions(terms: string[]): RawBuilder<boolean>[] {
  return terms.map(
    (term) =>
      sql<boolean>`(strpos(${folded('s.name')}, ${term}) > 0 OR strpos(${folded('s.city')}, ${term}) > 0 OR lower(s.uai) LIKE ${`${term}%`})`,
  );
}

/**
 * One page (limit + 1 rows) of the structures administered through these
 * roles whose name, city or UAI matches every term, by name. No index serves
 * the terms: they are checked on the administered structures only (a
 * region's few hundred), and the page is still ordered and limited.
 */
export async function findAdministeredStructures(
  db: DB,
  roles: { structureIds: string[]; collectiviteIds: string[] },
  filter: { terms: string[] },
  page: { after: { key: string; id: string } | undefined; limit: number },
): Promise<StructureRow[]> {
  const scope: RawBuilder<boolean>[] = [];
  if (roles.structureIds.length > 0) scope.push(sql<boolean>`s.id IN (${sql.join(roles.structureIds)})`);
  if (roles.collectiviteIds.length > 0) scope.push(sql<boolean>`s.collectivite_id IN (${sql.join(roles.collectiviteIds)})`);
  const conditions = [anyOf(scope), ...structureTermConditions(filter.terms)];
  if (page.after) conditions.push(afterKey('s.name', 's.id', page.after));
  const result = await sql<StructureRow>`
    SELECT s.* FROM structures s
    WHERE ${allOf(conditions)}
    ORDER BY ${byKey('s.name', 's.id')}
    LIMIT ${page.limit + 1}`.execute(db);
  return result.rows;
}

/** Accounts and accounts awaiting activation of each structure this year. */
export async function countStructureAccounts(db: DB, structureIds: string[], schoolYear: number) {
  if (structureIds.length === 0) return [];
  const result = await sql<{ structureId: string; accounts: number; pending: number }>`
    SELECT sm.structure_id AS "structureId", count(*)::int AS accounts,
           (count(*) FILTER (WHERE a.status = 'PROVISIONED'))::int AS pending
    FROM structure_members sm
    JOIN accounts a ON a.id = sm.account_id AND a.deleted_at IS NULL
    WHERE sm.structure_id IN (${sql.join(structureIds)}) AND sm.school_year = ${schoolYear}
    GROUP BY sm.structure_id`.execute(db);
  return result.rows;
}

/** Inserts a structure (the UAI's unique index answers a duplicate). */
export async function insertStructure(db: DB, values: Insertable<StructuresTable>): Promise<StructureRow> {
  return db.insertInto('structures').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a structure's fields. */
export async function updateStructure(db: DB, id: string, changes: Updateable<StructuresTable>): Promise<StructureRow> {
  return db.updateTable('structures').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

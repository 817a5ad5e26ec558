import type { Insertable, Selectable, Updateable } from 'kysely';
import { type RawBuilder, sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { StructuresTable } from '../../platform/db/schema.ts';
import { afterKey, allOf, anyOf, byKey } from '../directory/name-search.ts';

/** SQL of the structures (établissements) in the admin area. */

export type StructureRow = Selectable<StructuresTable>;

/** A structure by id. */
export async function getStructure(db: DB, id: string): Promise<StructureRow | undefined> {
  return db.selectFrom('structures').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One page (limit + 1 rows) of the structures administered through these roles, by name. */
export async function findAdministeredStructures(
  db: DB,
  roles: { structureIds: string[]; collectiviteIds: string[] },
  page: { after: { key: string; id: string } | undefined; limit: number },
): Promise<StructureRow[]> {
  const scope: RawBuilder<boolean>[] = [];
  if (roles.structureIds.length > 0) scope.push(sql<boolean>`s.id IN (${sql.join(roles.structureIds)})`);
  if (roles.collectiviteIds.length > 0) scope.push(sql<boolean>`s.collectivite_id IN (${sql.join(roles.collectiviteIds)})`);
  const conditions = [anyOf(scope)];
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

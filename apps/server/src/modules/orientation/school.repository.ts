import type { DB } from '../../platform/db/database.ts';

/**
 * The few facts of the school the orientation module reads to decide and to
 * sign (a class or structure with its collectivité, an author's name). Who is
 * linked to whom is asked of the directory module (directory/relations.repository.ts).
 */

/** A class with its structure's collectivité. */
export async function getClassWithOwner(db: DB, classId: string) {
  return db
    .selectFrom('classes as c')
    .innerJoin('structures as s', 's.id', 'c.structure_id')
    .select(['c.id', 'c.name', 'c.school_year', 'c.structure_id', 's.collectivite_id'])
    .where('c.id', '=', classId)
    .executeTakeFirst();
}

/** A structure with its collectivité (what `can` needs). */
export async function getStructureWithOwner(db: DB, structureId: string) {
  return db.selectFrom('structures').select(['id', 'collectivite_id']).where('id', '=', structureId).executeTakeFirst();
}

/** "Prénom NOM" of an account, as comments are signed. */
export async function getDisplayName(db: DB, accountId: string): Promise<string> {
  const row = await db.selectFrom('accounts').select(['first_name', 'last_name']).where('id', '=', accountId).executeTakeFirst();
  return row ? `${row.first_name} ${row.last_name}` : '';
}

/** Structures by id with their name and collectivité (an actor's few structures). */
export async function findStructuresWithOwner(db: DB, structureIds: readonly string[]) {
  if (structureIds.length === 0) return [];
  return db.selectFrom('structures').select(['id', 'name', 'collectivite_id']).where('id', 'in', [...structureIds]).orderBy('name').execute();
}

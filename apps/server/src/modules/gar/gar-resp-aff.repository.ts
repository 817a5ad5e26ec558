import type { DB } from '../../platform/db/database.ts';

/** The responsables d'affectation of a structure (table gar_resp_aff). */

export interface RespAffRow {
  accountId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  namedAt: Date;
}

/** Names one; naming the same person again changes nothing (false). */
export async function nameRespAff(db: DB, input: { structureId: string; accountId: string; namedBy: string | null }): Promise<boolean> {
  const inserted = await db
    .insertInto('gar_resp_aff')
    .values({ structure_id: input.structureId, account_id: input.accountId, named_by: input.namedBy })
    .onConflict((oc) => oc.columns(['structure_id', 'account_id']).doNothing())
    .returning('account_id')
    .execute();
  return inserted.length > 0;
}

/** Removes one; true when there was one to remove. */
export async function removeRespAff(db: DB, input: { structureId: string; accountId: string }): Promise<boolean> {
  const result = await db.deleteFrom('gar_resp_aff').where('structure_id', '=', input.structureId).where('account_id', '=', input.accountId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A structure's responsables d'affectation, by name. */
export async function findRespAffOfStructure(db: DB, structureId: string): Promise<RespAffRow[]> {
  return db
    .selectFrom('gar_resp_aff as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .select(['a.id as accountId', 'a.first_name as firstName', 'a.last_name as lastName', 'a.email', 'r.created_at as namedAt'])
    .where('r.structure_id', '=', structureId)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.last_name')
    .orderBy('a.first_name')
    .orderBy('a.id')
    .execute();
}

/** A structure and its collectivité (the service then asks `can`), or undefined. */
export async function findStructure(db: DB, structureId: string): Promise<{ id: string; collectiviteId: string } | undefined> {
  return db.selectFrom('structures').select(['id', 'collectivite_id as collectiviteId']).where('id', '=', structureId).executeTakeFirst();
}

/** A member of the structure this year who could be named: profile and e-mail, or undefined when not a member. */
export async function findStructureMember(
  db: DB,
  input: { structureId: string; accountId: string; schoolYear: number },
): Promise<{ profile: string; email: string | null } | undefined> {
  return db
    .selectFrom('structure_members as sm')
    .innerJoin('accounts as a', 'a.id', 'sm.account_id')
    .select(['a.profile', 'a.email'])
    .where('sm.structure_id', '=', input.structureId)
    .where('sm.account_id', '=', input.accountId)
    .where('sm.school_year', '=', input.schoolYear)
    .where('a.deleted_at', 'is', null)
    .executeTakeFirst();
}

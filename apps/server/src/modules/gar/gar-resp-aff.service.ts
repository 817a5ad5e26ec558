import type { GarRespAffList } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, can, isAdmin } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { findRespAffOfStructure, findStructure, findStructureMember, nameRespAff, removeRespAff } from './gar-resp-aff.repository.ts';

/**
 * The responsables d'affectation of a structure (STANDARDS.md §4.3): the
 * people who assign publishers' resources in the GAR console. The ADMC names
 * them; the structure's ADML sees who they are. Outside the admin area and
 * for a structure in sight but not his to change: FORBIDDEN; a structure out
 * of the actor's sight: NOT_FOUND.
 */

async function structureFor(platform: Platform, actor: Actor, structureId: string, action: 'gar.respAff.read' | 'gar.respAff.manage') {
  // Outside the admin area: FORBIDDEN, as every admin route answers.
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN');
  const structure = await findStructure(platform.database.db, structureId);
  const resource = structure && ({ type: 'structure', id: structure.id, collectiviteId: structure.collectiviteId } as const);
  if (!resource || !can(actor, 'gar.respAff.read', resource)) throw new AppError('NOT_FOUND');
  if (!can(actor, action, resource)) throw new AppError('FORBIDDEN');
  return resource;
}

/** The structure's responsables d'affectation, and whether the actor may change them. */
export async function listRespAff(platform: Platform, actor: Actor, structureId: string): Promise<GarRespAffList> {
  const resource = await structureFor(platform, actor, structureId, 'gar.respAff.read');
  const rows = await findRespAffOfStructure(platform.database.db, structureId);
  return {
    items: rows.map((r) => ({ ...r, namedAt: new Date(r.namedAt).toISOString() })),
    canManage: can(actor, 'gar.respAff.manage', resource),
  };
}

/**
 * Names a teacher or staff member of the structure; the GAR requires an
 * e-mail for each (GAR_RESP_AFF_NO_EMAIL). Naming him twice changes nothing.
 */
export async function addRespAff(platform: Platform, actor: Actor, structureId: string, accountId: string): Promise<GarRespAffList> {
  await structureFor(platform, actor, structureId, 'gar.respAff.manage');
  const db = platform.database.db;
  const member = await findStructureMember(db, { structureId, accountId, schoolYear: platform.schoolYear() });
  if (!member) throw new AppError('NOT_FOUND');
  if (member.profile !== 'ENSEIGNANT' && member.profile !== 'PERSONNEL') throw new AppError('GAR_RESP_AFF_NOT_STAFF');
  if (!member.email) throw new AppError('GAR_RESP_AFF_NO_EMAIL');
  await db.transaction().execute(async (trx) => {
    const named = await nameRespAff(trx, { structureId, accountId, namedBy: actor.accountId });
    if (named) await audit(trx, { actorId: actor.accountId, action: 'gar.respAff.name', targetType: 'account', targetId: accountId, structureId });
  });
  return listRespAff(platform, actor, structureId);
}

/** Removes one; NOT_FOUND when he was not one. */
export async function deleteRespAff(platform: Platform, actor: Actor, structureId: string, accountId: string): Promise<GarRespAffList> {
  await structureFor(platform, actor, structureId, 'gar.respAff.manage');
  const removed = await platform.database.db.transaction().execute(async (trx) => {
    const done = await removeRespAff(trx, { structureId, accountId });
    if (done) await audit(trx, { actorId: actor.accountId, action: 'gar.respAff.remove', targetType: 'account', targetId: accountId, structureId });
    return done;
  });
  if (!removed) throw new AppError('NOT_FOUND');
  return listRespAff(platform, actor, structureId);
}

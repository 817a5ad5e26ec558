import { type CommunicationRules, profiles, type CommunicationRule } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { defaultRules, effectiveRules } from './communication-rules.ts';
import { findOverrides, getStructureRef, replaceRules } from './rules.repository.ts';

async function administeredStructure(platform: Platform, actor: Actor, structureId: string) {
  const structure = await getStructureRef(platform.database.db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  const resource = { type: 'structure', id: structure.id, collectiviteId: structure.collectivite_id } as const;
  authorize(actor, 'structure.administer', resource);
  return structure;
}

/** The whole profile × profile matrix of a structure, each rule marked default or changed. */
export async function getRules(platform: Platform, actor: Actor, structureId: string): Promise<CommunicationRules> {
  await administeredStructure(platform, actor, structureId);
  const overrides = await findOverrides(platform.database.db, structureId);
  const matrix = effectiveRules(overrides);
  return {
    structureId,
    rules: profiles.flatMap((from) =>
      profiles.map((to) => ({ from, to, scope: matrix[from][to], isDefault: matrix[from][to] === defaultRules[from][to] })),
    ),
  };
}

/**
 * Sets rules of a structure (ADML of it, ADMC of its collectivité). A rule
 * equal to the default is stored as "no change"; the change is audited and
 * ends the reply exception for messages sent before it.
 */
export async function updateRules(platform: Platform, actor: Actor, structureId: string, rules: CommunicationRule[]): Promise<CommunicationRules> {
  await administeredStructure(platform, actor, structureId);
  await platform.database.db.transaction().execute(async (trx) => {
    await replaceRules(trx, structureId, rules, actor.accountId, new Date(platform.now()));
    await audit(trx, {
      actorId: actor.accountId,
      action: 'messaging.rules.update',
      targetType: 'structure',
      targetId: structureId,
      structureId,
      details: { rules },
    });
  });
  return getRules(platform, actor, structureId);
}

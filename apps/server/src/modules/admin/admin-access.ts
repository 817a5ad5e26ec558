import { type Profile, profiles } from '@preau/contracts';
import { type Action, type Actor, can, type Resource } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';

/**
 * How the admin services ask `can`: no rule lives here, only the shape of
 * the answer — outside the admin area 403, an object out of scope 404 (so its
 * existence is not disclosed), an object in sight but not to be changed 403.
 */

/** Throws FORBIDDEN unless the actor may open the admin area at all (ADMC or ADML). */
export function requireAdminArea(actor: Actor): void {
  if (!can(actor, 'app.use', { type: 'app', id: 'admin' })) throw new AppError('FORBIDDEN');
}

/** Throws NOT_FOUND unless the actor administers the structure. */
export function requireAdministered(actor: Actor, structure: { id: string; collectivite_id: string } | undefined): asserts structure {
  if (!structure) throw new AppError('NOT_FOUND');
  if (!can(actor, 'structure.administer', { type: 'structure', id: structure.id, collectiviteId: structure.collectivite_id })) {
    throw new AppError('NOT_FOUND');
  }
}

/** An account as `can` sees it: its profile and the structures (and their collectivités) it belongs to this year. */
export function accountResource(
  account: { id: string; profile: Profile },
  memberships: { structureId: string; collectiviteId: string }[],
): Resource {
  return {
    type: 'account',
    id: account.id,
    profile: account.profile,
    structureIds: memberships.map((m) => m.structureId),
    collectiviteIds: [...new Set(memberships.map((m) => m.collectiviteId))],
  };
}

/**
 * The profiles whose accounts of this structure the actor may `action`,
 * asked of `can` itself so a list's SQL filter never drifts from the rule.
 * (The id is one no actor has: a new or someone else's account.)
 */
export function profilesActorMay(actor: Actor, action: Action, structure: { id: string; collectivite_id: string }): Profile[] {
  const membership = [{ structureId: structure.id, collectiviteId: structure.collectivite_id }];
  return profiles.filter((profile) => can(actor, action, accountResource({ id: '', profile }, membership)));
}

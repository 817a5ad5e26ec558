import type { AppId, Profile, StaffFunction } from '@preau/contracts';

/**
 * Who is acting: loaded once per request with the session. Scopes are ids of
 * the current school year; rights derive from them and from the profile.
 */
export interface Actor {
  accountId: string;
  profile: Profile;
  staffFunction: StaffFunction | null;
  structureIds: string[];
  admcCollectiviteIds: string[];
  admlStructureIds: string[];
}

/** What an action is done to. Services load the object, then ask `can`. */
export type Resource =
  | { type: 'app'; id: AppId }
  | { type: 'collectivite'; id: string }
  | { type: 'structure'; id: string; collectiviteId: string }
  | { type: 'account'; id: string; profile: Profile; structureIds: string[]; collectiviteIds: string[] };

export type Action =
  | 'app.use'
  | 'structure.create'
  | 'structure.read'
  | 'structure.update'
  | 'structure.administer'
  | 'account.read'
  | 'account.create'
  | 'account.update'
  | 'account.block'
  | 'account.resetActivation';

/** Which profiles may open which portal app (admin rights come from roles, not profiles). */
const appsByProfile = {
  ELEVE: ['annuaire', 'account'],
  PARENT: ['annuaire', 'account'],
  ENSEIGNANT: ['annuaire', 'account'],
  PERSONNEL: ['annuaire', 'account'],
  COLLECTIVITE: ['annuaire', 'account'],
  INVITE: ['account'],
} as const satisfies Record<Profile, readonly AppId[]>;

/** Profiles a structure admin (ADML) may create or manage; an ADMC manages every profile. */
const admlManageableProfiles = {
  ELEVE: true,
  PARENT: true,
  ENSEIGNANT: true,
  PERSONNEL: true,
  COLLECTIVITE: false,
  INVITE: true,
} as const satisfies Record<Profile, boolean>;

export function isAdmin(actor: Actor): boolean {
  return actor.admcCollectiviteIds.length > 0 || actor.admlStructureIds.length > 0;
}

function administersStructure(actor: Actor, structureId: string, collectiviteId: string): boolean {
  return actor.admlStructureIds.includes(structureId) || actor.admcCollectiviteIds.includes(collectiviteId);
}

/**
 * The one authorization decision of Préau. Every service asks it before
 * touching an object; the table-driven test in authorization.test.ts covers
 * profile × action × resource.
 */
export function can(actor: Actor, action: Action, resource: Resource): boolean {
  switch (resource.type) {
    case 'app':
      if (action !== 'app.use') return false;
      if (resource.id === 'admin') return isAdmin(actor);
      return (appsByProfile[actor.profile] as readonly AppId[]).includes(resource.id);

    case 'collectivite':
      return action === 'structure.create' && actor.admcCollectiviteIds.includes(resource.id);

    case 'structure':
      if (action === 'structure.read') {
        return actor.structureIds.includes(resource.id) || administersStructure(actor, resource.id, resource.collectiviteId);
      }
      if (action === 'structure.update') return actor.admcCollectiviteIds.includes(resource.collectiviteId);
      if (action === 'structure.administer') return administersStructure(actor, resource.id, resource.collectiviteId);
      return false;

    case 'account': {
      if (!['account.read', 'account.create', 'account.update', 'account.block', 'account.resetActivation'].includes(action)) {
        return false;
      }
      // Nobody blocks or re-keys their own account through the admin area.
      if (resource.id === actor.accountId && action !== 'account.read') return false;
      if (resource.collectiviteIds.some((id) => actor.admcCollectiviteIds.includes(id))) return true;
      const inMyStructure = resource.structureIds.some((id) => actor.admlStructureIds.includes(id));
      return inMyStructure && admlManageableProfiles[resource.profile];
    }
  }
}

/** The portal apps this actor may open, in display order. */
export function usableApps(actor: Actor): AppId[] {
  const ids: AppId[] = ['annuaire', 'account', 'admin'];
  return ids.filter((id) => can(actor, 'app.use', { type: 'app', id }));
}

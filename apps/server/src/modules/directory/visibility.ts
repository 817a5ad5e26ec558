import type { Profile } from '@preau/contracts';
import type { Actor } from '../../platform/authorization.ts';

/**
 * The annuaire's visibility rules, as data the repository turns into SQL.
 * Every list is derived from the actor's own memberships of the current
 * school year, so a query touches one structure's rows, never the region's.
 */
export interface VisibilityScope {
  accountId: string;
  schoolYear: number;
  /** Structures whose every member (and class and group) is visible. */
  wholeStructureIds: string[];
  /** Collectivités whose structures are wholly visible (ADMC). */
  wholeCollectiviteIds: string[];
  /** Student: classmates, the teachers of his classes and groups, his parents; his own classes and groups. */
  asStudent: boolean;
  /** Structures whose PERSONNEL accounts are visible (a student's). */
  personnelStructureIds: string[];
  /** Parent: his children, the teachers and staff of their structures; their classes and groups. */
  asParent: boolean;
}

type Reach = 'student' | 'parent' | 'structure' | 'none';

/** What each profile sees by itself, before any admin role widens it. */
const reachByProfile = {
  ELEVE: 'student',
  PARENT: 'parent',
  ENSEIGNANT: 'structure',
  PERSONNEL: 'structure',
  COLLECTIVITE: 'structure',
  INVITE: 'none',
} as const satisfies Record<Profile, Reach>;

/** The annuaire scope of an actor for a school year. */
export function visibilityScopeOf(actor: Actor, schoolYear: number): VisibilityScope {
  const reach: Reach = reachByProfile[actor.profile];
  const whole = new Set<string>(actor.admlStructureIds);
  if (reach === 'structure') for (const id of actor.structureIds) whole.add(id);
  return {
    accountId: actor.accountId,
    schoolYear,
    wholeStructureIds: [...whole],
    wholeCollectiviteIds: [...actor.admcCollectiviteIds],
    asStudent: reach === 'student',
    personnelStructureIds: reach === 'student' ? [...actor.structureIds] : [],
    asParent: reach === 'parent',
  };
}

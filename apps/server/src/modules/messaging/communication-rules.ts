import { type CommunicationScope, profiles, type Profile } from '@preau/contracts';

/**
 * The communication rules: per structure, how far each profile may write to
 * each profile. NONE: nobody; LINKED: only the people the sender shares a
 * class or group with (as member or teacher), his parents or children, and
 * the teachers of his children; ALL: every account of that profile in the
 * structure. Structure admins change these defaults per structure.
 */
export type RuleMatrix = Record<Profile, Record<Profile, CommunicationScope>>;

function row(scopes: Partial<Record<Profile, CommunicationScope>>): Record<Profile, CommunicationScope> {
  return Object.fromEntries(profiles.map((p) => [p, scopes[p] ?? 'NONE'])) as Record<Profile, CommunicationScope>;
}

const everyone = row({ ELEVE: 'ALL', PARENT: 'ALL', ENSEIGNANT: 'ALL', PERSONNEL: 'ALL', COLLECTIVITE: 'ALL', INVITE: 'ALL' });

/** Safe defaults: students to their class, their teachers and the staff; parents to teachers and staff; adults to everyone. */
export const defaultRules = {
  ELEVE: row({ ELEVE: 'LINKED', ENSEIGNANT: 'LINKED', PERSONNEL: 'ALL' }),
  PARENT: row({ ENSEIGNANT: 'ALL', PERSONNEL: 'ALL' }),
  ENSEIGNANT: everyone,
  PERSONNEL: everyone,
  COLLECTIVITE: everyone,
  INVITE: row({}),
} as const satisfies RuleMatrix;

/**
 * Profiles that may address a whole class or group they are linked to, and
 * profiles that may address a profile of a whole structure. Students never
 * write to a whole structure, whatever the rules say.
 */
export const mayWriteToGroups = {
  ELEVE: true,
  PARENT: false,
  ENSEIGNANT: true,
  PERSONNEL: true,
  COLLECTIVITE: true,
  INVITE: false,
} as const satisfies Record<Profile, boolean>;

export const mayWriteToStructureProfiles = {
  ELEVE: false,
  PARENT: false,
  ENSEIGNANT: true,
  PERSONNEL: true,
  COLLECTIVITE: true,
  INVITE: false,
} as const satisfies Record<Profile, boolean>;

/** The rules of one structure: the defaults with the stored overrides applied. */
export function effectiveRules(overrides: ReadonlyArray<{ from_profile: Profile; to_profile: Profile; scope: CommunicationScope }>): RuleMatrix {
  const matrix = Object.fromEntries(profiles.map((from) => [from, { ...defaultRules[from] }])) as RuleMatrix;
  for (const rule of overrides) matrix[rule.from_profile][rule.to_profile] = rule.scope;
  return matrix;
}

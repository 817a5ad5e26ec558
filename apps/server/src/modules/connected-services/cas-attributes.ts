import type { Profile, ReleasableAttribute } from '@preau/contracts';
import type { PersonRow } from './connected-services.repository.ts';

/** SDET national profile codes (STANDARDS.md §1), sent as ENTPersonProfils. */
export function nationalProfile(profile: Profile, staffFunction: string | null): string {
  switch (profile) {
    case 'ELEVE':
      return 'National_ELV';
    case 'PARENT':
      return 'National_TUT';
    case 'ENSEIGNANT':
      return 'National_ENS';
    case 'COLLECTIVITE':
      return 'National_COL';
    case 'PERSONNEL':
      return staffFunction === 'DIR' ? 'National_DIR' : staffFunction === 'EVS' ? 'National_EVS' : staffFunction === 'DOC' ? 'National_DOC' : 'National_ETA';
    case 'INVITE':
      return 'National_INV';
  }
}

/** Open ENT NG's profile names (STANDARDS.md §4.1), which many connectors read. */
const entcoreProfile = {
  ELEVE: 'Student',
  PARENT: 'Relative',
  ENSEIGNANT: 'Teacher',
  PERSONNEL: 'Personnel',
  COLLECTIVITE: 'Personnel',
  INVITE: 'Guest',
} as const satisfies Record<Profile, string>;

/** The attributes a service receives: only those it was declared with, never more. */
export function casAttributes(person: PersonRow, released: readonly string[]): Record<string, string[]> {
  const main = person.structures[0];
  const all: Record<ReleasableAttribute, string[]> = {
    uid: [person.login],
    ENTPersonLogin: [person.login],
    ENTPersonStructRattach: main ? [main.id] : [],
    ENTPersonStructRattachRNE: main ? [main.uai] : [],
    ENTPersonProfils: [nationalProfile(person.profile, person.staff_function)],
    profile: [entcoreProfile[person.profile]],
    lastName: [person.last_name],
    firstName: [person.first_name],
    displayName: [`${person.first_name} ${person.last_name}`],
    email: person.email ? [person.email] : [],
    ENTPersonMail: person.email ? [person.email] : [],
    ENTEleveClasses:
      person.profile === 'ELEVE'
        ? person.classes.map((c) => `${person.structures.find((s) => s.id === c.structure_id)?.uai ?? ''}$${c.code}`)
        : [],
    ENTClasse: person.classes.map((c) => c.name),
  };
  const result: Record<string, string[]> = {};
  for (const name of released) {
    const values = all[name as ReleasableAttribute];
    if (values && values.length > 0) result[name] = values;
  }
  return result;
}

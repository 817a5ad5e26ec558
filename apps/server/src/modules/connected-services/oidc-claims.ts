import type { ReleasableAttribute } from '@preau/contracts';
import { casAttributes } from './cas-attributes.ts';
import type { PersonRow } from './connected-services.repository.ts';

/**
 * The claims of Préau's OpenID Connect provider, by scope: the standard ones (OIDC Core §5.1, those Open
 * ENT NG sends: STANDARDS.md §4.4) and the school ones, in a `school` scope. `sub` is the account id:
 * stable and opaque, unlike a login an admin may change.
 */
export const OIDC_SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  email: ['email'],
  school: ['school_profile', 'school_profile_code', 'structures', 'classes'],
} as const;

/**
 * Each claim and the declared attributes that allow it: a service receives a claim only when it was
 * declared with one of them (the same choice as for CAS, so one declaration reads the same for both).
 */
const allowedBy: Record<string, ReleasableAttribute[]> = {
  name: ['displayName'],
  given_name: ['firstName'],
  family_name: ['lastName'],
  preferred_username: ['uid', 'ENTPersonLogin'],
  email: ['email', 'ENTPersonMail'],
  school_profile: ['profile', 'ENTPersonProfils'],
  school_profile_code: ['ENTPersonProfils', 'profile'],
  structures: ['ENTPersonStructRattachRNE', 'ENTPersonStructRattach'],
  classes: ['ENTEleveClasses', 'ENTClasse'],
};

/** The claims of an account that a service may receive (those its scopes ask for are picked by the library). */
export function oidcClaims(accountId: string, person: PersonRow, released: readonly string[]): Record<string, unknown> {
  const attributes = casAttributes(person, Object.values(allowedBy).flat());
  const all: Record<string, unknown> = {
    name: attributes.displayName?.[0],
    given_name: attributes.firstName?.[0],
    family_name: attributes.lastName?.[0],
    preferred_username: attributes.uid?.[0],
    email: attributes.email?.[0],
    // Open ENT NG's name (Student, Relative…) and the SDET national code (National_ELV…).
    school_profile: attributes.profile?.[0],
    school_profile_code: attributes.ENTPersonProfils?.[0],
    structures: person.structures.map((s) => ({ uai: s.uai, name: s.name })),
    classes: person.classes.map((c) => ({ uai: person.structures.find((s) => s.id === c.structure_id)?.uai ?? null, code: c.code, name: c.name })),
  };
  const claims: Record<string, unknown> = { sub: accountId };
  for (const [claim, value] of Object.entries(all)) {
    if (value === undefined) continue;
    if (allowedBy[claim]?.some((attribute) => released.includes(attribute))) claims[claim] = value;
  }
  return claims;
}

import type { Profile, StaffFunction } from '@preau/contracts';
import type { TFunction } from 'i18next';

/** "Élève", "Personnel – Direction"…: a profile, with the staff function when there is one. */
export function profileLabel(t: TFunction, profile: Profile, staffFunction?: StaffFunction | null): string {
  const label = t(`profiles.${profile}`);
  return profile === 'PERSONNEL' && staffFunction ? `${label} – ${t(`staffFunctions.${staffFunction}`)}` : label;
}

/** Initials for an avatar ("Marie Curie" → "MC"). */
export function initials(name: string): string {
  const letters = name
    .split(/[\s-]+/u)
    .filter(Boolean)
    .map((word) => [...word][0] ?? '')
    .join('');
  return (letters.length > 2 ? letters[0]! + letters[letters.length - 1]! : letters).toUpperCase();
}

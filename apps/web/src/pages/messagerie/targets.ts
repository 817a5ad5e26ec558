import type { NamedTarget, RecipientTarget } from '@preau/contracts';

/** A stable key for a recipient target. */
export function targetKey(target: RecipientTarget): string {
  return target.type === 'PROFILE' ? `PROFILE:${target.structureId}:${target.profile}` : `${target.type}:${target.id}`;
}

/** How a target is named in the interface ("Tous les enseignants — Lycée X" for a profile). */
export function targetLabel(t: (key: string, options?: Record<string, unknown>) => string, item: NamedTarget): string {
  if (item.target.type === 'PROFILE') return t(`messagerie.allOfProfile.${item.target.profile}`, { structure: item.label });
  return item.label;
}

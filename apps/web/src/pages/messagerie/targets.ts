import type { NamedTarget, RecipientTarget } from '@preau/contracts';

/** A stable key for a recipient target. */
export function targetKey(target: RecipientTarget): string {
  if (target.type === 'PROFILE') return `PROFILE:${target.structureId}:${target.profile}`;
  if (target.type === 'PERSON') return `PERSON:${target.id}`;
  return `${target.type}:${target.id}:${target.audience ?? 'STUDENTS'}`;
}

/** How a target is named in the interface ("Tous les enseignants — Lycée X" for a profile, "Parents de 2nde 1" for a class's parents). */
export function targetLabel(t: (key: string, options?: Record<string, unknown>) => string, item: NamedTarget): string {
  if (item.target.type === 'PROFILE') return t(`messagerie.allOfProfile.${item.target.profile}`, { structure: item.label });
  // A class or group: its students (the class's name alone), their parents or its teachers.
  if (item.target.type !== 'PERSON' && item.target.audience && item.target.audience !== 'STUDENTS') {
    return t(`messagerie.groupAudience.${item.target.audience}`, { name: item.label });
  }
  if (item.target.type !== 'PERSON') return t('messagerie.groupAudience.STUDENTS', { name: item.label });
  return item.label;
}

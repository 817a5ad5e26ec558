import type { CourseRelation } from '../../platform/authorization.ts';
import type { CourseLinks } from './relations.repository.ts';

/**
 * "Who is linked to whom", the rules other modules ask (the SQL is in
 * relations.repository.ts). A relation is computed per object and per date:
 * a teacher who replaces a colleague for one session is a teacher of that
 * session only (its cahier de textes entry), never of the course's other
 * sessions, entries or hand-ins.
 */

export type { CourseLinks, LinkKinds, TargetRef } from './relations.repository.ts';

/**
 * How an account relates to a course, for one of its sessions (`date`, the
 * session's original date) or, without a date, to the course as a whole
 * (its hand-ins, its listing, copying into it).
 */
export function courseRelationOn(links: CourseLinks | undefined, date?: string): CourseRelation {
  if (!links) return 'none';
  if (links.teacher || (date !== undefined && links.replacedDates.includes(date))) return 'teacher';
  if (links.learner) return 'learner';
  if (links.parent) return 'parent';
  return 'none';
}

/** What the messagerie counts as LINKED: every link a school makes (communication-rules.ts). */
export const messagingLinks = { classmates: true, groupmates: true, hisTeachers: true, family: true, taught: true } as const;

/**
 * What a student sees in the annuaire besides his structure's staff: his
 * classmates, the teachers (and PPs) of his classes and groups, his parents.
 * Not the members of his groups: a language group mixes classes.
 */
export const studentAnnuaireLinks = { classmates: true, groupmates: false, hisTeachers: true, family: true, taught: false } as const;

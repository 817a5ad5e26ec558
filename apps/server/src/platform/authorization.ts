import type { AppId, Profile, StaffFunction } from '@preau/contracts';
import { AppError } from './errors.ts';

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
  | { type: 'account'; id: string; profile: Profile; structureIds: string[]; collectiviteIds: string[] }
  /** Someone's timetable (a student's, a teacher's, a class's, a room's), and how the actor relates to it. */
  | { type: 'schedule'; structureIds: string[]; collectiviteIds: string[]; relation: ScheduleRelation }
  /** A course and what hangs on it (cahier de textes, homework, hand-ins), and how the actor relates to it. */
  | { type: 'course'; structureId: string; collectiviteId: string; relation: CourseRelation; authorId?: string }
  /** A student's orientation project (favourites, wishes, comments), and how the actor relates to the student. */
  | { type: 'orientation-project'; studentId: string; structureId: string; collectiviteId: string; relation: OrientationRelation }
  /** The orientation wishes of a class, followed by its professeurs principaux. */
  | { type: 'orientation-class'; classId: string; structureId: string; collectiviteId: string; relation: 'principal' | 'none' }
  /** A support ticket (a fault reported in a structure), and whether the actor reported it. */
  | { type: 'support-ticket'; structureId: string; collectiviteId: string; relation: 'author' | 'none' };

/** self: his own; child: one of his children's; member: a class or group he is in. */
export type ScheduleRelation = 'self' | 'child' | 'member' | 'none';
/** teacher: teaches it; learner: is in its class or group; parent: of a learner. */
export type CourseRelation = 'teacher' | 'learner' | 'parent' | 'none';
/** self: the student; parent: one of his parents; principal: a professeur principal of his class. */
export type OrientationRelation = 'self' | 'parent' | 'principal' | 'none';

export type Action =
  | 'app.use'
  | 'structure.create'
  /** Upload an AAF import for the collectivité (ADMC). */
  | 'provisioning.import'
  | 'structure.read'
  | 'structure.update'
  | 'structure.administer'
  | 'account.read'
  | 'account.create'
  | 'account.update'
  | 'account.block'
  | 'account.resetActivation'
  | 'timetable.read'
  | 'timetable.manage'
  | 'lesson.read'
  | 'lesson.write'
  | 'lesson.visa'
  | 'homework.submit'
  | 'homework.review'
  | 'orientation.read'
  | 'orientation.write'
  | 'orientation.comment'
  | 'orientation.follow'
  /** Set the structure's orientation calendar (its deadlines). */
  | 'orientation.calendar'
  /** Read a structure's equipment register (its staff, its admins). */
  | 'inventory.read'
  /** Enter, edit and enrol agents for a structure's equipment (its admins). */
  | 'inventory.manage'
  /** Region-wide equipment totals of a collectivité (its ADMC). */
  | 'inventory.totals'
  /** Report a fault in a structure (its teachers and staff). */
  | 'support.open'
  /** Handle a structure's or a collectivité's tickets: list, change status (its ADML, the ADMC; no technician profile yet). */
  | 'support.handle'
  /** Read a ticket and its comments (its author, its handlers). */
  | 'support.read'
  /** Comment on a ticket (its author, its handlers). */
  | 'support.comment';

/** Which profiles may open which portal app (admin rights come from roles, not profiles). */
const appsByProfile = {
  ELEVE: ['annuaire', 'account', 'emploi-du-temps', 'cahier-de-textes', 'orientation'],
  PARENT: ['annuaire', 'account', 'emploi-du-temps', 'cahier-de-textes', 'orientation'],
  ENSEIGNANT: ['annuaire', 'account', 'emploi-du-temps', 'cahier-de-textes', 'orientation'],
  PERSONNEL: ['annuaire', 'account', 'emploi-du-temps', 'cahier-de-textes', 'orientation'],
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

/** Teachers and staff of a structure, who see its timetables and its cahier de textes. */
function isStaffOf(actor: Actor, structureIds: readonly string[]): boolean {
  return (actor.profile === 'ENSEIGNANT' || actor.profile === 'PERSONNEL') && structureIds.some((id) => actor.structureIds.includes(id));
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
      // The messagerie: every profile but guests (whom one may write to is up to the communication rules).
      if (resource.id === 'messagerie') return actor.profile !== 'INVITE';
      // Support: teachers and staff report faults, admins (ADML, ADMC) handle them.
      if (resource.id === 'support') return actor.profile === 'ENSEIGNANT' || actor.profile === 'PERSONNEL' || isAdmin(actor);
      return (appsByProfile[actor.profile] as readonly AppId[]).includes(resource.id);

    case 'collectivite':
      return (action === 'structure.create' || action === 'provisioning.import' || action === 'inventory.totals' || action === 'support.handle') &&
        actor.admcCollectiviteIds.includes(resource.id);

    case 'structure':
      if (action === 'structure.read') {
        return actor.structureIds.includes(resource.id) || administersStructure(actor, resource.id, resource.collectiviteId);
      }
      if (action === 'structure.update') return actor.admcCollectiviteIds.includes(resource.collectiviteId);
      if (action === 'structure.administer') return administersStructure(actor, resource.id, resource.collectiviteId);
      // Courses and their changes: the head, his deputies and vie scolaire (DIR, EVS), or an admin of the structure.
      // The orientation calendar: the head and his deputies (DIR), or an admin of the structure.
      if (action === 'orientation.calendar') {
        const isHead = actor.profile === 'PERSONNEL' && actor.staffFunction === 'DIR' && actor.structureIds.includes(resource.id);
        return isHead || administersStructure(actor, resource.id, resource.collectiviteId);
      }
      // Inventory (issue 18): staff pick equipment when they report a fault; admins keep the register.
      if (action === 'inventory.read') return isStaffOf(actor, [resource.id]) || administersStructure(actor, resource.id, resource.collectiviteId);
      if (action === 'inventory.manage') return administersStructure(actor, resource.id, resource.collectiviteId);
      // Support (issue 18): teachers and staff report faults; the structure's admins handle them (docs/decisions/support-handlers.md).
      if (action === 'support.open') return isStaffOf(actor, [resource.id]);
      if (action === 'support.handle') return administersStructure(actor, resource.id, resource.collectiviteId);
      if (action === 'timetable.manage') {
        const isSchoolOffice = actor.profile === 'PERSONNEL' && (actor.staffFunction === 'DIR' || actor.staffFunction === 'EVS');
        return (isSchoolOffice && actor.structureIds.includes(resource.id)) || administersStructure(actor, resource.id, resource.collectiviteId);
      }
      return false;

    case 'schedule': {
      if (action !== 'timetable.read') return false;
      if (resource.relation !== 'none') return true;
      if (isStaffOf(actor, resource.structureIds)) return true;
      return resource.structureIds.some((id) => actor.admlStructureIds.includes(id)) ||
        resource.collectiviteIds.some((id) => actor.admcCollectiviteIds.includes(id));
    }

    case 'course': {
      const admin = administersStructure(actor, resource.structureId, resource.collectiviteId);
      switch (action) {
        // Students and their parents, the teaching team and staff, the head (CNIL need to know, STANDARDS.md §6–7).
        case 'lesson.read':
        case 'timetable.read':
          return resource.relation !== 'none' || isStaffOf(actor, [resource.structureId]) || admin;
        // Written by the course's teachers; an entry only by its author.
        case 'lesson.write':
          return resource.relation === 'teacher' && (resource.authorId === undefined || resource.authorId === actor.accountId);
        // The head of the structure puts a visa on the cahier de textes.
        case 'lesson.visa':
          return actor.profile === 'PERSONNEL' && actor.staffFunction === 'DIR' && actor.structureIds.includes(resource.structureId);
        case 'homework.submit':
          return resource.relation === 'learner' && actor.profile === 'ELEVE';
        case 'homework.review':
          return resource.relation === 'teacher';
        default:
          return false;
      }
    }

    // Orientation (issue 17): the student, his parents (read only) and his professeurs principaux; nobody else,
    // admins included: a project is personal data of a minor, seen only by those who guide him.
    case 'orientation-project':
      switch (action) {
        case 'orientation.read':
          return resource.relation !== 'none';
        case 'orientation.write':
          return resource.relation === 'self' && actor.profile === 'ELEVE';
        case 'orientation.comment':
          return resource.relation === 'principal';
        default:
          return false;
      }

    case 'orientation-class':
      return action === 'orientation.follow' && resource.relation === 'principal';

    // A ticket: its author and the structure's admins; another teacher of the school sees nothing of it.
    case 'support-ticket': {
      const handler = administersStructure(actor, resource.structureId, resource.collectiviteId);
      if (action === 'support.handle') return handler;
      if (action === 'support.read' || action === 'support.comment') return handler || resource.relation === 'author';
      return false;
    }

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

/** The action without which the actor may not know the resource exists. */
const seeingAction = {
  app: 'app.use',
  collectivite: 'structure.create',
  structure: 'structure.read',
  account: 'account.read',
  schedule: 'timetable.read',
  course: 'lesson.read',
  'orientation-project': 'orientation.read',
  'orientation-class': 'orientation.follow',
  'support-ticket': 'support.read',
} as const satisfies Record<Resource['type'], Action>;

/**
 * `can`, as services use it: returns when the actor may act, throws NOT_FOUND
 * when he may not even see the resource (so its existence is not disclosed),
 * FORBIDDEN when he sees it but may not do this. An app is never hidden.
 */
export function authorize(actor: Actor, action: Action, resource: Resource): void {
  if (can(actor, action, resource)) return;
  const visible = resource.type === 'app' || can(actor, seeingAction[resource.type], resource);
  throw new AppError(visible ? 'FORBIDDEN' : 'NOT_FOUND');
}

/** The portal apps this actor may open, in display order. */
export function usableApps(actor: Actor): AppId[] {
  const ids: AppId[] = ['emploi-du-temps', 'cahier-de-textes', 'orientation', 'support', 'annuaire', 'account', 'admin'];
  return (['messagerie', ...ids] as AppId[]).filter((id) => can(actor, 'app.use', { type: 'app', id }));
}

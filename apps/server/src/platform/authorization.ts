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
  /** Collectivités whose support technician he is (issue 18): he handles the tickets of his teams' structures. */
  technicianCollectiviteIds: string[];
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
  /** A class or group's marks in one subject (its evaluations), and whether the actor teaches it that subject. */
  | { type: 'gradebook'; structureId: string; collectiviteId: string; relation: 'teacher' | 'none' }
  /** A student's marks, averages and bulletins, how the actor relates to him, and whether the period's bulletins are out. */
  | { type: 'student-grades'; studentId: string; structureId: string; collectiviteId: string; relation: GradesRelation; bulletinPublished: boolean }
  /** A folder or file of the espace documentaire, and the actor's right on it (owner, a share's, a class folder's). */
  | { type: 'document'; right: DocumentRight }
  /** A class, for its class folder: its teachers create and manage it, its students read it. */
  | { type: 'class-folder'; relation: 'teacher' | 'learner' | 'none' }
  /** Where a news item is posted (a structure, a class, a group): contributor when he may write there. */
  | { type: 'news-target'; structureId: string; collectiviteId: string; relation: 'contributor' | 'none' }
  /** A news item, its workflow state, and how the actor relates to it. */
  | { type: 'news'; structureId: string; collectiviteId: string; status: 'DRAFT' | 'SUBMITTED' | 'PUBLISHED'; isAuthor: boolean; inAudience: boolean; visibleNow: boolean }
  /** A calendar: personal (structureId null) or of a structure, class or group. */
  | { type: 'calendar'; structureId: string | null; collectiviteId: string | null; relation: CalendarRelation }
  /** A connected service (issue 14); offeredStructureIds: those of the actor's structures where it is shown to him. */
  | { type: 'connected-service'; collectiviteId: string; ownerStructureId: string | null; offeredStructureIds: string[] }
  /** A student's absences and lateness (issue 15), and how the actor relates to the student. */
  | { type: 'attendance'; studentId: string; structureId: string; collectiviteId: string; relation: AttendanceRelation }
  /** A support ticket (a fault reported in a structure), and whether the actor reported it. */
  | { type: 'support-ticket'; structureId: string; collectiviteId: string; relation: SupportTicketRelation }
  /** Where a structure's faults are reported, and whether its ADML lets its students report them. */
  | { type: 'support-desk'; structureId: string; collectiviteId: string; studentsMayReport: boolean };

/** author: reported it; team: a member of the area team it went to. */
export type SupportTicketRelation = 'author' | 'team' | 'none';

/** The actor's right on a document, highest first; none: neither his nor shared with him. */
export type DocumentRight = 'owner' | 'manage' | 'contribute' | 'read' | 'none';

/** self: his own; child: one of his children's; member: a class or group he is in. */
export type ScheduleRelation = 'self' | 'child' | 'member' | 'none';
/** teacher: teaches it; learner: is in its class or group; parent: of a learner. */
export type CourseRelation = 'teacher' | 'learner' | 'parent' | 'none';
/** self: the student; parent: one of his parents; principal: a professeur principal of his class. */
export type OrientationRelation = 'self' | 'parent' | 'principal' | 'none';
/** self: the student; parent: one of his parents; teacher: teaches one of his classes or groups; principal: PP of his class. */
export type GradesRelation = 'self' | 'parent' | 'teacher' | 'principal' | 'none';
/** owner: his personal calendar; teacher: teaches the class or group it belongs to; member: belongs to its structure, class or group (or is a parent of a member). */
export type CalendarRelation = 'owner' | 'teacher' | 'member' | 'none';
/** self: the student; parent: one of his parents. */
export type AttendanceRelation = 'self' | 'parent' | 'none';

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
  /** Announce open days and fairs of catalogue places to the structure's collectivité. */
  | 'orientation.events'
  /** Set the structure's periods and publish its bulletins (direction or an admin of the structure). */
  | 'grades.manage'
  /** Create evaluations of a class or group in a subject, enter and publish their marks. */
  | 'grades.teach'
  /** See a student's marks and averages (a student and his parents: published evaluations only). */
  | 'grades.read'
  /** Write an appreciation on a student's bulletin. */
  | 'grades.appreciate'
  | 'bulletin.read'
  /** Export a period's averages and appreciations (Livret scolaire CSV, LSU XML): the head of the structure. */
  | 'grades.export'
  /** Espace documentaire: open and download, add and replace (contribute), rename, move, trash and share (manage). */
  | 'workspace.read'
  | 'workspace.contribute'
  | 'workspace.manage'
  /** Create a class's folder (its teachers). */
  | 'workspace.classFolder'
  /** Set the storage quotas per profile of a collectivité (ADMC). */
  | 'workspace.quota'
  /** Actualités: write a news item for a target; read, edit, submit, publish (and unpublish), delete one. */
  | 'news.create'
  | 'news.read'
  | 'news.write'
  | 'news.submit'
  | 'news.publish'
  | 'news.delete'
  /** Agenda: read a calendar, add and change its events, manage it (rename, delete, import). */
  | 'calendar.read'
  | 'calendar.contribute'
  | 'calendar.manage'
  /** Declare or remove the collectivité's connected services (ADMC). */
  | 'service.manage'
  /** Enable or hide a connected service in a structure, add its own links (ADML). */
  | 'service.configure'
  /** Open a connected service (a ticket or a redirect through Préau). */
  | 'service.launch'
  /** Remove a connected service: the collectivité's by its ADMC, a structure's own link by its admins. */
  | 'service.remove'
  /** Take a session's roll call (its teacher, or vie scolaire). */
  | 'presence.call'
  /** Vie scolaire of a structure: the day's absences, period absences, reasons, justifications, counts, letters. */
  | 'presence.manage'
  /** See a student's absences and counts. */
  | 'presence.read'
  /** Give a reason for a child's absence (his parents). */
  | 'presence.justify'
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
  | 'support.comment'
  /** Read the staff-only parts of a cahier de textes, its visas and its entries' history (the teaching team, staff, admins; not students nor parents). */
  | 'lesson.audit'
  /** Read and write a ticket's internal notes (its handlers, never its author). */
  | 'support.note'
  /** Close a resolved ticket and say how satisfied one is, or reopen it (its author). */
  | 'support.close'
  /** Grant the technician role, make the teams per area, set the targets per priority (the ADMC). */
  | 'support.configure'
  /** Let the structure's students report faults (its ADML, the ADMC). */
  | 'support.settings'
  /** Publish answers in the collectivité's knowledge base (its technicians, its ADMC). */
  | 'support.publish'
  /** See a structure's GAR responsables d'affectation (its admins). */
  | 'gar.respAff.read'
  /** Name or remove them (the collectivité's ADMC: issue 14). */
  | 'gar.respAff.manage';

/** Which profiles may open which portal app (admin rights come from roles, not profiles). */
const appsByProfile = {
  ELEVE: ['annuaire', 'account', 'emploi-du-temps', 'cahier-de-textes', 'vie-scolaire', 'orientation', 'notes', 'documents', 'actualites', 'agenda'],
  PARENT: ['annuaire', 'account', 'emploi-du-temps', 'cahier-de-textes', 'vie-scolaire', 'orientation', 'notes', 'documents', 'actualites', 'agenda'],
  ENSEIGNANT: ['annuaire', 'account', 'emploi-du-temps', 'cahier-de-textes', 'vie-scolaire', 'orientation', 'notes', 'documents', 'actualites', 'agenda'],
  PERSONNEL: ['annuaire', 'account', 'emploi-du-temps', 'cahier-de-textes', 'vie-scolaire', 'orientation', 'notes', 'documents', 'actualites', 'agenda'],
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

/** A support technician of some collectivité (issue 18). */
export function isTechnician(actor: Actor): boolean {
  return actor.technicianCollectiviteIds.length > 0;
}

export function isAdmin(actor: Actor): boolean {
  return actor.admcCollectiviteIds.length > 0 || actor.admlStructureIds.length > 0;
}

/** Teachers and staff of a structure, who see its timetables and its cahier de textes. */
function isStaffOf(actor: Actor, structureIds: readonly string[]): boolean {
  return (actor.profile === 'ENSEIGNANT' || actor.profile === 'PERSONNEL') && structureIds.some((id) => actor.structureIds.includes(id));
}

/** CPE, assistants d'éducation (EVS) and the direction (DIR) of the structure. */
function isVieScolaire(actor: Actor, structureId: string): boolean {
  return actor.profile === 'PERSONNEL' && (actor.staffFunction === 'EVS' || actor.staffFunction === 'DIR') && actor.structureIds.includes(structureId);
}

function administersStructure(actor: Actor, structureId: string, collectiviteId: string): boolean {
  return actor.admlStructureIds.includes(structureId) || actor.admcCollectiviteIds.includes(collectiviteId);
}

/**
 * Publishers of a structure's news and managers of its shared calendars: its head and deputies (DIR) and its
 * admins (entcore: admins of a structure become managers of its threads automatically, STANDARDS.md §12.2).
 */
export function isPublisherOf(actor: Actor, structureId: string, collectiviteId: string): boolean {
  const isHead = actor.profile === 'PERSONNEL' && actor.staffFunction === 'DIR' && actor.structureIds.includes(structureId);
  return isHead || administersStructure(actor, structureId, collectiviteId);
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
      // Actualités: admins validate their structures' news whatever their profile (an ADMC is a COLLECTIVITE agent).
      if (resource.id === 'actualites' && isAdmin(actor)) return true;
      // Support: teachers and staff report faults, technicians and admins (ADML, ADMC) handle them; students when their ADML allows it (the page says so).
      if (resource.id === 'support') return actor.profile === 'ENSEIGNANT' || actor.profile === 'PERSONNEL' || actor.profile === 'ELEVE' || isAdmin(actor) || isTechnician(actor);
      return (appsByProfile[actor.profile] as readonly AppId[]).includes(resource.id);

    case 'collectivite':
      // Support: the ADMC makes technicians and teams; a technician reads his collectivité's technicians (to hand a ticket over).
      if (action === 'support.configure') return actor.admcCollectiviteIds.includes(resource.id);
      if (action === 'support.publish') return actor.admcCollectiviteIds.includes(resource.id) || actor.technicianCollectiviteIds.includes(resource.id);
      // The ADMC's own acts on his collectivité: structures, imports, storage quotas, connected services, equipment, tickets.
      return (
        (['structure.create', 'provisioning.import', 'workspace.quota', 'service.manage', 'inventory.totals', 'support.handle'] as Action[]).includes(action) &&
        actor.admcCollectiviteIds.includes(resource.id)
      );

    case 'structure':
      if (action === 'structure.read') {
        return actor.structureIds.includes(resource.id) || administersStructure(actor, resource.id, resource.collectiviteId);
      }
      if (action === 'structure.update') return actor.admcCollectiviteIds.includes(resource.collectiviteId);
      if (action === 'structure.administer' || action === 'service.configure') return administersStructure(actor, resource.id, resource.collectiviteId);
      // Courses and their changes: the head, his deputies and vie scolaire (DIR, EVS), or an admin of the structure.
      // The orientation calendar: the head and his deputies (DIR), or an admin of the structure.
      if (action === 'orientation.calendar') {
        const isHead = actor.profile === 'PERSONNEL' && actor.staffFunction === 'DIR' && actor.structureIds.includes(resource.id);
        return isHead || administersStructure(actor, resource.id, resource.collectiviteId);
      }
      // Open days and fairs: the direction and the psychologue of the structure, or an admin of it.
      if (action === 'orientation.events') {
        const isAdviser = actor.profile === 'PERSONNEL' && (actor.staffFunction === 'DIR' || actor.staffFunction === 'PSY') && actor.structureIds.includes(resource.id);
        return isAdviser || administersStructure(actor, resource.id, resource.collectiviteId);
      }
      if (action === 'grades.manage') {
        const isHead = actor.profile === 'PERSONNEL' && actor.staffFunction === 'DIR' && actor.structureIds.includes(resource.id);
        return isHead || administersStructure(actor, resource.id, resource.collectiviteId);
      }
      // The exports carry every pupil's marks: the direction, not admins as such (docs/decisions/grades-and-bulletins.md).
      if (action === 'grades.export') return actor.profile === 'PERSONNEL' && actor.staffFunction === 'DIR' && actor.structureIds.includes(resource.id);
      // Vie scolaire (EVS: CPE, assistants d'éducation) and the direction; not admins: absences are data about
      // minors that only those who follow attendance need (STANDARDS.md §6–7, §11.1).
      if (action === 'presence.manage') return isVieScolaire(actor, resource.id);
      // Inventory (issue 18): staff pick equipment when they report a fault; admins keep the register.
      if (action === 'inventory.read') return isStaffOf(actor, [resource.id]) || administersStructure(actor, resource.id, resource.collectiviteId);
      if (action === 'inventory.manage') return administersStructure(actor, resource.id, resource.collectiviteId);
      // Support (issue 18): the structure's admins handle its faults (reporting them is asked of its support desk, below).
      if (action === 'support.handle') return administersStructure(actor, resource.id, resource.collectiviteId);
      if (action === 'support.settings') return administersStructure(actor, resource.id, resource.collectiviteId);
      // GAR (issue 14): the ADMC names who assigns the publishers' resources; the structure's ADML sees who it is.
      if (action === 'gar.respAff.read') return administersStructure(actor, resource.id, resource.collectiviteId);
      if (action === 'gar.respAff.manage') return actor.admcCollectiviteIds.includes(resource.collectiviteId);
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
        // Visas and versions are the school's control of the cahier, not the pupils' and parents' reading.
        case 'lesson.audit':
          return resource.relation === 'teacher' || isStaffOf(actor, [resource.structureId]) || admin;
        // The head of the structure puts a visa on the cahier de textes.
        case 'lesson.visa':
          return actor.profile === 'PERSONNEL' && actor.staffFunction === 'DIR' && actor.structureIds.includes(resource.structureId);
        case 'homework.submit':
          return resource.relation === 'learner' && actor.profile === 'ELEVE';
        case 'homework.review':
          return resource.relation === 'teacher';
        // The session's teacher (a replacement for the session he replaces), or vie scolaire for a forgotten one.
        case 'presence.call':
          return resource.relation === 'teacher' || isVieScolaire(actor, resource.structureId);
        default:
          return false;
      }
    }

    // Orientation (issue 17): the student, his parents (read only) and his professeurs principaux; nobody else,
    // admins included: a project is personal data of a minor, seen only by those who guide him.
    case 'orientation-project':
      switch (action) {
        case 'orientation.read':
          return resource.relation !== 'none' || isPsychologistOf(actor, resource.structureId);
        case 'orientation.write':
          return resource.relation === 'self' && actor.profile === 'ELEVE';
        case 'orientation.comment':
          return resource.relation === 'principal' || isPsychologistOf(actor, resource.structureId);
        default:
          return false;
      }

    case 'orientation-class':
      return action === 'orientation.follow' && (resource.relation === 'principal' || isPsychologistOf(actor, resource.structureId));

    case 'gradebook':
      return action === 'grades.teach' && resource.relation === 'teacher';

    // Marks (issue 15): the student, his parents, his teachers and professeurs principaux, the direction and
    // vie scolaire of his structure. Not admins as such: marks are a minor's personal data, and an ADML manages
    // accounts, not pupils' results (unless he is also the head).
    case 'student-grades': {
      const isSchoolOffice = actor.profile === 'PERSONNEL' && (actor.staffFunction === 'DIR' || actor.staffFunction === 'EVS') &&
        actor.structureIds.includes(resource.structureId);
      const isTeam = resource.relation === 'teacher' || resource.relation === 'principal';
      switch (action) {
        case 'grades.read':
          return resource.relation !== 'none' || isSchoolOffice;
        case 'bulletin.read':
          return isTeam || isSchoolOffice || ((resource.relation === 'self' || resource.relation === 'parent') && resource.bulletinPublished);
        case 'grades.appreciate':
          return isTeam;
        default:
          return false;
      }
    }

    // Espace documentaire: what a document's owner, a share or a class folder gives; admins get nothing by their role
    // (a person's documents are his own, CNIL), only what is shared with them.
    case 'document': {
      const rank = documentRightRank[resource.right];
      if (action === 'workspace.read') return rank >= 1;
      if (action === 'workspace.contribute') return rank >= 2;
      if (action === 'workspace.manage') return rank >= 3;
      return false;
    }

    case 'class-folder':
      if (action === 'workspace.read') return resource.relation !== 'none';
      return action === 'workspace.classFolder' && resource.relation === 'teacher';

    // Actualités (issue 16): contributors write and submit, publishers validate and publish; drafts stay with
    // their author, submitted items are seen by publishers too; readers are the audience, within the dates.
    case 'news-target':
      return action === 'news.create' && (resource.relation === 'contributor' || isPublisherOf(actor, resource.structureId, resource.collectiviteId));

    case 'news': {
      const publisher = isPublisherOf(actor, resource.structureId, resource.collectiviteId);
      const { status, isAuthor } = resource;
      switch (action) {
        case 'news.read':
          return isAuthor || (publisher && status !== 'DRAFT') || (status === 'PUBLISHED' && resource.visibleNow && resource.inAudience);
        case 'news.write':
          return (isAuthor && status !== 'PUBLISHED') || (publisher && status !== 'DRAFT');
        case 'news.submit':
          return isAuthor && status !== 'PUBLISHED';
        case 'news.publish':
          return publisher && (status !== 'DRAFT' || isAuthor);
        case 'news.delete':
          return (isAuthor && status !== 'PUBLISHED') || (publisher && status !== 'DRAFT');
        default:
          return false;
      }
    }

    // Agenda (issue 16): one's own calendar; the structure's publishers manage its shared calendars, teachers
    // contribute to their classes' and groups', members read.
    case 'calendar': {
      if (resource.relation === 'owner') return action === 'calendar.read' || action === 'calendar.contribute' || action === 'calendar.manage';
      const manager = resource.structureId !== null && resource.collectiviteId !== null && isPublisherOf(actor, resource.structureId, resource.collectiviteId);
      switch (action) {
        case 'calendar.read':
          return manager || resource.relation !== 'none';
        case 'calendar.contribute':
          return manager || resource.relation === 'teacher';
        case 'calendar.manage':
          return manager;
        default:
          return false;
      }
    }

    // Connected services: offered by profile and structure (decided in SQL, passed in offeredStructureIds).
    case 'connected-service':
      if (action === 'service.launch') return resource.offeredStructureIds.some((id) => actor.structureIds.includes(id));
      if (action === 'service.remove') {
        return resource.ownerStructureId === null
          ? actor.admcCollectiviteIds.includes(resource.collectiviteId)
          : administersStructure(actor, resource.ownerStructureId, resource.collectiviteId);
      }
      return false;

    case 'attendance':
      if (action === 'presence.read') return resource.relation !== 'none' || isVieScolaire(actor, resource.structureId);
      if (action === 'presence.justify') return resource.relation === 'parent' && actor.profile === 'PARENT';
      return false;

    // A ticket: its author, the technicians of its area team and the structure's admins; another teacher of the
    // school, or a technician of another area, sees nothing of it.
    case 'support-ticket': {
      const technician = resource.relation === 'team' && actor.technicianCollectiviteIds.includes(resource.collectiviteId);
      const handler = technician || administersStructure(actor, resource.structureId, resource.collectiviteId);
      if (action === 'support.handle') return handler;
      if (action === 'support.read' || action === 'support.comment') return handler || resource.relation === 'author';
      // Internal notes are never the requester's, even when he is an admin of his school.
      if (action === 'support.note') return handler && resource.relation !== 'author';
      if (action === 'support.close') return resource.relation === 'author';
      return false;
    }

    // Reporting a fault: teachers and staff of the structure; its students when its ADML allows it.
    case 'support-desk':
      if (action === 'structure.read') return actor.structureIds.includes(resource.structureId) || administersStructure(actor, resource.structureId, resource.collectiviteId);
      if (action === 'support.open') {
        const student = actor.profile === 'ELEVE' && resource.studentsMayReport && actor.structureIds.includes(resource.structureId);
        return student || isStaffOf(actor, [resource.structureId]);
      }
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

const documentRightRank = { none: 0, read: 1, contribute: 2, manage: 3, owner: 4 } as const satisfies Record<DocumentRight, number>;

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
  gradebook: 'grades.teach',
  'student-grades': 'grades.read',
  document: 'workspace.read',
  'class-folder': 'workspace.read',
  'news-target': 'news.create',
  news: 'news.read',
  calendar: 'calendar.read',
  'connected-service': 'service.launch',
  attendance: 'presence.read',
  'support-ticket': 'support.read',
  'support-desk': 'structure.read',
} as const satisfies Record<Resource['type'], Action>;

/** The psychologue de l'Éducation nationale of a school follows the orientation of all its classes, as their PP do. */
export function isPsychologistOf(actor: Actor, structureId: string): boolean {
  return actor.profile === 'PERSONNEL' && actor.staffFunction === 'PSY' && actor.structureIds.includes(structureId);
}

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
  const ids: AppId[] = ['actualites', 'agenda', 'emploi-du-temps', 'cahier-de-textes', 'vie-scolaire', 'notes', 'documents', 'orientation', 'support', 'annuaire', 'account', 'admin'];
  return (['messagerie', ...ids] as AppId[]).filter((id) => can(actor, 'app.use', { type: 'app', id }));
}

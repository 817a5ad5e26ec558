import { createECDH, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestContext } from './test-platform.ts';
import {
  addTeaching,
  createAccount,
  createClass,
  createCollectivite,
  createGroup,
  createImportJob,
  createStructure,
  ensureSubject,
  grantAdmin,
  linkParent,
  makePrincipal,
  uniqueSuffix,
} from './factories.ts';
import { importOnisepFiles } from '../src/modules/orientation/onisep-import.service.ts';
import { SAMPLE_CATALOGUE_DIR } from '../src/modules/orientation/sample-catalogue.ts';
import { type AuthHeaders, loginAs } from './http.ts';

/**
 * Cross-account suite (issue 11): every route of the OpenAPI document is
 * called with the real ids of objects that belong to a victim — student A of
 * class 1 of structure S1 of collectivité C1, his messages, drafts,
 * attachments, folders, hand-ins, and his class's lessons, courses, timetable,
 * structure and imports — by each wrong actor. Each must get 401 (anonymous)
 * or 403/404, and nothing of the victim may change.
 *
 * A route absent from the tables below fails the suite: whoever adds a route
 * must say how to fill it with the victim's objects (`victimRoutes`), or why
 * it only ever touches the caller's own things (`ownRoutes`) or needs no
 * login (`publicRoutes`). Holes found and not yet fixed are in `knownHoles`,
 * asserted to still leak, so the entry must be removed when the fix lands.
 */

const WRONG_ACTORS = [
  'anonymous',
  'classmate', // another student of the same class
  'classmateParent', // the parent of another child (the classmate)
  'otherClassParent', // a parent of a student of another class of S1
  'teacherS2', // a teacher of another structure of the same collectivité
  'staffS2', // staff (vie scolaire) of that other structure
  'admlS2', // the ADML of that other structure
  'admcC2', // the ADMC of another collectivité
  'admlC2', // an ADML in another collectivité
  // A teacher of S1 who replaces the victim's teacher for one later session of the course (2026-09-28) only.
  'replacement',
] as const;
type Who = (typeof WRONG_ACTORS)[number];

interface Victim {
  collectiviteId: string;
  structureId: string;
  structureUai: string;
  classId: string;
  className: string;
  groupId: string;
  studentId: string;
  studentLastName: string;
  teacherId: string;
  /** Taught by the victim's teacher in S2 (he teaches in both structures). */
  classS2Id: string;
  courseId: string;
  otherCourseId: string;
  date: string;
  entryId: string;
  homeworkId: string;
  submissionId: string;
  submissionFileId: string;
  receivedMessageId: string;
  sentMessageId: string;
  threadId: string;
  attachmentId: string;
  draftId: string;
  draftAttachmentId: string;
  folderId: string;
  timelineEventId: string;
  pushEndpoint: string;
  importJobId: string;
  /** A catalogue import an ADMC of C1 ran. */
  onisepJobId: string;
  /** An open day S1's side announced to C1. */
  orientationEventId: string;
  /** In the victim's orientation project: a favourite formation and a wish for it. */
  favoriteId: string;
  /** Grades: S1's first trimestre, an evaluation of the victim's class with his mark (published), his bulletin's appreciation. */
  periodId: string;
  evaluationId: string;
  /** The victim's espace documentaire: a folder (shared with his teacher), a file in it with two versions, a trashed file. */
  documentFolderId: string;
  documentFileId: string;
  documentVersionId: string;
  documentShareId: string;
  documentTrashedId: string;
  /** Actualités: an item his teacher wrote for his class and submitted (not yet published), with a picture. */
  newsId: string;
  newsImageId: string;
  /** A comment on it (written straight in the table: the item is not published, so none could be posted). */
  newsCommentId: string;
  /** Agenda: his personal calendar and an event in it. */
  calendarId: string;
  calendarEventId: string;
  /** Connected services (issue 14): C1's service offered to S1's students (the victim's favourite), and S1's own link. */
  connectedServiceId: string;
  structureLinkId: string;
  /** Presences: the victim's absence in the course's session, his parent's justification (with a document), a reason of S1. */
  absenceId: string;
  justificationId: string;
  reasonId: string;
  /** S1's equipment register (inventory): a projector and an agent enrolment. */
  equipmentId: string;
  enrolmentId: string;
  /** A fault the victim's teacher reported in S1 (support), with a comment of C1's ADMC. */
  ticketId: string;
  /** A date of S1's orientation calendar (set by C1's ADMC). */
  orientationDeadlineId: string;
  /** C1's technician of the team covering S1 (support), who wrote an internal note on the ticket, and that team. */
  supportTechnicianId: string;
  supportTeamId: string;
  /** The technician's visit for the ticket (on S1's projector). */
  supportInterventionId: string;
  /** A photo the victim's teacher added to the ticket, and an answer of C1's knowledge base. */
  supportPhotoId: string;
  supportAnswerId: string;
  /** Written in everything of the victim that nobody else may read. */
  secret: string;
}

interface Call {
  params?: (v: Victim) => Record<string, string>;
  query?: (v: Victim) => Record<string, string>;
  body?: (v: Victim, me: { id: string }) => unknown;
  /** A multipart upload of one file (field name). */
  file?: string;
  /** A CSV body (text/csv). */
  csv?: string;
}

interface VictimRoute extends Call {
  /** Wrong actors for whom this access is legitimate, and why (they are not checked for a refusal). */
  allowed?: Partial<Record<Exclude<Who, 'anonymous'>, string>>;
  /** Refusals other than 403/404 that are right here (e.g. 409 for an endpoint owned by someone else). */
  alsoRefusedWith?: number[];
  /**
   * A list filtered by the caller's rights: a 2xx answer is right too, for the actors listed, provided it
   * holds none of these values of the victim's.
   */
  scoped?: { who: Who[]; hidden: (v: Victim) => string[]; why: string };
  /** The same route called another way (another filter), with the same expectations. */
  variants?: Array<Omit<VictimRoute, 'variants'>>;
}

interface OwnRoute extends Call {
  /** Why any logged-in account may call it: it reads or changes only the caller's own things. */
  why: string;
  /** Ids of the victim's that must not appear in the answer, for the actors outside his structure (search, scoped lists). */
  hiddenOutside?: (v: Victim) => string[];
  /** Ids that must not appear in the answer for the actors of another collectivité (what a collectivité shares with its own). */
  hiddenOutsideCollectivite?: (v: Victim) => string[];
  /** Replace the session after the call (the call ends it). */
  endsSession?: boolean;
}

const uuidOf = (v: Victim) => ({ id: v.studentId });
/** Teachers and staff of a structure read its timetables and cahier de textes (authorization.ts: teaching team, need to know). */
const S1_TEACHER = 'a teacher of S1 reads S1’s timetables and cahier de textes';
/** The orientation calendar is told to S1's students and parents (timeline): every member of S1 reads its dates (structure.read). */
const S1_CALENDAR = 'a member of S1 reads S1’s orientation calendar, sent to its students and parents anyway';
/** The Onisep catalogue is public data (Onisep's open data), the same for every logged-in user of the instance. */
/** A connected service offered to S1's students: another student of S1 opens it and keeps his own favourite of it. */
const CONNECTED = 'the service is offered to every student of S1; his launch and his favourite are his own (the victim’s favourite is untouched)';
const CATALOGUE = 'the Onisep catalogue (open data), readable by every logged-in user; it holds nothing of anyone’s';
/** A structure's school periods (dates of trimestres, conseils de classe) are read by all its members (structure.read). */
const S1_PERIODS = 'a member of S1 reads S1’s trimestres and conseil de classe dates';

/** Staff of a structure pick from its equipment when they report a fault (authorization.ts, inventory.read). */
const S1_INVENTORY = 'a teacher of S1 reads S1’s equipment register (to say which projector is broken)';

/** Any teacher of S1 reports a fault in his own school (authorization.ts, support.open); it is his ticket, not the victim's. */
const S1_REPORTER = 'a teacher of S1 reports a fault in his own school (a new ticket of his own)';

/** The annuaire (directory/visibility.ts): a student sees his classmates and classes; a teacher of S1 sees all of S1. */
const ANNUAIRE_CLASSMATE = 'a classmate sees the victim, his class and groups in the annuaire (the search shows them too)';
const ANNUAIRE_S1_TEACHER = 'a teacher of S1 sees every member, class and group of S1 in the annuaire';

/** Whether S1's students may report faults: its members read it, so the support page says what they may do (structure.read). */
const S1_MEMBER_SUPPORT = 'a member of S1 reads whether S1’s students may report faults';

/** Routes that act on the victim's objects: every wrong actor is refused. */
const victimRoutes: Record<string, VictimRoute> = {
  // admin (structures, classes, accounts of S1)
  'POST /api/v1/admin/structures': { body: (v) => ({ uai: '0000001A', name: 'Lycée pirate', type: 'LYCEE', collectiviteId: v.collectiviteId }) },
  'GET /api/v1/admin/structures/{id}': { params: (v) => ({ id: v.structureId }) },
  'PATCH /api/v1/admin/structures/{id}': { params: (v) => ({ id: v.structureId }), body: () => ({ name: 'Renommé' }) },
  'GET /api/v1/admin/structures/{id}/classes': { params: (v) => ({ id: v.structureId }) },
  'POST /api/v1/admin/structures/{id}/classes': { params: (v) => ({ id: v.structureId }), body: () => ({ code: 'PIRATE', name: 'Pirate', level: '2NDE' }) },
  'PATCH /api/v1/admin/classes/{id}': { params: (v) => ({ id: v.classId }), body: () => ({ name: 'Renommée' }) },
  'GET /api/v1/admin/structures/{id}/accounts': { params: (v) => ({ id: v.structureId }) },
  'POST /api/v1/admin/structures/{id}/accounts': { params: (v) => ({ id: v.structureId }), body: () => ({ firstName: 'Intrus', lastName: 'Pirate', profile: 'PERSONNEL', staffFunction: 'DIR' }) },
  'GET /api/v1/admin/accounts/{id}': { params: uuidOf },
  'PATCH /api/v1/admin/accounts/{id}': { params: uuidOf, body: () => ({ email: 'pirate@example.org' }) },
  'POST /api/v1/admin/accounts/{id}/block': { params: uuidOf },
  'POST /api/v1/admin/accounts/{id}/unblock': { params: uuidOf },
  'POST /api/v1/admin/accounts/{id}/activation-code': { params: uuidOf },
  'GET /api/v1/admin/classes/{id}/activation-letters.pdf': { params: (v) => ({ id: v.classId }) },
  'GET /api/v1/admin/structures/{id}/pending-activations': { params: (v) => ({ id: v.structureId }) },

  // messaging (the victim's messages, drafts, attachments, folders; S1's rules)
  'PATCH /api/v1/messaging/folders/{id}': { params: (v) => ({ id: v.folderId }), body: () => ({ name: 'Renommé' }) },
  'DELETE /api/v1/messaging/folders/{id}': { params: (v) => ({ id: v.folderId }) },
  // Forwarding copies the parent's attachments: the parent must be one's own.
  'POST /api/v1/messaging/messages': {
    body: (v, me) => ({ to: [{ type: 'PERSON', id: me.id }], subject: 'Fwd', body: '<p>x</p>', parentId: v.receivedMessageId, mode: 'FORWARD' }),
  },
  'GET /api/v1/messaging/messages/{id}': { params: (v) => ({ id: v.receivedMessageId }) },
  'POST /api/v1/messaging/messages/{id}/read': { params: (v) => ({ id: v.receivedMessageId }) },
  'GET /api/v1/messaging/threads/{id}': { params: (v) => ({ id: v.threadId }) },
  'POST /api/v1/messaging/drafts': { body: (v) => ({ parentId: v.receivedMessageId, mode: 'FORWARD' }) },
  'PUT /api/v1/messaging/drafts/{id}': { params: (v) => ({ id: v.draftId }), body: () => ({ subject: 'Écrasé', body: '<p>x</p>' }) },
  'DELETE /api/v1/messaging/drafts/{id}': { params: (v) => ({ id: v.draftId }) },
  'POST /api/v1/messaging/drafts/{id}/send': { params: (v) => ({ id: v.draftId }), body: (v) => ({ to: [{ type: 'PERSON', id: v.teacherId }], subject: 'x', body: '<p>x</p>' }) },
  'POST /api/v1/messaging/drafts/{id}/attachments': { params: (v) => ({ id: v.draftId }), file: 'file' },
  'DELETE /api/v1/messaging/drafts/{id}/attachments/{attachmentId}': { params: (v) => ({ id: v.draftId, attachmentId: v.draftAttachmentId }) },
  'GET /api/v1/messaging/attachments/{id}': { params: (v) => ({ id: v.attachmentId }) },
  'GET /api/v1/messaging/structures/{id}/rules': { params: (v) => ({ id: v.structureId }) },
  'PUT /api/v1/messaging/structures/{id}/rules': { params: (v) => ({ id: v.structureId }), body: () => ({ rules: [{ from: 'ELEVE', to: 'ELEVE', scope: 'ALL' }] }) },

  // timeline and push
  'POST /api/v1/timeline/{id}/read': { params: (v) => ({ id: v.timelineEventId }) },
  'POST /api/v1/notifications/push/subscriptions': {
    body: (v) => pushSubscription(v.pushEndpoint),
    alsoRefusedWith: [409],
  },

  // timetable of S1
  'GET /api/v1/timetable/students/{id}': { params: uuidOf, query: () => ({ from: '2026-09-21', to: '2026-09-27' }), allowed: { replacement: S1_TEACHER } },
  'GET /api/v1/timetable/teachers/{id}': {
    params: (v) => ({ id: v.teacherId }),
    query: () => ({ from: '2026-09-21', to: '2026-09-27' }),
    allowed: { replacement: S1_TEACHER, classmate: 'a student sees the timetable of his teachers', classmateParent: 'a parent sees the timetable of his child’s teachers' },
    scoped: { who: ['teacherS2', 'staffS2', 'admlS2'], hidden: (v) => [v.courseId, v.classId, v.className], why: 'S2 sees the shared teacher’s S2 courses only' },
  },
  'GET /api/v1/timetable/classes/{id}': {
    params: (v) => ({ id: v.classId }),
    query: () => ({ from: '2026-09-21', to: '2026-09-27' }),
    allowed: { replacement: S1_TEACHER, classmate: 'his own class', classmateParent: 'his child’s class' },
  },
  'GET /api/v1/timetable/groups/{id}': { params: (v) => ({ id: v.groupId }), query: () => ({ from: '2026-09-21', to: '2026-09-27' }), allowed: { replacement: S1_TEACHER } },
  'GET /api/v1/timetable/structures/{structureId}/room': { params: (v) => ({ structureId: v.structureId }), query: () => ({ from: '2026-09-21', to: '2026-09-27', room: 'B12' }), allowed: { replacement: S1_TEACHER } },
  'PUT /api/v1/timetable/courses/{courseId}/occurrences/{date}': { params: (v) => ({ courseId: v.courseId, date: v.date }), body: () => ({ cancelled: true }) },
  'GET /api/v1/timetable/structures/{structureId}/courses': { params: (v) => ({ structureId: v.structureId }) },
  'POST /api/v1/timetable/structures/{structureId}/courses': {
    params: (v) => ({ structureId: v.structureId }),
    body: (v) => ({ subjectCode: '061300', teacherIds: [v.teacherId], classId: v.classId, weekday: 2, start: '10:00', end: '11:00' }),
  },
  'GET /api/v1/timetable/courses/{id}': { params: (v) => ({ id: v.courseId }) },
  'PUT /api/v1/timetable/courses/{id}': {
    params: (v) => ({ id: v.courseId }),
    body: (v) => ({ subjectCode: '061300', teacherIds: [v.teacherId], classId: v.classId, weekday: 3, start: '14:00', end: '15:00' }),
  },
  'DELETE /api/v1/timetable/courses/{id}': { params: (v) => ({ id: v.courseId }) },
  'GET /api/v1/timetable/structures/{structureId}/options': { params: (v) => ({ structureId: v.structureId }) },
  'GET /api/v1/timetable/structures/{structureId}/settings': { params: (v) => ({ structureId: v.structureId }) },
  'PUT /api/v1/timetable/structures/{structureId}/settings': { params: (v) => ({ structureId: v.structureId }), body: () => ({ zone: 'C' }) },
  'POST /api/v1/timetable/structures/{structureId}/import': { params: (v) => ({ structureId: v.structureId }), body: () => ({ content: 'x', replace: true }) },

  // cahier de textes of class 1
  'GET /api/v1/lessons': {
    query: (v) => ({ classId: v.classId, from: '2026-09-01', to: '2026-09-30' }),
    allowed: { classmate: 'his own class’s cahier de textes', classmateParent: 'his child’s class', replacement: 'a teacher of S1 reads its cahier de textes' },
    variants: [
      {
        // The victim's teacher also teaches in S2: what he writes in S1 stays in S1.
        query: (v) => ({ teacherId: v.teacherId, from: '2026-09-01', to: '2026-09-30' }),
        allowed: { classmate: 'his teacher’s lessons for his class', classmateParent: 'his child’s teacher', replacement: 'a teacher of S1 reads its cahier de textes' },
        scoped: { who: ['teacherS2', 'staffS2', 'admlS2'], hidden: (v) => [v.entryId, v.courseId], why: 'S2 sees the shared teacher’s S2 lessons only' },
      },
    ],
  },
  'GET /api/v1/lessons/week': {
    query: (v) => ({ classId: v.classId, date: v.date }),
    allowed: { replacement: S1_TEACHER, classmate: 'his own class’s cahier de textes', classmateParent: 'his child’s class' },
  },
  'GET /api/v1/lessons/{courseId}/{date}': {
    params: (v) => ({ courseId: v.courseId, date: v.date }),
    allowed: { replacement: S1_TEACHER, classmate: 'his own class’s lesson', classmateParent: 'his child’s class' },
  },
  'PUT /api/v1/lessons/{courseId}/{date}': {
    params: (v) => ({ courseId: v.courseId, date: v.date }),
    body: () => ({ title: 'Écrasé', contentHtml: '<p>x</p>' }),
    // A later session than the one replaced (2026-09-28): the replacement may not write it.
    variants: [{ params: (v) => ({ courseId: v.courseId, date: '2026-10-05' }), body: () => ({ title: 'Séance future', contentHtml: '<p>x</p>' }) }],
  },
  'GET /api/v1/lessons/entries/{id}/history': {
    params: (v) => ({ id: v.entryId }),
    // Versions are the school's control (lesson.audit, issue 13): pupils and parents are refused.
    allowed: { replacement: S1_TEACHER },
  },
  'POST /api/v1/lessons/entries/{id}/attachments': { params: (v) => ({ id: v.entryId }), file: 'file' },
  'POST /api/v1/lessons/copy/preview': { body: (v) => ({ fromCourseId: v.courseId, toCourseId: v.otherCourseId }) },
  'POST /api/v1/lessons/copy': { body: (v) => ({ fromCourseId: v.courseId, toCourseId: v.otherCourseId }) },
  'GET /api/v1/lessons/visas': {
    query: (v) => ({ classId: v.classId }),
    // Visas are the school's control (lesson.audit, issue 13): pupils and parents are refused.
    allowed: { replacement: S1_TEACHER },
  },
  'POST /api/v1/lessons/visas': { body: (v) => ({ classId: v.classId, from: '2026-09-01', to: '2026-09-30', comment: 'Vu' }) },

  // homework and the victim's hand-in
  'GET /api/v1/homework/todo': { query: (v) => ({ studentId: v.studentId }) },
  'PUT /api/v1/homework/{id}/done': { params: (v) => ({ id: v.homeworkId }), body: () => ({ done: true }), allowed: { classmate: 'ticks his own copy of his class’s homework' } },
  'PUT /api/v1/homework/{id}/submission': { params: (v) => ({ id: v.homeworkId }), body: () => ({ text: 'copie' }), allowed: { classmate: 'hands in his own work for his class' } },
  'POST /api/v1/homework/{id}/submission/files': { params: (v) => ({ id: v.homeworkId }), file: 'file', allowed: { classmate: 'hands in his own work for his class' } },
  'DELETE /api/v1/homework/{id}/submission/files/{fileId}': { params: (v) => ({ id: v.homeworkId, fileId: v.submissionFileId }) },
  'GET /api/v1/homework/{id}/submissions': { params: (v) => ({ id: v.homeworkId }) },
  'GET /api/v1/homework/{id}/submissions.zip': { params: (v) => ({ id: v.homeworkId }) },
  'POST /api/v1/homework/submissions/{id}/return': { params: (v) => ({ id: v.submissionId }), body: () => ({ comment: 'Rendu' }) },
  'POST /api/v1/homework/submissions/{id}/return-files': { params: (v) => ({ id: v.submissionId }), file: 'file' },
  'GET /api/v1/homework/files/{id}': { params: (v) => ({ id: v.submissionFileId }) },

  // imports of C1
  'POST /api/v1/admin/imports/aaf': { query: (v) => ({ collectiviteId: v.collectiviteId, dryRun: 'true' }), file: 'file' },
  'POST /api/v1/admin/imports/csv': { query: (v) => ({ collectiviteId: v.collectiviteId, structure: v.structureUai, dryRun: 'true' }), file: 'files' },
  'GET /api/v1/admin/imports/{id}': { params: (v) => ({ id: v.importJobId }) },
  'GET /api/v1/admin/imports/{id}/rejections': { params: (v) => ({ id: v.importJobId }) },
  'GET /api/v1/admin/imports/{id}/report.json': { params: (v) => ({ id: v.importJobId }) },

  // orientation: the victim's project (a favourite, wishes, his PP's comment), his class's wishes, S1's calendar.
  // Only he, his parents and his class's professeurs principaux see a project (authorization.ts); the replacement
  // is PP of another class of S1 and teacherS2 PP of a class of S2: neither sees the victim's.
  'GET /api/v1/orientation/students/{id}/project': { params: uuidOf },
  'PUT /api/v1/orientation/students/{id}/wishes/{step}': {
    params: (v) => ({ id: v.studentId, step: 'TERMINALE' }),
    body: () => ({ wishes: [{ label: 'Vœu pirate', motivation: 'x' }] }),
  },
  'PUT /api/v1/orientation/students/{id}/favorites/{kind}/{onisepId}': {
    params: (v) => ({ id: v.studentId, kind: 'FORMATION', onisepId: v.favoriteId }),
    body: () => ({ note: 'Note écrasée' }),
  },
  'DELETE /api/v1/orientation/students/{id}/favorites/{kind}/{onisepId}': { params: (v) => ({ id: v.studentId, kind: 'FORMATION', onisepId: v.favoriteId }) },
  'POST /api/v1/orientation/students/{id}/comments': { params: uuidOf, body: () => ({ body: 'Commentaire pirate' }) },
  'GET /api/v1/orientation/classes/{id}/wishes': { params: (v) => ({ id: v.classId }), query: () => ({ step: 'TERMINALE' }) },
  'GET /api/v1/orientation/classes/{id}/wishes.csv': { params: (v) => ({ id: v.classId }), query: () => ({ step: 'TERMINALE' }) },
  'GET /api/v1/orientation/classes/{id}/wishes.pdf': { params: (v) => ({ id: v.classId }), query: () => ({ step: 'TERMINALE' }) },
  'GET /api/v1/orientation/structures/{id}/deadlines': {
    params: (v) => ({ id: v.structureId }),
    allowed: {
      classmate: S1_CALENDAR,
      classmateParent: S1_CALENDAR,
      otherClassParent: S1_CALENDAR,
      replacement: S1_CALENDAR,
    },
  },
  'POST /api/v1/orientation/structures/{id}/deadlines': { params: (v) => ({ id: v.structureId }), body: () => ({ dueOn: '2027-03-01', label: 'Date pirate' }) },
  'POST /api/v1/orientation/structures/{id}/events': {
    params: (v) => ({ id: v.structureId }),
    body: () => ({ place: 'ENS.2004', kind: 'OPEN_DAY', startsOn: '2027-02-06', label: 'Portes ouvertes pirates' }),
  },
  'DELETE /api/v1/orientation/events/{id}': { params: (v) => ({ id: v.orientationEventId }) },
  'DELETE /api/v1/orientation/deadlines/{id}': { params: (v) => ({ id: v.orientationDeadlineId }) },
  // inventory: S1's register, its agents' enrolments, C1's totals.
  'GET /api/v1/inventory/structures/{id}/equipment': { params: (v) => ({ id: v.structureId }), allowed: { replacement: S1_INVENTORY } },
  'POST /api/v1/inventory/structures/{id}/equipment': { params: (v) => ({ id: v.structureId }), body: () => ({ kind: 'PROJECTOR', name: 'Projecteur pirate' }) },
  'POST /api/v1/inventory/structures/{id}/equipment.csv': { params: (v) => ({ id: v.structureId }), csv: 'Type;Nom\r\nVidéoprojecteur;Projecteur pirate\r\n' },
  'GET /api/v1/inventory/structures/{id}/equipment.csv': { params: (v) => ({ id: v.structureId }), allowed: { replacement: S1_INVENTORY } },
  'GET /api/v1/inventory/equipment/{id}': { params: (v) => ({ id: v.equipmentId }), allowed: { replacement: S1_INVENTORY } },
  'PATCH /api/v1/inventory/equipment/{id}': { params: (v) => ({ id: v.equipmentId }), body: () => ({ status: 'RETIRED' }) },
  'POST /api/v1/inventory/equipment/{id}/interventions': { params: (v) => ({ id: v.equipmentId }), body: () => ({ summary: 'Intervention pirate' }) },
  'GET /api/v1/inventory/structures/{id}/enrolments': { params: (v) => ({ id: v.structureId }) },
  'POST /api/v1/inventory/structures/{id}/enrolments': { params: (v) => ({ id: v.structureId }), body: () => ({ label: 'Agent pirate' }) },
  'DELETE /api/v1/inventory/enrolments/{id}': { params: (v) => ({ id: v.enrolmentId }) },
  'GET /api/v1/inventory/collectivites/{id}/totals': { params: (v) => ({ id: v.collectiviteId }) },
  // support: S1's tickets (the victim's teacher's), C1's; another teacher of S1 sees nothing of a colleague's ticket.
  'POST /api/v1/support/structures/{id}/tickets': { params: (v) => ({ id: v.structureId }), body: () => ({ title: 'Panne pirate', description: 'x' }), allowed: { replacement: S1_REPORTER } },
  'GET /api/v1/support/structures/{id}/tickets': { params: (v) => ({ id: v.structureId }) },
  'GET /api/v1/support/collectivites/{id}/tickets': { params: (v) => ({ id: v.collectiviteId }) },
  'GET /api/v1/support/tickets/{id}': { params: (v) => ({ id: v.ticketId }) },
  'PUT /api/v1/support/tickets/{id}/status': { params: (v) => ({ id: v.ticketId }), body: () => ({ status: 'CLOSED' }) },
  'POST /api/v1/support/tickets/{id}/comments': { params: (v) => ({ id: v.ticketId }), body: () => ({ body: 'Commentaire pirate' }) },
  'POST /api/v1/support/tickets/{id}/interventions': { params: (v) => ({ id: v.ticketId }), body: () => ({ startsAt: '2026-09-29T08:00:00+02:00' }) },
  'POST /api/v1/support/interventions/{id}/parts': { params: (v) => ({ id: v.supportInterventionId }), body: () => ({ parts: ['Lampe pirate'] }) },
  'GET /api/v1/support/collectivites/{id}/technicians': { params: (v) => ({ id: v.collectiviteId }) },
  'POST /api/v1/support/collectivites/{id}/answers': { params: (v) => ({ id: v.collectiviteId }), body: () => ({ title: 'Réponse pirate', body: 'x' }) },
  'GET /api/v1/support/collectivites/{id}/answers': { params: (v) => ({ id: v.collectiviteId }) },
  'GET /api/v1/support/structures/{id}/answers': { params: (v) => ({ id: v.structureId }), query: () => ({ q: 'projecteur' }), allowed: { replacement: S1_REPORTER } },
  'POST /api/v1/support/collectivites/{id}/technicians': { params: (v) => ({ id: v.collectiviteId }), body: (_v, me) => ({ accountId: me.id }) },
  'DELETE /api/v1/support/collectivites/{id}/technicians/{accountId}': { params: (v) => ({ id: v.collectiviteId, accountId: v.supportTechnicianId }) },
  'GET /api/v1/support/collectivites/{id}/teams': { params: (v) => ({ id: v.collectiviteId }) },
  'POST /api/v1/support/collectivites/{id}/teams': { params: (v) => ({ id: v.collectiviteId }), body: (v) => ({ name: 'Équipe pirate', structureIds: [v.structureId], technicianIds: [] }) },
  'POST /api/v1/support/tickets/{id}/photos': { params: (v) => ({ id: v.ticketId }), file: 'file' },
  'GET /api/v1/support/photos/{id}': { params: (v) => ({ id: v.supportPhotoId }) },
  'GET /api/v1/support/photos/{id}/thumbnail': { params: (v) => ({ id: v.supportPhotoId }) },
  'PUT /api/v1/support/answers/{id}': { params: (v) => ({ id: v.supportAnswerId }), body: () => ({ title: 'Réponse pirate', body: 'x' }) },
  'PUT /api/v1/support/teams/{id}': { params: (v) => ({ id: v.supportTeamId }), body: () => ({ name: 'Équipe pirate', structureIds: [], technicianIds: [] }) },
  'GET /api/v1/support/collectivites/{id}/targets': { params: (v) => ({ id: v.collectiviteId }) },
  'PUT /api/v1/support/collectivites/{id}/targets': { params: (v) => ({ id: v.collectiviteId }), body: () => ({ targets: [{ priority: 'HIGH', takeMinutes: 1, resolveMinutes: 1 }] }) },
  'GET /api/v1/support/structures/{id}/settings': {
    params: (v) => ({ id: v.structureId }),
    allowed: { classmate: S1_MEMBER_SUPPORT, classmateParent: S1_MEMBER_SUPPORT, otherClassParent: S1_MEMBER_SUPPORT, replacement: S1_MEMBER_SUPPORT },
  },
  'PUT /api/v1/support/structures/{id}/settings': { params: (v) => ({ id: v.structureId }), body: () => ({ studentsMayReport: true }) },
  'GET /api/v1/orientation/imports/{id}': {
    params: (v) => ({ id: v.onisepJobId }),
    allowed: { admcC2: 'the Onisep catalogue is one for the whole instance: any ADMC refreshes it and reads its imports (onisep-upload.service.ts)' },
  },
  // evaluations (grades, bulletins)
  'GET /api/v1/evaluations/structures/{id}/periods': {
    params: (v) => ({ id: v.structureId }),
    allowed: { classmate: S1_PERIODS, classmateParent: S1_PERIODS, otherClassParent: S1_PERIODS, replacement: S1_PERIODS },
  },
  'PUT /api/v1/evaluations/structures/{id}/periods': {
    params: (v) => ({ id: v.structureId }),
    body: () => ({ kind: 'SEMESTRE', periods: [
      { startsOn: '2026-09-01', endsOn: '2027-01-31', entryClosesOn: '2027-01-31', councilOn: '2027-02-02' },
      { startsOn: '2027-02-01', endsOn: '2027-06-30', entryClosesOn: '2027-06-10', councilOn: '2027-06-12' },
    ] }),
  },
  'POST /api/v1/evaluations/periods/{id}/bulletins/publish': { params: (v) => ({ id: v.periodId }) },
  'GET /api/v1/evaluations': { query: (v) => ({ periodId: v.periodId, classId: v.classId, subjectCode: '061300' }) },
  'GET /api/v1/evaluations/appreciations': { query: (v) => ({ periodId: v.periodId, classId: v.classId, subjectCode: '061300' }) },
  'POST /api/v1/evaluations': {
    body: (v) => ({ periodId: v.periodId, classId: v.classId, subjectCode: '061300', title: 'Pirate', givenOn: '2026-09-21', outOf: 20, rescale: true, coefficient: 1 }),
  },
  'GET /api/v1/evaluations/{id}': { params: (v) => ({ id: v.evaluationId }) },
  'PUT /api/v1/evaluations/{id}/marks': { params: (v) => ({ id: v.evaluationId }), body: (v) => ({ marks: [{ studentId: v.studentId, value: 0 }] }) },
  'POST /api/v1/evaluations/{id}/publish': { params: (v) => ({ id: v.evaluationId }) },
  'GET /api/v1/evaluations/students/{id}/results': { params: uuidOf, query: (v) => ({ periodId: v.periodId }) },
  'GET /api/v1/evaluations/periods/{periodId}/students/{studentId}/bulletin': { params: (v) => ({ periodId: v.periodId, studentId: v.studentId }) },
  'GET /api/v1/evaluations/periods/{periodId}/students/{studentId}/bulletin.pdf': { params: (v) => ({ periodId: v.periodId, studentId: v.studentId }) },
  'PUT /api/v1/evaluations/periods/{periodId}/students/{studentId}/appreciation': {
    params: (v) => ({ periodId: v.periodId, studentId: v.studentId }),
    body: () => ({ subjectCode: '061300', body: 'Appréciation pirate' }),
  },
  'GET /api/v1/evaluations/periods/{id}/livret.csv': { params: (v) => ({ id: v.periodId }), query: (v) => ({ classId: v.classId }) },
  'POST /api/v1/evaluations/periods/{id}/lsu.xml': { params: (v) => ({ id: v.periodId }), body: () => ({ headName: 'Pirate', students: {}, teachers: {} }) },
  // Espace documentaire: the victim's folder, file, versions, shares and trash; his class's folder; C1's quotas.
  'GET /api/v1/workspace/items': { query: (v) => ({ parentId: v.documentFolderId }) },
  'GET /api/v1/workspace/items/{id}': { params: (v) => ({ id: v.documentFileId }) },
  'PATCH /api/v1/workspace/items/{id}': { params: (v) => ({ id: v.documentFileId }), body: () => ({ name: 'renommé.pdf' }) },
  'POST /api/v1/workspace/items/{id}/copy': { params: (v) => ({ id: v.documentFileId }), body: () => ({}) },
  'POST /api/v1/workspace/items/{id}/trash': { params: (v) => ({ id: v.documentFolderId }) },
  'POST /api/v1/workspace/items/{id}/restore': { params: (v) => ({ id: v.documentTrashedId }) },
  'DELETE /api/v1/workspace/items/{id}': { params: (v) => ({ id: v.documentTrashedId }) },
  'GET /api/v1/workspace/items/{id}/content': { params: (v) => ({ id: v.documentFileId }) },
  'PUT /api/v1/workspace/items/{id}/content': { params: (v) => ({ id: v.documentFileId }), file: 'file' },
  'GET /api/v1/workspace/items/{id}/preview': { params: (v) => ({ id: v.documentFileId }) },
  'GET /api/v1/workspace/items/{id}/archive': { params: (v) => ({ id: v.documentFolderId }) },
  'GET /api/v1/workspace/items/{id}/versions': { params: (v) => ({ id: v.documentFileId }) },
  'GET /api/v1/workspace/items/{id}/versions/{versionId}/content': { params: (v) => ({ id: v.documentFileId, versionId: v.documentVersionId }) },
  'POST /api/v1/workspace/items/{id}/versions/{versionId}/restore': { params: (v) => ({ id: v.documentFileId, versionId: v.documentVersionId }) },
  'GET /api/v1/workspace/items/{id}/shares': { params: (v) => ({ id: v.documentFolderId }) },
  'POST /api/v1/workspace/items/{id}/shares': { params: (v) => ({ id: v.documentFolderId }), body: (_v, me) => ({ target: { kind: 'account', id: me.id }, right: 'manage' }) },
  'DELETE /api/v1/workspace/items/{id}/shares/{shareId}': { params: (v) => ({ id: v.documentFolderId, shareId: v.documentShareId }) },
  'POST /api/v1/workspace/files': { query: (v) => ({ parentId: v.documentFolderId }), file: 'file' },
  'POST /api/v1/workspace/folders': { body: (v) => ({ name: 'Intrus', parentId: v.documentFolderId }) },
  // The victim's class has no class folder yet: only its teachers may create it (a classmate sees the class: 403).
  'POST /api/v1/workspace/class-folders': { body: (v) => ({ classId: v.classId }) },
  'GET /api/v1/workspace/quotas/{collectiviteId}': { params: (v) => ({ collectiviteId: v.collectiviteId }) },
  'PUT /api/v1/workspace/quotas/{collectiviteId}': { params: (v) => ({ collectiviteId: v.collectiviteId }), body: () => ({ items: [{ profile: 'ELEVE', quotaBytes: 1 }] }) },

  // actualités: a news item for the victim's class, written by his teacher, submitted for validation (seen by its author and S1's publishers only).
  'POST /api/v1/news': { body: (v) => ({ title: 'Pirate', contentHtml: '<p>x</p>', target: { type: 'CLASS', id: v.classId }, audience: ['ELEVE'] }) },
  'GET /api/v1/news/{id}': { params: (v) => ({ id: v.newsId }) },
  'PUT /api/v1/news/{id}': { params: (v) => ({ id: v.newsId }), body: (v) => ({ title: 'Écrasé', contentHtml: '<p>x</p>', target: { type: 'CLASS', id: v.classId }, audience: ['ELEVE'] }) },
  'DELETE /api/v1/news/{id}': { params: (v) => ({ id: v.newsId }) },
  'POST /api/v1/news/{id}/transitions': { params: (v) => ({ id: v.newsId }), body: () => ({ action: 'publish' }) },
  'POST /api/v1/news/{id}/images': { params: (v) => ({ id: v.newsId }), file: 'file' },
  'GET /api/v1/news/images/{id}': { params: (v) => ({ id: v.newsImageId }) },
  'GET /api/v1/news/{id}/comments': { params: (v) => ({ id: v.newsId }) },
  'POST /api/v1/news/{id}/comments': { params: (v) => ({ id: v.newsId }), body: () => ({ body: 'Pirate' }) },
  'PUT /api/v1/news/comments/{id}/moderation': { params: (v) => ({ id: v.newsCommentId }), body: () => ({ hidden: true }) },
  'DELETE /api/v1/news/comments/{id}': { params: (v) => ({ id: v.newsCommentId }) },

  // agenda: the victim's personal calendar and its event; a calendar for his class (teachers and publishers only).
  'POST /api/v1/agenda/calendars': { body: (v) => ({ title: 'Pirate', owner: { kind: 'CLASS', id: v.classId } }) },
  'POST /api/v1/agenda/calendars/{id}/events': {
    params: (v) => ({ id: v.calendarId }),
    body: () => ({ title: 'Pirate', startsAt: '2026-09-23T10:00:00+02:00', endsAt: '2026-09-23T11:00:00+02:00' }),
  },
  'GET /api/v1/agenda/events/{id}': { params: (v) => ({ id: v.calendarEventId }) },
  'PUT /api/v1/agenda/events/{id}': {
    params: (v) => ({ id: v.calendarEventId }),
    body: () => ({ title: 'Écrasé', startsAt: '2026-09-23T10:00:00+02:00', endsAt: '2026-09-23T11:00:00+02:00' }),
  },
  'DELETE /api/v1/agenda/events/{id}': { params: (v) => ({ id: v.calendarEventId }) },
  'GET /api/v1/agenda/calendars/{id}/export.ics': { params: (v) => ({ id: v.calendarId }) },
  'POST /api/v1/agenda/calendars/{id}/import': { params: (v) => ({ id: v.calendarId }), file: 'file' },
  // connected services (issue 14): C1's catalogue, S1's choices and links; a service opened by those it is offered to.
  'GET /api/v1/connected-services/collectivites/{collectiviteId}': { params: (v) => ({ collectiviteId: v.collectiviteId }) },
  'POST /api/v1/connected-services/collectivites/{collectiviteId}': {
    params: (v) => ({ collectiviteId: v.collectiviteId }),
    body: () => ({ name: 'Service pirate', launchUrl: 'https://pirate.example/', protocol: 'cas', allowedPatterns: ['https://pirate.example/*'], profiles: ['ELEVE'] }),
  },
  'DELETE /api/v1/connected-services/{id}': { params: (v) => ({ id: v.connectedServiceId }), variants: [{ params: (v) => ({ id: v.structureLinkId }) }] },
  'GET /api/v1/connected-services/structures/{structureId}': { params: (v) => ({ structureId: v.structureId }) },
  'PUT /api/v1/connected-services/structures/{structureId}/{serviceId}': {
    params: (v) => ({ structureId: v.structureId, serviceId: v.connectedServiceId }),
    body: () => ({ enabled: false }),
  },
  'POST /api/v1/connected-services/structures/{structureId}/links': {
    params: (v) => ({ structureId: v.structureId }),
    body: () => ({ name: 'Lien pirate', launchUrl: 'https://pirate.example/', profiles: ['ELEVE'] }),
  },
  'PUT /api/v1/connected-services/{id}': {
    params: (v) => ({ id: v.connectedServiceId }),
    body: () => ({ name: 'Service pirate', launchUrl: 'https://pirate.example/', allowedPatterns: ['https://pirate.example/*'], profiles: ['ELEVE'] }),
  },
  // Only the ADMC of the collectivité renews a client's secret; anyone else learns nothing, not even the protocol.
  'POST /api/v1/connected-services/{id}/oidc-secret': { params: (v) => ({ id: v.connectedServiceId }) },
  'GET /api/v1/connected-services/{id}/launch': { params: (v) => ({ id: v.connectedServiceId }), allowed: { classmate: CONNECTED } },
  'PUT /api/v1/connected-services/{id}/favorite': { params: (v) => ({ id: v.connectedServiceId }), allowed: { classmate: CONNECTED } },
  'DELETE /api/v1/connected-services/{id}/favorite': { params: (v) => ({ id: v.connectedServiceId }), allowed: { classmate: CONNECTED } },

  // presences (issue 15): the roll call of the victim's session, S1's vie scolaire, the victim's absences and
  // his parent's justification. Only the session's teacher and S1's vie scolaire call the roll; only S1's vie
  // scolaire manages; only the student and his parents read his absences (authorization.ts).
  'GET /api/v1/presences/courses/{courseId}/sessions/{date}': { params: (v) => ({ courseId: v.courseId, date: v.date }) },
  'PUT /api/v1/presences/courses/{courseId}/sessions/{date}/taken': { params: (v) => ({ courseId: v.courseId, date: v.date }) },
  'PUT /api/v1/presences/courses/{courseId}/sessions/{date}/students/{studentId}': {
    params: (v) => ({ courseId: v.courseId, date: v.date, studentId: v.studentId }),
    body: () => ({ status: 'PRESENT' }),
  },
  'GET /api/v1/presences/structures/{structureId}/day': { params: (v) => ({ structureId: v.structureId }), query: (v) => ({ date: v.date }) },
  'POST /api/v1/presences/structures/{structureId}/absences': {
    params: (v) => ({ structureId: v.structureId }),
    body: (v) => ({ studentIds: [v.studentId], fromDate: '2026-09-22', toDate: '2026-09-23', reasonId: v.reasonId }),
  },
  'GET /api/v1/presences/structures/{structureId}/reasons': { params: (v) => ({ structureId: v.structureId }) },
  'POST /api/v1/presences/structures/{structureId}/reasons': {
    params: (v) => ({ structureId: v.structureId }),
    body: () => ({ label: 'Motif pirate', justified: true, counted: false, parentsMayUse: true }),
  },
  'GET /api/v1/presences/structures/{structureId}/settings': { params: (v) => ({ structureId: v.structureId }) },
  'PUT /api/v1/presences/structures/{structureId}/settings': { params: (v) => ({ structureId: v.structureId }), body: () => ({ middayMinute: 700 }) },
  'GET /api/v1/presences/structures/{structureId}/justifications': { params: (v) => ({ structureId: v.structureId }) },
  'GET /api/v1/presences/structures/{structureId}/alerts': { params: (v) => ({ structureId: v.structureId }), query: () => ({ month: '2026-09' }) },
  'GET /api/v1/presences/structures/{structureId}/exemptions': { params: (v) => ({ structureId: v.structureId }) },
  'POST /api/v1/presences/structures/{structureId}/exemptions': {
    params: (v) => ({ structureId: v.structureId }),
    body: (v) => ({ studentId: v.studentId, subjectCode: '061300', fromDate: '2026-09-01', toDate: '2026-12-31' }),
  },
  'GET /api/v1/presences/students/{studentId}/letter.pdf': { params: (v) => ({ studentId: v.studentId }), query: () => ({ month: '2026-09' }) },
  'GET /api/v1/presences/students/{studentId}/attendance': {
    params: (v) => ({ studentId: v.studentId }),
    query: () => ({ from: '2026-09-01', to: '2026-09-30' }),
  },
  'POST /api/v1/presences/absences/{id}/justifications': { params: (v) => ({ id: v.absenceId }), body: (v) => ({ reasonId: v.reasonId, comment: 'Motif pirate' }) },
  'POST /api/v1/presences/justifications/{id}/document': { params: (v) => ({ id: v.justificationId }), file: 'file' },
  'GET /api/v1/presences/justifications/{id}/document': { params: (v) => ({ id: v.justificationId }) },
  'POST /api/v1/presences/justifications/{id}/decision': { params: (v) => ({ id: v.justificationId }), body: () => ({ accept: true }) },
  // inventory labels (issue 18): S1's room B102, printed by its admins only.
  'GET /api/v1/inventory/structures/{id}/labels.pdf': { params: (v) => ({ id: v.structureId }), query: () => ({ room: 'B102' }) },
  // annuaire (issue 13): the person card and the class and group pages follow the search's visibility rule.
  'GET /api/v1/directory/people/{id}': {
    params: (v) => ({ id: v.studentId }),
    allowed: { classmate: ANNUAIRE_CLASSMATE, replacement: ANNUAIRE_S1_TEACHER },
  },
  'GET /api/v1/directory/classes/{id}': {
    params: (v) => ({ id: v.classId }),
    allowed: { classmate: ANNUAIRE_CLASSMATE, replacement: ANNUAIRE_S1_TEACHER },
    scoped: { who: ['classmateParent'], hidden: (v) => [v.studentId], why: 'a parent sees his child’s class, its teachers and his child, not the other pupils' },
  },
  'GET /api/v1/directory/groups/{id}': {
    params: (v) => ({ id: v.groupId }),
    allowed: { classmate: ANNUAIRE_CLASSMATE, replacement: ANNUAIRE_S1_TEACHER },
    scoped: { who: ['classmateParent'], hidden: (v) => [v.studentId], why: 'a parent sees his child’s group, its teachers and his child, not the other pupils' },
  },
  // Espace documentaire, issue 16 continued: the thumbnail of the victim's file.
  'GET /api/v1/workspace/items/{id}/thumbnail': { params: (v) => ({ id: v.documentFileId }) },
  // Agenda, issue 16 continued: the iCalendar subscription of the victim's personal calendar.
  'GET /api/v1/agenda/calendars/{id}/feed': { params: (v) => ({ id: v.calendarId }) },
  'POST /api/v1/agenda/calendars/{id}/feed': { params: (v) => ({ id: v.calendarId }) },
  'DELETE /api/v1/agenda/calendars/{id}/feed': { params: (v) => ({ id: v.calendarId }) },
  // GAR médiacentre, issue 14: S1's responsables d'affectation (the victim's teacher named or removed).
  'GET /api/v1/admin/structures/{id}/gar/resp-aff': { params: (v) => ({ id: v.structureId }) },
  'PUT /api/v1/admin/structures/{id}/gar/resp-aff/{accountId}': { params: (v) => ({ id: v.structureId, accountId: v.teacherId }) },
  'DELETE /api/v1/admin/structures/{id}/gar/resp-aff/{accountId}': { params: (v) => ({ id: v.structureId, accountId: v.teacherId }) },
};

const selfOnly = 'reads or changes only the caller’s own things';
const outsideIds = (v: Victim) => [v.studentId, v.classId, v.structureId];

/** Routes open to anyone logged in: they act on the caller's own account (checked: nothing of the victim leaks or changes). */
const ownRoutes: Record<string, OwnRoute> = {
  'GET /api/v1/presences/my-sessions': { why: 'the caller’s own sessions of a day (courses he teaches)', query: (v) => ({ date: v.date }), hiddenOutside: (v) => [v.courseId] },
  'GET /api/v1/presences/family': { why: 'the caller’s own absences, or his own children’s', hiddenOutside: (v) => [v.studentId, v.absenceId] },
  'POST /api/v1/auth/logout': { why: 'ends the caller’s own session', endsSession: true },
  'POST /api/v1/auth/logout-all': { why: 'ends the caller’s own sessions', endsSession: true },
  'GET /api/v1/me': { why: 'the caller’s own account' },
  'PATCH /api/v1/me': { why: 'the caller’s own account', body: () => ({ locale: 'fr' }) },
  'POST /api/v1/me/password': { why: 'the caller’s own password (current one required)', body: () => ({ currentPassword: 'not-my-password', newPassword: 'Une-phrase-de-passe-2026' }) },
  'GET /api/v1/directory/people': {
    why: 'the annuaire search, filtered by the communication rules',
    query: (v) => ({ q: v.studentLastName }),
    hiddenOutside: (v) => [v.studentId],
  },
  'GET /api/v1/directory/groups': { why: 'the annuaire search of classes and groups, filtered by membership', query: (v) => ({ q: v.className }), hiddenOutside: outsideIds },
  'GET /api/v1/admin/structures': { why: 'lists the structures the caller administers (403 for others)', hiddenOutside: (v) => [v.structureId] },
  'GET /api/v1/messaging/recipients': { why: 'the recipient picker, filtered by the communication rules', query: (v) => ({ q: v.studentLastName }), hiddenOutside: outsideIds },
  'GET /api/v1/messaging/folders': { why: selfOnly },
  'POST /api/v1/messaging/folders': { why: selfOnly, body: () => ({ name: `Dossier ${uniqueSuffix()}` }) },
  'GET /api/v1/messaging/unread-count': { why: selfOnly },
  'GET /api/v1/messaging/messages': { why: 'the caller’s own mailbox (a folder of someone else’s shows nothing)', query: (v) => ({ folder: v.folderId }) },
  'PATCH /api/v1/messaging/messages': { why: 'changes only the caller’s own copies (ids of others are ignored)', body: (v) => ({ ids: [v.receivedMessageId, v.sentMessageId], isRead: false, isFlagged: true, moveTo: 'TRASH' }) },
  'GET /api/v1/messaging/search': { why: 'searches the caller’s own messages', query: (v) => ({ q: v.secret }) },
  'POST /api/v1/messaging/messages/delete-forever': { why: 'deletes only the caller’s own copies in his trash', body: (v) => ({ ids: [v.receivedMessageId, v.sentMessageId, v.draftId] }) },
  'GET /api/v1/messaging/settings': { why: 'the caller’s own signature (no id to name another account)' },
  'PUT /api/v1/messaging/settings': { why: 'sets only the caller’s own signature', body: () => ({ signature: 'Signature de test' }) },
  'GET /api/v1/orientation/events': {
    why: 'the open days and fairs announced in the caller’s own collectivité',
    hiddenOutsideCollectivite: (v) => [v.orientationEventId],
  },
  'GET /api/v1/timeline': { why: selfOnly },
  'GET /api/v1/timeline/unread-count': { why: selfOnly },
  'POST /api/v1/timeline/read-all': { why: selfOnly },
  'GET /api/v1/notifications/preferences': { why: selfOnly },
  'PUT /api/v1/notifications/preferences': { why: selfOnly, body: () => ({ items: [{ kind: 'messaging.received', channel: 'NONE' }] }) },
  'GET /api/v1/notifications/push/public-key': { why: 'the server’s public VAPID key, the same for everyone' },
  'DELETE /api/v1/notifications/push/subscriptions': { why: 'removes only the caller’s own subscription with that endpoint', body: (v) => ({ endpoint: v.pushEndpoint }) },
  'GET /api/v1/timetable/me': { why: selfOnly, query: () => ({ from: '2026-09-21', to: '2026-09-27' }) },
  'GET /api/v1/timetable/choices': { why: 'the timetables the caller may open (his children, classes, structures)', hiddenOutside: outsideIds },
  'GET /api/v1/timetable/next': { why: selfOnly },
  'GET /api/v1/timetable/ical': { why: 'the caller’s own calendar feed' },
  'POST /api/v1/timetable/ical': { why: 'the caller’s own calendar feed' },
  'DELETE /api/v1/timetable/ical': { why: 'the caller’s own calendar feed' },
  'GET /api/v1/lessons/copy/courses': { why: 'the caller’s own courses', hiddenOutside: (v) => [v.courseId] },
  'GET /api/v1/homework/children': { why: 'the caller’s own children' },
  'GET /api/v1/admin/imports': { why: 'the imports of the collectivités the caller administers (403 for others)', hiddenOutside: (v) => [v.importJobId] },
  'GET /api/v1/orientation/formations': { why: CATALOGUE, query: () => ({ q: 'informatique' }) },
  'GET /api/v1/orientation/formations/{id}': { why: CATALOGUE, params: (v) => ({ id: v.favoriteId }) },
  'GET /api/v1/orientation/metiers': { why: CATALOGUE, query: () => ({ q: 'informatique' }) },
  'GET /api/v1/orientation/metiers/{id}': { why: CATALOGUE, params: () => ({ id: 'MET.101' }) },
  'GET /api/v1/orientation/students': {
    why: 'the caller’s own project or his children’s (none of the wrong actors is the victim’s parent)',
    hiddenOutside: (v) => [v.studentId],
  },
  'GET /api/v1/orientation/classes': { why: 'the classes the caller is professeur principal of', hiddenOutside: (v) => [v.classId] },
  // A PDF is no Onisep file: refused (ONISEP_NO_FILES) for an ADMC, 403 for others; nothing of a collectivité is touched.
  'GET /api/v1/support/tickets/mine': { why: 'the tickets the caller reported himself', hiddenOutside: (v) => [v.ticketId] },
  'GET /api/v1/support/me': { why: 'where the caller himself may report faults, and whether he is a technician' },
  'GET /api/v1/support/tickets/team': { why: 'the tickets of the caller’s technician teams (none for the wrong actors)', hiddenOutside: (v) => [v.ticketId] },
  'GET /api/v1/support/interventions/mine': { why: 'the caller’s own visits as a technician (none for the wrong actors)', hiddenOutside: (v) => [v.ticketId] },
  'POST /api/v1/orientation/imports': { why: 'refreshes the Onisep catalogue, one for the whole instance: any ADMC may (403 for others)', file: 'file' },
  'GET /api/v1/orientation/imports': { why: 'the history of the Onisep catalogue’s imports, one catalogue for the whole instance: any ADMC reads it (403 for others)' },
  'GET /api/v1/orientation/calendars': { why: 'the orientation calendars of the caller’s own structures', hiddenOutside: (v) => [v.structureId, v.orientationDeadlineId] },
  'GET /api/v1/evaluations/teachings': { why: 'the classes and subjects the caller teaches', hiddenOutside: (v) => [v.classId] },
  'GET /api/v1/evaluations/students': { why: 'the caller himself (a student) or his children (none of the wrong actors is the victim’s parent)', hiddenOutside: (v) => [v.studentId] },
  'GET /api/v1/workspace/quota': { why: 'the caller’s own storage used and quota' },
  'GET /api/v1/workspace/class-folders': { why: 'the classes the caller teaches (none of the wrong actors teaches the victim’s)', hiddenOutside: (v) => [v.classId] },
  'DELETE /api/v1/workspace/trash': { why: 'empties the caller’s own trash (what he may manage in it)' },
  'GET /api/v1/news': { why: 'the caller’s boxes: what he is in the audience of, what he wrote, what he validates', query: () => ({ box: 'pending' }), hiddenOutside: (v) => [v.newsId] },
  'GET /api/v1/news/targets': { why: 'where the caller may post news (his structures’ classes and groups)', hiddenOutside: (v) => [v.classId] },
  'GET /api/v1/agenda/calendars': { why: 'the caller’s own calendars and those of his structures, classes and groups' },
  'GET /api/v1/agenda/occurrences': { why: 'the events of the caller’s own calendars', query: () => ({ from: '2026-09-21', to: '2026-09-27' }) },
  'GET /api/v1/connected-services/mine': {
    why: 'the tiles offered to the caller (his profile, his structures)',
    hiddenOutside: (v) => [v.connectedServiceId, v.structureLinkId],
  },  'GET /api/v1/directory/children': { why: 'the caller’s own children (a parent’s switcher)', hiddenOutside: (v) => [v.studentId] },
  'GET /api/v1/portal': { why: 'the caller’s own first screen: his or his children’s lessons and homework, his inbox count, timeline and news', hiddenOutside: (v) => [v.newsId, v.studentId] },
};

/** Routes that need no session at all (checked with bogus tokens: refused, nothing of the victim changes). */
const publicRoutes: Record<string, OwnRoute> = {
  'POST /api/v1/auth/login': { why: 'logging in', body: () => ({ login: `personne.${uniqueSuffix()}`, password: 'Une-phrase-de-passe-2026' }) },
  'POST /api/v1/auth/activate': { why: 'first login, authenticated by the activation code', body: () => ({ activationToken: 'bogus', password: 'Une-phrase-de-passe-2026', acceptCharter: true }) },
  'POST /api/v1/auth/password/forgot': { why: 'asks a reset link for a login (same answer whether it exists)', body: () => ({ login: `personne.${uniqueSuffix()}` }) },
  'POST /api/v1/auth/password/reset': { why: 'authenticated by the reset link’s token', body: () => ({ token: 'bogus', password: 'Une-phrase-de-passe-2026' }) },
  'GET /api/v1/auth/providers': { why: 'which login buttons the login page shows (ÉduConnect on or off), nothing about anyone' },
};

/**
 * Holes found by this suite and not fixed yet (in another module's files).
 * Each is asserted to STILL leak: when the owning module fixes it, this
 * suite goes red and the entry must be removed.
 */
const knownHoles: Array<{ route: string; who: Who; module: string; leak: string; /** The hole writes: the victim's state is expected to change. */ changes?: true }> = [
];

/** The request did not pass the route's schema: the table fills it wrongly, so it proves nothing. */
function badlyFilled(response: { statusCode: number; body: string }): boolean {
  return response.statusCode === 400 && response.body.includes('"VALIDATION_FAILED"');
}

function pushSubscription(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { endpoint, keys: { p256dh: ecdh.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') } };
}

function multipart(field: string, fileName: string, content: string, type = 'application/pdf') {
  const boundary = `----preau-cross-${uniqueSuffix()}`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

let ctx: TestContext;
const db = () => ctx.platform.database.db;
let v: Victim;
const actors = {} as Record<Exclude<Who, 'anonymous'>, { id: string; login: string }>;
const sessions = new Map<Who, AuthHeaders>();
let routes: string[] = [];

async function headersOf(who: Who): Promise<Record<string, string>> {
  if (who === 'anonymous') return {};
  let headers = sessions.get(who);
  if (!headers) {
    headers = await loginAs(ctx.app, actors[who].login);
    sessions.set(who, headers);
  }
  return headers;
}

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
}

async function call(route: string, spec: Call, who: Who) {
  const [method, path] = route.split(' ') as [string, string];
  const me = who === 'anonymous' ? { id: v.studentId } : actors[who];
  const query = spec.query ? `?${new URLSearchParams(spec.query(v))}` : '';
  const url = fill(path, spec.params?.(v) ?? {}) + query;
  const headers = { ...(await headersOf(who)) };
  if (spec.file) {
    const body = multipart(spec.file, 'copie.pdf', '%PDF-1.4 intrus');
    return ctx.app.inject({ method: method as 'POST', url, headers: { ...headers, 'content-type': body.contentType }, payload: body.payload });
  }
  if (spec.csv !== undefined) return ctx.app.inject({ method: method as 'POST', url, headers: { ...headers, 'content-type': 'text/csv' }, payload: spec.csv });
  const body = spec.body?.(v, me);
  return ctx.app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: body as object }) });
}

/** Everything of the victim's a wrong actor could change, as one comparable value. */
async function victimState() {
  const d = db();
  const messageIds = (await d.selectFrom('message_recipients').select('message_id').where('account_id', '=', v.studentId).execute()).map((r) => r.message_id);
  const mine = [...messageIds, v.sentMessageId, v.draftId, v.receivedMessageId];
  const courseIds = (await d.selectFrom('courses').select('id').where('structure_id', '=', v.structureId).execute()).map((r) => r.id);
  const entryIds = courseIds.length ? (await d.selectFrom('lesson_entries').select('id').where('course_id', 'in', courseIds).execute()).map((r) => r.id) : [];
  return {
    account: await d.selectFrom('accounts').selectAll().where('id', '=', v.studentId).execute(),
    structure: await d.selectFrom('structures').selectAll().where('id', '=', v.structureId).execute(),
    structuresOfC1: await d.selectFrom('structures').select('id').where('collectivite_id', '=', v.collectiviteId).orderBy('id').execute(),
    classes: await d.selectFrom('classes').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    membersOfS1: await d.selectFrom('structure_members').selectAll().where('structure_id', '=', v.structureId).orderBy('account_id').execute(),
    classMembers: await d.selectFrom('class_members').selectAll().where('class_id', '=', v.classId).orderBy('account_id').execute(),
    adminRoles: await d
      .selectFrom('admin_roles')
      .selectAll()
      .where((eb) => eb.or([eb('structure_id', '=', v.structureId), eb('collectivite_id', '=', v.collectiviteId)]))
      .orderBy('account_id')
      .execute(),
    recipients: await d.selectFrom('message_recipients').selectAll().where('account_id', '=', v.studentId).orderBy('message_id').execute(),
    messages: await d.selectFrom('messages').selectAll().where('id', 'in', mine).orderBy('id').execute(),
    attachments: await d.selectFrom('message_attachments').selectAll().where('message_id', 'in', mine).orderBy('id').execute(),
    folders: await d.selectFrom('message_folders').selectAll().where('account_id', '=', v.studentId).orderBy('id').execute(),
    rules: await d.selectFrom('communication_rules').selectAll().where('structure_id', '=', v.structureId).orderBy(['from_profile', 'to_profile']).execute(),
    timeline: await d.selectFrom('timeline_events').select(['id', 'read_at']).where('account_id', '=', v.studentId).orderBy('id').execute(),
    preferences: await d.selectFrom('notification_preferences').selectAll().where('account_id', '=', v.studentId).orderBy('kind').execute(),
    push: await d.selectFrom('push_subscriptions').selectAll().where('account_id', '=', v.studentId).orderBy('endpoint').execute(),
    pushEndpoint: await d.selectFrom('push_subscriptions').select(['account_id', 'p256dh']).where('endpoint', '=', v.pushEndpoint).execute(),
    ical: await d.selectFrom('ical_feeds').selectAll().where('account_id', '=', v.studentId).execute(),
    courses: await d.selectFrom('courses').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    courseTeachers: courseIds.length ? await d.selectFrom('course_teachers').selectAll().where('course_id', 'in', courseIds).orderBy(['course_id', 'teacher_id']).execute() : [],
    courseChanges: courseIds.length ? await d.selectFrom('course_changes').selectAll().where('course_id', 'in', courseIds).orderBy('course_id').execute() : [],
    entries: entryIds.length ? await d.selectFrom('lesson_entries').selectAll().where('id', 'in', entryIds).orderBy('id').execute() : [],
    homework: await d.selectFrom('homework').selectAll().where('id', '=', v.homeworkId).execute(),
    done: await d.selectFrom('homework_done').selectAll().where('student_id', '=', v.studentId).execute(),
    submissions: await d.selectFrom('submissions').selectAll().where('student_id', '=', v.studentId).execute(),
    files: await d.selectFrom('homework_files').selectAll().where('owner_id', 'in', [v.entryId, v.submissionId]).orderBy('id').execute(),
    visas: await d.selectFrom('lesson_visas').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    settings: await d.selectFrom('timetable_settings').selectAll().where('structure_id', '=', v.structureId).execute(),
    favorites: await d.selectFrom('orientation_favorites').selectAll().where('account_id', '=', v.studentId).orderBy('onisep_id').execute(),
    wishes: await d.selectFrom('orientation_wishes').selectAll().where('student_id', '=', v.studentId).orderBy('step').orderBy('rank').execute(),
    comments: await d.selectFrom('orientation_comments').selectAll().where('student_id', '=', v.studentId).orderBy('id').execute(),
    deadlines: await d.selectFrom('orientation_deadlines').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    orientationEvents: await d.selectFrom('orientation_events').selectAll().where('collectivite_id', '=', v.collectiviteId).orderBy('id').execute(),
    periods: await d.selectFrom('evaluation_periods').selectAll().where('structure_id', '=', v.structureId).orderBy('rank').execute(),
    evaluations: await d.selectFrom('evaluations').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    marks: await d.selectFrom('evaluation_marks').selectAll().where('student_id', '=', v.studentId).orderBy('evaluation_id').execute(),
    appreciations: await d.selectFrom('bulletin_appreciations').selectAll().where('student_id', '=', v.studentId).orderBy('subject_code').execute(),
    documents: await d.selectFrom('workspace_items').selectAll().where('owner_id', '=', v.studentId).orderBy('id').execute(),
    documentVersions: await d.selectFrom('workspace_versions').selectAll().where('item_id', 'in', [v.documentFileId, v.documentTrashedId]).orderBy('id').execute(),
    documentShares: await d.selectFrom('workspace_shares').selectAll().where('item_id', '=', v.documentFolderId).orderBy('id').execute(),
    classFolders: await d.selectFrom('workspace_items').select('id').where('class_id', '=', v.classId).execute(),
    documentQuotas: await d.selectFrom('workspace_quotas').selectAll().where('collectivite_id', '=', v.collectiviteId).orderBy('profile').execute(),
    storageUsage: await d.selectFrom('storage_usage').selectAll().where('account_id', '=', v.studentId).execute(),
    news: await d.selectFrom('news_items').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    newsImages: await d.selectFrom('news_images').selectAll().where('news_id', '=', v.newsId).orderBy('id').execute(),
    newsComments: await d.selectFrom('news_comments').selectAll().where('news_id', '=', v.newsId).orderBy('id').execute(),
    calendars: await d.selectFrom('calendars').selectAll().where((eb) => eb.or([eb('owner_id', '=', v.studentId), eb('structure_id', '=', v.structureId)])).orderBy('id').execute(),
    calendarEvents: await d.selectFrom('calendar_events').selectAll().where('calendar_id', '=', v.calendarId).orderBy('id').execute(),
    agendaFeeds: await d.selectFrom('agenda_feeds').selectAll().where('calendar_id', '=', v.calendarId).orderBy('account_id').execute(),
    connectedServices: await d.selectFrom('connected_services').selectAll().where('collectivite_id', '=', v.collectiviteId).orderBy('id').execute(),
    connectedSettings: await d.selectFrom('connected_service_settings').selectAll().where('structure_id', '=', v.structureId).orderBy('service_id').execute(),
    connectedFavorites: await d.selectFrom('connected_service_favorites').selectAll().where('account_id', '=', v.studentId).orderBy('service_id').execute(),
    absences: await d.selectFrom('absences').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    rollCalls: await d.selectFrom('roll_calls').selectAll().where('structure_id', '=', v.structureId).orderBy('course_id').execute(),
    justifications: await d.selectFrom('absence_justifications').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    reasons: await d.selectFrom('absence_reasons').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    presenceSettings: await d.selectFrom('presence_settings').selectAll().where('structure_id', '=', v.structureId).execute(),
    exemptions: await d.selectFrom('course_exemptions').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    equipment: await d.selectFrom('inventory_equipment').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    equipmentHistory: await d.selectFrom('inventory_history').selectAll().where('equipment_id', '=', v.equipmentId).orderBy('id').execute(),
    tickets: await d.selectFrom('support_tickets').selectAll().where('id', '=', v.ticketId).execute(),
    ticketComments: await d.selectFrom('support_comments').selectAll().where('ticket_id', '=', v.ticketId).orderBy('seq').execute(),
    ticketInterventions: await d.selectFrom('support_interventions').selectAll().where('ticket_id', '=', v.ticketId).orderBy('id').execute(),
    ticketPhotos: await d.selectFrom('support_photos').selectAll().where('ticket_id', '=', v.ticketId).orderBy('seq').execute(),
    supportAnswer: await d.selectFrom('support_articles').selectAll().where('id', '=', v.supportAnswerId).execute(),
    supportRoles: await d.selectFrom('admin_roles').selectAll().where('role', '=', 'TECHNICIAN').where('collectivite_id', '=', v.collectiviteId).orderBy('account_id').execute(),
    supportTeams: await d.selectFrom('support_teams').selectAll().where('collectivite_id', '=', v.collectiviteId).orderBy('id').execute(),
    supportTeamStructures: await d.selectFrom('support_team_structures').selectAll().where('team_id', '=', v.supportTeamId).orderBy('structure_id').execute(),
    supportTeamMembers: await d.selectFrom('support_team_members').selectAll().where('team_id', '=', v.supportTeamId).orderBy('account_id').execute(),
    supportTargets: await d.selectFrom('support_targets').selectAll().where('collectivite_id', '=', v.collectiviteId).orderBy('priority').execute(),
    supportArticles: await d.selectFrom('support_articles').selectAll().where('collectivite_id', '=', v.collectiviteId).orderBy('id').execute(),
    supportSettings: await d.selectFrom('support_settings').selectAll().where('structure_id', '=', v.structureId).execute(),
    enrolments: await d.selectFrom('inventory_enrolments').selectAll().where('structure_id', '=', v.structureId).orderBy('id').execute(),
    onisepJob: await d.selectFrom('jobs').select(['id', 'status']).where('id', '=', v.onisepJobId).execute(),
    imports: await d
      .selectFrom('jobs')
      .select(['id', 'status', 'kind'])
      .where(sql<boolean>`params->>'collectiviteId' = ${v.collectiviteId}`)
      .orderBy('id')
      .execute(),
  };
}

/** The victim's private values that must never appear in someone else's answer. */
function privateValues(): string[] {
  return [v.secret, v.receivedMessageId, v.sentMessageId, v.draftId, v.attachmentId, v.draftAttachmentId, v.folderId, v.submissionId, v.submissionFileId, `"id":"${v.timelineEventId}"`, v.pushEndpoint, v.newsId, v.newsImageId, v.calendarId, v.calendarEventId, v.ticketId];
}

const OUTSIDE_S1: Who[] = ['teacherS2', 'staffS2', 'admlS2', 'admcC2', 'admlC2'];
const OUTSIDE_C1: Who[] = ['admcC2', 'admlC2'];

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.now = Date.parse('2026-09-21T12:00:00Z');
  const d = db();
  await ensureSubject(d);
  const secret = `SECRET-${uniqueSuffix()}`;

  // C1, S1: the victim, his class and the people around him.
  const c1 = await createCollectivite(d);
  const s1 = await createStructure(d, { collectiviteId: c1.id });
  const class1 = await createClass(d, s1.id);
  const class2 = await createClass(d, s1.id);
  const group1 = await createGroup(d, s1.id);
  const sid = [s1.id];
  const student = await createAccount(d, { profile: 'ELEVE', structureIds: sid, classId: class1.id, groupIds: [group1.id], lastName: `Victime${uniqueSuffix()}` });
  const parent = await createAccount(d, { profile: 'PARENT', structureIds: sid });
  await linkParent(d, parent.id, student.id);
  const teacher = await createAccount(d, { profile: 'ENSEIGNANT', structureIds: sid });
  await addTeaching(d, teacher.id, { classId: class1.id });
  await addTeaching(d, teacher.id, { groupId: group1.id });
  const staff = await createAccount(d, { profile: 'PERSONNEL', staffFunction: 'EVS', structureIds: sid });
  const admcC1 = await createAccount(d, { profile: 'COLLECTIVITE' });
  await grantAdmin(d, admcC1.id, { admc: c1.id });
  const classmate = await createAccount(d, { profile: 'ELEVE', structureIds: sid, classId: class1.id });
  const classmateParent = await createAccount(d, { profile: 'PARENT', structureIds: sid });
  await linkParent(d, classmateParent.id, classmate.id);
  const otherStudent = await createAccount(d, { profile: 'ELEVE', structureIds: sid, classId: class2.id });
  const otherClassParent = await createAccount(d, { profile: 'PARENT', structureIds: sid });
  await linkParent(d, otherClassParent.id, otherStudent.id);

  // S2, same collectivité.
  const s2 = await createStructure(d, { collectiviteId: c1.id });
  const classS2 = await createClass(d, s2.id);
  const teacherS2 = await createAccount(d, { profile: 'ENSEIGNANT', structureIds: [s2.id] });
  await addTeaching(d, teacherS2.id, { classId: classS2.id });
  const staffS2 = await createAccount(d, { profile: 'PERSONNEL', staffFunction: 'EVS', structureIds: [s2.id] });
  const admlS2 = await createAccount(d, { profile: 'PERSONNEL', staffFunction: 'DIR', structureIds: [s2.id] });
  await grantAdmin(d, admlS2.id, { adml: s2.id });

  // The victim's teacher also teaches a class of S2.
  await d.insertInto('structure_members').values({ structure_id: s2.id, school_year: 2026, account_id: teacher.id, profile: 'ENSEIGNANT' }).execute();
  await addTeaching(d, teacher.id, { classId: classS2.id });

  // C2.
  const c2 = await createCollectivite(d);
  const s3 = await createStructure(d, { collectiviteId: c2.id });
  const admcC2 = await createAccount(d, { profile: 'COLLECTIVITE' });
  await grantAdmin(d, admcC2.id, { admc: c2.id });
  const admlC2 = await createAccount(d, { profile: 'PERSONNEL', staffFunction: 'DIR', structureIds: [s3.id] });
  await grantAdmin(d, admlC2.id, { adml: s3.id });

  // A teacher of S1 (another class) who replaces the victim's teacher on 2026-09-28 only.
  const replacement = await createAccount(d, { profile: 'ENSEIGNANT', structureIds: sid });
  await addTeaching(d, replacement.id, { classId: class2.id });

  Object.assign(actors, { classmate, classmateParent, otherClassParent, teacherS2, staffS2, admlS2, admcC2, admlC2, replacement });

  // The victim's objects, made through the API by their real owners.
  const as = async (account: { login: string }) => loginAs(ctx.app, account.login);
  const [hStaff, hTeacher, hStudent] = [await as(staff), await as(teacher), await as(student)];
  const api = async (headers: AuthHeaders, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, expected = [200, 201, 204]) => {
    const response = await ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    if (!expected.includes(response.statusCode)) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.body ? response.json() : null;
  };
  const upload = async (headers: AuthHeaders, url: string, content: string) => {
    const body = multipart('file', 'piece.pdf', content);
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...headers, 'content-type': body.contentType }, payload: body.payload });
    if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`upload ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const course = await api(hStaff, 'POST', `/timetable/structures/${s1.id}/courses`, {
    subjectCode: '061300', teacherIds: [teacher.id], classId: class1.id, weekday: 1, start: '08:00', end: '09:00', room: 'B12',
  });
  const otherCourse = await api(hStaff, 'POST', `/timetable/structures/${s1.id}/courses`, {
    subjectCode: '061300', teacherIds: [teacher.id], groupId: group1.id, weekday: 2, start: '08:00', end: '09:00', room: 'B12',
  });
  const date = '2026-09-21';
  await api(hStaff, 'PUT', `/timetable/courses/${course.id}/occurrences/2026-09-28`, { replacementTeacherId: replacement.id });
  // What the shared teacher writes in S2, for S2's staff to read.
  const courseS2 = await api(await as(admlS2), 'POST', `/timetable/structures/${s2.id}/courses`, {
    subjectCode: '061300', teacherIds: [teacher.id], classId: classS2.id, weekday: 1, start: '10:00', end: '11:00',
  });
  await api(hTeacher, 'PUT', `/lessons/${courseS2.id}/${date}`, { title: 'En S2', contentHtml: '<p>S2</p>' });
  const entry = await api(hTeacher, 'PUT', `/lessons/${course.id}/${date}`, {
    title: 'Fonctions affines', contentHtml: '<p>Cours</p>',
    homework: { descriptionHtml: '<p>Exercices</p>', dueOn: '2026-09-28', handInOnline: true },
  });
  await upload(hTeacher, `/lessons/entries/${entry.id}/attachments`, '%PDF-1.4 cours');
  await api(hStudent, 'PUT', `/homework/${entry.homework.id}/submission`, { text: `Ma copie ${secret}` });
  const handedIn = await upload(hStudent, `/homework/${entry.homework.id}/submission/files`, `%PDF-1.4 ${secret}`);
  const board = await api(hTeacher, 'GET', `/homework/${entry.homework.id}/submissions`);
  const submissionId = (board.items as Array<{ student: { id: string }; submission: { id: string } | null }>).find((r) => r.student.id === student.id)!.submission!.id;

  const received = await api(hTeacher, 'POST', '/messaging/messages', { to: [{ type: 'PERSON', id: student.id }], subject: `Pour toi ${secret}`, body: `<p>${secret}</p>` });
  const opened = await api(hStudent, 'GET', `/messaging/messages/${received.id}`);
  const folder = await api(hStudent, 'POST', '/messaging/folders', { name: `Perso ${secret}` });
  const sentDraft = await api(hStudent, 'POST', '/messaging/drafts', { to: [{ type: 'PERSON', id: teacher.id }], subject: `Envoi ${secret}`, body: '<p>x</p>' });
  const sentAttachment = await upload(hStudent, `/messaging/drafts/${sentDraft.id}/attachments`, `%PDF-1.4 ${secret}`);
  await api(hStudent, 'POST', `/messaging/drafts/${sentDraft.id}/send`, { to: [{ type: 'PERSON', id: teacher.id }], subject: `Envoi ${secret}`, body: '<p>x</p>' });
  const draft = await api(hStudent, 'POST', '/messaging/drafts', { to: [{ type: 'PERSON', id: teacher.id }], subject: `Brouillon ${secret}`, body: '<p>x</p>' });
  const draftAttachment = await upload(hStudent, `/messaging/drafts/${draft.id}/attachments`, `%PDF-1.4 ${secret}`);
  const pushEndpoint = `https://93.184.215.14/victim/${secret}`;
  await api(hStudent, 'POST', '/notifications/push/subscriptions', pushSubscription(pushEndpoint));
  await api(hStudent, 'POST', '/timetable/ical');
  const event = await d.selectFrom('timeline_events').select('id').where('account_id', '=', student.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const job = await createImportJob(d, c1.id, admcC1.id, s1.uai);

  // Orientation: the victim's project, his PP's comment (his teacher), S1's calendar, a catalogue import by C1's ADMC.
  // The replacement is PP of another class of S1, teacherS2 of a class of S2: PPs, but not of the victim's class.
  await importOnisepFiles(d, [SAMPLE_CATALOGUE_DIR]);
  await makePrincipal(d, teacher.id, class1.id);
  await makePrincipal(d, replacement.id, class2.id);
  await makePrincipal(d, teacherS2.id, classS2.id);
  const favoriteId = 'FOR.1002';
  await api(hStudent, 'PUT', `/orientation/students/${student.id}/favorites/FORMATION/${favoriteId}`, { note: `Ma note ${secret}` });
  await api(hStudent, 'PUT', `/orientation/students/${student.id}/wishes/TERMINALE`, { wishes: [{ label: 'BTS SIO', formationId: favoriteId, motivation: `Mon vœu ${secret}` }] });
  await api(hTeacher, 'POST', `/orientation/students/${student.id}/comments`, { body: `Avis du PP ${secret}` });
  await api(await as(admcC1), 'POST', `/orientation/structures/${s1.id}/deadlines`, { dueOn: '2027-03-15', label: 'Conseil de classe' });
  const orientationEvent = await api(await as(admcC1), 'POST', `/orientation/structures/${s1.id}/events`, { place: 'ENS.2004', kind: 'OPEN_DAY', startsOn: '2027-02-06', label: 'Portes ouvertes' });
  const orientationDeadline = await api(await as(admcC1), 'POST', `/orientation/structures/${s1.id}/deadlines`, { dueOn: '2027-03-12', label: 'Saisie des vœux' });
  // Grades: S1's trimestres (set by C1's ADMC), a published evaluation of the victim's class with his mark, an appreciation.
  const periods = await api(await as(admcC1), 'PUT', `/evaluations/structures/${s1.id}/periods`, { kind: 'TRIMESTRE', periods: [
    { startsOn: '2026-09-01', endsOn: '2026-11-29', entryClosesOn: '2026-12-04', councilOn: '2026-12-08' },
    { startsOn: '2026-11-30', endsOn: '2027-03-07', entryClosesOn: '2027-03-12', councilOn: '2027-03-16' },
    { startsOn: '2027-03-08', endsOn: '2027-07-04', entryClosesOn: '2027-06-06', councilOn: '2027-06-10' },
  ] });
  const periodId = periods.items[0].id;
  const evaluation = await api(hTeacher, 'POST', '/evaluations', {
    periodId, classId: class1.id, subjectCode: '061300', title: 'Fonctions affines', givenOn: '2026-09-21', outOf: 20, rescale: true, coefficient: 1,
  });
  await api(hTeacher, 'PUT', `/evaluations/${evaluation.id}/marks`, { marks: [{ studentId: student.id, value: 14.25 }] });
  await api(hTeacher, 'POST', `/evaluations/${evaluation.id}/publish`);
  await api(hTeacher, 'PUT', `/evaluations/periods/${periodId}/students/${student.id}/appreciation`, { subjectCode: '061300', body: `Appréciation ${secret}` });

  // Espace documentaire: a folder shared with his teacher, a file in it replaced once, a file in the trash.
  const documentFolder = await api(hStudent, 'POST', '/workspace/folders', { name: `Perso ${secret}` });
  const documentFile = await upload(hStudent, `/workspace/files?parentId=${documentFolder.id}`, `%PDF-1.4 ${secret}`);
  const replaceBody = multipart('file', 'piece.pdf', `%PDF-1.4 v2 ${secret}`);
  await ctx.app.inject({ method: 'PUT', url: `/api/v1/workspace/items/${documentFile.id}/content`, headers: { ...hStudent, 'content-type': replaceBody.contentType }, payload: replaceBody.payload });
  const documentVersions = await api(hStudent, 'GET', `/workspace/items/${documentFile.id}/versions`);
  const documentShares = await api(hStudent, 'POST', `/workspace/items/${documentFolder.id}/shares`, { target: { kind: 'account', id: teacher.id }, right: 'read' });
  const documentTrashed = await upload(hStudent, '/workspace/files', `%PDF-1.4 jeté ${secret}`);
  await api(hStudent, 'POST', `/workspace/items/${documentTrashed.id}/trash`);
  // Connected services: C1's service for S1's students (the victim's favourite), S1's own link.
  const hAdmcC1 = await as(admcC1);
  const connected = await api(hAdmcC1, 'POST', `/connected-services/collectivites/${c1.id}`, {
    name: 'Vie scolaire', launchUrl: 'https://vs.example.fr/', protocol: 'cas', allowedPatterns: ['https://vs.example.fr/*'], profiles: ['ELEVE'], structureIds: [s1.id],
  });
  const structureLink = await api(hAdmcC1, 'POST', `/connected-services/structures/${s1.id}/links`, { name: 'CDI', launchUrl: 'https://cdi.example.fr/', profiles: ['ELEVE'] });
  await api(hStudent, 'PUT', `/connected-services/${connected.service.id}/favorite`);
  // Presences: the teacher marks the victim absent in today's session (08:00, it is 14:00); his parent gives a reason
  // with a document.
  await api(hTeacher, 'PUT', `/presences/courses/${course.id}/sessions/${date}/students/${student.id}`, { status: 'ABSENT' });
  const hParent = await as(parent);
  const family = await api(hParent, 'GET', '/presences/family');
  const absenceId = family.items[0].absences[0].id as string;
  const reasonId = family.items[0].parentReasons[0].id as string;
  const justification = await api(hParent, 'POST', `/presences/absences/${absenceId}/justifications`, { reasonId, comment: `Motif ${secret}` });
  await upload(hParent, `/presences/justifications/${justification.id}/document`, `%PDF-1.4 ${secret}`);
  const projector = (await api(await as(admcC1), 'POST', `/inventory/structures/${s1.id}/equipment`, { kind: 'PROJECTOR', name: 'Vidéoprojecteur B102', room: 'B102', serial: `EPS-${secret}` })) as { id: string };
  const enrolment = (await api(await as(admcC1), 'POST', `/inventory/structures/${s1.id}/enrolments`, { label: 'Salle B102' })) as { enrolment: { id: string } };
  // Support: C1's technician in the team covering S1, so the ticket goes to that team; he writes an internal note.
  const supportTechnician = await createAccount(d, { profile: 'COLLECTIVITE' });
  await api(await as(admcC1), 'POST', `/support/collectivites/${c1.id}/technicians`, { accountId: supportTechnician.id });
  const supportTeams = (await api(await as(admcC1), 'POST', `/support/collectivites/${c1.id}/teams`, { name: 'Secteur S1', structureIds: [s1.id], technicianIds: [supportTechnician.id] })) as { items: { id: string }[] };
  await api(await as(admcC1), 'PUT', `/support/collectivites/${c1.id}/targets`, { targets: [{ priority: 'HIGH', takeMinutes: 60, resolveMinutes: 600 }] });
  const supportAnswer = (await api(await as(supportTechnician), 'POST', `/support/collectivites/${c1.id}/answers`, { title: 'Vidéoprojecteur qui ne s’allume pas', body: 'Vérifier la prise et le câble HDMI.' })) as { id: string };
  const ticket = (await api(hTeacher, 'POST', `/support/structures/${s1.id}/tickets`, { title: 'Vidéoprojecteur en panne', description: `Salle B102 ${secret}`, equipmentId: projector.id })) as { id: string };
  await api(await as(admcC1), 'POST', `/support/tickets/${ticket.id}/comments`, { body: `Technicien prévenu ${secret}` });
  // A GIF by its first bytes (support photos are told by their bytes), not decodable: kept, without a thumbnail.
  const photoBody = multipart('file', 'voyant.gif', `GIF89a ${secret}`, 'image/gif');
  const withPhoto = await ctx.app.inject({ method: 'POST', url: `/api/v1/support/tickets/${ticket.id}/photos`, headers: { ...hTeacher, 'content-type': photoBody.contentType }, payload: photoBody.payload });
  if (withPhoto.statusCode !== 201) throw new Error(`support photo: ${withPhoto.statusCode} ${withPhoto.body}`);
  await api(await as(supportTechnician), 'POST', `/support/tickets/${ticket.id}/comments`, { body: `Note interne ${secret}`, internal: true });
  const planned = (await api(await as(supportTechnician), 'POST', `/support/tickets/${ticket.id}/interventions`, { startsAt: '2026-09-29T08:00:00+02:00', note: `Visite ${secret}` })) as {
    interventions: { id: string }[];
  };
  const onisepJob = await d
    .insertInto('jobs')
    .values({ kind: 'onisep-import', status: 'SUCCEEDED', params: JSON.stringify({ dir: 'onisep-imports/gone' }), actor_id: admcC1.id, finished_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Actualités and agenda: a submitted item for the victim's class by his teacher, with a picture; the victim's own calendar.
  const newsItem = await api(hTeacher, 'POST', '/news', { title: `Sortie ${secret}`, contentHtml: `<p>${secret}</p>`, target: { type: 'CLASS', id: class1.id }, audience: ['ELEVE', 'PARENT'] });
  const picture = multipart('file', 'photo.png', 'PNG', 'image/png');
  const withPicture = await ctx.app.inject({ method: 'POST', url: `/api/v1/news/${newsItem.id}/images`, headers: { ...hTeacher, 'content-type': picture.contentType }, payload: picture.payload });
  if (withPicture.statusCode !== 201) throw new Error(`news picture: ${withPicture.statusCode} ${withPicture.body}`);
  await api(hTeacher, 'POST', `/news/${newsItem.id}/transitions`, { action: 'submit' });
  const newsComment = await d
    .insertInto('news_comments')
    .values({ news_id: newsItem.id, author_id: teacher.id, author_name: 'Professeur', body: `Commentaire ${secret}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const calendars = await api(hStudent, 'GET', '/agenda/calendars');
  const personal = (calendars.items as Array<{ id: string; kind: string }>).find((c) => c.kind === 'PERSONAL')!;
  const calendarEvent = await api(hStudent, 'POST', `/agenda/calendars/${personal.id}/events`, {
    title: `Rendez-vous ${secret}`, startsAt: '2026-09-22T10:00:00+02:00', endsAt: '2026-09-22T11:00:00+02:00',
  });

  v = {
    collectiviteId: c1.id,
    structureId: s1.id,
    structureUai: s1.uai,
    classId: class1.id,
    className: class1.name,
    groupId: group1.id,
    studentId: student.id,
    studentLastName: student.last_name,
    teacherId: teacher.id,
    classS2Id: classS2.id,
    courseId: course.id,
    otherCourseId: otherCourse.id,
    date,
    entryId: entry.id,
    homeworkId: entry.homework.id,
    submissionId,
    submissionFileId: handedIn.files[0].id,
    receivedMessageId: received.id,
    sentMessageId: sentDraft.id,
    threadId: opened.threadId,
    attachmentId: sentAttachment.id,
    draftId: draft.id,
    draftAttachmentId: draftAttachment.id,
    folderId: folder.id,
    timelineEventId: String(event.id),
    pushEndpoint,
    importJobId: job.id,
    onisepJobId: onisepJob.id,
    orientationEventId: orientationEvent.id,
    orientationDeadlineId: orientationDeadline.id,
    favoriteId,
    periodId,
    evaluationId: evaluation.id,
    documentFolderId: documentFolder.id,
    documentFileId: documentFile.id,
    documentVersionId: documentVersions.items[1].id,
    documentShareId: documentShares.items[0].id,
    documentTrashedId: documentTrashed.id,
    newsId: newsItem.id,
    newsImageId: (withPicture.json() as { images: { id: string }[] }).images[0]!.id,
    newsCommentId: newsComment.id,
    calendarId: personal.id,
    calendarEventId: calendarEvent.id,
    connectedServiceId: connected.service.id,
    structureLinkId: structureLink.id,
    absenceId,
    justificationId: justification.id,
    reasonId,
    equipmentId: projector.id,
    enrolmentId: enrolment.enrolment.id,
    ticketId: ticket.id,
    supportTechnicianId: supportTechnician.id,
    supportTeamId: supportTeams.items[0]!.id,
    supportInterventionId: planned.interventions[0]!.id,
    supportPhotoId: (withPhoto.json() as { photos: { id: string }[] }).photos[0]!.id,
    supportAnswerId: supportAnswer.id,
    secret,
  };

  await ctx.app.ready();
  const doc = ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

describe('cross-account: every route of the OpenAPI document, as every wrong actor', () => {
  it('knows how to fill every route (a new route must be added to a table of this file)', () => {
    expect(routes.length).toBeGreaterThan(90);
    const known = new Set([...Object.keys(victimRoutes), ...Object.keys(ownRoutes), ...Object.keys(publicRoutes)]);
    const missing = routes.filter((route) => !known.has(route));
    expect(
      missing.map((route) => `${route}: add it to victimRoutes (how to call it on the victim's objects) or ownRoutes/publicRoutes (why anyone may) in apps/server/test/cross-account.test.ts`),
    ).toEqual([]);
    const stale = [...known].filter((route) => !routes.includes(route));
    expect(stale.map((route) => `${route} is no longer in the OpenAPI document: remove it from the tables`)).toEqual([]);
    for (const [key, table] of [['victimRoutes', victimRoutes], ['ownRoutes', ownRoutes]] as const) {
      for (const route of Object.keys(table)) expect(Object.keys(publicRoutes).includes(route) ? `${route} in ${key} and publicRoutes` : '').toBe('');
    }
  });

  it('the victim’s objects are real: their owners read them (so a refusal below is not a wrong id)', async () => {
    const student = await loginAs(ctx.app, (await db().selectFrom('accounts').select('login').where('id', '=', v.studentId).executeTakeFirstOrThrow()).login);
    const get = async (url: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: student })).statusCode;
    expect(await get(`/messaging/messages/${v.receivedMessageId}`)).toBe(200);
    expect(await get(`/messaging/threads/${v.threadId}`)).toBe(200);
    expect(await get(`/messaging/attachments/${v.attachmentId}`)).toBe(200);
    expect(await get(`/homework/files/${v.submissionFileId}`)).toBe(200);
    expect(await get(`/lessons/${v.courseId}/${v.date}`)).toBe(200);
    expect(await get(`/timetable/students/${v.studentId}?from=2026-09-21&to=2026-09-27`)).toBe(200);
    expect(await get(`/homework/todo`)).toBe(200);
    expect(await get(`/orientation/students/${v.studentId}/project`)).toBe(200);
    expect(await get(`/evaluations/students/${v.studentId}/results?periodId=${v.periodId}`)).toBe(200);
    expect(await get(`/agenda/events/${v.calendarEventId}`)).toBe(200);
    expect(await get(`/agenda/calendars/${v.calendarId}/export.ics`)).toBe(200);
    const admc = await db()
      .selectFrom('admin_roles')
      .innerJoin('accounts', 'accounts.id', 'admin_roles.account_id')
      .select('accounts.login')
      .where('admin_roles.collectivite_id', '=', v.collectiviteId)
      .executeTakeFirstOrThrow();
    const admcHeaders = await loginAs(ctx.app, admc.login);
    for (const url of [`/admin/imports/${v.importJobId}`, `/admin/imports/${v.importJobId}/rejections`, `/admin/imports/${v.importJobId}/report.json`, `/admin/structures/${v.structureId}`, `/admin/accounts/${v.studentId}`, `/orientation/imports/${v.onisepJobId}`, `/news/${v.newsId}`, `/news/images/${v.newsImageId}`]) {
      expect({ url, status: (await ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: admcHeaders })).statusCode }).toEqual({ url, status: 200 });
    }
  });

  it('refuses every wrong actor on the victim’s objects, and changes nothing of his', async () => {
    const problems: string[] = [];
    const holes = new Set(knownHoles.map((h) => `${h.route} as ${h.who}`));
    const seenHoles = new Set<string>();
    for (const route of routes) {
      const spec = victimRoutes[route];
      if (!spec) continue;
      const before = await victimState();
      for (const [index, variant] of [spec, ...(spec.variants ?? [])].entries()) {
        const name = index === 0 ? route : `${route} (variant ${index})`;
        for (const who of WRONG_ACTORS) {
          if (who !== 'anonymous' && variant.allowed?.[who]) continue;
          const response = await call(route, variant, who);
          const status = response.statusCode;
          const expected = who === 'anonymous' ? [401] : [403, 404, ...(variant.alsoRefusedWith ?? [])];
          const scoped = variant.scoped?.who.includes(who) ? variant.scoped.hidden(v) : undefined;
          const leaked = [...privateValues(), ...(scoped ?? [])].filter((value) => response.body.includes(value));
          const refused = expected.includes(status) || (scoped !== undefined && status >= 200 && status < 300 && leaked.length === 0);
          if (holes.has(`${name} as ${who}`)) {
            seenHoles.add(`${name} as ${who}`);
            if (refused) problems.push(`${name} as ${who}: listed in knownHoles but now refused (${status}) — the fix landed, remove the entry`);
            continue;
          }
          if (!refused) problems.push(`${name} as ${who}: ${status} (expected ${expected.join('/')}${scoped ? ' or a list without the victim’s' : ''}) ${response.body.slice(0, 160)}`);
          if (leaked.length) problems.push(`${name} as ${who}: the answer holds the victim's ${leaked.join(', ')}`);
        }
      }
      const after = await victimState();
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        const changed = Object.keys(before).filter((k) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(after[k as keyof typeof after]));
        const expectedChange = knownHoles.some((h) => (h.route === route || h.route.startsWith(`${route} (variant`)) && h.changes);
        if (!expectedChange) problems.push(`${route}: changed the victim's ${changed.join(', ')}`);
      }
    }
    const unseen = [...holes].filter((h) => !seenHoles.has(h));
    expect(unseen.map((h) => `knownHoles entry ${h} matches no call of the tables`)).toEqual([]);
    expect(problems).toEqual([]);
  }, 300_000);

  it('routes open to anyone logged in touch only the caller’s own things: nothing of the victim leaks or changes', async () => {
    const problems: string[] = [];
    for (const route of routes) {
      const spec = ownRoutes[route];
      if (!spec) continue;
      const before = await victimState();
      for (const who of WRONG_ACTORS) {
        const response = await call(route, spec, who);
        const status = response.statusCode;
        if (who === 'anonymous') {
          if (status !== 401) problems.push(`${route} as anonymous: ${status} (expected 401)`);
          continue;
        }
        if (spec.endsSession) sessions.delete(who);
        if (status >= 500 || badlyFilled(response)) problems.push(`${route} as ${who}: ${status} ${response.body.slice(0, 160)}`);
        const forbidden = [
          ...privateValues(),
          ...(OUTSIDE_S1.includes(who) ? (spec.hiddenOutside?.(v) ?? []) : []),
          ...(OUTSIDE_C1.includes(who) ? (spec.hiddenOutsideCollectivite?.(v) ?? []) : []),
        ];
        const leaked = forbidden.filter((value) => response.body.includes(value));
        if (leaked.length) problems.push(`${route} as ${who}: the answer holds the victim's ${leaked.join(', ')}`);
      }
      const after = await victimState();
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        const changed = Object.keys(before).filter((k) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(after[k as keyof typeof after]));
        problems.push(`${route}: changed the victim's ${changed.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('routes without a session refuse bogus tokens and change nothing of the victim', async () => {
    const problems: string[] = [];
    const before = await victimState();
    for (const [route, spec] of Object.entries(publicRoutes)) {
      const response = await call(route, spec, 'anonymous');
      if (response.statusCode >= 500 || badlyFilled(response)) problems.push(`${route}: ${response.statusCode} ${response.body.slice(0, 160)}`);
      const leaked = privateValues().filter((value) => response.body.includes(value));
      if (leaked.length) problems.push(`${route}: the answer holds the victim's ${leaked.join(', ')}`);
    }
    expect(JSON.stringify(await victimState())).toBe(JSON.stringify(before));
    expect(problems).toEqual([]);
  });
});

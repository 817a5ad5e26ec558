import type { Profile } from '@preau/contracts';
import { describe, expect, it } from 'vitest';
import { type Action, type Actor, authorize, can, type Resource, usableApps } from './authorization.ts';

/**
 * The authorization table of Préau: profile × action × resource → allowed.
 * A change to `can` that is not reflected here fails a row.
 */

const C1 = '10000000-0000-4000-8000-000000000001';
const C2 = '10000000-0000-4000-8000-000000000002';
const S1 = '20000000-0000-4000-8000-000000000001'; // in C1
const S2 = '20000000-0000-4000-8000-000000000002'; // in C1
const S3 = '20000000-0000-4000-8000-000000000003'; // in C2

function actor(name: string, profile: Profile, roles: Partial<Actor> = {}): Actor {
  return {
    accountId: `30000000-0000-4000-8000-${name.padStart(12, '0')}`,
    profile,
    staffFunction: profile === 'PERSONNEL' ? 'EVS' : null,
    structureIds: [S1],
    admcCollectiviteIds: [],
    admlStructureIds: [],
    technicianCollectiviteIds: [],
    ...roles,
  };
}

const eleve = actor('1', 'ELEVE');
const parent = actor('2', 'PARENT');
const enseignant = actor('3', 'ENSEIGNANT');
const personnel = actor('4', 'PERSONNEL');
const collectivite = actor('5', 'COLLECTIVITE');
const invite = actor('6', 'INVITE');
const adml = actor('7', 'PERSONNEL', { admlStructureIds: [S1] });
const admc = actor('8', 'COLLECTIVITE', { structureIds: [], admcCollectiviteIds: [C1] });
const admlS2 = actor('9', 'PERSONNEL', { structureIds: [S2], admlStructureIds: [S2] });
const dir = actor('10', 'PERSONNEL', { staffFunction: 'DIR' });
const psy = actor('11', 'PERSONNEL', { staffFunction: 'PSY' });
const psyS2 = actor('12', 'PERSONNEL', { staffFunction: 'PSY', structureIds: [S2] });
// Support technicians (issue 18): of C1, and of C2.
const technician = actor('13', 'COLLECTIVITE', { structureIds: [], technicianCollectiviteIds: [C1] });
const technicianC2 = actor('14', 'COLLECTIVITE', { structureIds: [], technicianCollectiviteIds: [C2] });
const actors = { eleve, parent, enseignant, personnel, collectivite, invite, adml, admc, admlS2, dir, psy, psyS2, technician, technicianC2 };
type ActorName = keyof typeof actors;

const app = (id: 'annuaire' | 'account' | 'admin'): Resource => ({ type: 'app', id });
const structure = (id: string, collectiviteId: string): Resource => ({ type: 'structure', id, collectiviteId });
const account = (id: string, profile: Profile, structureIds: string[], collectiviteIds: string[]): Resource => ({
  type: 'account',
  id,
  profile,
  structureIds,
  collectiviteIds,
});

const resources = {
  annuaire: app('annuaire'),
  accountApp: app('account'),
  adminApp: app('admin'),
  messagerieApp: { type: 'app', id: 'messagerie' } as Resource,
  C1: { type: 'collectivite', id: C1 } as Resource,
  C2: { type: 'collectivite', id: C2 } as Resource,
  S1: structure(S1, C1),
  S2: structure(S2, C1),
  S3: structure(S3, C2),
  studentS1: account('40000000-0000-4000-8000-000000000001', 'ELEVE', [S1], [C1]),
  parentS1: account('40000000-0000-4000-8000-000000000002', 'PARENT', [S1], [C1]),
  teacherS1: account('40000000-0000-4000-8000-000000000003', 'ENSEIGNANT', [S1], [C1]),
  staffS1: account('40000000-0000-4000-8000-000000000004', 'PERSONNEL', [S1], [C1]),
  inviteS1: account('40000000-0000-4000-8000-000000000005', 'INVITE', [S1], [C1]),
  agentS1: account('40000000-0000-4000-8000-000000000006', 'COLLECTIVITE', [S1], [C1]),
  studentS2: account('40000000-0000-4000-8000-000000000007', 'ELEVE', [S2], [C1]),
  studentS3: account('40000000-0000-4000-8000-000000000008', 'ELEVE', [S3], [C2]),
  studentS1S3: account('40000000-0000-4000-8000-000000000009', 'ELEVE', [S1, S3], [C1, C2]),
  noStructure: account('40000000-0000-4000-8000-00000000000a', 'COLLECTIVITE', [], []),
  admlOwn: account(adml.accountId, 'PERSONNEL', [S1], [C1]),
  admcOwn: account(admc.accountId, 'COLLECTIVITE', [S1], [C1]),
  scheduleOwn: { type: 'schedule', structureIds: [S1], collectiviteIds: [C1], relation: 'self' } as Resource,
  scheduleChild: { type: 'schedule', structureIds: [S1], collectiviteIds: [C1], relation: 'child' } as Resource,
  scheduleOtherS1: { type: 'schedule', structureIds: [S1], collectiviteIds: [C1], relation: 'none' } as Resource,
  scheduleOtherS2: { type: 'schedule', structureIds: [S2], collectiviteIds: [C1], relation: 'none' } as Resource,
  courseTaught: { type: 'course', structureId: S1, collectiviteId: C1, relation: 'teacher' } as Resource,
  courseTaughtOtherAuthor: { type: 'course', structureId: S1, collectiviteId: C1, relation: 'teacher', authorId: C2 } as Resource,
  courseLearnt: { type: 'course', structureId: S1, collectiviteId: C1, relation: 'learner' } as Resource,
  courseOfChild: { type: 'course', structureId: S1, collectiviteId: C1, relation: 'parent' } as Resource,
  courseOtherS1: { type: 'course', structureId: S1, collectiviteId: C1, relation: 'none' } as Resource,
  courseOtherS2: { type: 'course', structureId: S2, collectiviteId: C1, relation: 'none' } as Resource,
  projectOwn: { type: 'orientation-project', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'self' } as Resource,
  projectOfChild: { type: 'orientation-project', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'parent' } as Resource,
  projectFollowed: { type: 'orientation-project', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'principal' } as Resource,
  projectOtherS1: { type: 'orientation-project', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'none' } as Resource,
  classFollowed: { type: 'orientation-class', classId: '1', structureId: S1, collectiviteId: C1, relation: 'principal' } as Resource,
  classOtherS1: { type: 'orientation-class', classId: '1', structureId: S1, collectiviteId: C1, relation: 'none' } as Resource,
  projectOtherS3: { type: 'orientation-project', studentId: '1', structureId: S3, collectiviteId: C2, relation: 'none' } as Resource,
  classOtherS3: { type: 'orientation-class', classId: '1', structureId: S3, collectiviteId: C2, relation: 'none' } as Resource,
  gradebookTaught: { type: 'gradebook', structureId: S1, collectiviteId: C1, relation: 'teacher' } as Resource,
  gradebookOtherS1: { type: 'gradebook', structureId: S1, collectiviteId: C1, relation: 'none' } as Resource,
  gradesOwn: { type: 'student-grades', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'self', bulletinPublished: false } as Resource,
  gradesOwnPublished: { type: 'student-grades', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'self', bulletinPublished: true } as Resource,
  gradesOfChild: { type: 'student-grades', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'parent', bulletinPublished: false } as Resource,
  gradesOfChildPublished: { type: 'student-grades', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'parent', bulletinPublished: true } as Resource,
  gradesTaught: { type: 'student-grades', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'teacher', bulletinPublished: false } as Resource,
  gradesFollowed: { type: 'student-grades', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'principal', bulletinPublished: false } as Resource,
  gradesOtherS1: { type: 'student-grades', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'none', bulletinPublished: true } as Resource,
  gradesOtherS2: { type: 'student-grades', studentId: '1', structureId: S2, collectiviteId: C1, relation: 'none', bulletinPublished: true } as Resource,
  documentOwn: { type: 'document', right: 'owner' } as Resource,
  documentManaged: { type: 'document', right: 'manage' } as Resource,
  documentContributed: { type: 'document', right: 'contribute' } as Resource,
  documentRead: { type: 'document', right: 'read' } as Resource,
  documentOther: { type: 'document', right: 'none' } as Resource,
  classFolderTaught: { type: 'class-folder', relation: 'teacher' } as Resource,
  classFolderLearnt: { type: 'class-folder', relation: 'learner' } as Resource,
  classFolderOther: { type: 'class-folder', relation: 'none' } as Resource,
  newsTargetContrib: { type: 'news-target', structureId: S1, collectiviteId: C1, relation: 'contributor' } as Resource,
  newsTargetS1: { type: 'news-target', structureId: S1, collectiviteId: C1, relation: 'none' } as Resource,
  newsTargetS2: { type: 'news-target', structureId: S2, collectiviteId: C1, relation: 'none' } as Resource,
  newsTargetS3: { type: 'news-target', structureId: S3, collectiviteId: C2, relation: 'none' } as Resource,
  newsOwnDraft: { type: 'news', structureId: S1, collectiviteId: C1, status: 'DRAFT', isAuthor: true, inAudience: false, visibleNow: false } as Resource,
  newsOwnSubmitted: { type: 'news', structureId: S1, collectiviteId: C1, status: 'SUBMITTED', isAuthor: true, inAudience: false, visibleNow: false } as Resource,
  newsOwnPublished: { type: 'news', structureId: S1, collectiviteId: C1, status: 'PUBLISHED', isAuthor: true, inAudience: false, visibleNow: true } as Resource,
  newsDraftS1: { type: 'news', structureId: S1, collectiviteId: C1, status: 'DRAFT', isAuthor: false, inAudience: true, visibleNow: false } as Resource,
  newsSubmittedS1: { type: 'news', structureId: S1, collectiviteId: C1, status: 'SUBMITTED', isAuthor: false, inAudience: true, visibleNow: false } as Resource,
  newsLiveForMe: { type: 'news', structureId: S1, collectiviteId: C1, status: 'PUBLISHED', isAuthor: false, inAudience: true, visibleNow: true } as Resource,
  newsExpiredForMe: { type: 'news', structureId: S1, collectiviteId: C1, status: 'PUBLISHED', isAuthor: false, inAudience: true, visibleNow: false } as Resource,
  newsLiveNotForMe: { type: 'news', structureId: S1, collectiviteId: C1, status: 'PUBLISHED', isAuthor: false, inAudience: false, visibleNow: true } as Resource,
  newsLiveS2: { type: 'news', structureId: S2, collectiviteId: C1, status: 'PUBLISHED', isAuthor: false, inAudience: false, visibleNow: true } as Resource,
  newsLiveS3: { type: 'news', structureId: S3, collectiviteId: C2, status: 'PUBLISHED', isAuthor: false, inAudience: false, visibleNow: true } as Resource,
  calendarOwn: { type: 'calendar', structureId: null, collectiviteId: null, relation: 'owner' } as Resource,
  calendarOthers: { type: 'calendar', structureId: null, collectiviteId: null, relation: 'none' } as Resource,
  calendarClassTaught: { type: 'calendar', structureId: S1, collectiviteId: C1, relation: 'teacher' } as Resource,
  calendarClassMember: { type: 'calendar', structureId: S1, collectiviteId: C1, relation: 'member' } as Resource,
  calendarS1Other: { type: 'calendar', structureId: S1, collectiviteId: C1, relation: 'none' } as Resource,
  calendarS2: { type: 'calendar', structureId: S2, collectiviteId: C1, relation: 'none' } as Resource,
  calendarS3: { type: 'calendar', structureId: S3, collectiviteId: C2, relation: 'none' } as Resource,
  // Connected services (issue 14): offered in S1, in S2 only, a link of S1's own, a service of C2.
  serviceInS1: { type: 'connected-service', collectiviteId: C1, ownerStructureId: null, offeredStructureIds: [S1] } as Resource,
  serviceInS2: { type: 'connected-service', collectiviteId: C1, ownerStructureId: null, offeredStructureIds: [S2] } as Resource,
  linkOfS1: { type: 'connected-service', collectiviteId: C1, ownerStructureId: S1, offeredStructureIds: [S1] } as Resource,
  serviceOfC2: { type: 'connected-service', collectiviteId: C2, ownerStructureId: null, offeredStructureIds: [S3] } as Resource,
  attendanceOwn: { type: 'attendance', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'self' } as Resource,
  attendanceOfChild: { type: 'attendance', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'parent' } as Resource,
  attendanceOtherS1: { type: 'attendance', studentId: '1', structureId: S1, collectiviteId: C1, relation: 'none' } as Resource,
  attendanceOtherS2: { type: 'attendance', studentId: '1', structureId: S2, collectiviteId: C1, relation: 'none' } as Resource,
  ticketOwn: { type: 'support-ticket', structureId: S1, collectiviteId: C1, relation: 'author' } as Resource,
  ticketOtherS1: { type: 'support-ticket', structureId: S1, collectiviteId: C1, relation: 'none' } as Resource,
  ticketS3: { type: 'support-ticket', structureId: S3, collectiviteId: C2, relation: 'none' } as Resource,
  // A ticket of S1 that went to the caller's area team; one of S3 (C2) that went to "his" team (a stale team row).
  ticketOfTeam: { type: 'support-ticket', structureId: S1, collectiviteId: C1, relation: 'team' } as Resource,
  ticketS3OfTeam: { type: 'support-ticket', structureId: S3, collectiviteId: C2, relation: 'team' } as Resource,
  deskS1: { type: 'support-desk', structureId: S1, collectiviteId: C1, studentsMayReport: false } as Resource,
  deskS1Students: { type: 'support-desk', structureId: S1, collectiviteId: C1, studentsMayReport: true } as Resource,
  deskS2Students: { type: 'support-desk', structureId: S2, collectiviteId: C1, studentsMayReport: true } as Resource,
};
type ResourceName = keyof typeof resources;
type Row = [who: ActorName, action: Action, what: ResourceName, allowed: boolean];

const accountActions: Action[] = ['account.read', 'account.create', 'account.update', 'account.block', 'account.resetActivation'];
const nonAdmins: ActorName[] = ['eleve', 'parent', 'enseignant', 'personnel', 'collectivite', 'invite'];

/** Every account action on a target, with one expected answer. */
function allAccountActions(who: ActorName, what: ResourceName, allowed: boolean): Row[] {
  return accountActions.map((action) => [who, action, what, allowed]);
}

const table: Row[] = [
  // Portal apps: every profile but INVITE uses the annuaire; everyone has an account page; admin is for roles only.
  ...nonAdmins.map((who): Row => [who, 'app.use', 'annuaire', who !== 'invite']),
  ...nonAdmins.map((who): Row => [who, 'app.use', 'accountApp', true]),
  ...nonAdmins.map((who): Row => [who, 'app.use', 'adminApp', false]),
  ['adml', 'app.use', 'adminApp', true],
  ['admc', 'app.use', 'adminApp', true],
  ['admc', 'app.use', 'annuaire', true],
  // The messagerie: every profile but guests.
  ...nonAdmins.map((who): Row => [who, 'app.use', 'messagerieApp', who !== 'invite']),
  ['adml', 'app.use', 'messagerieApp', true],
  ['admc', 'app.use', 'messagerieApp', true],

  // Creating structures: only an ADMC, only in his collectivité.
  ['admc', 'structure.create', 'C1', true],
  ['admc', 'structure.create', 'C2', false],
  ['adml', 'structure.create', 'C1', false],
  ...nonAdmins.map((who): Row => [who, 'structure.create', 'C1', false]),

  // AAF imports: only an ADMC, only for his collectivité.
  ['admc', 'provisioning.import', 'C1', true],
  ['admc', 'provisioning.import', 'C2', false],
  ['adml', 'provisioning.import', 'C1', false],
  ['admlS2', 'provisioning.import', 'C1', false],
  ...nonAdmins.map((who): Row => [who, 'provisioning.import', 'C1', false]),
  ['admc', 'provisioning.import', 'S1', false],

  // Structures: members read theirs; the ADMC administers and updates his collectivité's; the ADML administers his own only.
  ['admc', 'structure.read', 'S1', true],
  ['admc', 'structure.update', 'S1', true],
  ['admc', 'structure.administer', 'S1', true],
  ['admc', 'structure.administer', 'S2', true],
  ['admc', 'structure.read', 'S3', false],
  ['admc', 'structure.update', 'S3', false],
  ['admc', 'structure.administer', 'S3', false],
  ['adml', 'structure.read', 'S1', true],
  ['adml', 'structure.administer', 'S1', true],
  ['adml', 'structure.update', 'S1', false],
  ['adml', 'structure.administer', 'S2', false],
  ['adml', 'structure.read', 'S3', false],
  ['admlS2', 'structure.administer', 'S2', true],
  ['admlS2', 'structure.administer', 'S1', false],
  ...nonAdmins.map((who): Row => [who, 'structure.read', 'S1', true]),
  ...nonAdmins.map((who): Row => [who, 'structure.read', 'S2', false]),
  ...nonAdmins.map((who): Row => [who, 'structure.administer', 'S1', false]),
  ...nonAdmins.map((who): Row => [who, 'structure.update', 'S1', false]),

  // Accounts, ADML: every profile of his structure but COLLECTIVITE; nothing elsewhere; only reading his own.
  ...allAccountActions('adml', 'studentS1', true),
  ...allAccountActions('adml', 'parentS1', true),
  ...allAccountActions('adml', 'teacherS1', true),
  ...allAccountActions('adml', 'staffS1', true),
  ...allAccountActions('adml', 'inviteS1', true),
  ...allAccountActions('adml', 'studentS1S3', true),
  ...allAccountActions('adml', 'agentS1', false),
  ...allAccountActions('adml', 'studentS2', false),
  ...allAccountActions('adml', 'studentS3', false),
  ...allAccountActions('adml', 'noStructure', false),
  ['adml', 'account.read', 'admlOwn', true],
  ['adml', 'account.update', 'admlOwn', false],
  ['adml', 'account.block', 'admlOwn', false],
  ['adml', 'account.resetActivation', 'admlOwn', false],
  ...allAccountActions('admlS2', 'studentS1', false),
  ...allAccountActions('admlS2', 'studentS2', true),

  // Accounts, ADMC: every profile of his collectivité's structures, COLLECTIVITE included; only reading his own.
  ...allAccountActions('admc', 'studentS1', true),
  ...allAccountActions('admc', 'studentS2', true),
  ...allAccountActions('admc', 'agentS1', true),
  ...allAccountActions('admc', 'studentS1S3', true),
  ...allAccountActions('admc', 'studentS3', false),
  ...allAccountActions('admc', 'noStructure', false),
  ['admc', 'account.read', 'admcOwn', true],
  ['admc', 'account.update', 'admcOwn', false],
  ['admc', 'account.block', 'admcOwn', false],

  // Accounts, everyone else: no admin action, even inside their own structure.
  ...nonAdmins.flatMap((who) => allAccountActions(who, 'studentS1', false)),
  ...nonAdmins.flatMap((who) => allAccountActions(who, 'teacherS1', false)),

  // Timetables: one's own, one's child's, one's class's; staff of the structure and its admins see all of it; no one else.
  ...(['eleve', 'parent', 'enseignant', 'personnel', 'invite'] as const).map((who): Row => [who, 'timetable.read', 'scheduleOwn', true]),
  ['parent', 'timetable.read', 'scheduleChild', true],
  ['eleve', 'timetable.read', 'scheduleOtherS1', false],
  ['parent', 'timetable.read', 'scheduleOtherS1', false],
  ['invite', 'timetable.read', 'scheduleOtherS1', false],
  ['collectivite', 'timetable.read', 'scheduleOtherS1', false],
  ['enseignant', 'timetable.read', 'scheduleOtherS1', true],
  ['personnel', 'timetable.read', 'scheduleOtherS1', true],
  ['enseignant', 'timetable.read', 'scheduleOtherS2', false],
  ['adml', 'timetable.read', 'scheduleOtherS1', true],
  ['admlS2', 'timetable.read', 'scheduleOtherS1', false],
  ['admc', 'timetable.read', 'scheduleOtherS2', true],
  ['eleve', 'timetable.manage', 'scheduleOwn', false],

  // Editing courses: DIR and EVS of the structure, its ADML, the ADMC; not teachers, ETA, students, parents.
  ['personnel', 'timetable.manage', 'S1', true],
  ['dir', 'timetable.manage', 'S1', true],
  ['personnel', 'timetable.manage', 'S2', false],
  ['adml', 'timetable.manage', 'S1', true],
  ['admc', 'timetable.manage', 'S2', true],
  ['admlS2', 'timetable.manage', 'S1', false],
  ...(['eleve', 'parent', 'enseignant', 'collectivite', 'invite'] as const).map((who): Row => [who, 'timetable.manage', 'S1', false]),

  // Cahier de textes and homework.
  ['eleve', 'lesson.read', 'courseLearnt', true],
  ['eleve', 'lesson.read', 'courseOtherS1', false],
  ['parent', 'lesson.read', 'courseOfChild', true],
  ['parent', 'lesson.read', 'courseOtherS1', false],
  ['enseignant', 'lesson.read', 'courseOtherS1', true],
  ['enseignant', 'lesson.read', 'courseOtherS2', false],
  ['dir', 'lesson.read', 'courseOtherS1', true],
  ['admc', 'lesson.read', 'courseOtherS2', true],
  ['invite', 'lesson.read', 'courseOtherS1', false],
  ['enseignant', 'lesson.write', 'courseTaught', true],
  ['enseignant', 'lesson.write', 'courseTaughtOtherAuthor', false],
  ['enseignant', 'lesson.write', 'courseOtherS1', false],
  ['eleve', 'lesson.write', 'courseLearnt', false],
  ['dir', 'lesson.write', 'courseOtherS1', false],
  ['dir', 'lesson.visa', 'courseOtherS1', true],
  ['dir', 'lesson.visa', 'courseOtherS2', false],
  ['personnel', 'lesson.visa', 'courseOtherS1', false],
  ['adml', 'lesson.visa', 'courseOtherS1', false],
  ['enseignant', 'lesson.visa', 'courseTaught', false],
  ['eleve', 'homework.submit', 'courseLearnt', true],
  ['eleve', 'homework.submit', 'courseOtherS1', false],
  ['parent', 'homework.submit', 'courseOfChild', false],
  ['enseignant', 'homework.review', 'courseTaught', true],
  ['enseignant', 'homework.review', 'courseOtherS1', false],
  ['eleve', 'homework.review', 'courseLearnt', false],
  ['eleve', 'timetable.read', 'courseLearnt', true],
  ['eleve', 'structure.read', 'courseLearnt', false],

  // Orientation projects: the student writes, his parents read, his professeurs principaux read and comment;
  // nobody else, admins and the head included.
  ['eleve', 'orientation.read', 'projectOwn', true],
  ['eleve', 'orientation.write', 'projectOwn', true],
  ['eleve', 'orientation.comment', 'projectOwn', false],
  ['eleve', 'orientation.read', 'projectOtherS1', false],
  ['parent', 'orientation.read', 'projectOfChild', true],
  ['parent', 'orientation.write', 'projectOfChild', false],
  ['parent', 'orientation.read', 'projectOtherS1', false],
  ['enseignant', 'orientation.read', 'projectFollowed', true],
  ['enseignant', 'orientation.comment', 'projectFollowed', true],
  ['enseignant', 'orientation.write', 'projectFollowed', false],
  ['enseignant', 'orientation.read', 'projectOtherS1', false],
  ['enseignant', 'orientation.follow', 'classFollowed', true],
  ['enseignant', 'orientation.follow', 'classOtherS1', false],
  ['dir', 'orientation.read', 'projectOtherS1', false],

  // Presences (issue 15): the session's teacher or vie scolaire (EVS, DIR) calls the roll; vie scolaire manages
  // the structure's absences; the student and his parents read his, parents justify; admins see nothing of it.
  ['enseignant', 'presence.call', 'courseTaught', true],
  ['enseignant', 'presence.call', 'courseOtherS1', false],
  ['eleve', 'presence.call', 'courseLearnt', false],
  ['parent', 'presence.call', 'courseOfChild', false],
  ['personnel', 'presence.call', 'courseOtherS1', true],
  ['personnel', 'presence.call', 'courseOtherS2', false],
  ['dir', 'presence.call', 'courseOtherS1', true],
  ['admc', 'presence.call', 'courseOtherS1', false],
  ['personnel', 'presence.manage', 'S1', true],
  ['dir', 'presence.manage', 'S1', true],
  ['personnel', 'presence.manage', 'S2', false],
  ['enseignant', 'presence.manage', 'S1', false],
  ['admlS2', 'presence.manage', 'S1', false],
  ['admc', 'presence.manage', 'S1', false],
  ['eleve', 'presence.read', 'attendanceOwn', true],
  ['eleve', 'presence.justify', 'attendanceOwn', false],
  ['eleve', 'presence.read', 'attendanceOtherS1', false],
  ['parent', 'presence.read', 'attendanceOfChild', true],
  ['parent', 'presence.justify', 'attendanceOfChild', true],
  ['parent', 'presence.read', 'attendanceOtherS1', false],
  ['enseignant', 'presence.read', 'attendanceOtherS1', false],
  ['personnel', 'presence.read', 'attendanceOtherS1', true],
  ['personnel', 'presence.justify', 'attendanceOtherS1', false],
  ['personnel', 'presence.read', 'attendanceOtherS2', false],
  ['admc', 'presence.read', 'attendanceOtherS1', false],
  ['adml', 'orientation.read', 'projectOtherS1', false],
  ['admc', 'orientation.read', 'projectOtherS1', false],
  ['admc', 'orientation.follow', 'classOtherS1', false],
  // The psychologue de l'Éducation nationale follows every class of his own school, like its PP, and writes nothing.
  ['psy', 'orientation.read', 'projectOtherS1', true],
  ['psy', 'orientation.comment', 'projectOtherS1', true],
  ['psy', 'orientation.write', 'projectOtherS1', false],
  ['psy', 'orientation.follow', 'classOtherS1', true],
  ['psy', 'orientation.calendar', 'S1', false],
  ['psyS2', 'orientation.read', 'projectOtherS1', false],
  ['psyS2', 'orientation.follow', 'classOtherS1', false],
  ['psy', 'orientation.read', 'projectOtherS3', false],
  ['psy', 'orientation.follow', 'classOtherS3', false],
  ['personnel', 'orientation.read', 'projectOtherS1', false],
  ['personnel', 'orientation.follow', 'classOtherS1', false],
  ['dir', 'orientation.events', 'S1', true],
  ['dir', 'orientation.events', 'S2', false],
  ['psy', 'orientation.events', 'S1', true],
  ['psyS2', 'orientation.events', 'S1', false],
  ['personnel', 'orientation.events', 'S1', false],
  ['enseignant', 'orientation.events', 'S1', false],
  ['eleve', 'orientation.events', 'S1', false],
  ['adml', 'orientation.events', 'S1', true],
  ['admlS2', 'orientation.events', 'S1', false],
  ['admc', 'orientation.events', 'S1', true],
  ['admc', 'orientation.events', 'S3', false],
  ['dir', 'orientation.calendar', 'S1', true],
  ['dir', 'orientation.calendar', 'S2', false],
  ['personnel', 'orientation.calendar', 'S1', false],
  ['enseignant', 'orientation.calendar', 'S1', false],
  ['adml', 'orientation.calendar', 'S1', true],
  ['admlS2', 'orientation.calendar', 'S1', false],
  ['admc', 'orientation.calendar', 'S2', true],
  ['eleve', 'orientation.calendar', 'S1', false],

  // Grades (issue 15).
  ['dir', 'grades.manage', 'S1', true],
  ['dir', 'grades.manage', 'S2', false],
  ['adml', 'grades.manage', 'S1', true],
  ['admlS2', 'grades.manage', 'S1', false],
  ['admc', 'grades.manage', 'S1', true],
  ['personnel', 'grades.manage', 'S1', false],
  ['enseignant', 'grades.manage', 'S1', false],
  ['enseignant', 'grades.teach', 'gradebookTaught', true],
  ['enseignant', 'grades.teach', 'gradebookOtherS1', false],
  ['dir', 'grades.teach', 'gradebookOtherS1', false],
  ['adml', 'grades.teach', 'gradebookOtherS1', false],
  ['eleve', 'grades.read', 'gradesOwn', true],
  ['eleve', 'bulletin.read', 'gradesOwn', false],
  ['eleve', 'bulletin.read', 'gradesOwnPublished', true],
  ['eleve', 'grades.appreciate', 'gradesOwn', false],
  ['eleve', 'grades.read', 'gradesOtherS1', false],
  ['parent', 'grades.read', 'gradesOfChild', true],
  ['parent', 'bulletin.read', 'gradesOfChild', false],
  ['parent', 'bulletin.read', 'gradesOfChildPublished', true],
  ['parent', 'grades.read', 'gradesOtherS1', false],
  ['enseignant', 'grades.read', 'gradesTaught', true],
  ['enseignant', 'bulletin.read', 'gradesTaught', true],
  ['enseignant', 'grades.appreciate', 'gradesTaught', true],
  ['enseignant', 'grades.appreciate', 'gradesFollowed', true],
  ['enseignant', 'grades.read', 'gradesOtherS1', false],
  ['personnel', 'grades.read', 'gradesOtherS1', true],
  ['personnel', 'bulletin.read', 'gradesOtherS1', true],
  ['personnel', 'grades.appreciate', 'gradesOtherS1', false],
  ['personnel', 'grades.read', 'gradesOtherS2', false],
  ['dir', 'bulletin.read', 'gradesOtherS1', true],
  // This adml is vie scolaire (EVS) of S1: he reads as staff, not as an admin (admc below, an admin only, does not).
  ['adml', 'grades.read', 'gradesOtherS1', true],
  ['admc', 'grades.read', 'gradesOtherS1', false],
  ['collectivite', 'grades.read', 'gradesOtherS1', false],
  ['invite', 'grades.read', 'gradesOtherS1', false],
  // Espace documentaire: the right on the document decides; an admin role gives nothing on someone's documents.
  ['eleve', 'workspace.manage', 'documentOwn', true],
  ['eleve', 'workspace.manage', 'documentManaged', true],
  ['eleve', 'workspace.manage', 'documentContributed', false],
  ['eleve', 'workspace.contribute', 'documentContributed', true],
  ['eleve', 'workspace.contribute', 'documentRead', false],
  ['eleve', 'workspace.read', 'documentRead', true],
  ['eleve', 'workspace.read', 'documentOther', false],
  ['adml', 'workspace.read', 'documentOther', false],
  ['admc', 'workspace.read', 'documentOther', false],
  ['admc', 'workspace.manage', 'documentRead', false],
  ['enseignant', 'workspace.classFolder', 'classFolderTaught', true],
  ['eleve', 'workspace.classFolder', 'classFolderLearnt', false],
  ['eleve', 'workspace.read', 'classFolderLearnt', true],
  ['adml', 'workspace.classFolder', 'classFolderOther', false],
  ['admc', 'workspace.quota', 'C1', true],
  ['admc', 'workspace.quota', 'C2', false],
  ['adml', 'workspace.quota', 'C1', false],
  // Actualités: contributors (teachers, staff where they may write) create; the head (DIR) and the structure's
  // admins publish; drafts stay with their author; readers are the audience while the item is live.
  ['enseignant', 'news.create', 'newsTargetContrib', true],
  ['enseignant', 'news.create', 'newsTargetS1', false],
  ['eleve', 'news.create', 'newsTargetS1', false],
  ['dir', 'news.create', 'newsTargetS1', true],
  ['dir', 'news.create', 'newsTargetS2', false],
  ['adml', 'news.create', 'newsTargetS1', true],
  ['admlS2', 'news.create', 'newsTargetS1', false],
  ['admc', 'news.create', 'newsTargetS2', true],
  ['admc', 'news.create', 'newsTargetS3', false],
  ['enseignant', 'news.read', 'newsOwnDraft', true],
  ['enseignant', 'news.write', 'newsOwnDraft', true],
  ['enseignant', 'news.submit', 'newsOwnDraft', true],
  ['enseignant', 'news.publish', 'newsOwnDraft', false],
  ['enseignant', 'news.delete', 'newsOwnDraft', true],
  ['enseignant', 'news.write', 'newsOwnPublished', false],
  ['enseignant', 'news.delete', 'newsOwnPublished', false],
  ['enseignant', 'news.read', 'newsDraftS1', false],
  ['enseignant', 'news.read', 'newsSubmittedS1', false],
  ['dir', 'news.read', 'newsDraftS1', false],
  ['dir', 'news.publish', 'newsDraftS1', false],
  ['dir', 'news.read', 'newsSubmittedS1', true],
  ['dir', 'news.publish', 'newsSubmittedS1', true],
  ['dir', 'news.write', 'newsSubmittedS1', true],
  ['dir', 'news.publish', 'newsOwnDraft', true],
  ['dir', 'news.publish', 'newsLiveS2', false],
  ['dir', 'news.read', 'newsLiveS2', false],
  ['adml', 'news.publish', 'newsSubmittedS1', true],
  ['adml', 'news.read', 'newsDraftS1', false],
  ['admlS2', 'news.read', 'newsSubmittedS1', false],
  ['admlS2', 'news.publish', 'newsSubmittedS1', false],
  ['admc', 'news.publish', 'newsSubmittedS1', true],
  ['admc', 'news.read', 'newsLiveS3', false],
  ['eleve', 'news.read', 'newsLiveForMe', true],
  ['eleve', 'news.write', 'newsLiveForMe', false],
  ['eleve', 'news.publish', 'newsLiveForMe', false],
  ['eleve', 'news.read', 'newsExpiredForMe', false],
  ['eleve', 'news.read', 'newsLiveNotForMe', false],
  ['eleve', 'news.read', 'newsSubmittedS1', false],
  ['parent', 'news.read', 'newsLiveForMe', true],
  ['parent', 'news.read', 'newsLiveS2', false],
  ['personnel', 'news.publish', 'newsSubmittedS1', false],
  ['collectivite', 'news.read', 'newsLiveNotForMe', false],
  ['invite', 'news.read', 'newsLiveNotForMe', false],

  // Agenda: one's own calendar; the structure's publishers manage its shared calendars; teachers contribute to
  // their classes'; members read; nobody else, and nobody reads another's personal calendar.
  ['eleve', 'calendar.manage', 'calendarOwn', true],
  ['eleve', 'calendar.read', 'calendarOthers', false],
  ['adml', 'calendar.read', 'calendarOthers', false],
  ['admc', 'calendar.read', 'calendarOthers', false],
  ['enseignant', 'calendar.contribute', 'calendarClassTaught', true],
  ['enseignant', 'calendar.manage', 'calendarClassTaught', false],
  ['eleve', 'calendar.read', 'calendarClassMember', true],
  ['eleve', 'calendar.contribute', 'calendarClassMember', false],
  ['parent', 'calendar.read', 'calendarClassMember', true],
  ['eleve', 'calendar.read', 'calendarS1Other', false],
  ['enseignant', 'calendar.read', 'calendarS1Other', false],
  ['dir', 'calendar.manage', 'calendarS1Other', true],
  ['dir', 'calendar.read', 'calendarS2', false],
  ['adml', 'calendar.manage', 'calendarS1Other', true],
  ['admlS2', 'calendar.read', 'calendarS1Other', false],
  ['admc', 'calendar.manage', 'calendarS2', true],
  ['admc', 'calendar.read', 'calendarS3', false],
  ['personnel', 'calendar.contribute', 'calendarS1Other', false],
  // Connected services: the ADMC declares them for his collectivité; an ADML configures his structure;
  // a service opens for those it is offered to; a structure's own link is removed by that structure's admins.
  ['admc', 'service.manage', 'C1', true],
  ['admc', 'service.manage', 'C2', false],
  ['adml', 'service.manage', 'C1', false],
  ...nonAdmins.map((who): Row => [who, 'service.manage', 'C1', false]),
  ['adml', 'service.configure', 'S1', true],
  ['admlS2', 'service.configure', 'S1', false],
  ['admc', 'service.configure', 'S2', true],
  ['admc', 'service.configure', 'S3', false],
  ['dir', 'service.configure', 'S1', false],
  ...nonAdmins.map((who): Row => [who, 'service.configure', 'S1', false]),
  ...nonAdmins.map((who): Row => [who, 'service.launch', 'serviceInS1', true]),
  ['eleve', 'service.launch', 'serviceInS2', false],
  ['admlS2', 'service.launch', 'serviceInS1', false],
  ['admc', 'service.launch', 'serviceInS1', false],
  ['eleve', 'service.launch', 'serviceOfC2', false],
  ['admc', 'service.remove', 'serviceInS1', true],
  ['admc', 'service.remove', 'serviceOfC2', false],
  ['adml', 'service.remove', 'serviceInS1', false],
  ['adml', 'service.remove', 'linkOfS1', true],
  ['admlS2', 'service.remove', 'linkOfS1', false],
  ['admc', 'service.remove', 'linkOfS1', true],
  ['enseignant', 'service.remove', 'linkOfS1', false],
  ['dir', 'service.launch', 'serviceInS1', true],
  // Inventory (issue 18): staff of the structure read, its admins manage, the ADMC sees the region's totals.
  ['enseignant', 'inventory.read', 'S1', true],
  ['personnel', 'inventory.read', 'S1', true],
  ['enseignant', 'inventory.read', 'S2', false],
  ['eleve', 'inventory.read', 'S1', false],
  ['parent', 'inventory.read', 'S1', false],
  ['adml', 'inventory.read', 'S1', true],
  ['admlS2', 'inventory.read', 'S1', false],
  ['admc', 'inventory.read', 'S2', true],
  ['admc', 'inventory.read', 'S3', false],
  ['enseignant', 'inventory.manage', 'S1', false],
  ['dir', 'inventory.manage', 'S1', false],
  ['adml', 'inventory.manage', 'S1', true],
  ['adml', 'inventory.manage', 'S2', false],
  ['admc', 'inventory.manage', 'S1', true],
  ['admc', 'inventory.manage', 'S3', false],
  ['admc', 'inventory.totals', 'C1', true],
  ['admc', 'inventory.totals', 'C2', false],
  ['adml', 'inventory.totals', 'C1', false],
  ['enseignant', 'inventory.totals', 'C1', false],

  // Support (issue 18): teachers and staff report; the author follows his ticket; the ADML and the ADMC handle.
  ['enseignant', 'support.open', 'deskS1', true],
  ['personnel', 'support.open', 'deskS1', true],
  ['enseignant', 'support.open', 'deskS2Students', false],
  ['eleve', 'support.open', 'deskS1', false],
  ['eleve', 'support.open', 'deskS1Students', true],
  ['eleve', 'support.open', 'deskS2Students', false],
  ['parent', 'support.open', 'deskS1Students', false],
  ['enseignant', 'support.open', 'S1', false],
  // Technicians: the tickets of their area team, in their collectivité; not another area's, not the admin area.
  ['technician', 'support.read', 'ticketOfTeam', true],
  ['technician', 'support.handle', 'ticketOfTeam', true],
  ['technician', 'support.note', 'ticketOfTeam', true],
  ['technician', 'support.close', 'ticketOfTeam', false],
  ['technician', 'support.read', 'ticketOtherS1', false],
  ['technician', 'support.handle', 'S1', false],
  ['technician', 'support.handle', 'C1', false],
  ['technician', 'support.configure', 'C1', false],
  ['technician', 'support.open', 'deskS1', false],
  ['technician', 'structure.administer', 'S1', false],
  ['technicianC2', 'support.read', 'ticketOfTeam', false],
  ['technicianC2', 'support.read', 'ticketS3OfTeam', true],
  ['technician', 'support.read', 'ticketS3OfTeam', false],
  ['enseignant', 'support.note', 'ticketOwn', false],
  ['enseignant', 'support.close', 'ticketOwn', true],
  ['adml', 'support.close', 'ticketOtherS1', false],
  ['adml', 'support.note', 'ticketOtherS1', true],
  ['admc', 'support.note', 'ticketOtherS1', true],
  ['admc', 'support.configure', 'C1', true],
  ['admc', 'support.configure', 'C2', false],
  ['adml', 'support.configure', 'C1', false],
  ['adml', 'support.settings', 'S1', true],
  ['admlS2', 'support.settings', 'S1', false],
  ['enseignant', 'support.settings', 'S1', false],
  ['technician', 'support.publish', 'C1', true],
  ['technicianC2', 'support.publish', 'C1', false],
  ['admc', 'support.publish', 'C1', true],
  ['adml', 'support.publish', 'C1', false],
  ['enseignant', 'support.read', 'ticketOwn', true],
  ['enseignant', 'support.comment', 'ticketOwn', true],
  ['enseignant', 'support.handle', 'ticketOwn', false],
  ['enseignant', 'support.read', 'ticketOtherS1', false],
  ['dir', 'support.read', 'ticketOtherS1', false],
  ['adml', 'support.read', 'ticketOtherS1', true],
  ['adml', 'support.handle', 'ticketOtherS1', true],
  ['adml', 'support.handle', 'S1', true],
  ['admlS2', 'support.read', 'ticketOtherS1', false],
  ['admlS2', 'support.handle', 'S1', false],
  ['admc', 'support.handle', 'ticketOtherS1', true],
  ['admc', 'support.handle', 'C1', true],
  ['admc', 'support.handle', 'C2', false],
  ['admc', 'support.read', 'ticketS3', false],
  ['adml', 'support.handle', 'C1', false],

  // Actions that do not apply to a resource type are refused.
  ['admc', 'account.read', 'S1', false],
  ['admc', 'structure.read', 'studentS1', false],
  ['admc', 'app.use', 'S1', false],
  ['admc', 'structure.update', 'C1', false],
  ['admc', 'structure.create', 'S1', false],
  ['adml', 'structure.administer', 'adminApp', false],
  ['adml', 'structure.read', 'studentS1', false],

  // The cahier's visas and history (issue 13): its teachers, the structure's staff and admins; not students nor parents.
  ['enseignant', 'lesson.audit', 'courseTaught', true],
  ['dir', 'lesson.audit', 'courseOtherS1', true],
  ['personnel', 'lesson.audit', 'courseOtherS1', true],
  ['adml', 'lesson.audit', 'courseOtherS1', true],
  ['admc', 'lesson.audit', 'courseOtherS2', true],
  ['eleve', 'lesson.audit', 'courseLearnt', false],
  ['parent', 'lesson.audit', 'courseOfChild', false],
  ['enseignant', 'lesson.audit', 'courseOtherS2', false],
  ['dir', 'lesson.audit', 'courseOtherS2', false],
  ['invite', 'lesson.audit', 'courseOtherS1', false],
];

describe('can(actor, action, resource)', () => {
  it.each(table)('%s · %s · %s → %s', (who, action, what, allowed) => {
    expect(can(actors[who], action, resources[what])).toBe(allowed);
  });

  it('the table covers every actor', () => {
    expect(new Set(table.map(([who]) => who))).toEqual(new Set(Object.keys(actors)));
  });
});

describe('usableApps', () => {
  const cases: [ActorName, string[]][] = [
    ['eleve', ['messagerie', 'actualites', 'agenda', 'emploi-du-temps', 'cahier-de-textes', 'vie-scolaire', 'notes', 'documents', 'orientation', 'support', 'annuaire', 'account']],
    ['technician', ['messagerie', 'support', 'annuaire', 'account']],
    ['collectivite', ['messagerie', 'annuaire', 'account']],
    ['invite', ['account']],
    ['adml', ['messagerie', 'actualites', 'agenda', 'emploi-du-temps', 'cahier-de-textes', 'vie-scolaire', 'notes', 'documents', 'orientation', 'support', 'annuaire', 'account', 'admin']],
    ['admc', ['messagerie', 'actualites', 'support', 'annuaire', 'account', 'admin']],
    ['enseignant', ['messagerie', 'actualites', 'agenda', 'emploi-du-temps', 'cahier-de-textes', 'vie-scolaire', 'notes', 'documents', 'orientation', 'support', 'annuaire', 'account']],
    ['parent', ['messagerie', 'actualites', 'agenda', 'emploi-du-temps', 'cahier-de-textes', 'vie-scolaire', 'notes', 'documents', 'orientation', 'annuaire', 'account']],
  ];
  it.each(cases)('%s → %j', (who, apps) => {
    expect(usableApps(actors[who])).toEqual(apps);
  });
});

describe('authorize', () => {
  // What the actor is told when `can` says no: not found when he may not see the object, forbidden when he may.
  const cases: [ActorName, Action, keyof typeof resources, 'allowed' | 'FORBIDDEN' | 'NOT_FOUND'][] = [
    ['eleve', 'homework.submit', 'courseLearnt', 'allowed'],
    ['parent', 'homework.submit', 'courseOfChild', 'FORBIDDEN'],
    ['eleve', 'homework.review', 'courseLearnt', 'FORBIDDEN'],
    ['admlS2', 'timetable.manage', 'S1', 'NOT_FOUND'],
    ['enseignant', 'lesson.write', 'courseTaughtOtherAuthor', 'FORBIDDEN'],
    ['enseignant', 'timetable.manage', 'S1', 'FORBIDDEN'],
    ['enseignant', 'timetable.manage', 'S2', 'NOT_FOUND'],
    ['adml', 'structure.update', 'S1', 'FORBIDDEN'],
    ['admc', 'structure.update', 'S3', 'NOT_FOUND'],
    ['adml', 'account.block', 'studentS1', 'allowed'],
    ['adml', 'account.block', 'agentS1', 'NOT_FOUND'],
    ['adml', 'account.block', 'admlOwn', 'FORBIDDEN'],
    ['admlS2', 'account.block', 'studentS1', 'NOT_FOUND'],
    ['admc', 'provisioning.import', 'C2', 'NOT_FOUND'],
    ['invite', 'app.use', 'annuaire', 'FORBIDDEN'],
    ['enseignant', 'orientation.read', 'projectOtherS1', 'NOT_FOUND'],
    ['parent', 'orientation.write', 'projectOfChild', 'FORBIDDEN'],
    ['eleve', 'orientation.comment', 'projectOwn', 'FORBIDDEN'],
    ['enseignant', 'orientation.comment', 'projectFollowed', 'allowed'],
    ['admc', 'orientation.follow', 'classOtherS1', 'NOT_FOUND'],
    ['eleve', 'workspace.manage', 'documentRead', 'FORBIDDEN'],
    ['admc', 'workspace.read', 'documentOther', 'NOT_FOUND'],
    ['eleve', 'workspace.classFolder', 'classFolderLearnt', 'FORBIDDEN'],
    ['adml', 'workspace.classFolder', 'classFolderOther', 'NOT_FOUND'],
    ['eleve', 'news.read', 'newsSubmittedS1', 'NOT_FOUND'],
    ['eleve', 'news.publish', 'newsLiveForMe', 'FORBIDDEN'],
    ['enseignant', 'news.create', 'newsTargetS1', 'NOT_FOUND'],
    ['eleve', 'calendar.contribute', 'calendarClassMember', 'FORBIDDEN'],
    ['admc', 'calendar.read', 'calendarOthers', 'NOT_FOUND'],
    ['eleve', 'service.remove', 'serviceInS1', 'FORBIDDEN'],
    ['eleve', 'service.launch', 'serviceOfC2', 'NOT_FOUND'],
    ['admlS2', 'service.remove', 'linkOfS1', 'NOT_FOUND'],
    ['parent', 'presence.justify', 'attendanceOfChild', 'allowed'],
    ['personnel', 'presence.justify', 'attendanceOtherS1', 'FORBIDDEN'],
    ['enseignant', 'presence.read', 'attendanceOtherS1', 'NOT_FOUND'],
    ['enseignant', 'presence.manage', 'S1', 'FORBIDDEN'],
  ];
  it.each(cases)('%s %s %s → %s', (who, action, what, expected) => {
    let outcome = 'allowed';
    try {
      authorize(actors[who], action, resources[what]);
    } catch (error) {
      outcome = (error as { code: string }).code;
    }
    expect(outcome).toBe(expected);
  });
});

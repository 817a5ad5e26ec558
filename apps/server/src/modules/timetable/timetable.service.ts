import type {
  Course,
  CourseFormOptions,
  CourseInput,
  CourseList,
  CourseListQuery,
  NextCourses,
  Occurrence,
  OccurrenceChangeInput,
  Schedule,
  ScheduleChoices,
  TimetableSettings,
  UpdateTimetableSettings,
} from '@preau/contracts';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize, can, type CourseRelation, type Resource, type ScheduleRelation } from '../../platform/authorization.ts';
import type { DB } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { decodeCursor, pageFrom } from '../directory/keyset-cursor.ts';
import { courseRelationOn } from '../directory/relations.ts';
import { findCourseAudience, findChildren, findCourseLinks, findMembershipsOf, findTargetLinks, isParentOf } from '../directory/relations.repository.ts';
import { addDays, daysBetween, isValidDate, isoWeekday, minutesToTime, parisNow, timeToMinutes } from './dates.ts';
import { type CourseRule, generateOccurrences, isOccurrenceDate, type OccurrenceChange } from './occurrences.ts';
import { buildCalendar, dayOffLabel, type SchoolCalendar } from './school-calendar.ts';
import { calendarLoader, calendarOf } from './timetable-context.ts';
import * as repo from './timetable.repository.ts';
import type { CourseRow } from './timetable.repository.ts';

const MAX_RANGE_DAYS = 42;
const fullName = (a: { first_name: string; last_name: string }) => `${a.first_name} ${a.last_name}`;

export function toRule(course: CourseRow): CourseRule {
  return {
    id: course.id,
    weekday: course.weekday,
    startMinute: course.start_minute,
    endMinute: course.end_minute,
    weeks: course.weeks,
    periods: course.periods,
  };
}

function checkRange(from: string, to: string, max = MAX_RANGE_DAYS): void {
  if (!isValidDate(from) || !isValidDate(to)) throw new AppError('VALIDATION_FAILED', { fields: { from: 'invalid_date' } });
  if (to < from || daysBetween(from, to) > max) throw new AppError('TIMETABLE_RANGE_TOO_LONG');
}

/**
 * A course as `can` sees it, with how the actor relates to the whole course
 * (its hand-ins, listings, copying into it): a teacher who replaces a
 * colleague for a session is not a teacher of the course.
 */
export async function courseResource(db: DB, actor: Actor, course: CourseRow, authorId?: string): Promise<Resource> {
  return resourceOf(db, actor, course, { authorId });
}

/** A session of a course (its original date) as `can` sees it: a replacement is a teacher of the session he replaces. */
export async function occurrenceResource(db: DB, actor: Actor, course: CourseRow, date: string, authorId?: string): Promise<Resource> {
  return resourceOf(db, actor, course, { date, authorId });
}

async function resourceOf(db: DB, actor: Actor, course: CourseRow, on: { date?: string; authorId?: string | undefined }): Promise<Resource> {
  const [structure, links] = await Promise.all([repo.getStructureRef(db, course.structure_id), findCourseLinks(db, actor.accountId, [course.id])]);
  return {
    type: 'course',
    structureId: course.structure_id,
    collectiviteId: structure?.collectivite_id ?? '',
    relation: courseRelationOn(links.get(course.id), on.date),
    ...(on.authorId !== undefined ? { authorId: on.authorId } : {}),
  };
}

/** Course resources of some courses (a listing), in two queries whatever their number; relations to the whole courses. */
export async function courseResources(db: DB, actor: Actor, courses: readonly CourseRow[]): Promise<Map<string, Resource>> {
  const structureIds = [...new Set(courses.map((c) => c.structure_id))];
  const [structures, links] = await Promise.all([
    repo.findStructureRefs(db, structureIds),
    findCourseLinks(db, actor.accountId, courses.map((c) => c.id)),
  ]);
  const collectiviteOf = new Map(structures.map((s) => [s.id, s.collectivite_id]));
  return new Map(
    courses.map((course) => [
      course.id,
      { type: 'course', structureId: course.structure_id, collectiviteId: collectiviteOf.get(course.structure_id) ?? '', relation: courseRelationOn(links.get(course.id)) },
    ]),
  );
}

/** Loads a course the actor may at least read (404 otherwise). */
export async function getReadableCourse(platform: Platform, actor: Actor, id: string): Promise<{ course: CourseRow; resource: Resource }> {
  const db = platform.database.db;
  const course = await repo.getCourse(db, id);
  if (!course) throw new AppError('NOT_FOUND');
  const resource = await courseResource(db, actor, course);
  authorize(actor, 'lesson.read', resource);
  return { course, resource };
}

async function requireManage(platform: Platform, actor: Actor, structureId: string): Promise<{ id: string; collectivite_id: string; name: string }> {
  const structure = await repo.getStructureRef(platform.database.db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  const resource: Resource = { type: 'structure', id: structure.id, collectiviteId: structure.collectivite_id };
  authorize(actor, 'timetable.manage', resource);
  return structure;
}

/**
 * The sessions of these courses in the range, with names, changes applied
 * and what the actor may do with each.
 */
export async function presentOccurrences(
  platform: Platform,
  actor: Actor,
  courses: readonly CourseRow[],
  range: { from: string; to: string },
  calendars?: (structureId: string) => Promise<SchoolCalendar>,
): Promise<Occurrence[]> {
  const db = platform.database.db;
  if (courses.length === 0) return [];
  const year = courses[0]!.school_year;
  const calendarOfStructure = calendars ?? calendarLoader(platform, year);
  const courseIds = courses.map((c) => c.id);
  // The calendars' settings are read while the changes are: two round trips at once, not one after the other.
  for (const structureId of new Set(courses.map((c) => c.structure_id))) void calendarOfStructure(structureId).catch(() => undefined);
  const changes = await repo.findChanges(db, courseIds, range);
  const changeRules: OccurrenceChange[] = changes.map((c) => ({
    courseId: c.course_id,
    originalDate: c.original_date,
    cancelled: c.cancelled,
    newDate: c.new_date,
    newStartMinute: c.new_start_minute,
    newEndMinute: c.new_end_minute,
    replacementTeacherId: c.replacement_teacher_id,
    room: c.room,
    note: c.note,
  }));
  const byStructure = new Map<string, CourseRow[]>();
  for (const course of courses) byStructure.set(course.structure_id, [...(byStructure.get(course.structure_id) ?? []), course]);
  const generated = [];
  for (const [structureId, list] of byStructure) {
    const calendar = await calendarOfStructure(structureId);
    generated.push(...generateOccurrences(list.map(toRule), calendar, range, changeRules));
  }
  generated.sort((a, b) => a.date.localeCompare(b.date) || a.startMinute - b.startMinute);

  const courseById = new Map(courses.map((c) => [c.id, c]));
  // Only a teacher can write a session; a visa of the head then locks it (issue 5), so only teachers pay for this query.
  const teaches = actor.profile === 'ENSEIGNANT';
  const [teacherRows, names, flags, structures, visas] = await Promise.all([
    repo.findTeachersOfCourses(db, courseIds),
    repo.findCourseNames(
      db,
      [...new Set(courses.map((c) => c.subject_code))],
      courses.flatMap((c) => (c.class_id ? [c.class_id] : [])),
      courses.flatMap((c) => (c.group_id ? [c.group_id] : [])),
    ),
    repo.findLessonFlags(db, courseIds, [...new Set(generated.map((o) => o.originalDate))]),
    repo.findStructureRefs(db, [...byStructure.keys()]),
    teaches
      ? repo.findVisasInRange(
          db,
          courses.flatMap((c) => (c.class_id ? [c.class_id] : [])),
          courses.flatMap((c) => (c.group_id ? [c.group_id] : [])),
          range,
        )
      : Promise.resolve([]),
  ]);
  const signed = (course: CourseRow, date: string) =>
    visas.some((v) => (v.class_id ?? v.group_id) === (course.class_id ?? course.group_id) && v.period_from <= date && v.period_to >= date);
  const replacementNames = await repo.findAccountNames(db, [...new Set(changeRules.flatMap((c) => (c.replacementTeacherId ? [c.replacementTeacherId] : [])))]);
  const replacementById = new Map(replacementNames.map((a) => [a.id, { id: a.id, displayName: fullName(a) }]));
  const teachersByCourse = new Map<string, { id: string; displayName: string }[]>();
  for (const t of teacherRows) teachersByCourse.set(t.course_id, [...(teachersByCourse.get(t.course_id) ?? []), { id: t.id, displayName: fullName(t) }]);
  const subjectName = new Map(names.subjects.map((s) => [s.code, s.name]));
  const targetName = new Map([...names.classes, ...names.groups].map((t) => [t.id, t.name]));
  const flagByKey = new Map(flags.map((f) => [`${f.course_id}_${f.occurrence_date}`, f.homework_id !== null]));
  const manageable = new Set(
    structures
      .filter((s) => can(actor, 'timetable.manage', { type: 'structure', id: s.id, collectiviteId: s.collectivite_id }))
      .map((s) => s.id),
  );

  return generated.map((o): Occurrence => {
    const course = courseById.get(o.courseId)!;
    const courseTeachers = teachersByCourse.get(course.id) ?? [];
    const replacement = o.change?.replacementTeacherId ? replacementById.get(o.change.replacementTeacherId) : undefined;
    const teachers = replacement ? [replacement] : courseTeachers;
    const key = `${o.courseId}_${o.originalDate}`;
    return {
      id: key,
      courseId: o.courseId,
      originalDate: o.originalDate,
      date: o.date,
      start: minutesToTime(o.startMinute),
      end: minutesToTime(o.endMinute),
      status: o.status,
      subjectCode: course.subject_code,
      subjectName: subjectName.get(course.subject_code) ?? course.subject_code,
      teachers,
      target: { id: (course.class_id ?? course.group_id)!, kind: course.class_id ? 'CLASS' : 'GROUP', name: targetName.get((course.class_id ?? course.group_id)!) ?? '' },
      room: o.change?.room ?? course.room,
      note: o.change?.note ?? null,
      original: o.change
        ? { start: minutesToTime(course.start_minute), end: minutesToTime(course.end_minute), room: course.room, teachers: courseTeachers }
        : null,
      hasLesson: flagByKey.has(key),
      hasHomework: flagByKey.get(key) === true,
      canWriteLesson: teachers.some((t) => t.id === actor.accountId) && !signed(course, o.originalDate),
      canChange: manageable.has(course.structure_id),
    };
  });
}

async function daysOffOf(calendars: (structureId: string) => Promise<SchoolCalendar>, structureId: string | undefined, from: string, to: string) {
  if (!structureId) return [];
  const calendar = await calendars(structureId);
  const days: { date: string; label: string }[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (isoWeekday(d) === 7) continue;
    const label = dayOffLabel(calendar, d);
    if (label) days.push({ date: d, label });
  }
  return days;
}

interface ScheduleTarget {
  title: string;
  structureIds: string[];
  collectiviteIds: string[];
  relation: ScheduleRelation;
  courses: (year: number, range: { from: string; to: string }) => Promise<CourseRow[]>;
  /** Which sessions of those courses belong to this timetable (default: all). */
  keep?: (occurrence: Occurrence) => boolean;
}

/**
 * The sessions a teacher gives: those of his courses (a replaced one is shown
 * with its replacement) and the sessions he replaces, not the rest of a course
 * he replaces someone in once.
 */
function givenBy(teacherId: string): (occurrence: Occurrence) => boolean {
  return (o) => o.teachers.some((t) => t.id === teacherId) || (o.original?.teachers ?? []).some((t) => t.id === teacherId);
}

async function scheduleOf(platform: Platform, actor: Actor, target: ScheduleTarget, from: string, to: string): Promise<Schedule> {
  checkRange(from, to);
  const resource: Resource = { type: 'schedule', structureIds: target.structureIds, collectiviteIds: target.collectiviteIds, relation: target.relation };
  authorize(actor, 'timetable.read', resource);
  const year = platform.schoolYear();
  const range = { from, to };
  // A timetable that spans structures (a teacher shared by two lycées) is read course by course with the
  // same rule: staff of one structure do not see the other's classes, rooms and times.
  const collectiviteOf = new Map(target.structureIds.map((id, i) => [id, target.collectiviteIds[i] ?? '']));
  const courses = (await target.courses(year, range)).filter(
    (course) =>
      target.relation !== 'none' ||
      can(actor, 'timetable.read', {
        type: 'schedule',
        structureIds: [course.structure_id],
        collectiviteIds: [collectiviteOf.get(course.structure_id) ?? ''],
        relation: 'none',
      }),
  );
  const calendars = calendarLoader(platform, year);
  const items = await presentOccurrences(platform, actor, courses, range, calendars);
  return {
    title: target.title,
    from,
    to,
    daysOff: await daysOffOf(calendars, target.structureIds[0] ?? courses[0]?.structure_id, from, to),
    items: target.keep ? items.filter(target.keep) : items,
  };
}

async function studentCourses(db: DB, studentId: string, year: number): Promise<CourseRow[]> {
  return repo.findCoursesOfStudent(db, year, studentId);
}

/** A student's timetable: his own, his child's (parents), or any student of the structure for its staff. */
export async function studentSchedule(platform: Platform, actor: Actor, studentId: string, from: string, to: string): Promise<Schedule> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const student = await repo.getAccountInYear(db, studentId, year);
  if (!student || student.profile !== 'ELEVE') throw new AppError('NOT_FOUND');
  const relation: ScheduleRelation =
    studentId === actor.accountId ? 'self' : actor.profile === 'PARENT' && (await isParentOf(db, actor.accountId, studentId)) ? 'child' : 'none';
  return scheduleOf(platform, actor, {
    title: fullName(student),
    structureIds: student.structures.map((s) => s.id),
    collectiviteIds: student.structures.map((s) => s.collectivite_id),
    relation,
    courses: (y) => studentCourses(db, studentId, y),
  }, from, to);
}

/** A teacher's timetable: his own, or any teacher's for the staff of his structure. */
export async function teacherSchedule(platform: Platform, actor: Actor, teacherId: string, from: string, to: string): Promise<Schedule> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const teacher = await repo.getAccountInYear(db, teacherId, year);
  if (!teacher || teacher.profile !== 'ENSEIGNANT') throw new AppError('NOT_FOUND');
  return scheduleOf(platform, actor, {
    title: fullName(teacher),
    structureIds: teacher.structures.map((s) => s.id),
    collectiviteIds: teacher.structures.map((s) => s.collectivite_id),
    relation: teacherId === actor.accountId ? 'self' : 'none',
    courses: (y, range) => repo.findCoursesOfTeacher(db, y, teacherId, range),
    keep: givenBy(teacherId),
  }, from, to);
}

/** A class's or group's timetable: for its members, their parents, the staff of the structure. */
export async function targetSchedule(platform: Platform, actor: Actor, kind: 'CLASS' | 'GROUP', id: string, from: string, to: string): Promise<Schedule> {
  const db = platform.database.db;
  const target = await repo.getTarget(db, kind, id);
  if (!target) throw new AppError('NOT_FOUND');
  const isMember = await findTargetLinks(db, actor.accountId, { class_id: kind === 'CLASS' ? id : null, group_id: kind === 'GROUP' ? id : null });
  return scheduleOf(platform, actor, {
    title: target.name,
    structureIds: [target.structure_id],
    collectiviteIds: [target.collectivite_id],
    relation: isMember.learner ? 'member' : isMember.parent ? 'child' : 'none',
    courses: (y) => repo.findCoursesOfTargets(db, y, kind === 'CLASS' ? [id] : [], kind === 'GROUP' ? [id] : []),
  }, from, to);
}

/** A room's timetable, for the staff of its structure. */
export async function roomSchedule(platform: Platform, actor: Actor, structureId: string, room: string, from: string, to: string): Promise<Schedule> {
  const db = platform.database.db;
  const structure = await repo.getStructureRef(db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  const schedule = await scheduleOf(platform, actor, {
    title: room,
    structureIds: [structure.id],
    collectiviteIds: [structure.collectivite_id],
    relation: 'none',
    courses: (y) => repo.findCoursesInRoom(db, structureId, y, room),
  }, from, to);
  return { ...schedule, items: schedule.items.filter((o) => o.room === room) };
}

/** The courses an actor attends or gives: a student's, a teacher's, a parent's children's. */
async function ownCourses(platform: Platform, actor: Actor, year: number, range: { from: string; to: string }): Promise<CourseRow[]> {
  const db = platform.database.db;
  if (actor.profile === 'ELEVE') return studentCourses(db, actor.accountId, year);
  if (actor.profile === 'ENSEIGNANT') return repo.findCoursesOfTeacher(db, year, actor.accountId, range);
  if (actor.profile === 'PARENT') {
    const children = await findChildren(db, actor.accountId);
    const lists = await Promise.all(children.map((c) => studentCourses(db, c.id, year)));
    const unique = new Map(lists.flat().map((c) => [c.id, c]));
    return [...unique.values()];
  }
  return [];
}

/** "My timetable": what the actor attends or gives (a parent: his children's). */
export async function mySchedule(platform: Platform, actor: Actor, from: string, to: string): Promise<Schedule> {
  checkRange(from, to);
  const year = platform.schoolYear();
  const range = { from, to };
  const courses = await ownCourses(platform, actor, year, range);
  const calendars = calendarLoader(platform, year);
  const items = ownSessions(actor, await presentOccurrences(platform, actor, courses, range, calendars));
  return {
    title: '',
    from,
    to,
    daysOff: await daysOffOf(calendars, actor.structureIds[0] ?? courses[0]?.structure_id, from, to),
    items,
  };
}

/** Of the sessions of the actor's courses, his own: a teacher's, those he gives. */
function ownSessions(actor: Actor, occurrences: Occurrence[]): Occurrence[] {
  return actor.profile === 'ENSEIGNANT' ? occurrences.filter(givenBy(actor.accountId)) : occurrences;
}

/** Sessions of the actor for a range, for the iCalendar feed (no 42-day limit; the caller bounds it). */
export async function ownOccurrences(platform: Platform, actor: Actor, range: { from: string; to: string }): Promise<Occurrence[]> {
  const year = platform.schoolYear();
  return ownSessions(actor, await presentOccurrences(platform, actor, await ownCourses(platform, actor, year, range), range));
}

/** Today's sessions not yet over, for the portal. */
export async function nextCourses(platform: Platform, actor: Actor): Promise<NextCourses> {
  const now = parisNow(platform.now());
  return stillToCome(await mySchedule(platform, actor, now.date, now.date), now);
}

/** A student's sessions still to come today, for a parent's portal (the same access rule as his timetable). */
export async function nextCoursesOfStudent(platform: Platform, actor: Actor, studentId: string): Promise<NextCourses> {
  const now = parisNow(platform.now());
  return stillToCome(await studentSchedule(platform, actor, studentId, now.date, now.date), now);
}

function stillToCome(schedule: Schedule, now: { date: string; minute: number }): NextCourses {
  return { date: now.date, items: schedule.items.filter((o) => timeToMinutes(o.end) > now.minute) };
}

/** The timetables the actor can open from the page's picker. */
export async function scheduleChoices(platform: Platform, actor: Actor): Promise<ScheduleChoices> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const items: ScheduleChoices['items'] = [];
  if (actor.profile === 'ELEVE' || actor.profile === 'ENSEIGNANT') items.push({ kind: 'me', id: actor.accountId, label: '' });
  if (actor.profile === 'PARENT') {
    for (const child of await findChildren(db, actor.accountId)) items.push({ kind: 'student', id: child.id, label: fullName(child) });
  }
  if (actor.profile === 'ELEVE') {
    const { classes, groups } = await findMembershipsOf(db, actor.accountId, year);
    for (const c of classes) items.push({ kind: 'class', id: c.id, label: c.name });
    for (const g of groups) items.push({ kind: 'group', id: g.id, label: g.name });
  }
  if (actor.profile === 'ENSEIGNANT' || actor.profile === 'PERSONNEL' || actor.admlStructureIds.length > 0) {
    for (const structureId of new Set([...actor.structureIds, ...actor.admlStructureIds])) {
      const { classes } = await repo.findStructureTargets(db, structureId, year);
      for (const c of classes) items.push({ kind: 'class', id: c.id, label: c.name });
    }
  }
  return { items };
}

// ---------------------------------------------------------------- changes

type ChangeFields = { cancelled: boolean; new_date: string | null; new_start_minute: number | null; new_end_minute: number | null; replacement_teacher_id: string | null; room: string | null; note: string | null };

/** Whether a save leaves the session as it was (no stored change and none asked for counts as the same). */
function sameChange(current: ChangeFields | undefined | null, next: ChangeFields): boolean {
  const before: ChangeFields = current ?? { cancelled: false, new_date: null, new_start_minute: null, new_end_minute: null, replacement_teacher_id: null, room: null, note: null };
  return (
    before.cancelled === next.cancelled &&
    before.new_date === next.new_date &&
    before.new_start_minute === next.new_start_minute &&
    before.new_end_minute === next.new_end_minute &&
    before.replacement_teacher_id === next.replacement_teacher_id &&
    (before.room ?? null) === (next.room ?? null) &&
    (before.note ?? null) === (next.note ?? null)
  );
}

/** Changes one session (cancel, move, replacement teacher, room, note) and tells everyone concerned. */
export async function changeOccurrence(
  platform: Platform,
  actor: Actor,
  courseId: string,
  originalDate: string,
  input: OccurrenceChangeInput,
): Promise<Occurrence> {
  const db = platform.database.db;
  const course = await repo.getCourse(db, courseId);
  if (!course) throw new AppError('NOT_FOUND');
  await requireManage(platform, actor, course.structure_id);
  const calendar = await calendarOf(platform, db, course.structure_id, course.school_year);
  if (!isValidDate(originalDate) || !isOccurrenceDate(toRule(course), calendar, originalDate)) {
    throw new AppError('OCCURRENCE_NOT_FOUND');
  }
  if (input.date !== undefined && (!isValidDate(input.date) || input.date < calendar.firstDay || input.date > calendar.lastDay)) {
    throw new AppError('OUTSIDE_SCHOOL_YEAR', { fields: { date: 'outside_school_year' } });
  }
  if (input.replacementTeacherId) {
    const teachers = await repo.findStructureTeachers(db, course.structure_id, course.school_year);
    if (!teachers.some((t) => t.id === input.replacementTeacherId)) throw new AppError('INVALID_REFERENCE', { fields: { replacementTeacherId: 'unknown' } });
  }
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    const current = await repo.getChange(trx, courseId, originalDate);
    const next = {
      cancelled: input.cancelled ?? current?.cancelled ?? false,
      new_date: input.date !== undefined ? (input.date === originalDate ? null : input.date) : (current?.new_date ?? null),
      new_start_minute: input.start !== undefined ? timeToMinutes(input.start) : (current?.new_start_minute ?? null),
      new_end_minute: input.end !== undefined ? timeToMinutes(input.end) : (current?.new_end_minute ?? null),
      replacement_teacher_id: input.replacementTeacherId !== undefined ? input.replacementTeacherId : (current?.replacement_teacher_id ?? null),
      room: input.room !== undefined ? input.room || null : (current?.room ?? null),
      note: input.note !== undefined ? input.note || null : (current?.note ?? null),
      changed_by: actor.accountId,
      changed_at: new Date(platform.now()),
    };
    const start = next.new_start_minute ?? course.start_minute;
    const end = next.new_end_minute ?? course.end_minute;
    if (start >= end) throw new AppError('VALIDATION_FAILED', { fields: { end: 'before_start' } });
    const isNoChange = !next.cancelled && !next.new_date && next.new_start_minute === null && next.new_end_minute === null &&
      !next.replacement_teacher_id && !next.room && !next.note;
    // Saving the form again without touching it must not tell every student and parent a second time.
    if (sameChange(current, next)) return;
    if (isNoChange) await repo.deleteChange(trx, courseId, originalDate);
    else await repo.upsertChange(trx, courseId, originalDate, next);
    const recipients = await findCourseAudience(trx, course);
    for (const id of [next.replacement_teacher_id, current?.replacement_teacher_id]) if (id) recipients.push(id);
    event = {
      kind: 'timetable.changed',
      recipientIds: recipients.filter((id) => id !== actor.accountId),
      actorId: actor.accountId,
      structureId: course.structure_id,
      objectType: 'course-occurrence',
      objectId: `${courseId}_${originalDate}`,
      data: {
        subjectName: (await repo.findSubjectNames(trx, [course.subject_code]))[0]?.name ?? course.subject_code,
        originalDate,
        date: next.new_date ?? originalDate,
        start: minutesToTime(start),
        end: minutesToTime(end),
        cancelled: next.cancelled,
        room: next.room ?? course.room,
        courseId,
      },
    };
    await platform.events.record(trx, event);
    await audit(trx, { actorId: actor.accountId, action: 'timetable.change', targetType: 'course', targetId: courseId, structureId: course.structure_id, details: { originalDate } });
  });
  if (event) await platform.events.broadcast(event);
  const date = input.date ?? originalDate;
  const items = await presentOccurrences(platform, actor, [course], { from: date < originalDate ? date : originalDate, to: date > originalDate ? date : originalDate });
  const occurrence = items.find((o) => o.originalDate === originalDate);
  if (!occurrence) throw new AppError('OCCURRENCE_NOT_FOUND');
  return occurrence;
}

// ---------------------------------------------------------------- courses (staff)

async function presentCourses(db: DB, rows: CourseRow[]): Promise<Course[]> {
  const ids = rows.map((r) => r.id);
  const [teacherRows, subjectRows, targets] = await Promise.all([
    repo.findTeachersOfCourses(db, ids),
    repo.findSubjectNames(db, [...new Set(rows.map((r) => r.subject_code))]),
    repo.findTargetNames(db, rows.flatMap((r) => (r.class_id ? [r.class_id] : [])), rows.flatMap((r) => (r.group_id ? [r.group_id] : []))),
  ]);
  const subjectName = new Map(subjectRows.map((s) => [s.code, s.name]));
  const targetName = new Map([...targets.classes, ...targets.groups].map((t) => [t.id, t.name]));
  return rows.map((r) => ({
    id: r.id,
    structureId: r.structure_id,
    subjectCode: r.subject_code,
    subjectName: subjectName.get(r.subject_code) ?? r.subject_code,
    teachers: teacherRows.filter((t) => t.course_id === r.id).map((t) => ({ id: t.id, displayName: fullName(t) })),
    target: { id: (r.class_id ?? r.group_id)!, kind: r.class_id ? 'CLASS' : 'GROUP', name: targetName.get((r.class_id ?? r.group_id)!) ?? '' },
    room: r.room,
    weekday: r.weekday,
    start: minutesToTime(r.start_minute),
    end: minutesToTime(r.end_minute),
    weeks: r.weeks,
    periods: r.periods,
  }));
}

const CourseCursor = z.strictObject({ weekday: z.number().int(), start: z.number().int(), id: z.uuid() });

/** A page of the structure's courses of the year, for staff, optionally of one class, group or teacher. */
export async function listCourses(platform: Platform, actor: Actor, structureId: string, query: CourseListQuery): Promise<CourseList> {
  await requireManage(platform, actor, structureId);
  const db = platform.database.db;
  const after = decodeCursor(CourseCursor, query.cursor);
  const rows = await repo.findCoursesOfStructure(db, structureId, platform.schoolYear(), {
    classId: query.classId,
    groupId: query.groupId,
    teacherId: query.teacherId,
    after,
    limit: query.limit,
  });
  const page = pageFrom(rows, query.limit, (r) => ({ weekday: r.weekday, start: r.start_minute, id: r.id }));
  return { items: await presentCourses(db, page.rows), nextCursor: page.nextCursor };
}

/** One course as staff edit it (404 when it is missing or outside the actor's structures). */
export async function getCourseForStaff(platform: Platform, actor: Actor, id: string): Promise<Course> {
  const db = platform.database.db;
  const course = await repo.getCourse(db, id);
  if (!course) throw new AppError('NOT_FOUND');
  await requireManage(platform, actor, course.structure_id);
  return (await presentCourses(db, [course]))[0]!;
}

export async function courseFormOptions(platform: Platform, actor: Actor, structureId: string): Promise<CourseFormOptions> {
  await requireManage(platform, actor, structureId);
  const db = platform.database.db;
  const year = platform.schoolYear();
  const [targets, teachers, subjects] = await Promise.all([
    repo.findStructureTargets(db, structureId, year),
    repo.findStructureTeachers(db, structureId, year),
    repo.findAllSubjects(db),
  ]);
  return {
    classes: targets.classes.map((c) => ({ id: c.id, name: c.name })),
    groups: targets.groups.map((g) => ({ id: g.id, name: g.name })),
    teachers: teachers.map((t) => ({ id: t.id, displayName: fullName(t) })),
    subjects: subjects.map((s) => ({ code: s.code, name: s.name })),
  };
}

/** Checks a course's references against the structure; returns the row to write. */
export async function validateCourseInput(db: DB, structureId: string, year: number, input: CourseInput) {
  const [targets, teachers, subject] = await Promise.all([
    repo.findStructureTargets(db, structureId, year),
    repo.findStructureTeachers(db, structureId, year),
    repo.findSubjectNames(db, [input.subjectCode]).then((rows) => rows[0]),
  ]);
  const fields: Record<string, string> = {};
  if (!subject) fields.subjectCode = 'unknown';
  if (input.classId && !targets.classes.some((c) => c.id === input.classId)) fields.classId = 'unknown';
  if (input.groupId && !targets.groups.some((g) => g.id === input.groupId)) fields.groupId = 'unknown';
  if (input.teacherIds.some((id) => !teachers.some((t) => t.id === id))) fields.teacherIds = 'unknown';
  if (Object.keys(fields).length > 0) throw new AppError('INVALID_REFERENCE', { fields });
  return {
    structure_id: structureId,
    school_year: year,
    subject_code: input.subjectCode,
    class_id: input.classId,
    group_id: input.groupId,
    room: input.room || null,
    weekday: input.weekday,
    start_minute: timeToMinutes(input.start),
    end_minute: timeToMinutes(input.end),
    weeks: input.weeks,
    periods: JSON.stringify(input.weeks === 'PERIODS' ? input.periods : []),
  };
}

export async function createCourse(platform: Platform, actor: Actor, structureId: string, input: CourseInput): Promise<Course> {
  await requireManage(platform, actor, structureId);
  const db = platform.database.db;
  const values = await validateCourseInput(db, structureId, platform.schoolYear(), input);
  const id = await db.transaction().execute(async (trx) => {
    const courseId = await repo.insertCourse(trx, values, input.teacherIds);
    await audit(trx, { actorId: actor.accountId, action: 'course.create', targetType: 'course', targetId: courseId, structureId });
    return courseId;
  });
  return (await presentCourses(db, [(await repo.getCourse(db, id))!]))[0]!;
}

export async function updateCourse(platform: Platform, actor: Actor, id: string, input: CourseInput): Promise<Course> {
  const db = platform.database.db;
  const current = await repo.getCourse(db, id);
  if (!current) throw new AppError('NOT_FOUND');
  await requireManage(platform, actor, current.structure_id);
  const values = await validateCourseInput(db, current.structure_id, current.school_year, input);
  await db.transaction().execute(async (trx) => {
    await repo.updateCourse(trx, id, values, input.teacherIds);
    await audit(trx, { actorId: actor.accountId, action: 'course.update', targetType: 'course', targetId: id, structureId: current.structure_id });
  });
  return (await presentCourses(db, [(await repo.getCourse(db, id))!]))[0]!;
}

/** Deletes a course that has no cahier de textes entry (those are a legal record). */
export async function deleteCourse(platform: Platform, actor: Actor, id: string): Promise<void> {
  const db = platform.database.db;
  const current = await repo.getCourse(db, id);
  if (!current) throw new AppError('NOT_FOUND');
  await requireManage(platform, actor, current.structure_id);
  if (await repo.hasLessons(db, id)) throw new AppError('COURSE_HAS_LESSONS');
  await db.transaction().execute(async (trx) => {
    await repo.deleteCourse(trx, id);
    await audit(trx, { actorId: actor.accountId, action: 'course.delete', targetType: 'course', targetId: id, structureId: current.structure_id });
  });
}

// ---------------------------------------------------------------- settings

export async function getTimetableSettings(platform: Platform, actor: Actor, structureId: string): Promise<TimetableSettings> {
  await requireManage(platform, actor, structureId);
  const db = platform.database.db;
  const year = platform.schoolYear();
  const settings = await repo.getSettings(db, structureId, year);
  const zone = settings?.zone ?? platform.config.schoolZone;
  const calendar = buildCalendar(year, zone, settings?.first_week ?? 'A', settings?.calendar ?? null);
  return {
    structureId,
    schoolYear: year,
    zone,
    firstWeek: calendar.firstWeek,
    firstDay: calendar.firstDay,
    lastDay: calendar.lastDay,
    holidays: calendar.holidays,
    calendarVerified: calendar.verified,
    calendarOverridden: calendar.overridden,
  };
}

export async function updateTimetableSettings(platform: Platform, actor: Actor, structureId: string, input: UpdateTimetableSettings): Promise<TimetableSettings> {
  await requireManage(platform, actor, structureId);
  const db = platform.database.db;
  const year = platform.schoolYear();
  if (input.calendar) {
    const { firstDay, lastDay, holidays } = input.calendar;
    const dates = [firstDay, lastDay, ...holidays.flatMap((h) => [h.from, h.until])];
    if (dates.some((d) => !isValidDate(d)) || firstDay > lastDay || holidays.some((h) => h.from >= h.until)) {
      throw new AppError('VALIDATION_FAILED', { fields: { calendar: 'invalid_dates' } });
    }
  }
  const current = await repo.getSettings(db, structureId, year);
  const row = {
    zone: input.zone ?? current?.zone ?? platform.config.schoolZone,
    first_week: input.firstWeek ?? current?.first_week ?? 'A',
    calendar: input.calendar === undefined ? (current?.calendar ? JSON.stringify(current.calendar) : null) : input.calendar ? JSON.stringify(input.calendar) : null,
    updated_at: new Date(platform.now()),
  };
  await db.transaction().execute(async (trx) => {
    await repo.upsertSettings(trx, structureId, year, row);
    await audit(trx, { actorId: actor.accountId, action: 'timetable.settings', targetType: 'structure', targetId: structureId, structureId });
  });
  return getTimetableSettings(platform, actor, structureId);
}

import type {
  CopyableCourseList, FileRef, Homework, LessonEntry, LessonEntryInput, LessonHistory, LessonQuery, LessonWeek, LessonWeekQuery, Visa, VisaInput,
} from '@preau/contracts';
import { type Actor, authorize, can, type CourseRelation, type Resource } from '../../platform/authorization.ts';
import { findParentIds, findStructuresOf, findStudentsOf, findTargetLinks } from '../directory/relations.repository.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { addDays, daysBetween, isValidDate, minutesToTime, mondayOf, parisNow } from '../timetable/dates.ts';
import { occurrenceDates, isOccurrenceDate } from '../timetable/occurrences.ts';
import { calendarOf } from '../timetable/timetable-context.ts';
import { findCoursesByIds, getCourse, getTarget } from '../timetable/timetable.repository.ts';
import { courseResource, courseResources, occurrenceResource, toRule } from '../timetable/timetable.service.ts';
import * as repo from './homework.repository.ts';
import type { EntryRow } from './homework.repository.ts';
import { sanitizeRichText } from './rich-text.ts';

const fullName = (first: string, last: string) => `${first} ${last}`;

export function presentFile(f: { id: string; filename: string; size: number; content_type: string }): FileRef {
  return { id: f.id, filename: f.filename, size: f.size, contentType: f.content_type };
}

export function presentHomework(row: {
  id: string; entry_id: string; course_id: string; class_id: string | null; group_id: string | null; given_on: string; due_on: string;
  description_html: string; estimated_minutes: number | null; hand_in_online: boolean; subject_name: string; teacher_id: string;
  first_name: string; last_name: string; target_name: string;
}): Homework {
  return {
    id: row.id,
    entryId: row.entry_id,
    courseId: row.course_id,
    subjectName: row.subject_name,
    target: { id: (row.class_id ?? row.group_id)!, kind: row.class_id ? 'CLASS' : 'GROUP', name: row.target_name },
    teacher: { id: row.teacher_id, displayName: fullName(row.first_name, row.last_name) },
    givenOn: row.given_on,
    dueOn: row.due_on,
    descriptionHtml: row.description_html,
    estimatedMinutes: row.estimated_minutes,
    handInOnline: row.hand_in_online,
  };
}

function presentVisa(v: Awaited<ReturnType<typeof repo.findVisas>>[number]): Visa {
  return {
    id: v.id,
    target: { id: (v.class_id ?? v.group_id)!, kind: v.class_id ? 'CLASS' : 'GROUP', name: v.target_name },
    from: v.period_from,
    to: v.period_to,
    signedBy: { id: v.signed_by, displayName: fullName(v.first_name, v.last_name) },
    signedAt: v.signed_at.toISOString(),
    comment: v.comment,
  };
}

const familyProfiles: ReadonlySet<Actor['profile']> = new Set(['ELEVE', 'PARENT']);

async function presentEntries(platform: Platform, actor: Actor, rows: EntryRow[]): Promise<LessonEntry[]> {
  const db = platform.database.db;
  const files = await repo.findFiles(db, 'ENTRY', rows.map((r) => r.id));
  const targets = new Map<string, { classId: string | null; groupId: string | null }>();
  for (const r of rows) targets.set(r.class_id ?? r.group_id!, { classId: r.class_id, groupId: r.group_id });
  const visas = (await Promise.all([...targets.values()].map((t) => repo.findVisas(db, t)))).flat();
  return rows.map((r) => {
    const targetId = r.class_id ?? r.group_id!;
    const visa = visas.find((v) => (v.class_id ?? v.group_id) === targetId && v.period_from <= r.occurrence_date && v.period_to >= r.occurrence_date);
    return {
      id: r.id,
      courseId: r.course_id,
      occurrenceDate: r.occurrence_date,
      start: minutesToTime(r.start_minute),
      end: minutesToTime(r.end_minute),
      subjectCode: r.subject_code,
      subjectName: r.subject_name,
      target: { id: targetId, kind: r.class_id ? 'CLASS' : 'GROUP', name: r.target_name },
      author: { id: r.author_id, displayName: fullName(r.author_first, r.author_last) },
      title: r.title,
      contentHtml: r.content_html,
      links: r.links,
      attachments: files.filter((f) => f.owner_id === r.id).map(presentFile),
      homework:
        r.homework_id && r.given_on && r.due_on
          ? presentHomework({
              id: r.homework_id, entry_id: r.id, course_id: r.course_id, class_id: r.class_id, group_id: r.group_id, given_on: r.given_on,
              due_on: r.due_on, description_html: r.description_html ?? '', estimated_minutes: r.estimated_minutes,
              hand_in_online: r.hand_in_online ?? false, subject_name: r.subject_name, teacher_id: r.author_id, first_name: r.author_first,
              last_name: r.author_last, target_name: r.target_name,
            })
          : null,
      // The visa is the school's control (lesson.audit): an adult who reads the cahier is its team, staff or an admin; pupils and parents are not shown it.
      visa: visa && !familyProfiles.has(actor.profile) ? presentVisa(visa) : null,
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      // A signed period is closed: its entries stay as the head saw them.
      canEdit: r.author_id === actor.accountId && !visa,
    };
  });
}

/** Loads a course, or one of its sessions (`date`), that the actor may read (404 otherwise), with his relation to it. */
async function loadCourseFor(platform: Platform, actor: Actor, courseId: string, on: { date?: string; authorId?: string } = {}) {
  const db = platform.database.db;
  const course = await getCourse(db, courseId);
  if (!course) throw new AppError('NOT_FOUND');
  const resource = on.date === undefined ? await courseResource(db, actor, course, on.authorId) : await occurrenceResource(db, actor, course, on.date, on.authorId);
  authorize(actor, 'lesson.read', resource);
  return { course, resource };
}

/** The cahier de textes entry of one session (404 when there is none or the actor may not read it). */
export async function getLesson(platform: Platform, actor: Actor, courseId: string, date: string): Promise<LessonEntry> {
  await loadCourseFor(platform, actor, courseId, { date });
  const row = await repo.getEntryByOccurrence(platform.database.db, courseId, date);
  if (!row) throw new AppError('NOT_FOUND');
  return (await presentEntries(platform, actor, [row]))[0]!;
}

function snapshotOf(input: { title: string; contentHtml: string; links: unknown; homework: unknown }) {
  return JSON.stringify({ title: input.title, contentHtml: input.contentHtml, links: input.links, homework: input.homework });
}

/**
 * Writes the entry of one session (the course's teacher; an existing entry
 * only by its author). Each save is a new version kept in the history; new
 * homework is announced to the students and their parents.
 */
export async function saveLesson(platform: Platform, actor: Actor, courseId: string, date: string, input: LessonEntryInput): Promise<LessonEntry> {
  const db = platform.database.db;
  const existing = await repo.getEntryByOccurrence(db, courseId, date);
  // The relation is the one to this session: a replacement teaches the session he replaces, not the course.
  const { course, resource } = await loadCourseFor(platform, actor, courseId, { date, ...(existing ? { authorId: existing.author_id } : {}) });
  authorize(actor, 'lesson.write', resource);
  const calendar = await calendarOf(platform, db, course.structure_id, course.school_year);
  if (!isValidDate(date) || !isOccurrenceDate(toRule(course), calendar, date)) throw new AppError('OCCURRENCE_NOT_FOUND');
  const contentHtml = sanitizeRichText(input.contentHtml);
  const homework = input.homework ? { ...input.homework, descriptionHtml: sanitizeRichText(input.homework.descriptionHtml) } : null;
  if (homework && (!isValidDate(homework.dueOn) || homework.dueOn <= date)) {
    throw new AppError('HOMEWORK_DUE_BEFORE_SESSION', { fields: { 'homework.dueOn': 'before_session' } });
  }
  if (homework && !homework.descriptionHtml) throw new AppError('VALIDATION_FAILED', { fields: { 'homework.descriptionHtml': 'empty' } });
  const now = new Date(platform.now());
  let event: DomainEvent | undefined;
  const entryId = await db.transaction().execute(async (trx) => {
    // Checked inside the transaction, before anything is written: a signed period is closed to new entries and to edits.
    if (await repo.findVisaCovering(trx, course, date)) throw new AppError('LESSON_LOCKED_BY_VISA');
    const content = { title: input.title, contentHtml, links: input.links };
    let id: string;
    let version: number;
    if (existing) {
      version = existing.version + 1;
      id = existing.id;
      await repo.updateEntryContent(trx, id, { ...content, version, previousVersion: existing.version, at: now });
    } else {
      version = 1;
      id = await repo.insertEntry(trx, { courseId, date, structureId: course.structure_id, authorId: actor.accountId, ...content, at: now });
    }
    await repo.insertEntryVersion(trx, { entryId: id, version, editorId: actor.accountId, at: now, snapshot: snapshotOf({ ...content, homework }) });
    if (homework) {
      const homeworkId = await repo.upsertHomework(trx, { entryId: id, course, givenOn: date, ...homework });
      if (!existing?.homework_id || existing.due_on !== homework.dueOn) {
        const ids = (await findStudentsOf(trx, course)).map((s) => s.id);
        event = {
          kind: 'homework.assigned',
          recipientIds: [...ids, ...(await findParentIds(trx, ids))],
          actorId: actor.accountId,
          structureId: course.structure_id,
          objectType: 'homework',
          objectId: homeworkId,
          data: { subjectName: (await repo.getSubjectName(trx, course.subject_code)) ?? course.subject_code, dueOn: homework.dueOn, handInOnline: homework.handInOnline, givenOn: date, courseId },
        };
        await platform.events.record(trx, event);
      }
    } else if (existing?.homework_id) {
      // Removing it would take the pupils' hand-ins (and their files) with it: their work is kept, the teacher told why.
      if (await repo.hasSubmissions(trx, existing.homework_id)) throw new AppError('HOMEWORK_HAS_SUBMISSIONS');
      await repo.deleteHomework(trx, existing.homework_id);
    }
    return id;
  });
  if (event) await platform.events.broadcast(event);
  return (await presentEntries(platform, actor, [(await repo.getEntry(db, entryId))!]))[0]!;
}

/** Every version of an entry, newest first (its teachers, the structure's staff and admins). */
export async function lessonHistory(platform: Platform, actor: Actor, entryId: string): Promise<LessonHistory> {
  const db = platform.database.db;
  const entry = await repo.getEntry(db, entryId);
  if (!entry) throw new AppError('NOT_FOUND');
  const { resource } = await loadCourseFor(platform, actor, entry.course_id);
  // The versions show what a teacher changed: for the school, not for pupils and parents.
  authorize(actor, 'lesson.audit', resource);
  const rows = await repo.findEntryVersions(db, entryId);
  return {
    items: rows.map((r) => {
      const s = r.snapshot as { title: string; contentHtml: string; links: Array<{ url: string; label: string }>; homework: LessonHistory['items'][number]['homework'] };
      return {
        version: r.version,
        editor: { id: r.id, displayName: fullName(r.first_name, r.last_name) },
        changedAt: r.changed_at.toISOString(),
        title: s.title,
        contentHtml: s.contentHtml,
        links: s.links,
        homework: s.homework ? { descriptionHtml: s.homework.descriptionHtml, dueOn: s.homework.dueOn, estimatedMinutes: s.homework.estimatedMinutes ?? null, handInOnline: s.homework.handInOnline } : null,
      };
    }),
  };
}

/** How the actor relates to a class or group, as a course resource of its structure. */
async function targetResource(
  platform: Platform,
  actor: Actor,
  kind: 'CLASS' | 'GROUP',
  id: string,
): Promise<{ resource: Resource; structureId: string; name: string } | undefined> {
  const db = platform.database.db;
  const target = await getTarget(db, kind, id);
  if (!target) return undefined;
  const links = await findTargetLinks(db, actor.accountId, { class_id: kind === 'CLASS' ? id : null, group_id: kind === 'GROUP' ? id : null });
  const relation: CourseRelation = links.learner ? 'learner' : links.parent ? 'parent' : 'none';
  return {
    resource: { type: 'course', structureId: target.structure_id, collectiviteId: target.collectivite_id, relation },
    structureId: target.structure_id,
    name: target.name,
  };
}

/** Entries by class or group (and subject), by teacher, over a period (a week, a term). */
export async function listLessons(platform: Platform, actor: Actor, query: LessonQuery): Promise<{ items: LessonEntry[] }> {
  if (daysBetween(query.from, query.to) > 400 || query.to < query.from) throw new AppError('TIMETABLE_RANGE_TOO_LONG');
  const db = platform.database.db;
  if (query.classId || query.groupId) {
    const kind = query.classId ? 'CLASS' : 'GROUP';
    const found = await targetResource(platform, actor, kind, (query.classId ?? query.groupId)!);
    if (!found) throw new AppError('NOT_FOUND');
    authorize(actor, 'lesson.read', found.resource);
  } else if (query.teacherId && query.teacherId !== actor.accountId) {
    // Someone else's entries: only for who reads the cahier de textes of one of his structures (404 otherwise).
    const structures = await findStructuresOf(db, query.teacherId);
    const mayRead = structures.some((s) => can(actor, 'lesson.read', { type: 'course', structureId: s.id, collectiviteId: s.collectivite_id, relation: 'none' }));
    if (!mayRead) throw new AppError('NOT_FOUND');
  }
  return { items: await presentEntries(platform, actor, await readableEntries(platform, actor, await repo.findEntries(db, query))) };
}

/**
 * The entries of a listing the actor may read one by one: a teacher shared
 * by two lycées writes in both, and the staff of one sees only its own.
 */
async function readableEntries(platform: Platform, actor: Actor, rows: EntryRow[]): Promise<EntryRow[]> {
  const db = platform.database.db;
  const courses = await findCoursesByIds(db, [...new Set(rows.map((r) => r.course_id))]);
  const resources = await courseResources(db, actor, courses);
  return rows.filter((r) => {
    const resource = resources.get(r.course_id);
    return resource !== undefined && can(actor, 'lesson.read', resource);
  });
}

/**
 * One week (Monday to Sunday) of a class's or group's cahier de textes, every
 * subject, by date and time. Seven days of the (course_id, occurrence_date)
 * index for each course of the class: bounded whatever the size of the region.
 */
export async function lessonWeek(platform: Platform, actor: Actor, query: LessonWeekQuery): Promise<LessonWeek> {
  const db = platform.database.db;
  const date = query.date ?? parisNow(platform.now()).date;
  if (!isValidDate(date)) throw new AppError('VALIDATION_FAILED', { fields: { date: 'invalid' } });
  const kind = query.classId ? 'CLASS' : 'GROUP';
  const id = (query.classId ?? query.groupId)!;
  const found = await targetResource(platform, actor, kind, id);
  if (!found) throw new AppError('NOT_FOUND');
  authorize(actor, 'lesson.read', found.resource);
  const from = mondayOf(date);
  const to = addDays(from, 6);
  const rows = await repo.findEntries(db, { classId: query.classId, groupId: query.groupId, from, to });
  return {
    target: { id, kind, name: found.name },
    from,
    to,
    previous: addDays(from, -7),
    next: addDays(from, 7),
    items: await presentEntries(platform, actor, rows),
  };
}

/** The head of the structure signs a period of a class's or group's cahier de textes. */
export async function addVisa(platform: Platform, actor: Actor, input: VisaInput): Promise<Visa> {
  const db = platform.database.db;
  const kind = input.classId ? 'CLASS' : 'GROUP';
  const found = await targetResource(platform, actor, kind, (input.classId ?? input.groupId)!);
  if (!found) throw new AppError('NOT_FOUND');
  authorize(actor, 'lesson.visa', found.resource);
  const visaId = await repo.insertVisa(db, {
    structureId: found.structureId, classId: input.classId, groupId: input.groupId, from: input.from, to: input.to,
    signerId: actor.accountId, comment: input.comment, at: new Date(platform.now()),
  });
  const visas = await repo.findVisas(db, { classId: input.classId, groupId: input.groupId });
  return presentVisa(visas.find((v) => v.id === visaId)!);
}

export async function listVisas(platform: Platform, actor: Actor, target: { classId?: string; groupId?: string }): Promise<{ items: Visa[] }> {
  const kind = target.classId ? 'CLASS' : 'GROUP';
  const id = target.classId ?? target.groupId;
  if (!id) throw new AppError('VALIDATION_FAILED', { fields: { classId: 'required' } });
  const found = await targetResource(platform, actor, kind, id);
  if (!found) throw new AppError('NOT_FOUND');
  authorize(actor, 'lesson.read', found.resource);
  authorize(actor, 'lesson.audit', found.resource);
  const visas = await repo.findVisas(platform.database.db, { classId: target.classId ?? null, groupId: target.groupId ?? null });
  return { items: visas.map(presentVisa) };
}

/**
 * Copies a teacher's entries of an earlier year's course onto this year's:
 * the n-th entry goes to the n-th session of the target course; sessions
 * that already have an entry are skipped. Homework is not copied (its dates
 * belong to last year).
 */
export async function copyLessons(
  platform: Platform,
  actor: Actor,
  fromCourseId: string,
  toCourseId: string,
  options: { dryRun?: boolean } = {},
): Promise<{ copied: number; skipped: number }> {
  const db = platform.database.db;
  const source = await getCourse(db, fromCourseId);
  const target = await getCourse(db, toCourseId);
  if (!source || !target) throw new AppError('NOT_FOUND');
  authorize(actor, 'lesson.read', await courseResource(db, actor, source));
  // Copying fills the whole course: only its own teachers, not a one-session replacement.
  authorize(actor, 'lesson.write', await courseResource(db, actor, target));
  if (source.school_year >= target.school_year) throw new AppError('FORBIDDEN');
  const entries = (await repo.findEntries(db, { courseId: fromCourseId, teacherId: actor.accountId, from: '1900-01-01', to: '2999-12-31' }));
  if (entries.length === 0) throw new AppError('NOTHING_TO_COPY');
  const calendar = await calendarOf(platform, db, target.structure_id, target.school_year);
  const dates = occurrenceDates(toRule(target), calendar, calendar.firstDay, calendar.lastDay);
  const taken = new Set((await repo.findEntries(db, { courseId: toCourseId, from: calendar.firstDay, to: calendar.lastDay })).map((e) => e.occurrence_date));
  // Sessions of a signed period stay as the head signed them: nothing is copied into them.
  const visas = await repo.findVisas(db, { classId: target.class_id, groupId: target.group_id });
  const isSigned = (date: string) => visas.some((v) => v.period_from <= date && v.period_to >= date);
  let copied = 0;
  let skipped = 0;
  const plan: Array<{ entry: EntryRow; date: string }> = [];
  for (let i = 0; i < entries.length; i++) {
    const date = dates[i];
    if (!date || taken.has(date) || isSigned(date)) skipped++;
    else plan.push({ entry: entries[i]!, date });
  }
  if (options.dryRun) return { copied: plan.length, skipped };
  const now = new Date(platform.now());
  await db.transaction().execute(async (trx) => {
    for (const { entry, date } of plan) {
      const content = { title: entry.title, contentHtml: entry.content_html, links: entry.links };
      const id = await repo.insertEntry(trx, { courseId: toCourseId, date, structureId: target.structure_id, authorId: actor.accountId, ...content, at: now });
      await repo.insertEntryVersion(trx, { entryId: id, version: 1, editorId: actor.accountId, at: now, snapshot: snapshotOf({ ...content, homework: null }) });
      copied++;
    }
  });
  return { copied, skipped };
}

/** The actor's courses (this year and earlier ones) with how many entries he wrote: what "copy last year's entries" offers. */
export async function copyableCourses(platform: Platform, actor: Actor): Promise<CopyableCourseList> {
  const currentYear = platform.schoolYear();
  if (actor.profile !== 'ENSEIGNANT') return { currentYear, items: [] };
  const rows = await repo.findCoursesOfTeacher(platform.database.db, actor.accountId);
  return {
    currentYear,
    items: rows.map((r) => ({
      courseId: r.id,
      schoolYear: r.school_year,
      subjectName: r.subject_name,
      target: { id: (r.class_id ?? r.group_id)!, kind: r.class_id ? 'CLASS' : 'GROUP', name: r.target_name },
      weekday: r.weekday,
      start: minutesToTime(r.start_minute),
      entryCount: r.entry_count ?? 0,
    })),
  };
}

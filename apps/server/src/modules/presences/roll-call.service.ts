import type { MySessions, RollCall, RollCallMark, RollCallStatus, RollCallStudent } from '@preau/contracts';
import { type Actor, authorize, type Resource } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { findParentIds, findStudentsOf } from '../directory/relations.repository.ts';
import { isValidDate, minutesToTime, parisNow, timeToMinutes } from '../timetable/dates.ts';
import { isOccurrenceDate } from '../timetable/occurrences.ts';
import { calendarOf } from '../timetable/timetable-context.ts';
import { getChange, getCourse, findCoursesOfTeacher, type CourseRow, findSubjectNames, findTargetNames } from '../timetable/timetable.repository.ts';
import { occurrenceResource, presentOccurrences, toRule } from '../timetable/timetable.service.ts';
import { flagThresholds } from './attendance.service.ts';
import * as repo from './presences.repository.ts';

/**
 * The roll call of one session: the teacher (or vie scolaire) marks who is
 * absent, late or left early, one request per change, on the day of the
 * session only. Everyone else is present, which stores nothing.
 */

interface Session {
  course: CourseRow;
  resource: Resource;
  /** The session's original date (its key, as the cahier de textes keys it). */
  originalDate: string;
  /** The day it takes place (a moved session's new date). */
  day: string;
  startMinute: number;
  endMinute: number;
}

async function loadSession(platform: Platform, actor: Actor, courseId: string, date: string): Promise<Session> {
  const db = platform.database.db;
  const course = await getCourse(db, courseId);
  if (!course) throw new AppError('NOT_FOUND');
  const resource = await occurrenceResource(db, actor, course, date);
  authorize(actor, 'presence.call', resource);
  if (!isValidDate(date)) throw new AppError('ROLL_CALL_NO_SESSION');
  const [calendar, change] = await Promise.all([calendarOf(platform, db, course.structure_id, course.school_year), getChange(db, course.id, date)]);
  if (!isOccurrenceDate(toRule(course), calendar, date) || change?.cancelled) throw new AppError('ROLL_CALL_NO_SESSION');
  return {
    course,
    resource,
    originalDate: date,
    day: change?.new_date ?? date,
    startMinute: change?.new_start_minute ?? course.start_minute,
    endMinute: change?.new_end_minute ?? course.end_minute,
  };
}

/** Who is called: the class or group, less those exempted from the subject that day. */
async function calledStudents(platform: Platform, session: Session) {
  const db = platform.database.db;
  const students = await findStudentsOf(db, session.course);
  const exempted = await repo.findExemptedStudentIds(db, students.map((s) => s.id), session.course.subject_code, session.day);
  return { students: students.filter((s) => !exempted.has(s.id)), exemptedCount: exempted.size };
}

function today(platform: Platform): string {
  return parisNow(platform.now()).date;
}

function requireEditable(platform: Platform, session: Session): void {
  const now = today(platform);
  if (session.day < now) throw new AppError('ROLL_CALL_CLOSED');
  if (session.day > now) throw new AppError('ROLL_CALL_NOT_YET');
}

const statusOf = { ABSENCE: 'ABSENT', LATE: 'LATE', LEFT_EARLY: 'LEFT_EARLY' } as const;

/** A session's roll call: the students called, each with his mark. */
export async function getRollCall(platform: Platform, actor: Actor, courseId: string, date: string): Promise<RollCall> {
  const db = platform.database.db;
  const session = await loadSession(platform, actor, courseId, date);
  const [{ students, exemptedCount }, marks, taken, subjects, targets] = await Promise.all([
    calledStudents(platform, session),
    repo.findSessionMarks(db, courseId, date),
    repo.getRollCall(db, courseId, date),
    findSubjectNames(db, [session.course.subject_code]),
    findTargetNames(db, session.course.class_id ? [session.course.class_id] : [], session.course.group_id ? [session.course.group_id] : []),
  ]);
  const markOf = new Map(marks.map((m) => [m.student_id, m]));
  return {
    courseId,
    date,
    subjectName: subjects[0]?.name ?? session.course.subject_code,
    targetName: [...targets.classes, ...targets.groups][0]?.name ?? '',
    startMinute: session.startMinute,
    endMinute: session.endMinute,
    editable: session.day === today(platform),
    takenAt: taken ? taken.taken_at.toISOString() : null,
    exemptedCount,
    students: students.map((s): RollCallStudent => {
      const mark = markOf.get(s.id);
      return { id: s.id, firstName: s.first_name, lastName: s.last_name, status: mark ? statusOf[mark.kind] : 'PRESENT', minutes: mark?.minutes ?? null };
    }),
  };
}

/** Says the roll call is done (everyone present, or the marks made so far are all). */
export async function markRollCallTaken(platform: Platform, actor: Actor, courseId: string, date: string): Promise<RollCall> {
  const session = await loadSession(platform, actor, courseId, date);
  requireEditable(platform, session);
  await repo.markTaken(platform.database.db, { courseId, date, structureId: session.course.structure_id, by: actor.accountId, at: new Date(platform.now()) });
  return getRollCall(platform, actor, courseId, date);
}

/**
 * One student's mark. Idempotent: the same mark twice changes nothing and
 * tells nobody twice. His parents are told when he becomes absent.
 */
export async function markStudent(platform: Platform, actor: Actor, courseId: string, date: string, studentId: string, mark: RollCallMark): Promise<RollCallStudent> {
  const session = await loadSession(platform, actor, courseId, date);
  requireEditable(platform, session);
  const { students } = await calledStudents(platform, session);
  const student = students.find((s) => s.id === studentId);
  if (!student) throw new AppError('ROLL_CALL_NOT_A_STUDENT');
  const db = platform.database.db;
  const at = new Date(platform.now());
  const kind = mark.status === 'PRESENT' ? null : mark.status === 'ABSENT' ? 'ABSENCE' : mark.status;
  const minutes = mark.status === 'LATE' ? (mark.minutes ?? null) : null;
  const span = {
    fromMinute: session.startMinute,
    toMinute: mark.status === 'LATE' ? Math.min(session.endMinute, session.startMinute + (minutes ?? 0)) : session.endMinute,
  };
  let event: DomainEvent | undefined;
  let flags: DomainEvent[] = [];
  await db.transaction().execute(async (trx) => {
    await repo.lockSessionStudent(trx, courseId, date, studentId);
    const existing = await repo.getSessionMarkForUpdate(trx, courseId, date, studentId);
    let absenceId: string | undefined;
    if (!kind) {
      if (existing) await repo.deleteAbsence(trx, existing.id);
    } else if (!existing) {
      [absenceId] = await repo.insertAbsences(trx, [
        {
          structure_id: session.course.structure_id,
          school_year: session.course.school_year,
          student_id: studentId,
          kind,
          course_id: courseId,
          occurrence_date: date,
          from_date: session.day,
          to_date: session.day,
          from_minute: span.fromMinute,
          to_minute: span.toMinute,
          minutes,
          recorded_by: actor.accountId,
        },
      ]);
    } else if (existing.kind !== kind || existing.minutes !== minutes) {
      await repo.updateSessionMark(trx, existing.id, { kind, minutes, ...span, by: actor.accountId, at });
      if (kind === 'ABSENCE') absenceId = existing.id;
    }
    await repo.markTaken(trx, { courseId, date, structureId: session.course.structure_id, by: actor.accountId, at });
    if (kind === 'ABSENCE' && absenceId && existing?.kind !== 'ABSENCE') {
      const parentIds = [...new Set(await findParentIds(trx, [studentId]))];
      const subjects = await findSubjectNames(trx, [session.course.subject_code]);
      if (parentIds.length > 0) {
        event = {
          kind: 'presences.absent',
          recipientIds: parentIds,
          actorId: actor.accountId,
          structureId: session.course.structure_id,
          objectType: 'absence',
          objectId: absenceId,
          data: {
            studentId,
            studentName: `${student.first_name} ${student.last_name}`,
            subjectName: subjects[0]?.name ?? session.course.subject_code,
            date: session.day,
            start: minutesToTime(session.startMinute),
            end: minutesToTime(session.endMinute),
          },
        };
        await platform.events.record(trx, event);
      }
      flags = await flagThresholds(platform, trx, {
        structureId: session.course.structure_id,
        schoolYear: session.course.school_year,
        studentIds: [studentId],
        fromDate: session.day,
        toDate: session.day,
        actorId: actor.accountId,
      });
    }
  });
  if (event) await platform.events.broadcast(event);
  for (const flag of flags) await platform.events.broadcast(flag);
  return { id: student.id, firstName: student.first_name, lastName: student.last_name, status: mark.status as RollCallStatus, minutes };
}

/** A teacher's sessions of a day with whether their roll call was taken: the one click from his timetable. */
export async function mySessions(platform: Platform, actor: Actor, date: string | undefined): Promise<MySessions> {
  const day = date ?? today(platform);
  const db = platform.database.db;
  const courses = await findCoursesOfTeacher(db, platform.schoolYear(), actor.accountId, { from: day, to: day });
  const occurrences = (await presentOccurrences(platform, actor, courses, { from: day, to: day })).filter(
    (o) => o.status !== 'CANCELLED' && o.teachers.some((t) => t.id === actor.accountId),
  );
  const taken = await repo.findRollCalls(db, occurrences.map((o) => o.courseId), [...new Set(occurrences.map((o) => o.originalDate))]);
  const takenAt = new Map(taken.map((t) => [`${t.course_id}_${t.occurrence_date}`, t.taken_at.toISOString()]));
  return {
    date: day,
    items: occurrences.map((o) => ({
      courseId: o.courseId,
      date: o.originalDate,
      subjectName: o.subjectName,
      targetName: o.target.name,
      startMinute: timeToMinutes(o.start),
      endMinute: timeToMinutes(o.end),
      takenAt: takenAt.get(`${o.courseId}_${o.originalDate}`) ?? null,
    })),
  };
}

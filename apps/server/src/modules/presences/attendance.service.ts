import type {
  Absence,
  AbsenceReason,
  AbsenceReasonInput,
  AbsenceReasonList,
  AttendanceAlertList,
  AttendanceSummary,
  DayView,
  ExemptionInput,
  FamilyAttendance,
  PeriodAbsenceInput,
  StudentAttendance,
} from '@preau/contracts';
import { type Actor, authorize, type Resource } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { findChildren, findParentIds, findStaffWithFunctions, getStudentOfYear, isParentOf, type StudentOfYear } from '../directory/relations.repository.ts';
import { addDays, daysBetween, isValidDate, parisNow, timeToMinutes } from '../timetable/dates.ts';
import { isSchoolDay } from '../timetable/school-calendar.ts';
import { calendarOf } from '../timetable/timetable-context.ts';
import { findCoursesOfStructure, getStructureRef } from '../timetable/timetable.repository.ts';
import { presentOccurrences } from '../timetable/timetable.service.ts';
import { type CountedAbsence, DAY_END_MINUTE, monthRange, summarise, thresholdReached } from './counting.ts';
import * as repo from './presences.repository.ts';

/** Vie scolaire's side (the day, period absences, reasons, counts) and the family's view of a student's absences. */

export const DEFAULT_MIDDAY_MINUTE = 750;
const MAX_PERIOD_DAYS = 92;
/** Courses a structure may have in a year, read at once for the day view (a large lycée has about 1,500). */
const MAX_STRUCTURE_COURSES = 5000;

/** The reasons a structure starts with (after Open ENT NG's initial list and PRONOTE's flags, STANDARDS.md §11.1). */
const defaultReasons: ReadonlyArray<Omit<repo.ReasonRow, 'id'>> = [
  { label: 'Maladie', justified: true, counted: true, parents_may_use: true },
  { label: 'Rendez-vous médical', justified: true, counted: true, parents_may_use: true },
  { label: 'Raison familiale', justified: true, counted: true, parents_may_use: true },
  { label: 'Difficulté de transport', justified: true, counted: true, parents_may_use: true },
  { label: 'Panne de réveil', justified: false, counted: true, parents_may_use: false },
  { label: 'Sortie scolaire', justified: true, counted: false, parents_may_use: false },
  { label: 'Stage', justified: true, counted: false, parents_may_use: false },
  { label: 'Sans motif', justified: false, counted: true, parents_may_use: false },
];

/** The structure, if the actor is its vie scolaire (NOT_FOUND / FORBIDDEN otherwise). */
export async function requireVieScolaire(platform: Platform, actor: Actor, structureId: string) {
  const structure = await getStructureRef(platform.database.db, structureId);
  if (!structure) throw new AppError('NOT_FOUND');
  authorize(actor, 'presence.manage', { type: 'structure', id: structure.id, collectiviteId: structure.collectivite_id });
  return structure;
}

function presentReason(row: repo.ReasonRow): AbsenceReason {
  return { id: row.id, label: row.label, justified: row.justified, counted: row.counted, parentsMayUse: row.parents_may_use };
}

/** A structure's reasons, created from the default list the first time they are asked for. */
export async function reasonsOf(platform: Platform, structureId: string): Promise<repo.ReasonRow[]> {
  const db = platform.database.db;
  const reasons = await repo.findReasons(db, structureId);
  if (reasons.length > 0) return reasons;
  return db.transaction().execute(async (trx) => {
    await repo.lockStructureReasons(trx, structureId);
    const again = await repo.findReasons(trx, structureId);
    if (again.length > 0) return again;
    await repo.insertReasons(trx, structureId, defaultReasons);
    return repo.findReasons(trx, structureId);
  });
}

export async function listReasons(platform: Platform, actor: Actor, structureId: string): Promise<AbsenceReasonList> {
  await requireVieScolaire(platform, actor, structureId);
  return { items: (await reasonsOf(platform, structureId)).map(presentReason) };
}

export async function createReason(platform: Platform, actor: Actor, structureId: string, input: AbsenceReasonInput): Promise<AbsenceReason> {
  await requireVieScolaire(platform, actor, structureId);
  await reasonsOf(platform, structureId);
  const label = cleanDisplayText(input.label);
  if (!label) throw new AppError('VALIDATION_FAILED', { fields: { label: 'required' } });
  const [row] = await repo.insertReasons(platform.database.db, structureId, [
    { label, justified: input.justified, counted: input.counted, parents_may_use: input.parentsMayUse },
  ]);
  return presentReason(row!);
}

export async function middayOf(platform: Platform, structureId: string): Promise<number> {
  return (await repo.getMiddayMinute(platform.database.db, structureId, platform.schoolYear())) ?? DEFAULT_MIDDAY_MINUTE;
}

export async function getSettings(platform: Platform, actor: Actor, structureId: string) {
  await requireVieScolaire(platform, actor, structureId);
  return { middayMinute: await middayOf(platform, structureId) };
}

export async function updateSettings(platform: Platform, actor: Actor, structureId: string, input: { middayMinute: number }) {
  await requireVieScolaire(platform, actor, structureId);
  await repo.upsertMiddayMinute(platform.database.db, structureId, platform.schoolYear(), input.middayMinute);
  return { middayMinute: input.middayMinute };
}

/** Absence rows as the API shows them, with each one's latest justification. */
export async function presentAbsences(platform: Platform, rows: readonly repo.AbsenceRow[]): Promise<Absence[]> {
  const latest = await repo.findLatestJustifications(platform.database.db, rows.map((r) => r.id));
  return rows.map((row) => presentAbsence(row, latest.get(row.id)));
}

export function presentAbsence(row: repo.AbsenceRow, justification: repo.JustificationRow | undefined): Absence {
  return {
    id: row.id,
    studentId: row.student_id,
    studentName: `${row.first_name} ${row.last_name}`,
    className: row.class_name,
    kind: row.kind,
    fromDate: row.from_date,
    toDate: row.to_date,
    fromMinute: row.from_minute,
    toMinute: row.to_minute,
    minutes: row.minutes,
    subjectName: row.subject_name,
    courseId: row.course_id,
    justified: row.justified,
    reason: row.reason,
    justification: justification
      ? { id: justification.id, status: justification.status, reason: justification.reason, comment: justification.comment, hasDocument: justification.storage_key !== null }
      : null,
  };
}

/** The day, live: its absences, lateness and departures by class, and the sessions begun whose roll call nobody took. */
export async function dayView(platform: Platform, actor: Actor, structureId: string, date: string | undefined): Promise<DayView> {
  await requireVieScolaire(platform, actor, structureId);
  const db = platform.database.db;
  const now = parisNow(platform.now());
  const day = date ?? now.date;
  const rows = await repo.findDayAbsences(db, structureId, day, repo.DAY_VIEW_LIMIT + 1);
  const courses = await findCoursesOfStructure(db, structureId, platform.schoolYear(), { limit: MAX_STRUCTURE_COURSES });
  const occurrences = day > now.date ? [] : (await presentOccurrences(platform, actor, courses, { from: day, to: day })).filter(
    (o) => o.status !== 'CANCELLED' && (day < now.date || timeToMinutes(o.start) <= now.minute),
  );
  const taken = await repo.findRollCalls(db, occurrences.map((o) => o.courseId), [...new Set(occurrences.map((o) => o.originalDate))]);
  const takenKeys = new Set(taken.map((t) => `${t.course_id}_${t.occurrence_date}`));
  return {
    date: day,
    absences: await presentAbsences(platform, rows.slice(0, repo.DAY_VIEW_LIMIT)),
    truncated: rows.length > repo.DAY_VIEW_LIMIT,
    untaken: occurrences
      .filter((o) => !takenKeys.has(`${o.courseId}_${o.originalDate}`))
      .map((o) => ({
        courseId: o.courseId,
        date: o.originalDate,
        subjectName: o.subjectName,
        targetName: o.target.name,
        startMinute: timeToMinutes(o.start),
        endMinute: timeToMinutes(o.end),
        teachers: o.teachers.map((t) => t.displayName),
      })),
  };
}

/**
 * Absences for whole days (illness for a week, a trip for a group), with a
 * reason of the structure's list. Parents are told of those that are not justified.
 */
export async function recordPeriodAbsences(platform: Platform, actor: Actor, structureId: string, input: PeriodAbsenceInput): Promise<{ created: number }> {
  await requireVieScolaire(platform, actor, structureId);
  if (!isValidDate(input.fromDate) || !isValidDate(input.toDate)) throw new AppError('VALIDATION_FAILED', { fields: { fromDate: 'invalid_date' } });
  if (daysBetween(input.fromDate, input.toDate) > MAX_PERIOD_DAYS) throw new AppError('ABSENCE_RANGE_TOO_LONG');
  const db = platform.database.db;
  await reasonsOf(platform, structureId);
  const reason = await repo.getReason(db, structureId, input.reasonId);
  if (!reason) throw new AppError('ABSENCE_UNKNOWN_REASON');
  const ids = [...new Set(input.studentIds)];
  const year = platform.schoolYear();
  const students = await repo.findStudentsOfStructure(db, structureId, year, ids);
  if (students.length !== ids.length) throw new AppError('ABSENCE_NOT_IN_STRUCTURE');
  const events: DomainEvent[] = [];
  await db.transaction().execute(async (trx) => {
    const absenceIds = await repo.insertAbsences(
      trx,
      students.map((s) => ({
        structure_id: structureId,
        school_year: year,
        student_id: s.id,
        kind: 'ABSENCE' as const,
        from_date: input.fromDate,
        to_date: input.toDate,
        from_minute: 0,
        to_minute: DAY_END_MINUTE,
        reason_id: reason.id,
        justified: reason.justified,
        recorded_by: actor.accountId,
      })),
    );
    if (reason.justified) return;
    const flags = await flagThresholds(platform, trx, { structureId, schoolYear: year, studentIds: students.map((s) => s.id), fromDate: input.fromDate, toDate: input.toDate, actorId: actor.accountId });
    events.push(...flags);
    for (const [i, student] of students.entries()) {
      const parentIds = [...new Set(await findParentIds(trx, [student.id]))];
      if (parentIds.length === 0) continue;
      const event: DomainEvent = {
        kind: 'presences.absent',
        recipientIds: parentIds,
        actorId: actor.accountId,
        structureId,
        objectType: 'absence',
        objectId: absenceIds[i]!,
        data: { studentId: student.id, studentName: `${student.first_name} ${student.last_name}`, subjectName: null, date: input.fromDate, toDate: input.toDate, reason: reason.label },
      };
      await platform.events.record(trx, event);
      events.push(event);
    }
  });
  for (const event of events) await platform.events.broadcast(event);
  return { created: students.length };
}

/** The student and how the actor relates to him, authorized for `action` (NOT_FOUND when he may not see him). */
export async function studentResource(
  platform: Platform,
  actor: Actor,
  studentId: string,
  action: 'presence.read' | 'presence.justify' | 'presence.manage',
): Promise<{ student: StudentOfYear; resource: Resource }> {
  const db = platform.database.db;
  const student = await getStudentOfYear(db, studentId, platform.schoolYear());
  if (!student) throw new AppError('NOT_FOUND');
  const relation = actor.accountId === studentId ? 'self' : actor.profile === 'PARENT' && (await isParentOf(db, actor.accountId, studentId)) ? 'parent' : 'none';
  const resource: Resource = { type: 'attendance', studentId, structureId: student.structure_id, collectiviteId: student.collectivite_id, relation };
  if (action === 'presence.manage') {
    authorize(actor, 'presence.read', resource);
    authorize(actor, 'presence.manage', { type: 'structure', id: student.structure_id, collectiviteId: student.collectivite_id });
  } else {
    authorize(actor, action, resource);
  }
  return { student, resource };
}

function checkRange(range: { from: string; to: string }): void {
  if (!isValidDate(range.from) || !isValidDate(range.to)) throw new AppError('VALIDATION_FAILED', { fields: { from: 'invalid_date' } });
  if (range.to < range.from || daysBetween(range.from, range.to) > 366) throw new AppError('ABSENCE_RANGE_TOO_LONG');
}

function counted(row: repo.AbsenceRow): CountedAbsence {
  return {
    studentId: row.student_id,
    kind: row.kind,
    fromDate: row.from_date,
    toDate: row.to_date,
    fromMinute: row.from_minute,
    toMinute: row.to_minute,
    minutes: row.minutes,
    justified: row.justified,
    counted: row.reason_counted ?? true,
  };
}

async function attendanceOf(platform: Platform, student: StudentOfYear, range: { from: string; to: string }): Promise<StudentAttendance> {
  const db = platform.database.db;
  const [rows, midday, calendar, reasons] = await Promise.all([
    repo.findStudentAbsences(db, student.id, range),
    middayOf(platform, student.structure_id),
    calendarOf(platform, db, student.structure_id, platform.schoolYear()),
    reasonsOf(platform, student.structure_id),
  ]);
  return {
    studentId: student.id,
    studentName: `${student.first_name} ${student.last_name}`,
    from: range.from,
    to: range.to,
    summary: summarise(rows.map(counted), midday, range, (iso) => isSchoolDay(calendar, iso)),
    absences: await presentAbsences(platform, [...rows].reverse()),
    parentReasons: reasons.filter((r) => r.parents_may_use).map(presentReason),
  };
}

/** A student's absences and counts over a range: himself, his parents, vie scolaire. */
export async function studentAttendance(platform: Platform, actor: Actor, studentId: string, range: { from: string; to: string }): Promise<StudentAttendance> {
  checkRange(range);
  const { student } = await studentResource(platform, actor, studentId, 'presence.read');
  return attendanceOf(platform, student, range);
}

/** What a student or a parent opens: his own (or each child's) absences since the start of the school year. */
export async function familyAttendance(platform: Platform, actor: Actor, query: { from?: string | undefined; to?: string | undefined }): Promise<FamilyAttendance> {
  const today = parisNow(platform.now()).date;
  const range = { from: query.from ?? `${platform.schoolYear()}-09-01`, to: query.to ?? today };
  checkRange(range);
  const db = platform.database.db;
  const ids = actor.profile === 'ELEVE' ? [actor.accountId] : actor.profile === 'PARENT' ? (await findChildren(db, actor.accountId)).map((c) => c.id) : [];
  const items: StudentAttendance[] = [];
  for (const id of ids) {
    const student = await getStudentOfYear(db, id, platform.schoolYear());
    if (student) items.push(await attendanceOf(platform, student, range));
  }
  return { items };
}

/** Students at or past the legal thresholds of unjustified half-days in a month, to the CPE. */
export async function monthAlerts(platform: Platform, actor: Actor, structureId: string, month: string): Promise<AttendanceAlertList> {
  await requireVieScolaire(platform, actor, structureId);
  const db = platform.database.db;
  const range = monthRange(month);
  const [rows, midday, calendar] = await Promise.all([
    repo.findUnjustifiedAbsences(db, structureId, range),
    middayOf(platform, structureId),
    calendarOf(platform, db, structureId, platform.schoolYear()),
  ]);
  const byStudent = new Map<string, repo.AbsenceRow[]>();
  for (const row of rows) byStudent.set(row.student_id, [...(byStudent.get(row.student_id) ?? []), row]);
  const items: AttendanceAlertList['items'] = [];
  for (const [studentId, list] of byStudent) {
    const { unjustifiedHalfDays } = summarise(list.map(counted), midday, range, (iso) => isSchoolDay(calendar, iso));
    const threshold = thresholdReached(unjustifiedHalfDays);
    if (threshold) {
      const first = list[0]!;
      items.push({ studentId, studentName: `${first.first_name} ${first.last_name}`, className: first.class_name, unjustifiedHalfDays, threshold });
    }
  }
  items.sort((a, b) => b.unjustifiedHalfDays - a.unjustifiedHalfDays || a.studentName.localeCompare(b.studentName));
  return { month, items };
}

/** One student's unjustified half-days of a month, for the letter to his family. */
export async function monthCountOf(platform: Platform, actor: Actor, studentId: string, month: string) {
  const { student } = await studentResource(platform, actor, studentId, 'presence.manage');
  const range = monthRange(month);
  const attendance = await attendanceOf(platform, student, range);
  const structure = await getStructureRef(platform.database.db, student.structure_id);
  return { student, structureName: structure?.name ?? '', range, summary: attendance.summary, absences: attendance.absences };
}

export async function createExemption(platform: Platform, actor: Actor, structureId: string, input: ExemptionInput) {
  await requireVieScolaire(platform, actor, structureId);
  const db = platform.database.db;
  const students = await repo.findStudentsOfStructure(db, structureId, platform.schoolYear(), [input.studentId]);
  if (students.length === 0) throw new AppError('ABSENCE_NOT_IN_STRUCTURE');
  if (!(await repo.subjectExists(db, input.subjectCode))) throw new AppError('VALIDATION_FAILED', { fields: { subjectCode: 'unknown' } });
  await repo.insertExemption(db, { structureId, ...input, by: actor.accountId });
  return listExemptions(platform, actor, structureId);
}

export async function listExemptions(platform: Platform, actor: Actor, structureId: string) {
  await requireVieScolaire(platform, actor, structureId);
  const since = addDays(parisNow(platform.now()).date, -31);
  const rows = await repo.findExemptions(platform.database.db, structureId, since);
  return {
    items: rows.map((r) => ({
      id: r.id,
      studentId: r.student_id,
      studentName: `${r.first_name} ${r.last_name}`,
      subjectCode: r.subject_code,
      subjectName: r.subject_name ?? r.subject_code,
      fromDate: r.from_date,
      toDate: r.to_date,
    })),
  };
}

/** The months ("YYYY-MM") a range of days touches, in order. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = addDays(`${month}-28`, 7).slice(0, 7)) months.push(month);
  return months;
}

/**
 * After unjustified absences were recorded (inside the same transaction, the
 * caller having authorized it): the students who now reach 4, then 10,
 * unjustified half-days in a month (STANDARDS.md §11.1) are flagged to the
 * structure's vie scolaire (CPE, assistants d'éducation) and direction, with
 * the letter to the family ready. Each threshold is flagged once per student
 * and month (a row keyed on them): recounting, or the absence that follows,
 * tells nobody again. Returns the events to broadcast after commit.
 */
export async function flagThresholds(
  platform: Platform,
  trx: repo.Trx,
  input: { structureId: string; schoolYear: number; studentIds: readonly string[]; fromDate: string; toDate: string; actorId: string },
): Promise<DomainEvent[]> {
  // Another transaction recording this student's absences now would count without ours, and we without
  // its: waiting for it here makes one of the two see both (thresholds-concurrency.test.ts).
  await repo.lockStudentsAttendance(trx, input.studentIds);
  // Everything through the transaction: on the embedded database a read beside it would wait for it forever.
  const midday = (await repo.getMiddayMinute(trx, input.structureId, input.schoolYear)) ?? DEFAULT_MIDDAY_MINUTE;
  const calendar = await calendarOf(platform, trx, input.structureId, input.schoolYear);
  const at = new Date(platform.now());
  const events: DomainEvent[] = [];
  let recipients: string[] | undefined;
  for (const month of monthsOf(input.fromDate, input.toDate)) {
    const range = monthRange(month);
    for (const studentId of input.studentIds) {
      const rows = (await repo.findStudentAbsences(trx, studentId, range)).filter((r) => r.structure_id === input.structureId);
      const { unjustifiedHalfDays } = summarise(rows.map(counted), midday, range, (iso) => isSchoolDay(calendar, iso));
      const reached = ([4, 10] as const).filter((threshold) => unjustifiedHalfDays >= threshold);
      const flagged: Array<4 | 10> = [];
      for (const threshold of reached) {
        const flag = { studentId, month, threshold, structureId: input.structureId, schoolYear: input.schoolYear, unjustifiedHalfDays, at };
        if (await repo.insertFlagOnce(trx, flag)) flagged.push(threshold);
      }
      const threshold = flagged.at(-1);
      if (!threshold) continue;
      recipients ??= await findStaffWithFunctions(trx, input.structureId, input.schoolYear, ['EVS', 'DIR']);
      if (recipients.length === 0) continue;
      const first = rows[0]!;
      const event: DomainEvent = {
        kind: 'presences.threshold',
        recipientIds: recipients,
        actorId: input.actorId,
        structureId: input.structureId,
        objectType: 'student',
        objectId: studentId,
        data: {
          studentId,
          studentName: `${first.first_name} ${first.last_name}`,
          className: first.class_name,
          month,
          threshold,
          unjustifiedHalfDays,
          letterPath: `/api/v1/presences/students/${studentId}/letter.pdf?month=${month}`,
        },
      };
      await platform.events.record(trx, event);
      events.push(event);
    }
  }
  return events;
}

/**
 * A student's counts over a range in a structure (half-days justified and
 * unjustified, lateness), for his bulletin: reasons not counted (a school
 * trip) count nothing. No access check here: the caller has authorized
 * reading the bulletin, which shows these figures to whoever may read it.
 */
export async function unsafeAttendanceSummary(platform: Platform, student: { id: string; structureId: string }, range: { from: string; to: string }): Promise<AttendanceSummary> {
  const db = platform.database.db;
  const [rows, midday, calendar] = await Promise.all([
    repo.findStudentAbsences(db, student.id, range),
    middayOf(platform, student.structureId),
    calendarOf(platform, db, student.structureId, platform.schoolYear()),
  ]);
  const inStructure = rows.filter((r) => r.structure_id === student.structureId);
  return summarise(inStructure.map(counted), midday, range, (iso) => isSchoolDay(calendar, iso));
}

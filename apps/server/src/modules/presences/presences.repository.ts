import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { AbsencesTable } from '../../platform/db/schema-presences.ts';
import type { Insertable } from 'kysely';

/** SQL of the presences module. Every read starts from a structure, a course session or a student. */

type Executor = Kysely<Database> | Transaction<Database>;
/** A transaction of the database, as services hand it on. */
export type Trx = Transaction<Database>;

/** How many rows a day view shows at most; more asks to narrow down. */
export const DAY_VIEW_LIMIT = 500;

// ---------------------------------------------------------------- settings and reasons

export async function getMiddayMinute(db: Executor, structureId: string, year: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('presence_settings')
    .select('midday_minute')
    .where('structure_id', '=', structureId)
    .where('school_year', '=', year)
    .executeTakeFirst();
  return row?.midday_minute;
}

export async function upsertMiddayMinute(db: Executor, structureId: string, year: number, middayMinute: number): Promise<void> {
  await db
    .insertInto('presence_settings')
    .values({ structure_id: structureId, school_year: year, midday_minute: middayMinute })
    .onConflict((oc) => oc.columns(['structure_id', 'school_year']).doUpdateSet({ midday_minute: middayMinute }))
    .execute();
}

const reasonColumns = ['id', 'label', 'justified', 'counted', 'parents_may_use'] as const;
export type ReasonRow = { id: string; label: string; justified: boolean; counted: boolean; parents_may_use: boolean };

export async function findReasons(db: Executor, structureId: string): Promise<ReasonRow[]> {
  return db.selectFrom('absence_reasons').select(reasonColumns).where('structure_id', '=', structureId).orderBy('label').orderBy('id').limit(200).execute();
}

export async function getReason(db: Executor, structureId: string, id: string): Promise<ReasonRow | undefined> {
  return db.selectFrom('absence_reasons').select(reasonColumns).where('structure_id', '=', structureId).where('id', '=', id).executeTakeFirst();
}

export async function insertReasons(db: Executor, structureId: string, reasons: ReadonlyArray<Omit<ReasonRow, 'id'>>): Promise<ReasonRow[]> {
  if (reasons.length === 0) return [];
  return db
    .insertInto('absence_reasons')
    .values(reasons.map((r) => ({ structure_id: structureId, ...r })))
    .returning(reasonColumns)
    .execute();
}

/** Serialises the first creation of a structure's default reasons (two first readers at once). */
export async function lockStructureReasons(trx: Transaction<Database>, structureId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`absence_reasons:${structureId}`}))`.execute(trx);
}

// ---------------------------------------------------------------- roll calls

export async function getRollCall(db: Executor, courseId: string, date: string) {
  return db.selectFrom('roll_calls').selectAll().where('course_id', '=', courseId).where('occurrence_date', '=', date).executeTakeFirst();
}

export async function findRollCalls(db: Executor, courseIds: readonly string[], dates: readonly string[]) {
  if (courseIds.length === 0 || dates.length === 0) return [];
  return db
    .selectFrom('roll_calls')
    .select(['course_id', 'occurrence_date', 'taken_at'])
    .where('course_id', 'in', courseIds)
    .where('occurrence_date', 'in', dates)
    .execute();
}

/** Marks a session's roll call taken; the first time is kept. */
export async function markTaken(db: Executor, values: { courseId: string; date: string; structureId: string; by: string | null; at: Date }): Promise<void> {
  await db
    .insertInto('roll_calls')
    .values({ course_id: values.courseId, occurrence_date: values.date, structure_id: values.structureId, taken_by: values.by, taken_at: values.at })
    .onConflict((oc) => oc.columns(['course_id', 'occurrence_date']).doNothing())
    .execute();
}

/** The marks of a session (absent, late, left early), one per student. */
export async function findSessionMarks(db: Executor, courseId: string, date: string) {
  return db
    .selectFrom('absences')
    .select(['id', 'student_id', 'kind', 'minutes'])
    .where('course_id', '=', courseId)
    .where('occurrence_date', '=', date)
    .execute();
}

/** One student's mark in a session, locked for the change that follows. */
export async function getSessionMarkForUpdate(trx: Transaction<Database>, courseId: string, date: string, studentId: string) {
  return trx
    .selectFrom('absences')
    .select(['id', 'kind', 'minutes'])
    .where('course_id', '=', courseId)
    .where('occurrence_date', '=', date)
    .where('student_id', '=', studentId)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertAbsences(db: Executor, rows: ReadonlyArray<Insertable<AbsencesTable>>): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('absences').values([...rows]).returning('id').execute();
  return inserted.map((r) => r.id);
}

export async function updateSessionMark(
  db: Executor,
  id: string,
  values: { kind: AbsencesTable['kind']; minutes: number | null; fromMinute: number; toMinute: number; by: string; at: Date },
): Promise<void> {
  await db
    .updateTable('absences')
    .set({ kind: values.kind, minutes: values.minutes, from_minute: values.fromMinute, to_minute: values.toMinute, recorded_by: values.by, updated_at: values.at })
    .where('id', '=', id)
    .execute();
}

export async function deleteAbsence(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('absences').where('id', '=', id).execute();
}

// ---------------------------------------------------------------- exemptions

/** The students among these who are exempted from the subject on that date. */
export async function findExemptedStudentIds(db: Executor, studentIds: readonly string[], subjectCode: string, date: string): Promise<Set<string>> {
  if (studentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('course_exemptions')
    .select('student_id')
    .where('student_id', 'in', studentIds)
    .where('subject_code', '=', subjectCode)
    .where('from_date', '<=', date)
    .where('to_date', '>=', date)
    .execute();
  return new Set(rows.map((r) => r.student_id));
}

export async function insertExemption(
  db: Executor,
  values: { structureId: string; studentId: string; subjectCode: string; fromDate: string; toDate: string; by: string },
): Promise<string> {
  const row = await db
    .insertInto('course_exemptions')
    .values({
      structure_id: values.structureId,
      student_id: values.studentId,
      subject_code: values.subjectCode,
      from_date: values.fromDate,
      to_date: values.toDate,
      created_by: values.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Exemptions of a structure still running on or after a date, newest first. */
export async function findExemptions(db: Executor, structureId: string, since: string) {
  return db
    .selectFrom('course_exemptions as e')
    .innerJoin('accounts as s', 's.id', 'e.student_id')
    .leftJoin('subjects as sub', 'sub.code', 'e.subject_code')
    .select(['e.id', 'e.student_id', 's.first_name', 's.last_name', 'e.subject_code', 'sub.name as subject_name', 'e.from_date', 'e.to_date'])
    .where('e.structure_id', '=', structureId)
    .where('e.to_date', '>=', since)
    .orderBy('e.from_date', 'desc')
    .orderBy('e.id')
    .limit(200)
    .execute();
}

export async function subjectExists(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom('subjects').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------- absences as lists

export interface AbsenceRow {
  id: string;
  structure_id: string;
  student_id: string;
  first_name: string;
  last_name: string;
  class_name: string | null;
  kind: AbsencesTable['kind'];
  from_date: string;
  to_date: string;
  from_minute: number;
  to_minute: number;
  minutes: number | null;
  course_id: string | null;
  subject_name: string | null;
  justified: boolean;
  reason_id: string | null;
  reason: string | null;
  reason_counted: boolean | null;
}

function absenceQuery(db: Executor) {
  return db
    .selectFrom('absences as a')
    .innerJoin('accounts as s', 's.id', 'a.student_id')
    .leftJoin('courses as c', 'c.id', 'a.course_id')
    .leftJoin('subjects as sub', 'sub.code', 'c.subject_code')
    .leftJoin('absence_reasons as r', 'r.id', 'a.reason_id')
    .select([
      'a.id', 'a.structure_id', 'a.student_id', 's.first_name', 's.last_name', 'a.kind', 'a.from_date', 'a.to_date', 'a.from_minute', 'a.to_minute',
      'a.minutes', 'a.course_id', 'sub.name as subject_name', 'a.justified', 'a.reason_id', 'r.label as reason', 'r.counted as reason_counted',
      sql<string | null>`(SELECT cl.name FROM class_members cm JOIN classes cl ON cl.id = cm.class_id
        WHERE cm.account_id = a.student_id AND cl.school_year = a.school_year AND cl.structure_id = a.structure_id ORDER BY cl.name LIMIT 1)`.as('class_name'),
    ]);
}

/** The absences, lateness and departures of a structure touching a day, by class and name (bounded). */
export async function findDayAbsences(db: Executor, structureId: string, date: string, limit: number): Promise<AbsenceRow[]> {
  return absenceQuery(db)
    .where('a.structure_id', '=', structureId)
    .where('a.from_date', '<=', date)
    .where('a.to_date', '>=', date)
    .orderBy('class_name')
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .orderBy('a.from_minute')
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/** A student's absences touching a date range, oldest first (bounded: a range is at most a school year). */
export async function findStudentAbsences(db: Executor, studentId: string, range: { from: string; to: string }): Promise<AbsenceRow[]> {
  return absenceQuery(db)
    .where('a.student_id', '=', studentId)
    .where('a.from_date', '<=', range.to)
    .where('a.to_date', '>=', range.from)
    .orderBy('a.from_date')
    .orderBy('a.from_minute')
    .orderBy('a.id')
    .limit(2000)
    .execute();
}

/** Unjustified absences of a structure touching a range (the monthly thresholds), bounded. */
export async function findUnjustifiedAbsences(db: Executor, structureId: string, range: { from: string; to: string }): Promise<AbsenceRow[]> {
  return absenceQuery(db)
    .where('a.structure_id', '=', structureId)
    .where('a.kind', '=', 'ABSENCE')
    .where('a.justified', '=', false)
    .where('a.from_date', '<=', range.to)
    .where('a.to_date', '>=', range.from)
    .orderBy('a.student_id')
    .orderBy('a.from_date')
    .limit(50_000)
    .execute();
}

export async function getAbsence(db: Executor, id: string): Promise<AbsenceRow | undefined> {
  return absenceQuery(db).where('a.id', '=', id).executeTakeFirst();
}

export async function setJustified(db: Executor, id: string, values: { justified: boolean; reasonId: string | null; at: Date }): Promise<void> {
  await db.updateTable('absences').set({ justified: values.justified, reason_id: values.reasonId, updated_at: values.at }).where('id', '=', id).execute();
}

/** The students among these enrolled in the structure this year (ELEVE, not deleted). */
export async function findStudentsOfStructure(db: Executor, structureId: string, year: number, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('structure_members as sm')
    .innerJoin('accounts as a', 'a.id', 'sm.account_id')
    .select(['a.id', 'a.first_name', 'a.last_name'])
    .where('sm.structure_id', '=', structureId)
    .where('sm.school_year', '=', year)
    .where('sm.profile', '=', 'ELEVE')
    .where('a.deleted_at', 'is', null)
    .where('a.id', 'in', ids)
    .execute();
}

// ---------------------------------------------------------------- justifications

export interface JustificationRow {
  id: string;
  absence_id: string;
  structure_id: string;
  parent_name: string;
  reason_id: string;
  reason: string;
  reason_justified: boolean;
  comment: string;
  status: 'PENDING' | 'ACCEPTED' | 'REFUSED';
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  storage_key: string | null;
  created_at: Date;
}

function justificationQuery(db: Executor) {
  return db
    .selectFrom('absence_justifications as j')
    .innerJoin('absence_reasons as r', 'r.id', 'j.reason_id')
    .select([
      'j.id', 'j.absence_id', 'j.structure_id', 'j.parent_name', 'j.reason_id', 'r.label as reason', 'r.justified as reason_justified', 'j.comment', 'j.status',
      'j.file_name', 'j.content_type', 'j.size', 'j.storage_key', 'j.created_at',
    ]);
}

/** The latest justification of each absence. */
export async function findLatestJustifications(db: Executor, absenceIds: readonly string[]): Promise<Map<string, JustificationRow>> {
  if (absenceIds.length === 0) return new Map();
  const rows = await justificationQuery(db).where('j.absence_id', 'in', absenceIds).orderBy('j.created_at').orderBy('j.id').execute();
  return new Map(rows.map((r) => [r.absence_id, r]));
}

export async function getJustification(db: Executor, id: string): Promise<JustificationRow | undefined> {
  return justificationQuery(db).where('j.id', '=', id).executeTakeFirst();
}

export async function getJustificationForUpdate(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('absence_justifications').select(['id', 'status', 'absence_id', 'reason_id']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Justifications of a structure waiting for an answer, oldest first (bounded). */
export async function findPendingJustifications(db: Executor, structureId: string): Promise<JustificationRow[]> {
  return justificationQuery(db).where('j.structure_id', '=', structureId).where('j.status', '=', 'PENDING').orderBy('j.created_at').orderBy('j.id').limit(200).execute();
}

/** Whether an absence has a reason waiting for vie scolaire (locks the absence row first: one parent at a time). */
export async function hasPendingJustification(trx: Transaction<Database>, absenceId: string): Promise<boolean> {
  await trx.selectFrom('absences').select('id').where('id', '=', absenceId).forUpdate().execute();
  const row = await trx.selectFrom('absence_justifications').select('id').where('absence_id', '=', absenceId).where('status', '=', 'PENDING').executeTakeFirst();
  return row !== undefined;
}

export async function insertJustification(
  db: Executor,
  values: { absenceId: string; structureId: string; parentId: string; parentName: string; reasonId: string; comment: string },
): Promise<string> {
  const row = await db
    .insertInto('absence_justifications')
    .values({
      absence_id: values.absenceId,
      structure_id: values.structureId,
      parent_id: values.parentId,
      parent_name: values.parentName,
      reason_id: values.reasonId,
      comment: values.comment,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function attachDocument(
  db: Executor,
  id: string,
  file: { fileName: string; contentType: string; size: number; storageKey: string },
): Promise<void> {
  await db
    .updateTable('absence_justifications')
    .set({ file_name: file.fileName, content_type: file.contentType, size: file.size, storage_key: file.storageKey })
    .where('id', '=', id)
    .execute();
}

/** The parent who wrote a justification (only he adds its document). */
export async function getJustificationAuthor(db: Executor, id: string) {
  return db.selectFrom('absence_justifications').select(['parent_id', 'storage_key', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function decideJustification(db: Executor, id: string, values: { status: 'ACCEPTED' | 'REFUSED'; by: string; at: Date }): Promise<void> {
  await db.updateTable('absence_justifications').set({ status: values.status, decided_by: values.by, decided_at: values.at }).where('id', '=', id).execute();
}

export async function getAccountName(db: Executor, id: string) {
  return db.selectFrom('accounts').select(['first_name', 'last_name']).where('id', '=', id).executeTakeFirst();
}

/** Serialises the marks of one student in one session (two taps in flight at once). */
export async function lockSessionStudent(trx: Transaction<Database>, courseId: string, date: string, studentId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`roll-call:${courseId}:${date}:${studentId}`}))`.execute(trx);
}

// ---------------------------------------------------------------- legal thresholds

/**
 * Serialises, per student, the transactions that count his absences against
 * the thresholds, until they commit: the second one then counts the first
 * one's absence too (READ COMMITTED), so absences saved at once cross a
 * threshold in exactly one of them. Locks in a fixed order (no deadlock
 * between two entries for several students).
 */
export async function lockStudentsAttendance(trx: Executor, studentIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(studentIds)].sort()) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`attendance-count:${id}`}))`.execute(trx);
  }
}

/** Records that a student reached a threshold in a month; false when it was already recorded (nothing to tell again). */
export async function insertFlagOnce(
  db: Executor,
  flag: { studentId: string; month: string; threshold: 4 | 10; structureId: string; schoolYear: number; unjustifiedHalfDays: number; at: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('attendance_flags')
    .values({
      student_id: flag.studentId,
      month: flag.month,
      threshold: flag.threshold,
      structure_id: flag.structureId,
      school_year: flag.schoolYear,
      unjustified_half_days: flag.unjustifiedHalfDays,
      flagged_at: flag.at,
    })
    .onConflict((oc) => oc.columns(['student_id', 'month', 'threshold']).doNothing())
    .returning('student_id')
    .executeTakeFirst();
  return row !== undefined;
}

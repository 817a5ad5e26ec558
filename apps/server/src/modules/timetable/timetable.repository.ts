import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { CourseChangesTable, CoursesTable, TimetableSettingsTable } from '../../platform/db/schema-timetable.ts';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { coursesOfTeacherSql } from '../directory/relations.repository.ts';

/** SQL of the timetable. Reads start from a structure, a course, a class, a group or an account. */

type Executor = Kysely<Database> | Transaction<Database>;

export interface CourseRow {
  id: string;
  structure_id: string;
  school_year: number;
  subject_code: string;
  class_id: string | null;
  group_id: string | null;
  room: string | null;
  weekday: number;
  start_minute: number;
  end_minute: number;
  weeks: 'ALL' | 'A' | 'B' | 'PERIODS';
  periods: Array<{ from: string; to: string }>;
}

const courseColumns = [
  'c.id', 'c.structure_id', 'c.school_year', 'c.subject_code', 'c.class_id', 'c.group_id', 'c.room',
  'c.weekday', 'c.start_minute', 'c.end_minute', 'c.weeks', 'c.periods',
] as const;

export async function getCourse(db: Executor, id: string): Promise<CourseRow | undefined> {
  return db.selectFrom('courses as c').select(courseColumns).where('c.id', '=', id).executeTakeFirst();
}

export async function findCoursesByIds(db: DB, ids: readonly string[]): Promise<CourseRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('courses as c').select(courseColumns).where('c.id', 'in', ids).execute();
}

/** Courses of the year for a set of classes and groups. */
export async function findCoursesOfTargets(db: DB, year: number, classIds: readonly string[], groupIds: readonly string[]): Promise<CourseRow[]> {
  if (classIds.length === 0 && groupIds.length === 0) return [];
  return db
    .selectFrom('courses as c')
    .select(courseColumns)
    .where('c.school_year', '=', year)
    .where((eb) =>
      eb.or([
        ...(classIds.length > 0 ? [eb('c.class_id', 'in', classIds)] : []),
        ...(groupIds.length > 0 ? [eb('c.group_id', 'in', groupIds)] : []),
      ]),
    )
    .execute();
}

/**
 * Courses of the year of a student's classes and groups, in one statement.
 * = ANY(ARRAY(…)) turns his memberships into values, so courses_class_idx and
 * courses_group_idx serve (a BitmapOr); it replaces reading the memberships
 * first and the courses after (two round trips).
 */
export async function findCoursesOfStudent(db: DB, year: number, studentId: string): Promise<CourseRow[]> {
  return db
    .selectFrom('courses as c')
    .select(courseColumns)
    .where('c.school_year', '=', year)
    .where((eb) =>
      eb.or([
        sql<boolean>`c.class_id = ANY(ARRAY(SELECT m.class_id FROM class_members m JOIN classes k ON k.id = m.class_id
          WHERE m.account_id = ${studentId} AND k.school_year = ${year}))`,
        sql<boolean>`c.group_id = ANY(ARRAY(SELECT m.group_id FROM group_members m JOIN groups g ON g.id = m.group_id
          WHERE m.account_id = ${studentId} AND g.school_year = ${year}))`,
      ]),
    )
    .execute();
}

/** Courses a teacher gives this year, and those where he replaces someone on a date of the range. */
export async function findCoursesOfTeacher(db: DB, year: number, teacherId: string, range: { from: string; to: string }): Promise<CourseRow[]> {
  return db
    .selectFrom('courses as c')
    .select(courseColumns)
    .where('c.school_year', '=', year)
    .where(sql<boolean>`c.id IN (${coursesOfTeacherSql(teacherId, range)})`)
    .execute();
}

export async function findCoursesInRoom(db: DB, structureId: string, year: number, room: string): Promise<CourseRow[]> {
  return db
    .selectFrom('courses as c')
    .select(courseColumns)
    .where('c.structure_id', '=', structureId)
    .where('c.school_year', '=', year)
    .where((eb) =>
      eb.or([
        eb('c.room', '=', room),
        eb('c.id', 'in', eb.selectFrom('course_changes').select('course_id').where('room', '=', room)),
      ]),
    )
    .execute();
}

/** Where a page of courses starts: after this weekday, start minute and id. */
export interface CourseKey {
  weekday: number;
  start: number;
  id: string;
}

/** One page (limit + 1 rows) of a structure's courses of the year, optionally of one class, group or teacher. */
export async function findCoursesOfStructure(
  db: DB,
  structureId: string,
  year: number,
  filters: { classId?: string | undefined; groupId?: string | undefined; teacherId?: string | undefined; after?: CourseKey | undefined; limit: number },
): Promise<CourseRow[]> {
  let query = db
    .selectFrom('courses as c')
    .select(courseColumns)
    .where('c.structure_id', '=', structureId)
    .where('c.school_year', '=', year);
  if (filters.classId) query = query.where('c.class_id', '=', filters.classId);
  if (filters.groupId) query = query.where('c.group_id', '=', filters.groupId);
  if (filters.teacherId) {
    const teacherId = filters.teacherId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('course_teachers as ct').select('ct.course_id').whereRef('ct.course_id', '=', 'c.id').where('ct.teacher_id', '=', teacherId)),
    );
  }
  if (filters.after) {
    const { weekday, start, id } = filters.after;
    query = query.where(sql<boolean>`(c.weekday, c.start_minute, c.id) > (${weekday}, ${start}, ${id}::uuid)`);
  }
  return query.orderBy('c.weekday').orderBy('c.start_minute').orderBy('c.id').limit(filters.limit + 1).execute();
}

export async function getAccountInYear(db: DB, id: string, year: number) {
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'first_name', 'last_name', 'profile'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!account) return undefined;
  const structures = await db
    .selectFrom('structure_members as sm')
    .innerJoin('structures as s', 's.id', 'sm.structure_id')
    .select(['s.id', 's.collectivite_id'])
    .where('sm.account_id', '=', id)
    .where('sm.school_year', '=', year)
    .execute();
  return { ...account, structures };
}

export async function getTarget(db: DB, kind: 'CLASS' | 'GROUP', id: string) {
  const table = kind === 'CLASS' ? sql`classes` : sql`groups`;
  const result = await sql<{ id: string; name: string; structure_id: string; school_year: number; collectivite_id: string }>`
    SELECT t.id, t.name, t.structure_id, t.school_year, s.collectivite_id
    FROM ${table} t JOIN structures s ON s.id = t.structure_id WHERE t.id = ${id}`.execute(db);
  return result.rows[0];
}

export async function getStructureRef(db: Executor, id: string) {
  return db.selectFrom('structures').select(['id', 'collectivite_id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function findStructureRefs(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('structures').select(['id', 'collectivite_id', 'name']).where('id', 'in', ids).execute();
}

export async function findChanges(db: DB, courseIds: readonly string[], range: { from: string; to: string }) {
  if (courseIds.length === 0) return [];
  return db
    .selectFrom('course_changes')
    .selectAll()
    .where('course_id', 'in', courseIds)
    .where((eb) => eb.or([eb.between('original_date', range.from, range.to), eb.between('new_date', range.from, range.to)]))
    .execute();
}

export async function getChange(db: Executor, courseId: string, originalDate: string) {
  return db.selectFrom('course_changes').selectAll().where('course_id', '=', courseId).where('original_date', '=', originalDate).executeTakeFirst();
}

export async function findTeachersOfCourses(db: DB, courseIds: readonly string[]) {
  if (courseIds.length === 0) return [];
  return db
    .selectFrom('course_teachers as ct')
    .innerJoin('accounts as a', 'a.id', 'ct.teacher_id')
    .select(['ct.course_id', 'a.id', 'a.first_name', 'a.last_name'])
    .where('ct.course_id', 'in', courseIds)
    .orderBy('a.last_name')
    .execute();
}

export async function findAccountNames(db: DB, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'first_name', 'last_name']).where('id', 'in', ids).execute();
}

export async function findSubjectNames(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('subjects').select(['code', 'name']).where('code', 'in', codes).execute();
}

export async function findTargetNames(db: DB, classIds: readonly string[], groupIds: readonly string[]) {
  const [classes, groups] = await Promise.all([
    classIds.length ? db.selectFrom('classes').select(['id', 'name']).where('id', 'in', classIds).execute() : [],
    groupIds.length ? db.selectFrom('groups').select(['id', 'name']).where('id', 'in', groupIds).execute() : [],
  ]);
  return { classes, groups };
}

/** Names of subjects, classes and groups of a set of courses, in one round trip (primary keys). */
export async function findCourseNames(db: DB, subjectCodes: readonly string[], classIds: readonly string[], groupIds: readonly string[]) {
  const parts = [
    ...(subjectCodes.length ? [sql`SELECT 'S' AS kind, code AS id, name FROM subjects WHERE code IN (${sql.join(subjectCodes)})`] : []),
    ...(classIds.length ? [sql`SELECT 'C' AS kind, id::text AS id, name FROM classes WHERE id IN (${sql.join(classIds)})`] : []),
    ...(groupIds.length ? [sql`SELECT 'G' AS kind, id::text AS id, name FROM groups WHERE id IN (${sql.join(groupIds)})`] : []),
  ];
  const rows = parts.length ? (await sql<{ kind: 'S' | 'C' | 'G'; id: string; name: string }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db)).rows : [];
  const of = (kind: 'S' | 'C' | 'G') => rows.filter((r) => r.kind === kind);
  return {
    subjects: of('S').map((r) => ({ code: r.id, name: r.name })),
    classes: of('C').map((r) => ({ id: r.id, name: r.name })),
    groups: of('G').map((r) => ({ id: r.id, name: r.name })),
  };
}

/** Which sessions have a cahier de textes entry, and which of those set homework. */
export async function findLessonFlags(db: DB, courseIds: readonly string[], dates: readonly string[]) {
  if (courseIds.length === 0 || dates.length === 0) return [];
  return db
    .selectFrom('lesson_entries as e')
    .leftJoin('homework as h', 'h.entry_id', 'e.id')
    .select(['e.course_id', 'e.occurrence_date', 'h.id as homework_id'])
    .where('e.course_id', 'in', courseIds)
    .where('e.occurrence_date', 'in', dates)
    .execute();
}

/** Visas of the head covering part of a date range for these classes or groups (lesson_visas by class/group index). */
export async function findVisasInRange(db: DB, classIds: readonly string[], groupIds: readonly string[], range: { from: string; to: string }) {
  if (classIds.length === 0 && groupIds.length === 0) return [];
  return db
    .selectFrom('lesson_visas')
    .select(['class_id', 'group_id', 'period_from', 'period_to'])
    .where((eb) =>
      eb.or([
        ...(classIds.length ? [eb('class_id', 'in', classIds)] : []),
        ...(groupIds.length ? [eb('group_id', 'in', groupIds)] : []),
      ]),
    )
    .where('period_from', '<=', range.to)
    .where('period_to', '>=', range.from)
    .execute();
}

export async function getSettings(db: Executor, structureId: string, year: number) {
  return db.selectFrom('timetable_settings').selectAll().where('structure_id', '=', structureId).where('school_year', '=', year).executeTakeFirst();
}

/** Teachers (ENSEIGNANT members of the year) of a structure, for forms and checks. */
export async function findStructureTeachers(db: Executor, structureId: string, year: number) {
  return db
    .selectFrom('structure_members as sm')
    .innerJoin('accounts as a', 'a.id', 'sm.account_id')
    .select(['a.id', 'a.first_name', 'a.last_name', 'a.external_id', 'a.login'])
    .where('sm.structure_id', '=', structureId)
    .where('sm.school_year', '=', year)
    .where('sm.profile', '=', 'ENSEIGNANT')
    .where('a.deleted_at', 'is', null)
    .orderBy('a.last_name')
    .execute();
}

export async function findStructureTargets(db: Executor, structureId: string, year: number) {
  const [classes, groups] = await Promise.all([
    db.selectFrom('classes').select(['id', 'name', 'code']).where('structure_id', '=', structureId).where('school_year', '=', year).orderBy('name').execute(),
    db.selectFrom('groups').select(['id', 'name', 'code']).where('structure_id', '=', structureId).where('school_year', '=', year).orderBy('name').execute(),
  ]);
  return { classes, groups };
}

/** Every subject, by name (forms, CSV keys). */
export async function findAllSubjects(db: Executor) {
  return db.selectFrom('subjects').select(['code', 'short_name', 'name']).orderBy('name').execute();
}

type CourseValues = Omit<Insertable<CoursesTable>, 'id' | 'created_at'>;

/** A new course and its teachers; returns its id. */
export async function insertCourse(trx: Executor, values: CourseValues, teacherIds: readonly string[]): Promise<string> {
  const row = await trx.insertInto('courses').values(values).returning('id').executeTakeFirstOrThrow();
  await trx.insertInto('course_teachers').values([...new Set(teacherIds)].map((teacher_id) => ({ course_id: row.id, teacher_id }))).execute();
  return row.id;
}

/** Rewrites a course and its teachers. */
export async function updateCourse(trx: Executor, id: string, values: CourseValues, teacherIds: readonly string[]): Promise<void> {
  await trx.updateTable('courses').set(values).where('id', '=', id).execute();
  await trx.deleteFrom('course_teachers').where('course_id', '=', id).execute();
  await trx.insertInto('course_teachers').values([...new Set(teacherIds)].map((teacher_id) => ({ course_id: id, teacher_id }))).execute();
}

export async function deleteCourse(trx: Executor, id: string): Promise<void> {
  await trx.deleteFrom('courses').where('id', '=', id).execute();
}

/** Whether a course has a cahier de textes entry (a legal record: the course then stays). */
export async function hasLessons(db: Executor, courseId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('lesson_entries').select('id').where('course_id', '=', courseId).limit(1).executeTakeFirst());
}

/** Removes a structure's courses of the year that have no cahier de textes entry. */
export async function deleteCoursesWithoutLessons(trx: Executor, structureId: string, year: number): Promise<void> {
  await trx
    .deleteFrom('courses')
    .where('structure_id', '=', structureId)
    .where('school_year', '=', year)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('lesson_entries as e').select('e.id').whereRef('e.course_id', '=', 'courses.id'))))
    .execute();
}

type ChangeValues = Omit<Insertable<CourseChangesTable>, 'course_id' | 'original_date'>;

/** Sets the change of one session (cancelled, moved, replaced, room, note). */
export async function upsertChange(trx: Executor, courseId: string, originalDate: string, values: ChangeValues): Promise<void> {
  await trx
    .insertInto('course_changes')
    .values({ course_id: courseId, original_date: originalDate, ...values })
    .onConflict((oc) => oc.columns(['course_id', 'original_date']).doUpdateSet(values))
    .execute();
}

export async function deleteChange(trx: Executor, courseId: string, originalDate: string): Promise<void> {
  await trx.deleteFrom('course_changes').where('course_id', '=', courseId).where('original_date', '=', originalDate).execute();
}

type SettingsValues = Omit<Insertable<TimetableSettingsTable>, 'structure_id' | 'school_year'>;

export async function upsertSettings(trx: Executor, structureId: string, year: number, values: SettingsValues): Promise<void> {
  await trx
    .insertInto('timetable_settings')
    .values({ structure_id: structureId, school_year: year, ...values })
    .onConflict((oc) => oc.columns(['structure_id', 'school_year']).doUpdateSet(values))
    .execute();
}

// ---------------------------------------------------------------- iCalendar feeds

export async function getFeedOf(db: Executor, accountId: string) {
  return db.selectFrom('ical_feeds').select('created_at').where('account_id', '=', accountId).executeTakeFirst();
}

export async function findFeedByHash(db: Executor, tokenHash: string) {
  return db.selectFrom('ical_feeds').select('account_id').where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Creates or replaces an account's feed (the old token stops working). */
export async function saveFeed(db: Executor, accountId: string, tokenHash: string, at: Date): Promise<void> {
  await db
    .insertInto('ical_feeds')
    .values({ account_id: accountId, token_hash: tokenHash, created_at: at })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ token_hash: tokenHash }))
    .execute();
}

export async function deleteFeed(db: Executor, accountId: string): Promise<void> {
  await db.deleteFrom('ical_feeds').where('account_id', '=', accountId).execute();
}

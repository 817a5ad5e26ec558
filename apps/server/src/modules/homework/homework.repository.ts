import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';

/** SQL of the cahier de textes, homework and hand-ins. */

export type Executor = Kysely<Database> | Transaction<Database>;

export interface EntryRow {
  id: string;
  course_id: string;
  occurrence_date: string;
  structure_id: string;
  author_id: string;
  author_first: string;
  author_last: string;
  title: string;
  content_html: string;
  links: Array<{ url: string; label: string }>;
  version: number;
  created_at: Date;
  updated_at: Date;
  subject_code: string;
  subject_name: string;
  start_minute: number;
  end_minute: number;
  class_id: string | null;
  group_id: string | null;
  target_name: string;
  homework_id: string | null;
  given_on: string | null;
  due_on: string | null;
  description_html: string | null;
  estimated_minutes: number | null;
  hand_in_online: boolean | null;
}

function entriesQuery(db: Executor) {
  return db
    .selectFrom('lesson_entries as e')
    .innerJoin('courses as c', 'c.id', 'e.course_id')
    .innerJoin('subjects as s', 's.code', 'c.subject_code')
    .innerJoin('accounts as a', 'a.id', 'e.author_id')
    .leftJoin('classes as cl', 'cl.id', 'c.class_id')
    .leftJoin('groups as g', 'g.id', 'c.group_id')
    .leftJoin('homework as h', 'h.entry_id', 'e.id')
    .select([
      'e.id', 'e.course_id', 'e.occurrence_date', 'e.structure_id', 'e.author_id', sql<string>`coalesce(e.author_first, a.first_name)`.as('author_first'), sql<string>`coalesce(e.author_last, a.last_name)`.as('author_last'),
      'e.title', 'e.content_html', 'e.links', 'e.version', 'e.created_at', 'e.updated_at', 'c.subject_code', 's.name as subject_name',
      'c.start_minute', 'c.end_minute', 'c.class_id', 'c.group_id', sql<string>`coalesce(cl.name, g.name)`.as('target_name'), 'h.id as homework_id', 'h.given_on', 'h.due_on',
      'h.description_html', 'h.estimated_minutes', 'h.hand_in_online',
    ]);
}

export async function getEntryByOccurrence(db: Executor, courseId: string, date: string): Promise<EntryRow | undefined> {
  return entriesQuery(db).where('e.course_id', '=', courseId).where('e.occurrence_date', '=', date).executeTakeFirst() as Promise<EntryRow | undefined>;
}

export async function getEntry(db: Executor, id: string): Promise<EntryRow | undefined> {
  return entriesQuery(db).where('e.id', '=', id).executeTakeFirst() as Promise<EntryRow | undefined>;
}

export async function findEntries(
  db: DB,
  filter: { classId?: string; groupId?: string; teacherId?: string; subjectCode?: string; courseId?: string; from: string; to: string },
): Promise<EntryRow[]> {
  let query = entriesQuery(db).where('e.occurrence_date', '>=', filter.from).where('e.occurrence_date', '<=', filter.to);
  if (filter.classId) query = query.where('c.class_id', '=', filter.classId);
  if (filter.groupId) query = query.where('c.group_id', '=', filter.groupId);
  if (filter.teacherId) query = query.where('e.author_id', '=', filter.teacherId);
  if (filter.subjectCode) query = query.where('c.subject_code', '=', filter.subjectCode);
  if (filter.courseId) query = query.where('e.course_id', '=', filter.courseId);
  return query.orderBy('e.occurrence_date').orderBy('c.start_minute').limit(1000).execute() as Promise<EntryRow[]>;
}

export async function findFiles(db: Executor, ownerType: 'ENTRY' | 'SUBMISSION' | 'RETURN', ownerIds: readonly string[]) {
  if (ownerIds.length === 0) return [];
  return db
    .selectFrom('homework_files')
    .select(['id', 'owner_id', 'filename', 'content_type', 'size', 'storage_key', 'created_at'])
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', ownerIds)
    .orderBy('created_at')
    .execute();
}

export async function getFile(db: Executor, id: string) {
  return db.selectFrom('homework_files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findVisas(db: Executor, target: { classId: string | null; groupId: string | null }) {
  let query = db
    .selectFrom('lesson_visas as v')
    .innerJoin('accounts as a', 'a.id', 'v.signed_by')
    .leftJoin('classes as cl', 'cl.id', 'v.class_id')
    .leftJoin('groups as g', 'g.id', 'v.group_id')
    .select([
      'v.id', 'v.class_id', 'v.group_id', 'v.period_from', 'v.period_to', 'v.signed_at', 'v.comment', 'v.signed_by',
      sql<string>`coalesce(v.signer_first, a.first_name)`.as('first_name'), sql<string>`coalesce(v.signer_last, a.last_name)`.as('last_name'),
      sql<string>`coalesce(cl.name, g.name)`.as('target_name'),
    ]);
  query = target.classId ? query.where('v.class_id', '=', target.classId) : query.where('v.group_id', '=', target.groupId);
  return query.orderBy('v.period_from').execute();
}

/** Students (ELEVE, not deleted) of a class or group. */
export async function findStudentsOf(db: Executor, target: { class_id: string | null; group_id: string | null }) {
  const members = target.class_id
    ? db.selectFrom('class_members').select('account_id').where('class_id', '=', target.class_id)
    : db.selectFrom('group_members').select('account_id').where('group_id', '=', target.group_id!);
  return db
    .selectFrom('accounts')
    .select(['id', 'first_name', 'last_name'])
    .where('id', 'in', members)
    .where('profile', '=', 'ELEVE')
    .where('deleted_at', 'is', null)
    .orderBy('last_name')
    .orderBy('first_name')
    .execute();
}

export async function findParentsOf(db: Executor, studentIds: readonly string[]): Promise<string[]> {
  if (studentIds.length === 0) return [];
  const rows = await db.selectFrom('parent_links').select('parent_id').where('child_id', 'in', studentIds).execute();
  return rows.map((r) => r.parent_id);
}

/** Homework of a student's classes and groups due in a range, with the course and teacher names. */
export async function findHomeworkForStudent(db: DB, studentId: string, year: number, range: { from: string; to: string }) {
  return db
    .selectFrom('homework as h')
    .innerJoin('lesson_entries as e', 'e.id', 'h.entry_id')
    .innerJoin('courses as c', 'c.id', 'h.course_id')
    .innerJoin('subjects as s', 's.code', 'c.subject_code')
    .innerJoin('accounts as a', 'a.id', 'e.author_id')
    .leftJoin('classes as cl', 'cl.id', 'h.class_id')
    .leftJoin('groups as g', 'g.id', 'h.group_id')
    .leftJoin('homework_done as d', (j) => j.onRef('d.homework_id', '=', 'h.id').on('d.student_id', '=', studentId))
    .leftJoin('submissions as sub', (j) => j.onRef('sub.homework_id', '=', 'h.id').on('sub.student_id', '=', studentId))
    .select([
      'h.id', 'h.entry_id', 'h.course_id', 'h.class_id', 'h.group_id', 'h.given_on', 'h.due_on', 'h.description_html', 'h.estimated_minutes',
      'h.hand_in_online', 's.name as subject_name', 'a.id as teacher_id', sql<string>`coalesce(e.author_first, a.first_name)`.as('first_name'), sql<string>`coalesce(e.author_last, a.last_name)`.as('last_name'),
      sql<string>`coalesce(cl.name, g.name)`.as('target_name'), 'd.done_at', 'sub.id as submission_id',
    ])
    .where('c.school_year', '=', year)
    .where('h.due_on', '>=', range.from)
    .where('h.due_on', '<=', range.to)
    // = ANY(ARRAY(…)) makes the student's classes and groups values, so the
    // (class_id, due_on) and (group_id, due_on) indexes serve; with IN (subquery)
    // inside OR the planner scanned every homework of the region (0.4 s at 1M accounts).
    .where((eb) =>
      eb.or([
        sql<boolean>`h.class_id = ANY(ARRAY(SELECT class_id FROM class_members WHERE account_id = ${studentId}))`,
        sql<boolean>`h.group_id = ANY(ARRAY(SELECT group_id FROM group_members WHERE account_id = ${studentId}))`,
      ]),
    )
    .orderBy('h.due_on')
    .orderBy('s.name')
    .execute();
}

export async function getHomework(db: Executor, id: string) {
  return db
    .selectFrom('homework as h')
    .innerJoin('lesson_entries as e', 'e.id', 'h.entry_id')
    .innerJoin('courses as c', 'c.id', 'h.course_id')
    .innerJoin('subjects as s', 's.code', 'c.subject_code')
    .innerJoin('accounts as a', 'a.id', 'e.author_id')
    .leftJoin('classes as cl', 'cl.id', 'h.class_id')
    .leftJoin('groups as g', 'g.id', 'h.group_id')
    .select([
      'h.id', 'h.entry_id', 'h.course_id', 'h.class_id', 'h.group_id', 'h.given_on', 'h.due_on', 'h.description_html', 'h.estimated_minutes',
      'h.hand_in_online', 's.name as subject_name', 'a.id as teacher_id', sql<string>`coalesce(e.author_first, a.first_name)`.as('first_name'), sql<string>`coalesce(e.author_last, a.last_name)`.as('last_name'), 'c.structure_id',
      sql<string>`coalesce(cl.name, g.name)`.as('target_name'),
    ])
    .where('h.id', '=', id)
    .executeTakeFirst();
}
export type HomeworkRow = NonNullable<Awaited<ReturnType<typeof getHomework>>>;

export async function findSubmissions(db: Executor, homeworkId: string) {
  return db.selectFrom('submissions').selectAll().where('homework_id', '=', homeworkId).execute();
}

export async function findSubmissionsByIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('submissions').selectAll().where('id', 'in', ids).execute();
}

export async function getSubmission(db: Executor, id: string) {
  return db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getSubmissionOf(db: Executor, homeworkId: string, studentId: string) {
  return db.selectFrom('submissions').selectAll().where('homework_id', '=', homeworkId).where('student_id', '=', studentId).executeTakeFirst();
}

/**
 * The visa that covers a session of a class or group, if any (served by the
 * (class_id, period_from) / (group_id, period_from) indexes).
 */
export async function findVisaCovering(db: Executor, target: { class_id: string | null; group_id: string | null }, date: string) {
  let query = db.selectFrom('lesson_visas').select(['id', 'period_from', 'period_to']).where('period_from', '<=', date).where('period_to', '>=', date);
  query = target.class_id ? query.where('class_id', '=', target.class_id) : query.where('group_id', '=', target.group_id);
  return query.limit(1).executeTakeFirst();
}

/** The classes and groups of some students in a school year, per student. */
export async function findClassesOfStudents(db: Executor, studentIds: readonly string[], year: number) {
  if (studentIds.length === 0) return [];
  const classes = db
    .selectFrom('class_members as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.account_id', 'c.id', 'c.name', sql<'CLASS' | 'GROUP'>`'CLASS'`.as('kind')])
    .where('m.account_id', 'in', studentIds)
    .where('c.school_year', '=', year);
  const groups = db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.account_id', 'g.id', 'g.name', sql<'CLASS' | 'GROUP'>`'GROUP'`.as('kind')])
    .where('m.account_id', 'in', studentIds)
    .where('g.school_year', '=', year)
    .where('g.kind', '=', 'TEACHING');
  return classes.unionAll(groups).orderBy('kind').orderBy('name').execute();
}

/** The courses a teacher teaches (every school year), with the number of entries he wrote in each. */
export async function findCoursesOfTeacher(db: Executor, teacherId: string) {
  return db
    .selectFrom('course_teachers as ct')
    .innerJoin('courses as c', 'c.id', 'ct.course_id')
    .innerJoin('subjects as s', 's.code', 'c.subject_code')
    .leftJoin('classes as cl', 'cl.id', 'c.class_id')
    .leftJoin('groups as g', 'g.id', 'c.group_id')
    .select((eb) => [
      'c.id', 'c.school_year', 'c.class_id', 'c.group_id', 'c.weekday', 'c.start_minute', 's.name as subject_name',
      sql<string>`coalesce(cl.name, g.name)`.as('target_name'),
      eb
        .selectFrom('lesson_entries as e')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('e.course_id', '=', 'c.id')
        .where('e.author_id', '=', teacherId)
        .as('entry_count'),
    ])
    .where('ct.teacher_id', '=', teacherId)
    .orderBy('c.school_year', 'desc')
    .orderBy('s.name')
    .orderBy(sql`coalesce(cl.name, g.name)`)
    .orderBy('c.weekday')
    .orderBy('c.start_minute')
    .limit(500)
    .execute();
}

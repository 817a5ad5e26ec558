import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { StaffFunction } from '@preau/contracts';
import type { Database } from '../../platform/db/schema.ts';

/**
 * SQL of "who is linked to whom" in a school, written once (see relations.ts):
 * same class or group, teaches the class (or is its professeur principal),
 * parent of, teaches a course, replaces a teacher on a date, professeur
 * principal of, a student's class of the year. The annuaire, the orientation,
 * the messagerie, the cahier de textes and the timetable ask here.
 *
 * Functions ending in `Sql` return subqueries (one id column) that other
 * repositories compose into their own statement, so a search stays one query
 * that starts from the account's own rows; the others answer by themselves.
 */

type Executor = Kysely<Database> | Transaction<Database>;
type Ids = RawBuilder<unknown>;

// ---------------------------------------------------------------- classes and groups of one account

/** Classes of the year the account is a member of (a student's class). */
export function classesAttendedSql(accountId: string, year: number): Ids {
  return sql`SELECT cm.class_id FROM class_members cm JOIN classes c ON c.id = cm.class_id AND c.school_year = ${year}
    WHERE cm.account_id = ${accountId}`;
}

/** Groups of the year the account is a member of. */
export function groupsAttendedSql(accountId: string, year: number): Ids {
  return sql`SELECT gm.group_id FROM group_members gm JOIN groups g ON g.id = gm.group_id AND g.school_year = ${year}
    WHERE gm.account_id = ${accountId}`;
}

/** Classes of the year the account teaches or is professeur principal of (a PP counts as a teacher of his class). */
export function classesTaughtSql(accountId: string, year: number): Ids {
  return sql`SELECT t.class_id FROM teachings t JOIN classes c ON c.id = t.class_id AND c.school_year = ${year} WHERE t.teacher_id = ${accountId}
    UNION SELECT cp.class_id FROM class_principals cp JOIN classes c ON c.id = cp.class_id AND c.school_year = ${year} WHERE cp.teacher_id = ${accountId}`;
}

/** Groups of the year the account teaches. */
export function groupsTaughtSql(accountId: string, year: number): Ids {
  return sql`SELECT t.group_id FROM teachings t JOIN groups g ON g.id = t.group_id AND g.school_year = ${year} WHERE t.teacher_id = ${accountId}`;
}

/** Classes of the year a child of the account is in. */
export function classesOfChildrenSql(accountId: string, year: number): Ids {
  return sql`SELECT cm.class_id FROM parent_links pl JOIN class_members cm ON cm.account_id = pl.child_id
    JOIN classes c ON c.id = cm.class_id AND c.school_year = ${year} WHERE pl.parent_id = ${accountId}`;
}

/** Groups of the year a child of the account is in. */
export function groupsOfChildrenSql(accountId: string, year: number): Ids {
  return sql`SELECT gm.group_id FROM parent_links pl JOIN group_members gm ON gm.account_id = pl.child_id
    JOIN groups g ON g.id = gm.group_id AND g.school_year = ${year} WHERE pl.parent_id = ${accountId}`;
}

// ---------------------------------------------------------------- accounts linked to classes and groups

/** Members of some classes. */
export function membersOfClassesSql(classIds: Ids): Ids {
  return sql`SELECT cm.account_id FROM class_members cm WHERE cm.class_id IN (${classIds})`;
}

/** Members of some groups. */
export function membersOfGroupsSql(groupIds: Ids): Ids {
  return sql`SELECT gm.account_id FROM group_members gm WHERE gm.group_id IN (${groupIds})`;
}

/** Teachers of some classes: those who teach there and the professeurs principaux. */
export function teachersOfClassesSql(classIds: Ids): Ids {
  return sql`SELECT t.teacher_id FROM teachings t WHERE t.class_id IN (${classIds})
    UNION SELECT cp.teacher_id FROM class_principals cp WHERE cp.class_id IN (${classIds})`;
}

/** Teachers of some groups. */
export function teachersOfGroupsSql(groupIds: Ids): Ids {
  return sql`SELECT t.teacher_id FROM teachings t WHERE t.group_id IN (${groupIds})`;
}

/** Parents of some accounts. */
export function parentsOfSql(childIds: Ids): Ids {
  return sql`SELECT pl.parent_id FROM parent_links pl WHERE pl.child_id IN (${childIds})`;
}

/** Parents of one account. */
export function parentsOfAccountSql(accountId: string): Ids {
  return sql`SELECT pl.parent_id FROM parent_links pl WHERE pl.child_id = ${accountId}`;
}

/** Children of one account. */
export function childrenOfSql(accountId: string): Ids {
  return sql`SELECT pl.child_id FROM parent_links pl WHERE pl.parent_id = ${accountId}`;
}

/** Which links `linkedAccountsSql` follows. */
export interface LinkKinds {
  /** Members of the classes (and, with `groupmates`, groups) he is in. */
  classmates: boolean;
  groupmates: boolean;
  /** Teachers and professeurs principaux of his classes, teachers of his groups. */
  hisTeachers: boolean;
  /** His parents and his children. */
  family: boolean;
  /** Members of the classes and groups he teaches (or is PP of), of his children's, and their parents. */
  taught: boolean;
}

/**
 * The accounts linked to one account this year, following the chosen kinds
 * of links (blocked and deleted ones are the caller's to filter). The
 * annuaire shows a student a narrower set than the messagerie lets anyone
 * write to; both are built from these same pieces.
 */
export function linkedAccountsSql(accountId: string, year: number, kinds: LinkKinds): Ids {
  const attendedClasses = classesAttendedSql(accountId, year);
  const attendedGroups = groupsAttendedSql(accountId, year);
  const parts: Ids[] = [];
  if (kinds.classmates) parts.push(membersOfClassesSql(attendedClasses));
  if (kinds.groupmates) parts.push(membersOfGroupsSql(attendedGroups));
  if (kinds.hisTeachers) parts.push(teachersOfClassesSql(attendedClasses), teachersOfGroupsSql(attendedGroups));
  if (kinds.family) parts.push(parentsOfAccountSql(accountId), childrenOfSql(accountId));
  if (kinds.taught) {
    const classes = sql`${classesTaughtSql(accountId, year)} UNION ${classesOfChildrenSql(accountId, year)}`;
    const groups = sql`${groupsTaughtSql(accountId, year)} UNION ${groupsOfChildrenSql(accountId, year)}`;
    parts.push(
      membersOfClassesSql(classes),
      teachersOfClassesSql(classes),
      membersOfGroupsSql(groups),
      teachersOfGroupsSql(groups),
      parentsOfSql(membersOfClassesSql(classesTaughtSql(accountId, year))),
      parentsOfSql(membersOfGroupsSql(groupsTaughtSql(accountId, year))),
    );
  }
  if (parts.length === 0) return sql`SELECT NULL::uuid WHERE FALSE`;
  return sql.join(parts, sql` UNION `);
}

/** Rows (account_id, class_id): the classes each account is in, teaches or is professeur principal of. */
export function classLinksSql(accountIds: readonly string[]): RawBuilder<unknown> {
  const ids = sql.join(accountIds);
  return sql`SELECT cm.account_id, cm.class_id FROM class_members cm WHERE cm.account_id IN (${ids})
    UNION SELECT t.teacher_id, t.class_id FROM teachings t WHERE t.teacher_id IN (${ids}) AND t.class_id IS NOT NULL
    UNION SELECT cp.teacher_id, cp.class_id FROM class_principals cp WHERE cp.teacher_id IN (${ids})`;
}

// ---------------------------------------------------------------- parents and children

/** The children of a parent (not deleted), by first name. */
export async function findChildren(db: Executor, parentId: string) {
  return db
    .selectFrom('parent_links as pl')
    .innerJoin('accounts as a', 'a.id', 'pl.child_id')
    .select(['a.id', 'a.first_name', 'a.last_name'])
    .where('pl.parent_id', '=', parentId)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.first_name')
    .execute();
}

export async function isParentOf(db: Executor, parentId: string, childId: string): Promise<boolean> {
  const row = await db.selectFrom('parent_links').select('child_id').where('parent_id', '=', parentId).where('child_id', '=', childId).executeTakeFirst();
  return Boolean(row);
}

/** The parents of some students (ids, possibly repeated when siblings share a parent). */
export async function findParentIds(db: Executor, studentIds: readonly string[]): Promise<string[]> {
  if (studentIds.length === 0) return [];
  const rows = await db.selectFrom('parent_links').select('parent_id').where('child_id', 'in', studentIds).execute();
  return rows.map((r) => r.parent_id);
}

/** The students of a structure in a school year (not deleted) and their parents (not deleted): who a structure's calendar is told to. */
export async function findStudentsAndParentsOf(db: Executor, structureId: string, schoolYear: number): Promise<string[]> {
  const students = db
    .selectFrom('structure_members as sm')
    .innerJoin('accounts as a', 'a.id', 'sm.account_id')
    .select('a.id')
    .where('sm.structure_id', '=', structureId)
    .where('sm.school_year', '=', schoolYear)
    .where('sm.profile', '=', 'ELEVE')
    .where('a.deleted_at', 'is', null);
  const rows = await students
    .union(
      db
        .selectFrom('parent_links as pl')
        .innerJoin('accounts as p', 'p.id', 'pl.parent_id')
        .select('p.id')
        .where('pl.child_id', 'in', students)
        .where('p.deleted_at', 'is', null),
    )
    .execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------- professeurs principaux

/** True when the teacher is a professeur principal of the class. */
export async function isPrincipalOfClass(db: Executor, teacherId: string, classId: string): Promise<boolean> {
  const row = await db.selectFrom('class_principals').select('class_id').where('teacher_id', '=', teacherId).where('class_id', '=', classId).executeTakeFirst();
  return row !== undefined;
}

/** The classes of the school year the teacher is professeur principal of, with their number of students. */
export async function findPrincipalClasses(db: Executor, teacherId: string, schoolYear: number) {
  return findClassesWithStudentCount(db, { teacherId }, schoolYear);
}

/** Every class of these structures in a school year, with its number of students (a school has a few dozen). */
export async function findClassesOfStructures(db: Executor, structureIds: readonly string[], schoolYear: number) {
  if (structureIds.length === 0) return [];
  return findClassesWithStudentCount(db, { structureIds }, schoolYear);
}

function findClassesWithStudentCount(db: Executor, scope: { teacherId: string } | { structureIds: readonly string[] }, schoolYear: number) {
  return db
    .selectFrom('classes as c')
    .select((eb) => [
      'c.id',
      'c.name',
      eb
        .selectFrom('class_members as cm')
        .innerJoin('accounts as a', 'a.id', 'cm.account_id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('cm.class_id', '=', 'c.id')
        .where('a.profile', '=', 'ELEVE')
        .where('a.deleted_at', 'is', null)
        .as('student_count'),
    ])
    .where((eb) =>
      'teacherId' in scope
        ? eb.exists(eb.selectFrom('class_principals as cp').select('cp.class_id').whereRef('cp.class_id', '=', 'c.id').where('cp.teacher_id', '=', scope.teacherId))
        : eb('c.structure_id', 'in', [...scope.structureIds]),
    )
    .where('c.school_year', '=', schoolYear)
    .orderBy('c.name')
    .execute();
}

// ---------------------------------------------------------------- memberships

/** A student of a school year: his structure (with its collectivité) and his class there, if any. */
export interface StudentOfYear {
  id: string;
  first_name: string;
  last_name: string;
  structure_id: string;
  collectivite_id: string;
  class_id: string | null;
  class_name: string | null;
}

/** A student (ELEVE, not deleted) with his structure and class of the school year, or undefined. */
export async function getStudentOfYear(db: Executor, studentId: string, schoolYear: number): Promise<StudentOfYear | undefined> {
  return db
    .selectFrom('accounts as a')
    .innerJoin('structure_members as sm', (j) => j.onRef('sm.account_id', '=', 'a.id').on('sm.school_year', '=', schoolYear))
    .innerJoin('structures as s', 's.id', 'sm.structure_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('class_members as cm')
          .innerJoin('classes as c', 'c.id', 'cm.class_id')
          .select(['cm.account_id', 'c.id as class_id', 'c.name as class_name', 'c.structure_id'])
          .where('cm.account_id', '=', studentId)
          .where('c.school_year', '=', schoolYear)
          .as('k'),
      (j) => j.onRef('k.account_id', '=', 'a.id').onRef('k.structure_id', '=', 's.id'),
    )
    .select(['a.id', 'a.first_name', 'a.last_name', 's.id as structure_id', 's.collectivite_id', 'k.class_id', 'k.class_name'])
    .where('a.id', '=', studentId)
    .where('a.profile', '=', 'ELEVE')
    .where('a.deleted_at', 'is', null)
    .orderBy('k.class_id')
    .executeTakeFirst();
}

/** The UAIs of some structures (those an account is a member of, to place him on a map). */
export async function findStructureUais(db: Executor, structureIds: readonly string[]): Promise<string[]> {
  if (structureIds.length === 0) return [];
  const rows = await db.selectFrom('structures').select('uai').where('id', 'in', structureIds).orderBy('uai').execute();
  return rows.map((r) => r.uai);
}

/** The structures an account is or was a member of (any school year), with their collectivité. */
export async function findStructuresOf(db: Executor, accountId: string) {
  return db
    .selectFrom('structure_members as sm')
    .innerJoin('structures as s', 's.id', 'sm.structure_id')
    .select(['s.id', 's.collectivite_id'])
    .distinct()
    .where('sm.account_id', '=', accountId)
    .execute();
}

/** The classes and groups of the year an account is a member of. */
export async function findMembershipsOf(db: Executor, accountId: string, year: number) {
  const [classes, groups] = await Promise.all([
    db
      .selectFrom('class_members as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .select(['c.id', 'c.name', 'c.structure_id'])
      .where('m.account_id', '=', accountId)
      .where('c.school_year', '=', year)
      .execute(),
    db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select(['g.id', 'g.name', 'g.structure_id'])
      .where('m.account_id', '=', accountId)
      .where('g.school_year', '=', year)
      .execute(),
  ]);
  return { classes, groups };
}

/** The classes and teaching groups of some students in a school year, per student. */
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

/** A class or a group, as courses and homework name it. */
export interface TargetRef {
  class_id: string | null;
  group_id: string | null;
}

function membersOfTarget(target: TargetRef): Ids {
  return target.class_id
    ? sql`SELECT account_id FROM class_members WHERE class_id = ${target.class_id}`
    : sql`SELECT account_id FROM group_members WHERE group_id = ${target.group_id}`;
}

/** Students (ELEVE, not deleted) of a class or group, by name. */
export async function findStudentsOf(db: Executor, target: TargetRef) {
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
    .orderBy('id')
    .execute();
}

/** How an account relates to a class or group: member of it, or parent of a member. */
export async function findTargetLinks(db: Executor, accountId: string, target: TargetRef): Promise<{ learner: boolean; parent: boolean }> {
  const members = membersOfTarget(target);
  const result = await sql<{ learner: boolean; parent: boolean }>`
    SELECT ${accountId}::uuid IN (${members}) AS learner,
      EXISTS (SELECT 1 FROM parent_links WHERE parent_id = ${accountId} AND child_id IN (${members})) AS parent`.execute(db);
  return result.rows[0] ?? { learner: false, parent: false };
}

// ---------------------------------------------------------------- courses

/** How an account relates to one course; `replacedDates`: the sessions (original dates) he replaces its teacher on. */
export interface CourseLinks {
  teacher: boolean;
  learner: boolean;
  parent: boolean;
  replacedDates: string[];
}

/** The links of an account to some courses, in one query (a listing asks once for all its courses). */
export async function findCourseLinks(db: Executor, accountId: string, courseIds: readonly string[]): Promise<Map<string, CourseLinks>> {
  if (courseIds.length === 0) return new Map();
  const inTarget = (who: RawBuilder<unknown>) => sql<boolean>`(
    EXISTS (SELECT 1 FROM class_members m WHERE m.class_id = c.class_id AND m.account_id = ${who})
    OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = c.group_id AND m.account_id = ${who}))`;
  const result = await sql<{ id: string } & CourseLinks>`
    SELECT c.id,
      EXISTS (SELECT 1 FROM course_teachers ct WHERE ct.course_id = c.id AND ct.teacher_id = ${accountId}) AS teacher,
      ${inTarget(sql`${accountId}::uuid`)} AS learner,
      EXISTS (SELECT 1 FROM parent_links pl WHERE pl.parent_id = ${accountId} AND ${inTarget(sql`pl.child_id`)}) AS parent,
      ARRAY(SELECT to_char(cc.original_date, 'YYYY-MM-DD') FROM course_changes cc
        WHERE cc.course_id = c.id AND cc.replacement_teacher_id = ${accountId} ORDER BY 1) AS "replacedDates"
    FROM courses c WHERE c.id IN (${sql.join(courseIds)})`.execute(db);
  return new Map(result.rows.map(({ id, ...links }) => [id, links]));
}

/** Courses of the year a teacher gives, and those where he replaces someone on a date of the range. */
export function coursesOfTeacherSql(teacherId: string, range: { from: string; to: string }): Ids {
  return sql`SELECT ct.course_id FROM course_teachers ct WHERE ct.teacher_id = ${teacherId}
    UNION SELECT cc.course_id FROM course_changes cc WHERE cc.replacement_teacher_id = ${teacherId}
      AND (cc.original_date BETWEEN ${range.from} AND ${range.to} OR cc.new_date BETWEEN ${range.from} AND ${range.to})`;
}

/** Accounts concerned by a course: its students, their parents, its teachers. */
export async function findCourseAudience(db: Executor, course: TargetRef & { id: string }): Promise<string[]> {
  const members = membersOfTarget(course);
  const result = await sql<{ id: string }>`
    SELECT account_id AS id FROM (${members}) m
    UNION ${parentsOfSql(members)}
    UNION SELECT teacher_id FROM course_teachers WHERE course_id = ${course.id}`.execute(db);
  return result.rows.map((r) => r.id);
}

// ---------------------------------------------------------------- teachings by subject (evaluations)

/** The classes and groups of the year a teacher teaches, each with the subject and the structure. */
export async function findTeachingsOf(db: Executor, teacherId: string, year: number) {
  const result = await sql<{ kind: 'CLASS' | 'GROUP'; id: string; name: string; structure_id: string; subject_code: string; subject_name: string }>`
    SELECT 'CLASS' AS kind, c.id, c.name, c.structure_id, t.subject_code, COALESCE(s.name, t.subject_code) AS subject_name
      FROM teachings t JOIN classes c ON c.id = t.class_id AND c.school_year = ${year} LEFT JOIN subjects s ON s.code = t.subject_code
      WHERE t.teacher_id = ${teacherId}
    UNION
    SELECT 'GROUP', g.id, g.name, g.structure_id, t.subject_code, COALESCE(s.name, t.subject_code)
      FROM teachings t JOIN groups g ON g.id = t.group_id AND g.school_year = ${year} LEFT JOIN subjects s ON s.code = t.subject_code
      WHERE t.teacher_id = ${teacherId}
    ORDER BY 3, 6 LIMIT 200`.execute(db);
  return result.rows;
}

/** True when the teacher teaches this class or group in this subject. */
export async function teachesInSubject(db: Executor, teacherId: string, target: TargetRef, subjectCode: string): Promise<boolean> {
  let query = db.selectFrom('teachings').select('id').where('teacher_id', '=', teacherId).where('subject_code', '=', subjectCode);
  query = target.class_id ? query.where('class_id', '=', target.class_id) : query.where('group_id', '=', target.group_id);
  return (await query.executeTakeFirst()) !== undefined;
}

/** How an account stands to a student's schooling this year: teaches one of his classes or groups; professeur principal of his class. */
export async function findTeamLinksToStudent(db: Executor, accountId: string, studentId: string, year: number): Promise<{ teacher: boolean; principal: boolean }> {
  const result = await sql<{ teacher: boolean; principal: boolean }>`
    SELECT EXISTS (SELECT 1 FROM teachings t WHERE t.teacher_id = ${accountId}
        AND (t.class_id IN (${classesAttendedSql(studentId, year)}) OR t.group_id IN (${groupsAttendedSql(studentId, year)}))) AS teacher,
      EXISTS (SELECT 1 FROM class_principals cp WHERE cp.teacher_id = ${accountId}
        AND cp.class_id IN (${classesAttendedSql(studentId, year)})) AS principal`.execute(db);
  return result.rows[0] ?? { teacher: false, principal: false };
}

/** True when the teacher teaches the student (one of his classes or groups of the year) in this subject. */
export async function teachesStudentInSubject(db: Executor, teacherId: string, studentId: string, subjectCode: string, year: number): Promise<boolean> {
  const result = await sql<{ yes: boolean }>`
    SELECT EXISTS (SELECT 1 FROM teachings t WHERE t.teacher_id = ${teacherId} AND t.subject_code = ${subjectCode}
      AND (t.class_id IN (${classesAttendedSql(studentId, year)}) OR t.group_id IN (${groupsAttendedSql(studentId, year)}))) AS yes`.execute(db);
  return result.rows[0]?.yes ?? false;
}

// ---------------------------------------------------------------- staff by function

/** The staff (PERSONNEL, not deleted) of a structure in a school year whose function is one of these: who a structure's vie scolaire alerts go to. */
export async function findStaffWithFunctions(db: Executor, structureId: string, schoolYear: number, functions: readonly StaffFunction[]): Promise<string[]> {
  if (functions.length === 0) return [];
  const rows = await db
    .selectFrom('structure_members as sm')
    .innerJoin('accounts as a', 'a.id', 'sm.account_id')
    .select('a.id')
    .where('sm.structure_id', '=', structureId)
    .where('sm.school_year', '=', schoolYear)
    .where('sm.profile', '=', 'PERSONNEL')
    .where('a.staff_function', 'in', functions)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.id')
    .execute();
  return rows.map((r) => r.id);
}

import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { PeriodKind, SpecialMark } from '../../platform/db/schema-evaluations.ts';
import { classesAttendedSql, groupsAttendedSql, type TargetRef } from '../directory/relations.repository.ts';

/**
 * SQL of the evaluations module: periods of a structure and school year,
 * evaluations of a class or group, their marks, appreciations. Every query is
 * scoped by the structure and school year, or starts from an evaluation or a
 * period the service has already authorized.
 */

type Executor = Kysely<Database> | Transaction<Database>;

/** A structure with its collectivité (what `can` needs). */
export async function getStructureWithOwner(db: Executor, structureId: string) {
  return db.selectFrom('structures').select(['id', 'name', 'collectivite_id']).where('id', '=', structureId).executeTakeFirst();
}

// ---------------------------------------------------------------- periods

const periodColumns = [
  'p.id',
  'p.structure_id',
  'p.school_year',
  'p.kind',
  'p.rank',
  'p.starts_on',
  'p.ends_on',
  'p.entry_closes_on',
  'p.council_on',
  'p.bulletins_published_at',
] as const;

/** The periods of a structure for a school year, in order. */
export async function findPeriods(db: Executor, structureId: string, schoolYear: number) {
  return db
    .selectFrom('evaluation_periods as p')
    .select(periodColumns)
    .where('p.structure_id', '=', structureId)
    .where('p.school_year', '=', schoolYear)
    .orderBy('p.rank')
    .limit(3)
    .execute();
}
export type PeriodRow = Awaited<ReturnType<typeof findPeriods>>[number];

/** One period with its structure's collectivité. */
export async function getPeriod(db: Executor, periodId: string) {
  return db
    .selectFrom('evaluation_periods as p')
    .innerJoin('structures as s', 's.id', 'p.structure_id')
    .select([...periodColumns, 's.collectivite_id', 's.name as structure_name', 's.uai', 's.type as structure_type'])
    .where('p.id', '=', periodId)
    .executeTakeFirst();
}

/** Ranks of the structure's periods that have evaluations (they may not be removed). */
export async function findUsedPeriodRanks(db: Executor, structureId: string, schoolYear: number): Promise<number[]> {
  const rows = await db
    .selectFrom('evaluation_periods as p')
    .select('p.rank')
    .where('p.structure_id', '=', structureId)
    .where('p.school_year', '=', schoolYear)
    .where((eb) => eb.exists(eb.selectFrom('evaluations as e').select('e.id').whereRef('e.period_id', '=', 'p.id')))
    .execute();
  return rows.map((r) => r.rank);
}

export interface PeriodValues {
  startsOn: string;
  endsOn: string;
  entryClosesOn: string;
  councilOn: string;
}

/** Sets the periods (rank 1…n, updated in place so evaluations keep theirs) and removes those beyond n. */
export async function replacePeriods(trx: Executor, structureId: string, schoolYear: number, kind: PeriodKind, periods: readonly PeriodValues[]) {
  await trx
    .deleteFrom('evaluation_periods')
    .where('structure_id', '=', structureId)
    .where('school_year', '=', schoolYear)
    .where('rank', '>', periods.length)
    .execute();
  for (const [index, p] of periods.entries()) {
    const values = { kind, starts_on: p.startsOn, ends_on: p.endsOn, entry_closes_on: p.entryClosesOn, council_on: p.councilOn };
    await trx
      .insertInto('evaluation_periods')
      .values({ structure_id: structureId, school_year: schoolYear, rank: index + 1, ...values })
      .onConflict((oc) => oc.columns(['structure_id', 'school_year', 'rank']).doUpdateSet(values))
      .execute();
  }
}

/** Marks the period's bulletins published (once: the first date is kept). Returns true when it changed. */
export async function markBulletinsPublished(trx: Executor, periodId: string, at: Date): Promise<boolean> {
  const result = await trx
    .updateTable('evaluation_periods')
    .set({ bulletins_published_at: at })
    .where('id', '=', periodId)
    .where('bulletins_published_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------- evaluations

export interface NewEvaluation {
  structureId: string;
  schoolYear: number;
  periodId: string;
  teacherId: string;
  teacherName: string;
  target: TargetRef;
  subjectCode: string;
  title: string;
  givenOn: string;
  outOf: number;
  rescale: boolean;
  coefficient: number;
  competences: string[];
}

export async function insertEvaluation(trx: Executor, e: NewEvaluation): Promise<string> {
  const row = await trx
    .insertInto('evaluations')
    .values({
      structure_id: e.structureId,
      school_year: e.schoolYear,
      period_id: e.periodId,
      teacher_id: e.teacherId,
      teacher_name: e.teacherName,
      class_id: e.target.class_id,
      group_id: e.target.group_id,
      subject_code: e.subjectCode,
      title: e.title,
      given_on: e.givenOn,
      out_of: e.outOf,
      rescale: e.rescale,
      coefficient: e.coefficient,
      competences: JSON.stringify(e.competences),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function evaluationsQuery(db: Executor) {
  return db
    .selectFrom('evaluations as e')
    .innerJoin('structures as s', 's.id', 'e.structure_id')
    .leftJoin('classes as c', 'c.id', 'e.class_id')
    .leftJoin('groups as g', 'g.id', 'e.group_id')
    .leftJoin('subjects as sub', 'sub.code', 'e.subject_code')
    .select([
      'e.id',
      'e.structure_id',
      's.collectivite_id',
      'e.school_year',
      'e.period_id',
      'e.teacher_id',
      'e.teacher_name',
      'e.class_id',
      'e.group_id',
      'e.subject_code',
      'e.title',
      'e.given_on',
      'e.out_of',
      'e.rescale',
      'e.coefficient',
      'e.competences',
      'e.published_at',
      sql<string>`COALESCE(c.name, g.name)`.as('target_name'),
      sql<string>`COALESCE(sub.name, e.subject_code)`.as('subject_name'),
    ]);
}
export type EvaluationRow = NonNullable<Awaited<ReturnType<typeof getEvaluation>>>;

/** One evaluation with its structure's collectivité, the class or group's name and the subject's name. */
export async function getEvaluation(db: Executor, evaluationId: string) {
  return evaluationsQuery(db).where('e.id', '=', evaluationId).executeTakeFirst();
}

/** The evaluations of a class or group in a subject and period, by date (bounded: a period holds a few dozen). */
export async function findEvaluationsOfTarget(db: Executor, periodId: string, target: TargetRef, subjectCode: string) {
  let query = evaluationsQuery(db).where('e.period_id', '=', periodId).where('e.subject_code', '=', subjectCode);
  query = target.class_id ? query.where('e.class_id', '=', target.class_id) : query.where('e.group_id', '=', target.group_id);
  return query.orderBy('e.given_on').orderBy('e.created_at').limit(200).execute();
}

/**
 * The evaluations of a period that concern a student: those of his classes
 * and groups of the year (published ones only when asked).
 */
export async function findEvaluationsOfStudent(db: Executor, studentId: string, periodId: string, schoolYear: number, publishedOnly: boolean) {
  let query = evaluationsQuery(db)
    .where('e.period_id', '=', periodId)
    .where((eb) =>
      eb.or([
        eb('e.class_id', 'in', sql<string>`(${classesAttendedSql(studentId, schoolYear)})`),
        eb('e.group_id', 'in', sql<string>`(${groupsAttendedSql(studentId, schoolYear)})`),
      ]),
    );
  if (publishedOnly) query = query.where('e.published_at', 'is not', null);
  return query.orderBy('subject_name').orderBy('e.given_on').orderBy('e.created_at').limit(1000).execute();
}

/** Marks the evaluation published. Returns true when it changed (so a second click tells nobody again). */
export async function markEvaluationPublished(trx: Executor, evaluationId: string, at: Date): Promise<boolean> {
  const result = await trx
    .updateTable('evaluations')
    .set({ published_at: at })
    .where('id', '=', evaluationId)
    .where('published_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------- marks

export interface MarkRow {
  evaluation_id: string;
  student_id: string;
  value: number | null;
  special: SpecialMark | null;
  levels: (number | null)[];
}

/** The marks of some evaluations (every student's). */
export async function findMarksOf(db: Executor, evaluationIds: readonly string[]): Promise<MarkRow[]> {
  if (evaluationIds.length === 0) return [];
  return db
    .selectFrom('evaluation_marks')
    .select(['evaluation_id', 'student_id', 'value', 'special', 'levels'])
    .where('evaluation_id', 'in', evaluationIds)
    .execute();
}

/** Writes marks (one row per student; an empty cell removes the row). */
export async function saveMarks(trx: Executor, evaluationId: string, marks: readonly Omit<MarkRow, 'evaluation_id'>[], at: Date) {
  for (const m of marks) {
    const empty = m.value === null && m.special === null && m.levels.every((l) => l === null);
    if (empty) {
      await trx.deleteFrom('evaluation_marks').where('evaluation_id', '=', evaluationId).where('student_id', '=', m.student_id).execute();
      continue;
    }
    const values = { value: m.value, special: m.special, levels: JSON.stringify(m.levels), updated_at: at };
    await trx
      .insertInto('evaluation_marks')
      .values({ evaluation_id: evaluationId, student_id: m.student_id, ...values })
      .onConflict((oc) => oc.columns(['evaluation_id', 'student_id']).doUpdateSet(values))
      .execute();
  }
}

// ---------------------------------------------------------------- appreciations

export async function saveAppreciation(
  trx: Executor,
  a: { periodId: string; studentId: string; subjectCode: string; authorId: string; authorName: string; body: string },
  at: Date,
) {
  if (a.body === '') {
    await trx
      .deleteFrom('bulletin_appreciations')
      .where('period_id', '=', a.periodId)
      .where('student_id', '=', a.studentId)
      .where('subject_code', '=', a.subjectCode)
      .execute();
    return;
  }
  const values = { author_id: a.authorId, author_name: a.authorName, body: a.body, updated_at: at };
  await trx
    .insertInto('bulletin_appreciations')
    .values({ period_id: a.periodId, student_id: a.studentId, subject_code: a.subjectCode, ...values })
    .onConflict((oc) => oc.columns(['period_id', 'student_id', 'subject_code']).doUpdateSet(values))
    .execute();
}

/** A student's appreciations for a period ('' is the general one). */
export async function findAppreciations(db: Executor, periodId: string, studentId: string) {
  return db
    .selectFrom('bulletin_appreciations')
    .select(['subject_code', 'author_name', 'body'])
    .where('period_id', '=', periodId)
    .where('student_id', '=', studentId)
    .orderBy('subject_code')
    .limit(100)
    .execute();
}

/** "Prénom NOM" of an account, as evaluations and appreciations are signed. */
export async function getDisplayName(db: Executor, accountId: string): Promise<string> {
  const row = await db.selectFrom('accounts').select(['first_name', 'last_name']).where('id', '=', accountId).executeTakeFirst();
  return row ? `${row.first_name} ${row.last_name}` : '';
}

/** A class or a group of the year with its structure's collectivité, as an evaluation's target. */
export async function getTargetWithOwner(db: Executor, target: TargetRef) {
  if (target.class_id) {
    return db
      .selectFrom('classes as t')
      .innerJoin('structures as s', 's.id', 't.structure_id')
      .select(['t.id', 't.name', 't.structure_id', 't.school_year', 's.collectivite_id'])
      .where('t.id', '=', target.class_id)
      .executeTakeFirst();
  }
  return db
    .selectFrom('groups as t')
    .innerJoin('structures as s', 's.id', 't.structure_id')
    .select(['t.id', 't.name', 't.structure_id', 't.school_year', 's.collectivite_id'])
    .where('t.id', '=', target.group_id!)
    .executeTakeFirst();
}

/** The appreciations of some students in one subject for a period. */
export async function findSubjectAppreciations(db: Executor, periodId: string, studentIds: readonly string[], subjectCode: string) {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom('bulletin_appreciations')
    .select(['student_id', 'body'])
    .where('period_id', '=', periodId)
    .where('subject_code', '=', subjectCode)
    .where('student_id', 'in', studentIds)
    .execute();
}

// ---------------------------------------------------------------- exports

/**
 * The students of a structure for a school year (of one class when given),
 * with their class, by class, name; the shape `getStudentOfYear` gives, plus
 * the login an LSU export keys its identifiers by.
 */
export async function findStudentsOfStructure(db: Executor, structureId: string, schoolYear: number, classId: string | undefined) {
  let query = db
    .selectFrom('classes as c')
    .innerJoin('class_members as cm', 'cm.class_id', 'c.id')
    .innerJoin('accounts as a', 'a.id', 'cm.account_id')
    .innerJoin('structures as s', 's.id', 'c.structure_id')
    .select(['a.id', 'a.login', 'a.first_name', 'a.last_name', 'c.structure_id', 's.collectivite_id', 'c.id as class_id', 'c.name as class_name', 'c.code as class_code'])
    .where('c.structure_id', '=', structureId)
    .where('c.school_year', '=', schoolYear)
    .where('a.profile', '=', 'ELEVE')
    .where('a.deleted_at', 'is', null);
  if (classId) query = query.where('c.id', '=', classId);
  return query.orderBy('c.name').orderBy('a.last_name').orderBy('a.first_name').orderBy('a.id').execute();
}

/** Logins and names of some accounts (the teachers an LSU export lists). */
export async function findAccountNames(db: Executor, accountIds: readonly string[]) {
  if (accountIds.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'login', 'first_name', 'last_name']).where('id', 'in', accountIds).execute();
}

/** A class of a structure and school year (the export's filter). */
export async function getClassOfStructure(db: Executor, classId: string, structureId: string, schoolYear: number) {
  return db.selectFrom('classes').select(['id', 'name']).where('id', '=', classId).where('structure_id', '=', structureId).where('school_year', '=', schoolYear).executeTakeFirst();
}

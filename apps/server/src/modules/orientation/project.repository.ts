import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/**
 * SQL of the students' orientation projects. Every read and write names the
 * student and his structure and school year: the tenant scope a project
 * lives in (a project of last year, or of another structure, is not found).
 */

export interface ProjectScope {
  studentId: string;
  structureId: string;
  schoolYear: number;
}

/**
 * Serialises the writes to one student's project until the transaction ends
 * (two saves of the wish list at once would both delete then insert rank 1).
 * NO KEY UPDATE: foreign-key checks on the account are not blocked.
 */
export async function lockProject(db: DB, studentId: string): Promise<void> {
  await db.selectFrom('accounts').select('id').where('id', '=', studentId).forNoKeyUpdate().execute();
}

export async function countFavorites(db: DB, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('orientation_favorites')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findFavorites(db: DB, accountId: string) {
  return db
    .selectFrom('orientation_favorites')
    .select(['kind', 'onisep_id', 'note'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('onisep_id')
    .execute();
}

/** Adds a favourite or changes its note; true when it was new. */
export async function upsertFavorite(db: DB, accountId: string, kind: 'FORMATION' | 'METIER' | 'STRUCTURE', onisepId: string, note: string): Promise<boolean> {
  const row = await db
    .insertInto('orientation_favorites')
    .values({ account_id: accountId, kind, onisep_id: onisepId, note })
    .onConflict((oc) => oc.columns(['account_id', 'kind', 'onisep_id']).doUpdateSet({ note }))
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .executeTakeFirstOrThrow();
  return row.inserted;
}

export async function deleteFavorite(db: DB, accountId: string, kind: 'FORMATION' | 'METIER' | 'STRUCTURE', onisepId: string) {
  await db.deleteFrom('orientation_favorites').where('account_id', '=', accountId).where('kind', '=', kind).where('onisep_id', '=', onisepId).execute();
}

export async function findWishes(db: DB, scope: ProjectScope) {
  return db
    .selectFrom('orientation_wishes')
    .select(['step', 'rank', 'label', 'formation_id', 'motivation'])
    .where('student_id', '=', scope.studentId)
    .where('structure_id', '=', scope.structureId)
    .where('school_year', '=', scope.schoolYear)
    .orderBy('step')
    .orderBy('rank')
    .execute();
}

/** Replaces the ordered wishes of one step (call inside a transaction: nothing half-written). */
export async function replaceWishes(
  db: DB,
  scope: ProjectScope,
  step: 'FIN_SECONDE' | 'TERMINALE',
  wishes: { label: string; formationId: string | null; motivation: string }[],
) {
  await db
    .deleteFrom('orientation_wishes')
    .where('student_id', '=', scope.studentId)
    .where('school_year', '=', scope.schoolYear)
    .where('step', '=', step)
    .execute();
  if (wishes.length === 0) return;
  await db
    .insertInto('orientation_wishes')
    .values(
      wishes.map((w, i) => ({
        student_id: scope.studentId,
        structure_id: scope.structureId,
        school_year: scope.schoolYear,
        step,
        rank: i + 1,
        label: w.label,
        formation_id: w.formationId,
        motivation: w.motivation,
      })),
    )
    .execute();
}

export async function findComments(db: DB, scope: ProjectScope) {
  return db
    .selectFrom('orientation_comments')
    .select(['id', 'author_name', 'body', 'created_at'])
    .where('student_id', '=', scope.studentId)
    .where('structure_id', '=', scope.structureId)
    .where('school_year', '=', scope.schoolYear)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertComment(db: DB, scope: ProjectScope, author: { id: string; name: string }, body: string) {
  return db
    .insertInto('orientation_comments')
    .values({
      student_id: scope.studentId,
      structure_id: scope.structureId,
      school_year: scope.schoolYear,
      author_id: author.id,
      author_name: author.name,
      body,
    })
    .returning(['id', 'author_name', 'body', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** The wishes of one step of these students (of one structure and year), and their number of comments. */
export async function findClassWishes(
  db: DB,
  scope: { structureId: string; schoolYear: number; studentIds: string[] },
  step: 'FIN_SECONDE' | 'TERMINALE',
) {
  if (scope.studentIds.length === 0) return { wishes: [], comments: [] };
  const [wishes, comments] = await Promise.all([
    db
      .selectFrom('orientation_wishes')
      .select(['student_id', 'rank', 'label', 'formation_id', 'motivation'])
      .where('structure_id', '=', scope.structureId)
      .where('school_year', '=', scope.schoolYear)
      .where('step', '=', step)
      .where('student_id', 'in', scope.studentIds)
      .orderBy('student_id')
      .orderBy('rank')
      .execute(),
    db
      .selectFrom('orientation_comments')
      .select((eb) => ['student_id', eb.fn.countAll<number>().as('n')])
      .where('structure_id', '=', scope.structureId)
      .where('school_year', '=', scope.schoolYear)
      .where('student_id', 'in', scope.studentIds)
      .groupBy('student_id')
      .execute(),
  ]);
  return { wishes, comments };
}

export async function insertDeadline(db: DB, values: { structureId: string; schoolYear: number; dueOn: string; label: string; createdBy: string }) {
  return db
    .insertInto('orientation_deadlines')
    .values({ structure_id: values.structureId, school_year: values.schoolYear, due_on: values.dueOn, label: values.label, created_by: values.createdBy })
    .returning(['id', 'due_on', 'label'])
    .executeTakeFirstOrThrow();
}

/** The orientation calendar of a structure for a school year, by date. */
export async function findDeadlines(db: DB, structureId: string, schoolYear: number) {
  return db
    .selectFrom('orientation_deadlines')
    .select(['id', 'due_on', 'label'])
    .where('structure_id', '=', structureId)
    .where('school_year', '=', schoolYear)
    .orderBy('due_on')
    .orderBy('id')
    .limit(100)
    .execute();
}

/** A date of an orientation calendar with its structure's collectivité (what `can` needs). */
export async function getDeadlineWithOwner(db: DB, id: string) {
  return db
    .selectFrom('orientation_deadlines as d')
    .innerJoin('structures as s', 's.id', 'd.structure_id')
    .select(['d.id', 'd.structure_id', 'd.due_on', 'd.label', 's.collectivite_id'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/** Takes a date out of its structure's calendar. */
export async function deleteDeadline(db: DB, id: string, structureId: string): Promise<void> {
  await db.deleteFrom('orientation_deadlines').where('id', '=', id).where('structure_id', '=', structureId).execute();
}

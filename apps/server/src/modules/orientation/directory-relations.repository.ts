import type { DB } from '../../platform/db/database.ts';

/**
 * Relations the orientation module needs and the directory module does not
 * export yet (professeur principal of a student, parent of, a student's class
 * this year, a structure's UAI). They belong to the directory module: kept
 * here, small and named, until they move there.
 */

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
export async function getStudentOfYear(db: DB, studentId: string, schoolYear: number): Promise<StudentOfYear | undefined> {
  const row = await db
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
  return row;
}

/** True when `parentId` is a parent of `childId`. */
export async function isParentOf(db: DB, parentId: string, childId: string): Promise<boolean> {
  const row = await db.selectFrom('parent_links').select('child_id').where('parent_id', '=', parentId).where('child_id', '=', childId).executeTakeFirst();
  return row !== undefined;
}

/** The children of a parent who are students this school year. */
export async function findChildrenOfYear(db: DB, parentId: string, schoolYear: number): Promise<StudentOfYear[]> {
  const links = await db.selectFrom('parent_links').select('child_id').where('parent_id', '=', parentId).execute();
  const children = await Promise.all(links.map((l) => getStudentOfYear(db, l.child_id, schoolYear)));
  return children.filter((c): c is StudentOfYear => c !== undefined).sort((a, b) => a.first_name.localeCompare(b.first_name, 'fr'));
}

/** True when the teacher is a professeur principal of the class. */
export async function isPrincipalOfClass(db: DB, teacherId: string, classId: string): Promise<boolean> {
  const row = await db.selectFrom('class_principals').select('class_id').where('teacher_id', '=', teacherId).where('class_id', '=', classId).executeTakeFirst();
  return row !== undefined;
}

/** The classes of the school year the teacher is professeur principal of, with their number of students. */
export async function findPrincipalClasses(db: DB, teacherId: string, schoolYear: number) {
  return db
    .selectFrom('class_principals as cp')
    .innerJoin('classes as c', 'c.id', 'cp.class_id')
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
    .where('cp.teacher_id', '=', teacherId)
    .where('c.school_year', '=', schoolYear)
    .orderBy('c.name')
    .execute();
}

/** A class with its structure's collectivité. */
export async function getClassWithOwner(db: DB, classId: string) {
  return db
    .selectFrom('classes as c')
    .innerJoin('structures as s', 's.id', 'c.structure_id')
    .select(['c.id', 'c.name', 'c.school_year', 'c.structure_id', 's.collectivite_id'])
    .where('c.id', '=', classId)
    .executeTakeFirst();
}

/** The students of a class (not deleted), by name. */
export async function findStudentsOfClass(db: DB, classId: string) {
  return db
    .selectFrom('class_members as cm')
    .innerJoin('accounts as a', 'a.id', 'cm.account_id')
    .select(['a.id', 'a.first_name', 'a.last_name'])
    .where('cm.class_id', '=', classId)
    .where('a.profile', '=', 'ELEVE')
    .where('a.deleted_at', 'is', null)
    .orderBy('a.last_name')
    .orderBy('a.first_name')
    .orderBy('a.id')
    .execute();
}

/** The UAIs of structures. */
export async function findStructureUais(db: DB, structureIds: string[]): Promise<string[]> {
  if (structureIds.length === 0) return [];
  const rows = await db.selectFrom('structures').select('uai').where('id', 'in', structureIds).orderBy('uai').execute();
  return rows.map((r) => r.uai);
}

/** "Prénom NOM" of an account, as comments are signed. */
export async function getDisplayName(db: DB, accountId: string): Promise<string> {
  const row = await db.selectFrom('accounts').select(['first_name', 'last_name']).where('id', '=', accountId).executeTakeFirst();
  return row ? `${row.first_name} ${row.last_name}` : '';
}

/** The students of a structure this school year and their parents (the audience of its orientation calendar). */
export async function findStudentsAndParentsOf(db: DB, structureId: string, schoolYear: number): Promise<string[]> {
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

/** A structure with its collectivité (what `can` needs). */
export async function getStructureWithOwner(db: DB, structureId: string) {
  return db.selectFrom('structures').select(['id', 'collectivite_id']).where('id', '=', structureId).executeTakeFirst();
}

import type { Insertable, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { ClassesTable } from '../../platform/db/schema.ts';

/** SQL of the classes (divisions) in the admin area. */

export type ClassRow = Selectable<ClassesTable>;
export type ClassWithCount = ClassRow & { student_count: number; principals: string[] };

/** "Prénom NOM" of the professeurs principaux of the class `c`, by last name (a JSON array). */
const principalsOfClass = sql`coalesce((
  SELECT json_agg(a.first_name || ' ' || a.last_name ORDER BY a.last_name, a.first_name)
  FROM class_principals cp JOIN accounts a ON a.id = cp.teacher_id AND a.deleted_at IS NULL
  WHERE cp.class_id = c.id), '[]'::json)`;

/** The classes of a structure for a school year, with their number of students and their professeurs principaux. */
export async function findClassesOf(db: DB, structureId: string, schoolYear: number): Promise<ClassWithCount[]> {
  const result = await sql<ClassWithCount>`
    SELECT c.*, (
      SELECT count(*)::int FROM class_members cm
      JOIN accounts a ON a.id = cm.account_id AND a.profile = 'ELEVE' AND a.deleted_at IS NULL
      WHERE cm.class_id = c.id) AS student_count, ${principalsOfClass} AS principals
    FROM classes c
    WHERE c.structure_id = ${structureId} AND c.school_year = ${schoolYear}
    ORDER BY c.name COLLATE "C", c.code COLLATE "C"`.execute(db);
  return result.rows;
}

/** A class by id, with the collectivité of its structure (what `can` needs). */
export async function getClassWithOwner(db: DB, id: string) {
  return db
    .selectFrom('classes as c')
    .innerJoin('structures as s', 's.id', 'c.structure_id')
    .selectAll('c')
    .select('s.collectivite_id')
    .where('c.id', '=', id)
    .executeTakeFirst();
}

/** The professeurs principaux of one class ("Prénom NOM", by last name). */
export async function findPrincipalNames(db: DB, classId: string): Promise<string[]> {
  const result = await sql<{ principals: string[] }>`SELECT ${principalsOfClass} AS principals FROM classes c WHERE c.id = ${classId}`.execute(db);
  return result.rows[0]?.principals ?? [];
}

/** Number of students of one class. */
export async function countStudents(db: DB, classId: string): Promise<number> {
  const row = await db
    .selectFrom('class_members as cm')
    .innerJoin('accounts as a', 'a.id', 'cm.account_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cm.class_id', '=', classId)
    .where('a.profile', '=', 'ELEVE')
    .where('a.deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts a class (the (structure, year, code) unique key answers a duplicate). */
export async function insertClass(db: DB, values: Insertable<ClassesTable>): Promise<ClassRow> {
  return db.insertInto('classes').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a class's fields. */
export async function updateClass(db: DB, id: string, changes: Updateable<ClassesTable>): Promise<ClassRow> {
  return db.updateTable('classes').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

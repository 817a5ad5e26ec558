import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/**
 * The reads of the nightly GAR export. Each list is read a page at a time
 * (keyset on a primary key), so a région's export holds one page in memory,
 * never the directory. The export is a read-only projection of the directory
 * tables for the GAR; nothing here writes.
 */

export interface ExportStructure {
  id: string;
  uai: string;
  name: string;
}

/** The structures an export covers: a collectivité's, or the one of `uai` in it. */
export async function findExportStructures(db: DB, scope: { collectiviteId?: string; uai?: string }): Promise<ExportStructure[]> {
  let query = db.selectFrom('structures').select(['id', 'uai', 'name', 'collectivite_id as collectiviteId']).orderBy('uai');
  if (scope.collectiviteId) query = query.where('collectivite_id', '=', scope.collectiviteId);
  if (scope.uai) query = query.where('uai', '=', scope.uai);
  const rows = await query.execute();
  return rows.map(({ id, uai, name }) => ({ id, uai, name }));
}

/** The collectivités holding a structure of this UAI (one, or none). */
export async function findCollectiviteOfUai(db: DB, uai: string): Promise<string | undefined> {
  const row = await db.selectFrom('structures').select('collectivite_id').where('uai', '=', uai).executeTakeFirst();
  return row?.collectivite_id;
}

/** Every collectivité's id and name (the CLI picks one). */
export async function findCollectivites(db: DB): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('collectivites').select(['id', 'name']).orderBy('name').execute();
}

export interface ExportPerson {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  profile: 'ELEVE' | 'ENSEIGNANT' | 'PERSONNEL' | 'PARENT' | 'COLLECTIVITE' | 'INVITE';
  staffFunction: string | null;
  /** UAIs of the structures (of the export) the person belongs to this year, sorted. */
  uais: string[];
}

/** A page of the people of these structures with one of these profiles, after `after` (an account id). */
export async function findPersonsPage(
  db: DB,
  input: { structureIds: string[]; schoolYear: number; profiles: ExportPerson['profile'][]; after: string | undefined; limit: number },
): Promise<ExportPerson[]> {
  if (input.structureIds.length === 0) return [];
  let query = db
    .selectFrom('structure_members as sm')
    .innerJoin('accounts as a', 'a.id', 'sm.account_id')
    .innerJoin('structures as s', 's.id', 'sm.structure_id')
    .select([
      'a.id',
      'a.first_name as firstName',
      'a.last_name as lastName',
      'a.email',
      'a.profile',
      'a.staff_function as staffFunction',
      sql<string[]>`array_agg(DISTINCT s.uai ORDER BY s.uai)`.as('uais'),
    ])
    .where('sm.structure_id', 'in', input.structureIds)
    .where('sm.school_year', '=', input.schoolYear)
    .where('a.profile', 'in', input.profiles)
    .where('a.deleted_at', 'is', null)
    .groupBy('a.id')
    .orderBy('a.id')
    .limit(input.limit);
  if (input.after) query = query.where('a.id', '>', input.after);
  return (await query.execute()) as ExportPerson[];
}

/** The subjects taught to these students (through their classes and groups), with the structure's UAI. */
export async function findStudentSubjects(db: DB, input: { studentIds: string[]; structureIds: string[] }): Promise<{ accountId: string; uai: string; subjectCode: string }[]> {
  if (input.studentIds.length === 0 || input.structureIds.length === 0) return [];
  const byClass = db
    .selectFrom('class_members as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .innerJoin('teachings as t', 't.class_id', 'c.id')
    .innerJoin('structures as s', 's.id', 'c.structure_id')
    .select(['m.account_id as accountId', 's.uai', 't.subject_code as subjectCode'])
    .where('m.account_id', 'in', input.studentIds)
    .where('c.structure_id', 'in', input.structureIds);
  const byGroup = db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .innerJoin('teachings as t', 't.group_id', 'g.id')
    .innerJoin('structures as s', 's.id', 'g.structure_id')
    .select(['m.account_id as accountId', 's.uai', 't.subject_code as subjectCode'])
    .where('m.account_id', 'in', input.studentIds)
    .where('g.structure_id', 'in', input.structureIds);
  return db
    .selectFrom(byClass.union(byGroup).as('u'))
    .selectAll()
    .orderBy('accountId')
    .orderBy('uai')
    .orderBy('subjectCode')
    .execute();
}

/** The subjects taught in a structure (its GARMatiere entries). */
export async function findStructureSubjects(db: DB, structureId: string): Promise<{ code: string; name: string }[]> {
  return db
    .selectFrom('subjects as sub')
    .select(['sub.code', 'sub.name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('teachings as t')
          .leftJoin('classes as c', 'c.id', 't.class_id')
          .leftJoin('groups as g', 'g.id', 't.group_id')
          .select(sql`1`.as('one'))
          .whereRef('t.subject_code', '=', 'sub.code')
          .where((w) => w.or([w('c.structure_id', '=', structureId), w('g.structure_id', '=', structureId)])),
      ),
    )
    .orderBy('sub.code')
    .execute();
}

export interface ExportGroup {
  id: string;
  kind: 'DIVISION' | 'GROUPE';
  code: string;
  name: string;
  uai: string;
}

/** A page of the classes (DIVISION) and groups (GROUPE) of these structures this year, by id. */
export async function findGroupsPage(db: DB, input: { structureIds: string[]; schoolYear: number; after: string | undefined; limit: number }): Promise<ExportGroup[]> {
  if (input.structureIds.length === 0) return [];
  const classes = db
    .selectFrom('classes as c')
    .innerJoin('structures as s', 's.id', 'c.structure_id')
    .select(['c.id', sql<'DIVISION' | 'GROUPE'>`'DIVISION'`.as('kind'), 'c.code', 'c.name', 's.uai'])
    .where('c.structure_id', 'in', input.structureIds)
    .where('c.school_year', '=', input.schoolYear);
  const groups = db
    .selectFrom('groups as g')
    .innerJoin('structures as s', 's.id', 'g.structure_id')
    .select(['g.id', sql<'DIVISION' | 'GROUPE'>`'GROUPE'`.as('kind'), 'g.code', 'g.name', 's.uai'])
    .where('g.structure_id', 'in', input.structureIds)
    .where('g.school_year', '=', input.schoolYear);
  let query = db.selectFrom(classes.unionAll(groups).as('u')).selectAll().orderBy('id').limit(input.limit);
  if (input.after) query = query.where('id', '>', input.after);
  return query.execute();
}

/** The students in these classes and groups. */
export async function findGroupStudents(db: DB, groupIds: string[]): Promise<{ groupId: string; accountId: string }[]> {
  if (groupIds.length === 0) return [];
  const inClasses = db
    .selectFrom('class_members as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.class_id as groupId', 'm.account_id as accountId'])
    .where('m.class_id', 'in', groupIds)
    .where('a.profile', '=', 'ELEVE')
    .where('a.deleted_at', 'is', null);
  const inGroups = db
    .selectFrom('group_members as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.group_id as groupId', 'm.account_id as accountId'])
    .where('m.group_id', 'in', groupIds)
    .where('a.profile', '=', 'ELEVE')
    .where('a.deleted_at', 'is', null);
  return db.selectFrom(inClasses.unionAll(inGroups).as('u')).selectAll().orderBy('groupId').orderBy('accountId').execute();
}

/**
 * Who teaches what in these classes and groups: only teachers who are members
 * of the export's structures this year, so every GAREnsClasseMatiere names a
 * person of the Enseignant file (the GAR refuses a reference to nobody).
 */
export async function findGroupTeachings(
  db: DB,
  input: { groupIds: string[]; structureIds: string[]; schoolYear: number },
): Promise<{ teacherId: string; classId: string | null; groupId: string | null; subjectCode: string }[]> {
  const { groupIds, structureIds, schoolYear } = input;
  if (groupIds.length === 0 || structureIds.length === 0) return [];
  return db
    .selectFrom('teachings as t')
    .innerJoin('accounts as a', 'a.id', 't.teacher_id')
    .select(['t.teacher_id as teacherId', 't.class_id as classId', 't.group_id as groupId', 't.subject_code as subjectCode'])
    .where((eb) => eb.or([eb('t.class_id', 'in', groupIds), eb('t.group_id', 'in', groupIds)]))
    .where('a.deleted_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('structure_members as sm')
          .select(sql`1`.as('one'))
          .whereRef('sm.account_id', '=', 't.teacher_id')
          .where('sm.school_year', '=', schoolYear)
          .where('sm.structure_id', 'in', structureIds),
      ),
    )
    .orderBy('t.teacher_id')
    .orderBy('t.subject_code')
    .execute();
}

export interface ExportRespAff {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  uais: string[];
}

/** A page of the responsables d'affectation named for these structures, by account id. */
export async function findRespAffPage(db: DB, input: { structureIds: string[]; after: string | undefined; limit: number }): Promise<ExportRespAff[]> {
  if (input.structureIds.length === 0) return [];
  let query = db
    .selectFrom('gar_resp_aff as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .innerJoin('structures as s', 's.id', 'r.structure_id')
    .select(['a.id', 'a.first_name as firstName', 'a.last_name as lastName', 'a.email', sql<string[]>`array_agg(DISTINCT s.uai ORDER BY s.uai)`.as('uais')])
    .where('r.structure_id', 'in', input.structureIds)
    .where('a.deleted_at', 'is', null)
    .groupBy('a.id')
    .orderBy('a.id')
    .limit(input.limit);
  if (input.after) query = query.where('a.id', '>', input.after);
  return query.execute();
}

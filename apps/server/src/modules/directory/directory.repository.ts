import type { Profile, StaffFunction } from '@preau/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { afterKey, allOf, anyOf, byKey, wordPrefixConditions } from './name-search.ts';
import { studentAnnuaireLinks } from './relations.ts';
import {
  childrenOfSql,
  classesAttendedSql,
  classesOfChildrenSql,
  classLinksSql,
  groupsAttendedSql,
  groupsOfChildrenSql,
  linkedAccountsSql,
  membersOfClassesSql,
  membersOfGroupsSql,
  teachersOfClassesSql,
  teachersOfGroupsSql,
} from './relations.repository.ts';
import type { VisibilityScope } from './visibility.ts';

/** SQL of the annuaire. Every query starts from the actor's scope (see visibility.ts). */

export interface PersonRow {
  id: string;
  first_name: string;
  last_name: string;
  profile: Profile;
  staff_function: StaffFunction | null;
  search_key: string;
}

export interface GroupRow {
  kind: 'CLASS' | 'GROUP';
  id: string;
  name: string;
  code: string;
  search_key: string;
  structure_name: string;
}

export interface SearchPage {
  terms: string[];
  after: { key: string; id: string } | undefined;
  limit: number;
}

/**
 * The ids of the accounts the scope reaches through its own structures,
 * classes and children (blocked and deleted ones are filtered later). A whole
 * collectivité is not listed here: at region scale that list is the region
 * (see `inCollectivites`).
 */
function visibleAccountIds(scope: VisibilityScope, wholeStructureMembers?: RawBuilder<unknown>): RawBuilder<unknown> {
  const { accountId: me, schoolYear: year } = scope;
  const parts: RawBuilder<unknown>[] = [sql`SELECT ${me}::uuid AS account_id`];
  if (scope.wholeStructureIds.length > 0) {
    parts.push(
      wholeStructureMembers ??
        sql`SELECT sm.account_id FROM structure_members sm
      WHERE sm.structure_id IN (${sql.join(scope.wholeStructureIds)}) AND sm.school_year = ${year}`,
    );
  }
  if (scope.asStudent) parts.push(linkedAccountsSql(me, year, studentAnnuaireLinks));
  if (scope.personnelStructureIds.length > 0) {
    parts.push(sql`SELECT sm.account_id FROM structure_members sm
      WHERE sm.structure_id IN (${sql.join(scope.personnelStructureIds)}) AND sm.school_year = ${year}
        AND sm.profile = 'PERSONNEL'`);
  }
  if (scope.asParent) {
    parts.push(childrenOfSql(me));
    parts.push(sql`SELECT sm.account_id FROM structure_members sm
      WHERE sm.school_year = ${year} AND sm.profile IN ('ENSEIGNANT', 'PERSONNEL')
        AND sm.structure_id IN (
          SELECT csm.structure_id FROM structure_members csm
          WHERE csm.account_id IN (${childrenOfSql(me)}) AND csm.school_year = ${year})`);
  }
  return sql.join(parts, sql` UNION ALL `);
}

/**
 * Whether account `a` is a member this year of a structure of the scope's
 * collectivités. Checked per candidate row, so an ADMC's search walks the
 * names in order (or the trigram index for a rare name) and stops at one
 * page, instead of first gathering a million members (at 100,000
 * accounts: 1.8 s before, 190 ms for "mar", 56 ms for "desjard", 1 ms for no match).
 */
function inCollectivites(scope: VisibilityScope): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM structure_members sm JOIN structures s ON s.id = sm.structure_id
    WHERE sm.account_id = a.id AND sm.school_year = ${scope.schoolYear}
      AND s.collectivite_id IN (${sql.join(scope.wholeCollectiviteIds)})
    -- OFFSET 0 keeps the probe per row: without it PostgreSQL hashes every member of the region first.
    OFFSET 0)`;
}

/**
 * The members of the scope's whole structures that can be on the page: the
 * first ones matching the terms in name order, not blocked nor deleted. The
 * name is read from the key copied into the membership
 * (structure_members_search_idx), so one lycée's page is a range scan of its
 * members in name order that stops after one page, instead of all ~2,000
 * members and a probe of `accounts` each (81–91 ms of SQL per page before).
 * Limit × number of structures: someone in two of them comes twice.
 */
function wholeStructureCandidates(scope: VisibilityScope, page: SearchPage): RawBuilder<unknown> {
  const conditions: RawBuilder<boolean>[] = [
    sql<boolean>`sm.structure_id IN (${sql.join(scope.wholeStructureIds)})`,
    sql<boolean>`sm.school_year = ${scope.schoolYear}`,
    ...wordPrefixConditions('sm.search_key', page.terms),
    sql<boolean>`a.status <> 'BLOCKED'`,
    sql<boolean>`a.deleted_at IS NULL`,
  ];
  if (page.after) conditions.push(afterKey('sm.search_key', 'sm.account_id', page.after));
  return sql`(SELECT sm.account_id FROM structure_members sm JOIN accounts a ON a.id = sm.account_id
    WHERE ${allOf(conditions)}
    ORDER BY ${byKey('sm.search_key', 'sm.account_id')}
    LIMIT ${(page.limit + 1) * scope.wholeStructureIds.length})`;
}

/** One page (limit + 1 rows) of the people the scope sees, matching every term, by name. */
export async function findVisiblePeople(db: DB, scope: VisibilityScope, page: SearchPage): Promise<PersonRow[]> {
  const reached = sql<boolean>`a.id IN (SELECT account_id FROM visible)`;
  const whole = scope.wholeStructureIds.length > 0 ? wholeStructureCandidates(scope, page) : undefined;
  const conditions: RawBuilder<boolean>[] = [
    scope.wholeCollectiviteIds.length > 0 ? anyOf([reached, inCollectivites(scope)]) : reached,
    sql<boolean>`a.status <> 'BLOCKED'`,
    sql<boolean>`a.deleted_at IS NULL`,
    ...wordPrefixConditions('a.search_key', page.terms),
  ];
  if (page.after) conditions.push(afterKey('a.search_key', 'a.id', page.after));
  const result = await sql<PersonRow>`
    WITH visible AS (${visibleAccountIds(scope, whole)})
    SELECT a.id, a.first_name, a.last_name, a.profile, a.staff_function, a.search_key
    FROM accounts a
    WHERE ${allOf(conditions)}
    ORDER BY ${byKey('a.search_key', 'a.id')}
    LIMIT ${page.limit + 1}`.execute(db);
  return result.rows;
}

/** The sort key of the account a people cursor names. */
export async function findAccountSearchKey(db: DB, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('accounts').select('search_key').where('id', '=', id).executeTakeFirst();
  return row?.search_key;
}

/** Names of the structures each account belongs to this year. */
export async function findStructureNamesOf(db: DB, accountIds: string[], schoolYear: number) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('structure_members as sm')
    .innerJoin('structures as s', 's.id', 'sm.structure_id')
    .select(['sm.account_id as accountId', 's.name as name'])
    .where('sm.account_id', 'in', accountIds)
    .where('sm.school_year', '=', schoolYear)
    .orderBy('s.name')
    .execute();
}

/** Names of the classes each account is in, teaches or is professeur principal of, this year. */
export async function findClassNamesOf(db: DB, accountIds: string[], schoolYear: number) {
  if (accountIds.length === 0) return [];
  const result = await sql<{ accountId: string; name: string }>`
    SELECT DISTINCT l.account_id AS "accountId", c.name FROM (${classLinksSql(accountIds)}) l
    JOIN classes c ON c.id = l.class_id AND c.school_year = ${schoolYear}
    ORDER BY 2`.execute(db);
  return result.rows;
}

/** Names of the subjects each teacher teaches this year (to a class or a group). */
export async function findSubjectNamesOf(db: DB, accountIds: string[], schoolYear: number) {
  if (accountIds.length === 0) return [];
  // Two inner joins rather than LEFT JOIN classes / groups filtered on coalesce(): with the
  // coalesce the planner hashed every class and group of the region (14–120 ms at 1,000,000
  // accounts); each branch here is a primary-key probe per teaching.
  const ids = sql.join(accountIds);
  const result = await sql<{ accountId: string; name: string }>`
    SELECT DISTINCT x.teacher_id AS "accountId", s.name
    FROM (SELECT t.teacher_id, t.subject_code FROM teachings t JOIN classes c ON c.id = t.class_id
           WHERE t.teacher_id IN (${ids}) AND c.school_year = ${schoolYear}
          UNION ALL
          SELECT t.teacher_id, t.subject_code FROM teachings t JOIN groups g ON g.id = t.group_id
           WHERE t.teacher_id IN (${ids}) AND g.school_year = ${schoolYear}) x
    JOIN subjects s ON s.code = x.subject_code
    ORDER BY 2`.execute(db);
  return result.rows;
}

/** Which classes (alias c) and groups (alias g) of the year the scope sees. */
function visibleGroupsCondition(alias: 'c' | 'g', scope: VisibilityScope): RawBuilder<boolean> {
  const { accountId: me } = scope;
  const id = sql.ref(`${alias}.id`);
  const structureId = sql.ref(`${alias}.structure_id`);
  const parts: RawBuilder<boolean>[] = [];
  if (scope.wholeStructureIds.length > 0) parts.push(sql<boolean>`${structureId} IN (${sql.join(scope.wholeStructureIds)})`);
  if (scope.wholeCollectiviteIds.length > 0) {
    parts.push(sql<boolean>`${structureId} IN (SELECT s.id FROM structures s WHERE s.collectivite_id IN (${sql.join(scope.wholeCollectiviteIds)}))`);
  }
  const year = scope.schoolYear;
  if (scope.asStudent) parts.push(sql<boolean>`${id} IN (${alias === 'c' ? classesAttendedSql(me, year) : groupsAttendedSql(me, year)})`);
  if (scope.asParent) parts.push(sql<boolean>`${id} IN (${alias === 'c' ? classesOfChildrenSql(me, year) : groupsOfChildrenSql(me, year)})`);
  return anyOf(parts);
}

/** One page (limit + 1 rows) of the classes and groups the scope sees this year, by name. */
export async function findVisibleGroups(db: DB, scope: VisibilityScope, page: SearchPage): Promise<GroupRow[]> {
  const year = scope.schoolYear;
  const conditions = wordPrefixConditions('v.search_key', page.terms);
  if (page.after) conditions.push(afterKey('v.search_key', 'v.id', page.after));
  const result = await sql<GroupRow>`
    WITH v AS (
      SELECT 'CLASS' AS kind, c.id, c.name, c.code, c.search_key, c.structure_id FROM classes c
      WHERE c.school_year = ${year} AND ${visibleGroupsCondition('c', scope)}
      UNION ALL
      SELECT 'GROUP' AS kind, g.id, g.name, g.code, g.search_key, g.structure_id FROM groups g
      WHERE g.school_year = ${year} AND ${visibleGroupsCondition('g', scope)}
    )
    SELECT v.kind, v.id, v.name, v.code, v.search_key, s.name AS structure_name
    FROM v JOIN structures s ON s.id = v.structure_id
    WHERE ${allOf(conditions)}
    ORDER BY ${byKey('v.search_key', 'v.id')}
    LIMIT ${page.limit + 1}`.execute(db);
  return result.rows;
}

/** The sort key of the class or group a groups cursor names. */
export async function findGroupSearchKey(db: DB, kind: 'CLASS' | 'GROUP', id: string): Promise<string | undefined> {
  const table = kind === 'CLASS' ? 'classes' : 'groups';
  const row = await db.selectFrom(table).select('search_key').where('id', '=', id).executeTakeFirst();
  return row?.search_key;
}

/** Members (not blocked, not deleted) of each class and group of a page. */
export async function countGroupMembers(db: DB, classIds: string[], groupIds: string[]) {
  const parts: RawBuilder<unknown>[] = [];
  if (classIds.length > 0) {
    parts.push(sql`SELECT m.class_id AS id, count(*)::int AS count FROM class_members m
      JOIN accounts a ON a.id = m.account_id AND a.deleted_at IS NULL AND a.status <> 'BLOCKED'
      WHERE m.class_id IN (${sql.join(classIds)}) GROUP BY m.class_id`);
  }
  if (groupIds.length > 0) {
    parts.push(sql`SELECT m.group_id AS id, count(*)::int AS count FROM group_members m
      JOIN accounts a ON a.id = m.account_id AND a.deleted_at IS NULL AND a.status <> 'BLOCKED'
      WHERE m.group_id IN (${sql.join(groupIds)}) GROUP BY m.group_id`);
  }
  if (parts.length === 0) return [];
  const result = await sql<{ id: string; count: number }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db);
  return result.rows;
}

/**
 * Whether the scope sees this account (not blocked, not deleted): the same
 * rule as the annuaire's search, for a module that lets one pick a person
 * (the espace documentaire's shares).
 */
export async function isAccountVisible(db: DB, scope: VisibilityScope, accountId: string): Promise<boolean> {
  const reached = sql<boolean>`a.id IN (SELECT account_id FROM visible)`;
  const result = await sql<{ id: string }>`
    WITH visible AS (${visibleAccountIds(scope)})
    SELECT a.id FROM accounts a
    WHERE a.id = ${accountId} AND a.status <> 'BLOCKED' AND a.deleted_at IS NULL
      AND ${scope.wholeCollectiviteIds.length > 0 ? anyOf([reached, inCollectivites(scope)]) : reached}`.execute(db);
  return result.rows.length > 0;
}

/** Whether the scope sees this class or group of its school year (the annuaire's rule). */
export async function isGroupVisible(db: DB, scope: VisibilityScope, kind: 'CLASS' | 'GROUP', id: string): Promise<boolean> {
  const result =
    kind === 'CLASS'
      ? await sql<{ id: string }>`SELECT c.id FROM classes c WHERE c.id = ${id} AND c.school_year = ${scope.schoolYear} AND ${visibleGroupsCondition('c', scope)}`.execute(db)
      : await sql<{ id: string }>`SELECT g.id FROM groups g WHERE g.id = ${id} AND g.school_year = ${scope.schoolYear} AND ${visibleGroupsCondition('g', scope)}`.execute(db);
  return result.rows.length > 0;
}

/** One account the scope sees (not blocked, not deleted), for the annuaire's person card. */
export async function findVisiblePerson(db: DB, scope: VisibilityScope, accountId: string): Promise<PersonRow | undefined> {
  const reached = sql<boolean>`a.id IN (SELECT account_id FROM visible)`;
  const result = await sql<PersonRow>`
    WITH visible AS (${visibleAccountIds(scope)})
    SELECT a.id, a.first_name, a.last_name, a.profile, a.staff_function, a.search_key FROM accounts a
    WHERE a.id = ${accountId} AND a.status <> 'BLOCKED' AND a.deleted_at IS NULL
      AND ${scope.wholeCollectiviteIds.length > 0 ? anyOf([reached, inCollectivites(scope)]) : reached}`.execute(db);
  return result.rows[0];
}

/** One class or group of the scope's school year that the scope sees, with its structure's name. */
export async function findVisibleGroup(db: DB, scope: VisibilityScope, kind: 'CLASS' | 'GROUP', id: string): Promise<GroupRow | undefined> {
  const year = scope.schoolYear;
  const result =
    kind === 'CLASS'
      ? await sql<GroupRow>`SELECT 'CLASS' AS kind, c.id, c.name, c.code, c.search_key, s.name AS structure_name
          FROM classes c JOIN structures s ON s.id = c.structure_id
          WHERE c.id = ${id} AND c.school_year = ${year} AND ${visibleGroupsCondition('c', scope)}`.execute(db)
      : await sql<GroupRow>`SELECT 'GROUP' AS kind, g.id, g.name, g.code, g.search_key, s.name AS structure_name
          FROM groups g JOIN structures s ON s.id = g.structure_id
          WHERE g.id = ${id} AND g.school_year = ${year} AND ${visibleGroupsCondition('g', scope)}`.execute(db);
  return result.rows[0];
}

/**
 * The people of a class or group the scope sees: its students, its teachers
 * and its professeur principal (not blocked, not deleted), teachers first, then by name.
 */
export async function findVisibleMembersOf(db: DB, scope: VisibilityScope, kind: 'CLASS' | 'GROUP', id: string): Promise<PersonRow[]> {
  const ids = sql`SELECT ${id}::uuid`;
  const people =
    kind === 'CLASS'
      ? sql`${membersOfClassesSql(ids)} UNION ${teachersOfClassesSql(ids)}`
      : sql`${membersOfGroupsSql(ids)} UNION ${teachersOfGroupsSql(ids)}`;
  const reached = sql<boolean>`a.id IN (SELECT account_id FROM visible)`;
  const result = await sql<PersonRow>`
    WITH visible AS (${visibleAccountIds(scope)})
    SELECT a.id, a.first_name, a.last_name, a.profile, a.staff_function, a.search_key FROM accounts a
    WHERE a.id IN (${people}) AND a.status <> 'BLOCKED' AND a.deleted_at IS NULL
      AND ${scope.wholeCollectiviteIds.length > 0 ? anyOf([reached, inCollectivites(scope)]) : reached}
    ORDER BY (a.profile = 'ELEVE'), ${byKey('a.search_key', 'a.id')}
    LIMIT 500`.execute(db);
  return result.rows;
}

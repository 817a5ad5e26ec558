import type { CommunicationScope, GroupAudience, Profile } from '@preau/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { allOf, anyOf, wordPrefixConditions } from '../directory/name-search.ts';
import { messagingLinks } from '../directory/relations.ts';
import {
  childrenOfSql,
  classesAttendedSql,
  classesOfChildrenSql,
  classesTaughtSql,
  groupsAttendedSql,
  groupsOfChildrenSql,
  groupsTaughtSql,
  linkedAccountsSql,
  membersOfClassesSql,
  membersOfGroupsSql,
  parentsOfSql,
  teachersOfClassesSql,
  teachersOfGroupsSql,
} from '../directory/relations.repository.ts';
import { effectiveRules, mayWriteToGroups } from './communication-rules.ts';

/**
 * SQL deciding whom a sender may reach, from the communication rules of the
 * structures he belongs to (a parent: his children's) for the current school
 * year. Every query starts from the sender's own memberships, so it reads
 * one structure's rows, never the region's.
 */
export interface SenderScope {
  accountId: string;
  profile: Profile;
  schoolYear: number;
  /** The sender's structures and, for each, how far he may write to each profile. */
  structures: Array<{ id: string; name: string; scopes: Record<Profile, CommunicationScope> }>;
}

/** Loads the sender's structures of the year and their rules for his profile. */
export async function loadSenderScope(db: DB, accountId: string, profile: Profile, schoolYear: number): Promise<SenderScope> {
  const result = await sql<{ id: string; name: string }>`
    SELECT s.id, s.name FROM structures s WHERE s.id IN (
      SELECT sm.structure_id FROM structure_members sm WHERE sm.account_id = ${accountId} AND sm.school_year = ${schoolYear}
      UNION
      SELECT sm.structure_id FROM structure_members sm
      WHERE sm.account_id IN (${childrenOfSql(accountId)}) AND sm.school_year = ${schoolYear})
    ORDER BY s.name`.execute(db);
  const ids = result.rows.map((row) => row.id);
  const overrides =
    ids.length === 0
      ? []
      : await db
          .selectFrom('communication_rules')
          .select(['structure_id', 'from_profile', 'to_profile', 'scope'])
          .where('structure_id', 'in', ids)
          .where('from_profile', '=', profile)
          .execute();
  return {
    accountId,
    profile,
    schoolYear,
    structures: result.rows.map((row) => ({
      id: row.id,
      name: row.name,
      scopes: effectiveRules(overrides.filter((o) => o.structure_id === row.id))[profile],
    })),
  };
}

/**
 * `my_classes`, `my_groups`: the classes and groups of the year the sender is
 * in, teaches, is professeur principal of, or has a child in; `linked`: the
 * accounts LINKED to him. Both asked of the directory, the one owner of school
 * relations.
 */
function ownGroupsCte(scope: SenderScope): RawBuilder<unknown> {
  const { accountId: me, schoolYear: year } = scope;
  return sql`
    my_classes (id) AS (${classesAttendedSql(me, year)} UNION ${classesTaughtSql(me, year)} UNION ${classesOfChildrenSql(me, year)}),
    my_groups (id) AS (${groupsAttendedSql(me, year)} UNION ${groupsTaughtSql(me, year)} UNION ${groupsOfChildrenSql(me, year)}),
    linked (account_id) AS (${linkedAccountsSql(me, year, messagingLinks)})`;
}

/** The condition "structure member row `sm` is reachable by the sender". */
function reachableMembership(scope: SenderScope): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  for (const structure of scope.structures) {
    const all = Object.entries(structure.scopes).filter(([, s]) => s === 'ALL').map(([p]) => p);
    const linked = Object.entries(structure.scopes).filter(([, s]) => s === 'LINKED').map(([p]) => p);
    if (all.length > 0) parts.push(sql<boolean>`(sm.structure_id = ${structure.id} AND sm.profile::text IN (${sql.join(all)}))`);
    if (linked.length > 0) {
      parts.push(sql<boolean>`(sm.structure_id = ${structure.id} AND sm.profile::text IN (${sql.join(linked)})
        AND sm.account_id IN (SELECT account_id FROM linked))`);
    }
  }
  return anyOf(parts);
}

/** `WITH …, reachable AS (…)`: the accounts the sender may write to (not himself, not deleted). */
function withReachable(scope: SenderScope): RawBuilder<unknown> {
  return sql`WITH ${ownGroupsCte(scope)},
    reachable AS (
      SELECT DISTINCT sm.account_id FROM structure_members sm
      WHERE sm.school_year = ${scope.schoolYear} AND sm.account_id <> ${scope.accountId} AND ${reachableMembership(scope)})`;
}

/** Which of `ids` the sender may write to. */
export async function findReachableAmong(db: DB, scope: SenderScope, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await sql<{ id: string }>`${withReachable(scope)}
    SELECT a.id FROM accounts a
    WHERE a.id IN (${sql.join(ids)}) AND a.deleted_at IS NULL AND a.id IN (SELECT account_id FROM reachable)`.execute(db);
  return new Set(result.rows.map((row) => row.id));
}

export interface PersonHit {
  id: string;
  first_name: string;
  last_name: string;
  profile: Profile;
  structure_name: string | null;
}

/** People the sender may write to, matching every term, by name (at most `limit`). */
export async function searchReachablePeople(db: DB, scope: SenderScope, terms: string[], limit: number): Promise<PersonHit[]> {
  const result = await sql<PersonHit>`${withReachable(scope)}
    SELECT a.id, a.first_name, a.last_name, a.profile,
      (SELECT s.name FROM structure_members sm JOIN structures s ON s.id = sm.structure_id
       WHERE sm.account_id = a.id AND sm.school_year = ${scope.schoolYear} ORDER BY s.name LIMIT 1) AS structure_name
    FROM accounts a
    WHERE ${allOf([
      sql<boolean>`a.id IN (SELECT account_id FROM reachable)`,
      sql<boolean>`a.deleted_at IS NULL`,
      sql<boolean>`a.status <> 'BLOCKED'`,
      ...wordPrefixConditions('a.search_key', terms),
    ])}
    ORDER BY a.search_key COLLATE "C", a.id
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

export interface GroupHit {
  kind: 'CLASS' | 'GROUP';
  id: string;
  name: string;
  structure_id: string;
  structure_name: string;
}

/** The structures where the sender may write to every student: there any class or group may be addressed. */
function wideStructureIds(scope: SenderScope): string[] {
  return scope.structures.filter((s) => s.scopes.ELEVE === 'ALL').map((s) => s.id);
}

function groupCondition(alias: 'c' | 'g', scope: SenderScope): RawBuilder<boolean> {
  if (!mayWriteToGroups[scope.profile]) return sql<boolean>`FALSE`;
  const own = alias === 'c' ? sql`my_classes` : sql`my_groups`;
  const wide = wideStructureIds(scope);
  const parts = [sql<boolean>`${sql.ref(`${alias}.id`)} IN (SELECT id FROM ${own})`];
  if (wide.length > 0) parts.push(sql<boolean>`${sql.ref(`${alias}.structure_id`)} IN (${sql.join(wide)})`);
  return anyOf(parts);
}

/** Classes and groups of the year the sender may address, matching every term (at most `limit`). */
export async function searchAllowedGroups(db: DB, scope: SenderScope, terms: string[], limit: number): Promise<GroupHit[]> {
  if (!mayWriteToGroups[scope.profile]) return [];
  const year = scope.schoolYear;
  const result = await sql<GroupHit>`WITH ${ownGroupsCte(scope)},
    v AS (
      SELECT 'CLASS' AS kind, c.id, c.name, c.search_key, c.structure_id FROM classes c WHERE c.school_year = ${year} AND ${groupCondition('c', scope)}
      UNION ALL
      SELECT 'GROUP' AS kind, g.id, g.name, g.search_key, g.structure_id FROM groups g WHERE g.school_year = ${year} AND ${groupCondition('g', scope)})
    SELECT v.kind, v.id, v.name, v.structure_id, s.name AS structure_name FROM v JOIN structures s ON s.id = v.structure_id
    WHERE ${allOf(wordPrefixConditions('v.search_key', terms))}
    ORDER BY v.search_key COLLATE "C", v.id
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

/** One class or group, with its name, when the sender may address it. */
export async function findAllowedGroup(db: DB, scope: SenderScope, kind: 'CLASS' | 'GROUP', id: string): Promise<GroupHit | undefined> {
  if (!mayWriteToGroups[scope.profile]) return undefined;
  const year = scope.schoolYear;
  const alias = kind === 'CLASS' ? 'c' : 'g';
  const table = kind === 'CLASS' ? sql`classes` : sql`groups`;
  const result = await sql<GroupHit>`WITH ${ownGroupsCte(scope)}
    SELECT ${kind} AS kind, ${sql.ref(`${alias}.id`)} AS id, ${sql.ref(`${alias}.name`)} AS name, s.id AS structure_id, s.name AS structure_name
    FROM ${table} AS ${sql.raw(alias)} JOIN structures s ON s.id = ${sql.ref(`${alias}.structure_id`)}
    WHERE ${sql.ref(`${alias}.id`)} = ${id} AND ${sql.ref(`${alias}.school_year`)} = ${year} AND ${groupCondition(alias, scope)}`.execute(db);
  return result.rows[0];
}

/** The reachable people of a class or group: its students, their parents, or its teachers (and professeur principal). */
export async function findReachableMembers(db: DB, scope: SenderScope, kind: 'CLASS' | 'GROUP', id: string, audience: GroupAudience = 'STUDENTS'): Promise<string[]> {
  const students = kind === 'CLASS' ? membersOfClassesSql(sql`${id}`) : membersOfGroupsSql(sql`${id}`);
  const members =
    audience === 'PARENTS'
      ? parentsOfSql(students)
      : audience === 'TEACHERS'
        ? kind === 'CLASS'
          ? teachersOfClassesSql(sql`${id}`)
          : teachersOfGroupsSql(sql`${id}`)
        : students;
  const result = await sql<{ id: string }>`${withReachable(scope)}
    SELECT a.id FROM accounts a
    WHERE a.id IN (${members}) AND a.deleted_at IS NULL AND a.id IN (SELECT account_id FROM reachable)`.execute(db);
  return result.rows.map((row) => row.id);
}

/** Every account of a profile in a structure this year (not deleted, not the sender). */
export async function findStructureProfileMembers(db: DB, scope: SenderScope, structureId: string, profile: Profile): Promise<string[]> {
  const rows = await db
    .selectFrom('structure_members as sm')
    .innerJoin('accounts as a', 'a.id', 'sm.account_id')
    .select('a.id')
    .where('sm.structure_id', '=', structureId)
    .where('sm.school_year', '=', scope.schoolYear)
    .where('sm.profile', '=', profile)
    .where('a.deleted_at', 'is', null)
    .where('a.id', '<>', scope.accountId)
    .execute();
  return rows.map((row) => row.id);
}

/** Display names of accounts. */
export async function findNames(db: DB, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('accounts').select(['id', 'first_name', 'last_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, `${row.first_name} ${row.last_name}`]));
}

/**
 * The reply exception: whether the sender may answer the author of a message
 * he received although the rules would not let him write to him first. It
 * holds only while the rules under which that message came stand: none of
 * the sender's structures changed its rules since (a change at the same
 * instant counts), and the author may still write to him.
 */
export async function mayStillReplyTo(db: DB, scope: SenderScope, original: { senderId: string; sentAt: Date }): Promise<boolean> {
  const structureIds = scope.structures.map((s) => s.id);
  if (structureIds.length > 0) {
    const changed = await db
      .selectFrom('communication_rules_versions')
      .select('structure_id')
      .where('structure_id', 'in', structureIds)
      .where('changed_at', '>=', original.sentAt)
      .limit(1)
      .executeTakeFirst();
    if (changed) return false;
  }
  const author = await db
    .selectFrom('accounts')
    .select(['id', 'profile'])
    .where('id', '=', original.senderId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!author) return false;
  const authorScope = await loadSenderScope(db, author.id, author.profile, scope.schoolYear);
  return (await findReachableAmong(db, authorScope, [scope.accountId])).has(scope.accountId);
}

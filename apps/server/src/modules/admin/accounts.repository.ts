import type { AccountStatus, Profile, StaffFunction } from '@preau/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { AccountRow, AccountUpdate, NewAccount } from '../../platform/db/schema.ts';
import { afterKey, allOf, byKey, wordPrefixConditions } from '../directory/name-search.ts';

/** SQL of the accounts in the admin area. */

/** An account as the admin area shows it, with its class of the year. */
export interface AdminAccountRow {
  id: string;
  login: string;
  first_name: string;
  last_name: string;
  profile: Profile;
  staff_function: StaffFunction | null;
  email: string | null;
  status: AccountStatus;
  created_at: Date;
  activated_at: Date | null;
  search_key: string;
  class_id: string | null;
  class_name: string | null;
  leaving_at: Date | null;
}

export interface PendingActivationRow {
  id: string;
  login: string;
  first_name: string;
  last_name: string;
  profile: Profile;
  activation_code: string;
  class_name: string | null;
  search_key: string;
}

/** Where a pending activation sorts: by class (accounts without a class last), then name. */
export interface PendingSortKey {
  noClass: number;
  className: string;
  key: string;
  id: string;
}

/** The first class (by name) of the account this year, in one structure or any. */
function classOfYear(schoolYear: number, structureId: string | undefined): RawBuilder<unknown> {
  return sql`LEFT JOIN LATERAL (
      SELECT c.id, c.name FROM class_members cm JOIN classes c ON c.id = cm.class_id
      WHERE cm.account_id = a.id AND c.school_year = ${schoolYear}
        ${structureId ? sql`AND c.structure_id = ${structureId}` : sql``}
      ORDER BY c.name COLLATE "C" LIMIT 1) cl ON TRUE`;
}

const adminAccountColumns = sql`a.id, a.login, a.first_name, a.last_name, a.profile, a.staff_function, a.email,
  a.status, a.created_at, a.activated_at, a.search_key, cl.id AS class_id, cl.name AS class_name, a.leaving_at`;

/** An account (not deleted) by id. */
export async function getAccount(db: DB, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** The structures (and their collectivités) an account belongs to this year: what `can` needs. */
export async function findMemberships(db: DB, accountId: string, schoolYear: number) {
  return db
    .selectFrom('structure_members as sm')
    .innerJoin('structures as s', 's.id', 'sm.structure_id')
    .select(['sm.structure_id as structureId', 's.collectivite_id as collectiviteId'])
    .where('sm.account_id', '=', accountId)
    .where('sm.school_year', '=', schoolYear)
    .execute();
}

/** One account as the admin area shows it. */
export async function getAdminAccount(db: DB, id: string, schoolYear: number): Promise<AdminAccountRow | undefined> {
  const result = await sql<AdminAccountRow>`
    SELECT ${adminAccountColumns} FROM accounts a ${classOfYear(schoolYear, undefined)}
    WHERE a.id = ${id} AND a.deleted_at IS NULL`.execute(db);
  return result.rows[0];
}

export interface AccountFilter {
  structureId: string;
  schoolYear: number;
  /** Profiles the actor may see (from `can`); never empty. */
  profiles: Profile[];
  terms: string[];
  profile?: Profile | undefined;
  status?: AccountStatus | undefined;
  classId?: string | undefined;
  /** Only the accounts leaving (true) or not leaving (false). */
  leaving?: boolean | undefined;
}

/** One page (limit + 1 rows) of a structure's accounts of the year, by name. */
export async function findStructureAccounts(
  db: DB,
  filter: AccountFilter,
  page: { after: { key: string; id: string } | undefined; limit: number },
): Promise<AdminAccountRow[]> {
  const conditions: RawBuilder<boolean>[] = [
    sql<boolean>`sm.structure_id = ${filter.structureId}`,
    sql<boolean>`sm.school_year = ${filter.schoolYear}`,
    sql<boolean>`a.deleted_at IS NULL`,
    sql<boolean>`a.profile IN (${sql.join(filter.profiles)})`,
    ...wordPrefixConditions('a.search_key', filter.terms),
  ];
  if (filter.profile) conditions.push(sql<boolean>`a.profile = ${filter.profile}`);
  if (filter.status) conditions.push(sql<boolean>`a.status = ${filter.status}`);
  if (filter.leaving !== undefined) conditions.push(filter.leaving ? sql<boolean>`a.leaving_at IS NOT NULL` : sql<boolean>`a.leaving_at IS NULL`);
  if (filter.classId) {
    conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM class_members f WHERE f.class_id = ${filter.classId} AND f.account_id = a.id)`);
  }
  if (page.after) conditions.push(afterKey('a.search_key', 'a.id', page.after));
  const result = await sql<AdminAccountRow>`
    SELECT ${adminAccountColumns}
    FROM structure_members sm
    JOIN accounts a ON a.id = sm.account_id
    ${classOfYear(filter.schoolYear, filter.structureId)}
    WHERE ${allOf(conditions)}
    ORDER BY ${byKey('a.search_key', 'a.id')}
    LIMIT ${page.limit + 1}`.execute(db);
  return result.rows;
}

/** One page (limit + 1 rows) of a structure's accounts awaiting activation, by class then name. */
export async function findPendingActivations(
  db: DB,
  filter: { structureId: string; schoolYear: number; profiles: Profile[]; classId?: string | undefined },
  page: { after: PendingSortKey | undefined; limit: number },
): Promise<PendingActivationRow[]> {
  const conditions: RawBuilder<boolean>[] = [
    sql<boolean>`sm.structure_id = ${filter.structureId}`,
    sql<boolean>`sm.school_year = ${filter.schoolYear}`,
    sql<boolean>`a.status = 'PROVISIONED'`,
    sql<boolean>`a.deleted_at IS NULL`,
    sql<boolean>`a.activation_code IS NOT NULL`,
    sql<boolean>`a.profile IN (${sql.join(filter.profiles)})`,
  ];
  if (filter.classId) {
    conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM class_members f WHERE f.class_id = ${filter.classId} AND f.account_id = a.id)`);
  }
  const after = page.after;
  const result = await sql<PendingActivationRow>`
    SELECT p.id, p.login, p.first_name, p.last_name, p.profile, p.activation_code, p.class_name, p.search_key FROM (
      SELECT a.id, a.login, a.first_name, a.last_name, a.profile, a.activation_code, a.search_key,
             cl.name AS class_name, (cl.name IS NULL)::int AS no_class
      FROM structure_members sm
      JOIN accounts a ON a.id = sm.account_id
      ${classOfYear(filter.schoolYear, filter.structureId)}
      WHERE ${allOf(conditions)}
    ) p
    ${
      after
        ? sql`WHERE (p.no_class, coalesce(p.class_name, '') COLLATE "C", p.search_key COLLATE "C", p.id)
                  > (${after.noClass}::int, ${after.className}::text COLLATE "C", ${after.key}::text COLLATE "C", ${after.id}::uuid)`
        : sql``
    }
    ORDER BY p.no_class, coalesce(p.class_name, '') COLLATE "C", p.search_key COLLATE "C", p.id
    LIMIT ${page.limit + 1}`.execute(db);
  return result.rows;
}

/** Where an account sorts in the pending activations of a structure (whatever its status now). */
export async function findPendingSortKey(db: DB, id: string, structureId: string, schoolYear: number): Promise<PendingSortKey | undefined> {
  const result = await sql<{ class_name: string | null; search_key: string }>`
    SELECT cl.name AS class_name, a.search_key FROM accounts a ${classOfYear(schoolYear, structureId)}
    WHERE a.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return { noClass: row.class_name === null ? 1 : 0, className: row.class_name ?? '', key: row.search_key, id };
}

/** The sort key of the account an accounts cursor names. */
export async function findSearchKey(db: DB, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('accounts').select('search_key').where('id', '=', id).executeTakeFirst();
  return row?.search_key;
}

/** Which of these ids are students of the structure this year (not deleted). */
export async function findStudentIds(db: DB, ids: string[], structureId: string, schoolYear: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('structure_members as sm')
    .innerJoin('accounts as a', 'a.id', 'sm.account_id')
    .select('a.id')
    .where('sm.structure_id', '=', structureId)
    .where('sm.school_year', '=', schoolYear)
    .where('a.id', 'in', ids)
    .where('a.profile', '=', 'ELEVE')
    .where('a.deleted_at', 'is', null)
    .execute();
  return rows.map((row) => row.id);
}

/** Inserts an account; the unique index on login answers a concurrent homonym. */
export async function insertAccount(db: DB, values: NewAccount): Promise<{ id: string }> {
  return db.insertInto('accounts').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Adds an account to a structure for a school year. */
export async function insertStructureMember(db: DB, row: { structureId: string; schoolYear: number; accountId: string; profile: Profile }) {
  await db
    .insertInto('structure_members')
    .values({ structure_id: row.structureId, school_year: row.schoolYear, account_id: row.accountId, profile: row.profile })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Links a parent to his children. */
export async function insertParentLinks(db: DB, parentId: string, childIds: string[]) {
  if (childIds.length === 0) return;
  await db
    .insertInto('parent_links')
    .values(childIds.map((childId) => ({ parent_id: parentId, child_id: childId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Puts an account in one class for the year, or in none: its other
 * memberships of that year in these structures end (last year's stay).
 */
export async function setClassOfYear(
  db: DB,
  accountId: string,
  scope: { structureIds: string[]; schoolYear: number },
  classId: string | null,
): Promise<void> {
  if (scope.structureIds.length > 0) {
    await db
      .deleteFrom('class_members')
      .where('account_id', '=', accountId)
      .where('class_id', 'in', (eb) =>
        eb
          .selectFrom('classes')
          .select('id')
          .where('structure_id', 'in', scope.structureIds)
          .where('school_year', '=', scope.schoolYear),
      )
      .execute();
  }
  if (classId) await db.insertInto('class_members').values({ class_id: classId, account_id: accountId }).execute();
}

/** Changes an account's fields (and its updated_at). */
export async function updateAccount(db: DB, id: string, changes: AccountUpdate): Promise<void> {
  await db.updateTable('accounts').set({ ...changes, updated_at: new Date() }).where('id', '=', id).execute();
}

import { type RawBuilder, sql } from 'kysely';
import type { DB } from '../../../platform/db/database.ts';
import type { Attrs } from './aaf-records.ts';

/**
 * SQL of the AAF import. Every function takes a batch (arrays), never one row at a time.
 *
 * byIndex: the joins that follow a batch's keys to other tables are written
 * `unnest(batch) CROSS JOIN LATERAL (… WHERE key = outer.key OFFSET 0)`. The
 * OFFSET 0 keeps the planner from flattening the subquery, so each row of the
 * batch costs one index lookup whatever the statistics say. During a first
 * import they lag far behind the tables (autovacuum analysed `accounts` when
 * it held only staff: "no student here"), and the planner then walked all
 * the students for each batch — the import slowed down as the directory grew.
 */

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** The structures of a collectivité: what one of its imports may take away (teachings, PP roles, memberships there). */
const structuresOf = (collectiviteId: string) => sql`(SELECT id FROM structures WHERE collectivite_id = ${collectiviteId}::uuid)`;

/** The record of `key` is the collectivité's, or no one's yet (import-tenant.ts): the SQL side of isOutsideCollectivite. */
const ownRecord = (kind: string, key: RawBuilder<unknown>, collectiviteId: string) =>
  sql`EXISTS (SELECT 1 FROM provisioning_records o WHERE o.kind = ${kind} AND o.key = ${key}
    AND (o.collectivite_id IS NULL OR o.collectivite_id = ${collectiviteId}::uuid))`;

/** Records the keys of addRequests read by this job; returns those not seen before (the others are duplicates). */
export async function markSeen(db: DB, jobId: string, kind: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const result = await sql<{ key: string }>`
    INSERT INTO provisioning_seen (job_id, kind, key) SELECT ${jobId}::uuid, ${kind}, k FROM unnest(${keys}::text[]) AS k
    ON CONFLICT DO NOTHING RETURNING key`.execute(db);
  return new Set(result.rows.map((r) => r.key));
}

export async function clearSeen(db: DB, jobId: string): Promise<void> {
  await db.deleteFrom('provisioning_seen').where('job_id', '=', jobId).execute();
}

/** Seen rows of jobs that are over (or whose process died): left by a kill. */
export async function clearAbandonedSeen(db: DB, staleBefore: Date): Promise<void> {
  await sql`DELETE FROM provisioning_seen s WHERE NOT EXISTS (
    SELECT 1 FROM jobs j WHERE j.id = s.job_id AND j.status = 'RUNNING' AND j.heartbeat_at >= ${staleBefore})`.execute(db);
}

export interface StoredRecord {
  key: string;
  hash: string;
  target_id: string | null;
  attrs: Attrs | null;
  /** The collectivité whose import stored it (import-tenant.ts). */
  collectivite_id: string | null;
}

/** The last applied state of these keys; attributes only for `withAttrs` (those a modifyRequest changes). */
export async function findStoredRecords(db: DB, kind: string, keys: string[], withAttrs: string[]): Promise<Map<string, StoredRecord>> {
  if (keys.length === 0) return new Map();
  const result = await sql<StoredRecord>`
    SELECT key, hash, target_id, CASE WHEN key = ANY(${withAttrs}::text[]) THEN attrs END AS attrs, collectivite_id
    FROM provisioning_records WHERE kind = ${kind} AND key = ANY(${keys}::text[])`.execute(db);
  return new Map(result.rows.map((r) => [r.key, r]));
}

/** A record's last applied state; `json` is its attributes as JSON, the text its hash was taken of. */
export interface StoredRecordWrite {
  key: string;
  hash: string;
  json: string;
  targetId: string | null;
}

/** Stores the records' last applied state, as records of `collectiviteId` (the import's). */
export async function upsertStoredRecords(db: DB, kind: string, collectiviteId: string, rows: StoredRecordWrite[]): Promise<void> {
  if (rows.length === 0) return;
  // The attributes' JSON is spliced in as it is: serialising them again cost as much as hashing them.
  const payload = `[${rows
    .map((r) => `{"key":${JSON.stringify(r.key)},"hash":${JSON.stringify(r.hash)},"target_id":${r.targetId === null ? 'null' : JSON.stringify(r.targetId)},"attrs":${r.json}}`)
    .join(',')}]`;
  await sql`
    INSERT INTO provisioning_records (kind, key, hash, attrs, target_id, collectivite_id, updated_at)
    SELECT ${kind}, r.key, r.hash, r.attrs, r.target_id, ${collectiviteId}::uuid, now()
    FROM jsonb_to_recordset(${payload}::jsonb) AS r(key text, hash text, attrs jsonb, target_id uuid)
    ON CONFLICT (kind, key) DO UPDATE SET hash = EXCLUDED.hash, attrs = EXCLUDED.attrs, target_id = EXCLUDED.target_id,
      collectivite_id = EXCLUDED.collectivite_id, updated_at = now()`.execute(db);
}

/** Structures by their keys → id and collectivité. */
export async function findStructuresByKey(db: DB, keys: string[]): Promise<Map<string, { id: string; collectivite_id: string }>> {
  if (keys.length === 0) return new Map();
  const rows = await sql<{ id: string; external_id: string; collectivite_id: string }>`
    SELECT id, external_id, collectivite_id FROM structures WHERE external_id = ANY(${keys}::text[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.external_id, r]));
}

/** Structures holding one of these UAIs or keys. */
export async function findStructuresByUaiOrKey(db: DB, uais: string[], keys: string[]) {
  if (uais.length === 0 && keys.length === 0) return [];
  return db
    .selectFrom('structures')
    .select(['id', 'uai', 'external_id', 'collectivite_id'])
    .where((eb) => eb.or([eb('uai', 'in', uais.length ? uais : ['']), eb('external_id', 'in', keys.length ? keys : [''])]))
    .execute();
}

export interface StructureWrite {
  uai: string;
  name: string;
  type: string;
  city: string | null;
  external_id: string;
}

/** Updates a structure an import provisions (or takes over, by its UAI). */
export async function updateStructure(db: DB, id: string, values: StructureWrite): Promise<void> {
  await db.updateTable('structures').set(values).where('id', '=', id).execute();
}

/** Creates a structure of the import's collectivité. */
export async function insertStructure(db: DB, values: StructureWrite & { collectivite_id: string }) {
  return db.insertInto('structures').values(values).returning(['id', 'uai', 'external_id', 'collectivite_id']).executeTakeFirstOrThrow();
}

/** Creates the classes or groups missing and updates the names that changed; returns "structureId$code" → id. */
export async function upsertGroupsOf(
  db: DB,
  table: 'classes' | 'groups',
  schoolYear: number,
  rows: { structureId: string; code: string; name: string; searchKey: string }[],
  options: { updateNames: boolean },
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const data = json(rows.map((r) => ({ structure_id: r.structureId, code: r.code, name: r.name, search_key: r.searchKey })));
  const conflict = options.updateNames
    ? sql`DO UPDATE SET name = EXCLUDED.name, search_key = EXCLUDED.search_key WHERE ${sql.table(table)}.name IS DISTINCT FROM EXCLUDED.name`
    : sql`DO NOTHING`;
  await sql`
    INSERT INTO ${sql.table(table)} (structure_id, school_year, code, name, search_key)
    SELECT r.structure_id, ${schoolYear}, r.code, r.name, r.search_key
    FROM jsonb_to_recordset(${data}) AS r(structure_id uuid, code text, name text, search_key text)
    ON CONFLICT (structure_id, school_year, code) ${conflict}`.execute(db);
  const found = await sql<{ id: string; structure_id: string; code: string }>`
    SELECT t.id, t.structure_id, t.code FROM ${sql.table(table)} t
    JOIN jsonb_to_recordset(${data}) AS r(structure_id uuid, code text) ON t.structure_id = r.structure_id AND t.code = r.code
    WHERE t.school_year = ${schoolYear}`.execute(db);
  return new Map(found.rows.map((r) => [`${r.structure_id}$${r.code}`, r.id]));
}

export interface ExistingAccount {
  id: string;
  external_id: string;
  profile: string;
  leaving_at: Date | null;
}

/** Live (not purged) accounts by key. */
export async function findAccountsByKey(db: DB, keys: string[]): Promise<Map<string, ExistingAccount>> {
  if (keys.length === 0) return new Map();
  // One array parameter, not one parameter per key: a batch is thousands of keys.
  const rows = await sql<ExistingAccount>`
    SELECT id, external_id, profile, leaving_at FROM accounts WHERE external_id = ANY(${keys}::text[]) AND deleted_at IS NULL`.execute(db);
  return new Map(rows.rows.map((r) => [r.external_id, r]));
}

export interface AccountWrite {
  id?: string;
  key: string;
  login?: string;
  activationCode?: string;
  firstName: string;
  lastName: string;
  searchKey: string;
  profile: string;
  staffFunction: string | null;
  email: string | null;
}

const accountReferences = sql.raw(
  'structure_members_account_id_fkey, class_members_account_id_fkey, group_members_account_id_fkey, parent_links_parent_id_fkey, parent_links_child_id_fkey, teachings_teacher_id_fkey, class_principals_teacher_id_fkey',
);

/**
 * Until insertAccounts: rows that refer to accounts (memberships, links,
 * teachings, professeurs principaux) may be written before the accounts of
 * the batch themselves, which are inserted last (see ImportRun.insertNewAccounts).
 */
export async function deferAccountReferences(db: DB): Promise<void> {
  await sql`SET CONSTRAINTS ${accountReferences} DEFERRED`.execute(db);
}

/** New accounts, with the ids the batch gave them; then the references deferred until them are checked. */
export async function insertAccounts(db: DB, rows: (AccountWrite & { id: string })[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO accounts (id, login, first_name, last_name, search_key, profile, staff_function, status, email, activation_code, external_id)
    SELECT r.id, r.login, r.first_name, r.last_name, r.search_key, r.profile::profile, r.staff_function, 'PROVISIONED', r.email, r.activation_code, r.key
    FROM jsonb_to_recordset(${json(
      rows.map((r) => ({
        id: r.id,
        login: r.login,
        first_name: r.firstName,
        last_name: r.lastName,
        search_key: r.searchKey,
        profile: r.profile,
        staff_function: r.staffFunction,
        email: r.email,
        activation_code: r.activationCode,
        key: r.key,
      })),
    )}) AS r(id uuid, login text, first_name text, last_name text, search_key text, profile text, staff_function text, email text, activation_code text, key text)`.execute(db);
  // Now rather than at the commit: a dry run never commits, and its one
  // transaction would otherwise queue every reference of the run, unchecked.
  await sql`SET CONSTRAINTS ${accountReferences} IMMEDIATE`.execute(db);
}

/** Updates names, profile and function; clears a departure, and lifts the block a departure caused. */
export async function updateAccounts(db: DB, rows: AccountWrite[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    UPDATE accounts a SET first_name = r.first_name, last_name = r.last_name, search_key = r.search_key,
      profile = r.profile::profile, staff_function = r.staff_function, updated_at = now(), leaving_at = NULL,
      status = CASE WHEN a.lifecycle_blocked THEN (CASE WHEN a.password_hash IS NULL THEN 'PROVISIONED' ELSE 'ACTIVE' END)::account_status ELSE a.status END,
      blocked_at = CASE WHEN a.lifecycle_blocked THEN NULL ELSE a.blocked_at END,
      lifecycle_blocked = false
    FROM jsonb_to_recordset(${json(
      rows.map((r) => ({ id: r.id, first_name: r.firstName, last_name: r.lastName, search_key: r.searchKey, profile: r.profile, staff_function: r.staffFunction })),
    )}) AS r(id uuid, first_name text, last_name text, search_key text, profile text, staff_function text)
    WHERE a.id = r.id`.execute(db);
}

/**
 * Replaces the memberships of the year in provisioned structures of these
 * accounts. `accountIds` are the accounts that may already have some (the
 * accounts just created have none: nothing to delete for them).
 */
export async function replaceMemberships(
  db: DB,
  collectiviteId: string,
  schoolYear: number,
  accountIds: string[],
  structures: { accountId: string; structureId: string; profile: string; searchKey?: string }[],
  classes: { accountId: string; id: string }[],
  groups: { accountId: string; id: string }[],
  options: { withClasses: boolean },
): Promise<void> {
  // Only the import's own collectivité's structures: what another's gave stays.
  const provisioned = sql`(SELECT id FROM structures WHERE external_id IS NOT NULL AND collectivite_id = ${collectiviteId}::uuid)`;
  if (accountIds.length > 0) {
    await sql`DELETE FROM structure_members WHERE account_id = ANY(${accountIds}::uuid[]) AND school_year = ${schoolYear} AND structure_id IN ${provisioned}`.execute(db);
  }
  if (structures.length > 0) {
    // The search key of an account not inserted yet is given (see ImportRun.insertNewAccounts); the others' is copied by the database.
    await sql`INSERT INTO structure_members (structure_id, school_year, account_id, profile, search_key)
      SELECT r.structure_id, ${schoolYear}, r.account_id, r.profile::profile, r.search_key
      FROM jsonb_to_recordset(${json(structures.map((s) => ({ structure_id: s.structureId, account_id: s.accountId, profile: s.profile, search_key: s.searchKey ?? null })))})
        AS r(structure_id uuid, account_id uuid, profile text, search_key text)
      ON CONFLICT DO NOTHING`.execute(db);
  }
  if (!options.withClasses) return;
  for (const [table, column, rows] of [
    ['class_members', 'class_id', classes],
    ['group_members', 'group_id', groups],
  ] as const) {
    const owner = table === 'class_members' ? sql`classes` : sql`groups`;
    if (accountIds.length > 0) await sql`DELETE FROM ${sql.table(table)} m USING ${owner} g
      WHERE m.${sql.ref(column)} = g.id AND m.account_id = ANY(${accountIds}::uuid[]) AND g.school_year = ${schoolYear} AND g.structure_id IN ${provisioned}`.execute(db);
    if (rows.length > 0) {
      await sql`INSERT INTO ${sql.table(table)} (${sql.ref(column)}, account_id)
        SELECT r.id, r.account_id FROM jsonb_to_recordset(${json(rows.map((r) => ({ id: r.id, account_id: r.accountId })))}) AS r(id uuid, account_id uuid)
        ON CONFLICT DO NOTHING`.execute(db);
    }
  }
}

/** Replaces the relations the students' records state. */
export async function replaceRelations(db: DB, studentKeys: string[], rows: { studentKey: string; parentKey: string; respLegal: number; relationship: string }[]) {
  if (studentKeys.length === 0) return;
  await sql`DELETE FROM provisioning_relations WHERE student_key = ANY(${studentKeys}::text[])`.execute(db);
  if (rows.length === 0) return;
  await sql`INSERT INTO provisioning_relations (student_key, parent_key, resp_legal, relationship)
    SELECT r.student_key, r.parent_key, r.resp_legal, r.relationship
    FROM jsonb_to_recordset(${json(rows.map((r) => ({ student_key: r.studentKey, parent_key: r.parentKey, resp_legal: r.respLegal, relationship: r.relationship })))})
      AS r(student_key text, parent_key text, resp_legal smallint, relationship text)
    ON CONFLICT DO NOTHING`.execute(db);
}

/**
 * Makes the parent links of these students what their relations say (for the
 * allowed respLégal values, with parents that exist and are the import's
 * collectivité's). Links to parents not provisioned from AAF (made by an
 * admin) are left alone. Returns every parent whose links may have changed.
 */
export async function syncLinksOfStudents(db: DB, collectiviteId: string, students: { id: string; key: string }[], respLegal: number[]): Promise<string[]> {
  if (students.length === 0) return [];
  const studentIds = students.map((s) => s.id);
  const before = await sql<{ parent_id: string; child_id: string }>`
    SELECT parent_id, child_id FROM parent_links WHERE child_id = ANY(${studentIds}::uuid[])`.execute(db);
  // Driven by the batch's (id, key) pairs, one index lookup per pair (see byIndex).
  const desired = sql`SELECT p.id AS parent_id, s.id AS child_id
    FROM unnest(${studentIds}::uuid[], ${students.map((s) => s.key)}::text[]) AS s(id, key)
    CROSS JOIN LATERAL (SELECT r.parent_key FROM provisioning_relations r
      WHERE r.student_key = s.key AND r.resp_legal = ANY(${respLegal}::smallint[]) OFFSET 0) r
    CROSS JOIN LATERAL (SELECT p.id FROM accounts p
      WHERE p.external_id = r.parent_key AND p.deleted_at IS NULL AND p.profile = 'PARENT' AND ${ownRecord('PARENT', sql`r.parent_key`, collectiviteId)} OFFSET 0) p`;
  // Only the students who have links can lose one (none of them on a first import).
  const linked = [...new Set(before.rows.map((r) => r.child_id))];
  if (linked.length > 0) {
    await sql`DELETE FROM parent_links l
      WHERE l.child_id = ANY(${linked}::uuid[])
        AND EXISTS (SELECT 1 FROM accounts p WHERE p.id = l.parent_id AND p.external_id IS NOT NULL)
        AND (l.parent_id, l.child_id) NOT IN (${desired})`.execute(db);
  }
  const after = await sql<{ parent_id: string }>`INSERT INTO parent_links (parent_id, child_id) ${desired} ON CONFLICT DO NOTHING RETURNING parent_id`.execute(db);
  return [...new Set([...before.rows, ...after.rows].map((r) => r.parent_id))];
}

/** Links new or returning parents to the students of the import's collectivité that name them. */
export async function linkParents(db: DB, collectiviteId: string, parents: { id: string; key: string }[], respLegal: number[]): Promise<void> {
  if (parents.length === 0) return;
  // Driven by the batch's (id, key) pairs, one index lookup per pair (see byIndex).
  await sql`INSERT INTO parent_links (parent_id, child_id)
    SELECT p.id, s.id FROM unnest(${parents.map((p) => p.id)}::uuid[], ${parents.map((p) => p.key)}::text[]) AS p(id, key)
    CROSS JOIN LATERAL (SELECT r.student_key FROM provisioning_relations r
      WHERE r.parent_key = p.key AND r.resp_legal = ANY(${respLegal}::smallint[]) OFFSET 0) r
    CROSS JOIN LATERAL (SELECT s.id FROM accounts s
      WHERE s.external_id = r.student_key AND s.deleted_at IS NULL AND s.profile = 'ELEVE' AND ${ownRecord('STUDENT', sql`r.student_key`, collectiviteId)} OFFSET 0) s
    ON CONFLICT DO NOTHING`.execute(db);
}

/**
 * Before their memberships are recomputed (their children's links changed):
 * notes, in the job's work table, the structures these parents belong to this
 * year, so that one absent from a complet file still leaves when the new
 * links took the membership his departure is decided on (markAbsentLeaving).
 */
export async function noteParentMemberships(db: DB, jobId: string, schoolYear: number, parentIds: string[]): Promise<void> {
  if (parentIds.length === 0) return;
  await sql`INSERT INTO provisioning_seen (job_id, kind, key)
    SELECT ${jobId}::uuid, 'PARENT_MEMBER', sm.account_id::text || '$' || sm.structure_id::text FROM structure_members sm
    WHERE sm.account_id = ANY(${parentIds}::uuid[]) AND sm.school_year = ${schoolYear} AND sm.profile = 'PARENT'
    ON CONFLICT DO NOTHING`.execute(db);
}

/**
 * A parent belongs, this year, to the structures of his children.
 * `newSearchKeys`: the search keys of the parents whose accounts are not inserted yet (the others' is copied by the database).
 */
export async function recomputeParentMemberships(db: DB, schoolYear: number, parentIds: string[], newSearchKeys?: Map<string, string>): Promise<void> {
  if (parentIds.length === 0) return;
  await sql`DELETE FROM structure_members WHERE account_id = ANY(${parentIds}::uuid[]) AND school_year = ${schoolYear} AND profile = 'PARENT'`.execute(db);
  const keys = parentIds.map((id) => newSearchKeys?.get(id) ?? null);
  // Driven by the parent ids, one index lookup per link (see byIndex).
  await sql`INSERT INTO structure_members (structure_id, school_year, account_id, profile, search_key)
    SELECT DISTINCT sm.structure_id, ${schoolYear}::smallint, l.parent_id, 'PARENT'::profile, p.search_key
    FROM unnest(${parentIds}::uuid[], ${keys}::text[]) AS p(id, search_key)
    CROSS JOIN LATERAL (SELECT l.parent_id, l.child_id FROM parent_links l WHERE l.parent_id = p.id OFFSET 0) l
    CROSS JOIN LATERAL (SELECT sm.structure_id FROM structure_members sm
      WHERE sm.account_id = l.child_id AND sm.school_year = ${schoolYear} OFFSET 0) sm
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function ensureSubjects(db: DB, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  await sql`INSERT INTO subjects (code, short_name, name) SELECT c, c, c FROM unnest(${codes}::text[]) AS c ON CONFLICT DO NOTHING`.execute(db);
}

export async function upsertSubjects(db: DB, rows: { code: string; name: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`INSERT INTO subjects (code, short_name, name)
    SELECT r.code, left(r.name, 20), r.name FROM jsonb_to_recordset(${json(rows)}) AS r(code text, name text)
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, short_name = EXCLUDED.short_name`.execute(db);
}

export async function upsertMefs(db: DB, rows: { code: string; name: string; rattach: string | null; stat11: string | null; level: string | null; track: string | null }[]) {
  if (rows.length === 0) return;
  await sql`INSERT INTO mefs (code, name, rattach, stat11, level, track)
    SELECT r.code, r.name, r.rattach, r.stat11, r.level, r.track
    FROM jsonb_to_recordset(${json(rows)}) AS r(code text, name text, rattach text, stat11 text, level text, track text)
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, rattach = EXCLUDED.rattach, stat11 = EXCLUDED.stat11, level = EXCLUDED.level, track = EXCLUDED.track`.execute(db);
}

/**
 * Makes the teachings of these teachers, this year, exactly the given ones:
 * removes the others, adds the missing.
 * Rows are kept when unchanged, so what refers to a teaching keeps it.
 * `teacherIds` are the teachers that may already have teachings (not those just created).
 */
export async function syncTeachings(
  db: DB,
  collectiviteId: string,
  schoolYear: number,
  teacherIds: string[],
  rows: { teacherId: string; classId: string | null; groupId: string | null; subject: string }[],
): Promise<void> {
  if (teacherIds.length === 0 && rows.length === 0) return;
  const data = json(rows.map((r) => ({ teacher_id: r.teacherId, class_id: r.classId, group_id: r.groupId, subject_code: r.subject })));
  const recordset = sql`jsonb_to_recordset(${data}) AS r(teacher_id uuid, class_id uuid, group_id uuid, subject_code text)`;
  if (teacherIds.length > 0) await sql`DELETE FROM teachings t WHERE t.teacher_id = ANY(${teacherIds}::uuid[])
    AND (EXISTS (SELECT 1 FROM classes c WHERE c.id = t.class_id AND c.school_year = ${schoolYear} AND c.structure_id IN ${structuresOf(collectiviteId)})
      OR EXISTS (SELECT 1 FROM groups g WHERE g.id = t.group_id AND g.school_year = ${schoolYear} AND g.structure_id IN ${structuresOf(collectiviteId)}))
    AND NOT EXISTS (SELECT 1 FROM ${recordset}
      WHERE r.teacher_id = t.teacher_id AND coalesce(r.class_id, r.group_id) = coalesce(t.class_id, t.group_id) AND r.subject_code = t.subject_code)`.execute(db);
  if (rows.length === 0) return;
  await sql`INSERT INTO teachings (teacher_id, class_id, group_id, subject_code)
    SELECT r.teacher_id, r.class_id, r.group_id, r.subject_code FROM ${recordset}
    ON CONFLICT (teacher_id, coalesce(class_id, group_id), subject_code) DO NOTHING`.execute(db);
}

/**
 * Makes the classes of this year these teachers are professeur principal of
 * exactly the given ones (teaching there or not): removes the others, adds the
 * missing, and leaves the unchanged rows unwritten.
 * `teacherIds` are the teachers that may already have some (not those just created).
 */
export async function syncPrincipals(
  db: DB,
  collectiviteId: string,
  schoolYear: number,
  teacherIds: string[],
  rows: { teacherId: string; classId: string }[],
): Promise<void> {
  if (teacherIds.length === 0 && rows.length === 0) return;
  const recordset = sql`jsonb_to_recordset(${json(rows.map((r) => ({ teacher_id: r.teacherId, class_id: r.classId })))}) AS r(teacher_id uuid, class_id uuid)`;
  if (teacherIds.length > 0) await sql`DELETE FROM class_principals p WHERE p.teacher_id = ANY(${teacherIds}::uuid[])
    AND EXISTS (SELECT 1 FROM classes c WHERE c.id = p.class_id AND c.school_year = ${schoolYear} AND c.structure_id IN ${structuresOf(collectiviteId)})
    AND NOT EXISTS (SELECT 1 FROM ${recordset} WHERE r.teacher_id = p.teacher_id AND r.class_id = p.class_id)`.execute(db);
  if (rows.length === 0) return;
  await sql`INSERT INTO class_principals (class_id, teacher_id) SELECT r.class_id, r.teacher_id FROM ${recordset} ON CONFLICT DO NOTHING`.execute(db);
}

/** Accounts a deleteRequest names: they start to leave now (unless already leaving). */
export async function markLeaving(db: DB, accountIds: string[], at: Date): Promise<void> {
  if (accountIds.length === 0) return;
  await sql`UPDATE accounts SET leaving_at = ${at} WHERE id = ANY(${accountIds}::uuid[]) AND leaving_at IS NULL`.execute(db);
}

/**
 * Accounts of this kind and academy that the complet files did not list, and
 * that belong to a covered structure: they start to leave. Belonging is this
 * year's membership; last year's for an account with none this year (the
 * first import of a school year, when the accounts listed have just got this
 * year's memberships and the absent ones still have last year's only); or, for
 * a parent, a membership this import took away with his children's new links
 * (noteParentMemberships).
 */
export async function markAbsentLeaving(
  db: DB,
  input: { jobId: string; collectiviteId: string; kind: string; prefix: string; schoolYear: number; structureIds: string[]; at: Date },
): Promise<number> {
  if (input.structureIds.length === 0) return 0;
  // The seen keys were just written: without fresh statistics the planner
  // expects none and walks them once per record (minutes at a region's size).
  await sql`ANALYZE provisioning_seen`.execute(db);
  await sql`ANALYZE provisioning_records`.execute(db);
  const result = await sql<{ id: string }>`
    WITH absent AS (
      SELECT r.target_id FROM provisioning_records r
      LEFT JOIN provisioning_seen s ON s.job_id = ${input.jobId}::uuid AND s.kind = r.kind AND s.key = r.key
      WHERE r.kind = ${input.kind} AND left(r.key, ${input.prefix.length}) = ${input.prefix} AND r.target_id IS NOT NULL AND s.key IS NULL
        AND r.collectivite_id = ${input.collectiviteId}::uuid
    )
    UPDATE accounts a SET leaving_at = ${input.at}
    FROM absent x
    WHERE a.id = x.target_id AND a.leaving_at IS NULL AND a.deleted_at IS NULL
      AND (EXISTS (SELECT 1 FROM structure_members sm WHERE sm.account_id = a.id AND sm.school_year = ${input.schoolYear}
          AND sm.structure_id = ANY(${input.structureIds}::uuid[]))
        OR (EXISTS (SELECT 1 FROM structure_members sm WHERE sm.account_id = a.id AND sm.school_year = ${input.schoolYear - 1}
            AND sm.structure_id = ANY(${input.structureIds}::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM structure_members sm WHERE sm.account_id = a.id AND sm.school_year = ${input.schoolYear}))
        OR EXISTS (SELECT 1 FROM provisioning_seen w JOIN unnest(${input.structureIds}::uuid[]) AS c(id) ON w.key = a.id::text || '$' || c.id::text
          WHERE w.job_id = ${input.jobId}::uuid AND w.kind = 'PARENT_MEMBER'))
    RETURNING a.id`.execute(db);
  return result.rows.length;
}

/** Only the accounts whose records are this collectivité's (the import's); every leaver without. */
const leaverScope = (collectiviteId: string | undefined) =>
  collectiviteId
    ? sql`AND EXISTS (SELECT 1 FROM provisioning_records o WHERE o.target_id = accounts.id AND o.collectivite_id = ${collectiviteId}::uuid)`
    : sql``;

/** Accounts leaving for longer than the grace period: blocked. Returns their ids (to end their sessions). */
export async function blockLeavers(db: DB, before: Date, at: Date, collectiviteId?: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    UPDATE accounts SET status = 'BLOCKED', blocked_at = ${at}, lifecycle_blocked = true
    WHERE leaving_at < ${before} AND deleted_at IS NULL AND status <> 'BLOCKED' ${leaverScope(collectiviteId)}
    RETURNING id`.execute(db);
  return result.rows.map((r) => r.id);
}

/**
 * Accounts leaving for longer than the retention period: purged, up to
 * `limit` at a time. Memberships, links, professeur principal roles, sessions
 * and tokens go (teachings stay, as history); the row stays
 * (soft-deleted, names and codes wiped, jointure released) so what refers to
 * it keeps a target and its login is never given again.
 */
export async function purgeLeavers(db: DB, before: Date, at: Date, limit: number, schoolYear: number, collectiviteId?: string): Promise<number> {
  const rows = await sql<{ id: string; external_id: string | null }>`
    SELECT id, external_id FROM accounts WHERE leaving_at < ${before} AND deleted_at IS NULL ${leaverScope(collectiviteId)} LIMIT ${limit}`.execute(db);
  const ids = rows.rows.map((r) => r.id);
  if (ids.length === 0) return 0;
  const keys = rows.rows.map((r) => r.external_id).filter((k): k is string => k !== null);
  // Parents who stay lose the structures of the children purged.
  const parents = await sql<{ parent_id: string }>`
    SELECT DISTINCT parent_id FROM parent_links WHERE child_id = ANY(${ids}::uuid[]) AND NOT parent_id = ANY(${ids}::uuid[])`.execute(db);
  for (const statement of [
    sql`DELETE FROM structure_members WHERE account_id = ANY(${ids}::uuid[])`,
    sql`DELETE FROM class_members WHERE account_id = ANY(${ids}::uuid[])`,
    sql`DELETE FROM group_members WHERE account_id = ANY(${ids}::uuid[])`,
    sql`DELETE FROM parent_links WHERE parent_id = ANY(${ids}::uuid[]) OR child_id = ANY(${ids}::uuid[])`,
    sql`DELETE FROM class_principals WHERE teacher_id = ANY(${ids}::uuid[])`,
    sql`DELETE FROM sessions WHERE account_id = ANY(${ids}::uuid[])`,
    sql`DELETE FROM auth_tokens WHERE account_id = ANY(${ids}::uuid[])`,
    sql`DELETE FROM provisioning_relations WHERE student_key = ANY(${keys}::text[])`,
    sql`DELETE FROM provisioning_records WHERE target_id = ANY(${ids}::uuid[])`,
    sql`UPDATE accounts SET first_name = '-', last_name = '-', search_key = '', email = NULL, password_hash = NULL,
      activation_code = NULL, external_id = NULL, status = 'BLOCKED', deleted_at = ${at}, updated_at = ${at}
      WHERE id = ANY(${ids}::uuid[])`,
  ]) {
    await statement.execute(db);
  }
  await recomputeParentMemberships(db, schoolYear, parents.rows.map((r) => r.parent_id));
  return ids.length;
}

import { type Kysely, type RawBuilder, sql, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { WorkspaceItemsTable } from '../../platform/db/schema-workspace.ts';
import { classesAttendedSql, classesTaughtSql, groupsAttendedSql } from '../directory/relations.repository.ts';

/**
 * SQL of the espace documentaire. Every read that answers an actor takes his
 * scope (account, school year) and computes his right in the same statement:
 * the highest of owning the item or one of its folders, a class folder of a
 * class he teaches (manage) or attends (read), and the shares on the item or
 * its folders that name him, his class, his group or his profile in his
 * structure.
 */

type Db = Kysely<Database> | Transaction<Database>;
export type ItemRow = Selectable<WorkspaceItemsTable> & { owner_name: string };

/** Who reads: the account and the school year his classes and groups are taken from. */
export interface WorkspaceScope {
  accountId: string;
  schoolYear: number;
}

/** 0 none, 1 read, 2 contribute, 3 manage, 4 owner. */
export type RightRank = 0 | 1 | 2 | 3 | 4;

/** Folders are nested at most this deep (a chain longer than this is not followed). */
export const MAX_DEPTH = 32;

function shareMatches(scope: WorkspaceScope, alias: string): RawBuilder<boolean> {
  const s = (column: string) => sql.ref(`${alias}.${column}`);
  const { accountId: me, schoolYear: year } = scope;
  return sql<boolean>`((${s('target_kind')} = 'account' AND ${s('target_id')} = ${me})
    OR (${s('target_kind')} = 'class' AND ${s('target_id')} IN (${classesAttendedSql(me, year)}))
    OR (${s('target_kind')} = 'group' AND ${s('target_id')} IN (${groupsAttendedSql(me, year)}))
    OR (${s('target_kind')} = 'profile' AND EXISTS (SELECT 1 FROM structure_members sm
      WHERE sm.account_id = ${me} AND sm.school_year = ${year} AND sm.structure_id = ${s('target_id')} AND sm.profile::text = ${s('target_profile')})))`;
}

/** The rank one item (alias a) gives by itself, without its folders. */
function ownRank(scope: WorkspaceScope, alias: string): RawBuilder<number> {
  const a = (column: string) => sql.ref(`${alias}.${column}`);
  const { accountId: me, schoolYear: year } = scope;
  return sql<number>`greatest(
    CASE WHEN ${a('owner_id')} = ${me} THEN 4 ELSE 0 END,
    CASE WHEN ${a('class_id')} IS NULL THEN 0
      WHEN ${a('class_id')} IN (${classesTaughtSql(me, year)}) THEN 3
      WHEN ${a('class_id')} IN (${classesAttendedSql(me, year)}) THEN 1 ELSE 0 END,
    coalesce((SELECT max(CASE sh."right" WHEN 'manage' THEN 3 WHEN 'contribute' THEN 2 ELSE 1 END)
      FROM workspace_shares sh WHERE sh.item_id = ${a('id')} AND ${shareMatches(scope, 'sh')}), 0))`;
}

/** The actor's rank on each of these items (the highest along their folders). */
export async function findRanks(db: Db, scope: WorkspaceScope, ids: readonly string[]): Promise<Map<string, RightRank>> {
  const ranks = new Map<string, RightRank>();
  if (ids.length === 0) return ranks;
  const result = await sql<{ item_id: string; rank: number }>`
    WITH RECURSIVE chain(item_id, ancestor_id, depth) AS (
      SELECT i.id, i.id, 0 FROM workspace_items i WHERE i.id IN (${sql.join([...ids])})
      UNION ALL
      SELECT c.item_id, p.parent_id, c.depth + 1 FROM chain c JOIN workspace_items p ON p.id = c.ancestor_id
      WHERE p.parent_id IS NOT NULL AND c.depth < ${MAX_DEPTH}
    )
    SELECT c.item_id, max(${ownRank(scope, 'a')}) AS rank
    FROM chain c JOIN workspace_items a ON a.id = c.ancestor_id
    GROUP BY c.item_id`.execute(db);
  for (const row of result.rows) ranks.set(row.item_id, Number(row.rank) as RightRank);
  return ranks;
}

function itemsWithOwner(db: Db) {
  return db
    .selectFrom('workspace_items as i')
    .innerJoin('accounts as o', 'o.id', 'i.owner_id')
    .selectAll('i')
    .select(sql<string>`o.first_name || ' ' || o.last_name`.as('owner_name'));
}

/** One item with its owner's name, for a service that then checks the actor's rank on it (findRanks). */
export async function unsafeGetItem(db: Db, id: string): Promise<ItemRow | undefined> {
  return itemsWithOwner(db).where('i.id', '=', id).executeTakeFirst();
}

/** The same item, locked until the transaction ends (moves, versions, trash). */
export async function lockItem(trx: Transaction<Database>, id: string): Promise<Selectable<WorkspaceItemsTable> | undefined> {
  return trx.selectFrom('workspace_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Keyset of a folder's order: folders first, then by name, then id. */
export interface ItemCursor {
  isFile: boolean;
  name: string;
  id: string;
}

export interface ItemPage {
  after?: ItemCursor;
  limit: number;
}

function afterCursor(after: ItemCursor | undefined): RawBuilder<boolean> {
  if (!after) return sql<boolean>`true`;
  return sql<boolean>`((i.kind <> 'folder'), i.name, i.id) > (${after.isFile}, ${after.name}, ${after.id}::uuid)`;
}

const pageOrder = sql`(i.kind <> 'folder'), i.name, i.id`;

/** One page (limit + 1 rows) of a folder's content, out of the trash. */
export async function findChildren(db: Db, parentId: string, page: ItemPage): Promise<ItemRow[]> {
  return itemsWithOwner(db)
    .where('i.parent_id', '=', parentId)
    .where('i.trashed_at', 'is', null)
    .where(afterCursor(page.after))
    .orderBy(pageOrder)
    .limit(page.limit + 1)
    .execute();
}

/** One page of the top of an account's "Mes documents", out of the trash. */
export async function findRootItems(db: Db, ownerId: string, page: ItemPage): Promise<ItemRow[]> {
  return itemsWithOwner(db)
    .where('i.owner_id', '=', ownerId)
    .where('i.parent_id', 'is', null)
    .where('i.class_id', 'is', null)
    .where('i.trashed_at', 'is', null)
    .where(afterCursor(page.after))
    .orderBy(pageOrder)
    .limit(page.limit + 1)
    .execute();
}

/** "Partagés avec moi": items others shared with the actor (or his class, group, profile), and his class folders. */
export async function findSharedWith(db: Db, scope: WorkspaceScope, page: ItemPage): Promise<ItemRow[]> {
  const { accountId: me, schoolYear: year } = scope;
  return itemsWithOwner(db)
    .where(
      sql<boolean>`i.id IN (
        SELECT s.item_id FROM workspace_shares s WHERE ${shareMatches(scope, 's')}
        UNION SELECT w.id FROM workspace_items w WHERE w.class_id IN (${classesTaughtSql(me, year)} UNION ${classesAttendedSql(me, year)}))`,
    )
    .where(sql<boolean>`(i.owner_id <> ${me} OR i.class_id IS NOT NULL)`)
    .where('i.trashed_at', 'is', null)
    .where(afterCursor(page.after))
    .orderBy(pageOrder)
    .limit(page.limit + 1)
    .execute();
}

/** The actor's trash: what he put there, and what others put there from his documents. */
export async function findTrash(db: Db, accountId: string, page: ItemPage): Promise<ItemRow[]> {
  return itemsWithOwner(db)
    .where('i.trash_root', '=', true)
    .where((eb) => eb.or([eb('i.owner_id', '=', accountId), eb('i.trashed_by', '=', accountId)]))
    .where(afterCursor(page.after))
    .orderBy(pageOrder)
    .limit(page.limit + 1)
    .execute();
}

/** The item's folders, top first (the item itself excluded). */
export async function findAncestors(db: Db, id: string): Promise<{ id: string; name: string }[]> {
  const result = await sql<{ id: string; name: string; depth: number }>`
    WITH RECURSIVE up(id, name, parent_id, depth) AS (
      SELECT p.id, p.name, p.parent_id, 1 FROM workspace_items i JOIN workspace_items p ON p.id = i.parent_id WHERE i.id = ${id}
      UNION ALL
      SELECT p.id, p.name, p.parent_id, u.depth + 1 FROM up u JOIN workspace_items p ON p.id = u.parent_id WHERE u.depth < ${MAX_DEPTH}
    )
    SELECT id, name, depth FROM up ORDER BY depth DESC`.execute(db);
  return result.rows.map(({ id: ancestorId, name }) => ({ id: ancestorId, name }));
}

export interface SubtreeRow {
  id: string;
  parent_id: string | null;
  kind: 'folder' | 'file';
  name: string;
  storage_key: string | null;
  size: number | null;
  content_type: string | null;
  scan_status: 'clean' | 'pending' | 'disabled' | null;
  thumbnail_key: string | null;
  trashed_at: Date | null;
  depth: number;
}

/** The item and everything under it, `limit` rows at most (the caller refuses a bigger tree). */
export async function findSubtree(db: Db, id: string, limit: number): Promise<SubtreeRow[]> {
  const result = await sql<SubtreeRow>`
    WITH RECURSIVE down(id, parent_id, kind, name, storage_key, size, content_type, scan_status, thumbnail_key, trashed_at, depth) AS (
      SELECT i.id, i.parent_id, i.kind, i.name, i.storage_key, i.size, i.content_type, i.scan_status, i.thumbnail_key, i.trashed_at, 0
      FROM workspace_items i WHERE i.id = ${id}
      UNION ALL
      SELECT c.id, c.parent_id, c.kind, c.name, c.storage_key, c.size, c.content_type, c.scan_status, c.thumbnail_key, c.trashed_at, d.depth + 1
      FROM down d JOIN workspace_items c ON c.parent_id = d.id WHERE d.depth < ${MAX_DEPTH}
    )
    SELECT * FROM down ORDER BY depth, name, id LIMIT ${limit}`.execute(db);
  return result.rows.map((row) => ({ ...row, size: row.size === null ? null : Number(row.size) }));
}

/** Whether `folderId` is `id` or lies under it (a move there would make a loop). */
export async function isWithin(db: Db, folderId: string, id: string): Promise<boolean> {
  const result = await sql<{ id: string }>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT i.id, i.parent_id, 0 FROM workspace_items i WHERE i.id = ${folderId}
      UNION ALL
      SELECT p.id, p.parent_id, u.depth + 1 FROM up u JOIN workspace_items p ON p.id = u.parent_id WHERE u.depth < ${MAX_DEPTH}
    )
    SELECT id FROM up WHERE id = ${id}`.execute(db);
  return result.rows.length > 0;
}

/** How deep the folder lies (0: at the top). */
export async function depthOf(db: Db, folderId: string): Promise<number> {
  return (await findAncestors(db, folderId)).length;
}

export async function insertFolder(db: Db, values: { ownerId: string; parentId: string | null; name: string; classId?: string | null }) {
  return db
    .insertInto('workspace_items')
    .values({ owner_id: values.ownerId, parent_id: values.parentId, kind: 'folder', name: values.name, class_id: values.classId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function findClassFolder(db: Db, classId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('workspace_items').select('id').where('class_id', '=', classId).executeTakeFirst();
}

export interface NewFileVersion {
  storageKey: string;
  fileName: string;
  size: number;
  contentType: string;
  scanStatus: 'clean' | 'pending' | 'disabled';
  authorId: string;
  /** A thumbnail already made for these bytes (a copy of a file that had one). */
  thumbnailKey?: string | null;
}

/** A new file and its first version. */
export async function insertFile(trx: Db, values: { ownerId: string; parentId: string | null } & NewFileVersion): Promise<string> {
  const item = await trx
    .insertInto('workspace_items')
    .values({
      owner_id: values.ownerId,
      parent_id: values.parentId,
      kind: 'file',
      name: values.fileName,
      storage_key: values.storageKey,
      size: values.size,
      content_type: values.contentType,
      scan_status: values.scanStatus,
      thumbnail_key: values.thumbnailKey ?? null,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertVersionRow(trx, item.id, 1, values);
  return item.id;
}

async function insertVersionRow(trx: Db, itemId: string, version: number, values: NewFileVersion) {
  await trx
    .insertInto('workspace_versions')
    .values({
      item_id: itemId,
      version,
      storage_key: values.storageKey,
      file_name: values.fileName,
      size: values.size,
      content_type: values.contentType,
      scan_status: values.scanStatus,
      author_id: values.authorId,
      thumbnail_key: values.thumbnailKey ?? null,
    })
    .execute();
}

/** A new current version of a file (the item locked by the caller); earlier ones stay. */
export async function insertVersion(trx: Db, itemId: string, values: NewFileVersion, now: Date): Promise<number> {
  const last = await trx.selectFrom('workspace_versions').select(sql<number>`max(version)`.as('version')).where('item_id', '=', itemId).executeTakeFirst();
  const version = Number(last?.version ?? 0) + 1;
  await insertVersionRow(trx, itemId, version, values);
  await trx
    .updateTable('workspace_items')
    .set({
      storage_key: values.storageKey,
      size: values.size,
      content_type: values.contentType,
      scan_status: values.scanStatus,
      thumbnail_key: values.thumbnailKey ?? null,
      version,
      updated_at: now,
    })
    .where('id', '=', itemId)
    .execute();
  return version;
}

export async function findVersions(db: Db, itemId: string) {
  return db
    .selectFrom('workspace_versions as v')
    .leftJoin('accounts as a', 'a.id', 'v.author_id')
    .select(['v.id', 'v.version', 'v.storage_key', 'v.file_name', 'v.size', 'v.content_type', 'v.scan_status', 'v.created_at'])
    .select(sql<string>`coalesce(a.first_name || ' ' || a.last_name, '')`.as('author_name'))
    .where('v.item_id', '=', itemId)
    .orderBy('v.version', 'desc')
    .limit(500)
    .execute();
}

export async function getVersion(db: Db, itemId: string, versionId: string) {
  return db.selectFrom('workspace_versions').selectAll().where('item_id', '=', itemId).where('id', '=', versionId).executeTakeFirst();
}

/** Makes an earlier version the current one (its bytes are shared, nothing copied). */
export async function setCurrentVersion(trx: Db, itemId: string, version: Selectable<Database['workspace_versions']>, now: Date) {
  await trx
    .updateTable('workspace_items')
    .set({
      storage_key: version.storage_key,
      size: Number(version.size),
      content_type: version.content_type,
      scan_status: version.scan_status,
      thumbnail_key: version.thumbnail_key,
      version: version.version,
      updated_at: now,
    })
    .where('id', '=', itemId)
    .execute();
}

export async function updateItem(db: Db, id: string, values: { name?: string; parentId?: string | null }, now: Date) {
  await db
    .updateTable('workspace_items')
    .set({ ...(values.name !== undefined ? { name: values.name } : {}), ...(values.parentId !== undefined ? { parent_id: values.parentId } : {}), updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Puts a subtree in the trash: the root marked as what the actor trashed, everything under it hidden with it. */
export async function trashSubtree(trx: Db, rootId: string, ids: readonly string[], by: string, now: Date) {
  await trx.updateTable('workspace_items').set({ trashed_at: now, trashed_by: by }).where('id', 'in', [...ids]).where('trashed_at', 'is', null).execute();
  await trx.updateTable('workspace_items').set({ trash_root: true, trashed_at: now, trashed_by: by }).where('id', '=', rootId).execute();
}

/** Takes a trashed subtree out (what was trashed with it, not what had been trashed before on its own). */
export async function restoreSubtree(trx: Db, rootId: string, trashedAt: Date, ids: readonly string[], parentId: string | null) {
  await trx.updateTable('workspace_items').set({ trashed_at: null, trashed_by: null }).where('id', 'in', [...ids]).where('trashed_at', '=', trashedAt).where('trash_root', '=', false).execute();
  await trx.updateTable('workspace_items').set({ trashed_at: null, trashed_by: null, trash_root: false, parent_id: parentId }).where('id', '=', rootId).execute();
}

/** Storage keys of every version of these items, thumbnails included (to release their quota and delete their bytes). */
export async function findStorageKeys(db: Db, itemIds: readonly string[]): Promise<string[]> {
  if (itemIds.length === 0) return [];
  const rows = await db.selectFrom('workspace_versions').select(['storage_key', 'thumbnail_key']).where('item_id', 'in', [...itemIds]).execute();
  return rows.flatMap((row) => (row.thumbnail_key ? [row.storage_key, row.thumbnail_key] : [row.storage_key]));
}

/** A copied folder or file, written in the copy's one transaction (`parentId` of the copy's own rows). */
export type CopiedItem =
  | { kind: 'folder'; ownerId: string; parentId: string | null; name: string }
  | ({ kind: 'file'; ownerId: string; parentId: string | null } & NewFileVersion);

/** Inserts a copied item; returns its id. */
export async function insertCopiedItem(trx: Db, item: CopiedItem): Promise<string> {
  if (item.kind === 'folder') return (await insertFolder(trx, item)).id;
  return insertFile(trx, item);
}

/** One version by its storage key (thumbnails are made from it). */
export async function findVersionByKey(db: Db, storageKey: string) {
  return db.selectFrom('workspace_versions').select(['id', 'content_type', 'scan_status', 'thumbnail_key']).where('storage_key', '=', storageKey).executeTakeFirst();
}

/** Records a version's thumbnail, and its file's when that version is still the current one. */
export async function setThumbnail(db: Db, storageKey: string, thumbnailKey: string): Promise<boolean> {
  const version = await db
    .updateTable('workspace_versions')
    .set({ thumbnail_key: thumbnailKey })
    .where('storage_key', '=', storageKey)
    .where('thumbnail_key', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!version) return false;
  await db.updateTable('workspace_items').set({ thumbnail_key: thumbnailKey }).where('storage_key', '=', storageKey).execute();
  return true;
}

/** Deletes an item and, by cascade, what it holds, its versions and its shares. */
export async function deleteItem(trx: Db, id: string) {
  await trx.deleteFrom('workspace_items').where('id', '=', id).execute();
}

/** Trashed roots older than `before`, oldest first (the 30-day purge). */
export async function findExpiredTrash(db: Db, before: Date, limit: number): Promise<{ id: string }[]> {
  return db.selectFrom('workspace_items').select('id').where('trash_root', '=', true).where('trashed_at', '<', before).orderBy('trashed_at').limit(limit).execute();
}

// ---------------------------------------------------------------- shares

export async function findShares(db: Db, itemId: string) {
  const result = await sql<{
    id: string;
    target_kind: 'account' | 'class' | 'group' | 'profile';
    target_id: string;
    target_profile: string | null;
    right: 'read' | 'contribute' | 'manage';
    created_at: Date;
    label: string | null;
  }>`SELECT s.id, s.target_kind, s.target_id, s.target_profile, s."right", s.created_at,
      CASE s.target_kind
        WHEN 'account' THEN (SELECT a.first_name || ' ' || a.last_name FROM accounts a WHERE a.id = s.target_id)
        WHEN 'class' THEN (SELECT c.name FROM classes c WHERE c.id = s.target_id)
        WHEN 'group' THEN (SELECT g.name FROM groups g WHERE g.id = s.target_id)
        ELSE (SELECT st.name FROM structures st WHERE st.id = s.target_id) END AS label
    FROM workspace_shares s WHERE s.item_id = ${itemId} ORDER BY s.created_at, s.id LIMIT 500`.execute(db);
  return result.rows;
}

/** Adds a share, or changes the right of the one naming the same target. */
export async function upsertShare(
  db: Db,
  values: { itemId: string; kind: 'account' | 'class' | 'group' | 'profile'; targetId: string; profile: string | null; right: 'read' | 'contribute' | 'manage'; createdBy: string },
): Promise<string> {
  const existing = await db
    .selectFrom('workspace_shares')
    .select('id')
    .where('item_id', '=', values.itemId)
    .where('target_kind', '=', values.kind)
    .where('target_id', '=', values.targetId)
    .where(sql<boolean>`coalesce(target_profile, '') = ${values.profile ?? ''}`)
    .executeTakeFirst();
  if (existing) {
    await db.updateTable('workspace_shares').set({ right: values.right }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await db
    .insertInto('workspace_shares')
    .values({ item_id: values.itemId, target_kind: values.kind, target_id: values.targetId, target_profile: values.profile, right: values.right, created_by: values.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteShare(db: Db, itemId: string, shareId: string): Promise<boolean> {
  const result = await db.deleteFrom('workspace_shares').where('item_id', '=', itemId).where('id', '=', shareId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Which of these items carry at least one share (the "partagé" mark). */
export async function findSharedIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('workspace_shares').select('item_id').distinct().where('item_id', 'in', [...ids]).execute();
  return new Set(rows.map((row) => row.item_id));
}

/** The accounts a share on this target reaches (for their notification), 2,000 at most. */
export async function findShareAudience(db: Db, target: { kind: string; id: string; profile: string | null }, schoolYear: number): Promise<string[]> {
  let rows: { account_id: string }[];
  if (target.kind === 'account') return [target.id];
  if (target.kind === 'class') rows = await db.selectFrom('class_members').select('account_id').where('class_id', '=', target.id).limit(2000).execute();
  else if (target.kind === 'group') rows = await db.selectFrom('group_members').select('account_id').where('group_id', '=', target.id).limit(2000).execute();
  else {
    rows = await db
      .selectFrom('structure_members')
      .select('account_id')
      .where('structure_id', '=', target.id)
      .where('school_year', '=', schoolYear)
      .where('profile', '=', target.profile as never)
      .limit(2000)
      .execute();
  }
  return rows.map((row) => row.account_id);
}

// ---------------------------------------------------------------- antivirus

/** Versions clamd has not scanned yet, oldest first. */
export async function findPendingVersions(db: Db, limit: number) {
  return db.selectFrom('workspace_versions').select(['id', 'item_id', 'storage_key']).where('scan_status', '=', 'pending').orderBy('created_at').limit(limit).execute();
}

/** Marks a scanned version clean, and its file when it is the current one. */
export async function markClean(db: Db, storageKey: string) {
  await db.updateTable('workspace_versions').set({ scan_status: 'clean' }).where('storage_key', '=', storageKey).execute();
  await db.updateTable('workspace_items').set({ scan_status: 'clean' }).where('storage_key', '=', storageKey).execute();
}

/**
 * Forgets an infected version: its row goes, and its file either falls back to
 * the latest remaining version or, having none, goes too. Returns whether a
 * version row was removed.
 */
export async function discardVersion(trx: Transaction<Database>, storageKey: string): Promise<boolean> {
  const version = await trx.deleteFrom('workspace_versions').where('storage_key', '=', storageKey).returning('item_id').executeTakeFirst();
  if (!version) return false;
  const item = await lockItem(trx, version.item_id);
  if (!item || item.storage_key !== storageKey) return true;
  const previous = await trx.selectFrom('workspace_versions').selectAll().where('item_id', '=', item.id).orderBy('version', 'desc').executeTakeFirst();
  if (previous) await setCurrentVersion(trx, item.id, previous, new Date());
  else await deleteItem(trx, item.id);
  return true;
}

// ---------------------------------------------------------------- quotas

/** The collectivité an account belongs to this year (through its first structure), or the one he administers. */
export async function findCollectiviteOf(db: Db, structureIds: readonly string[]): Promise<string | undefined> {
  if (structureIds.length === 0) return undefined;
  const row = await db.selectFrom('structures').select('collectivite_id').where('id', 'in', [...structureIds]).orderBy('id').executeTakeFirst();
  return row?.collectivite_id;
}

export async function findQuotas(db: Db, collectiviteId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('workspace_quotas').select(['profile', 'quota_bytes']).where('collectivite_id', '=', collectiviteId).execute();
  return new Map(rows.map((row) => [row.profile, Number(row.quota_bytes)]));
}

export async function upsertQuota(db: Db, collectiviteId: string, profile: string, quotaBytes: number, now: Date) {
  await db
    .insertInto('workspace_quotas')
    .values({ collectivite_id: collectiviteId, profile, quota_bytes: quotaBytes, updated_at: now })
    .onConflict((oc) => oc.columns(['collectivite_id', 'profile']).doUpdateSet({ quota_bytes: quotaBytes, updated_at: now }))
    .execute();
}

/** The classes the account teaches this school year, with their class folder's id (100 at most). */
export async function findTaughtClasses(db: Db, scope: WorkspaceScope) {
  const result = await sql<{ id: string; name: string; folder_id: string | null }>`
    SELECT c.id, c.name, (SELECT w.id FROM workspace_items w WHERE w.class_id = c.id) AS folder_id
    FROM classes c WHERE c.id IN (${classesTaughtSql(scope.accountId, scope.schoolYear)})
    ORDER BY c.name, c.id LIMIT 100`.execute(db);
  return result.rows;
}

/** A class of the school year and how the account relates to it (for its class folder). */
export async function findClassRelation(db: Db, scope: WorkspaceScope, classId: string) {
  const { accountId: me, schoolYear: year } = scope;
  const result = await sql<{ name: string; structure_id: string; taught: boolean; attended: boolean }>`
    SELECT c.name, c.structure_id,
      c.id IN (${classesTaughtSql(me, year)}) AS taught,
      c.id IN (${classesAttendedSql(me, year)}) AS attended
    FROM classes c WHERE c.id = ${classId} AND c.school_year = ${year}`.execute(db);
  return result.rows[0];
}

import type { Readable } from 'node:stream';
import {
  type ClassFolderChoices,
  type CopyItemBody,
  type CreateClassFolderBody,
  type CreateFolderBody,
  type CreateShareBody,
  type ItemRight,
  type Profile,
  profiles,
  type ProfileQuotaList,
  type PutProfileQuotasBody,
  type UpdateItemBody,
  type WorkspaceItem,
  type WorkspaceListQuery,
  type WorkspacePage,
  type WorkspaceQuota,
  type WorkspaceShare,
  type WorkspaceVersion,
} from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { type Actor, authorize, type DocumentRight } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/domain-event.ts';
import type { Platform } from '../../platform/platform.ts';
import { chargeStoredFile, findUsedBytes, releaseStoredFiles } from '../../platform/storage/storage-quota.repository.ts';
import { cleanFileName, deleteStoredBytes, type IncomingFile, newStorageKey, storeUpload } from '../../platform/storage/uploads.ts';
import { isAccountVisible, isGroupVisible } from '../directory/directory.repository.ts';
import { visibilityScopeOf } from '../directory/visibility.ts';
import { zipStream, type ZipEntry } from '../homework/zip.ts';
import { scannerOf, scanStoredVersion } from './scanning.ts';
import { makeThumbnail, THUMBNAIL_TYPE } from './thumbnails.ts';
import * as repo from './workspace.repository.ts';
import type { ItemCursor, ItemRow, RightRank, WorkspaceScope } from './workspace.repository.ts';

/**
 * The espace documentaire (issue 16, entcore's workspace as the anchor): each
 * account's folders and files, class folders, shares with three rights,
 * versions, trash, quotas, antivirus. Rights are computed from the database
 * at every request, so a revoked share stops at once.
 */

export const SHARED_EVENT = 'workspace.shared';
/** A trashed item is deleted for good after this long (entcore: the trash is emptied by hand; here also by age). */
export const TRASH_RETENTION_MS = 30 * 24 * 3_600_000;
/** Operations on a whole folder (trash, zip, purge) refuse trees bigger than this. */
export const MAX_TREE_ITEMS = 5000;

const rightByRank: Record<RightRank, DocumentRight> = { 0: 'none', 1: 'read', 2: 'contribute', 3: 'manage', 4: 'owner' };

function scopeOf(platform: Platform, actor: Actor): WorkspaceScope {
  return { accountId: actor.accountId, schoolYear: platform.schoolYear() };
}

function document(right: DocumentRight) {
  return { type: 'document' as const, right };
}

interface Loaded {
  item: ItemRow;
  right: DocumentRight;
}

/**
 * The item and the actor's right on it; NOT_FOUND when he has none (an
 * admin's role gives none either). A trashed item answers WORKSPACE_IN_TRASH
 * unless the caller works on the trash.
 */
async function load(platform: Platform, actor: Actor, id: string, options: { trashed?: 'allow' | 'refuse' } = {}): Promise<Loaded> {
  const db = platform.database.db;
  const item = await repo.unsafeGetItem(db, id);
  if (!item) throw new AppError('NOT_FOUND');
  const rank = (await repo.findRanks(db, scopeOf(platform, actor), [id])).get(id) ?? 0;
  const right = rightByRank[rank];
  authorize(actor, 'workspace.read', document(right));
  if (item.trashed_at && options.trashed !== 'allow') throw new AppError('WORKSPACE_IN_TRASH');
  return { item, right };
}

function requireFolder(item: ItemRow): void {
  if (item.kind !== 'folder') throw new AppError('WORKSPACE_NOT_A_FOLDER');
}

function requireFile(item: ItemRow): void {
  if (item.kind !== 'file') throw new AppError('NOT_FOUND');
}

/** A name as a user typed it, made safe (no path separator, control or direction character, 200 characters). */
function cleanName(name: string): string {
  const cleaned = cleanFileName(name.replace(/[\\/]/g, '-'));
  if (!/[\p{L}\p{N}]/u.test(cleaned) && cleaned.replace(/[.\s-]/g, '') === '') throw new AppError('VALIDATION_FAILED', { fields: { name: 'invalid' } });
  return cleaned;
}

function present(row: ItemRow, rank: RightRank, shared: boolean): WorkspaceItem {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    parentId: row.parent_id,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    classId: row.class_id,
    size: row.size === null ? null : Number(row.size),
    contentType: row.content_type,
    scanStatus: row.scan_status,
    version: row.version,
    hasThumbnail: row.thumbnail_key !== null && row.scan_status !== 'pending',
    shared,
    trashedAt: row.trashed_at ? new Date(row.trashed_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    // Listed items are readable; a rank 0 here can only be a trashed item seen by the one who trashed it.
    myRight: (rank === 0 ? 'read' : rightByRank[rank]) as ItemRight,
  };
}

async function presentRows(platform: Platform, actor: Actor, rows: ItemRow[]): Promise<WorkspaceItem[]> {
  const db = platform.database.db;
  const ids = rows.map((row) => row.id);
  const [ranks, shared] = await Promise.all([repo.findRanks(db, scopeOf(platform, actor), ids), repo.findSharedIds(db, ids)]);
  return rows.map((row) => present(row, ranks.get(row.id) ?? 0, shared.has(row.id)));
}

async function presentOne(platform: Platform, actor: Actor, id: string): Promise<WorkspaceItem> {
  const row = await repo.unsafeGetItem(platform.database.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return (await presentRows(platform, actor, [row]))[0]!;
}

function encodeCursor(row: ItemRow): string {
  return Buffer.from(JSON.stringify([row.kind !== 'folder', row.name, row.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): ItemCursor | undefined {
  if (!cursor) return undefined;
  try {
    const [isFile, name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof isFile === 'boolean' && typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { isFile, name, id };
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION_FAILED', { fields: { after: 'invalid' } });
}

/** A page of "Mes documents", a folder, "Partagés avec moi" or the trash. */
export async function listItems(platform: Platform, actor: Actor, query: WorkspaceListQuery): Promise<WorkspacePage> {
  const db = platform.database.db;
  const page = { after: decodeCursor(query.after), limit: query.limit };
  let rows: ItemRow[];
  let folder: WorkspaceItem | null = null;
  let path: { id: string; name: string }[] = [];
  if (query.parentId) {
    const loaded = await load(platform, actor, query.parentId);
    requireFolder(loaded.item);
    rows = await repo.findChildren(db, loaded.item.id, page);
    folder = await presentOne(platform, actor, loaded.item.id);
    // The breadcrumb shows the folders the actor may open: those above a shared folder are someone else's.
    const ancestors = await repo.findAncestors(db, loaded.item.id);
    const ranks = await repo.findRanks(db, scopeOf(platform, actor), ancestors.map((a) => a.id));
    let first = ancestors.length;
    while (first > 0 && (ranks.get(ancestors[first - 1]!.id) ?? 0) > 0) first -= 1;
    path = ancestors.slice(first);
  } else if (query.view === 'shared') {
    rows = await repo.findSharedWith(db, scopeOf(platform, actor), page);
  } else if (query.view === 'trash') {
    rows = await repo.findTrash(db, actor.accountId, page);
  } else {
    rows = await repo.findRootItems(db, actor.accountId, page);
  }
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  return { items: await presentRows(platform, actor, shown), path, folder, next: more ? encodeCursor(shown.at(-1)!) : null };
}

export async function getItem(platform: Platform, actor: Actor, id: string): Promise<WorkspaceItem> {
  await load(platform, actor, id, { trashed: 'allow' });
  return presentOne(platform, actor, id);
}

/** A folder the actor may add to (contribute), out of the trash. */
async function destinationFolder(platform: Platform, actor: Actor, parentId: string): Promise<ItemRow> {
  const { item, right } = await load(platform, actor, parentId);
  authorize(actor, 'workspace.contribute', document(right));
  requireFolder(item);
  if ((await repo.depthOf(platform.database.db, parentId)) >= repo.MAX_DEPTH - 2) throw new AppError('VALIDATION_FAILED', { fields: { parentId: 'too deep' } });
  return item;
}

export async function createFolder(platform: Platform, actor: Actor, body: CreateFolderBody): Promise<WorkspaceItem> {
  const parentId = body.parentId ?? null;
  if (parentId) await destinationFolder(platform, actor, parentId);
  const created = await repo.insertFolder(platform.database.db, { ownerId: actor.accountId, parentId, name: cleanName(body.name) });
  return presentOne(platform, actor, created.id);
}

/** The classes the actor teaches, for him to open or create their class folders. */
export async function listClassFolderChoices(platform: Platform, actor: Actor): Promise<ClassFolderChoices> {
  const rows = await repo.findTaughtClasses(platform.database.db, scopeOf(platform, actor));
  return { items: rows.map((row) => ({ classId: row.id, name: row.name, folderId: row.folder_id })) };
}

/** The class folder of a class, created by one of its teachers; the class's teachers manage it, its students read it. */
export async function createClassFolder(platform: Platform, actor: Actor, body: CreateClassFolderBody): Promise<WorkspaceItem> {
  const db = platform.database.db;
  const schoolClass = await repo.findClassRelation(db, scopeOf(platform, actor), body.classId);
  if (!schoolClass) throw new AppError('NOT_FOUND');
  const relation = schoolClass.taught ? 'teacher' : schoolClass.attended ? 'learner' : 'none';
  authorize(actor, 'workspace.classFolder', { type: 'class-folder', relation });
  if (await repo.findClassFolder(db, body.classId)) throw new AppError('WORKSPACE_CLASS_FOLDER_EXISTS');
  const name = cleanName(body.name ?? `Classe ${schoolClass.name}`);
  let created: { id: string };
  try {
    created = await repo.insertFolder(db, { ownerId: actor.accountId, parentId: null, name, classId: body.classId });
  } catch (error) {
    // Two teachers at once: the unique index keeps one folder per class.
    if (await repo.findClassFolder(db, body.classId)) throw new AppError('WORKSPACE_CLASS_FOLDER_EXISTS');
    throw error;
  }
  return presentOne(platform, actor, created.id);
}

/** The quota of the actor's account: the ADMC's for his profile in his collectivité, or the configured default. */
export async function quotaFor(platform: Platform, actor: Actor): Promise<number> {
  const db = platform.database.db;
  const collectiviteId = actor.admcCollectiviteIds[0] ?? (await repo.findCollectiviteOf(db, actor.structureIds));
  const fallback = platform.config.storage.quotaBytes[actor.profile];
  if (!collectiviteId) return fallback;
  return (await repo.findQuotas(db, collectiviteId)).get(actor.profile) ?? fallback;
}

function initialScanStatus(platform: Platform): 'pending' | 'disabled' {
  return scannerOf(platform) ? 'pending' : 'disabled';
}

/** After a version is kept: scanned (an infected one is refused, and gone), then given its thumbnail. */
async function scanAfterUpload(platform: Platform, actor: Actor, storageKey: string): Promise<void> {
  const outcome = await scanStoredVersion(platform, storageKey, actor.accountId);
  if (outcome === 'infected') throw new AppError('WORKSPACE_FILE_INFECTED');
  // A clean verdict made the thumbnail already; without an antivirus it is made here.
  if (outcome === 'disabled') await makeThumbnail(platform, storageKey);
}

/** Adds one file to "Mes documents" or to a folder the actor contributes to. */
export async function uploadFile(platform: Platform, actor: Actor, parentId: string | undefined, file: IncomingFile): Promise<WorkspaceItem> {
  try {
    if (parentId) await destinationFolder(platform, actor, parentId);
  } catch (error) {
    file.file.resume();
    throw error;
  }
  const scanStatus = initialScanStatus(platform);
  const stored = await storeUpload(platform, actor, file, {
    prefix: 'workspace',
    maxBytes: platform.config.workspace.fileMaxBytes,
    tooLargeCode: 'FILE_TOO_LARGE',
    quotaBytes: await quotaFor(platform, actor),
    keep: async (trx, upload) => ({
      key: upload.key,
      id: await repo.insertFile(trx, { ownerId: actor.accountId, parentId: parentId ?? null, ...versionOf(upload, scanStatus, actor) }),
    }),
  });
  await scanAfterUpload(platform, actor, stored.key);
  return presentOne(platform, actor, stored.id);
}

function versionOf(upload: { key: string; fileName: string; size: number; contentType: string }, scanStatus: 'clean' | 'pending' | 'disabled', actor: Actor) {
  return { storageKey: upload.key, fileName: upload.fileName, size: upload.size, contentType: upload.contentType, scanStatus, authorId: actor.accountId };
}

/** Replaces a file's content: a new version, the earlier ones kept (contribute). */
export async function replaceContent(platform: Platform, actor: Actor, id: string, file: IncomingFile): Promise<WorkspaceItem> {
  try {
    const { item, right } = await load(platform, actor, id);
    authorize(actor, 'workspace.contribute', document(right));
    requireFile(item);
  } catch (error) {
    file.file.resume();
    throw error;
  }
  const scanStatus = initialScanStatus(platform);
  const key = await storeUpload(platform, actor, file, {
    prefix: 'workspace',
    maxBytes: platform.config.workspace.fileMaxBytes,
    tooLargeCode: 'FILE_TOO_LARGE',
    quotaBytes: await quotaFor(platform, actor),
    keep: async (trx, upload) => {
      const locked = await repo.lockItem(trx, id);
      if (!locked || locked.trashed_at) throw new AppError('NOT_FOUND');
      await repo.insertVersion(trx, id, versionOf(upload, scanStatus, actor), new Date(platform.now()));
      return upload.key;
    },
  });
  await scanAfterUpload(platform, actor, key);
  return presentOne(platform, actor, id);
}

/** Rename and/or move (manage on the item; contribute on the destination). */
export async function updateItem(platform: Platform, actor: Actor, id: string, body: UpdateItemBody): Promise<WorkspaceItem> {
  const db = platform.database.db;
  const { item, right } = await load(platform, actor, id);
  authorize(actor, 'workspace.manage', document(right));
  const name = body.name === undefined ? undefined : cleanName(body.name);
  let parentId: string | null | undefined;
  if (body.parentId !== undefined && body.parentId !== item.parent_id) {
    if (item.class_id) throw new AppError('FORBIDDEN');
    if (body.parentId === null) {
      // The top of "Mes documents" is the owner's: another manager would lose the item from sight.
      if (item.owner_id !== actor.accountId) throw new AppError('FORBIDDEN');
    } else {
      await destinationFolder(platform, actor, body.parentId);
      if (await repo.isWithin(db, body.parentId, id)) throw new AppError('WORKSPACE_MOVE_INTO_ITSELF');
    }
    parentId = body.parentId;
  }
  await repo.updateItem(db, id, { name, parentId }, new Date(platform.now()));
  return presentOne(platform, actor, id);
}

/**
 * Copies a file or a folder the actor may read into his documents or a folder
 * he contributes to, charged to his quota: a copy has its own bytes.
 */
export async function copyItem(platform: Platform, actor: Actor, id: string, body: CopyItemBody): Promise<WorkspaceItem> {
  const { item } = await load(platform, actor, id);
  const parentId = body.parentId ?? null;
  if (parentId) await destinationFolder(platform, actor, parentId);
  if (item.kind === 'folder') return copyFolder(platform, actor, item, parentId);
  if (item.scan_status === 'pending') throw new AppError('WORKSPACE_FILE_PENDING_SCAN');
  const source = await platform.storage.get(item.storage_key!);
  const status = item.scan_status ?? 'disabled';
  const stored = await storeUpload(platform, actor, { filename: item.name, mimetype: item.content_type ?? 'application/octet-stream', file: source }, {
    prefix: 'workspace',
    maxBytes: platform.config.workspace.fileMaxBytes,
    tooLargeCode: 'FILE_TOO_LARGE',
    quotaBytes: await quotaFor(platform, actor),
    keep: (trx, upload) => repo.insertFile(trx, { ownerId: actor.accountId, parentId, ...versionOf(upload, status, actor) }),
  });
  const copied = await repo.unsafeGetItem(platform.database.db, stored);
  if (copied?.storage_key) await makeThumbnail(platform, copied.storage_key);
  return presentOne(platform, actor, stored);
}

/**
 * A folder and what it holds (out of the trash), copied in three steps so
 * nothing is half-written: every check first (no file still being scanned,
 * the depth, the whole size against the actor's quota, before a byte is
 * copied); then the bytes, streamed one file at a time to new keys (deleted
 * again if one fails); then every row and the quota charge in one
 * transaction. Thumbnails are copied with their files.
 */
async function copyFolder(platform: Platform, actor: Actor, folder: ItemRow, parentId: string | null): Promise<WorkspaceItem> {
  const db = platform.database.db;
  if (parentId && (await repo.isWithin(db, parentId, folder.id))) throw new AppError('WORKSPACE_COPY_INTO_ITSELF');
  const rows = (await subtreeOf(platform, folder.id)).filter((row) => !row.trashed_at);
  const files = rows.filter((row) => row.kind === 'file');
  if (files.some((row) => row.scan_status === 'pending')) throw new AppError('WORKSPACE_FILE_PENDING_SCAN');
  const destinationDepth = parentId ? (await repo.depthOf(db, parentId)) + 1 : 0;
  if (destinationDepth + Math.max(...rows.map((row) => row.depth)) >= repo.MAX_DEPTH - 1) throw new AppError('VALIDATION_FAILED', { fields: { parentId: 'too deep' } });
  const quota = await quotaFor(platform, actor);
  const bytes = files.reduce((sum, row) => sum + Number(row.size ?? 0), 0);
  if ((await findUsedBytes(db, actor.accountId)) + bytes > quota) throw new AppError('STORAGE_QUOTA_EXCEEDED');

  const copies = new Map<string, { storageKey: string; thumbnailKey: string | null }>();
  const written: string[] = [];
  try {
    for (const row of files) {
      const storageKey = newStorageKey('workspace');
      written.push(storageKey);
      const contentType = row.content_type ?? 'application/octet-stream';
      await platform.storage.put(storageKey, await platform.storage.get(row.storage_key!), { contentType });
      let thumbnailKey: string | null = null;
      if (row.thumbnail_key) {
        thumbnailKey = `${storageKey}-thumb`;
        written.push(thumbnailKey);
        await platform.storage.put(thumbnailKey, await platform.storage.get(row.thumbnail_key), { contentType: THUMBNAIL_TYPE });
      }
      copies.set(row.id, { storageKey, thumbnailKey });
    }
    const copyId = await db.transaction().execute(async (trx) => {
      const newIds = new Map<string, string>();
      for (const row of rows) {
        const copyParent = row.id === folder.id ? parentId : newIds.get(row.parent_id!);
        if (copyParent === undefined) continue;
        const copy = copies.get(row.id);
        const copied: repo.CopiedItem = copy
          ? {
              kind: 'file',
              ownerId: actor.accountId,
              parentId: copyParent,
              storageKey: copy.storageKey,
              thumbnailKey: copy.thumbnailKey,
              fileName: row.name,
              size: Number(row.size),
              contentType: row.content_type ?? 'application/octet-stream',
              scanStatus: row.scan_status ?? 'disabled',
              authorId: actor.accountId,
            }
          : { kind: 'folder', ownerId: actor.accountId, parentId: copyParent, name: row.name };
        newIds.set(row.id, await repo.insertCopiedItem(trx, copied));
        if (copy && !(await chargeStoredFile(trx, { storageKey: copy.storageKey, accountId: actor.accountId, size: Number(row.size) }, quota))) {
          throw new AppError('STORAGE_QUOTA_EXCEEDED');
        }
      }
      return newIds.get(folder.id)!;
    });
    return await presentOne(platform, actor, copyId);
  } catch (error) {
    await deleteStoredBytes(platform, written);
    throw error;
  }
}

async function subtreeOf(platform: Platform, id: string) {
  const rows = await repo.findSubtree(platform.database.db, id, MAX_TREE_ITEMS + 1);
  if (rows.length > MAX_TREE_ITEMS) throw new AppError('WORKSPACE_FOLDER_TOO_LARGE');
  return rows;
}

/** Puts an item (and what it holds) in the trash (manage). */
export async function trashItem(platform: Platform, actor: Actor, id: string): Promise<WorkspaceItem> {
  const { right } = await load(platform, actor, id);
  authorize(actor, 'workspace.manage', document(right));
  const ids = (await subtreeOf(platform, id)).map((row) => row.id);
  await platform.database.db.transaction().execute(async (trx) => {
    await repo.trashSubtree(trx, id, ids, actor.accountId, new Date(platform.now()));
  });
  return presentOne(platform, actor, id);
}

async function loadTrashed(platform: Platform, actor: Actor, id: string): Promise<ItemRow> {
  const { item, right } = await load(platform, actor, id, { trashed: 'allow' });
  if (!item.trash_root) throw new AppError(item.trashed_at ? 'NOT_FOUND' : 'WORKSPACE_NOT_IN_TRASH');
  authorize(actor, 'workspace.manage', document(right));
  return item;
}

/** Takes an item out of the trash, back in its folder (or at the top when its folder is gone to the trash). */
export async function restoreItem(platform: Platform, actor: Actor, id: string): Promise<WorkspaceItem> {
  const db = platform.database.db;
  const item = await loadTrashed(platform, actor, id);
  const parent = item.parent_id ? await repo.unsafeGetItem(db, item.parent_id) : undefined;
  const parentId = parent && !parent.trashed_at ? parent.id : null;
  const ids = (await subtreeOf(platform, id)).map((row) => row.id);
  await db.transaction().execute(async (trx) => {
    await repo.restoreSubtree(trx, id, item.trashed_at!, ids, parentId);
  });
  return presentOne(platform, actor, id);
}

/** Deletes an item and what it holds for good: rows, versions, shares, quota, then bytes. */
async function purge(platform: Platform, id: string): Promise<void> {
  const db = platform.database.db;
  const ids = (await repo.findSubtree(db, id, 1_000_000)).map((row) => row.id);
  const keys = await db.transaction().execute(async (trx) => {
    const storageKeys = await repo.findStorageKeys(trx, ids);
    await releaseStoredFiles(trx, storageKeys);
    await repo.deleteItem(trx, id);
    return storageKeys;
  });
  await deleteStoredBytes(platform, keys);
}

export async function deleteForever(platform: Platform, actor: Actor, id: string): Promise<void> {
  await loadTrashed(platform, actor, id);
  await purge(platform, id);
}

/** Empties the actor's trash (what he may manage in it), 200 items per call. */
export async function emptyTrash(platform: Platform, actor: Actor): Promise<{ deleted: number }> {
  const rows = await repo.findTrash(platform.database.db, actor.accountId, { limit: 200 });
  const ranks = await repo.findRanks(platform.database.db, scopeOf(platform, actor), rows.map((row) => row.id));
  let deleted = 0;
  for (const row of rows) {
    if ((ranks.get(row.id) ?? 0) < 3) continue;
    await purge(platform, row.id);
    deleted += 1;
  }
  return { deleted };
}

/** Periodic work: what has been in a trash for 30 days goes for good. */
export async function purgeExpiredTrash(platform: Platform): Promise<number> {
  const before = new Date(platform.now() - TRASH_RETENTION_MS);
  let purged = 0;
  for (;;) {
    const rows = await repo.findExpiredTrash(platform.database.db, before, 100);
    for (const row of rows) await purge(platform, row.id);
    purged += rows.length;
    if (rows.length < 100) return purged;
  }
}

export interface FileDownload {
  stream: Readable;
  fileName: string;
  contentType: string;
  /** Unknown for a thumbnail (the storage does not say): sent without Content-Length. */
  size?: number;
}

function requireServable(status: string | null): void {
  if (status === 'pending') throw new AppError('WORKSPACE_FILE_PENDING_SCAN');
}

/** A file's current content (read), never while clamd has not passed it. */
export async function openFile(platform: Platform, actor: Actor, id: string): Promise<FileDownload> {
  const { item } = await load(platform, actor, id);
  requireFile(item);
  requireServable(item.scan_status);
  return { stream: await platform.storage.get(item.storage_key!), fileName: item.name, contentType: item.content_type ?? 'application/octet-stream', size: Number(item.size) };
}

/** A file's thumbnail (read): NOT_FOUND when it has none (not an image, not scanned yet, not decodable). */
export async function openThumbnail(platform: Platform, actor: Actor, id: string): Promise<FileDownload> {
  const { item } = await load(platform, actor, id);
  requireFile(item);
  requireServable(item.scan_status);
  if (!item.thumbnail_key) throw new AppError('NOT_FOUND');
  const stream = await platform.storage.get(item.thumbnail_key);
  return { stream, fileName: `${item.name}.webp`, contentType: THUMBNAIL_TYPE };
}

/** A folder as a ZIP streamed as it is written; files still being scanned are left out. */
export async function folderArchive(platform: Platform, actor: Actor, id: string): Promise<{ filename: string; stream: Readable }> {
  const { item } = await load(platform, actor, id);
  requireFolder(item);
  const rows = (await subtreeOf(platform, id)).filter((row) => !row.trashed_at);
  const paths = new Map<string, string>([[id, '']]);
  const taken = new Set<string>();
  const unique = (path: string) => {
    let candidate = path;
    for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = path.replace(/(\.[^./]*)?$/, (ext) => ` (${n})${ext}`);
    taken.add(candidate.toLowerCase());
    return candidate;
  };
  const entries: ZipEntry[] = [];
  for (const row of rows) {
    if (row.id === id) continue;
    const parentPath = paths.get(row.parent_id ?? '');
    if (parentPath === undefined) continue;
    const path = unique(parentPath ? `${parentPath}/${row.name}` : row.name);
    if (row.kind === 'folder') {
      paths.set(row.id, path);
      continue;
    }
    if (row.scan_status === 'pending') continue;
    const key = row.storage_key!;
    entries.push({ name: path, size: Number(row.size), open: () => platform.storage.get(key) });
  }
  return { filename: `${item.name}.zip`, stream: zipStream(entries) };
}

// ---------------------------------------------------------------- versions

export async function listVersions(platform: Platform, actor: Actor, id: string): Promise<{ items: WorkspaceVersion[] }> {
  const { item } = await load(platform, actor, id);
  requireFile(item);
  const rows = await repo.findVersions(platform.database.db, id);
  return {
    items: rows.map((row) => ({
      id: row.id,
      version: row.version,
      fileName: row.file_name,
      size: Number(row.size),
      contentType: row.content_type,
      authorName: row.author_name,
      createdAt: new Date(row.created_at).toISOString(),
      current: row.storage_key === item.storage_key,
    })),
  };
}

export async function openVersion(platform: Platform, actor: Actor, id: string, versionId: string): Promise<FileDownload> {
  const { item } = await load(platform, actor, id);
  requireFile(item);
  const version = await repo.getVersion(platform.database.db, id, versionId);
  if (!version) throw new AppError('NOT_FOUND');
  requireServable(version.scan_status);
  return { stream: await platform.storage.get(version.storage_key), fileName: version.file_name, contentType: version.content_type, size: Number(version.size) };
}

/** Makes an earlier version the current one again (contribute); the versions list is unchanged. */
export async function restoreVersion(platform: Platform, actor: Actor, id: string, versionId: string): Promise<WorkspaceItem> {
  const { item, right } = await load(platform, actor, id);
  authorize(actor, 'workspace.contribute', document(right));
  requireFile(item);
  await platform.database.db.transaction().execute(async (trx) => {
    await repo.lockItem(trx, id);
    const version = await repo.getVersion(trx, id, versionId);
    if (!version) throw new AppError('NOT_FOUND');
    await repo.setCurrentVersion(trx, id, version, new Date(platform.now()));
  });
  return presentOne(platform, actor, id);
}

// ---------------------------------------------------------------- shares

function presentShare(row: Awaited<ReturnType<typeof repo.findShares>>[number]): WorkspaceShare {
  const target =
    row.target_kind === 'profile'
      ? { kind: 'profile' as const, id: row.target_id, profile: row.target_profile as Profile }
      : { kind: row.target_kind, id: row.target_id };
  return { id: row.id, target, label: row.label ?? '', right: row.right, createdAt: new Date(row.created_at).toISOString() };
}

export async function listShares(platform: Platform, actor: Actor, id: string): Promise<{ items: WorkspaceShare[] }> {
  const { right } = await load(platform, actor, id);
  authorize(actor, 'workspace.manage', document(right));
  return { items: (await repo.findShares(platform.database.db, id)).map(presentShare) };
}

/** Whether the actor may name this target: the annuaire's visibility for people, classes and groups; his own structure for a profile. */
async function requireReachable(platform: Platform, actor: Actor, target: CreateShareBody['target']): Promise<void> {
  const db = platform.database.db;
  const scope = visibilityScopeOf(actor, platform.schoolYear());
  let reachable: boolean;
  switch (target.kind) {
    case 'account':
      reachable = target.id !== actor.accountId && (await isAccountVisible(db, scope, target.id));
      break;
    case 'class':
      reachable = await isGroupVisible(db, scope, 'CLASS', target.id);
      break;
    case 'group':
      reachable = await isGroupVisible(db, scope, 'GROUP', target.id);
      break;
    case 'profile': {
      const isStaff = (actor.profile === 'ENSEIGNANT' || actor.profile === 'PERSONNEL') && actor.structureIds.includes(target.id);
      reachable = (isStaff || actor.admlStructureIds.includes(target.id)) && target.profile !== 'COLLECTIVITE';
      break;
    }
  }
  if (!reachable) throw new AppError('WORKSPACE_SHARE_TARGET_UNKNOWN');
}

/** Shares an item (manage), or changes the right of an existing share; the people reached are told once. */
export async function shareItem(platform: Platform, actor: Actor, id: string, body: CreateShareBody): Promise<{ items: WorkspaceShare[] }> {
  const { item, right } = await load(platform, actor, id);
  authorize(actor, 'workspace.manage', document(right));
  await requireReachable(platform, actor, body.target);
  const db = platform.database.db;
  let event: DomainEvent | undefined;
  await db.transaction().execute(async (trx) => {
    const before = (await repo.findShares(trx, id)).find(
      (s) => s.target_kind === body.target.kind && s.target_id === body.target.id && (s.target_profile ?? null) === ('profile' in body.target ? body.target.profile : null),
    );
    const shareId = await repo.upsertShare(trx, {
      itemId: id,
      kind: body.target.kind,
      targetId: body.target.id,
      profile: 'profile' in body.target ? body.target.profile : null,
      right: body.right,
      createdBy: actor.accountId,
    });
    await audit(trx, { actorId: actor.accountId, action: 'workspace.share', targetType: 'workspace_item', targetId: id, details: { shareId, kind: body.target.kind, right: body.right } });
    // Nothing new to say when the same share is given again.
    if (before?.right === body.right) return;
    const audience = await repo.findShareAudience(trx, { kind: body.target.kind, id: body.target.id, profile: 'profile' in body.target ? body.target.profile : null }, platform.schoolYear());
    const recipientIds = audience.filter((accountId) => accountId !== actor.accountId && accountId !== item.owner_id);
    if (recipientIds.length === 0) return;
    const sharer = await repo.unsafeGetItem(trx, id);
    event = {
      kind: SHARED_EVENT,
      recipientIds,
      actorId: actor.accountId,
      objectType: 'workspace_item',
      objectId: id,
      data: { name: item.name, itemKind: item.kind, right: body.right, ownerName: sharer?.owner_name ?? '' },
    };
    await platform.events.record(trx, event);
  });
  if (event) await platform.events.broadcast(event);
  return { items: (await repo.findShares(db, id)).map(presentShare) };
}

/** Revokes a share: the rights it gave are gone from the next request on. */
export async function revokeShare(platform: Platform, actor: Actor, id: string, shareId: string): Promise<void> {
  const { right } = await load(platform, actor, id);
  authorize(actor, 'workspace.manage', document(right));
  const db = platform.database.db;
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteShare(trx, id, shareId))) throw new AppError('NOT_FOUND');
    await audit(trx, { actorId: actor.accountId, action: 'workspace.unshare', targetType: 'workspace_item', targetId: id, details: { shareId } });
  });
}

// ---------------------------------------------------------------- quotas

export async function getQuota(platform: Platform, actor: Actor): Promise<WorkspaceQuota> {
  return {
    usedBytes: await findUsedBytes(platform.database.db, actor.accountId),
    quotaBytes: await quotaFor(platform, actor),
    antivirus: scannerOf(platform) ? 'enabled' : 'disabled',
  };
}

export async function listProfileQuotas(platform: Platform, actor: Actor, collectiviteId: string): Promise<ProfileQuotaList> {
  authorize(actor, 'workspace.quota', { type: 'collectivite', id: collectiviteId });
  const set = await repo.findQuotas(platform.database.db, collectiviteId);
  return {
    items: profiles.map((profile) => ({
      profile,
      quotaBytes: set.get(profile) ?? platform.config.storage.quotaBytes[profile],
      isDefault: !set.has(profile),
    })),
  };
}

export async function putProfileQuotas(platform: Platform, actor: Actor, collectiviteId: string, body: PutProfileQuotasBody): Promise<ProfileQuotaList> {
  authorize(actor, 'workspace.quota', { type: 'collectivite', id: collectiviteId });
  const now = new Date(platform.now());
  await platform.database.db.transaction().execute(async (trx) => {
    for (const entry of body.items) await repo.upsertQuota(trx, collectiviteId, entry.profile, entry.quotaBytes, now);
    await audit(trx, { actorId: actor.accountId, action: 'workspace.quota', targetType: 'collectivite', targetId: collectiviteId, details: { profiles: body.items.map((e) => e.profile) } });
  });
  return listProfileQuotas(platform, actor, collectiviteId);
}

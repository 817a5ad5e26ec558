import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { DraftData, MessageFolderName, RecipientLabels } from '../../platform/db/schema-messaging.ts';
import { releaseStoredFiles } from '../../platform/storage/storage-quota.repository.ts';

/** SQL of messages and their per-account state rows. Writes take the caller's transaction. */
type Db = Kysely<Database> | Transaction<Database>;

/** Rows per INSERT of state rows: well under PostgreSQL's 65,535 parameters. */
export const STATE_BATCH = 1000;

export interface NewMessage {
  senderId: string;
  threadId: string | null;
  parentId: string | null;
  subject: string;
  bodyHtml: string;
  preview: string;
  searchText: string;
  labels: RecipientLabels;
  draft: DraftData | null;
  sentAt: Date | null;
  createdAt: Date;
}

/** Inserts a message (its thread is itself when it starts one); returns its id. */
export async function insertMessage(trx: Db, message: NewMessage): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('messages')
    .values({
      id,
      sender_id: message.senderId,
      thread_id: message.threadId ?? id,
      parent_id: message.parentId,
      subject: message.subject,
      body_html: message.bodyHtml,
      preview: message.preview,
      search_vector: sql`to_tsvector('french', ${message.searchText})`,
      recipient_labels: JSON.stringify(message.labels),
      draft: message.draft ? JSON.stringify(message.draft) : null,
      sent_at: message.sentAt,
      created_at: message.createdAt,
    })
    .execute();
  return id;
}

/** Rewrites a draft's content (subject, body, targets). */
export async function updateMessageContent(
  trx: Db,
  id: string,
  content: Omit<NewMessage, 'senderId' | 'threadId' | 'createdAt'> & { threadId: string },
): Promise<void> {
  await trx
    .updateTable('messages')
    .set({
      thread_id: content.threadId,
      parent_id: content.parentId,
      subject: content.subject,
      body_html: content.bodyHtml,
      preview: content.preview,
      search_vector: sql`to_tsvector('french', ${content.searchText})`,
      recipient_labels: JSON.stringify(content.labels),
      draft: content.draft ? JSON.stringify(content.draft) : null,
      sent_at: content.sentAt,
    })
    .where('id', '=', id)
    .execute();
}

export async function setHasAttachments(trx: Db, id: string): Promise<void> {
  await sql`UPDATE messages SET has_attachments = EXISTS (SELECT 1 FROM message_attachments WHERE message_id = ${id}) WHERE id = ${id}`.execute(trx);
}

/**
 * One state row per recipient, all in the caller's transaction: each batch is
 * one INSERT … SELECT over two arrays (two parameters whatever its size), so
 * a send to thousands costs a few statements and little parsing.
 */
export async function insertRecipientStates(
  trx: Db,
  messageId: string,
  recipients: ReadonlyArray<{ accountId: string; kind: 'TO' | 'CC' | 'BCC' }>,
): Promise<void> {
  for (let start = 0; start < recipients.length; start += STATE_BATCH * 5) {
    const batch = recipients.slice(start, start + STATE_BATCH * 5);
    await sql`INSERT INTO message_recipients (message_id, account_id, kind, folder)
      SELECT ${messageId}::uuid, r.account_id, r.kind, 'INBOX'
      FROM unnest(${batch.map((r) => r.accountId)}::uuid[], ${batch.map((r) => r.kind)}::text[]) AS r(account_id, kind)`.execute(trx);
  }
}

export async function insertSenderState(trx: Db, messageId: string, accountId: string, folder: 'SENT' | 'DRAFTS'): Promise<void> {
  await trx
    .insertInto('message_recipients')
    .values({ message_id: messageId, account_id: accountId, kind: 'FROM', folder, folder_id: null, previous_folder: null, previous_folder_id: null, is_read: true })
    .execute();
}

export async function moveSenderStateToSent(trx: Db, messageId: string, accountId: string): Promise<void> {
  await trx.updateTable('message_recipients').set({ folder: 'SENT' }).where('message_id', '=', messageId).where('account_id', '=', accountId).execute();
}

export interface StateRow {
  stateId: number;
  id: string;
  threadId: string;
  parentId: string | null;
  senderId: string;
  senderFirstName: string;
  senderLastName: string;
  subject: string;
  preview: string;
  bodyHtml: string;
  labels: RecipientLabels;
  draft: DraftData | null;
  hasAttachments: boolean;
  createdAt: Date;
  sentAt: Date | null;
  kind: 'FROM' | 'TO' | 'CC' | 'BCC';
  folder: MessageFolderName;
  folderId: string | null;
  isRead: boolean;
  isFlagged: boolean;
}

function stateQuery(db: Db, accountId: string) {
  return db
    .selectFrom('message_recipients as mr')
    .innerJoin('messages as m', 'm.id', 'mr.message_id')
    .innerJoin('accounts as s', 's.id', 'm.sender_id')
    .select([
      'mr.id as stateId',
      'm.id as id',
      'm.thread_id as threadId',
      'm.parent_id as parentId',
      'm.sender_id as senderId',
      's.first_name as senderFirstName',
      's.last_name as senderLastName',
      'm.subject as subject',
      'm.preview as preview',
      'm.recipient_labels as labels',
      'm.has_attachments as hasAttachments',
      'm.created_at as createdAt',
      'm.sent_at as sentAt',
      'mr.kind as kind',
      'mr.folder as folder',
      'mr.folder_id as folderId',
      'mr.is_read as isRead',
      'mr.is_flagged as isFlagged',
    ])
    .where('mr.account_id', '=', accountId);
}

/** One page (limit + 1 rows) of a folder, newest delivery first. */
export async function findFolderPage(
  db: DB,
  accountId: string,
  folder: { system: MessageFolderName; folderId: string | null },
  options: { afterStateId?: number; unreadOnly: boolean; limit: number },
) {
  let query = stateQuery(db, accountId);
  query = folder.folderId ? query.where('mr.folder_id', '=', folder.folderId).where('mr.folder', '=', 'USER') : query.where('mr.folder', '=', folder.system);
  if (options.unreadOnly) query = query.where('mr.is_read', '=', false);
  if (options.afterStateId !== undefined) query = query.where('mr.id', '<', options.afterStateId);
  return query.orderBy('mr.id', 'desc').limit(options.limit + 1).execute();
}

/** Full-text search (French stemming, accents ignored) of the account's own messages, newest first. */
export async function searchOwnMessages(db: DB, accountId: string, text: string, options: { afterStateId?: number; limit: number }) {
  let query = stateQuery(db, accountId).where(sql<boolean>`m.search_vector @@ plainto_tsquery('french', ${text})`);
  if (options.afterStateId !== undefined) query = query.where('mr.id', '<', options.afterStateId);
  return query.orderBy('mr.id', 'desc').limit(options.limit + 1).execute();
}

/** The account's state of one message, with the body, or undefined when it has none. */
export async function findOwnMessage(db: Db, accountId: string, messageId: string): Promise<StateRow | undefined> {
  const row = await stateQuery(db, accountId)
    .select(['m.body_html as bodyHtml', 'm.draft as draft'])
    .where('m.id', '=', messageId)
    .executeTakeFirst();
  return row as StateRow | undefined;
}

/** Every message of a thread the account has a state row for, oldest first. */
export async function findOwnThread(db: DB, accountId: string, threadId: string): Promise<StateRow[]> {
  const rows = await stateQuery(db, accountId)
    .select(['m.body_html as bodyHtml', 'm.draft as draft'])
    .where('m.thread_id', '=', threadId)
    .orderBy('m.created_at')
    .orderBy('mr.id')
    .limit(200)
    .execute();
  return rows as StateRow[];
}

export async function markRead(db: Db, accountId: string, messageIds: string[], isRead: boolean): Promise<void> {
  await db.updateTable('message_recipients').set({ is_read: isRead }).where('account_id', '=', accountId).where('message_id', 'in', messageIds).execute();
}

export async function markFlagged(db: Db, accountId: string, messageIds: string[], isFlagged: boolean): Promise<void> {
  await db.updateTable('message_recipients').set({ is_flagged: isFlagged }).where('account_id', '=', accountId).where('message_id', 'in', messageIds).execute();
}

/** Moves sent or received messages (never drafts, never already trashed ones) to the trash. */
export async function moveToTrash(db: Db, accountId: string, messageIds: string[], at: Date): Promise<void> {
  await sql`UPDATE message_recipients SET previous_folder = folder, previous_folder_id = folder_id, folder = 'TRASH', folder_id = NULL, trashed_at = ${at}
    WHERE account_id = ${accountId} AND message_id IN (${sql.join(messageIds)}) AND folder NOT IN ('TRASH', 'DRAFTS')`.execute(db);
}

/** Back from the trash to the folder it left (its user folder if that still exists). */
export async function restoreFromTrash(db: Db, accountId: string, messageIds: string[]): Promise<void> {
  await sql`UPDATE message_recipients mr SET
      folder = CASE WHEN mr.previous_folder = 'USER' AND NOT EXISTS (SELECT 1 FROM message_folders f WHERE f.id = mr.previous_folder_id)
        THEN (CASE WHEN mr.kind = 'FROM' THEN 'SENT' ELSE 'INBOX' END)
        ELSE coalesce(mr.previous_folder, CASE WHEN mr.kind = 'FROM' THEN 'SENT' ELSE 'INBOX' END) END,
      folder_id = (SELECT f.id FROM message_folders f WHERE f.id = mr.previous_folder_id),
      previous_folder = NULL, previous_folder_id = NULL, trashed_at = NULL
    WHERE mr.account_id = ${accountId} AND mr.message_id IN (${sql.join(messageIds)}) AND mr.folder = 'TRASH'`.execute(db);
}

/** Files received or sent messages into a user folder, or back to the inbox (received) / sent (own). */
export async function moveToFolder(db: Db, accountId: string, messageIds: string[], folderId: string | null): Promise<void> {
  await sql`UPDATE message_recipients SET
      folder = ${folderId ? sql`'USER'` : sql`CASE WHEN kind = 'FROM' THEN 'SENT' ELSE 'INBOX' END`},
      folder_id = ${folderId}, previous_folder = NULL, previous_folder_id = NULL, trashed_at = NULL
    WHERE account_id = ${accountId} AND message_id IN (${sql.join(messageIds)}) AND folder <> 'DRAFTS'`.execute(db);
}

/** Deletes state rows (the account's copies); returns the message ids that lost one. */
export async function deleteStates(db: Db, accountId: string, messageIds: string[], onlyFolder: MessageFolderName): Promise<string[]> {
  const rows = await db
    .deleteFrom('message_recipients')
    .where('account_id', '=', accountId)
    .where('message_id', 'in', messageIds)
    .where('folder', '=', onlyFolder)
    .returning('message_id')
    .execute();
  return rows.map((row) => row.message_id);
}

/**
 * Removes the messages among `messageIds` that nobody keeps any more, gives
 * their uploaders' quota back for files no attachment row names any more, and
 * returns those files' storage keys (to be deleted once the transaction has
 * committed).
 */
export async function dropOrphans(trx: Db, messageIds: string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const orphans = await sql<{ id: string }>`SELECT m.id FROM messages m WHERE m.id IN (${sql.join(messageIds)})
    AND NOT EXISTS (SELECT 1 FROM message_recipients mr WHERE mr.message_id = m.id)`.execute(trx);
  const ids = orphans.rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const keys = await trx.selectFrom('message_attachments').select('storage_key').where('message_id', 'in', ids).execute();
  await trx.updateTable('messages').set({ parent_id: null }).where('parent_id', 'in', ids).execute();
  await trx.deleteFrom('messages').where('id', 'in', ids).execute();
  const candidates = [...new Set(keys.map((k) => k.storage_key))];
  if (candidates.length === 0) return [];
  const still = await trx.selectFrom('message_attachments').select('storage_key').where('storage_key', 'in', candidates).execute();
  const kept = new Set(still.map((k) => k.storage_key));
  const gone = candidates.filter((key) => !kept.has(key));
  await releaseStoredFiles(trx, gone);
  return gone;
}

/** Per folder: total and unread state rows of the account. */
export async function countByFolder(db: DB, accountId: string) {
  return db
    .selectFrom('message_recipients')
    .select(['folder', 'folder_id'])
    .select((eb) => [eb.fn.countAll<number>().as('total'), sql<number>`count(*) FILTER (WHERE NOT is_read)::int`.as('unread')])
    .where('account_id', '=', accountId)
    .groupBy(['folder', 'folder_id'])
    .execute();
}

/** Unread messages in the inbox (partial index on unread rows). */
export async function countUnreadInbox(db: DB, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('message_recipients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('folder', '=', 'INBOX')
    .where('is_read', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findAttachments(db: Db, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return db
    .selectFrom('message_attachments')
    .select(['id', 'message_id', 'file_name', 'content_type', 'size', 'storage_key', 'created_at'])
    .where('message_id', 'in', messageIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** An attachment, when the account has a state row (sender or recipient) on its message. */
export async function findReadableAttachment(db: DB, accountId: string, attachmentId: string) {
  return db
    .selectFrom('message_attachments as ma')
    .innerJoin('message_recipients as mr', (join) => join.onRef('mr.message_id', '=', 'ma.message_id').on('mr.account_id', '=', accountId))
    .select(['ma.id', 'ma.file_name', 'ma.content_type', 'ma.size', 'ma.storage_key'])
    .where('ma.id', '=', attachmentId)
    .executeTakeFirst();
}

/** Messages whose trash time has passed: deletes up to `limit` state rows, returns their message ids. */
export async function deleteExpiredTrash(trx: Db, before: Date, limit: number): Promise<string[]> {
  const result = await sql<{ message_id: string }>`DELETE FROM message_recipients WHERE id IN (
      SELECT id FROM message_recipients WHERE folder = 'TRASH' AND trashed_at < ${before} ORDER BY trashed_at LIMIT ${limit})
    RETURNING message_id`.execute(trx);
  return [...new Set(result.rows.map((row) => row.message_id))];
}

/** Attachments of a draft: how many, how many bytes (an early answer only: the decision is lockDraftAttachments'). */
export async function countDraftAttachments(db: Db, draftId: string): Promise<{ count: number; bytes: number }> {
  const row = await db
    .selectFrom('message_attachments')
    .select((eb) => [eb.fn.countAll<number>().as('count'), sql<number>`coalesce(sum(size), 0)`.as('bytes')])
    .where('message_id', '=', draftId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), bytes: Number(row.bytes) };
}

/**
 * Locks the account's draft until the caller's transaction ends, then counts
 * its attachments: concurrent uploads to one draft count one after the
 * other, so its limits hold. Undefined when it is not (or no longer) a draft
 * of the account.
 */
export async function lockDraftAttachments(trx: Transaction<Database>, accountId: string, draftId: string) {
  const draft = await trx
    .selectFrom('messages')
    .select('id')
    .where('id', '=', draftId)
    .where('sender_id', '=', accountId)
    .where('sent_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!draft) return undefined;
  return countDraftAttachments(trx, draftId);
}

/** Adds a stored file to a draft; returns the attachment's id. */
export async function insertAttachment(
  trx: Transaction<Database>,
  draftId: string,
  file: { key: string; size: number; fileName: string; contentType: string },
): Promise<string> {
  const row = await trx
    .insertInto('message_attachments')
    .values({ message_id: draftId, file_name: file.fileName, content_type: file.contentType, size: file.size, storage_key: file.key })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setHasAttachments(trx, draftId);
  return row.id;
}

/** A forward's attachments: rows copied from the parent, files shared (and still charged to their uploader). */
export async function copyAttachments(trx: Transaction<Database>, fromMessageId: string, toMessageId: string): Promise<void> {
  const attachments = await findAttachments(trx, [fromMessageId]);
  if (attachments.length === 0) return;
  await trx
    .insertInto('message_attachments')
    .values(
      attachments.map((a) => ({
        message_id: toMessageId,
        file_name: a.file_name,
        content_type: a.content_type,
        size: a.size,
        storage_key: a.storage_key,
        created_at: a.created_at,
      })),
    )
    .execute();
  await setHasAttachments(trx, toMessageId);
}

/**
 * Removes an attachment of a draft. Undefined when the draft has no such
 * attachment; otherwise the storage key to delete after commit when no other
 * row names the file any more (its quota given back here), null when it stays.
 */
export async function deleteDraftAttachment(trx: Transaction<Database>, draftId: string, attachmentId: string): Promise<string | null | undefined> {
  const row = await trx.deleteFrom('message_attachments').where('id', '=', attachmentId).where('message_id', '=', draftId).returning('storage_key').executeTakeFirst();
  if (!row) return undefined;
  await setHasAttachments(trx, draftId);
  const still = await trx.selectFrom('message_attachments').select('id').where('storage_key', '=', row.storage_key).executeTakeFirst();
  if (still) return null;
  await releaseStoredFiles(trx, [row.storage_key]);
  return row.storage_key;
}

/** Those of `messageIds` the account holds a copy of. */
export async function findHeldMessageIds(db: Db, accountId: string, messageIds: string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const rows = await db.selectFrom('message_recipients').select('message_id').where('account_id', '=', accountId).where('message_id', 'in', messageIds).execute();
  return rows.map((row) => row.message_id);
}

/** One of the account's own folders, or undefined. */
export async function findOwnFolder(db: Db, accountId: string, folderId: string) {
  return db.selectFrom('message_folders').select(['id', 'name']).where('id', '=', folderId).where('account_id', '=', accountId).executeTakeFirst();
}

/** The account's own folders, by name. */
export async function findOwnFolders(db: Db, accountId: string) {
  return db.selectFrom('message_folders').select(['id', 'name']).where('account_id', '=', accountId).orderBy('name').execute();
}

/** Creates a folder of the account (unique violation when the name is taken). */
export async function insertFolder(db: Db, accountId: string, name: string) {
  return db.insertInto('message_folders').values({ account_id: accountId, name }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

/** Renames one of the account's folders; undefined when it has none with that id. */
export async function updateFolderName(db: Db, accountId: string, folderId: string, name: string) {
  return db.updateTable('message_folders').set({ name }).where('id', '=', folderId).where('account_id', '=', accountId).returning(['id', 'name']).executeTakeFirst();
}

/**
 * Deletes one of the account's folders, its messages going back to the inbox
 * (received) or sent (own), in the caller's transaction. False when the
 * account has no such folder.
 */
export async function deleteOwnFolder(trx: Transaction<Database>, accountId: string, folderId: string): Promise<boolean> {
  const folder = await findOwnFolder(trx, accountId, folderId);
  if (!folder) return false;
  await trx
    .updateTable('message_recipients')
    .set((eb) => ({
      folder: eb.case().when('kind', '=', 'FROM').then('SENT' as MessageFolderName).else('INBOX' as MessageFolderName).end(),
      folder_id: null,
    }))
    .where('account_id', '=', accountId)
    .where('folder_id', '=', folderId)
    .where('folder', '=', 'USER')
    .execute();
  await trx.updateTable('message_recipients').set({ previous_folder_id: null }).where('account_id', '=', accountId).where('previous_folder_id', '=', folderId).execute();
  await trx.deleteFrom('message_folders').where('id', '=', folderId).where('account_id', '=', accountId).execute();
  return true;
}

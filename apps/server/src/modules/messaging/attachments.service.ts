import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Attachment } from '@preau/contracts';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { FileNotFoundError } from '../../platform/storage/file-storage.ts';
import { findAttachments, findOwnMessage, findReadableAttachment, setHasAttachments } from './messages.repository.ts';

/** An uploaded file as the multipart parser hands it over. */
export interface IncomingFile {
  filename: string;
  mimetype: string;
  file: Readable & { truncated?: boolean };
}

/** Types a browser could run or render as a page: always downloaded as plain bytes. */
const activeTypes = /^(text\/html|application\/xhtml|image\/svg|text\/xml|application\/xml|application\/javascript|text\/javascript)/i;

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // No control characters, no quotes that could break a Content-Disposition header.
  const cleaned = base.replace(/[\p{Cc}"]/gu, '').trim().slice(0, 200);
  return cleaned || 'fichier';
}

/**
 * Adds a file to one of the actor's drafts: streamed to the storage, counted
 * on the way, refused with ATTACHMENT_TOO_LARGE / ATTACHMENTS_TOTAL_TOO_LARGE /
 * TOO_MANY_ATTACHMENTS (nothing kept) past the configured limits.
 */
export async function addAttachment(platform: Platform, actor: Actor, draftId: string, file: IncomingFile): Promise<Attachment> {
  const db = platform.database.db;
  const limits = platform.config.messaging;
  const draft = await findOwnMessage(db, actor.accountId, draftId);
  if (!draft || draft.kind !== 'FROM') throw new AppError('NOT_FOUND');
  if (draft.sentAt !== null) throw new AppError('NOT_A_DRAFT');
  const existing = await findAttachments(db, [draftId]);
  if (existing.length >= limits.maxAttachments) {
    file.file.resume();
    throw new AppError('TOO_MANY_ATTACHMENTS');
  }
  const id = randomUUID();
  const key = `messaging/${id.slice(0, 2)}/${id}`;
  let size: number;
  try {
    size = await platform.storage.put(key, file.file, { contentType: file.mimetype });
  } catch (error) {
    await platform.storage.delete(key);
    // The multipart parser stops a file at the per-file limit with its own error.
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('ATTACHMENT_TOO_LARGE');
    throw error;
  }
  const refuse = async (code: 'ATTACHMENT_TOO_LARGE' | 'ATTACHMENTS_TOTAL_TOO_LARGE') => {
    await platform.storage.delete(key);
    throw new AppError(code);
  };
  if (file.file.truncated || size > limits.attachmentMaxBytes) await refuse('ATTACHMENT_TOO_LARGE');
  const total = existing.reduce((sum, a) => sum + Number(a.size), 0) + size;
  if (total > limits.messageMaxBytes) await refuse('ATTACHMENTS_TOTAL_TOO_LARGE');
  const fileName = cleanFileName(file.filename);
  const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(file.mimetype) ? file.mimetype.toLowerCase() : 'application/octet-stream';
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('message_attachments').values({ id, message_id: draftId, file_name: fileName, content_type: contentType, size, storage_key: key }).execute();
      await setHasAttachments(trx, draftId);
    });
  } catch (error) {
    await platform.storage.delete(key);
    throw error;
  }
  return { id, fileName, contentType, size };
}

/** Removes a file from one of the actor's drafts (the file itself goes when nothing else names it). */
export async function removeAttachment(platform: Platform, actor: Actor, draftId: string, attachmentId: string): Promise<void> {
  const db = platform.database.db;
  const draft = await findOwnMessage(db, actor.accountId, draftId);
  if (!draft || draft.kind !== 'FROM' || draft.sentAt !== null) throw new AppError('NOT_FOUND');
  const removed = await db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('message_attachments')
      .where('id', '=', attachmentId)
      .where('message_id', '=', draftId)
      .returning('storage_key')
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    await setHasAttachments(trx, draftId);
    const still = await trx.selectFrom('message_attachments').select('id').where('storage_key', '=', row.storage_key).executeTakeFirst();
    return still ? undefined : row.storage_key;
  });
  if (removed) await platform.storage.delete(removed);
}

/** A file of a message the actor sent or received (404 otherwise), ready to stream. */
export async function openAttachment(platform: Platform, actor: Actor, attachmentId: string) {
  const row = await findReadableAttachment(platform.database.db, actor.accountId, attachmentId);
  if (!row) throw new AppError('NOT_FOUND');
  try {
    const stream = await platform.storage.get(row.storage_key);
    return {
      stream,
      fileName: row.file_name,
      size: Number(row.size),
      contentType: activeTypes.test(row.content_type) ? 'application/octet-stream' : row.content_type,
    };
  } catch (error) {
    if (error instanceof FileNotFoundError) throw new AppError('NOT_FOUND');
    throw error;
  }
}

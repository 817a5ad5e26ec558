import type { Attachment } from '@preau/contracts';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { FileNotFoundError } from '../../platform/storage/file-storage.ts';
import { deleteStoredBytes, type IncomingFile, storeUpload } from '../../platform/storage/uploads.ts';
import {
  countDraftAttachments,
  deleteDraftAttachment,
  findOwnMessage,
  findReadableAttachment,
  insertAttachment,
  lockDraftAttachments,
} from './messages.repository.ts';

export type { IncomingFile } from '../../platform/storage/uploads.ts';

/**
 * Adds a file to one of the actor's drafts through the platform's upload
 * helper: refused with ATTACHMENT_TOO_LARGE / ATTACHMENTS_TOTAL_TOO_LARGE /
 * TOO_MANY_ATTACHMENTS (nothing kept) past the configured limits, which are
 * counted under a lock on the draft, so concurrent uploads cannot pass them.
 */
export async function addAttachment(platform: Platform, actor: Actor, draftId: string, file: IncomingFile): Promise<Attachment> {
  const db = platform.database.db;
  const limits = platform.config.messaging;
  const draft = await findOwnMessage(db, actor.accountId, draftId);
  if (!draft || draft.kind !== 'FROM') throw new AppError('NOT_FOUND');
  if (draft.sentAt !== null) throw new AppError('NOT_A_DRAFT');
  // An early answer for a full draft, before any byte is read; the count that decides is the one under the lock.
  const before = await countDraftAttachments(db, draftId);
  if (before.count >= limits.maxAttachments) {
    file.file.resume();
    throw new AppError('TOO_MANY_ATTACHMENTS');
  }
  return storeUpload(platform, actor, file, {
    prefix: 'messaging',
    maxBytes: limits.attachmentMaxBytes,
    tooLargeCode: 'ATTACHMENT_TOO_LARGE',
    keep: async (trx, upload) => {
      const current = await lockDraftAttachments(trx, actor.accountId, draftId);
      if (!current) throw new AppError('NOT_A_DRAFT');
      if (current.count >= limits.maxAttachments) throw new AppError('TOO_MANY_ATTACHMENTS');
      if (current.bytes + upload.size > limits.messageMaxBytes) throw new AppError('ATTACHMENTS_TOTAL_TOO_LARGE');
      const id = await insertAttachment(trx, draftId, upload);
      return { id, fileName: upload.fileName, contentType: upload.contentType, size: upload.size };
    },
  });
}

/** Removes a file from one of the actor's drafts (the file itself goes when nothing else names it). */
export async function removeAttachment(platform: Platform, actor: Actor, draftId: string, attachmentId: string): Promise<void> {
  const db = platform.database.db;
  const draft = await findOwnMessage(db, actor.accountId, draftId);
  if (!draft || draft.kind !== 'FROM' || draft.sentAt !== null) throw new AppError('NOT_FOUND');
  const removed = await db.transaction().execute(async (trx) => deleteDraftAttachment(trx, draftId, attachmentId));
  if (removed === undefined) throw new AppError('NOT_FOUND');
  if (removed) await deleteStoredBytes(platform, [removed]);
}

/** A file of a message the actor sent or received (404 otherwise), ready to stream. */
export async function openAttachment(platform: Platform, actor: Actor, attachmentId: string) {
  const row = await findReadableAttachment(platform.database.db, actor.accountId, attachmentId);
  if (!row) throw new AppError('NOT_FOUND');
  try {
    const stream = await platform.storage.get(row.storage_key);
    return { stream, fileName: row.file_name, size: Number(row.size), contentType: row.content_type };
  } catch (error) {
    if (error instanceof FileNotFoundError) throw new AppError('NOT_FOUND');
    throw error;
  }
}

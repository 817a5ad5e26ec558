import { audit } from '../../platform/audit.ts';
import { type Actor, authorize } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { releaseStoredFiles } from '../../platform/storage/storage-quota.repository.ts';
import { FileNotFoundError } from '../../platform/storage/file-storage.ts';
import { deleteStoredBytes, type IncomingFile, storeUpload } from '../../platform/storage/uploads.ts';
import { scannerOf, scanStoredBytes } from '../workspace/scanning.ts';
import { THUMBNAIL_TYPE, writeThumbnail } from '../workspace/thumbnails.ts';
import { countTicketPhotos, deletePhoto, findPendingPhotos, getPhoto, insertPhoto, markPhotoClean, setPhotoThumbnail } from './support-photos.repository.ts';
import { lockTicket } from './support.repository.ts';
import { getTicketDetail, loadTicket } from './support.service.ts';
import type { TicketDetail } from '@preau/contracts';

/**
 * Photos of a fault, added by whoever may write a follow-up on the ticket (its requester, its handlers), when he
 * reports it or later. They go the one way files enter Préau (platform/storage/uploads.ts: rate, quota, size cut
 * off, nothing half-written), are checked to be pictures by their first bytes, then scanned by clamd like the
 * espace documentaire's files and given the same WebP thumbnail; those who may read the ticket see them.
 */

/** Largest photo accepted: a phone's full-resolution picture is 3–8 MB. */
export const SUPPORT_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Most photos on one ticket. */
export const SUPPORT_MAX_PHOTOS = 10;

/** The pictures accepted, told by their first bytes (the declared type is the browser's guess). */
const signatures: ReadonlyArray<{ type: string; matches: (head: Buffer) => boolean }> = [
  { type: 'image/jpeg', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { type: 'image/png', matches: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/gif', matches: (h) => ['GIF87a', 'GIF89a'].includes(h.subarray(0, 6).toString('latin1')) },
  { type: 'image/webp', matches: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** The picture type of these first bytes, or undefined. */
export function imageTypeOf(head: Buffer): string | undefined {
  return signatures.find((s) => s.matches(head))?.type;
}

async function firstBytes(platform: Platform, key: string, count: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = await platform.storage.get(key);
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= count) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, count);
}

/** After a photo is kept: scanned (an infected one is refused, and gone), then given its thumbnail. */
async function scanPhoto(platform: Platform, storageKey: string, actorId: string | null): Promise<'clean' | 'infected' | 'pending' | 'disabled'> {
  const verdict = await scanStoredBytes(platform, storageKey);
  const db = platform.database.db;
  if (verdict.outcome === 'infected') {
    const removed = await db.transaction().execute(async (trx) => {
      const row = await deletePhoto(trx, storageKey);
      await releaseStoredFiles(trx, [storageKey]);
      await audit(trx, { actorId, action: 'support.photo.infected', targetType: 'support_ticket', targetId: row?.ticket_id, details: { signature: verdict.signature } });
      return row;
    });
    await deleteStoredBytes(platform, [storageKey, ...(removed?.thumbnail_key ? [removed.thumbnail_key] : [])]);
    return 'infected';
  }
  if (verdict.outcome === 'pending') return 'pending';
  if (verdict.outcome === 'clean' && !(await markPhotoClean(db, storageKey))) return 'clean';
  const thumbnail = await writeThumbnail(platform, storageKey);
  // The photo may have gone meanwhile: its thumbnail goes too.
  if (thumbnail && !(await setPhotoThumbnail(db, storageKey, thumbnail))) await deleteStoredBytes(platform, [thumbnail]);
  return verdict.outcome;
}

/**
 * Adds a photo to the ticket: SUPPORT_PHOTO_NOT_IMAGE unless it is a JPEG, PNG, GIF or WebP picture by its bytes,
 * SUPPORT_PHOTO_TOO_LARGE past 10 MB, SUPPORT_TOO_MANY_PHOTOS past 10 on the ticket (counted under the ticket's
 * lock), SUPPORT_PHOTO_INFECTED when clamd finds a virus; nothing is kept for any of them.
 */
export async function addTicketPhoto(platform: Platform, actor: Actor, ticketId: string, file: IncomingFile): Promise<TicketDetail> {
  let row;
  try {
    const loaded = await loadTicket(platform, actor, ticketId);
    authorize(actor, 'support.comment', loaded.resource);
    row = loaded.row;
    if (!/^image\//i.test(file.mimetype)) throw new AppError('SUPPORT_PHOTO_NOT_IMAGE');
  } catch (error) {
    file.file.resume();
    throw error;
  }
  const scanStatus = scannerOf(platform) ? 'pending' : 'disabled';
  const stored = await storeUpload(platform, actor, file, {
    prefix: 'support',
    maxBytes: SUPPORT_PHOTO_MAX_BYTES,
    tooLargeCode: 'SUPPORT_PHOTO_TOO_LARGE',
    keep: async (trx, upload) => {
      const type = imageTypeOf(await firstBytes(platform, upload.key, 12));
      if (!type) throw new AppError('SUPPORT_PHOTO_NOT_IMAGE');
      if (!(await lockTicket(trx, row.structure_id, ticketId))) throw new AppError('NOT_FOUND');
      if ((await countTicketPhotos(trx, ticketId)) >= SUPPORT_MAX_PHOTOS) throw new AppError('SUPPORT_TOO_MANY_PHOTOS');
      const at = new Date(platform.now());
      const id = await insertPhoto(trx, { ticketId, authorId: actor.accountId, storageKey: upload.key, contentType: type, size: upload.size, scanStatus, at });
      await audit(trx, { actorId: actor.accountId, action: 'support.photo.create', targetType: 'support_ticket', targetId: ticketId, structureId: row.structure_id, details: { photoId: id } });
      return { key: upload.key };
    },
  });
  if ((await scanPhoto(platform, stored.key, actor.accountId)) === 'infected') throw new AppError('SUPPORT_PHOTO_INFECTED');
  return getTicketDetail(platform, actor, ticketId);
}

/** A photo, or its thumbnail, for those who may read its ticket (NOT_FOUND otherwise, or while it waits for clamd). */
export async function openTicketPhoto(platform: Platform, actor: Actor, photoId: string, thumbnail: boolean) {
  const photo = await getPhoto(platform.database.db, photoId);
  if (!photo) throw new AppError('NOT_FOUND');
  const { resource } = await loadTicket(platform, actor, photo.ticket_id);
  authorize(actor, 'support.read', resource);
  if (photo.scan_status === 'pending') throw new AppError('NOT_FOUND');
  const key = thumbnail ? photo.thumbnail_key : photo.storage_key;
  if (!key) throw new AppError('NOT_FOUND');
  try {
    const stream = await platform.storage.get(key);
    return thumbnail
      ? { stream, fileName: 'apercu.webp', contentType: THUMBNAIL_TYPE }
      : { stream, fileName: `photo.${photo.content_type.split('/')[1]}`, contentType: photo.content_type, size: photo.size };
  } catch (error) {
    if (error instanceof FileNotFoundError) throw new AppError('NOT_FOUND');
    throw error;
  }
}

/** Scans the photos clamd missed (periodic work); stops at the first one it still cannot scan. */
export async function rescanPendingPhotos(platform: Platform, batch = 50): Promise<{ scanned: number; infected: number }> {
  if (!scannerOf(platform)) return { scanned: 0, infected: 0 };
  let scanned = 0;
  let infected = 0;
  for (const photo of await findPendingPhotos(platform.database.db, batch)) {
    const outcome = await scanPhoto(platform, photo.storage_key, null);
    if (outcome === 'pending') break;
    scanned += 1;
    if (outcome === 'infected') infected += 1;
  }
  return { scanned, infected };
}

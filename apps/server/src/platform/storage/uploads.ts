import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ErrorCode } from '@preau/contracts';
import type { Transaction } from 'kysely';
import type { Actor } from '../authorization.ts';
import type { Database } from '../db/schema.ts';
import { cleanDisplayText } from '../display-text.ts';
import { AppError } from '../errors.ts';
import type { Platform } from '../platform.ts';
import { chargeStoredFile, findUsedBytes } from './storage-quota.repository.ts';

/**
 * The one way a user's file enters and leaves Préau (messaging attachments,
 * hand-ins, cahier de textes files, documents to come): its name and type
 * cleaned, a rate limit and the account's quota checked, the bytes streamed
 * to the storage and cut off at the limit, then, in ONE transaction, the
 * quota charged and the caller's rows written. Any refusal or failure deletes
 * the bytes: nothing is kept half-written.
 */

/** An uploaded file as the multipart parser hands it over. */
export interface IncomingFile {
  filename: string;
  mimetype: string;
  file: Readable & { truncated?: boolean };
}

/** A file in the storage whose rows are being written. */
export interface StoredUpload {
  key: string;
  size: number;
  fileName: string;
  contentType: string;
}

const RATE_WINDOW_MS = 10 * 60_000;

/**
 * A file name safe to show and to send back: no folder part, no control or
 * invisible format character (a right-to-left override would show
 * "corrige‮fdp.exe" as "corrigeexe.pdf"), no quote or backslash, 200
 * characters at most; "fichier" when nothing is left.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Joiners too: cleanDisplayText keeps them for words, a file name has no use for them.
  const cleaned = cleanDisplayText(base).replace(/[\p{Cf}"]/gu, '').trim();
  return [...cleaned].slice(0, 200).join('').trim() || 'fichier';
}

/** The declared type when it looks like one (`type/subtype`), lower-cased; application/octet-stream otherwise. */
export function cleanContentType(type: string): string {
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type.toLowerCase() : 'application/octet-stream';
}

/** Types a browser could run or render as a page: always downloaded as plain bytes. */
const activeTypes = /^(text\/html|application\/xhtml|image\/svg|text\/xml|application\/xml|application\/javascript|text\/javascript)/i;

/** Content-Disposition for a download, with the UTF-8 file name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const name = cleanFileName(fileName);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Headers of a file download: always an attachment, never sniffed, never
 * cached by a shared cache, and active types (HTML, SVG, XML, scripts) sent
 * as plain bytes so a stored page cannot run on Préau's origin.
 */
export function downloadHeaders(file: { fileName: string; contentType: string; size?: number }): Record<string, string> {
  return {
    'content-type': activeTypes.test(file.contentType) ? 'application/octet-stream' : file.contentType,
    ...(file.size === undefined ? {} : { 'content-length': String(file.size) }),
    'content-disposition': contentDisposition(file.fileName),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  };
}

class LimitExceeded extends Error {}

/**
 * The source's bytes, failing as soon as more than `limit` went by, so
 * nothing past it is written. Read only as the storage asks (no byte flows
 * before it listens), and the source is left open so its rest can be drained
 * and the request answered.
 */
async function* upTo(source: Readable, limit: number): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of source.iterator({ destroyOnReturn: false })) {
    seen += (chunk as Buffer).length;
    if (seen > limit) throw new LimitExceeded();
    yield chunk as Buffer;
  }
}

export interface UploadOptions<T> {
  /** First segment of the storage key: the app the file belongs to (`messaging`, `homework`). */
  prefix: string;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** The code of a file over `maxBytes` (each app has its words for it). */
  tooLargeCode: ErrorCode;
  /** The account's quota when the app knows a better one than the profile's default (the ADMC's, espace documentaire). */
  quotaBytes?: number;
  /**
   * Writes the app's rows for the stored file, in the transaction that
   * charges the quota. It counts its own limits there (under a row lock) and
   * throws an AppError to refuse: the bytes are then deleted.
   */
  keep: (trx: Transaction<Database>, upload: StoredUpload) => Promise<T>;
}

function drain(file: IncomingFile): void {
  file.file.resume();
}

/**
 * Receives one file for `actor`: refused with UPLOADS_TOO_FAST past the
 * account's upload rate, STORAGE_QUOTA_EXCEEDED when the account's quota is
 * used up (before any byte is written) or would be passed, the app's code
 * past `maxBytes` (the stream is cut there); then `keep` writes the rows.
 */
export async function storeUpload<T>(platform: Platform, actor: Actor, file: IncomingFile, options: UploadOptions<T>): Promise<T> {
  const now = platform.now();
  const rate = await platform.counters.increment(`uploads:${actor.accountId}`, RATE_WINDOW_MS, now);
  if (rate.count > platform.config.storage.uploadsPerTenMinutes) {
    drain(file);
    throw new AppError('UPLOADS_TOO_FAST', { retryAfter: Math.max(1, Math.ceil((rate.expiresAt - now) / 1000)) });
  }
  const quota = options.quotaBytes ?? platform.config.storage.quotaBytes[actor.profile];
  const left = quota - (await findUsedBytes(platform.database.db, actor.accountId));
  if (left <= 0) {
    drain(file);
    throw new AppError('STORAGE_QUOTA_EXCEEDED');
  }

  const key = newStorageKey(options.prefix);
  const limit = Math.min(options.maxBytes, left);
  const contentType = cleanContentType(file.mimetype);
  let size: number;
  try {
    size = await platform.storage.put(key, Readable.from(upTo(file.file, limit)), { contentType });
  } catch (error) {
    // Drained first, and a failing delete swallowed: an unreachable storage must not hide the put's own error.
    drain(file);
    await deleteStoredBytes(platform, [key]);
    if (error instanceof LimitExceeded) throw new AppError(limit < options.maxBytes ? 'STORAGE_QUOTA_EXCEEDED' : options.tooLargeCode);
    // The multipart parser stops a file at the route's own limit with its own error.
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(options.tooLargeCode);
    throw error;
  }
  if (file.file.truncated) {
    await deleteStoredBytes(platform, [key]);
    throw new AppError(options.tooLargeCode);
  }

  const upload: StoredUpload = { key, size, fileName: cleanFileName(file.filename), contentType };
  try {
    return await platform.database.db.transaction().execute(async (trx) => {
      if (!(await chargeStoredFile(trx, { storageKey: key, accountId: actor.accountId, size }, quota))) throw new AppError('STORAGE_QUOTA_EXCEEDED');
      return options.keep(trx, upload);
    });
  } catch (error) {
    await deleteStoredBytes(platform, [key]);
    throw error;
  }
}

/** A fresh storage key under an app's prefix (`workspace/ab/ab12…`), never derived from a user's file name. */
export function newStorageKey(prefix: string): string {
  const id = randomUUID();
  return `${prefix}/${id.slice(0, 2)}/${id}`;
}

/** Deletes files' bytes after their rows are gone (a failure leaves an unnamed file, never a row without its file). */
export async function deleteStoredBytes(platform: Platform, storageKeys: readonly string[]): Promise<void> {
  for (const key of storageKeys) await platform.storage.delete(key).catch(() => undefined);
}

import { pipeline } from 'node:stream';
import sharp from 'sharp';
import type { Platform } from '../../platform/platform.ts';
import { deleteStoredBytes } from '../../platform/storage/uploads.ts';
import { findVersionByKey, setThumbnail } from './workspace.repository.ts';

/**
 * Thumbnails of the images of the espace documentaire: a WebP of 256 pixels at
 * most on its longer side, made with sharp (libvips) once the antivirus passed
 * the version, never before (an unscanned or infected file is never decoded),
 * stored under `<version's key>-thumb` and deleted with the version.
 */

export const THUMBNAIL_TYPE = 'image/webp';
export const THUMBNAIL_SIZE = 256;

/** Images libvips reads (SVG never: it is a document, not a picture, and never previewed). */
const thumbnailable = /^image\/(png|jpeg|gif|webp|avif|tiff)$/;

/**
 * A picture's pixels beyond which no thumbnail is made: a 100 KB PNG can
 * declare 50,000 × 50,000 pixels and take gigabytes to decode. 40 million
 * covers any phone or camera photo.
 */
const MAX_INPUT_PIXELS = 40_000_000;

/**
 * Makes the thumbnail of a stored version when it is an image the antivirus
 * passed (or that no antivirus checks); returns its key, or null when there is
 * none to make. A picture that cannot be decoded (damaged, too large, not what
 * its type says) just gets no thumbnail: the list shows the file's icon.
 */
export async function makeThumbnail(platform: Platform, storageKey: string): Promise<string | null> {
  const db = platform.database.db;
  const version = await findVersionByKey(db, storageKey);
  if (!version || version.thumbnail_key || version.scan_status === 'pending' || !thumbnailable.test(version.content_type)) return null;
  const key = await writeThumbnail(platform, storageKey);
  // The version may have gone meanwhile (deleted, found infected): its thumbnail goes too.
  if (key && (await setThumbnail(db, storageKey, key))) return key;
  if (key) await deleteStoredBytes(platform, [key]);
  return null;
}

/**
 * Writes the thumbnail of stored image bytes under `<key>-thumb` (support photos share it); returns its key, or null
 * when the picture cannot be decoded (damaged, too large, not what its type says), leaving nothing behind.
 */
export async function writeThumbnail(platform: Platform, storageKey: string): Promise<string | null> {
  const key = `${storageKey}-thumb`;
  try {
    const resize = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 });
    // pipeline() passes a failing source on to the resizer, which the storage's put then reports.
    const output = pipeline(await platform.storage.get(storageKey), resize, () => undefined);
    await platform.storage.put(key, output, { contentType: THUMBNAIL_TYPE });
    return key;
  } catch {
    // No thumbnail for this picture (see above); the file itself is kept and served as before.
    await deleteStoredBytes(platform, [key]);
    return null;
  }
}

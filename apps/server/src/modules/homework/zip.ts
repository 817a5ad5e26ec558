import type { Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * A ZIP archive written as it is read (yazl, docs/decisions/streamed-zip.md):
 * every hand-in of a homework as one download, with a single file open at a
 * time and never the whole archive in memory. Hand-ins are already
 * compressed formats (PDF, images, office files), so entries are stored.
 */
export type ZipEntry = { name: string; date?: Date } & ({ data: Buffer } | { size: number; open: () => Promise<Readable> });

export function zipStream(entries: readonly ZipEntry[]): Readable {
  const zip = new yazl.ZipFile();
  // yazl reports an entry that cannot be opened or whose size changed on the ZipFile, not on its stream:
  // without this the error would be unhandled and take the process down mid-download.
  zip.on('error', (error: Error) => (zip.outputStream as Readable).destroy(error));
  for (const entry of entries) {
    const options = { compress: false, mtime: entry.date ?? new Date() };
    if ('data' in entry) zip.addBuffer(entry.data, entry.name, options);
    else {
      // Opened when its turn comes; yazl checks the bytes read against the size recorded at upload.
      zip.addReadStreamLazy(entry.name, { ...options, size: entry.size }, (done) => {
        entry.open().then(
          (stream) => done(null, stream),
          (error: Error) => done(error, undefined as never),
        );
      });
    }
  }
  zip.end();
  return zip.outputStream as Readable;
}

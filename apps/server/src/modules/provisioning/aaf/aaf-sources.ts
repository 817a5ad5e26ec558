import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import { AppError } from '../../../platform/errors.ts';

/** The six AAF file types, in the order an import applies them. */
export const aafFileTypes = ['EtabEducNat', 'MatiereEducNat', 'MefEducNat', 'PersEducNat', 'Eleve', 'PersRelEleve'] as const;
export type AafFileType = (typeof aafFileTypes)[number];
export type AafMode = 'COMPLET' | 'DELTA';

/** One AAF XML file to read, wherever it lives (plain file, zip entry, extracted tar entry). */
export interface AafSource {
  /** The name shown in reports: the file name, or `archive.zip!entry.xml`. */
  name: string;
  type: AafFileType;
  mode: AafMode;
  open(): Promise<Readable>;
}

/** How far an archive may expand: uncompressed bytes of all its entries, and their number. */
export interface ArchiveLimits {
  maxBytes: number;
  maxEntries: number;
}

/** The refusal of an archive past its limits (a "zip bomb"): AAF_ARCHIVE_TOO_LARGE, naming which limit. */
export function archiveTooLarge(archive: string, limit: 'bytes' | 'entries'): AppError {
  return new AppError('AAF_ARCHIVE_TOO_LARGE', { fields: { archive: basename(archive), limit } });
}

/**
 * Counts what a tar.gz expands to, as it is read: every entry, and every
 * byte out of gunzip (skipped entries are decompressed too); past a limit
 * the stream fails with AAF_ARCHIVE_TOO_LARGE, before the disk fills.
 */
export function tarGzCounter(archive: string, limits: ArchiveLimits) {
  let entries = 0;
  let bytes = 0;
  return {
    /** Between gunzip and the tar parser. */
    bytes: new Transform({
      transform(chunk: Buffer, _encoding, done) {
        // Past the limit once is enough: chunks already on their way are dropped, not refused again.
        if (bytes > limits.maxBytes) return done();
        bytes += chunk.length;
        done(bytes > limits.maxBytes ? archiveTooLarge(archive, 'bytes') : null, chunk);
      },
    }),
    /** At each tar header: the refusal once there are too many. */
    entry(): AppError | undefined {
      entries++;
      return entries > limits.maxEntries ? archiveTooLarge(archive, 'entries') : undefined;
    },
  };
}

export class AafSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AafSourceError';
  }
}

// MatiereEducNat before Eleve: "Eleve" is also the end of "PersRelEleve", so the longer names are tried first.
const TYPE_PATTERNS: [AafFileType, RegExp][] = [
  ['PersRelEleve', /PersRelEleve/i],
  ['PersEducNat', /PersEducNat/i],
  ['EtabEducNat', /EtabEducNat/i],
  ['MatiereEducNat', /Mati[eè]reEducNat/i],
  ['MefEducNat', /MefEducNat/i],
  ['Eleve', /Eleve/i],
];

/** The type of an AAF file from its name (`…_Eleve_0000.xml`), or undefined for a file that is not one. */
export function typeOfName(name: string): AafFileType | undefined {
  const file = basename(name);
  if (!/\.xml$/i.test(file)) return undefined;
  for (const [type, pattern] of TYPE_PATTERNS) if (pattern.test(file)) return type;
  return undefined;
}

/** Files whose name (or archive name) contains "Delta" are incremental; the others are the full truth. */
export function modeOfName(...names: string[]): AafMode {
  return names.some((n) => /delta/i.test(basename(n))) ? 'DELTA' : 'COMPLET';
}

/** Chunk number in `…_0003.xml`, for a stable order within a type. */
function chunkOf(name: string): number {
  const match = /_(\d+)\.xml$/i.exec(name);
  return match ? Number(match[1]) : 0;
}

/** Sorts sources into the order of application: structures, subjects, MEFs, staff, students, parents. */
export function orderSources(sources: AafSource[]): AafSource[] {
  return [...sources].sort(
    (a, b) =>
      aafFileTypes.indexOf(a.type) - aafFileTypes.indexOf(b.type) ||
      (a.mode === b.mode ? 0 : a.mode === 'COMPLET' ? -1 : 1) ||
      chunkOf(a.name) - chunkOf(b.name) ||
      a.name.localeCompare(b.name),
  );
}

/** The result of opening the inputs: the ordered files, the names skipped, and a cleanup. */
export interface AafSourceSet {
  sources: AafSource[];
  ignored: string[];
  close(): Promise<void>;
}

/**
 * Expands paths (files, folders, .zip, .tar.gz/.tgz archives) into the AAF
 * files they hold, classified and ordered. Zip entries are read in place;
 * a tar.gz is read once and its entries streamed to a temporary folder
 * (a tar has no index, and files must be applied in type order). An archive
 * past `limits` is refused (AAF_ARCHIVE_TOO_LARGE): a zip by the sizes its
 * index states (which yauzl holds each entry's stream to), a tar.gz as it
 * is read.
 */
export async function openAafSources(paths: string[], limits: ArchiveLimits): Promise<AafSourceSet> {
  const sources: AafSource[] = [];
  const ignored: string[] = [];
  const temps: string[] = [];

  const addFile = (path: string, shownName: string, modeNames: string[]) => {
    const type = typeOfName(shownName);
    if (!type) {
      ignored.push(shownName);
      return;
    }
    sources.push({ name: shownName, type, mode: modeOfName(...modeNames, shownName), open: async () => createReadStream(path) });
  };

  const visit = async (path: string, shown: string): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new AafSourceError(`cannot read ${path}`);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      for (const entry of entries) await visit(join(path, entry), join(shown, entry));
      return;
    }
    const lower = path.toLowerCase();
    if (lower.endsWith('.zip')) sources.push(...(await zipSources(path, ignored, limits)));
    else if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) {
      const folder = await mkdtemp(join(tmpdir(), 'preau-aaf-'));
      temps.push(folder);
      await extractTarGz(path, folder, (file, entry) => addFile(file, `${basename(path)}!${entry}`, [basename(path)]), ignored, limits);
    } else addFile(path, shown, []);
  };

  try {
    for (const path of paths) await visit(path, basename(path));
  } catch (error) {
    for (const folder of temps) await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    sources: orderSources(sources),
    ignored,
    async close() {
      for (const folder of temps) await rm(folder, { recursive: true, force: true });
    },
  };
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(new AafSourceError(`${basename(path)}: not a readable zip archive`)) : resolve(zip))),
  );
}

/** The AAF entries of a zip, each opened on demand from its own handle. */
async function zipSources(path: string, ignored: string[], limits: ArchiveLimits): Promise<AafSource[]> {
  const zip = await openZip(path);
  let entries = 0;
  let bytes = 0;
  const names: string[] = await new Promise((resolve, reject) => {
    const found: string[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries++;
      bytes += entry.uncompressedSize;
      if (entries > limits.maxEntries || bytes > limits.maxBytes) {
        zip.close();
        reject(archiveTooLarge(path, entries > limits.maxEntries ? 'entries' : 'bytes'));
        return;
      }
      if (!entry.fileName.endsWith('/')) found.push(entry.fileName);
      zip.readEntry();
    });
    zip.on('end', () => resolve(found));
    zip.on('error', (error) => reject(new AafSourceError(`${basename(path)}: ${(error as Error).message}`)));
    zip.readEntry();
  });
  zip.close();
  const archive = basename(path);
  const result: AafSource[] = [];
  for (const entryName of names) {
    const shown = `${archive}!${entryName}`;
    const type = typeOfName(entryName);
    if (!type) {
      ignored.push(shown);
      continue;
    }
    result.push({ name: shown, type, mode: modeOfName(archive, entryName), open: () => openZipEntry(path, entryName) });
  }
  return result;
}

async function openZipEntry(path: string, entryName: string): Promise<Readable> {
  const zip = await openZip(path);
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== entryName) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        stream.on('end', () => zip.close());
        resolve(stream);
      });
    });
    zip.on('end', () => reject(new AafSourceError(`${entryName} vanished from ${basename(path)}`)));
    zip.readEntry();
  });
}

async function extractTarGz(path: string, folder: string, add: (file: string, entry: string) => void, ignored: string[], limits: ArchiveLimits): Promise<void> {
  const extract = tar.extract();
  const counter = tarGzCounter(path, limits);
  let index = 0;
  extract.on('entry', (header, stream, next) => {
    // An entry's stream fails with the parser (a limit passed, a broken archive): that error is the pipeline's to report.
    stream.on('error', () => undefined);
    const refusal = counter.entry();
    if (refusal) {
      extract.destroy(refusal);
      return;
    }
    if (header.type !== 'file' || !typeOfName(header.name)) {
      if (header.type === 'file') ignored.push(`${basename(path)}!${header.name}`);
      stream.on('end', next);
      stream.resume();
      return;
    }
    const file = join(folder, `${index++}-${basename(header.name)}`);
    pipeline(stream, createWriteStream(file)).then(() => {
      add(file, header.name);
      next();
    }, next);
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), counter.bytes, extract);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AafSourceError(`${basename(path)}: not a readable tar.gz archive (${(error as Error).message})`);
  }
}

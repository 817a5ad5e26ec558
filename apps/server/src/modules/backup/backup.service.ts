import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { openPGlite, type DatabaseHandle } from '../../platform/db/database.ts';
import { appliedMigrations, migrateToLatest } from '../../platform/db/migrate.ts';
import { type TableFingerprint, tableFingerprints } from './backup.repository.ts';

/**
 * Backups of the embedded mode (PGlite and files on local disk): one folder
 * holding the database's data folder as a tarball, a copy of every stored
 * file, and a manifest with checksums and a fingerprint of every table, so a
 * backup can be checked without restoring it, and a restore proves it got
 * back every row. PostgreSQL and S3 have tools made for this
 * (docs/OPERATIONS.md, "Backup and restore").
 */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  /** Last migration applied when the snapshot was taken. */
  schema: string | null;
  database: { file: string; bytes: number; sha256: string };
  tables: Record<string, TableFingerprint>;
  files: { key: string; bytes: number; sha256: string }[];
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** Migrations run after the restore: the backup came from an older version. */
  migrated: string[];
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const DATABASE_FILE = 'database.tar.gz';
const MANIFEST_FILE = 'manifest.json';

/**
 * Writes a consistent backup of a running embedded instance into `target`
 * (absent or empty). The database connection is held, so no transaction is
 * half-way, while the data folder is dumped and the files are hard-linked
 * (stored files are never changed in place, only replaced or removed): every
 * row then points at a file the backup holds. Checksums are computed after,
 * with the database free again.
 */
export async function createBackup(database: DatabaseHandle, filesRoot: string | undefined, target: string): Promise<BackupManifest> {
  const pglite = database.pglite;
  if (!pglite) throw new BackupError('preau backup is for the embedded database; back PostgreSQL up with pgBackRest or pg_basebackup (docs/OPERATIONS.md).');
  await ensureEmptyFolder(target, 'The backup folder');
  await mkdir(join(target, 'files'), { recursive: true });

  const snapshot = await database.db.connection().execute(async (connection) => {
    await pglite.exec('CHECKPOINT');
    const tables = await tableFingerprints(connection);
    const schema = (await appliedMigrations(connection)).at(-1) ?? null;
    const tarball = await pglite.dumpDataDir('gzip');
    const keys = filesRoot ? await linkTree(filesRoot, join(target, 'files')) : [];
    return { tables, schema, tarball, keys };
  });

  const tarballPath = join(target, DATABASE_FILE);
  await writeFile(tarballPath, Buffer.from(await snapshot.tarball.arrayBuffer()));
  const files = [];
  for (const key of snapshot.keys.sort()) {
    const path = join(target, 'files', key);
    files.push({ key, bytes: (await stat(path)).size, sha256: await sha256Of(path) });
  }
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    schema: snapshot.schema,
    database: { file: DATABASE_FILE, bytes: (await stat(tarballPath)).size, sha256: await sha256Of(tarballPath) },
    tables: snapshot.tables,
    files,
  };
  // Written last: a folder without a manifest is a backup cut short, and restore refuses it.
  await writeFile(join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads a backup's manifest and checks every checksum; throws BackupError naming what is wrong. */
export async function verifyBackup(source: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(source, MANIFEST_FILE), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`${source} holds no readable ${MANIFEST_FILE}: not a Préau backup, or one cut short.`);
  }
  if (manifest.format !== 1) throw new BackupError(`Unknown backup format ${String(manifest.format)}.`);
  const problems: string[] = [];
  const check = async (path: string, expected: string, name: string) => {
    const actual = await sha256Of(path).catch(() => undefined);
    if (actual !== expected) problems.push(actual ? `${name}: checksum differs` : `${name}: missing`);
  };
  await check(join(source, manifest.database.file), manifest.database.sha256, manifest.database.file);
  for (const file of manifest.files) await check(join(source, 'files', file.key), file.sha256, `files/${file.key}`);
  if (problems.length) throw new BackupError(`The backup is damaged:\n  - ${problems.slice(0, 20).join('\n  - ')}`);
  return manifest;
}

/**
 * Restores a backup into `dataDir`, which must be absent or empty: checks the
 * backup, copies the files, loads the database, checks every table against
 * the manifest, then runs the migrations a backup from an older version needs.
 */
export async function restoreBackup(source: string, dataDir: string): Promise<RestoreReport> {
  const manifest = await verifyBackup(source);
  await ensureEmptyFolder(dataDir, 'The data folder');
  await mkdir(dataDir, { recursive: true });
  for (const file of manifest.files) {
    const to = join(dataDir, 'files', file.key);
    await mkdir(dirname(to), { recursive: true });
    await copyFile(join(source, 'files', file.key), to);
  }
  const tarball = new Blob([await readFile(join(source, manifest.database.file))]);
  const database = await openPGlite(dataDir, { loadDataDir: tarball });
  try {
    const tables = await tableFingerprints(database.db);
    const differing = Object.keys({ ...manifest.tables, ...tables }).filter(
      (name) => tables[name]?.rows !== manifest.tables[name]?.rows || tables[name]?.md5 !== manifest.tables[name]?.md5,
    );
    if (differing.length) throw new BackupError(`The restored database differs from the backup in: ${differing.join(', ')}.`);
    const migrated = await migrateToLatest(database.db);
    return { manifest, migrated };
  } finally {
    await database.close();
  }
}

async function ensureEmptyFolder(path: string, what: string): Promise<void> {
  const entries = await readdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length) throw new BackupError(`${what} ${path} is not empty: nothing done. Give an empty or new folder.`);
}

/** Hard-links (copies across file systems) every stored file of `from` into `to`; returns their keys. */
async function linkTree(from: string, to: string): Promise<string[]> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const keys: string[] = [];
  for (const entry of entries) {
    // `.part`: an upload being written, not yet under its key (LocalDiskStorage renames it into place).
    if (!entry.isFile() || entry.name.endsWith('.part')) continue;
    const path = join(entry.parentPath, entry.name);
    const key = relative(from, path).split(sep).join('/');
    const copy = join(to, key);
    await mkdir(dirname(copy), { recursive: true });
    try {
      await link(path, copy);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // removed meanwhile: its row went before the snapshot
      if (code !== 'EXDEV' && code !== 'EPERM') throw error;
      await copyFile(path, copy);
    }
    keys.push(key);
  }
  return keys;
}

function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

import { join, resolve } from 'node:path';
import type { Config } from '../../platform/config.ts';
import { openPGlite } from '../../platform/db/database.ts';
import { BackupError, type BackupManifest, createBackup, restoreBackup, verifyBackup } from './backup.service.ts';
import { askServerForBackup } from './control-socket.ts';

const forPostgres =
  'This instance runs on PostgreSQL: back it up with pgBackRest or pg_basebackup and WAL archiving, and the files with S3 versioning (docs/OPERATIONS.md, "Backup and restore").';

function summary(manifest: BackupManifest): string {
  const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
  return `${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.files.length} files; schema ${manifest.schema ?? '(empty)'}`;
}

/** `preau backup <dir>`, `preau restore <dir>`, `preau backup --verify <dir>`: the embedded mode's backups. */
export async function runBackupCommand(config: Config, command: 'backup' | 'restore', args: string[]): Promise<number> {
  const verifyOnly = args[0] === '--verify';
  const folder = verifyOnly ? args[1] : args[0];
  if (!folder) {
    console.error(`Usage: preau ${command} <folder>${command === 'backup' ? '   (or preau backup --verify <folder>)' : ''}`);
    return 2;
  }
  const path = resolve(folder);
  try {
    if (verifyOnly) {
      console.log(`Backup ${path} is complete and intact: ${summary(await verifyBackup(path))}.`);
      return 0;
    }
    if (config.databaseUrl) {
      console.error(forPostgres);
      return 2;
    }
    if (command === 'restore') {
      const report = await restoreBackup(path, config.dataDir);
      const migrated = report.migrated.length ? ` Migrated forward: ${report.migrated.join(', ')}.` : '';
      console.log(`Restored into ${config.dataDir}: ${summary(report.manifest)}; every table checked.${migrated}`);
      return 0;
    }
    // A running server holds the data folder: it takes the snapshot. Otherwise open the folder here.
    let manifest = await askServerForBackup(config.dataDir, path);
    if (!manifest) {
      const database = await openPGlite(config.dataDir);
      try {
        manifest = await createBackup(database, config.s3 ? undefined : join(config.dataDir, 'files'), path);
      } finally {
        await database.close();
      }
    }
    const files = config.s3 ? ' Files are on S3: not in this backup (docs/OPERATIONS.md).' : '';
    console.log(`Backup written to ${path}: ${summary(manifest)}.${files}`);
    return 0;
  } catch (error) {
    console.error(error instanceof BackupError || error instanceof Error ? error.message : String(error));
    return 1;
  }
}

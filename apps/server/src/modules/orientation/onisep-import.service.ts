import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OnisepImportReport } from '@preau/contracts';
import type { DB } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { deleteCatalogueEntries, findCatalogueIds, upsertCatalogueRows, type WriteCount } from './onisep-import.repository.ts';
import { formatOf, OnisepFileError, type OnisepFormat, readOnisepFile } from './onisep-reader.ts';
import { type CatalogueRow, type Dataset, datasetOf, idNamedBy, mapRecord } from './onisep-records.ts';

/**
 * `preau import onisep`: loads Onisep open-data exports into the catalogue.
 * Streams each file and writes it in batches (one transaction each), so a
 * region-size file never sits in memory; unchanged rows are skipped by their
 * content hash, so re-importing the same files writes nothing. Rows that
 * cannot be used are reported with their line and the reason.
 *
 * Each published file is the whole dataset: with `withdrawAbsent` (what the
 * command and the admin upload do), once a file has been read to its end, the
 * entries of its dataset it no longer holds are withdrawn — unless
 * the file would take away more than a fifth of the catalogue's entries at
 * once, which looks like a cut or partial file rather than Onisep's yearly
 * changes; those are kept and the report says why.
 */

const BATCH_SIZE = 500;
/** Above this share of a dataset, absent entries are kept: a file that drops so many is taken as partial. */
const MAX_WITHDRAWN_SHARE = 0.2;
const MAX_LISTED_REJECTIONS = 1000;

export interface OnisepImportOptions {
  batchSize?: number;
  /** Withdraw the entries of each completely read file's dataset that the file no longer names. */
  withdrawAbsent?: boolean;
  onProgress?: (file: string, rows: number) => void;
}

/** The catalogue files among the given files and folders (a folder's own files, by name). */
export async function onisepFilesOf(paths: string[]): Promise<{ path: string; format: OnisepFormat }[]> {
  const files: { path: string; format: OnisepFormat }[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    const candidates = info.isDirectory() ? (await readdir(path)).sort().map((name) => join(path, name)) : [path];
    for (const candidate of candidates) {
      const format = formatOf(candidate);
      if (format) files.push({ path: candidate, format });
    }
  }
  return files;
}

/** Imports the Onisep files and folders given; throws ONISEP_NO_FILES when none is a catalogue file. */
export async function importOnisepFiles(db: DB, paths: string[], options: OnisepImportOptions = {}): Promise<OnisepImportReport> {
  const files = await onisepFilesOf(paths);
  if (files.length === 0) throw new AppError('ONISEP_NO_FILES');
  const report: OnisepImportReport = { files: [], rejections: [], rejectionsNotListed: 0 };
  const reject = (file: string, line: number, reason: string) => {
    if (report.rejections.length < MAX_LISTED_REJECTIONS) report.rejections.push({ file, line, reason });
    else report.rejectionsNotListed += 1;
  };
  for (const { path, format } of files) {
    const name = basename(path);
    const entry: OnisepImportReport['files'][number] = {
      file: name,
      dataset: null,
      rows: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      withdrawn: 0,
      withdrawalHeld: null,
      error: null,
    };
    // Every id the file names, kept or rejected: a row rejected for a bad field does not withdraw its entry.
    const named = new Set<string>();
    report.files.push(entry);
    let dataset: Dataset | undefined;
    // Keyed by Onisep id: a second row with the same id in one batch replaces the first (the file's last word).
    let batch = new Map<string, CatalogueRow['row']>();
    const flush = async () => {
      if (!dataset || batch.size === 0) return;
      const rows = [...batch.values()];
      batch = new Map();
      const written: WriteCount = await db.transaction().execute((trx) => upsertCatalogueRows(trx, dataset!, rows as never));
      entry.inserted += written.inserted;
      entry.updated += written.updated;
      entry.unchanged += rows.length - written.inserted - written.updated;
    };
    try {
      for await (const record of readOnisepFile(path, format)) {
        if (!dataset) {
          dataset = datasetOf(record.fields);
          if (!dataset) {
            entry.error = 'not an Onisep dataset this import knows (formations, structures, actions de formation, métiers)';
            break;
          }
          entry.dataset = dataset;
        }
        entry.rows += 1;
        const id = idNamedBy(dataset, record.fields);
        if (id) named.add(id);
        const mapped = mapRecord(dataset, record);
        if (!mapped.ok) {
          entry.rejected += 1;
          reject(name, record.line, mapped.reason);
          continue;
        }
        if (batch.has(mapped.value.row.onisep_id)) {
          entry.rejected += 1;
          reject(name, record.line, `${mapped.value.row.onisep_id}: repeated in the file, the last row is kept`);
        }
        batch.set(mapped.value.row.onisep_id, mapped.value.row);
        if (batch.size >= (options.batchSize ?? BATCH_SIZE)) {
          await flush();
          options.onProgress?.(name, entry.rows);
        }
      }
      await flush();
      if (options.withdrawAbsent && dataset && entry.error === null) await withdrawAbsent(db, dataset, named, entry);
    } catch (error) {
      if (!(error instanceof OnisepFileError)) throw error;
      // What was read before the broken part stays: every batch is whole and re-importing is harmless.
      entry.error = error.message;
      reject(name, error.line, error.message);
    }
    options.onProgress?.(name, entry.rows);
  }
  return report;
}

/** Withdraws the dataset's entries a complete file no longer names (one transaction), within the partial-file guard. */
async function withdrawAbsent(db: DB, dataset: Dataset, named: ReadonlySet<string>, entry: OnisepImportReport['files'][number]): Promise<void> {
  const existing = await findCatalogueIds(db, dataset);
  const absent = existing.filter((id) => !named.has(id));
  if (absent.length === 0) return;
  if (absent.length > existing.length * MAX_WITHDRAWN_SHARE) {
    entry.withdrawalHeld = `${absent.length} of ${existing.length} entries are not in this file: kept, as the file looks partial (import the complete file to withdraw them)`;
    return;
  }
  entry.withdrawn = await db.transaction().execute(async (trx) => {
    let count = 0;
    for (let i = 0; i < absent.length; i += 1000) count += await deleteCatalogueEntries(trx, dataset, absent.slice(i, i + 1000));
    return count;
  });
}

import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OnisepImportReport } from '@preau/contracts';
import type { DB } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { upsertCatalogueRows, type WriteCount } from './onisep-import.repository.ts';
import { formatOf, OnisepFileError, type OnisepFormat, readOnisepFile } from './onisep-reader.ts';
import { type CatalogueRow, type Dataset, datasetOf, mapRecord } from './onisep-records.ts';

/**
 * `preau import onisep`: loads Onisep open-data exports into the catalogue.
 * Streams each file and writes it in batches (one transaction each), so a
 * region-size file never sits in memory; unchanged rows are skipped by their
 * content hash, so re-importing the same files writes nothing. Rows that
 * cannot be used are reported with their line and the reason.
 */

const BATCH_SIZE = 500;
const MAX_LISTED_REJECTIONS = 1000;

export interface OnisepImportOptions {
  batchSize?: number;
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
    const entry: OnisepImportReport['files'][number] = { file: name, dataset: null, rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, error: null };
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

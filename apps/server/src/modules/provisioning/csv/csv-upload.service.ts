import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../platform/errors.ts';
import type { Actor } from '../../../platform/authorization.ts';
import type { Platform } from '../../../platform/platform.ts';
import { cleanFileName, createUploadDir, type IncomingUpload, removeWhenFinished, saveUpload } from '../import-upload.ts';
import { csvImportJob, startCsvImport } from './csv-import.service.ts';
import { CsvFileError, openCsv } from './csv-parser.ts';
import { matchHeader, missingColumns, profileOfHeader, profileOfName } from './csv-records.ts';

/**
 * The admin area's side of CSV imports: the files of one structure (one per
 * profile, or several) are streamed to `<data>/imports/<random>/<n>.csv`
 * with the AAF upload's limits, their headers checked, then imported by the
 * same job as `preau import csv`; the folder goes when the job ends, or at
 * once when the upload is refused (nothing else is written then).
 */

/** Refuses (CSV_UPLOAD_COLUMNS, with the file and what is wrong) a file whose profile or required columns the header lacks. */
async function checkCsvHeader(path: string, name: string): Promise<void> {
  let problem: string | undefined;
  try {
    const { rows } = await openCsv(path);
    const header = await rows.next();
    await rows.return(undefined);
    if (header.done) problem = 'empty';
    else {
      const columns = matchHeader(header.value.fields);
      const profile = profileOfName(name) ?? profileOfHeader(columns);
      if (!profile) problem = 'profile';
      else if (missingColumns(profile, columns).length > 0) problem = `missing:${missingColumns(profile, columns).join(',')}`;
    }
  } catch (error) {
    if (!(error instanceof CsvFileError) && !(error instanceof TypeError)) throw error;
    problem = 'unreadable';
  }
  if (problem) throw new AppError('CSV_UPLOAD_COLUMNS', { fields: { [name]: problem } });
}

/**
 * Receives the CSV files of one structure: streams each to disk (the
 * multipart parser stops each at the configured size), refuses a file that
 * is not a .csv, an empty or oversized one, one whose profile or columns are
 * wrong, starts the import job and returns its id. Any refusal leaves
 * nothing behind (the upload folder goes, no job exists).
 */
export async function uploadCsvImport(
  platform: Platform,
  actor: Actor,
  uploads: AsyncIterable<IncomingUpload>,
  options: { structure: string; dryRun: boolean; collectiviteId: string },
): Promise<string> {
  const dir = await createUploadDir(platform);
  let started = false;
  try {
    const paths: string[] = [];
    const names: string[] = [];
    let refusal: AppError | undefined;
    try {
      for await (const upload of uploads) {
        const name = cleanFileName(upload.filename);
        // After a refusal the other files are only drained, so that the answer is read whole.
        if (refusal || !name.toLowerCase().endsWith('.csv')) {
          refusal ??= new AppError('CSV_UPLOAD_TYPE', { fields: { [name]: 'type' } });
          upload.file.resume();
          continue;
        }
        const path = join(dir, `${paths.length + 1}.csv`);
        try {
          await saveUpload(platform, upload, path);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          refusal = error;
          upload.file.resume();
          continue;
        }
        paths.push(path);
        names.push(name);
      }
    } catch (error) {
      // The parser ends the request at the first part over a limit (after saveUpload may have seen it).
      const code = (error as { code?: string }).code;
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('CSV_UPLOAD_TOO_MANY');
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('AAF_UPLOAD_TOO_LARGE');
      throw refusal ?? error;
    }
    if (refusal) throw refusal;
    if (paths.length === 0) throw new AppError('CSV_NO_FILES', { fields: { file: 'required' } });
    for (const [i, path] of paths.entries()) await checkCsvHeader(path, names[i]!);
    const id = await startCsvImport(platform, {
      structure: options.structure,
      collectiviteId: options.collectiviteId,
      paths,
      names,
      dryRun: options.dryRun,
      actorId: actor.accountId,
    });
    started = true;
    removeWhenFinished(platform, csvImportJob, id, dir);
    return id;
  } finally {
    if (!started) await rm(dir, { recursive: true, force: true });
  }
}

import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { OnisepImportJob, OnisepImportReport, OnisepImportSummary } from '@preau/contracts';
import { type Actor, can } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import { z } from 'zod';
import { defineJob, findJob, JobFailure } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
// The provisioning module's upload and job plumbing (streaming to disk with the size limit, in-process start).
import { startImportJob } from '../provisioning/import-jobs.ts';
import { cleanFileName, type IncomingUpload, saveUpload } from '../provisioning/import-upload.ts';
import { findOnisepImportJobs } from './onisep-import.repository.ts';
import { importOnisepFiles } from './onisep-import.service.ts';
import { formatOf } from './onisep-reader.ts';

/**
 * The admin area's side of the catalogue import: an ADMC uploads Onisep
 * files, the same import as `preau import onisep` runs as a background job,
 * and its report is read back. The catalogue is shared by every collectivité
 * of the instance, so any ADMC may refresh it.
 */

export const ONISEP_IMPORT_JOB = 'onisep-import';
const MAX_FILES = 8;
const HISTORY_LENGTH = 20;

/** Throws FORBIDDEN unless the actor is an ADMC (who may import for his collectivité). */
export function requireCatalogueImporter(actor: Actor): void {
  const allowed = actor.admcCollectiviteIds.some((id) => can(actor, 'provisioning.import', { type: 'collectivite', id }));
  if (!allowed) throw new AppError('FORBIDDEN');
}

function uploadsDir(platform: Platform): string {
  return join(platform.config.dataDir, 'onisep-imports');
}

/** The catalogue import of uploaded files, as a background job; the upload folder goes with it. */
export const onisepImportJob = defineJob({
  type: ONISEP_IMPORT_JOB,
  params: z.object({ dir: z.string().min(1) }),
  async run(platform, context): Promise<OnisepImportReport> {
    const { dir } = context.params;
    try {
      return await importOnisepFiles(platform.database.db, [dir], { withdrawAbsent: true, onProgress: (file, rows) => void context.setProgress({ file, rows }) });
    } catch (error) {
      if (error instanceof AppError) throw new JobFailure(error.code, null);
      throw error;
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  },
});

/**
 * Streams the uploaded files to a folder of their own and starts the import
 * job; refuses (ONISEP_NO_FILES) when no file is .csv, .json or .xml, and
 * leaves nothing behind on a refusal.
 */
export async function uploadOnisepImport(platform: Platform, actor: Actor, uploads: AsyncIterable<IncomingUpload>): Promise<string> {
  requireCatalogueImporter(actor);
  const dir = join(uploadsDir(platform), randomUUID());
  await mkdir(dir, { recursive: true });
  let started = false;
  try {
    let count = 0;
    let refusal: AppError | undefined;
    for await (const upload of uploads) {
      const name = cleanFileName(upload.filename);
      if (refusal || !formatOf(name) || count >= MAX_FILES) {
        refusal ??= new AppError('ONISEP_NO_FILES', { fields: { [name]: 'type' } });
        upload.file.resume();
        continue;
      }
      try {
        // Numbered, so two files of the same name do not overwrite each other; the extension tells the format.
        await saveUpload(platform, upload, join(dir, `${String(count + 1).padStart(2, '0')}-${name}`));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refusal = error;
        upload.file.resume();
        continue;
      }
      count += 1;
    }
    if (refusal) throw refusal;
    if (count === 0) throw new AppError('ONISEP_NO_FILES');
    const id = await startImportJob(platform, onisepImportJob, { dir }, actor.accountId);
    started = true;
    return id;
  } finally {
    if (!started) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** A catalogue import job: status and, once finished, its report. */
export async function getOnisepImportJob(platform: Platform, actor: Actor, id: string): Promise<OnisepImportJob> {
  requireCatalogueImporter(actor);
  const job = await findJob(platform.database.db, id);
  if (!job || job.kind !== ONISEP_IMPORT_JOB) throw new AppError('NOT_FOUND');
  return {
    id: job.id,
    status: job.status,
    report: (job.result ?? null) as OnisepImportReport | null,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    progress: progressOf(job.status === 'RUNNING' ? job.progress : null),
  };
}

function progressOf(value: unknown): OnisepImportJob['progress'] {
  const p = value as { file?: unknown; rows?: unknown } | null;
  return p && typeof p.file === 'string' && typeof p.rows === 'number' ? { file: p.file, rows: p.rows } : null;
}

/** The last catalogue imports uploaded from the admin area, newest first, with their counts. */
export async function listOnisepImports(platform: Platform, actor: Actor): Promise<OnisepImportSummary[]> {
  requireCatalogueImporter(actor);
  const rows = await findOnisepImportJobs(platform.database.db, ONISEP_IMPORT_JOB, HISTORY_LENGTH);
  return rows.map((row) => {
    const files = row.files ?? [];
    const sum = (key: 'rows' | 'inserted' | 'updated' | 'rejected' | 'withdrawn') => files.reduce((n, f) => n + (f[key] ?? 0), 0);
    return {
      id: row.id,
      status: row.status,
      files: files.map((f) => f.file),
      rows: sum('rows'),
      written: sum('inserted') + sum('updated'),
      rejected: sum('rejected'),
      withdrawn: sum('withdrawn'),
      error: row.error,
      createdAt: new Date(row.created_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    };
  });
}

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import { aafImportJob } from './aaf/aaf-import.service.ts';
import { csvImportJob } from './csv/csv-import.service.ts';
import { getImportJob, waitForImportJob } from './import-jobs.ts';
import { findUnfinishedJobs } from './imports.repository.ts';

/**
 * The upload side shared by the admin area's AAF and CSV imports: each upload
 * gets its own folder `<data>/imports/<random>/`, files are streamed there
 * (never held in memory) with the configured size limit, the folder goes when
 * the job ends, at once when the upload is refused, or at start (sweep).
 */

/** An uploaded file as the multipart parser hands it over. */
export interface IncomingUpload {
  filename: string;
  file: Readable & { truncated?: boolean };
}

/** Multipart limits of the imports routes: one AAF archive, or up to this many CSV files. */
export const UPLOAD_MAX_FILES = 8;

/** What the sweep reads of an import job's parameters (both kinds have their files' paths). */
const JobPaths = z.object({ paths: z.array(z.string()) });

/** The job kinds whose files come from an upload folder. */
const UPLOAD_JOB_KINDS = [aafImportJob.type, csvImportJob.type];

/** A file name safe on disk and in reports: its last segment, no control characters nor separators. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\p{Cc}"<>|:*?]/gu, '').trim().slice(0, 200) || 'import';
}

export function importsDir(platform: Platform): string {
  return join(platform.config.dataDir, 'imports');
}

/** A new, empty upload folder. */
export async function createUploadDir(platform: Platform): Promise<string> {
  const dir = join(importsDir(platform), randomUUID());
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Streams an upload to `path`; refuses (AAF_UPLOAD_TOO_LARGE) a file the
 * multipart parser cut at the configured size, and (AAF_UPLOAD_EMPTY) an
 * empty one. The caller removes the folder on refusal.
 */
export async function saveUpload(platform: Platform, upload: IncomingUpload, path: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  try {
    await pipeline(upload.file, createWriteStream(path));
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('AAF_UPLOAD_TOO_LARGE');
    throw error;
  }
  const { size } = await stat(path);
  if (upload.file.truncated || size > platform.config.provisioning.uploadMaxBytes) throw new AppError('AAF_UPLOAD_TOO_LARGE');
  if (size === 0) throw new AppError('AAF_UPLOAD_EMPTY');
}

/** Resolves when the job has ended, whichever process ran it (the worker may have claimed it first). */
async function whenFinished(platform: Platform, definition: JobDefinition, id: string): Promise<void> {
  try {
    let job = await waitForImportJob(platform, definition, id);
    while (job.status === 'QUEUED' || job.status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 2_000).unref());
      job = await getImportJob(platform, definition, id);
    }
  } catch {
    // The database is gone (shutdown): the start-up sweep removes the folder.
  }
}

/** Removes an upload folder once its job has ended (a job resumed after a crash finds it still there). */
export function removeWhenFinished(platform: Platform, definition: JobDefinition, id: string, dir: string): void {
  void whenFinished(platform, definition, id).finally(() => rm(dir, { recursive: true, force: true }).catch(() => undefined));
}

/**
 * Removes upload folders no unfinished job needs (left by a process that
 * died, or by a refused upload whose clean-up failed), older than an hour so
 * an upload in progress is never touched. Run at start.
 */
export async function sweepImportUploads(platform: Platform): Promise<number> {
  const root = importsDir(platform);
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return 0;
  }
  const pending = await findUnfinishedJobs(platform.database.db, UPLOAD_JOB_KINDS);
  const needed = new Set(pending.flatMap((job) => (JobPaths.safeParse(job.params).data?.paths ?? []).map((p) => basename(join(p, '..')))));
  let removed = 0;
  for (const entry of entries) {
    if (needed.has(entry)) continue;
    const info = await stat(join(root, entry)).catch(() => undefined);
    if (!info || platform.now() - info.mtimeMs < 3_600_000) continue;
    await rm(join(root, entry), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

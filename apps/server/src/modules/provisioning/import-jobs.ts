import { access } from 'node:fs/promises';
import { type ErrorCode, errorMessages, type ImportJob, type ImportProgress, type ImportReport } from '@preau/contracts';
import { AppError } from '../../platform/errors.ts';
import type { z } from 'zod';
import { enqueueJob, findJob, JobFailure, type JobDefinition, type JobView, runJob } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';

/**
 * The job side shared by the AAF and CSV imports: checking the paths before
 * any job exists, starting a job in this process, waiting for it, reading it
 * as an ImportJob, and turning a refusal inside the job into its failure.
 */

/** Import jobs this process started and has not finished. */
const running = new Map<string, Promise<JobView>>();

/** Refuses (with `code`) an empty path list or a path this process cannot read. */
export async function assertReadablePaths(paths: string[], code: ErrorCode): Promise<void> {
  if (paths.length === 0) throw new AppError(code);
  for (const path of paths) {
    try {
      await access(path);
    } catch {
      throw new AppError(code, { fields: { paths: 'unreadable' } });
    }
  }
}

/** Enqueues an import job and runs it in the background in this process; returns its id at once. */
export async function startImportJob<S extends z.ZodType>(
  platform: Platform,
  job: JobDefinition<S>,
  params: z.input<S>,
  actorId: string | null,
): Promise<string> {
  const id = await enqueueJob(platform.database.db, job, { params, actorId });
  const promise = runJob(platform, job, id).finally(() => running.delete(id));
  running.set(id, promise);
  promise.catch(() => undefined);
  return id;
}

/** Waits for a job this process started (or reads it when another did). */
export async function waitForImportJob(platform: Platform, job: JobDefinition, id: string): Promise<ImportJob> {
  await running.get(id);
  return getImportJob(platform, job, id);
}

/** An import job of this kind: its status, progress per file and, once finished, its report; NOT_FOUND otherwise. */
export async function getImportJob(platform: Platform, definition: JobDefinition, id: string): Promise<ImportJob> {
  const job = await findJob(platform.database.db, id);
  if (!job || job.kind !== definition.type) throw new AppError('NOT_FOUND');
  return {
    id: job.id,
    status: job.status,
    progress: (job.progress && typeof job.progress === 'object' && 'phase' in job.progress ? job.progress : null) as ImportProgress | null,
    report: (job.result ?? null) as ImportReport | null,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

/** Inside a job handler: a refusal (AppError) becomes the job's failure with its code and English message; anything else is rethrown. */
export function importJobFailure(error: unknown): never {
  if (error instanceof AppError) {
    const detail = error.fields ? ` (${Object.values(error.fields).join(', ')})` : '';
    throw new JobFailure(`${error.code}: ${errorMessages[error.code].en}${detail}`, null);
  }
  throw error;
}

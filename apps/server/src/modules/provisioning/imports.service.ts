import type { ImportJobDetail, ImportJobKind, ImportJobSummary, ImportProgress, ImportRejectionPage, ImportReport } from '@preau/contracts';
import { basename } from 'node:path';
import { type Actor, can } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import { findJob, liveProgressOf } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import { aafImportJob } from './aaf/aaf-import.service.ts';
import { csvImportJob } from './csv/csv-import.service.ts';
import { getImportJob as getJobOfKind } from './import-jobs.ts';
import { findImportJobs } from './imports.repository.ts';

/**
 * The admin area's views of import jobs, AAF and CSV alike: who may start
 * one, the history, a job's page, its rejections, its report. A job is seen
 * by the ADMCs of its collectivité only (NOT_FOUND for anyone else).
 */

/** Rejections shown with a job (the rest: rejections route, JSON download). */
export const REJECTIONS_SHOWN = 100;
/** Jobs listed in a collectivité's history. */
export const HISTORY_LENGTH = 20;

/**
 * The collectivité an upload is for: the one given, or the only one the ADMC
 * administers. FORBIDDEN for anyone else (checked before reading the upload).
 */
export function requireImporter(actor: Actor, given: string | undefined): string {
  const id = given ?? (actor.admcCollectiviteIds.length === 1 ? actor.admcCollectiviteIds[0] : undefined);
  if (!id) {
    if (actor.admcCollectiviteIds.length === 0) throw new AppError('FORBIDDEN');
    throw new AppError('VALIDATION_FAILED', { fields: { collectiviteId: 'required' } });
  }
  if (!can(actor, 'provisioning.import', { type: 'collectivite', id })) throw new AppError('FORBIDDEN');
  return id;
}

/** The kinds of import job, each read with its own parameters' schema. */
const importJobs: Record<string, typeof aafImportJob | typeof csvImportJob | undefined> = { [aafImportJob.type]: aafImportJob, [csvImportJob.type]: csvImportJob };
const kindOfJob: Record<string, ImportJobKind> = { [aafImportJob.type]: 'aaf', [csvImportJob.type]: 'csv' };

/** What the views show of a job's parameters; undefined for a job that is not an import, or whose parameters do not parse. */
function paramsOf(kind: string, params: unknown): { paths: string[]; names?: string[] | undefined; dryRun: boolean; collectiviteId: string } | undefined {
  const job = importJobs[kind];
  const parsed = job?.params.safeParse(params);
  return parsed?.success ? parsed.data : undefined;
}

function fileNameOf(params: { paths: string[]; names?: string[] | undefined }): string | null {
  const names = params.names ?? params.paths.map((p) => basename(p));
  return names.length ? names.join(', ') : null;
}

/** An import job (AAF or CSV) the actor may follow (an ADMC of its collectivité), else NOT_FOUND. */
async function readableJob(platform: Platform, actor: Actor, id: string) {
  const row = await findJob(platform.database.db, id);
  const kind = row ? kindOfJob[row.kind] : undefined;
  const params = row && paramsOf(row.kind, row.params);
  if (!row || !kind || !params || !can(actor, 'provisioning.import', { type: 'collectivite', id: params.collectiviteId })) {
    throw new AppError('NOT_FOUND');
  }
  return { job: await getJobOfKind(platform, importJobs[row.kind]!, id), params, kind };
}

function rejectionCount(report: ImportReport | null): number {
  return report ? report.rejections.length + report.rejectionsNotListed : 0;
}

/** A job as the upload page polls it: status, progress per file, report with the first rejections. */
export async function getImportJob(platform: Platform, actor: Actor, id: string): Promise<ImportJobDetail> {
  const { job, params, kind } = await readableJob(platform, actor, id);
  const report = job.report ? { ...job.report, rejections: job.report.rejections.slice(0, REJECTIONS_SHOWN) } : null;
  return { ...job, kind, report, fileName: fileNameOf(params), dryRun: params.dryRun, rejectionsTotal: rejectionCount(job.report) };
}

/** A page of a finished job's listed rejections. */
export async function getImportRejections(platform: Platform, actor: Actor, id: string, page: { offset: number; limit: number }): Promise<ImportRejectionPage> {
  const { job } = await readableJob(platform, actor, id);
  const all = job.report?.rejections ?? [];
  return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, offset: page.offset };
}

/** The whole report of a finished job (for the JSON download) and the job's kind; NOT_FOUND while it runs. */
export async function getImportReport(platform: Platform, actor: Actor, id: string): Promise<{ report: ImportReport; kind: ImportJobKind }> {
  const { job, kind } = await readableJob(platform, actor, id);
  if (!job.report) throw new AppError('NOT_FOUND');
  return { report: job.report, kind };
}

/** The last imports (AAF and CSV) of the collectivités the actor imports for, newest first (CLI imports included). */
export async function listImportJobs(platform: Platform, actor: Actor): Promise<ImportJobSummary[]> {
  const ids = actor.admcCollectiviteIds.filter((id) => can(actor, 'provisioning.import', { type: 'collectivite', id }));
  if (ids.length === 0) throw new AppError('FORBIDDEN');
  const rows = await findImportJobs(platform.database.db, Object.keys(importJobs), ids, HISTORY_LENGTH);
  const items: ImportJobSummary[] = [];
  for (const row of rows) {
    // A running job: the freshest progress this process has (no query per row).
    const live = (row.status === 'RUNNING' ? liveProgressOf(row.id) : undefined) ?? row.progress;
    const progress = (live && typeof live === 'object' && 'files' in live ? live : null) as ImportProgress | null;
    const params = paramsOf(row.kind, row.params);
    const rejected = row.counts ? Object.values(row.counts).reduce((sum, actions) => sum + (actions?.rejected ?? 0), 0) : 0;
    items.push({
      id: row.id,
      kind: kindOfJob[row.kind] ?? 'aaf',
      status: row.status,
      fileName: params ? fileNameOf(params) : null,
      dryRun: params?.dryRun === true,
      records: progress ? progress.files.reduce((sum, file) => sum + file.records, 0) : 0,
      rejected,
      error: row.error,
      createdAt: new Date(row.created_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    });
  }
  return items;
}

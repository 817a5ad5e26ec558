import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type {
  ImportJob,
  ImportJobDetail,
  ImportJobKind,
  ImportJobSummary,
  ImportProgress,
  ImportRejectionPage,
  ImportReport,
} from '@preau/contracts';
import { sql } from 'kysely';
import tar from 'tar-stream';
import { type Actor, can } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import { findJob } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import { AAF_IMPORT_JOB, startAafImport } from './aaf-import.service.ts';
import { AafSourceError, openAafSources, typeOfName } from './aaf-sources.ts';
import { CSV_IMPORT_JOB } from './csv/csv-import.service.ts';
import { getImportJob as getJobOfKind } from './import-jobs.ts';
import { cleanFileName, createUploadDir, type IncomingUpload, removeWhenFinished, saveUpload } from './import-upload.ts';

export { sweepImportUploads } from './import-upload.ts';
export type { IncomingUpload } from './import-upload.ts';

/**
 * The admin area's side of imports. AAF: an uploaded archive is streamed to
 * `<data>/imports/<random>/<name>` (never held in memory), checked, then
 * imported by the same job as `preau import aaf`; the folder is removed when
 * the job ends, or at once when the upload is refused. The job views below
 * (history, job page, rejections, report) serve the AAF and the CSV imports
 * (csv/csv-upload.service.ts) alike.
 */

/** Rejections shown with a job (the rest: rejections route, JSON download). */
export const REJECTIONS_SHOWN = 100;
/** Jobs listed in a collectivité's history. */
export const HISTORY_LENGTH = 20;

type UploadKind = 'zip' | 'tar.gz' | 'xml';

function kindOf(name: string): UploadKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  if (lower.endsWith('.xml')) return 'xml';
  return undefined;
}

async function firstBytes(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Whether a tar.gz holds an AAF file: reads the headers until the first one (usually the first entry). */
async function tarHoldsAaf(path: string): Promise<boolean> {
  const input = createReadStream(path);
  const gunzip = createGunzip();
  const extract = tar.extract();
  let found = false;
  extract.on('entry', (header, stream, next) => {
    if (header.type === 'file' && typeOfName(header.name)) {
      found = true;
      input.destroy();
      gunzip.destroy();
      extract.destroy();
      return;
    }
    stream.on('end', next);
    stream.resume();
  });
  try {
    await pipeline(input, gunzip, extract);
  } catch {
    // Destroyed on purpose once found, or not a tar.gz at all.
  }
  return found;
}

/** Refuses (AAF_UPLOAD_NOT_AAF) a file that cannot be an AAF import, before any job exists. */
async function checkAafContent(path: string, name: string, kind: UploadKind): Promise<void> {
  const head = await firstBytes(path, 4096);
  let ok = false;
  if (kind === 'zip') {
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
      try {
        const set = await openAafSources([path]);
        ok = set.sources.length > 0;
        await set.close();
      } catch (error) {
        if (!(error instanceof AafSourceError)) throw error;
      }
    }
  } else if (kind === 'tar.gz') {
    ok = head[0] === 0x1f && head[1] === 0x8b && (await tarHoldsAaf(path));
  } else {
    const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart();
    ok = typeOfName(name) !== undefined && text.startsWith('<') && text.includes('ficAlimMENESR');
  }
  if (!ok) throw new AppError('AAF_UPLOAD_NOT_AAF');
}

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

/**
 * Receives an upload: streams it to disk (the multipart parser stops it at
 * the configured size), checks it, starts the import job and returns its id.
 * Any refusal leaves nothing behind.
 */
export async function uploadAafImport(
  platform: Platform,
  actor: Actor,
  upload: IncomingUpload,
  options: { dryRun: boolean; collectiviteId: string; academy?: string | undefined },
): Promise<string> {
  const name = cleanFileName(upload.filename);
  const kind = kindOf(name);
  if (!kind) {
    upload.file.resume();
    throw new AppError('AAF_UPLOAD_TYPE');
  }
  const dir = await createUploadDir(platform);
  const path = join(dir, name);
  let started = false;
  try {
    await saveUpload(platform, upload, path);
    await checkAafContent(path, name, kind);
    const id = await startAafImport(platform, {
      paths: [path],
      dryRun: options.dryRun,
      actorId: actor.accountId,
      collectiviteId: options.collectiviteId,
      ...(options.academy ? { academy: options.academy } : {}),
    });
    started = true;
    removeWhenFinished(platform, AAF_IMPORT_JOB, id, dir);
    return id;
  } finally {
    if (!started) await rm(dir, { recursive: true, force: true });
  }
}

interface JobParamsView {
  paths?: string[];
  /** CSV: the files' original names, in the order of `paths`. */
  names?: string[];
  dryRun?: boolean;
  collectiviteId?: string;
}

function fileNameOf(params: JobParamsView): string | null {
  const names = params.names ?? (params.paths ?? []).map((p) => basename(p));
  return names.length ? names.join(', ') : null;
}

const kindOfJob: Record<string, ImportJobKind> = { [AAF_IMPORT_JOB]: 'aaf', [CSV_IMPORT_JOB]: 'csv' };

/** An import job (AAF or CSV) the actor may follow (an ADMC of its collectivité), else NOT_FOUND. */
async function readableJob(platform: Platform, actor: Actor, id: string): Promise<{ job: ImportJob; params: JobParamsView; kind: ImportJobKind }> {
  const row = await findJob(platform.database.db, id);
  const kind = row ? kindOfJob[row.kind] : undefined;
  if (!row || !kind) throw new AppError('NOT_FOUND');
  const params = (row.params ?? {}) as JobParamsView;
  if (!params.collectiviteId || !can(actor, 'provisioning.import', { type: 'collectivite', id: params.collectiviteId })) {
    throw new AppError('NOT_FOUND');
  }
  return { job: await getJobOfKind(platform, row.kind, id), params, kind };
}

function rejectionCount(report: ImportReport | null): number {
  return report ? report.rejections.length + report.rejectionsNotListed : 0;
}

/** A job as the upload page polls it: status, progress per file, report with the first rejections. */
export async function getImportJob(platform: Platform, actor: Actor, id: string): Promise<ImportJobDetail> {
  const { job, params, kind } = await readableJob(platform, actor, id);
  const report = job.report ? { ...job.report, rejections: job.report.rejections.slice(0, REJECTIONS_SHOWN) } : null;
  return { ...job, kind, report, fileName: fileNameOf(params), dryRun: params.dryRun === true, rejectionsTotal: rejectionCount(job.report) };
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
  // The counts only, not the (possibly long) rejection list of each report.
  const result = await sql<{
    id: string;
    kind: string;
    status: ImportJob['status'];
    params: JobParamsView;
    progress: unknown;
    counts: ImportReport['counts'] | null;
    error: string | null;
    created_at: Date;
    finished_at: Date | null;
  }>`
    SELECT id, kind, status, params, progress, result->'counts' AS counts, error, created_at, finished_at
    FROM jobs
    WHERE kind IN (${AAF_IMPORT_JOB}, ${CSV_IMPORT_JOB}) AND params->>'collectiviteId' IN (${sql.join(ids)})
    ORDER BY created_at DESC, id DESC
    LIMIT ${HISTORY_LENGTH}`.execute(platform.database.db);
  const items: ImportJobSummary[] = [];
  for (const row of result.rows) {
    // A running job: the freshest progress this process has.
    const live = row.status === 'RUNNING' ? (await findJob(platform.database.db, row.id))?.progress : row.progress;
    const progress = (live && typeof live === 'object' && 'files' in live ? live : null) as ImportProgress | null;
    const rejected = row.counts ? Object.values(row.counts).reduce((sum, actions) => sum + (actions?.rejected ?? 0), 0) : 0;
    items.push({
      id: row.id,
      kind: kindOfJob[row.kind] ?? 'aaf',
      status: row.status,
      fileName: fileNameOf(row.params ?? {}),
      dryRun: row.params?.dryRun === true,
      records: progress ? progress.files.reduce((sum, file) => sum + file.records, 0) : 0,
      rejected,
      error: row.error,
      createdAt: new Date(row.created_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    });
  }
  return items;
}

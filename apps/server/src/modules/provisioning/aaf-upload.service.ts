import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type {
  ImportJob,
  ImportJobDetail,
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
import { AAF_IMPORT_JOB, getJob, startAafImport, waitForAafImport } from './aaf-import.service.ts';
import { AafSourceError, openAafSources, typeOfName } from './aaf-sources.ts';

/**
 * The admin area's side of AAF imports: an uploaded archive is streamed to
 * `<data>/imports/<random>/<name>` (never held in memory), checked, then
 * imported by the same job as `preau import aaf`; the folder is removed when
 * the job ends, or at once when the upload is refused.
 */

/** An uploaded file as the multipart parser hands it over. */
export interface IncomingUpload {
  filename: string;
  file: Readable & { truncated?: boolean };
}

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

/** A file name safe on disk and in reports: its last segment, no control characters nor separators. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\p{Cc}"<>|:*?]/gu, '').trim().slice(0, 200) || 'import';
}

export function importsDir(platform: Platform): string {
  return join(platform.config.dataDir, 'imports');
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
  if (!ok) throw new AppError('AAF_UPLOAD_NOT_AAF', { status: 422 });
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

/** Resolves when the job has ended, whichever process ran it (the worker may have claimed it first). */
async function whenFinished(platform: Platform, id: string): Promise<void> {
  try {
    let job = await waitForAafImport(platform, id);
    while (job.status === 'QUEUED' || job.status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 2_000).unref());
      job = await getJob(platform, id);
    }
  } catch {
    // The database is gone (shutdown): the start-up sweep removes the folder.
  }
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
    throw new AppError('AAF_UPLOAD_TYPE', { status: 415 });
  }
  const dir = join(importsDir(platform), randomUUID());
  const path = join(dir, name);
  let started = false;
  try {
    await mkdir(dir, { recursive: true });
    try {
      await pipeline(upload.file, createWriteStream(path));
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('AAF_UPLOAD_TOO_LARGE', { status: 413 });
      throw error;
    }
    if (upload.file.truncated || (await stat(path)).size > platform.config.provisioning.uploadMaxBytes) {
      throw new AppError('AAF_UPLOAD_TOO_LARGE', { status: 413 });
    }
    if ((await stat(path)).size === 0) throw new AppError('AAF_UPLOAD_EMPTY', { status: 400 });
    await checkAafContent(path, name, kind);
    const id = await startAafImport(platform, {
      paths: [path],
      dryRun: options.dryRun,
      actorId: actor.accountId,
      collectiviteId: options.collectiviteId,
      ...(options.academy ? { academy: options.academy } : {}),
    });
    started = true;
    // The uploaded file goes when the job ends (a job resumed after a crash finds it still there).
    void whenFinished(platform, id).finally(() => rm(dir, { recursive: true, force: true }).catch(() => undefined));
    return id;
  } finally {
    if (!started) await rm(dir, { recursive: true, force: true });
  }
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
  const pending = await platform.database.db
    .selectFrom('jobs')
    .select('params')
    .where('kind', '=', AAF_IMPORT_JOB)
    .where('status', 'in', ['QUEUED', 'RUNNING'])
    .execute();
  const needed = new Set(pending.flatMap((job) => ((job.params as { paths?: string[] }).paths ?? []).map((p) => basename(join(p, '..')))));
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

interface JobParamsView {
  paths?: string[];
  dryRun?: boolean;
  collectiviteId?: string;
}

function fileNameOf(params: JobParamsView): string | null {
  const paths = params.paths ?? [];
  return paths.length ? paths.map((p) => basename(p)).join(', ') : null;
}

/** An import job the actor may follow (an ADMC of its collectivité), else NOT_FOUND. */
async function readableJob(platform: Platform, actor: Actor, id: string): Promise<{ job: ImportJob; params: JobParamsView }> {
  const row = await findJob(platform.database.db, id);
  if (!row || row.kind !== AAF_IMPORT_JOB) throw new AppError('NOT_FOUND');
  const params = (row.params ?? {}) as JobParamsView;
  if (!params.collectiviteId || !can(actor, 'provisioning.import', { type: 'collectivite', id: params.collectiviteId })) {
    throw new AppError('NOT_FOUND');
  }
  return { job: await getJob(platform, id), params };
}

function rejectionCount(report: ImportReport | null): number {
  return report ? report.rejections.length + report.rejectionsNotListed : 0;
}

/** A job as the upload page polls it: status, progress per file, report with the first rejections. */
export async function getImportJob(platform: Platform, actor: Actor, id: string): Promise<ImportJobDetail> {
  const { job, params } = await readableJob(platform, actor, id);
  const report = job.report ? { ...job.report, rejections: job.report.rejections.slice(0, REJECTIONS_SHOWN) } : null;
  return { ...job, report, fileName: fileNameOf(params), dryRun: params.dryRun === true, rejectionsTotal: rejectionCount(job.report) };
}

/** A page of a finished job's listed rejections. */
export async function getImportRejections(platform: Platform, actor: Actor, id: string, page: { offset: number; limit: number }): Promise<ImportRejectionPage> {
  const { job } = await readableJob(platform, actor, id);
  const all = job.report?.rejections ?? [];
  return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, offset: page.offset };
}

/** The whole report of a finished job (for the JSON download); NOT_FOUND while it runs. */
export async function getImportReport(platform: Platform, actor: Actor, id: string): Promise<ImportReport> {
  const { job } = await readableJob(platform, actor, id);
  if (!job.report) throw new AppError('NOT_FOUND');
  return job.report;
}

/** The last imports of the collectivités the actor imports for, newest first (CLI imports included). */
export async function listImportJobs(platform: Platform, actor: Actor): Promise<ImportJobSummary[]> {
  const ids = actor.admcCollectiviteIds.filter((id) => can(actor, 'provisioning.import', { type: 'collectivite', id }));
  if (ids.length === 0) throw new AppError('FORBIDDEN');
  // The counts only, not the (possibly long) rejection list of each report.
  const result = await sql<{
    id: string;
    status: ImportJob['status'];
    params: JobParamsView;
    progress: unknown;
    counts: ImportReport['counts'] | null;
    error: string | null;
    created_at: Date;
    finished_at: Date | null;
  }>`
    SELECT id, status, params, progress, result->'counts' AS counts, error, created_at, finished_at
    FROM jobs
    WHERE kind = ${AAF_IMPORT_JOB} AND params->>'collectiviteId' IN (${sql.join(ids)})
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

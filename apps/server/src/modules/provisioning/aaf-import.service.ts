import { errorMessages, type ImportJob, type ImportReport } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { registerJobHandler } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import { runAafImport } from './aaf-import.ts';
import { readAafRecords } from './aaf-reader.ts';
import { type AafImportSettings, defaultSettings, type FunctionCategory, normalizeAcademy } from './aaf-settings.ts';
import { type AafSource, AafSourceError, openAafSources } from './aaf-sources.ts';
import { assertReadablePaths, getImportJob, importJobFailure, startImportJob, waitForImportJob } from './import-jobs.ts';

export const AAF_IMPORT_JOB = 'aaf-import';

/** What starts an AAF import (CLI, upload page). */
export interface StartAafImportInput {
  /** Files, folders, .zip and .tar.gz archives, readable by the process that runs the job. */
  paths: string[];
  dryRun?: boolean;
  actorId: string | null;
  /** Jointure prefix (AC-RENNES or RENNES); by default the academy the EtabEducNat files state. */
  academy?: string;
  /** Collectivité of new structures; by default the only one there is. */
  collectiviteId?: string;
  /** Overrides of the defaults (batch size, grace and retention days, respLégal values, function map). */
  options?: Partial<Pick<AafImportSettings, 'batchSize' | 'graceDays' | 'retentionDays' | 'respLegal' | 'maxRejectionsListed'>> & {
    functionMap?: Record<string, FunctionCategory>;
  };
}

type JobParams = Omit<StartAafImportInput, 'actorId'>;

function fail(code: 'AAF_NO_FILES' | 'AAF_ACADEMY_REQUIRED' | 'AAF_COLLECTIVITE_REQUIRED', detail?: string): never {
  throw new Error(`${code}: ${errorMessages[code].en}${detail ? ` (${detail})` : ''}`);
}

/** The academy an EtabEducNat file states (ENTServAcAcademie of its first structure). */
async function academyOf(sources: AafSource[]): Promise<string | undefined> {
  for (const source of sources.filter((s) => s.type === 'EtabEducNat')) {
    try {
      for await (const record of readAafRecords(await source.open())) {
        const name = record.attributes.get('ENTServAcAcademie')?.[0];
        if (name) return name;
      }
    } catch {
      // A malformed file is reported by the import itself.
    }
  }
  return undefined;
}

async function collectiviteOf(platform: Platform, given: string | undefined): Promise<string> {
  const db = platform.database.db;
  if (given) {
    const row = /^[0-9a-f-]{36}$/i.test(given) ? await db.selectFrom('collectivites').select('id').where('id', '=', given).executeTakeFirst() : undefined;
    const byName = row ?? (await db.selectFrom('collectivites').select('id').where('name', '=', given).executeTakeFirst());
    if (!byName) throw new AppError('AAF_COLLECTIVITE_REQUIRED', { fields: { collectiviteId: 'unknown' } });
    return byName.id;
  }
  const rows = await db.selectFrom('collectivites').select('id').limit(2).execute();
  if (rows.length !== 1) throw new AppError('AAF_COLLECTIVITE_REQUIRED', { fields: { collectiviteId: rows.length ? 'ambiguous' : 'none' } });
  return rows[0]!.id;
}

/** The job: open the files, settle the academy, run the import, keep the report. */
async function aafImportJob(platform: Platform, context: Parameters<Parameters<typeof registerJobHandler>[1]>[1]): Promise<ImportReport> {
  const params = context.params as JobParams;
  const dryRun = params.dryRun === true;
  let set;
  try {
    set = await openAafSources(params.paths);
  } catch (error) {
    if (error instanceof AafSourceError) throw new Error(error.message);
    throw error;
  }
  try {
    if (set.sources.length === 0) fail('AAF_NO_FILES', set.ignored.slice(0, 5).join(', '));
    const academyName = params.academy ?? (await academyOf(set.sources));
    if (!academyName) fail('AAF_ACADEMY_REQUIRED');
    const options = params.options ?? {};
    const settings: AafImportSettings = {
      academy: normalizeAcademy(academyName),
      collectiviteId: await collectiviteOf(platform, params.collectiviteId),
      schoolYear: platform.schoolYear(),
      batchSize: options.batchSize ?? defaultSettings.batchSize,
      respLegal: options.respLegal ?? defaultSettings.respLegal,
      functionMap: { ...defaultSettings.functionMap, ...(options.functionMap ?? {}) },
      graceDays: options.graceDays ?? defaultSettings.graceDays,
      retentionDays: options.retentionDays ?? defaultSettings.retentionDays,
      maxRejectionsListed: options.maxRejectionsListed ?? defaultSettings.maxRejectionsListed,
    };
    const report = await runAafImport(platform.database.db, {
      jobId: context.id,
      prepareThread: platform.config.provisioning.importThread,
      sources: set.sources,
      ignored: set.ignored,
      settings,
      dryRun,
      now: platform.now,
      onProgress: (progress, trx) => context.setProgress(progress, { trx, persist: !dryRun }),
      onBlocked: async (ids) => {
        for (const id of ids) await platform.sessions.deleteAllFor(id);
      },
    });
    if (!dryRun) {
      await audit(platform.database.db, {
        actorId: context.actorId,
        action: 'provisioning.aafImport',
        targetType: 'job',
        targetId: context.id,
        details: { academy: settings.academy, files: report.files.length, counts: report.counts, lifecycle: report.lifecycle },
      });
    }
    return report;
  } catch (error) {
    importJobFailure(error);
  } finally {
    await set.close();
  }
}

registerJobHandler(AAF_IMPORT_JOB, aafImportJob);

/**
 * Starts an AAF import in the background (in this process) and returns its
 * job id at once; follow it with getJob. Refuses, before any job exists, an
 * empty path list, a path that cannot be read, or an unknown or ambiguous collectivité.
 */
export async function startAafImport(platform: Platform, input: StartAafImportInput): Promise<string> {
  await assertReadablePaths(input.paths, 'AAF_NO_FILES');
  const collectiviteId = await collectiviteOf(platform, input.collectiviteId);
  const params: JobParams = {
    paths: input.paths,
    dryRun: input.dryRun === true,
    ...(input.academy ? { academy: input.academy } : {}),
    collectiviteId,
    ...(input.options ? { options: input.options } : {}),
  };
  return startImportJob(platform, AAF_IMPORT_JOB, params, input.actorId);
}

/** Waits for a job this process started (or reads it when another did). */
export async function waitForAafImport(platform: Platform, id: string): Promise<ImportJob> {
  return waitForImportJob(platform, AAF_IMPORT_JOB, id);
}

/** An import job: its status, progress per file and, once finished, its report. */
export async function getJob(platform: Platform, id: string): Promise<ImportJob> {
  return getImportJob(platform, AAF_IMPORT_JOB, id);
}

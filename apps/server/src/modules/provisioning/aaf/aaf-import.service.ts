import type { ImportJob, ImportReport } from '@preau/contracts';
import { z } from 'zod';
import { audit } from '../../../platform/audit.ts';
import { AppError } from '../../../platform/errors.ts';
import { defineJob, type JobContext } from '../../../platform/jobs/jobs.ts';
import type { Platform } from '../../../platform/platform.ts';
import { runAafImport } from './aaf-import.ts';
import { readAafRecords } from './aaf-reader.ts';
import { type AafImportSettings, defaultSettings, type FunctionCategory, functionCategories, normalizeAcademy } from './aaf-settings.ts';
import { type AafSource, AafSourceError, openAafSources } from './aaf-sources.ts';
import { assertReadablePaths, getImportJob, importJobFailure, startImportJob, waitForImportJob } from '../import-jobs.ts';
import { findCollectiviteByIdOrName, findSomeCollectivites } from '../imports.repository.ts';

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

/** The parameters of an AAF import job, as stored with it: the collectivité is settled before the job exists. */
const AafImportParams = z.object({
  paths: z.array(z.string()).min(1),
  dryRun: z.boolean().default(false),
  academy: z.string().min(1).optional(),
  collectiviteId: z.uuid(),
  options: z
    .object({
      batchSize: z.number().int().min(1),
      graceDays: z.number().int().min(0),
      retentionDays: z.number().int().min(0),
      respLegal: z.array(z.number().int().min(0).max(2)).min(1),
      maxRejectionsListed: z.number().int().min(0),
      functionMap: z.record(z.string(), z.enum(functionCategories)),
    })
    .partial()
    .optional(),
});

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

/** The collectivité an import is for: the one given (id or name), else the only one there is. */
async function collectiviteOf(platform: Platform, given: string | undefined): Promise<string> {
  const db = platform.database.db;
  if (given) {
    const found = await findCollectiviteByIdOrName(db, given);
    if (!found) throw new AppError('AAF_COLLECTIVITE_REQUIRED', { fields: { collectiviteId: 'unknown' } });
    return found.id;
  }
  const rows = await findSomeCollectivites(db, 2);
  if (rows.length !== 1) throw new AppError('AAF_COLLECTIVITE_REQUIRED', { fields: { collectiviteId: rows.length ? 'ambiguous' : 'none' } });
  return rows[0]!.id;
}

/** The job: open the files, settle the academy, run the import, keep the report. */
export const aafImportJob = defineJob({
  type: 'aaf-import',
  params: AafImportParams,
  run: runAafImportJob,
});

async function runAafImportJob(platform: Platform, context: JobContext<z.output<typeof AafImportParams>>): Promise<ImportReport> {
  const { params } = context;
  const dryRun = params.dryRun;
  let set;
  try {
    set = await openAafSources(params.paths, platform.config.provisioning.archive);
  } catch (error) {
    if (error instanceof AafSourceError) throw new Error(error.message);
    importJobFailure(error);
  }
  try {
    if (set.sources.length === 0) throw new AppError('AAF_NO_FILES', { fields: { ignored: set.ignored.slice(0, 5).join(', ') } });
    const academyName = params.academy ?? (await academyOf(set.sources));
    if (!academyName) throw new AppError('AAF_ACADEMY_REQUIRED');
    const options = params.options ?? {};
    const settings: AafImportSettings = {
      academy: normalizeAcademy(academyName),
      collectiviteId: params.collectiviteId,
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

/**
 * Starts an AAF import in the background (in this process) and returns its
 * job id at once; follow it with getJob. Refuses, before any job exists, an
 * empty path list, a path that cannot be read, or an unknown or ambiguous collectivité.
 */
export async function startAafImport(platform: Platform, input: StartAafImportInput): Promise<string> {
  await assertReadablePaths(input.paths, 'AAF_NO_FILES');
  const collectiviteId = await collectiviteOf(platform, input.collectiviteId);
  return startImportJob(
    platform,
    aafImportJob,
    {
      paths: input.paths,
      dryRun: input.dryRun === true,
      ...(input.academy ? { academy: input.academy } : {}),
      collectiviteId,
      ...(input.options ? { options: input.options } : {}),
    },
    input.actorId,
  );
}

/** Waits for a job this process started (or reads it when another did). */
export async function waitForAafImport(platform: Platform, id: string): Promise<ImportJob> {
  return waitForImportJob(platform, aafImportJob, id);
}

/** An import job: its status, progress per file and, once finished, its report. */
export async function getJob(platform: Platform, id: string): Promise<ImportJob> {
  return getImportJob(platform, aafImportJob, id);
}

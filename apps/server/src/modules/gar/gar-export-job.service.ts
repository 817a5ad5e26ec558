import { z } from 'zod';
import { defineJob, enqueueJob } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import { exportGar, type GarExportReport } from './gar-export.service.ts';
import { hasJobForNight } from './gar-jobs.repository.ts';

/** The GAR export as a background job: the nightly run, and `preau gar export`, go through it (and leave a jobs row). */
export const GAR_EXPORT_JOB = 'gar-export';

export const garExportJob = defineJob({
  type: GAR_EXPORT_JOB,
  params: z.object({
    idEnt: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    collectiviteId: z.uuid().optional(),
    uai: z.string().regex(/^\d{7}[A-Z]$/).optional(),
    outDir: z.string().min(1),
    /** The night (yyyy-mm-dd, UTC) a nightly run was queued for; absent for a run from the command line. */
    night: z.iso.date().optional(),
  }),
  async run(platform, context): Promise<GarExportReport> {
    const { idEnt, collectiviteId, uai, outDir } = context.params;
    return exportGar(platform.database.db, {
      idEnt,
      collectiviteId,
      uai,
      outDir,
      schoolYear: platform.schoolYear(),
      now: new Date(platform.now()),
      onProgress: (progress) => void context.setProgress(progress),
    });
  },
});

/** Hour (UTC) from which the day's export is queued: after the night's AAF import, before the GAR's morning pickup. */
export const NIGHTLY_EXPORT_HOUR_UTC = 2;

/**
 * Queues the day's export of the whole instance (every structure the idENT
 * covers) once, when GAR_ID_ENT and GAR_EXPORT_DIR are set and the hour has
 * come; the job worker runs it. Returns whether one was queued. Two processes
 * checking at the same minute could both queue: the second export is a
 * harmless duplicate (the same content under a later time stamp).
 */
export async function queueNightlyGarExport(platform: Platform): Promise<boolean> {
  const { idEnt, exportDir } = platform.config.gar;
  if (!idEnt || !exportDir) return false;
  const now = new Date(platform.now());
  if (now.getUTCHours() < NIGHTLY_EXPORT_HOUR_UTC) return false;
  const night = now.toISOString().slice(0, 10);
  const db = platform.database.db;
  if (await hasJobForNight(db, GAR_EXPORT_JOB, night)) return false;
  await enqueueJob(db, garExportJob, { params: { idEnt, outDir: exportDir, night }, actorId: null });
  return true;
}

import { writeFile } from 'node:fs/promises';
import type { ImportJob, ImportReport } from '@preau/contracts';
import { AppError } from '../../platform/errors.ts';

/** What `preau import aaf` and `preau import csv` print and exit with, shared by both commands. */

/** An import refused before its job started (AppError): its code and fields printed, exit code 2. */
export function reportRefusal(error: unknown): number {
  if (!(error instanceof AppError)) throw error;
  console.error(`${error.code}${error.fields ? ` ${JSON.stringify(error.fields)}` : ''}`);
  return 2;
}

/** A finished import job: the report written to `reportPath` (when given), its summary printed; exit code 0, 1 (failed) or 3 (a file failed). */
export async function reportFinishedJob(job: ImportJob, reportPath: string | undefined, started: number): Promise<number> {
  if (job.report && reportPath) await writeFile(reportPath, `${JSON.stringify(job.report, null, 2)}\n`);
  if (job.status !== 'SUCCEEDED' || !job.report) {
    console.error(`Import failed: ${job.error ?? 'unknown error'}`);
    return 1;
  }
  console.log(summary(job.report, Date.now() - started));
  return job.report.files.some((f) => f.status === 'FAILED') ? 3 : 0;
}

/** The report in a few lines for the terminal. */
export function summary(report: ImportReport, ms: number): string {
  const lines = [`${report.dryRun ? 'Dry run' : 'Import'} ${report.academy}, school year ${report.schoolYear}, in ${(ms / 1000).toFixed(1)} s:`];
  for (const [type, actions] of Object.entries(report.counts)) {
    const parts = Object.entries(actions).filter(([, n]) => n > 0).map(([a, n]) => `${a} ${n}`);
    if (parts.length) lines.push(`  ${type.padEnd(9)} ${parts.join(', ')}`);
  }
  if (report.lifecycle.blocked || report.lifecycle.purged) lines.push(`  departures: blocked ${report.lifecycle.blocked}, purged ${report.lifecycle.purged}`);
  for (const file of report.files.filter((f) => f.status === 'FAILED')) {
    lines.push(`  FILE FAILED ${file.name} line ${file.errorLine}: ${file.error} (records before it: ${file.appliedBeforeError === 'EARLIER_APPLIED' ? 'applied' : 'not applied'})`);
  }
  if (report.departuresSkipped.length) lines.push(`  departures not computed for ${report.departuresSkipped.join(', ')} (a complet file failed)`);
  if (report.rejections.length) lines.push(`  ${report.rejections.length + report.rejectionsNotListed} record(s) rejected (see --report)`);
  if (report.unchanged) lines.push('  Nothing changed.');
  return lines.join('\n');
}

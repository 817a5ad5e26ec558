import { readFile, writeFile } from 'node:fs/promises';
import type { ImportJob, ImportReport } from '@preau/contracts';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { createPlatform } from '../../platform/platform.ts';
import { getJob, type StartAafImportInput, startAafImport, waitForAafImport } from './aaf-import.service.ts';
import { type FunctionCategory, functionCategories } from './aaf-settings.ts';
import { numericImportOptions, parseImportArgs } from './import-arguments.ts';

/** `preau import aaf <paths...>`: runs the import job in this process and prints its report. */
export async function runImportCommand(config: Config, argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === 'csv') {
    const { runCsvImportCommand } = await import('./csv/csv-command.ts');
    return runCsvImportCommand(config, rest);
  }
  if (what !== 'aaf') {
    console.error('Usage: preau import aaf <files|folders|archives...> [--dry-run] [--report report.json]');
    console.error('       preau import csv --structure <UAI> <files.csv...> [--dry-run] [--report report.json]');
    return 2;
  }
  const args = parseImportArgs(rest, {
    progress: { type: 'boolean' },
    academy: { type: 'string' },
    collectivite: { type: 'string' },
    'resp-legal': { type: 'string' },
    'function-map': { type: 'string' },
  });
  if (!args.parsed) {
    console.error(args.error);
    return 2;
  }
  const { values, positionals } = args.parsed;
  if (positionals.length === 0) {
    console.error('import aaf needs at least one file, folder or archive.');
    return 2;
  }
  const numeric = numericImportOptions(values);
  if (!numeric.options) {
    console.error(numeric.error);
    return 2;
  }
  const options: NonNullable<StartAafImportInput['options']> = { ...numeric.options };
  if (values['resp-legal'] !== undefined) {
    const list = values['resp-legal'].split(',').map((v) => Number(v.trim()));
    if (list.length === 0 || list.some((n) => ![0, 1, 2].includes(n))) {
      console.error('--resp-legal takes values among 0, 1 and 2, comma-separated (e.g. 1,2).');
      return 2;
    }
    options.respLegal = list;
  }
  if (values['function-map'] !== undefined) {
    try {
      const map = JSON.parse(await readFile(values['function-map'], 'utf8')) as Record<string, string>;
      const bad = Object.entries(map).filter(([, c]) => !functionCategories.includes(c as FunctionCategory));
      if (bad.length > 0) throw new Error(`unknown categories ${bad.map(([k, c]) => `${k}=${c}`).join(', ')} (use ${functionCategories.join(', ')})`);
      options.functionMap = map as Record<string, FunctionCategory>;
    } catch (error) {
      console.error(`--function-map: ${(error as Error).message}`);
      return 2;
    }
  }

  const platform = await createPlatform(config);
  try {
    const started = Date.now();
    let id: string;
    try {
      id = await startAafImport(platform, {
        paths: positionals,
        dryRun: values['dry-run'] === true,
        actorId: null,
        ...(values.academy ? { academy: values.academy } : {}),
        ...(values.collectivite ? { collectiviteId: values.collectivite } : {}),
        options,
      });
    } catch (error) {
      return reportRefusal(error);
    }
    console.log(`Import job ${id} started${values['dry-run'] ? ' (dry run: nothing will be written)' : ''}.`);
    // --progress: one line a second with the records read per file (what the upload page's bar shows).
    const ticker = values.progress
      ? setInterval(() => {
          getJob(platform, id)
            .then((job) => {
              const files = job.progress?.files.filter((f) => f.status !== 'PENDING' || f.records > 0) ?? [];
              if (files.length) console.log(`progress ${files.map((f) => `${f.type}=${f.records}`).join(' ')}`);
            })
            .catch(() => undefined);
        }, 1000)
      : undefined;
    const job = await waitForAafImport(platform, id);
    clearInterval(ticker);
    return await reportFinishedJob(job, values.report, started);
  } finally {
    await platform.close();
  }
}

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

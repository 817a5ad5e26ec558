import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../../../platform/config.ts';
import { AppError } from '../../../platform/errors.ts';
import { createPlatform } from '../../../platform/platform.ts';
import { summary } from '../import-command.ts';
import { type StartCsvImportInput, startCsvImport, waitForCsvImport } from './csv-import.service.ts';

export const csvUsage = 'Usage: preau import csv --structure <UAI> <files.csv...> [--dry-run] [--report report.json]';

/** `preau import csv --structure <UAI> <files...>`: runs the CSV import job in this process and prints its report. */
export async function runCsvImportCommand(config: Config, argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        structure: { type: 'string' },
        'dry-run': { type: 'boolean' },
        report: { type: 'string' },
        'batch-size': { type: 'string' },
        'grace-days': { type: 'string' },
        'retention-days': { type: 'string' },
      },
    });
  } catch (error) {
    console.error((error as Error).message);
    console.error(csvUsage);
    return 2;
  }
  const { values, positionals } = parsed;
  if (!values.structure || positionals.length === 0) {
    console.error(csvUsage);
    return 2;
  }
  const options: NonNullable<StartCsvImportInput['options']> = {};
  for (const [flag, field] of [
    ['batch-size', 'batchSize'],
    ['grace-days', 'graceDays'],
    ['retention-days', 'retentionDays'],
  ] as const) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < (flag === 'batch-size' ? 1 : 0) || n > 1_000_000) {
      console.error(`--${flag} must be a whole number.`);
      return 2;
    }
    options[field] = n;
  }
  const platform = await createPlatform(config);
  try {
    const started = Date.now();
    let id: string;
    try {
      id = await startCsvImport(platform, { structure: values.structure, paths: positionals, dryRun: values['dry-run'] === true, actorId: null, options });
    } catch (error) {
      if (error instanceof AppError) {
        console.error(`${error.code}${error.fields ? ` ${JSON.stringify(error.fields)}` : ''}`);
        return 2;
      }
      throw error;
    }
    console.log(`Import job ${id} started${values['dry-run'] ? ' (dry run: nothing will be written)' : ''}.`);
    const job = await waitForCsvImport(platform, id);
    if (job.report && values.report) await writeFile(values.report, `${JSON.stringify(job.report, null, 2)}\n`);
    if (job.status !== 'SUCCEEDED' || !job.report) {
      console.error(`Import failed: ${job.error ?? 'unknown error'}`);
      return 1;
    }
    console.log(summary(job.report, Date.now() - started));
    return job.report.files.some((f) => f.status === 'FAILED') ? 3 : 0;
  } finally {
    await platform.close();
  }
}

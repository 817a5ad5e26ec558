import type { Config } from '../../../platform/config.ts';
import { createPlatform } from '../../../platform/platform.ts';
import { numericImportOptions, parseImportArgs } from '../import-arguments.ts';
import { reportFinishedJob, reportRefusal } from '../import-output.ts';
import { startCsvImport, waitForCsvImport } from './csv-import.service.ts';

export const csvUsage = 'Usage: preau import csv --structure <UAI> <files.csv...> [--dry-run] [--report report.json]';

/** `preau import csv --structure <UAI> <files...>`: runs the CSV import job in this process and prints its report. */
export async function runCsvImportCommand(config: Config, argv: string[]): Promise<number> {
  const args = parseImportArgs(argv, { structure: { type: 'string' } });
  if (!args.parsed) {
    console.error(args.error);
    console.error(csvUsage);
    return 2;
  }
  const { values, positionals } = args.parsed;
  if (!values.structure || positionals.length === 0) {
    console.error(csvUsage);
    return 2;
  }
  const { options, error } = numericImportOptions(values);
  if (!options) {
    console.error(error);
    return 2;
  }
  const platform = await createPlatform(config);
  try {
    const started = Date.now();
    let id: string;
    try {
      id = await startCsvImport(platform, { structure: values.structure, paths: positionals, dryRun: values['dry-run'] === true, actorId: null, options });
    } catch (error) {
      return reportRefusal(error);
    }
    console.log(`Import job ${id} started${values['dry-run'] ? ' (dry run: nothing will be written)' : ''}.`);
    return await reportFinishedJob(await waitForCsvImport(platform, id), values.report, started);
  } finally {
    await platform.close();
  }
}

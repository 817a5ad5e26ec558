import { readFile } from 'node:fs/promises';
import type { Config } from '../../../platform/config.ts';
import { createPlatform } from '../../../platform/platform.ts';
import { getJob, type StartAafImportInput, startAafImport, waitForAafImport } from './aaf-import.service.ts';
import { type FunctionCategory, functionCategories } from './aaf-settings.ts';
import { numericImportOptions, parseImportArgs } from '../import-arguments.ts';
import { reportFinishedJob, reportRefusal } from '../import-output.ts';

export const aafUsage = 'Usage: preau import aaf <files|folders|archives...> [--dry-run] [--report report.json]';

/** `preau import aaf <paths...>`: runs the import job in this process and prints its report. */
export async function runAafImportCommand(config: Config, argv: string[]): Promise<number> {
  const args = parseImportArgs(argv, {
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

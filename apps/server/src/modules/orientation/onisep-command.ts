import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { createPlatform } from '../../platform/platform.ts';
import { importOnisepFiles } from './onisep-import.service.ts';

const usage = 'Usage: preau import onisep <files|folders...> [--report report.json] [--keep-absent]';

/** `preau import onisep <paths...>`: loads Onisep exports into the catalogue and prints what changed. */
export async function runOnisepImportCommand(config: Config, argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { report: { type: 'string' }, 'keep-absent': { type: 'boolean' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    console.error(usage);
    return 2;
  }
  const platform = await createPlatform(config);
  try {
    // Each published file is a whole dataset: what it no longer lists, Onisep withdrew (--keep-absent to keep it).
    const report = await importOnisepFiles(platform.database.db, parsed.positionals, { withdrawAbsent: !parsed.values['keep-absent'] });
    for (const f of report.files) {
      const what = f.dataset ?? 'not imported';
      console.log(
        `${f.file} (${what}): ${f.rows} rows, ${f.inserted} new, ${f.updated} changed, ${f.unchanged} unchanged, ${f.rejected} rejected, ${f.withdrawn} withdrawn${f.error ? ` — ${f.error}` : ''}`,
      );
      if (f.withdrawalHeld) console.log(`  ${f.withdrawalHeld}`);
    }
    for (const r of report.rejections.slice(0, 20)) console.log(`  rejected ${r.file}:${r.line}: ${r.reason}`);
    const more = report.rejections.length - 20 + report.rejectionsNotListed;
    if (more > 0) console.log(`  … and ${more} more rejected rows${parsed.values.report ? '' : ' (--report to keep them all)'}`);
    if (parsed.values.report) await writeFile(parsed.values.report, `${JSON.stringify(report, null, 2)}\n`);
    return report.files.some((f) => f.error) ? 1 : 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`${error.code}: no Onisep file (.csv, .json, .xml) among ${parsed.positionals.join(', ')}`);
      return 2;
    }
    throw error;
  } finally {
    await platform.close();
  }
}

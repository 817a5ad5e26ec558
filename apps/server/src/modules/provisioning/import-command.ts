import type { Config } from '../../platform/config.ts';

/**
 * `preau import aaf|csv …`: hands the arguments to the command of that
 * kind of import (aaf/aaf-command.ts, csv/csv-command.ts), loaded only when
 * asked for. Both print through import-output.ts; neither imports this file.
 */
export async function runImportCommand(config: Config, argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === 'aaf') {
    const { runAafImportCommand } = await import('./aaf/aaf-command.ts');
    return runAafImportCommand(config, rest);
  }
  if (what === 'csv') {
    const { runCsvImportCommand } = await import('./csv/csv-command.ts');
    return runCsvImportCommand(config, rest);
  }
  const [{ aafUsage }, { csvUsage }] = await Promise.all([import('./aaf/aaf-command.ts'), import('./csv/csv-command.ts')]);
  console.error(aafUsage);
  console.error(`       ${csvUsage.replace(/^Usage: /, '')}`);
  return 2;
}

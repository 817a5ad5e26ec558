import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * Argument parsing shared by `preau import aaf` and `preau import csv`: the
 * flags both take (dry run, report file, batch size, grace and retention
 * days) and the checks of their values. Each command adds its own flags and
 * prints the messages returned here (exit code 2).
 */

/** The flags every import command takes. */
export const importFlags = {
  'dry-run': { type: 'boolean' },
  report: { type: 'string' },
  'batch-size': { type: 'string' },
  'grace-days': { type: 'string' },
  'retention-days': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** The settings the whole-number flags give. */
export interface NumericImportOptions {
  batchSize?: number;
  graceDays?: number;
  retentionDays?: number;
}

/** Parses the arguments with the shared flags and the command's own; a bad flag gives `error` (parseArgs' message). */
export function parseImportArgs<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], own: O) {
  try {
    return { parsed: parseArgs({ args, allowPositionals: true, options: { ...importFlags, ...own } }) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The whole-number flags: --batch-size at least 1, --grace-days and
 * --retention-days at least 0, none above 1,000,000; `error` names the first bad one.
 */
export function numericImportOptions(values: { 'batch-size'?: string; 'grace-days'?: string; 'retention-days'?: string }): {
  options?: NumericImportOptions;
  error?: string;
} {
  const options: NumericImportOptions = {};
  for (const [flag, field] of [
    ['batch-size', 'batchSize'],
    ['grace-days', 'graceDays'],
    ['retention-days', 'retentionDays'],
  ] as const) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < (flag === 'batch-size' ? 1 : 0) || n > 1_000_000) return { error: `--${flag} must be a whole number.` };
    options[field] = n;
  }
  return { options };
}

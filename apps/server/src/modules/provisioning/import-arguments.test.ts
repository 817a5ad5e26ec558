import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../platform/config.ts';
import { numericImportOptions, parseImportArgs } from './import-arguments.ts';
import { runImportCommand } from './import-command.ts';

/** The argument parsing `preau import aaf` and `preau import csv` share, and the usage errors (exit 2) before any database opens. */

describe('import arguments', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parses the shared flags with a command’s own, and reports an unknown flag', () => {
    const args = parseImportArgs(['a.xml', '--dry-run', '--report', 'r.json', '--grace-days', '10', '--academy', 'RENNES'], { academy: { type: 'string' } });
    expect(args.parsed?.values).toEqual({ 'dry-run': true, report: 'r.json', 'grace-days': '10', academy: 'RENNES' });
    expect(args.parsed?.positionals).toEqual(['a.xml']);
    expect(parseImportArgs(['--nope'], {})).toEqual({ error: expect.stringContaining("Unknown option '--nope'") });
  });

  it('takes whole numbers within bounds for the batch size, grace and retention days', () => {
    expect(numericImportOptions({})).toEqual({ options: {} });
    expect(numericImportOptions({ 'batch-size': '500', 'grace-days': '0', 'retention-days': '90' })).toEqual({
      options: { batchSize: 500, graceDays: 0, retentionDays: 90 },
    });
    expect(numericImportOptions({ 'batch-size': '0' })).toEqual({ error: '--batch-size must be a whole number.' });
    expect(numericImportOptions({ 'grace-days': '-1' })).toEqual({ error: '--grace-days must be a whole number.' });
    expect(numericImportOptions({ 'retention-days': '2.5' })).toEqual({ error: '--retention-days must be a whole number.' });
    expect(numericImportOptions({ 'grace-days': '1000001' })).toEqual({ error: '--grace-days must be a whole number.' });
  });

  it('preau import aaf and csv exit 2 on bad usage, with the message', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    expect(await runImportCommand(config, ['aaf'])).toBe(2);
    expect(await runImportCommand(config, ['aaf', 'x.xml', '--batch-size', 'many'])).toBe(2);
    expect(await runImportCommand(config, ['aaf', 'x.xml', '--resp-legal', '3'])).toBe(2);
    expect(await runImportCommand(config, ['aaf', 'x.xml', '--bogus'])).toBe(2);
    expect(await runImportCommand(config, ['csv', '--structure', '0350001L', 'a.csv', '--retention-days=-5'])).toBe(2);
    expect(await runImportCommand(config, ['csv', '--bogus'])).toBe(2);
    expect(error.mock.calls.map((c) => String(c[0]))).toEqual([
      'import aaf needs at least one file, folder or archive.',
      '--batch-size must be a whole number.',
      '--resp-legal takes values among 0, 1 and 2, comma-separated (e.g. 1,2).',
      expect.stringContaining("Unknown option '--bogus'"),
      '--retention-days must be a whole number.',
      expect.stringContaining("Unknown option '--bogus'"),
      'Usage: preau import csv --structure <UAI> <files.csv...> [--dry-run] [--report report.json]',
    ]);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ImportReport } from '@preau/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../platform/config.ts';
import { createPlatform } from '../../../platform/platform.ts';
import { runImportCommand } from '../import-command.ts';

/** `preau import csv` on an embedded database of its own (PGlite in a temporary data folder). */

const SAMPLES = resolve(import.meta.dirname, '../../../../../../docs/provisioning/samples');
const UAI = '0350001L';
let dir: string;
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preau-csv-cli-'));
  config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SCHOOL_YEAR: '2026', PREAU_DATA: join(dir, 'data') });
  const platform = await createPlatform(config);
  const db = platform.database.db;
  const collectivite = await db.insertInto('collectivites').values({ name: 'Département', kind: 'DEPARTEMENT' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('structures').values({ collectivite_id: collectivite.id, uai: UAI, name: 'Collège', type: 'COLLEGE' }).execute();
  await platform.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('preau import csv', () => {
  it('imports the samples, writes the report, then reports a re-import unchanged; bad usage exits 2', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const files = ['eleves.csv', 'parents.csv', 'enseignants.csv', 'personnels.csv'].map((f) => join(SAMPLES, f));
    const reportPath = join(dir, 'report.json');
    try {
      expect(await runImportCommand(config, ['csv', '--structure', UAI, ...files, '--report', reportPath])).toBe(0);
      const report = JSON.parse(await readFile(reportPath, 'utf8')) as ImportReport;
      expect([report.counts.STUDENT!.created, report.counts.PARENT!.created, report.counts.STAFF!.created]).toEqual([4, 4, 6]);
      expect(await runImportCommand(config, ['csv', '--structure', UAI, ...files])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('Nothing changed.');
      expect(await runImportCommand(config, ['csv', ...files])).toBe(2);
      expect(await runImportCommand(config, ['csv', '--structure', '0359999X', files[0]!])).toBe(2);
      expect(error.mock.calls.flat().join('\n')).toContain('CSV_UNKNOWN_STRUCTURE');
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});

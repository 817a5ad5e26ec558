import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../platform/config.ts';
import { createPlatform } from '../../platform/platform.ts';
import { hashToken } from '../../platform/tokens.ts';
import { runInventoryCommand } from './enrol-command.ts';

/** `preau inventory enrol` on an embedded database of its own (PGlite in a temporary data folder). */

const UAI = '0350002M';
let dir: string;
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preau-inventory-cli-'));
  config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SCHOOL_YEAR: '2026', PREAU_DATA: join(dir, 'data'), PUBLIC_URL: 'https://ent.example.fr' });
  const platform = await createPlatform(config);
  const db = platform.database.db;
  const collectivite = await db.insertInto('collectivites').values({ name: 'Région', kind: 'REGION' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('structures').values({ collectivite_id: collectivite.id, uai: UAI, name: 'Lycée', type: 'LYCEE' }).execute();
  await platform.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('preau inventory enrol', () => {
  it('prints the agent’s settings once and stores only the secret’s hash; unknown UAI exits 1, bad usage 2', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await runInventoryCommand(config, ['enrol', '--structure', UAI.toLowerCase(), '--label', 'Salle B102'])).toBe(0);
      const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(printed).toContain('server=https://ent.example.fr/inventory/agent');
      const user = /user=(\S+)/.exec(printed)?.[1];
      const password = /password=(\S+)/.exec(printed)?.[1];
      expect(user).toMatch(/^[0-9a-f-]{36}$/);
      expect(password!.length).toBeGreaterThan(30);

      const platform = await createPlatform(config);
      const row = await platform.database.db.selectFrom('inventory_enrolments').selectAll().where('id', '=', user!).executeTakeFirstOrThrow();
      await platform.close();
      expect(row.label).toBe('Salle B102');
      expect(row.secret_hash).toBe(hashToken(password!));
      expect(JSON.stringify(row)).not.toContain(password);

      expect(await runInventoryCommand(config, ['enrol', '--structure', '9999999Z'])).toBe(1);
      expect(error.mock.calls.map((c) => String(c[0])).join('\n')).toContain('No structure with UAI 9999999Z');
      expect(await runInventoryCommand(config, ['enrol'])).toBe(2);
      expect(await runInventoryCommand(config, ['list'])).toBe(2);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});

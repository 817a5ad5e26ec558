import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPostgres } from '../../../platform/db/database.ts';
import { startAafImport, waitForAafImport } from './aaf-import.service.ts';
import { FIXTURES, isolatedPlatform } from './aaf-test-support.ts';

/**
 * A dry run is one transaction that never commits. Were it to take the
 * logins lock, it would hold it for its whole length and stall every import
 * and every account an ADMC creates meanwhile: it must not take it.
 */

const locks = vi.hoisted(() => ({ taken: 0 }));
vi.mock('../../admin/login-generator.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../admin/login-generator.ts')>();
  return {
    ...original,
    lockLoginAllocation: async (...args: Parameters<typeof original.lockLoginAllocation>) => {
      locks.taken++;
      await original.lockLoginAllocation(...args);
    },
  };
});

let ctx: Awaited<ReturnType<typeof isolatedPlatform>>;
beforeAll(async () => {
  ctx = await isolatedPlatform();
  await ctx.platform.database.db.insertInto('collectivites').values({ name: 'Région Bretagne', kind: 'REGION' }).execute();
});
afterAll(async () => {
  await ctx?.close();
});

async function importComplet(dryRun: boolean) {
  const id = await startAafImport(ctx.platform, { paths: [join(FIXTURES, 'complet')], actorId: null, dryRun });
  const job = await waitForAafImport(ctx.platform, id);
  expect(job.status).toBe('SUCCEEDED');
  return job.report!;
}

describe('AAF dry run and the logins lock', () => {
  it('a dry run that would create accounts takes no logins lock, even while an import holds it (PostgreSQL)', async () => {
    // On PostgreSQL another connection really holds the lock: a dry run that waited on it would never end.
    const other = ctx.databaseUrl ? openPostgres(ctx.databaseUrl, 1) : undefined;
    let release = () => {};
    const held = other
      ? other.db.transaction().execute(async (trx) => {
          await sql`SELECT pg_advisory_xact_lock(hashtext('preau.logins'))`.execute(trx);
          await new Promise<void>((done) => (release = done));
        })
      : Promise.resolve();
    try {
      const report = await importComplet(true);
      expect(report.dryRun).toBe(true);
      expect(report.counts.STUDENT.created + report.counts.PARENT.created + report.counts.STAFF.created).toBe(9);
      expect(locks.taken).toBe(0);
    } finally {
      release();
      await held;
      await other?.close();
    }
    expect(await ctx.platform.database.db.selectFrom('accounts').select('login').where('external_id', 'is not', null).execute()).toEqual([]);
  });

  it('the real import takes it and gives real logins, never a dry run placeholder', async () => {
    const report = await importComplet(false);
    expect(report.counts.STUDENT.created).toBe(3);
    expect(locks.taken).toBeGreaterThan(0);
    const logins = await ctx.platform.database.db.selectFrom('accounts').select('login').where('external_id', 'is not', null).execute();
    expect(logins).toHaveLength(9);
    expect(logins.every(({ login }) => /^[a-z0-9.-]+$/.test(login))).toBe(true);
  });
});

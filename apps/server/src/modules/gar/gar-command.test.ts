import { createHash, randomInt } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { findJob } from '../../platform/jobs/jobs.ts';
import { runGar } from './gar-command.ts';
import { queueNightlyGarExport } from './gar-export-job.service.ts';

let ctx: TestContext;
let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'preau-gar-cmd-'));
  ctx = await createTestContext({ GAR_ID_ENT: 'ENT-TEST', GAR_EXPORT_DIR: join(out, 'nightly') });
});
afterAll(async () => {
  await ctx?.close();
  await rm(out, { recursive: true, force: true });
});

describe('preau gar export', () => {
  it('exports one structure through a job and prints the archive, its md5 and the counts', async () => {
    const school = await createSchool(ctx.platform.database.db);
    const dir = join(out, 'one');
    const result = await runGar(ctx.platform, ['export', '--out', dir, '--structure', school.structure.uai.toLowerCase()]);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    const names = (await readdir(dir)).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^ENT-TEST_GAR-ENT_Complet_\d{8}_\d{6}_2D\.md5$/);
    const archive = await readFile(join(dir, names[1]!));
    const md5 = createHash('md5').update(archive).digest('hex');
    expect(await readFile(join(dir, names[0]!), 'utf8')).toBe(`${md5}  ${names[1]}\n`);
    expect(result.out[0]).toBe(`${join(dir, names[1]!)} (${archive.length} bytes, md5 ${md5})`);
    // One structure: its GAREtab and its one subject; the student, the teacher and the two staff.
    expect(result.out[2]).toBe('1 structure(s); Etab 2, Eleve 2, Enseignant 3, Groupe 5, RespAff 0; 5 file(s).');
  });

  it.each([
    [['export'], 2, '--out <dir> is required.'],
    [['import', '--out', '/tmp/x'], 2, 'Usage:'],
    [['export', '--out', '/tmp/x', '--structure', '0350001B'], 2, '0350001B is not a UAI'],
    [['export', '--out', '/tmp/x', '--structure', '0000000A'], 1, 'No structure with UAI 0000000A.'],
    [['export', '--out', '/tmp/x', '--collectivite', 'Nowhere at all'], 1, 'No collectivité Nowhere at all.'],
    [['export', '--out', '/tmp/x', '--id-ent', 'bad id!'], 2, 'idENT "bad id!": letters, digits'],
    [['export', '--out', '/tmp/x', '--bogus'], 2, "Unknown option '--bogus'"],
  ])('refuses %j with exit %i and says why, exporting nothing', async (argv, code, message) => {
    const result = await runGar(ctx.platform, argv);
    expect(result.code).toBe(code);
    expect(result.err.join('\n')).toContain(message);
    expect(result.out).toEqual([]);
  });
});

describe('nightly GAR export', () => {
  it('is queued once a night from 02:00 UTC, with the configured idENT and folder', async () => {
    // A night of its own (far ahead), so runs of this file on a shared database do not see each other's jobs.
    const night = new Date(Date.UTC(2100 + randomInt(0, 800), randomInt(0, 12), randomInt(1, 29)));
    ctx.clock.now = night.getTime() + 1 * 3_600_000 + 59 * 60_000;
    expect(await queueNightlyGarExport(ctx.platform)).toBe(false);
    ctx.clock.now = night.getTime() + 2 * 3_600_000;
    expect(await queueNightlyGarExport(ctx.platform)).toBe(true);
    ctx.clock.now += 3 * 3_600_000;
    expect(await queueNightlyGarExport(ctx.platform)).toBe(false);
    const row = await ctx.platform.database.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'gar-export')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const job = await findJob(ctx.platform.database.db, row.id);
    expect(job?.params).toEqual({ idEnt: 'ENT-TEST', outDir: join(out, 'nightly'), night: night.toISOString().slice(0, 10) });
  });

  it('queues nothing when the GAR is not configured', async () => {
    const bare = await createTestContext();
    try {
      bare.clock.now = Date.UTC(2026, 11, 10, 3);
      expect(await queueNightlyGarExport(bare.platform)).toBe(false);
    } finally {
      await bare.close();
    }
  });
});

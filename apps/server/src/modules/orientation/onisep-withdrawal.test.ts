import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { importOnisepFiles } from './onisep-import.service.ts';
import { SAMPLE_CATALOGUE_DIR } from './sample-catalogue.ts';

/** Entries Onisep no longer publishes leave the catalogue; students keep what they wrote about them. */

let ctx: TestContext;
let dir: string;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  // A catalogue of its own: withdrawing from the shared PostgreSQL database would take other files' entries away.
  ctx = await createTestContext({}, { privateDatabase: true });
  await importOnisepFiles(ctx.platform.database.db, [SAMPLE_CATALOGUE_DIR]);
  dir = await mkdtemp(join(tmpdir(), 'onisep-withdrawal-'));
});
afterAll(async () => {
  await ctx?.close();
});

/** The sample formations file without the lines naming these ids. */
async function formationsWithout(ids: string[], name: string): Promise<string> {
  const lines = (await readFile(join(SAMPLE_CATALOGUE_DIR, 'formations.csv'), 'utf8')).split('\n');
  const kept = lines.filter((line) => !ids.some((id) => line.endsWith(`/${id}`) || line.includes(`/${id};`) || line.includes(`/${id}\r`)));
  expect(kept.length).toBe(lines.length - ids.length);
  const path = join(dir, name);
  await writeFile(path, kept.join('\n'));
  return path;
}

describe('withdrawn Onisep entries', () => {
  it('a complete file that no longer lists a formation takes it out of the catalogue, its links and its search; the student keeps his favourite and wish', async () => {
    const db = ctx.platform.database.db;
    const school = await createSchool(db);
    const student = await as(school.student);
    const base = `/api/v1/orientation/students/${school.student.id}`;
    expect((await ctx.app.inject({ method: 'PUT', url: `${base}/favorites/FORMATION/FOR.1020`, headers: student, payload: { note: 'Stage chez M. Le Goff' } })).statusCode).toBe(200);
    const wish = { wishes: [{ label: 'CAP boulanger', formationId: 'FOR.1020', motivation: 'Le pain.' }] };
    expect((await ctx.app.inject({ method: 'PUT', url: `${base}/wishes/TERMINALE`, headers: student, payload: wish })).statusCode).toBe(200);
    expect(await db.selectFrom('onisep_formation_metiers').select('metier_id').where('formation_id', '=', 'FOR.1020').execute()).not.toHaveLength(0);

    const report = await importOnisepFiles(db, [await formationsWithout(['FOR.1020'], 'formations.csv')], { withdrawAbsent: true });
    expect(report.files[0]).toMatchObject({ dataset: 'formations', rows: 24, inserted: 0, updated: 0, unchanged: 24, withdrawn: 1, withdrawalHeld: null, error: null });
    expect(await db.selectFrom('onisep_formations').select('onisep_id').where('onisep_id', '=', 'FOR.1020').executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('onisep_formation_metiers').select('metier_id').where('formation_id', '=', 'FOR.1020').execute()).toEqual([]);

    const found = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/formations?q=boulanger', headers: student });
    expect(found.json().items.map((i: { id: string }) => i.id)).not.toContain('FOR.1020');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/formations/FOR.1020', headers: student })).statusCode).toBe(404);
    const project = (await ctx.app.inject({ method: 'GET', url: `${base}/project`, headers: student })).json();
    // The favourite stays, under its id, with its note; the wish keeps its label.
    expect(project.favorites).toEqual([{ kind: 'FORMATION', id: 'FOR.1020', label: 'FOR.1020', url: null, note: 'Stage chez M. Le Goff' }]);
    expect(project.wishes.TERMINALE).toEqual([{ rank: 1, label: 'CAP boulanger', formationId: 'FOR.1020', motivation: 'Le pain.' }]);

    // Importing it again without withdrawal changes nothing more; the same file again withdraws nothing more.
    expect((await importOnisepFiles(db, [join(dir, 'formations.csv')], { withdrawAbsent: true })).files[0]).toMatchObject({ withdrawn: 0, inserted: 0, updated: 0 });
  });

  it('keeps the entries when a file would take away more than a fifth of the dataset, and says why', async () => {
    const db = ctx.platform.database.db;
    const before = await db.selectFrom('onisep_formations').select('onisep_id').execute();
    const ids = before.map((r) => r.onisep_id).filter((id) => id !== 'FOR.1020').slice(0, 6);
    const report = await importOnisepFiles(db, [await formationsWithout(['FOR.1020', ...ids], 'formations-partielles.csv')], { withdrawAbsent: true });
    expect(report.files[0]!.withdrawn).toBe(0);
    expect(report.files[0]!.withdrawalHeld).toMatch(/^6 of 24 entries are not in this file: kept/);
    expect(await db.selectFrom('onisep_formations').select('onisep_id').execute()).toHaveLength(before.length);
  });

  it('withdraws nothing from a file that breaks before its end, nor without withdrawAbsent', async () => {
    const db = ctx.platform.database.db;
    const count = async () => (await db.selectFrom('onisep_metiers').select('onisep_id').execute()).length;
    const total = await count();
    const broken = join(dir, 'metiers.json');
    await writeFile(broken, '[{"libelle_metier": "boulanger", "lien_site_onisepfr": "https://www.onisep.fr/x/MET.103"}');
    const report = await importOnisepFiles(db, [broken], { withdrawAbsent: true });
    expect(report.files[0]!.error).toBeTruthy();
    expect(report.files[0]!.withdrawn).toBe(0);
    const single = join(dir, 'metier.json');
    await writeFile(single, '[{"libelle_metier": "boulanger / boulangère", "lien_site_onisepfr": "https://www.onisep.fr/x/MET.103"}]');
    expect((await importOnisepFiles(db, [single])).files[0]!.withdrawn).toBe(0);
    expect(await count()).toBe(total);
  });
});

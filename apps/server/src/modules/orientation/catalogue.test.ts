import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, uniqueSuffix } from '../../../test/factories.ts';
import { sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { importOnisepFiles } from './onisep-import.service.ts';
import { SAMPLE_CATALOGUE_DIR } from './sample-catalogue.ts';

/** The catalogue: import of the sample Onisep files, search quality, formation and métier pages. */

const SAMPLES = SAMPLE_CATALOGUE_DIR;

let ctx: TestContext;
let school: Awaited<ReturnType<typeof createSchool>>;
let dir: string;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  school = await createSchool(ctx.platform.database.db);
  await importOnisepFiles(ctx.platform.database.db, [SAMPLES]);
  // The test lycée, placed in the catalogue where Rennes's Lycée Simone-Veil is.
  dir = await mkdtemp(join(tmpdir(), 'onisep-'));
  const place = [{ type_detablissement: 'lycée', nom: 'Lycée de test', code_uai: school.structure.uai, statut: 'Public', latitude_y: '48.1113', longitude_x: '-1.68', url_et_id_onisep: `https://www.onisep.fr/x/ENS.9${Date.now() % 100000000}` }];
  await writeFile(join(dir, 'lycee.json'), JSON.stringify(place));
  await importOnisepFiles(ctx.platform.database.db, [join(dir, 'lycee.json')]);
});
afterAll(async () => {
  await ctx?.close();
});

describe('import', () => {
  it('reads the four sample files (CSV, JSON, XML) and a re-import writes nothing', async () => {
    const report = await importOnisepFiles(ctx.platform.database.db, [SAMPLES]);
    expect(report.files.map((f) => [f.file, f.dataset, f.rows, f.rejected])).toEqual([
      ['actions-de-formation.csv', 'actions', 40, 0],
      ['etablissements.json', 'structures', 12, 0],
      ['formations.csv', 'formations', 25, 0],
      ['metiers.xml', 'metiers', 15, 0],
    ]);
    for (const f of report.files) expect({ file: f.file, inserted: f.inserted, updated: f.updated, unchanged: f.unchanged }).toEqual({ file: f.file, inserted: 0, updated: 0, unchanged: f.rows });
    expect(report.rejections).toEqual([]);
  });

  it('keeps the Onisep identifier and URL, and the métiers’ formations', async () => {
    const db = ctx.platform.database.db;
    const formation = await db.selectFrom('onisep_formations').selectAll().where('onisep_id', '=', 'FOR.1020').executeTakeFirstOrThrow();
    expect(formation).toMatchObject({ label: 'CAP boulanger', level: 'CAP', type_acronym: 'CAP' });
    expect(formation.url).toMatch(/^https:\/\/www\.onisep\.fr\/.*\/FOR\.1020$/);
    const links = await db.selectFrom('onisep_formation_metiers').select('formation_id').where('metier_id', '=', 'MET.103').orderBy('formation_id').execute();
    expect(links.map((l) => l.formation_id)).toEqual(['FOR.1020', 'FOR.1021', 'FOR.1023']);
  });

  it('reports rejected rows with their line and reason, writes the good ones, and updates a changed row', async () => {
    const id = 90000 + Math.floor(Math.random() * 9000);
    const header = 'libelle_formation_principal;sigle_type_formation;niveau_de_sortie_indicatif;url_et_id_onisep';
    const file = join(dir, `formations-${uniqueSuffix()}.csv`);
    await writeFile(file, [header, `CAP test ${id};CAP;CAP ou équivalent;https://www.onisep.fr/x/FOR.${id}`, ';CAP;;https://www.onisep.fr/x/FOR.1', 'Sans identifiant;BTS;bac + 2;https://www.onisep.fr/x/'].join('\n'));
    const first = await importOnisepFiles(ctx.platform.database.db, [file]);
    expect(first.files[0]).toMatchObject({ dataset: 'formations', rows: 3, inserted: 1, updated: 0, rejected: 2 });
    expect(first.rejections).toEqual([
      { file: expect.stringMatching(/^formations-/), line: 3, reason: 'libelle_formation_principal: empty' },
      { file: expect.stringMatching(/^formations-/), line: 4, reason: 'url_et_id_onisep: no FOR.n identifier' },
    ]);
    await writeFile(file, [header, `CAP test ${id} modifié;CAP;CAP ou équivalent;https://www.onisep.fr/x/FOR.${id}`].join('\n'));
    const second = await importOnisepFiles(ctx.platform.database.db, [file]);
    expect(second.files[0]).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
  });

  it('reports a broken file and a file of unknown columns, and refuses when no file is a catalogue file', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '[{"libelle_metier": "x", "lien_site_onisepfr": "MET.1"');
    const unknown = join(dir, 'other.csv');
    await writeFile(unknown, 'a;b\n1;2\n');
    const report = await importOnisepFiles(ctx.platform.database.db, [broken, unknown]);
    expect(report.files.find((f) => f.file === 'other.csv')?.error).toMatch(/not an Onisep dataset/);
    expect(report.files.find((f) => f.file === 'broken.json')?.error).toBeTruthy();
    await expect(importOnisepFiles(ctx.platform.database.db, [join(dir, 'nothing.txt')])).rejects.toMatchObject({ code: 'ONISEP_NO_FILES' });
  });
});

async function search(path: string, query: Record<string, string>, who = school.student) {
  const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/orientation/${path}?${new URLSearchParams(query)}`, headers: await as(who) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: { id: string; label: string; distanceKm?: number | null; placeCount?: number }[]; nextCursor: string | null };
}

describe('search quality (the sample catalogue)', () => {
  it.each([
    ['formations', 'bts sio', ['FOR.1001', 'FOR.1002']],
    ['formations', 'BTS SIO', ['FOR.1001', 'FOR.1002']],
    ['formations', 'infirmier', ['FOR.1010']],
    ['formations', 'prepa scientifique', ['FOR.1005', 'FOR.1006']],
    ['formations', 'boulanjer', ['FOR.1020', 'FOR.1021']],
    ['formations', 'pâtissier', ['FOR.1022']],
    ['formations', 'patissier', ['FOR.1022']],
    ['formations', 'informatique', ['FOR.1003', 'FOR.1004']],
    ['formations', 'staps', ['FOR.1031', 'FOR.1033']],
    ['metiers', 'infirmier', ['MET.101']],
    ['metiers', 'infirmière', ['MET.101']],
    ['metiers', 'metiers du sport', ['MET.105', 'MET.107', 'MET.108']],
    ['metiers', 'boulanjer', ['MET.103']],
    ['metiers', 'developpeur', ['MET.109']],
  ])('%s "%s" has %j in the top five', async (path, q, expected) => {
    const page = await search(path, { q, limit: '5' });
    const ids = page.items.map((i) => i.id);
    for (const id of expected) expect(ids, `${q}: ${page.items.map((i) => i.label).join(' | ')}`).toContain(id);
  });

  it('corrects a misspelt word to a word of a formation imported since (the import keeps the words in step)', async () => {
    // FOR.99…: the other tests take the ids starting with FOR.9 as those the tests import.
    const id = 990000 + Math.floor(Math.random() * 9000);
    const file = join(dir, `ferronnier-${uniqueSuffix()}.csv`);
    await writeFile(file, ['libelle_formation_principal;sigle_type_formation;niveau_de_sortie_indicatif;url_et_id_onisep', `CAP ferronnier d'art;CAP;CAP ou équivalent;https://www.onisep.fr/x/FOR.${id}`].join('\n'));
    await importOnisepFiles(ctx.platform.database.db, [file]);
    const page = await search('formations', { q: 'feronier', limit: '5' });
    expect(page.items.map((i) => i.id)).toContain(`FOR.${id}`);
  });

  it('filters by level, type, status, apprenticeship and département', async () => {
    const caps = await search('formations', { level: 'CAP', limit: '50' });
    expect(caps.items.length).toBeGreaterThan(2);
    expect(caps.items.every((i) => ['FOR.1011', 'FOR.1020', 'FOR.1022', 'FOR.1050'].includes(i.id) || i.id.startsWith('FOR.9'))).toBe(true);
    const bts = await search('formations', { type: 'bts', limit: '50' });
    expect(bts.items.map((i) => i.id).sort()).toEqual(['FOR.1001', 'FOR.1002', 'FOR.1040']);
    const apprentice = await search('formations', { q: 'boulanger', apprenticeship: 'true' });
    expect(apprentice.items.map((i) => i.id).sort()).toEqual(['FOR.1020', 'FOR.1021']);
    const prive = await search('formations', { status: 'PRIVE', type: 'CPGE' });
    expect(prive.items.map((i) => i.id)).toEqual(['FOR.1007']);
    const paris = await search('formations', { departement: 'Paris' });
    expect(paris.items.map((i) => i.id).sort()).toEqual(['FOR.1005', 'FOR.1006', 'FOR.1008']);
  });

  it('sorts equal relevance by distance from the student’s lycée, and filters by distance', async () => {
    const mpsi = await search('formations', { q: 'mpsi' });
    expect(mpsi.items[0]).toMatchObject({ id: 'FOR.1005', placeCount: 2 });
    expect(mpsi.items[0]!.distanceKm).toBeLessThan(5);
    const near = await search('formations', { type: 'CPGE', withinKm: '50' });
    // The Paris-only CPGE (lettres) is 300 km away.
    expect(near.items.map((i) => i.id).sort()).toEqual(['FOR.1005', 'FOR.1006', 'FOR.1007']);
    const far = await search('formations', { q: 'lettres' });
    expect(far.items[0]!.distanceKm).toBeGreaterThan(250);
  });

  it('pages with a cursor and refuses a forged one', async () => {
    const first = await search('formations', { limit: '10' });
    expect(first.items).toHaveLength(10);
    const second = await search('formations', { limit: '10', cursor: first.nextCursor! });
    expect(second.items.map((i) => i.id).filter((id) => first.items.some((f) => f.id === id))).toEqual([]);
    const forged = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/formations?cursor=abc', headers: await as(school.student) });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('INVALID_CURSOR');
  });

  it('answers ORIENTATION_NO_LOCATION for a distance filter when the lycée is not in the catalogue', async () => {
    const other = await createSchool(ctx.platform.database.db);
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/formations?withinKm=20', headers: await as(other.student) });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('ORIENTATION_NO_LOCATION');
  });
});

describe('pages', () => {
  it('a formation lists where it is taught, nearest first, and the métiers it leads to', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/formations/FOR.1001', headers: await as(school.student) });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.places.map((p: { id: string }) => p.id).slice(0, 1)).toEqual(['ENS.2001']);
    expect(body.places.map((p: { distanceKm: number }) => p.distanceKm)).toEqual([...body.places.map((p: { distanceKm: number }) => p.distanceKm)].sort((a, b) => a - b));
    expect(body.places.find((p: { id: string }) => p.id === 'ENS.2006')).toMatchObject({ apprenticeship: true, status: 'PRIVE' });
    expect(body.metiers.map((m: { id: string }) => m.id)).toEqual(['MET.110']);
  });

  it('a métier lists the formations leading to it', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/metiers/MET.105', headers: await as(school.parent) });
    expect(response.statusCode).toBe(200);
    expect(response.json().formations.map((f: { id: string }) => f.id).sort()).toEqual(['FOR.1030', 'FOR.1031']);
  });

  it('answers 404 for an unknown entry and 400 for a malformed id', async () => {
    const unknown = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/formations/FOR.424242', headers: await as(school.student) });
    expect(unknown.statusCode).toBe(404);
    const malformed = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/metiers/1;DROP', headers: await as(school.student) });
    expect(malformed.statusCode).toBe(400);
  });

  it('is open to students, parents, teachers and staff, not to guests or without a session', async () => {
    const guest = await createAccount(ctx.platform.database.db, { profile: 'INVITE', structureIds: [school.structure.id] });
    for (const who of [school.student, school.parent, school.teacher, school.staff]) {
      expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/metiers', headers: await as(who) })).statusCode).toBe(200);
    }
    const denied = await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/metiers', headers: await as(guest) });
    expect(denied.statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/orientation/metiers' })).statusCode).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/** The other equipment from and to a school's spreadsheet, with a rejection report. */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  a = await createSchool(ctx.platform.database.db);
  b = await createSchool(ctx.platform.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

function upload(structureId: string, auth: AuthHeaders, csv: string | Buffer, dryRun = false) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/inventory/structures/${structureId}/equipment.csv?dryRun=${dryRun}`,
    headers: { ...auth, 'content-type': 'text/csv' },
    payload: csv,
  });
}

const sheet = [
  'Type;Nom;Bâtiment;Salle;Numéro de série;Marque;Modèle;Date d’achat;Fin de garantie;Statut',
  'Vidéoprojecteur;Projecteur B102;B;B102;EPS-001;Epson;EB-X49;01/09/2022;31/01/2027;En service',
  'TBI;Écran interactif B104;B;B104;SMT-777;Smart;MX275;2023-09-01;;en panne',
  'Grille-pain;Toaster salle des profs;A;A001;;;;;;',
  'Imprimante;Imprimante CDI;A;CDI;HP-42;HP;LaserJet;31/02/2024;;',
  'Imprimante;;A;CDI;HP-43;HP;;;;',
  'Vidéoprojecteur;Projecteur B103;B;B103;EPS-001;Epson;EB-X49;;;',
].join('\r\n');

async function names(structureId: string, auth: AuthHeaders) {
  const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/inventory/structures/${structureId}/equipment`, headers: auth });
  return (response.json().items as { name: string }[]).map((i) => i.name).sort();
}

describe('CSV import and export of equipment', () => {
  it('a dry run reports and writes nothing; the import keeps valid rows and lists the others with their line and reason', async () => {
    const adml = await as(a.adml);
    const dry = await upload(a.structure.id, adml, sheet, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 2 });
    expect(await names(a.structure.id, adml)).toEqual([]);

    const report = (await upload(a.structure.id, adml, sheet)).json();
    expect(report.created).toBe(2);
    expect(report.rejected).toEqual([
      { line: 4, reason: 'type inconnu « Grille-pain »' },
      { line: 5, reason: 'date illisible « 31/02/2024 » (attendu JJ/MM/AAAA)' },
      { line: 6, reason: 'Nom manquant, trop long ou invalide' },
      { line: 7, reason: 'numéro de série EPS-001 en double dans le fichier' },
    ]);
    expect(await names(a.structure.id, adml)).toEqual(['Projecteur B102', 'Écran interactif B104']);

    // The same sheet again: the serials are there already, nothing is duplicated.
    const again = (await upload(a.structure.id, adml, sheet)).json();
    expect(again.created).toBe(0);
    expect(again.skipped).toEqual([{ line: 2, serial: 'EPS-001' }, { line: 3, serial: 'SMT-777' }]);
  });

  it('reads Excel’s Windows-1252 and a comma separator; refuses a sheet without Type and Nom', async () => {
    const adml = await as(b.adml);
    const latin1 = Buffer.from('Type,Nom,Salle\r\nTablette,Tablette élève 12,CDI\r\n', 'latin1');
    expect((await upload(b.structure.id, adml, latin1)).json().created).toBe(1);
    expect(await names(b.structure.id, adml)).toEqual(['Tablette élève 12']);
    const missing = await upload(b.structure.id, adml, 'Salle;Marque\r\nB102;Epson\r\n');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.file).toMatch(/Type/);
  });

  it('only the structure’s admins import; its staff export; outsiders see nothing', async () => {
    expect((await upload(a.structure.id, await as(a.teacher), sheet)).statusCode).toBe(403);
    expect((await upload(a.structure.id, await as(b.adml), sheet)).statusCode).toBe(404);
    const exported = await ctx.app.inject({ method: 'GET', url: `/api/v1/inventory/structures/${a.structure.id}/equipment.csv`, headers: await as(a.teacher) });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toContain(`inventaire-${a.structure.uai}.csv`);
    const lines = exported.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"Type";"Nom";"Bâtiment";"Salle";"Numéro de série";"Marque";"Modèle";"Date d\'achat";"Fin de garantie";"Statut"');
    expect(lines).toContain('"Vidéoprojecteur";"Projecteur B102";"B";"B102";"EPS-001";"Epson";"EB-X49";"01/09/2022";"31/01/2027";"En service"');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/inventory/structures/${a.structure.id}/equipment.csv`, headers: await as(b.teacher) })).statusCode).toBe(404);
    // What was exported imports back into another school as the same rows.
    const roundTrip = (await upload(b.structure.id, await as(b.adml), exported.body)).json();
    expect(roundTrip).toMatchObject({ created: 2, rejected: [] });
  });
});

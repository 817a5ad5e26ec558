import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ImportReport } from '@preau/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { randomUai } from '../../../../test/factories.ts';
import { directorySnapshot, isolatedPlatform, lines, nonZero, succeededReport } from '../aaf/aaf-test-support.ts';
import { getCsvImportJob, startCsvImport, type StartCsvImportInput, waitForCsvImport } from './csv-import.service.ts';

/**
 * The CSV import end to end, on its own database (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL): the sample files of docs/provisioning/samples build the
 * exact directory; re-imports, departures, returns, encodings, bad rows.
 */

const SAMPLES = resolve(import.meta.dirname, '../../../../../../docs/provisioning/samples');
const sample = (name: string) => join(SAMPLES, name);
const UAI = '0350001L';
const ALL = ['eleves.csv', 'parents.csv', 'enseignants.csv', 'personnels.csv'].map(sample);
const DAY = 86_400_000;

let platform: Platform;
let clock: { now: number };
let close: () => Promise<void>;
let dir: string;
let collectiviteId: string;

async function importCsv(paths: string[], extra: Partial<StartCsvImportInput> = {}): Promise<ImportReport> {
  const id = await startCsvImport(platform, { structure: UAI, paths, actorId: null, ...extra });
  return succeededReport(await waitForCsvImport(platform, id));
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function newStructure(): Promise<string> {
  const uai = randomUai();
  await platform.database.db.insertInto('structures').values({ collectivite_id: collectiviteId, uai, name: `Collège ${uai}`, type: 'COLLEGE', city: 'Vitré' }).execute();
  return uai;
}

/** Ids, logins, activation codes and update times: proof that nothing was re-issued or rewritten. */
async function accountKeys(db: DB, uai = UAI) {
  const rows = await db.selectFrom('accounts').select(['id', 'login', 'activation_code', 'updated_at']).where('external_id', 'like', `CSV-${uai}$%`).orderBy('login').execute();
  return rows.map((r) => `${r.id} ${r.login} ${r.activation_code} ${new Date(r.updated_at).toISOString()}`);
}

const snapshot = async (uai = UAI) => lines(await directorySnapshot(platform.database.db, `CSV-${uai}`));

const DIRECTORY = {
  structures: ['CSV-0350001L$0350001L 0350001L Collège Anne de Bretagne Rennes'],
  classes: ['0350001L class 5e B 5e B', '0350001L class 6e A 6e A', '0350001L group Chorale Chorale', '0350001L group Latin Latin'],
  accounts: [
    'anne.lefevre ENSEIGNANT Anne LEFÈVRE PROVISIONED code',
    'claire.martin PARENT Claire MARTIN PROVISIONED code',
    'helene.legall ELEVE Hélène LE GALL PROVISIONED code',
    'isabelle.moreau PERSONNEL/DIR Isabelle MOREAU PROVISIONED code',
    'karim.petit PERSONNEL/EVS Karim PETIT PROVISIONED code',
    'lea.martin ELEVE Léa MARTIN PROVISIONED code',
    'luc.blanc PERSONNEL/ETA Luc BLANC PROVISIONED code',
    'mai.nguyen ELEVE Mai NGUYEN PROVISIONED code',
    'marc.durand PARENT Marc DURAND PROVISIONED code',
    'paul.bernard ENSEIGNANT Paul BERNARD PROVISIONED code',
    'sophie.roux PERSONNEL/DOC Sophie ROUX PROVISIONED code',
    'thi.nguyen PARENT Thi NGUYEN PROVISIONED code',
    'tom.durand ELEVE Tom DURAND PROVISIONED code',
    'yann.legall PARENT Yann LE GALL PROVISIONED code',
  ],
  memberships: [
    'anne.lefevre 0350001L ENSEIGNANT',
    'claire.martin 0350001L PARENT',
    'helene.legall 0350001L ELEVE',
    'isabelle.moreau 0350001L PERSONNEL',
    'karim.petit 0350001L PERSONNEL',
    'lea.martin 0350001L ELEVE',
    'luc.blanc 0350001L PERSONNEL',
    'mai.nguyen 0350001L ELEVE',
    'marc.durand 0350001L PARENT',
    'paul.bernard 0350001L ENSEIGNANT',
    'sophie.roux 0350001L PERSONNEL',
    'thi.nguyen 0350001L PARENT',
    'tom.durand 0350001L ELEVE',
    'yann.legall 0350001L PARENT',
  ],
  classMembers: [
    'helene.legall 0350001L class 5e B',
    'helene.legall 0350001L group Latin',
    'lea.martin 0350001L class 6e A',
    'lea.martin 0350001L group Chorale',
    'lea.martin 0350001L group Latin',
    'mai.nguyen 0350001L class 6e A',
    'mai.nguyen 0350001L group Chorale',
    'tom.durand 0350001L class 5e B',
  ],
  parentLinks: [
    'claire.martin -> lea.martin',
    'marc.durand -> tom.durand',
    // Named by name and birth date (Mai has no Identifiant).
    'thi.nguyen -> mai.nguyen',
    'yann.legall -> helene.legall',
    'yann.legall -> tom.durand',
  ],
  teachings: [
    // Classes × Matières, and Classe:Matière pairs (a group too).
    'anne.lefevre 0350001L class 5e B Mathématiques',
    'anne.lefevre 0350001L class 6e A Mathématiques',
    'paul.bernard 0350001L class 6e A Français',
    'paul.bernard 0350001L group Latin Latin',
  ],
  // The CSV files name no professeur principal.
  principals: [],
};

beforeAll(async () => {
  ({ platform, clock, close } = await isolatedPlatform());
  dir = await mkdtemp(join(tmpdir(), 'preau-csv-'));
  const db = platform.database.db;
  collectiviteId = (await db.insertInto('collectivites').values({ name: 'Département test', kind: 'DEPARTEMENT' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('structures').values({ collectivite_id: collectiviteId, uai: UAI, name: 'Collège Anne de Bretagne', type: 'COLLEGE', city: 'Rennes' }).execute();
});
afterAll(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});

describe('CSV import of the sample files', () => {
  it('a dry run reports what the import would do and writes nothing', async () => {
    const report = await importCsv(ALL, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(nonZero(report)).toEqual({ STRUCTURE: { updated: 1 }, STAFF: { created: 6 }, STUDENT: { created: 4 }, PARENT: { created: 4 } });
    const db = platform.database.db;
    expect(await db.selectFrom('accounts').select('id').where('external_id', 'like', 'CSV-%').execute()).toEqual([]);
    expect(await db.selectFrom('classes').select('id').execute()).toEqual([]);
    expect((await db.selectFrom('structures').select('external_id').where('uai', '=', UAI).executeTakeFirstOrThrow()).external_id).toBeNull();
  });

  it('builds the exact directory and report', async () => {
    const report = await importCsv(ALL);
    expect(report.academy).toBe(`CSV-${UAI}`);
    expect(nonZero(report)).toEqual({ STRUCTURE: { updated: 1 }, STAFF: { created: 6 }, STUDENT: { created: 4 }, PARENT: { created: 4 } });
    expect(report.files.map((f) => `${f.name} ${f.type} ${f.mode} ${f.records} ${f.status}`)).toEqual([
      'eleves.csv students COMPLET 4 DONE',
      'parents.csv parents COMPLET 4 DONE',
      'enseignants.csv teachers COMPLET 2 DONE',
      'personnels.csv staff COMPLET 4 DONE',
    ]);
    expect(report.rejections).toEqual([]);
    expect(report.unchanged).toBe(false);
    expect(await snapshot()).toEqual(DIRECTORY);
  });

  it('re-importing the same files writes nothing and says so', async () => {
    const before = await accountKeys(platform.database.db);
    clock.now += 60_000;
    const report = await importCsv([...ALL].reverse());
    expect(nonZero(report)).toEqual({ STRUCTURE: { unchanged: 1 }, STAFF: { unchanged: 6 }, STUDENT: { unchanged: 4 }, PARENT: { unchanged: 4 } });
    expect(report.unchanged).toBe(true);
    expect(await accountKeys(platform.database.db)).toEqual(before);
    expect(await snapshot()).toEqual(DIRECTORY);
  });

  it('a student file alone: a row removed is leaving, parent links stay; back, it is restored intact', async () => {
    const before = await accountKeys(platform.database.db);
    const students = await file('eleves.csv', 'Identifiant;Nom;Prénom;Date de naissance;Classe;Groupes\nE1001;MARTIN;Léa;14/03/2014;6e A;Latin|Chorale\nE1002;DURAND;Tom;02/11/2013;5e B;\nE1004;LE GALL;Hélène;21/01/2013;5e B;Latin\n');
    clock.now += DAY;
    const leaving = await importCsv([students]);
    expect(nonZero(leaving)).toEqual({ STRUCTURE: { unchanged: 1 }, STUDENT: { unchanged: 3, leaving: 1 } });
    const dir1 = await snapshot();
    expect(dir1.accounts).toContain('mai.nguyen ELEVE Mai NGUYEN PROVISIONED leaving code');
    expect(dir1.parentLinks).toEqual(DIRECTORY.parentLinks);

    clock.now += DAY;
    const back = await importCsv(ALL);
    expect(nonZero(back)).toEqual({ STRUCTURE: { unchanged: 1 }, STAFF: { unchanged: 6 }, STUDENT: { unchanged: 3, restored: 1 }, PARENT: { unchanged: 4 } });
    expect(await snapshot()).toEqual(DIRECTORY);
    const after = await accountKeys(platform.database.db);
    // Same ids, logins and codes; only Mai's row was touched.
    expect(after.map((k) => k.split(' ').slice(0, 3).join(' '))).toEqual(before.map((k) => k.split(' ').slice(0, 3).join(' ')));
  });

  it('a teachers file alone does not make the other staff leave; a parents file alone links to known students', async () => {
    const teachers = await importCsv([sample('enseignants.csv')]);
    expect(nonZero(teachers)).toEqual({ STRUCTURE: { unchanged: 1 }, STAFF: { unchanged: 6 } });
    expect(teachers.unchanged).toBe(true);
    const staff = await importCsv([sample('personnels.csv')]);
    expect(nonZero(staff)).toEqual({ STRUCTURE: { unchanged: 1 }, STAFF: { unchanged: 6 } });

    const parents = await file('responsables.csv', 'Nom;Prénom;Enfants;Identifiant;Courriel;Lien\nMARTIN;Claire;E1001;P2001;claire.martin@example.org;Mère\nDURAND;Marc;E1002;P2002;;Père\nNGUYEN;Thi;nguyen mai 30/06/2014;P2003;;mère\n');
    const report = await importCsv([parents]);
    // Yann is gone from the parents' list: he leaves, and Hélène and Tom lose his link.
    expect(nonZero(report)).toEqual({ STRUCTURE: { unchanged: 1 }, STUDENT: { unchanged: 2, updated: 2 }, PARENT: { unchanged: 3, leaving: 1 } });
    const now = await snapshot();
    expect(now.accounts).toContain('yann.legall PARENT Yann LE GALL PROVISIONED leaving code');
    expect(now.parentLinks).toEqual(['claire.martin -> lea.martin', 'marc.durand -> tom.durand', 'thi.nguyen -> mai.nguyen']);
    const restored = await importCsv(ALL);
    expect(nonZero(restored)).toEqual({ STRUCTURE: { unchanged: 1 }, STAFF: { unchanged: 6 }, STUDENT: { unchanged: 2, updated: 2 }, PARENT: { unchanged: 3, restored: 1 } });
    expect(await snapshot()).toEqual(DIRECTORY);
  });
});

describe('CSV files in other encodings and separators', () => {
  it('semicolons in windows-1252', async () => {
    const uai = await newStructure();
    const text = 'Identifiant;Nom;Prénom;Né le;Classe\r\n1;ŒUVRAY;Zoé;01/02/2014;4e C\r\n2;"N\'DIAYE; Fall";Anaïs;03/04/2014;4e C\r\n';
    const bytes = Buffer.from([...text].map((ch) => (ch === 'Œ' ? 0x8c : ch.charCodeAt(0))));
    const report = await importCsv([await file('eleves-1252.csv', bytes)], { structure: uai });
    expect(nonZero(report)).toEqual({ STRUCTURE: { updated: 1 }, STUDENT: { created: 2 } });
    const dirx = await snapshot(uai);
    expect(dirx.accounts).toEqual(["anais.ndiayefall ELEVE Anaïs N'DIAYE; Fall PROVISIONED code", 'zoe.oeuvray ELEVE Zoé ŒUVRAY PROVISIONED code']);
    expect(dirx.classMembers).toEqual([`anais.ndiayefall ${uai} class 4e C`, `zoe.oeuvray ${uai} class 4e C`]);
  });

  it('commas in UTF-8 with a BOM, English headers, quoted line breaks', async () => {
    const uai = await newStructure();
    const text = '\uFEFFid,Last name,First name,Birthdate,Class,Groups\n7,"MÜLLER, von",Jürgen,2014-05-06,3e A,"Allemand|\nChorale"\n';
    const report = await importCsv([await file('students-bom.csv', text)], { structure: uai });
    expect(nonZero(report)).toEqual({ STRUCTURE: { updated: 1 }, STUDENT: { created: 1 } });
    const dirx = await snapshot(uai);
    expect(dirx.accounts).toEqual(['jurgen.mullervon ELEVE Jürgen MÜLLER, von PROVISIONED code']);
    expect(dirx.classMembers).toEqual([`jurgen.mullervon ${uai} class 3e A`, `jurgen.mullervon ${uai} group Allemand`, `jurgen.mullervon ${uai} group Chorale`]);
  });
});

describe('bad input', () => {
  it('rejects each kind of bad row, lists file, line, identifier and reason, and applies the rest', async () => {
    const uai = await newStructure();
    const students = await file(
      'eleves-bad.csv',
      'Identifiant;Nom;Prénom;Date de naissance;Classe\nE1;FABRE;Lina;14/03/2014;6A\nE2;;Tom;02/11/2013;6A\nE3;PETIT;Lou;31/02/2014;6A\nE1;FABRE;Lino;14/03/2014;6A\nE5;ROUX;Jade;01/01/2014;\n',
    );
    const parents = await file('parents-bad.csv', 'Identifiant;Nom;Prénom;Enfants\nP1;FABRE;Odile;E1\nP2;DUPONT;Marc;E404\nP3;ROUX;Eva;ROUX Jade 01/01/2014\n');
    const teachers = await file('enseignants-bad.csv', 'Identifiant;Nom;Prénom;Classes;Matières\nT1;LEROY;Anne;6A;Maths\nT2;COLIN;Paul;ZZ;Maths\nT3;BRUN;Eric;6A;\n');
    const staff = await file('personnels-bad.csv', 'Identifiant;Nom;Prénom;Fonction\nA1;GARNIER;Ines;DIR\nA2;SIMON;Leo;Astronaute\n');
    const report = await importCsv([students, parents, teachers, staff], { structure: uai });
    expect(report.rejections).toEqual([
      { file: 'eleves-bad.csv', line: 3, jointure: 'E-E2', reason: 'MISSING_ATTRIBUTE', detail: 'Nom' },
      { file: 'eleves-bad.csv', line: 4, jointure: 'E-E3', reason: 'MALFORMED_DATE', detail: 'Date de naissance' },
      { file: 'eleves-bad.csv', line: 5, jointure: 'E-E1', reason: 'DUPLICATED_JOINTURE', detail: null },
      { file: 'eleves-bad.csv', line: 6, jointure: 'E-E5', reason: 'MISSING_ATTRIBUTE', detail: 'Classe' },
      { file: 'parents-bad.csv', line: 3, jointure: 'P-P2', reason: 'UNKNOWN_CHILD', detail: 'Enfants #1' },
      { file: 'parents-bad.csv', line: 4, jointure: 'P-P3', reason: 'UNKNOWN_CHILD', detail: 'Enfants #1' },
      { file: 'enseignants-bad.csv', line: 3, jointure: 'S-T2', reason: 'UNKNOWN_CLASS', detail: 'ZZ' },
      { file: 'enseignants-bad.csv', line: 4, jointure: 'S-T3', reason: 'MISSING_ATTRIBUTE', detail: 'Matières' },
      { file: 'personnels-bad.csv', line: 3, jointure: 'S-A2', reason: 'UNKNOWN_FUNCTION', detail: 'Astronaute' },
    ]);
    expect(nonZero(report)).toEqual({
      STRUCTURE: { updated: 1 },
      STUDENT: { created: 1, rejected: 4 },
      PARENT: { created: 1, rejected: 2 },
      STAFF: { created: 2, rejected: 3 },
    });
    const dirx = await snapshot(uai);
    expect(dirx.accounts).toEqual([
      'anne.leroy ENSEIGNANT Anne LEROY PROVISIONED code',
      'ines.garnier PERSONNEL/DIR Ines GARNIER PROVISIONED code',
      'lina.fabre ELEVE Lina FABRE PROVISIONED code',
      'odile.fabre PARENT Odile FABRE PROVISIONED code',
    ]);
    expect(dirx.parentLinks).toEqual(['odile.fabre -> lina.fabre']);
    expect(dirx.teachings).toEqual([`anne.leroy ${uai} class 6A Maths`]);

    // A complet file whose row for Lina is now rejected: Lina is reported, not made to leave.
    const again = await importCsv([await file('eleves-bad-2.csv', 'Identifiant;Nom;Prénom;Date de naissance;Classe\nE1;FABRE;Lina;31/13/2014;6A\n')], { structure: uai });
    expect(again.rejections).toEqual([{ file: 'eleves-bad-2.csv', line: 2, jointure: 'E-E1', reason: 'MALFORMED_DATE', detail: 'Date de naissance' }]);
    expect(nonZero(again)).toEqual({ STRUCTURE: { unchanged: 1 }, STUDENT: { rejected: 1 } });
    expect((await snapshot(uai)).accounts).toContain('lina.fabre ELEVE Lina FABRE PROVISIONED code');
  });

  it('refuses a file whose header lacks a required column, applies the others, computes no departure for its kind', async () => {
    const uai = await newStructure();
    const first = await importCsv([await file('eleves-ok.csv', 'Nom;Prénom;Date de naissance;Classe\nVIDAL;Rose;14/03/2014;6A\n')], { structure: uai });
    expect(nonZero(first)).toEqual({ STRUCTURE: { updated: 1 }, STUDENT: { created: 1 } });
    const noClass = await file('eleves-sans-classe.csv', 'Nom;Prénom;Date de naissance\nPETIT;Lou;01/01/2014\n');
    const staff = await file('personnels-ok.csv', 'Nom;Prénom;Fonction\nCARON;Marie;Direction\n');
    const report = await importCsv([noClass, staff], { structure: uai });
    expect(report.files).toEqual([
      { name: 'eleves-sans-classe.csv', type: 'students', mode: 'COMPLET', records: 0, status: 'FAILED', error: 'missing column(s): Classe', errorLine: 1, appliedBeforeError: 'NONE_APPLIED' },
      { name: 'personnels-ok.csv', type: 'staff', mode: 'COMPLET', records: 1, status: 'DONE', error: null, errorLine: null, appliedBeforeError: null },
    ]);
    expect(report.departuresSkipped).toEqual(['STUDENT']);
    expect(nonZero(report)).toEqual({ STRUCTURE: { unchanged: 1 }, STAFF: { created: 1 } });
    expect((await snapshot(uai)).accounts).toEqual(['marie.caron PERSONNEL/DIR Marie CARON PROVISIONED code', 'rose.vidal ELEVE Rose VIDAL PROVISIONED code']);
  });

  it('refuses an unknown structure, one from the AAF, and no file, before any job', async () => {
    await expect(startCsvImport(platform, { structure: '0359999X', paths: [sample('eleves.csv')], actorId: null })).rejects.toMatchObject({ code: 'CSV_UNKNOWN_STRUCTURE', status: 404 });
    const aaf = randomUai();
    await platform.database.db.insertInto('structures').values({ collectivite_id: collectiviteId, uai: aaf, name: 'Lycée AAF', type: 'LYCEE', external_id: `AC-RENNES$${aaf}` }).execute();
    await expect(startCsvImport(platform, { structure: aaf, paths: [sample('eleves.csv')], actorId: null })).rejects.toMatchObject({ code: 'CSV_STRUCTURE_AAF', status: 409 });
    await expect(startCsvImport(platform, { structure: UAI, paths: [], actorId: null })).rejects.toMatchObject({ code: 'CSV_NO_FILES' });
    await expect(startCsvImport(platform, { structure: UAI, paths: [join(dir, 'absent.csv')], actorId: null })).rejects.toMatchObject({ code: 'CSV_NO_FILES' });
    const id = await startCsvImport(platform, { structure: UAI, paths: ALL, actorId: null, dryRun: true });
    const job = await waitForCsvImport(platform, id);
    expect((await getCsvImportJob(platform, id)).progress).toEqual({
      phase: 'DONE',
      files: job.report!.files.map((f) => ({ name: f.name, type: f.type, records: f.records, status: f.status })),
    });
  });
});

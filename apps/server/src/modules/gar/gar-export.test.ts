import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeaching, createAccount, createClass, createGroup, createSchool, createStructure, ensureSubject, SCHOOL_YEAR } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { exportGar, type GarExportReport } from './gar-export.service.ts';
import { nameRespAff } from './gar-resp-aff.repository.ts';

/**
 * The nightly GAR export, checked by programs nobody here wrote: GNU tar
 * unpacks the archive, md5sum checks the .md5, and libxml2's xmllint
 * validates every file against the GAR-ENT schema written in docs/gar.
 */
const run = promisify(execFile);
const XSD = resolve(import.meta.dirname, '../../../../../docs/gar/GAR-ENT.xsd');

let ctx: TestContext;
let out: string;
beforeAll(async () => {
  ctx = await createTestContext();
  out = await mkdtemp(join(tmpdir(), 'preau-gar-'));
});
afterAll(async () => {
  await ctx?.close();
  await rm(out, { recursive: true, force: true });
});

async function unpack(report: GarExportReport, into: string): Promise<Record<string, string>> {
  await run('tar', ['-xzf', report.archive, '-C', into]);
  const names = (await readdir(into)).filter((n) => n.endsWith('.xml')).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(into, n), 'utf8')] as const)));
}

async function xmllint(file: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stderr } = await run('xmllint', ['--noout', '--schema', XSD, file]);
    return { ok: true, output: stderr };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr) };
  }
}

describe('GAR export', () => {
  it('writes the five kinds of file, each valid against GAR-ENT.xsd, packed as .tar.gz with a matching .md5', async () => {
    const db = ctx.platform.database.db;
    const school = await createSchool(db);
    const second = await createStructure(db, { collectiviteId: school.structure.collectivite_id, name: 'Lycée Simone & Veil <Brest>' });
    const physics = await ensureSubject(db, '062300', 'PH-CH', 'Physique-chimie');
    await addTeaching(db, school.teacher.id, { groupId: school.group.id }, physics);
    // A teacher in both structures appears once, with both UAIs.
    await db.insertInto('structure_members').values({ structure_id: second.id, school_year: SCHOOL_YEAR, account_id: school.teacher.id, profile: 'ENSEIGNANT' }).execute();
    const mail = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DOC', email: 'doc@example.org', firstName: 'Inès', structureIds: [school.structure.id] });
    await nameRespAff(db, { structureId: school.structure.id, accountId: mail.id, namedBy: school.admc.id });
    // A teacher of the class who is no longer a member of the structure: no GAREnsClasseMatiere names him.
    const gone = await createAccount(db, { profile: 'ENSEIGNANT', firstName: 'Parti' });
    await addTeaching(db, gone.id, { classId: school.schoolClass.id });
    // Another collectivité's student must not leave with this export.
    const stranger = await createSchool(db);

    const dir = await mkdtemp(join(out, 'a-'));
    const report = await exportGar(db, { idEnt: 'PREAU-TEST', collectiviteId: school.structure.collectivite_id, schoolYear: SCHOOL_YEAR, outDir: dir, now: new Date('2026-12-10T02:00:05Z') });

    expect(report.archive).toBe(join(dir, 'PREAU-TEST_GAR-ENT_Complet_20261210_020005_2D.tar.gz'));
    expect(report.structures).toBe(2);
    expect(report.nodes).toMatchObject({ Etab: 2 + 2, RespAff: 1 });
    // md5sum (coreutils) checks the archive against its .md5 file.
    const { stdout } = await run('md5sum', ['-c', report.md5File], { cwd: dir });
    expect(stdout.trim()).toBe(`PREAU-TEST_GAR-ENT_Complet_20261210_020005_2D.tar.gz: OK`);

    const into = await mkdtemp(join(out, 'x-'));
    const files = await unpack(report, into);
    expect(Object.keys(files)).toEqual(
      ['Eleve', 'Enseignant', 'Etab', 'Groupe', 'RespAff'].map((type) => `PREAU-TEST_GAR-ENT_Complet_20261210_020005_2D_${type}_0000.xml`),
    );
    for (const name of Object.keys(files)) {
      const result = await xmllint(join(into, name));
      expect(result, name).toEqual({ ok: true, output: `${join(into, name)} validates\n` });
    }

    const all = Object.values(files).join('\n');
    const etab = files['PREAU-TEST_GAR-ENT_Complet_20261210_020005_2D_Etab_0000.xml']!;
    expect(etab).toContain('<men:GAR-ENT-Etab xmlns:men="http://data.education.fr/ns/gar" Version="1.0">');
    expect(etab).toContain(`<men:GARStructureNomCourant>Lycée Simone &amp; Veil &lt;Brest&gt;</men:GARStructureNomCourant>`);
    expect(etab).toContain('<men:GARMatiereCode>062300</men:GARMatiereCode><men:GARMatiereLibelle>Physique-chimie</men:GARMatiereLibelle>');
    const eleve = files['PREAU-TEST_GAR-ENT_Complet_20261210_020005_2D_Eleve_0000.xml']!;
    expect(eleve).toContain(`<men:GARPersonIdentifiant>${school.student.id}</men:GARPersonIdentifiant><men:GARPersonProfils><men:GARStructureUAI>${school.structure.uai}</men:GARStructureUAI><men:GARPersonProfil>National_ELV</men:GARPersonProfil>`);
    expect(eleve).toContain(`<men:GAREleveEnseignement><men:GARStructureUAI>${school.structure.uai}</men:GARStructureUAI><men:GARPersonIdentifiant>${school.student.id}</men:GARPersonIdentifiant><men:GARMatiereCode>062300</men:GARMatiereCode></men:GAREleveEnseignement>`);
    const enseignant = files['PREAU-TEST_GAR-ENT_Complet_20261210_020005_2D_Enseignant_0000.xml']!;
    expect(enseignant.split(`<men:GARPersonIdentifiant>${school.teacher.id}<`).length - 1).toBe(1);
    expect(enseignant).toContain(`<men:GARPersonEtab>${[school.structure.uai, second.uai].sort()[1]}</men:GARPersonEtab>`);
    expect(enseignant).toContain('<men:GARPersonProfil>National_DOC</men:GARPersonProfil>');
    const groupe = files['PREAU-TEST_GAR-ENT_Complet_20261210_020005_2D_Groupe_0000.xml']!;
    expect(groupe).toContain(`<men:GARGroupeCode>${school.schoolClass.code}</men:GARGroupeCode><men:GARStructureUAI>${school.structure.uai}</men:GARStructureUAI><men:GARGroupeLibelle>${school.schoolClass.name}</men:GARGroupeLibelle><men:GARGroupeStatut>DIVISION</men:GARGroupeStatut>`);
    expect(groupe).toContain(`<men:GARGroupeStatut>GROUPE</men:GARGroupeStatut>`);
    expect(groupe).toContain(`<men:GARPersonGroupe><men:GARStructureUAI>${school.structure.uai}</men:GARStructureUAI><men:GARPersonIdentifiant>${school.student.id}</men:GARPersonIdentifiant><men:GARGroupeCode>${school.group.code}</men:GARGroupeCode></men:GARPersonGroupe>`);
    expect(groupe).toContain(`<men:GAREnsClasseMatiere><men:GARStructureUAI>${school.structure.uai}</men:GARStructureUAI><men:GARPersonIdentifiant>${school.teacher.id}</men:GARPersonIdentifiant><men:GARGroupeCode>${school.schoolClass.code}</men:GARGroupeCode><men:GARMatiereCode>061300</men:GARMatiereCode></men:GAREnsClasseMatiere>`);
    expect(groupe).toContain(`<men:GAREnsGroupeMatiere>`);
    const respAff = files['PREAU-TEST_GAR-ENT_Complet_20261210_020005_2D_RespAff_0000.xml']!;
    expect(respAff).toContain(`<men:GARPersonMail>doc@example.org</men:GARPersonMail><men:GARRespAffEtab>${school.structure.uai}</men:GARRespAffEtab>`);
    // Parents are not sent to the GAR, nor anything of another collectivité.
    expect(all).not.toContain(school.parent.id);
    expect(all).not.toContain(stranger.student.id);
    expect(all).not.toContain(stranger.structure.uai);
    expect(all).not.toContain(gone.id);
  });

  it('splits a type over several files at the node limit, each valid, pages read by keyset', async () => {
    const db = ctx.platform.database.db;
    const structure = await createStructure(db);
    const schoolClass = await createClass(db, structure.id);
    const group = await createGroup(db, structure.id);
    const students = [];
    for (let i = 0; i < 7; i += 1) students.push(await createAccount(db, { structureIds: [structure.id], classId: schoolClass.id, groupIds: [group.id] }));

    const dir = await mkdtemp(join(out, 'b-'));
    const report = await exportGar(db, {
      idEnt: 'PREAU-TEST',
      collectiviteId: structure.collectivite_id,
      uai: structure.uai,
      schoolYear: SCHOOL_YEAR,
      outDir: dir,
      now: new Date('2026-12-10T02:00:00Z'),
      pageSize: 2,
      maxNodesPerFile: 3,
    });
    expect(report.nodes.Eleve).toBe(7);
    // 2 groups + 14 memberships = 16 nodes, 3 a file: 6 files.
    expect(report.nodes.Groupe).toBe(16);
    const into = await mkdtemp(join(out, 'y-'));
    const files = await unpack(report, into);
    expect(Object.keys(files).filter((n) => n.includes('_Eleve_'))).toHaveLength(3);
    expect(Object.keys(files).filter((n) => n.includes('_Groupe_')).at(-1)).toMatch(/_Groupe_0005\.xml$/);
    const seen = new Set<string>();
    for (const [name, content] of Object.entries(files)) {
      expect((await xmllint(join(into, name))).ok, name).toBe(true);
      for (const m of content.matchAll(/<men:GAREleve><men:GARPersonIdentifiant>([^<]+)</g)) seen.add(m[1]!);
    }
    expect([...seen].sort()).toEqual(students.map((s) => s.id).sort());
    // The work folder is gone: only the archive and its .md5 stay.
    expect((await readdir(dir)).sort()).toEqual(['PREAU-TEST_GAR-ENT_Complet_20261210_020000_2D.md5', 'PREAU-TEST_GAR-ENT_Complet_20261210_020000_2D.tar.gz']);
  });

  it('the schema is a real check: xmllint refuses a file the GAR would refuse', async () => {
    const bad = join(out, 'bad.xml');
    // A student without profile, and a UAI without its letter.
    await writeFile(
      bad,
      '<?xml version="1.0"?><men:GAR-ENT-Eleve xmlns:men="http://data.education.fr/ns/gar" Version="1.0"><men:GAREleve><men:GARPersonIdentifiant>x</men:GARPersonIdentifiant><men:GARPersonNom>A</men:GARPersonNom><men:GARPersonPrenom>B</men:GARPersonPrenom><men:GARPersonAutresPrenoms>B</men:GARPersonAutresPrenoms><men:GARPersonStructRattach>0350001</men:GARPersonStructRattach><men:GARPersonEtab>0350001A</men:GARPersonEtab></men:GAREleve></men:GAR-ENT-Eleve>',
    );
    const result = await xmllint(bad);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('GARPersonProfils');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { LIVRET_COLUMNS } from './period-exports.service.ts';
import { FRANCAIS, MATHS, setUpCollegePeriod } from './period-exports.fixture.ts';

/**
 * The period's exports (issue 15, "Export of a period's averages and
 * appreciations"): the Livret scolaire CSV and the collège's LSU XML, who may
 * download them, and that their figures are the bulletin's. The LSU file
 * against its schema: lsu-schema.test.ts (needs xmllint).
 */

let ctx: TestContext;
let f: Awaited<ReturnType<typeof setUpCollegePeriod>>;

beforeAll(async () => {
  ctx = await createTestContext();
  f = await setUpCollegePeriod(ctx);
}, 120_000);
afterAll(async () => {
  await ctx?.close();
});

const asWho = (who: keyof typeof f.people) => f.as(f.people[who]);
/** The CSV as rows of cells (the export quotes every cell and doubles inner quotes). */
function parseCsv(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return csv
    .slice(1)
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"(?:;|$)/g)].map((m) => m[1]!.replace(/""/g, '"')));
}
const lsuBody = () => ({
  headName: 'Agnès Martin',
  students: { [f.people.student.login]: '1234567A', [f.people.classmate.login]: '7654321B' },
  teachers: { [f.people.teacher.login]: '101', [f.people.frenchTeacher.login]: '202' },
});

describe('who may export a period (the head of the structure only)', () => {
  it.each([
    ['head', 200],
    ['adml', 403],
    ['admc', 403],
    ['teacher', 403],
    ['principal', 403],
    ['staff', 403],
    ['student', 403],
    ['parent', 403],
    ['otherParent', 403],
    ['headS2', 404],
    ['otherCollectiviteAdmc', 404],
  ] as const)('%s: Livret CSV and LSU XML → %i', async (who, status) => {
    const auth = await asWho(who);
    const csv = await f.call('GET', `/evaluations/periods/${f.periodId}/livret.csv`, auth);
    expect(csv.statusCode, csv.body).toBe(status);
    const xml = await f.call('POST', `/evaluations/periods/${f.periodId}/lsu.xml`, auth, lsuBody());
    expect(xml.statusCode, xml.body).toBe(status);
    if (status === 200) {
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(csv.headers['cache-control']).toBe('private, no-store');
    }
  });
});

describe('the Livret scolaire CSV', () => {
  it('has the documented columns, a line per student and subject and one for the general average, with the bulletin’s figures', async () => {
    const response = await f.call('GET', `/evaluations/periods/${f.periodId}/livret.csv`, await asWho('head'));
    expect(response.headers['content-disposition']).toBe(`attachment; filename="livret-${f.a.structure.uai}-T1.csv"`);
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual([...LIVRET_COLUMNS]);
    const { student, classmate } = f.people;
    const of = (login: string, code: string) => rows.find((r) => r[4] === login && r[7] === code);
    const head = [f.a.structure.uai, '2026-2027', 'T1', f.a.schoolClass.name];
    // Maths: 13 and 10 → class 11.5, min 10, max 13.
    expect(of(student.login, MATHS)).toEqual([...head, student.login, student.last_name, student.first_name, MATHS, 'Mathématiques', expect.any(String), '13', '11,5', '10', '13', 'Travail régulier & sérieux ; "bravo".', '', '', '']);
    // French: the classmate is non noté (NN counts nothing), so the class figures are the student's alone.
    expect(of(classmate.login, FRANCAIS)!.slice(10, 15)).toEqual(['', '14', '14', '14', '']);
    // General: 13.5 and 10 → class 11.75 rounded up to 11.8; the absences of the period on this line only.
    expect(of(student.login, '')!.slice(8)).toEqual(['Moyenne générale', '', '13,5', '11,8', '10', '13,5', 'Un bon trimestre, à poursuivre.', '0', '2', '0']);
    expect(of(classmate.login, '')!.slice(10, 12)).toEqual(['10', '11,8']);
    expect(rows).toHaveLength(6);

    // One formula: the bulletin reads the same figures.
    const bulletin = (await f.call('GET', `/evaluations/periods/${f.periodId}/students/${student.id}/bulletin`, await asWho('head'))).json();
    const maths = bulletin.results.subjects.find((s: { subjectCode: string }) => s.subjectCode === MATHS);
    expect([maths.average, maths.classStats.average, bulletin.results.generalAverage, bulletin.attendance.unjustifiedHalfDays]).toEqual([13, 11.5, 13.5, 2]);
  });

  it('exports one class when asked, refuses a class of another structure, and neutralises formulas', async () => {
    const head = await asWho('head');
    const one = parseCsv((await f.call('GET', `/evaluations/periods/${f.periodId}/livret.csv?classId=${f.a.schoolClass.id}`, head)).body);
    expect(one).toHaveLength(7);
    expect(one.find((r) => r[4] === f.people.classmate.login && r[7] === MATHS)![14]).toBe("'=1+1 : revoyez les fractions.");
    const foreign = await f.call('GET', `/evaluations/periods/${f.periodId}/livret.csv?classId=00000000-0000-4000-8000-000000000000`, head);
    expect(foreign.statusCode).toBe(404);
    expect((await f.call('GET', `/evaluations/periods/${f.periodId}/livret.csv?classId=nope`, head)).statusCode).toBe(400);
    // A period of another structure is not found (not forbidden: its existence is not disclosed).
    expect((await f.call('GET', `/evaluations/periods/${f.lyceePeriodId}/livret.csv`, head)).statusCode).toBe(404);
  });
});

describe('the LSU XML', () => {
  it('holds the bilans périodiques: students with their id-be, teachers with their STS number, averages, appreciations, half-days', async () => {
    const response = await f.call('POST', `/evaluations/periods/${f.periodId}/lsu.xml`, await asWho('head'), lsuBody());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="lsu-${f.a.structure.uai}-T1.xml"`);
    const xml = response.body;
    expect(xml).toContain('<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" schemaVersion="10.0">');
    expect(xml).toContain(`<etablissement>${f.a.structure.uai}</etablissement>`);
    expect(xml).toContain('<responsable-etab id="RESP_1" libelle="Agnès Martin"/>');
    expect(xml).toContain(`id-be="1234567A" nom="${f.people.student.last_name}"`);
    expect(xml).toContain('<periode id="P_1" millesime="2026" indice="1" nb-periodes="3"/>');
    expect(xml).toMatch(/<enseignant id="ENS_\d" type="epp" id-sts="101"/);
    expect(xml).toContain(`<discipline id="DI_${MATHS}" code="${MATHS}" modalite-election="S" libelle="Mathématiques"/>`);
    expect(xml).toMatch(new RegExp(`<acquis discipline-ref="DI_${MATHS}" enseignant-refs="ENS_\\d" moyenne-eleve="13" moyenne-structure="11.5"><appreciation>Travail régulier &amp; sérieux ; &quot;bravo&quot;.</appreciation></acquis>`));
    // The classmate's French: non noté (statut 1) and no average of his own.
    expect(xml).toMatch(new RegExp(`<acquis discipline-ref="DI_${FRANCAIS}" enseignant-refs="ENS_\\d" moyenne-structure="14" statut-evaluation-eleve="1"></acquis>`));
    expect(xml).toContain('date-conseil-classe="2026-12-08" date-scolarite="2026-09-01"');
    expect(xml).toContain('<acquis-conseils>Un bon trimestre, à poursuivre.</acquis-conseils><vie-scolaire nb-retards="0" nb-abs-justifiees="0" nb-abs-injustifiees="2"/>');
  });

  it('lists every missing identifier at once and produces nothing', async () => {
    const body = lsuBody();
    delete body.students[f.people.classmate.login];
    delete body.teachers[f.people.frenchTeacher.login];
    const response = await f.call('POST', `/evaluations/periods/${f.periodId}/lsu.xml`, await asWho('head'), body);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('GRADES_LSU_INCOMPLETE');
    expect(response.json().error.fields).toEqual({ [`students.${f.people.classmate.login}`]: 'id-be', [`teachers.${f.people.frenchTeacher.login}`]: 'id-sts' });
  });

  it('refuses malformed identifiers, and a lycée', async () => {
    const head = await asWho('head');
    const sts = { ...lsuBody(), teachers: { [f.people.teacher.login]: '0', [f.people.frenchTeacher.login]: '202' } };
    expect((await f.call('POST', `/evaluations/periods/${f.periodId}/lsu.xml`, head, sts)).json().error.code).toBe('VALIDATION_FAILED');
    const noHead = { ...lsuBody(), headName: '  ' };
    expect((await f.call('POST', `/evaluations/periods/${f.periodId}/lsu.xml`, head, noHead)).statusCode).toBe(400);
    const lycee = await f.call('POST', `/evaluations/periods/${f.lyceePeriodId}/lsu.xml`, await asWho('lyceeHead'), { headName: 'X', students: {}, teachers: {} });
    expect([lycee.statusCode, lycee.json().error.code]).toEqual([422, 'GRADES_LSU_COLLEGE_ONLY']);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { renderLsuXml } from './lsu-xml.ts';
import { setUpCollegePeriod } from './period-exports.fixture.ts';

/**
 * The LSU file against the schema Préau wrote from the documentation
 * (docs/vie-scolaire/lsu-bilans-periodiques.xsd), checked by libxml2's
 * xmllint (Debian libxml2-utils), a validator nobody here wrote. Listed in
 * vitest.config.ts `needs`: it runs where /usr/bin/xmllint exists.
 */

const run = promisify(execFile);
const XSD = resolve(import.meta.dirname, '../../../../../docs/vie-scolaire/lsu-bilans-periodiques.xsd');
let ctx: TestContext;
let dir: string;
let exported: string;

/** xmllint's verdict on a document: valid, and what it said. */
async function validate(xml: string): Promise<{ valid: boolean; output: string }> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.xml`);
  await writeFile(file, xml);
  try {
    const { stderr } = await run('/usr/bin/xmllint', ['--noout', '--schema', XSD, file]);
    return { valid: true, output: stderr };
  } catch (error) {
    return { valid: false, output: String((error as { stderr?: string }).stderr) };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preau-lsu-'));
  ctx = await createTestContext();
  const f = await setUpCollegePeriod(ctx);
  const body = {
    headName: 'Agnès Martin',
    students: { [f.people.student.login]: '1234567A', [f.people.classmate.login]: '7654321B' },
    teachers: { [f.people.teacher.login]: '101', [f.people.frenchTeacher.login]: '202' },
  };
  const response = await f.call('POST', `/evaluations/periods/${f.periodId}/lsu.xml`, await f.as(f.people.head), body);
  expect(response.statusCode, response.body).toBe(200);
  exported = response.body;
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the LSU export against its schema (xmllint)', () => {
  it('the file a collège downloads is valid', async () => {
    const verdict = await validate(exported);
    expect(verdict.output).toContain('validates');
    expect(verdict.valid).toBe(true);
  });

  it.each([
    ['an average above 20', (xml: string) => xml.replace('moyenne-eleve="13"', 'moyenne-eleve="25"')],
    ['a bilan without the general appreciation', (xml: string) => xml.replace(/<acquis-conseils>[^<]*<\/acquis-conseils>/, '')],
    ['a teacher without an STS number', (xml: string) => xml.replace('id-sts="101"', 'id-sts="0"')],
    ['an unknown election mode of a subject', (xml: string) => xml.replace('modalite-election="S"', 'modalite-election="Z"')],
    ['a second bilan for the same student', (xml: string) => xml.replace('eleve-ref="EL_2"', 'eleve-ref="EL_1"')],
    ['a UAI of 7 characters', (xml: string) => xml.replace(/<etablissement>(\w{7})\w<\/etablissement>/, '<etablissement>$1</etablissement>')],
  ])('the schema rejects %s (so a pass means something)', async (_what, spoil) => {
    const spoilt = spoil(exported);
    expect(spoilt).not.toBe(exported);
    expect((await validate(spoilt)).valid).toBe(false);
  });

  it('texts at and beyond the schema’s bounds, markup characters and extreme counts still give a valid file', async () => {
    const long = 'é'.repeat(1200);
    const xml = renderLsuXml({
      uai: '0350001A',
      headName: `Mme <Directrice> & "Principale" ${'x'.repeat(150)}`,
      schoolYear: 2026,
      period: { rank: 2, count: 2, startsOn: '2027-01-25', councilOn: '2027-06-20' },
      teachers: [{ id: 't1', idSts: '999999999999', lastName: 'N'.repeat(130), firstName: 'Jean-Éric' }],
      students: [
        {
          idBe: 'ABC123',
          lastName: 'O’Brien <script>',
          firstName: 'Zoë\u0007',
          division: '3EME-A-SECTION-EUROPEENNE',
          subjects: [
            { code: '061300', name: 'Mathématiques et informatique, enseignement renforcé', teacherIds: ['t1'], average: 20, classAverage: 0, appreciation: long },
            { code: '020700', name: 'Français', teacherIds: ['t1'], average: 9.95, classAverage: null, appreciation: '   ' },
          ],
          generalAppreciation: long,
          attendance: { halfDays: 2000, justifiedHalfDays: 1000, unjustifiedHalfDays: 1000, lateness: 1500, latenessMinutes: 9000 },
        },
      ],
    });
    const verdict = await validate(xml);
    expect(verdict.output).toContain('validates');
    expect(xml).toContain('nb-retards="999" nb-abs-justifiees="999" nb-abs-injustifiees="999"');
    expect(xml).toContain('moyenne-eleve="20" moyenne-structure="0"');
    expect(xml).toContain('statut-evaluation-structure="1"');
  });
});

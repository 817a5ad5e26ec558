import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvFileError, detectEncoding, detectSeparator, openCsv, parseCsv } from './csv-parser.ts';
import { childReference, functionCode, matchHeader, missingColumns, parseDate, profileOfHeader, profileOfName } from './csv-records.ts';

async function* chunks(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
async function rows(text: string, size = 1000) {
  const out: { line: number; fields: string[] }[] = [];
  for await (const { line, fields } of parseCsv(chunks(text, size))) out.push({ line, fields });
  return out;
}

/** windows-1252 / ISO-8859-15 bytes of a text (Latin-1 plus their own places for Œ, œ, €). */
function encode(text: string, encoding: 'windows-1252' | 'iso-8859-15'): Buffer {
  const own: Record<string, number> =
    encoding === 'windows-1252' ? { Œ: 0x8c, œ: 0x9c, '€': 0x80, Ÿ: 0x9f } : { Œ: 0xbc, œ: 0xbd, '€': 0xa4, Ÿ: 0xbe };
  return Buffer.from([...text].map((ch) => own[ch] ?? ch.charCodeAt(0)));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preau-csv-parser-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CSV parser', () => {
  const text = 'Nom;Prénom;Groupes\r\n"LE GALL; dit ""Jo""";Yann;"Latin|\r\nChorale"\r\n\r\nMARTIN;Léa;\r\nDURAND;Tom';

  it('parses quoted fields with separators, doubled quotes and line breaks, with the line of each row', async () => {
    const expected = [
      { line: 1, fields: ['Nom', 'Prénom', 'Groupes'] },
      { line: 2, fields: ['LE GALL; dit "Jo"', 'Yann', 'Latin|\nChorale'] },
      { line: 5, fields: ['MARTIN', 'Léa', ''] },
      { line: 6, fields: ['DURAND', 'Tom'] },
    ];
    expect(await rows(text)).toEqual(expected);
    // Same result whatever the chunk boundaries (a doubled quote or a CRLF split in two).
    for (const size of [1, 2, 3, 7]) expect(await rows(text, size)).toEqual(expected);
  });

  it('detects the separator from the header line', async () => {
    expect(detectSeparator('Nom;Prénom;Classe')).toBe(';');
    expect(detectSeparator('Nom,Prénom,Classe')).toBe(',');
    expect(detectSeparator('Nom\tPrénom\tClasse')).toBe('\t');
    expect(detectSeparator('"Nom;x",Prénom,Classe')).toBe(',');
    expect(await rows('a\tb\n"x\ty"\tz\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\ty', 'z'] },
    ]);
  });

  it('stops a file with an unclosed quote', async () => {
    await expect(rows('a;b\n"x;y\n')).rejects.toThrow(CsvFileError);
  });

  it('detects UTF-8 (with or without BOM), windows-1252 and ISO-8859-15', async () => {
    const name = 'Nom;Prénom\nŒUVRAY;Zoé\n';
    const files = {
      utf8: Buffer.from(name, 'utf8'),
      bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(name, 'utf8')]),
      cp1252: encode(name, 'windows-1252'),
      latin9: encode(name, 'iso-8859-15'),
    };
    const found: Record<string, unknown> = {};
    for (const [key, bytes] of Object.entries(files)) {
      const path = join(dir, `${key}.csv`);
      await writeFile(path, bytes);
      const { encoding } = await detectEncoding(path);
      const { rows: parsed } = await openCsv(path);
      const all = [];
      for await (const r of parsed) all.push(r.fields);
      found[key] = { encoding, rows: all };
    }
    const rowsExpected = [
      ['Nom', 'Prénom'],
      ['ŒUVRAY', 'Zoé'],
    ];
    expect(found).toEqual({
      utf8: { encoding: 'utf-8', rows: rowsExpected },
      bom: { encoding: 'utf-8', rows: rowsExpected },
      cp1252: { encoding: 'windows-1252', rows: rowsExpected },
      latin9: { encoding: 'iso-8859-15', rows: rowsExpected },
    });
  });
});

describe('CSV columns and values', () => {
  it('matches headers without accents or case, with English aliases', () => {
    expect(matchHeader(['IDENTIFIANT', 'nom', 'Prenom', 'Date de naissance', 'Classe', 'Groupes', 'autre'])).toEqual([
      'id', 'lastName', 'firstName', 'birthDate', 'class', 'groups', undefined,
    ]);
    expect(matchHeader(['Last name', 'First_Name', 'E-mail', 'Children', 'Relationship'])).toEqual(['lastName', 'firstName', 'email', 'children', 'relationship']);
    expect(profileOfHeader(matchHeader(['Nom', 'Prénom', 'Fonction']))).toBe('staff');
    expect(profileOfHeader(matchHeader(['Nom', 'Prénom', 'Enfants']))).toBe('parents');
    expect(profileOfHeader(matchHeader(['Nom', 'Prénom', 'Matières', 'Classes']))).toBe('teachers');
    expect(profileOfHeader(matchHeader(['Nom', 'Prénom', 'Date de naissance']))).toBe('students');
    expect(profileOfName('2026_Eleves.csv')).toBe('students');
    expect(profileOfName('responsables.csv')).toBe('parents');
    expect(profileOfName('Enseignants.CSV')).toBe('teachers');
    expect(profileOfName('personnels.csv')).toBe('staff');
    expect(missingColumns('students', matchHeader(['Nom', 'Prénom', 'Date de naissance']))).toEqual(['class']);
    expect(missingColumns('teachers', matchHeader(['Nom', 'Prénom', 'Classes']))).toEqual(['subjects']);
  });

  it('reads dates, children and functions', () => {
    expect(parseDate('1/2/2014', 'birthDate')).toBe('01/02/2014');
    expect(parseDate('2014-02-01', 'birthDate')).toBe('01/02/2014');
    expect(() => parseDate('31/02/2014', 'birthDate')).toThrow('MALFORMED_DATE');
    expect(() => parseDate('2014', 'birthDate')).toThrow('MALFORMED_DATE');
    expect(childReference('NGUYEN Mai 30/06/2014')).toBe('nguyen mai|30/06/2014');
    expect(childReference('E1001')).toBeUndefined();
    expect(['DIR', 'evs', 'ETA', 'Documentaliste', 'CPE', 'ENS', 'Astronaute'].map(functionCode)).toEqual(['DIR', 'EDU', 'ADM', 'DOC', 'EDU', undefined, undefined]);
  });
});

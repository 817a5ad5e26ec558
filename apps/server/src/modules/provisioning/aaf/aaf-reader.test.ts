import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AafFileError, type AafRecord, declaredEncoding, readAafRecords } from './aaf-reader.ts';
import { attrsOf, parseAafDate, parseStaff, parseStudent, Rejection, unpack } from './aaf-records.ts';
import { defaultFunctionMap, normalizeAcademy } from './aaf-settings.ts';
import { modeOfName, openAafSources, orderSources, typeOfName, type AafSource } from './aaf-sources.ts';
import { ARCHIVE_LIMITS, FIXTURES } from './aaf-test-support.ts';

/** The streaming reader, the value parsers and the file classification: pure, no database. */

async function readAll(input: Readable): Promise<AafRecord[]> {
  const records: AafRecord[] = [];
  for await (const record of readAafRecords(input)) records.push(record);
  return records;
}

/** Splits a buffer in small chunks, so records and characters straddle chunk boundaries. */
function chunked(buffer: Buffer, size = 7): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) chunks.push(buffer.subarray(i, i + size));
  return Readable.from(chunks);
}

describe('readAafRecords', () => {
  it('reads an ISO-8859-15 file in small chunks: requests, identifiers, multi-valued attributes, line numbers', async () => {
    const buffer = readFileSync(join(FIXTURES, 'complet/ENT_Complet_20260901_PersRelEleve_0000.xml'));
    expect(buffer.includes(Buffer.from([0xbc]))).toBe(true); // Œ in ISO-8859-15
    const records = await readAll(chunked(buffer));
    expect(records.map((r) => [r.op, r.category, r.id, r.line])).toEqual([
      ['add', 'PersRelEleve', '6000001', 5],
      ['add', 'PersRelEleve', '6000002', 17],
      ['add', 'PersRelEleve', '6000003', 29],
    ]);
    expect(records[2]!.attributes.get('sn')).toEqual(['ŒUVRAY']);
    expect(records[1]!.attributes.get('givenName')).toEqual(['Jérôme']);
    expect(records[0]!.attributes.get('ENTAuxPersRelEleveEleve')).toEqual(['5000001', '5000002']);
    expect(records[0]!.attributes.get('ENTPersonDateNaissance')).toEqual(['']);
  });

  it('reads modifyRequest and deleteRequest', async () => {
    const records = await readAll(chunked(readFileSync(join(FIXTURES, 'delta/ENT_Delta_20261015_Eleve_0000.xml')), 64));
    expect(records.map((r) => [r.op, r.id, r.line])).toEqual([
      ['modify', '5000001', 3],
      ['add', '5000004', 8],
      ['delete', '5000003', 18],
    ]);
    expect(records[0]!.attributes).toEqual(new Map([['ENTEleveClasses', ['900001$2ND2']]]));
  });

  it('yields the records before a malformed tag, then stops with the line', async () => {
    const seen: string[] = [];
    const reading = (async () => {
      for await (const r of readAafRecords(chunked(readFileSync(join(FIXTURES, 'bad/ENT_Delta_20261020_PersRelEleve_0000.xml'))))) seen.push(r.id);
    })();
    await expect(reading).rejects.toEqual(new AafFileError('malformed XML: unexpected close tag.', 24));
    expect(seen).toEqual(['6100001', '6100002']);
  });

  it('refuses bytes that are not in the declared encoding, and an empty or unclosed document', async () => {
    await expect(readAll(chunked(readFileSync(join(FIXTURES, 'encoding/ENT_Delta_20261021_PersRelEleve_0000.xml'))))).rejects.toThrow(
      'bytes invalid in the declared encoding',
    );
    await expect(readAll(Readable.from([Buffer.from('')]))).rejects.toThrow(AafFileError);
    await expect(readAll(Readable.from([Buffer.from('<ficAlimMENESR><addRequest>')]))).rejects.toThrow(/malformed XML/);
  });

  it('finds the declared encoding (UTF-8 by default)', () => {
    expect(declaredEncoding(Buffer.from('<?xml version="1.0" encoding="ISO-8859-15"?><a/>'))).toBe('iso-8859-15');
    expect(declaredEncoding(Buffer.from("<?xml version='1.0' encoding='utf-8'?><a/>"))).toBe('utf-8');
    expect(declaredEncoding(Buffer.from('<a/>'))).toBe('utf-8');
    expect(() => declaredEncoding(Buffer.from('<?xml version="1.0" encoding="EBCDIC"?>'))).toThrow('unsupported encoding');
  });
});

describe('AAF values', () => {
  it('unpacks $-separated values and rejects the broken ones', () => {
    expect(unpack('900001$2ND1$061300', 'X', 3, 3)).toEqual(['900001', '2ND1', '061300']);
    expect(unpack('2ND1$SECONDE 1$20010018110', 'X', 2)).toEqual(['2ND1', 'SECONDE 1', '20010018110']);
    for (const [value, min, max] of [['9000012ND1', 2, 2], ['a$$c', 3, 3], ['a$b$c$d', 2, 3], ['$b', 2, 2]] as const) {
      expect(() => unpack(value, 'X', min, max)).toThrow(new Rejection('BAD_PACKED_VALUE', 'X'));
    }
  });

  it('reads dd/MM/yyyy dates and rejects impossible ones', () => {
    expect(parseAafDate('14/03/2010', 'D')).toBe('2010-03-14');
    for (const bad of ['31/02/2010', '2010-03-14', '1/3/2010', '14/13/2010']) expect(() => parseAafDate(bad, 'D')).toThrow('MALFORMED_DATE');
  });

  it('derives the staff profile from the function codes (configurable), the first category winning', () => {
    const staff = (fonctions: string[], presence = 'N', map = defaultFunctionMap) =>
      parseStaff({ sn: ['X'], givenName: ['Y'], ENTPersonFonctions: fonctions, PersEducNatPresenceDevantEleves: [presence] }, { functionMap: map });
    expect(staff(['1$ENS$ENSEIGNEMENT'])).toMatchObject({ profile: 'ENSEIGNANT', staffFunction: null });
    expect(staff(['1$DIR$DIRECTION', '1$ENS$ENSEIGNEMENT'])).toMatchObject({ profile: 'PERSONNEL', staffFunction: 'DIR' });
    expect(staff(['1$AED$SURVEILLANCE'])).toMatchObject({ profile: 'PERSONNEL', staffFunction: 'EVS' });
    expect(staff(['1$DOC$DOCUMENTATION'])).toMatchObject({ profile: 'PERSONNEL', staffFunction: 'DOC' });
    expect(staff(['1$OUV$OUVRIER'])).toMatchObject({ profile: 'PERSONNEL', staffFunction: 'ETA' });
    // The psychologues (PSY, and ORI of the former CO-Psy) follow orientation: a function of their own.
    expect(staff(['1$PSY$PSYCHOLOGUE EDUCATION NATIONALE'])).toMatchObject({ profile: 'PERSONNEL', staffFunction: 'PSY' });
    expect(staff(['1$ORI$ORIENTATION'])).toMatchObject({ profile: 'PERSONNEL', staffFunction: 'PSY' });
    expect(staff(['1$COLTER$AGENT'])).toMatchObject({ profile: 'COLLECTIVITE', staffFunction: null });
    expect(staff(['1$ZZZ$INCONNU'])).toMatchObject({ profile: 'PERSONNEL', staffFunction: 'ETA' });
    expect(staff([], 'O')).toMatchObject({ profile: 'ENSEIGNANT' });
    expect(staff(['1$AED$SURVEILLANCE'], 'N', { ...defaultFunctionMap, AED: 'ETA' })).toMatchObject({ staffFunction: 'ETA' });
  });

  it('reads a student: attachment first, classes, groups, responsables with respLégal', () => {
    const student = parseStudent({
      sn: ['MARTIN'],
      givenName: ['Léa'],
      ENTPersonStructRattach: ['900001'],
      ENTEleveClasses: ['900001$2ND1'],
      ENTEleveGroupes: ['900002$G1'],
      ENTElevePersRelEleve: ['6000001$10$1$1$1$1', '6000002$20$0$0$1$0'],
    });
    expect(student).toMatchObject({
      structures: ['900001', '900002'],
      classes: [{ structure: '900001', code: '2ND1' }],
      groups: [{ structure: '900002', code: 'G1' }],
      relations: [
        { parent: '6000001', respLegal: 1, relationship: '10' },
        { parent: '6000002', respLegal: 0, relationship: '20' },
      ],
    });
    expect(() => parseStudent({ sn: ['A'], givenName: ['B'] })).toThrow(new Rejection('MISSING_ATTRIBUTE', 'ENTPersonStructRattach'));
    expect(() => parseStudent({ sn: ['A'], givenName: ['B'], ENTPersonStructRattach: ['1'], ENTElevePersRelEleve: ['6$10$1$3$1$1'] })).toThrow('BAD_PACKED_VALUE');
  });

  it('stores attributes as an object sorted by UTF-16 code units, the hash input unchanged from before', () => {
    const attributes = new Map([
      ['sn', ['PETIT']],
      ['ENTPersonJointure', ['1']],
      ['__proto__', ['x']],
      ['givenName', ['Léo']],
      ['Éclair', ['é']],
      ['ENTEleveClasses', ['1001$TG1', '1001$TG2']],
    ]);
    const attrs = attrsOf(attributes);
    expect(Object.keys(attrs)).toEqual(['ENTEleveClasses', 'ENTPersonJointure', '__proto__', 'givenName', 'sn', 'Éclair']);
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    // The content hash is taken over this JSON: it must stay what the previous implementation produced.
    const previous = Object.fromEntries([...attributes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(JSON.stringify(attrs)).toBe(JSON.stringify(previous));
  });

  it('prefixes jointures with the academy', () => {
    expect(normalizeAcademy('Rennes')).toBe('AC-RENNES');
    expect(normalizeAcademy('AC-AIX-MARSEILLE')).toBe('AC-AIX-MARSEILLE');
    expect(normalizeAcademy('Créteil')).toBe('AC-CRETEIL');
  });
});

describe('AAF sources', () => {
  it('classifies files by name, complet or delta', () => {
    expect(typeOfName('FULL_ENTTSSERVICES_Complet_20130117_Eleve_0000.xml')).toBe('Eleve');
    expect(typeOfName('ENT_Complet_20200101_PersRelEleve_0003.xml')).toBe('PersRelEleve');
    expect(typeOfName('x_MatiereEducNat_0000.xml')).toBe('MatiereEducNat');
    expect(typeOfName('x_EtabEducNat_0000.XML')).toBe('EtabEducNat');
    expect(typeOfName('ficAlimMENESR.dtd')).toBeUndefined();
    expect(typeOfName('notes.xml')).toBeUndefined();
    expect(modeOfName('ENT_Delta_20261015_Eleve_0000.xml')).toBe('DELTA');
    expect(modeOfName('ENT2D.Delta.20261015.zip', 'a_Eleve_0000.xml')).toBe('DELTA');
    expect(modeOfName('ENT_Complet_20261015_Eleve_0000.xml')).toBe('COMPLET');
  });

  it('orders files: structures, subjects, MEFs, staff, students, parents; chunks in order', () => {
    const source = (name: string): AafSource => ({ name, type: typeOfName(name)!, mode: modeOfName(name), open: async () => Readable.from([]) });
    const names = ['a_PersRelEleve_0000.xml', 'a_Eleve_0001.xml', 'a_Eleve_0000.xml', 'a_PersEducNat_0000.xml', 'a_MefEducNat_0000.xml', 'a_MatiereEducNat_0000.xml', 'a_EtabEducNat_0000.xml'];
    expect(orderSources(names.map(source)).map((s) => s.name)).toEqual([
      'a_EtabEducNat_0000.xml',
      'a_MatiereEducNat_0000.xml',
      'a_MefEducNat_0000.xml',
      'a_PersEducNat_0000.xml',
      'a_Eleve_0000.xml',
      'a_Eleve_0001.xml',
      'a_PersRelEleve_0000.xml',
    ]);
  });

  it('opens a folder, a zip and a tar.gz the same way, and lists what is not AAF', async () => {
    const expected = ['EtabEducNat', 'MatiereEducNat', 'MefEducNat', 'PersEducNat', 'Eleve', 'PersRelEleve'];
    for (const path of ['complet', 'archive/ENT2D.20260901.zip', 'archive/ENT2D.20260901.tgz']) {
      const set = await openAafSources([join(FIXTURES, path)], ARCHIVE_LIMITS);
      try {
        expect(set.sources.map((s) => s.type)).toEqual(expected);
        expect(set.sources.every((s) => s.mode === 'COMPLET')).toBe(true);
        const parents = await readAll(await set.sources[5]!.open());
        expect(parents.map((r) => r.id)).toEqual(['6000001', '6000002', '6000003']);
      } finally {
        await set.close();
      }
    }
    await expect(openAafSources([join(FIXTURES, 'nowhere.zip')], ARCHIVE_LIMITS)).rejects.toThrow('cannot read');
  });
});

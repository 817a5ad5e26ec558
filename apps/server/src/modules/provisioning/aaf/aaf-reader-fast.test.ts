import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { AafFileError, type AafRecord, declaredEncoding, readAafRecords } from './aaf-reader.ts';
import { FIXTURES } from './aaf-test-support.ts';

/**
 * The AAF reader's own XML scanner against saxes, the parser it replaced:
 * same records (and lines) from the fixtures and from random AAF-like
 * documents fed in random chunks, and for malformed ones the same failure,
 * at the same line, after the same records.
 *
 * Where the lines may differ, by design: saxes reports a bare `&` (or a
 * malformed reference) at the next `;`, or at the end of the file, and stray
 * text outside the root at the `<` that ends it or at the end of the chunk
 * it reads; the scanner reports both at the character that is wrong, so on
 * an earlier line. (saxes stays a dependency: this oracle, and
 * bench/aaf/check-aaf-region.ts.)
 */

// ---------------------------------------------------------------------------
// The oracle: the reader as it was on saxes (aaf-reader.ts before the scanner).

const REQUESTS: Record<string, AafRecord['op']> = { addRequest: 'add', modifyRequest: 'modify', deleteRequest: 'delete' };

async function* readWithSaxes(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<AafRecord> {
  const parser = new SaxesParser({ position: true });
  const ready: AafRecord[] = [];
  let current: AafRecord | undefined;
  let section: 'operational' | 'identifier' | 'attributes' | undefined;
  let attrName: string | undefined;
  let values: string[] | undefined;
  let text = '';
  let inValue = false;
  let inId = false;
  let depth = 0;
  let rootSeen = false;

  parser.on('opentag', (tag) => {
    depth++;
    const name = tag.name;
    if (depth === 1) {
      rootSeen = true;
      return;
    }
    if (depth === 2) {
      const op = REQUESTS[name];
      if (op) current = { op, category: '', id: '', attributes: new Map(), line: parser.line };
      else current = undefined;
      return;
    }
    if (!current) return;
    if (name === 'operationalAttributes') section = 'operational';
    else if (name === 'identifier') section = 'identifier';
    else if (name === 'attributes' || name === 'modifications') section = 'attributes';
    else if (name === 'attr' || name === 'modification') {
      attrName = String(tag.attributes.name ?? '');
      values = [];
    } else if (name === 'value') {
      inValue = true;
      text = '';
    } else if (name === 'id' && section === 'identifier') {
      inId = true;
      text = '';
    }
  });
  parser.on('text', (t) => {
    if (inValue || inId) text += t;
  });
  parser.on('cdata', (t) => {
    if (inValue || inId) text += t;
  });
  parser.on('closetag', (tag) => {
    depth--;
    const name = tag.name;
    if (!current) return;
    if (name === 'value' && inValue) {
      inValue = false;
      values?.push(text.trim());
    } else if (name === 'id' && inId) {
      inId = false;
      current.id = text.trim();
    } else if ((name === 'attr' || name === 'modification') && attrName !== undefined && values) {
      if (section === 'operational') current.category = values[0] ?? '';
      else if (section === 'attributes') {
        const previous = current.attributes.get(attrName);
        current.attributes.set(attrName, previous ? [...previous, ...values] : values);
      }
      attrName = undefined;
      values = undefined;
    } else if (depth === 1 && REQUESTS[name]) {
      ready.push(current);
      current = undefined;
      section = undefined;
    }
  });

  let decoder: TextDecoder | undefined;
  let head: Buffer[] = [];
  let headLength = 0;
  const feed = (chunk: string) => {
    try {
      parser.write(chunk);
    } catch (error) {
      throw new AafFileError(`malformed XML: ${(error as Error).message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')}`, parser.line);
    }
  };
  const decode = (bytes: Buffer, final: boolean) => {
    try {
      return decoder!.decode(bytes, { stream: !final });
    } catch {
      throw new AafFileError(`bytes invalid in the declared encoding`, parser.line);
    }
  };
  const step = function* (work: () => void): Generator<AafRecord> {
    let failure: unknown;
    try {
      work();
    } catch (error) {
      failure = error;
    }
    while (ready.length > 0) yield ready.shift()!;
    if (failure) throw failure;
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (!decoder) {
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < 400) continue;
      const all = Buffer.concat(head);
      head = [];
      yield* step(() => {
        decoder = new TextDecoder(declaredEncoding(all), { fatal: true });
        feed(decode(all, false));
      });
    } else {
      yield* step(() => feed(decode(chunk, false)));
    }
  }
  yield* step(() => {
    if (!decoder) {
      const all = Buffer.concat(head);
      decoder = new TextDecoder(declaredEncoding(all), { fatal: true });
      feed(decode(all, false));
    }
    feed(decode(Buffer.alloc(0), true));
    try {
      parser.close();
    } catch (error) {
      throw new AafFileError(`malformed XML: ${(error as Error).message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')}`, parser.line);
    }
    if (!rootSeen) throw new AafFileError('malformed XML: no root element', parser.line);
  });
}

// ---------------------------------------------------------------------------
// Running both readers.

interface Outcome {
  records: { op: string; category: string; id: string; attributes: [string, string[]][]; line: number }[];
  error?: { message: string; line: number };
}

/** The chunks as a stream (lighter than Readable.from, for the thousands of 1-byte chunks). */
async function* streamOf(chunks: Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

async function outcomeOf(read: typeof readAafRecords, chunks: Buffer[]): Promise<Outcome> {
  const records: Outcome['records'] = [];
  try {
    for await (const r of read(streamOf(chunks))) {
      records.push({ op: r.op, category: r.category, id: r.id, attributes: [...r.attributes], line: r.line });
    }
    return { records };
  } catch (error) {
    if (!(error instanceof AafFileError)) throw error;
    return { records, error: { message: error.message, line: error.line } };
  }
}

/** A seeded generator (mulberry32), so that every run draws the same documents. */
class Random {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

const CHUNK_SIZES = [1, 2, 3, 7, 16, 64, 500, 4096, 65536];

/** Cuts `bytes` in chunks of random sizes up to a random bound (1 byte to 64 KiB). */
function chunked(bytes: Buffer, random: Random): Buffer[] {
  const max = random.pick(CHUNK_SIZES);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const size = 1 + random.int(max);
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return chunks;
}

/** Both readers on the same chunks. */
async function both(bytes: Buffer, random: Random) {
  const chunks = chunked(bytes, random);
  return { fast: await outcomeOf(readAafRecords, chunks), saxes: await outcomeOf(readWithSaxes, chunks) };
}

/** saxes's wording where the scanner words it otherwise. */
function saxesMessage(message: string): string {
  return message === 'malformed XML: document must contain a root element.' ? 'malformed XML: no root element' : message;
}

// ---------------------------------------------------------------------------
// Random AAF-like documents.

const ISO_8859_15_EXTRA: Record<string, number> = { '€': 0xa4, Š: 0xa6, š: 0xa8, Ž: 0xb4, ž: 0xb8, Œ: 0xbc, œ: 0xbd, Ÿ: 0xbe };
const LATIN_1_REPLACED = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);

function encodeIso885915(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (ch) => {
      const code = ISO_8859_15_EXTRA[ch] ?? ch.charCodeAt(0);
      if (code > 0xff || (ISO_8859_15_EXTRA[ch] === undefined && LATIN_1_REPLACED.has(code))) throw new Error(`not in ISO-8859-15: ${ch}`);
      return code;
    }),
  );
}

const WORDS = ['MARTIN', 'Léa', 'Jérôme', 'ŒUVRAY', 'Françoise', 'Škoda', 'Žofia žena', '€uro', 'Ÿves', "L'Abbé", 'rue du Pré', '1001$TG8', '06/05/2009', 'a b  c', 'x'];
const UTF8_ONLY = ['日本', 'Ελένη', '😀', 'ﬁ'];
const ENTITIES = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#233;', '&#xE9;', '&#x152;', '&#8364;', '&#x20AC;'];
const ATTR_NAMES = ['ENTPersonJointure', 'sn', 'givenName', 'ENTEleveClasses', 'ENTPersonDateNaissance', 'ENTEleveGroupes', 'mail', 'ENTPersonAdresse'];

interface Style {
  utf8: boolean;
  newline: string;
}

function indent(random: Random, style: Style, level: number): string {
  if (random.chance(0.1)) return '';
  if (random.chance(0.05)) return `${style.newline}\t`.repeat(1 + random.int(2));
  return style.newline + ' '.repeat(level);
}

function word(random: Random, style: Style): string {
  return style.utf8 && random.chance(0.1) ? random.pick(UTF8_ONLY) : random.pick(WORDS);
}

/** Character data for a value: words, entities, CDATA, comments, line breaks, surrounding spaces. */
function valueText(random: Random, style: Style): string {
  let text = random.chance(0.15) ? ' '.repeat(1 + random.int(3)) : '';
  const parts = 1 + random.int(3);
  for (let p = 0; p < parts; p++) {
    const kind = random.int(10);
    if (kind < 5) text += word(random, style).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    else if (kind < 7) text += random.pick(ENTITIES);
    else if (kind < 8) text += `<![CDATA[${random.pick(['a<b&c', ' x ', ']]', 'é', ''])}]]>`;
    else if (kind < 9) text += random.pick([`<!--${random.pick([' note ', '', 'x-y'])}-->`, '<b>in</b>', '<?pi ?>']);
    else text += random.pick([style.newline, `line${style.newline}next`, '\t']);
  }
  if (random.chance(0.15)) text += random.pick([' ', style.newline, '\t ']);
  return text;
}

function quoted(random: Random, value: string): string {
  return random.chance(0.3) ? `'${value.replace(/'/g, '&apos;')}'` : `"${value.replace(/"/g, '&quot;')}"`;
}

function attribute(random: Random, name: string, value: string): string {
  const eq = random.pick(['=', '=', ' = ', '\n=', '=\t']);
  return `${name}${eq}${quoted(random, value)}`;
}

function valueElement(random: Random, style: Style): string {
  const kind = random.int(12);
  if (kind === 0) return '<value/>';
  if (kind === 1) return '<value></value>';
  if (kind === 2) return `<value >${valueText(random, style)}</value >`;
  if (kind < 7) return `<value>${word(random, style).replace(/&/g, '&amp;')}</value>`;
  return `<value>${valueText(random, style)}</value>`;
}

function attrElement(random: Random, style: Style, level: number, tag: 'attr' | 'modification', name: string): string {
  const spaced = random.chance(0.05) ? `${name}${random.pick(['\t', style.newline, ' &#9;'])}x` : name;
  const attrs = [attribute(random, 'name', random.chance(0.05) ? `${spaced}&amp;co` : spaced)];
  if (tag === 'modification' || random.chance(0.05)) attrs.push(attribute(random, 'operation', random.pick(['replace', 'add'])));
  if (random.chance(0.2)) attrs.reverse();
  const space = random.pick([' ', ' ', '\n', '  ']);
  const open = `<${tag}${space}${attrs.join(random.pick([' ', '\n ', '\t']))}${random.pick(['', '', ' '])}`;
  if (random.chance(0.03)) return `${open}/>`;
  const count = random.chance(0.8) ? 1 : random.int(4);
  let values = '';
  for (let v = 0; v < count; v++) values += (random.chance(0.1) ? indent(random, style, level + 1) : '') + valueElement(random, style);
  return `${open}>${values}</${tag}>`;
}

function request(random: Random, style: Style, level: number): string {
  const op = random.pick(['addRequest', 'addRequest', 'addRequest', 'modifyRequest', 'deleteRequest', 'otherRequest']);
  const nl = (l: number) => indent(random, style, l);
  let body = '';
  if (random.chance(0.9)) {
    const category = random.pick(['Eleve', 'PersEducNat', 'PersRelEleve', ' Eleve ']);
    body += `${nl(level + 1)}<operationalAttributes>${attrElement(random, style, level + 2, 'attr', 'categoriePersonne').replace(/<value>[^<]*<\/value>/, `<value>${category}</value>`)}</operationalAttributes>`;
  }
  if (random.chance(0.95)) {
    const id = random.pick(['1000', ' 1001 ', '10&#48;2', '<![CDATA[1003]]>', '10<!-- c -->04', `${style.newline}1005${style.newline}`]);
    body += `${nl(level + 1)}<identifier>${random.chance(0.1) ? '<!-- id -->' : ''}<id>${id}</id></identifier>`;
  }
  if (op !== 'deleteRequest') {
    const tag = op === 'modifyRequest' ? 'modification' : 'attr';
    let attrs = '';
    const count = random.int(6);
    for (let a = 0; a < count; a++) {
      attrs += nl(level + 2) + attrElement(random, style, level + 2, tag, random.pick(ATTR_NAMES));
      if (random.chance(0.05)) attrs += `${nl(level + 2)}<!-- comment -->`;
      if (random.chance(0.03)) attrs += `${nl(level + 2)}<?pi some data?>`;
    }
    const wrapper = op === 'modifyRequest' ? 'modifications' : 'attributes';
    body += random.chance(0.05) ? `${nl(level + 1)}<${wrapper}/>` : `${nl(level + 1)}<${wrapper}>${attrs}${nl(level + 1)}</${wrapper}>`;
  }
  const open = random.chance(0.1) ? `<${op}${random.pick([' ', '\n', ' \n '])}>` : `<${op}>`;
  return `${nl(level)}${open}${body}${nl(level)}</${op}>`;
}

/** A document as text, and whether it is to be encoded in UTF-8 (else ISO-8859-15). */
function document(random: Random, requests = random.int(12)): { text: string; utf8: boolean } {
  const utf8 = random.chance(0.6);
  const style: Style = { utf8, newline: random.pick(['\n', '\n', '\n', '\r\n']) };
  let text = '';
  const quote = random.chance(0.5) ? '"' : "'";
  if (!utf8 || random.chance(0.8)) {
    const encoding = utf8 ? random.pick(['UTF-8', 'utf-8']) : random.pick(['ISO-8859-15', 'iso-8859-15']);
    const standalone = random.chance(0.2) ? ` standalone=${quote}yes${quote}` : '';
    text += `<?xml version=${quote}1.0${quote} encoding=${quote}${encoding}${quote}${standalone}${random.pick(['', ' '])}?>`;
  }
  if (random.chance(0.7)) {
    text += style.newline;
    text += random.pick([
      '<!DOCTYPE ficAlimMENESR [ <!ENTITY x "y"> <!-- in the subset --> ]>',
      '<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">',
      '<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">',
      `<!DOCTYPE ficAlimMENESR PUBLIC '-//a>b//' "x]>.dtd">`,
    ]);
  }
  if (random.chance(0.5)) text += `${style.newline}<!-- versionAF="AAF-VE1301" -->`;
  if (random.chance(0.1)) text += `${style.newline}<?process me?>`;
  text += `${style.newline}<ficAlimMENESR${random.chance(0.1) ? ' version="1"' : ''}>`;
  for (let r = 0; r < requests; r++) text += request(random, style, 1);
  text += `${style.newline}</ficAlimMENESR>`;
  if (random.chance(0.3)) text += random.pick([style.newline, `${style.newline}<!-- end -->${style.newline}`, '  ', `${style.newline}<?end?>`]);
  return { text, utf8 };
}

function encode(text: string, utf8: boolean): Buffer {
  return utf8 ? Buffer.from(text) : encodeIso885915(text);
}

// ---------------------------------------------------------------------------
// Malformed variants of a document.

interface Mutation {
  kind: string;
  text: string;
  /** For the mutations saxes reports later: the character the scanner reports. */
  at?: number;
}

/** The line saxes and the scanner give for an error at `index`: a line break there counts. */
function errorLine(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i <= index && i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
  }
  if (text[index] === '\r' && text[index + 1] === '\n') line++;
  return line;
}

const NAME_START = /[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]/u;
const NAME_CHAR = /[-.0-9\u00B7\u0300-\u036F\u203F\u2040:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]/u;

/** Where a bare `&` at `amp` fails: the first character that cannot go on with a reference. */
function afterBareAmpersand(text: string, amp: number): number {
  let k = amp + 1;
  const first = String.fromCodePoint(text.codePointAt(k)!);
  if (!NAME_START.test(first)) return k;
  while (k < text.length) {
    const ch = String.fromCodePoint(text.codePointAt(k)!);
    if (!NAME_CHAR.test(ch)) return k;
    k += ch.length;
  }
  return k;
}

/** Positions in the character data of `<value>`s (neither markup, nor an entity, nor inside a surrogate pair). */
function textPositions(text: string): number[] {
  const positions: number[] = [];
  for (const match of text.matchAll(/<value>([^<&]+)<\/value>/g)) {
    for (let k = 1; k < match[1]!.length; k++) {
      const at = match.index! + 7 + k;
      const code = text.charCodeAt(at);
      if (code < 0xdc00 || code > 0xdfff) positions.push(at);
    }
  }
  return positions;
}

function mutations(random: Random, text: string): Mutation[] {
  const result: Mutation[] = [];
  const closeTags = [...text.matchAll(/<\/[^>]+>/g)];
  if (closeTags.length > 0) {
    const drop = random.pick(closeTags);
    result.push({ kind: 'drop a close tag', text: text.slice(0, drop.index) + text.slice(drop.index! + drop[0].length) });
  }
  const adjacent = [...text.matchAll(/(<\/[^>]+>)(\s*)(<\/[^>]+>)/g)].filter((m) => m[1] !== m[3]);
  if (adjacent.length > 0) {
    const swap = random.pick(adjacent);
    result.push({ kind: 'swap close tags', text: text.slice(0, swap.index) + swap[3] + swap[2] + swap[1] + text.slice(swap.index! + swap[0].length) });
  }
  const positions = textPositions(text);
  if (positions.length > 0) {
    const lt = random.pick(positions);
    result.push({ kind: 'insert <', text: `${text.slice(0, lt)}<${text.slice(lt)}` });
    const amp = random.pick(positions);
    const withAmp = `${text.slice(0, amp)}&${text.slice(amp)}`;
    result.push({ kind: 'insert &', text: withAmp, at: afterBareAmpersand(withAmp, amp) });
    const bracket = random.pick(positions);
    result.push({ kind: 'insert ]]>', text: `${text.slice(0, bracket)}]]>${text.slice(bracket)}` });
    const entity = random.pick(positions);
    result.push({ kind: 'unknown entity', text: `${text.slice(0, entity)}${random.pick(['&nbsp;', '&#0;', '&#xD800;', '&#X41;', '&;', '&#;'])}${text.slice(entity)}` });
    const control = random.pick(positions);
    result.push({ kind: 'control character', text: `${text.slice(0, control)}${random.pick(['\u0001', '\u000b', '\u001f', '\ufffe'])}${text.slice(control)}` });
  }
  const attrs = [...text.matchAll(/<(attr|modification)\s+name\s*=\s*("[^"]*"|'[^']*')/g)];
  if (attrs.length > 0) {
    const dup = random.pick(attrs);
    const end = dup.index! + dup[0].length;
    const variant = random.pick([' name="again"', " name='x'", ' operation="a" operation="b"', 'x="1"', ' bad', ' v=unquoted', ' <', ' v="a<b"', '/ x']);
    result.push({ kind: 'broken attribute', text: text.slice(0, end) + variant + text.slice(end) });
  }
  // Anywhere: in a tag, a name, an attribute value, a comment, the declaration…
  for (let k = 0; k < 4; k++) {
    let anywhere = random.int(text.length + 1);
    if (anywhere > 0 && anywhere < text.length && text.charCodeAt(anywhere) >= 0xdc00 && text.charCodeAt(anywhere) <= 0xdfff) anywhere--;
    const control = random.pick(['\u0000', '\u0008', '\u000c', '\u001b', '\uffff']);
    result.push({ kind: 'control character anywhere', text: `${text.slice(0, anywhere)}${control}${text.slice(anywhere)}` });
  }
  const rootEnd = text.lastIndexOf('</ficAlimMENESR>') + '</ficAlimMENESR>'.length;
  const junk = random.pick(['junk', '\nmore text', ' &amp; ', '\n\n  x']);
  result.push({ kind: 'text after root', text: text.slice(0, rootEnd) + junk + text.slice(rootEnd), at: rootEnd + junk.search(/\S/) });
  const second = random.pick(['<ficAlimMENESR/>', '\n<other></other>', '<![CDATA[x]]>', '\n <attr name="sn"><value>x</value></attr>']);
  result.push({ kind: 'two roots', text: text.slice(0, rootEnd) + second + text.slice(rootEnd) });
  const rootStart = text.indexOf('<ficAlimMENESR');
  result.push({ kind: 'text before root', text: `${text.slice(0, rootStart)}oops${text.slice(rootStart)}`, at: rootStart });
  const tags = [...text.matchAll(/<[A-Za-z][^>]*>/g)];
  if (tags.length > 0) {
    // Inside or right after the element name, not in an attribute value.
    const tag = random.pick(tags);
    const cut = tag.index! + 1 + random.int(/^<[^\s/>]+/.exec(tag[0])![0].length);
    result.push({ kind: 'broken tag', text: text.slice(0, cut) + random.pick(['<', '>', '"', '=', ' =x', '/', '!', '?']) + text.slice(cut) });
  }
  return result;
}

// ---------------------------------------------------------------------------

function xmlFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.xml'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

describe('readAafRecords against saxes', () => {
  it('reads the fixtures as saxes did, in chunks of any size', async () => {
    const random = new Random(1);
    const files = xmlFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (let round = 0; round < 6; round++) {
        const { fast, saxes } = await both(bytes, random);
        expect(fast, file).toEqual(saxes);
      }
    }
  });

  it('reads random AAF-like documents as saxes did (entities, CDATA, comments, odd whitespace, CRLF, ISO-8859-15)', async () => {
    const random = new Random(2);
    let records = 0;
    for (let d = 0; d < 400; d++) {
      const { text, utf8 } = document(random);
      const bytes = encode(text, utf8);
      const { fast, saxes } = await both(bytes, random);
      expect(saxes.error, text).toBeUndefined();
      expect(fast, text).toEqual(saxes);
      records += fast.records.length;
    }
    expect(records).toBeGreaterThan(1500);
  });

  it('reads large documents as saxes did, in chunks of up to 64 KiB', async () => {
    const random = new Random(5);
    for (let d = 0; d < 4; d++) {
      const { text, utf8 } = document(random, 3000);
      const bytes = encode(text, utf8);
      expect(bytes.length).toBeGreaterThan(500_000);
      for (const size of [65536, 65536 - 1, 4096 + random.int(100)]) {
        const chunks: Buffer[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        const fast = await outcomeOf(readAafRecords, chunks);
        expect(fast.records.length).toBeGreaterThan(2000);
        expect(fast).toEqual(await outcomeOf(readWithSaxes, chunks));
      }
    }
  });

  it('fails on malformed documents as saxes did: same records before, same line (or the earlier line of the cause)', async () => {
    const random = new Random(3);
    const kinds = new Map<string, number>();
    for (let d = 0; d < 150; d++) {
      const { text, utf8 } = document(random);
      const variants = mutations(random, text);
      const bytes = encode(text, utf8);
      const cut = random.int(bytes.length);
      const encodable = variants.filter((m) => utf8 || !/[^\u0000-\u00ff€ŠšŽžŒœŸ]/.test(m.text));
      const all = [...encodable.map((m) => ({ ...m, bytes: encode(m.text, utf8) })), { kind: 'truncate', text: '', bytes: bytes.subarray(0, cut) }];
      if (utf8) all.push({ kind: 'invalid byte', text: '', bytes: Buffer.concat([bytes.subarray(0, cut), Buffer.from([0xff]), bytes.subarray(cut)]) });
      for (const mutation of all) {
        const { fast, saxes } = await both(mutation.bytes, random);
        const context = `${mutation.kind}\n${mutation.bytes.toString(utf8 ? 'utf8' : 'latin1')}`;
        // A truncation may leave a complete document, a `>` after a tag name make text of the rest.
        if (saxes.error === undefined) {
          expect(['truncate', 'broken tag'], context).toContain(mutation.kind);
          expect(fast, context).toEqual(saxes);
          continue;
        }
        kinds.set(mutation.kind, (kinds.get(mutation.kind) ?? 0) + 1);
        expect(fast.error, context).toBeDefined();
        expect(fast.records, context).toEqual(saxes.records);
        if (mutation.at === undefined) {
          expect(fast.error!.line, context).toBe(saxes.error.line);
          expect(fast.error!.message, context).toBe(saxesMessage(saxes.error.message));
        } else {
          expect(fast.error!.line, context).toBe(errorLine(mutation.text, mutation.at));
          expect(fast.error!.line, context).toBeLessThanOrEqual(saxes.error.line);
        }
      }
    }
    expect([...kinds.keys()].sort()).toEqual(
      [
        'broken attribute',
        'broken tag',
        'control character',
        'control character anywhere',
        'drop a close tag',
        'insert &',
        'insert <',
        'insert ]]>',
        'invalid byte',
        'swap close tags',
        'text after root',
        'text before root',
        'truncate',
        'two roots',
        'unknown entity',
      ].sort(),
    );
  });

  it('mutates the fixtures too', async () => {
    const random = new Random(4);
    for (const file of xmlFiles(FIXTURES)) {
      const bytes = readFileSync(file);
      const utf8 = declaredEncoding(bytes) === 'utf-8';
      const text = bytes.toString(utf8 ? 'utf8' : 'latin1');
      for (const mutation of mutations(random, text).filter((m) => m.at === undefined)) {
        const { fast, saxes } = await both(utf8 ? Buffer.from(mutation.text) : Buffer.from(mutation.text, 'latin1'), random);
        const context = `${file}: ${mutation.kind}\n${mutation.text}`;
        expect(fast.records, context).toEqual(saxes.records);
        if (saxes.error === undefined) expect(fast.error, context).toBeUndefined();
        else expect(fast.error, context).toEqual({ message: saxesMessage(saxes.error.message), line: saxes.error.line });
      }
    }
  });
});

describe('readAafRecords memory', () => {
  const inChunks = (text: string, size = 65536) => {
    const bytes = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    return chunks;
  };

  it('lets long comments, CDATA, PIs and text go through, in pieces, as saxes read them', async () => {
    const long = 'x'.repeat(3_000_000);
    const text = `<ficAlimMENESR><!--${long}--><?pi ${long}?><addRequest><identifier><id>1</id></identifier><attributes>
      <attr name="a"><value><![CDATA[${long}]]></value></attr>
      <attr name="b"><value>&amp;${long}</value></attr>
      <attr name="c"><value>${long}&lt;${long}</value></attr>
    </attributes></addRequest></ficAlimMENESR>`;
    for (const size of [65536, 4099]) {
      const fast = await outcomeOf(readAafRecords, inChunks(text, size));
      expect(fast.records[0]!.attributes.map(([name, values]) => [name, values[0]!.length])).toEqual([
        ['a', 3_000_000],
        ['b', 3_000_001],
        ['c', 6_000_001],
      ]);
      expect(fast).toEqual(await outcomeOf(readWithSaxes, inChunks(text, size)));
    }
  });

  it('stops at a DOCTYPE that does not close within 1 MiB, rather than keep and read again the rest of the file', async () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE ficAlimMENESR [\n<!ENTITY x "y">\n<ficAlimMENESR>${'<value>1</value>'.repeat(100_000)}`;
    expect((await outcomeOf(readAafRecords, inChunks(text))).error).toEqual({ message: 'malformed XML: unclosed markup longer than 1 MiB.', line: 2 });
  });
});

describe('readAafRecords errors', () => {
  async function failure(text: string, chunkSize = 5) {
    const bytes = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
    return (await outcomeOf(readAafRecords, chunks)).error;
  }
  const request = '<addRequest><identifier><id>1</id></identifier><attributes><attr name="sn"><value>A</value></attr></attributes></addRequest>';

  it('says what is wrong, and where', async () => {
    expect(await failure('')).toEqual({ message: 'malformed XML: no root element', line: 1 });
    expect(await failure('<?xml version="1.0"?>\n<!-- only a comment -->\n')).toEqual({ message: 'malformed XML: no root element', line: 3 });
    expect(await failure(`<ficAlimMENESR>\n${request}\n<addRequest>\n<attributes>\n`)).toEqual({ message: 'malformed XML: unclosed tag: attributes', line: 5 });
    expect(await failure(`<ficAlimMENESR>\n<addRequest>\n<attributes></addRequest>`)).toEqual({ message: 'malformed XML: unexpected close tag.', line: 3 });
    expect(await failure(`<ficAlimMENESR>\n<attr name="a" name="b"/>`)).toEqual({ message: 'malformed XML: duplicate attribute: name.', line: 2 });
    expect(await failure(`<ficAlimMENESR>\n<attr name="a<b"/>`)).toEqual({ message: 'malformed XML: disallowed character.', line: 2 });
    expect(await failure(`<ficAlimMENESR>\n<attr name=a/>`)).toEqual({ message: 'malformed XML: unquoted attribute value.', line: 2 });
    expect(await failure(`<ficAlimMENESR>\n<value>a &nbsp; b</value>`)).toEqual({ message: 'malformed XML: undefined entity.', line: 2 });
    expect(await failure(`<ficAlimMENESR>\n<value>a & b</value>`)).toEqual({ message: 'malformed XML: disallowed character in entity name.', line: 2 });
    expect(await failure(`<ficAlimMENESR>\n<value>&#0;</value>`)).toEqual({ message: 'malformed XML: malformed character entity.', line: 2 });
    expect(await failure(`<ficAlimMENESR>\n<value>a]]>b</value>`)).toEqual({ message: 'malformed XML: the string "]]>" is disallowed in char data.', line: 2 });
    expect(await failure(`<ficAlimMENESR>\n<value>\u0001</value>`)).toEqual({ message: 'malformed XML: disallowed character.', line: 2 });
    expect(await failure(`<ficAlimMENESR>\n</ficAlimMENESR>\n\nafter`)).toEqual({ message: 'malformed XML: text data outside of root node.', line: 4 });
    expect(await failure(`<ficAlimMENESR/>\n<ficAlimMENESR/>`)).toEqual({ message: 'malformed XML: documents may contain only one root.', line: 2 });
    expect(await failure(`<ficAlimMENESR>\n<!-- a -- b -->`)).toEqual({ message: 'malformed XML: malformed comment.', line: 2 });
    expect(await failure(`\n<?xml version="1.0"?><a/>`)).toEqual({ message: 'malformed XML: an XML declaration must be at the start of the document.', line: 2 });
    expect(await failure(`<?xml version="2.0"?><a/>`)).toEqual({ message: 'malformed XML: version number must match /^1\\.[0-9]+$/.', line: 1 });
    expect(await failure(`<ficAlimMENESR>\n<addRequest\n`)).toEqual({ message: 'malformed XML: unclosed tag: ficAlimMENESR', line: 3 });
  });

  it('reports a bare & and stray text at their own line, where saxes went on to the next ; or <', async () => {
    const text = `<ficAlimMENESR>\n<addRequest><attributes><attr name="sn">\n<value>Dupont & fils</value></attr>\n</attributes></addRequest>\n<x>&amp;</x></ficAlimMENESR>`;
    expect(await failure(text)).toEqual({ message: 'malformed XML: disallowed character in entity name.', line: 3 });
    expect((await outcomeOf(readWithSaxes, [Buffer.from(text)])).error).toEqual({ message: 'malformed XML: disallowed character in entity name.', line: 5 });
    const after = `<ficAlimMENESR/>\n\nstray\n\n<!-- c -->`;
    expect(await failure(after, 100)).toEqual({ message: 'malformed XML: text data outside of root node.', line: 3 });
    expect((await outcomeOf(readWithSaxes, [Buffer.from(after)])).error).toEqual({ message: 'malformed XML: text data outside of root node.', line: 5 });
  });

  it('reports a forbidden character in a tag not read to its end before bytes that cannot be decoded after it, as saxes', async () => {
    const chunks = [Buffer.from(`<ficAlimMENESR><!--${'x'.repeat(400)}-->\n<attr name="a\u0001`), Buffer.from([0xff]), Buffer.from('"/></ficAlimMENESR>')];
    const fast = await outcomeOf(readAafRecords, chunks);
    expect(fast.error).toEqual({ message: 'malformed XML: disallowed character.', line: 2 });
    expect(fast).toEqual(await outcomeOf(readWithSaxes, chunks));
  });

  it('yields the records completed before the error', async () => {
    const text = `<ficAlimMENESR>\n${request}\n${request.replace('<id>1', '<id>2')}\n<addRequest><attributes></addRequest>`;
    const { records, error } = await outcomeOf(readAafRecords, [Buffer.from(text)]);
    expect(records.map((r) => [r.id, r.line, r.attributes])).toEqual([
      ['1', 2, [['sn', ['A']]]],
      ['2', 3, [['sn', ['A']]]],
    ]);
    expect(error).toEqual({ message: 'malformed XML: unexpected close tag.', line: 4 });
  });

  it('checks the root also when it is in the form of the usual element', async () => {
    const attr = '<attr name="sn"><value>A</value></attr>';
    expect(await outcomeOf(readAafRecords, [Buffer.from(attr)])).toEqual({ records: [] });
    expect(await failure(`${attr}\n${attr}`)).toEqual({ message: 'malformed XML: documents may contain only one root.', line: 2 });
    expect(await failure(`<ficAlimMENESR>${request}</ficAlimMENESR>\n ${attr}`)).toEqual({ message: 'malformed XML: documents may contain only one root.', line: 2 });
    for (const text of [attr, `${attr}\n${attr}`, `<ficAlimMENESR>${request}</ficAlimMENESR>\n ${attr}`]) {
      expect(await outcomeOf(readAafRecords, [Buffer.from(text)]), text).toEqual(await outcomeOf(readWithSaxes, [Buffer.from(text)]));
    }
  });

  it('accepts what saxes accepted around the root: XML declaration, DOCTYPE with an internal subset, comments, PIs, a BOM', async () => {
    const text = `\ufeff<?xml version="1.0" encoding="UTF-8" standalone='no'?>\r\n<!DOCTYPE ficAlimMENESR [\n<!ENTITY e "]">\n<!-- ] -->\n<?pi ]?>\n]>\r\n<?pi x?><!---->\n<ficAlimMENESR>${request}</ficAlimMENESR>\n<!-- after -->\n`;
    const { records, error } = await outcomeOf(readAafRecords, [Buffer.from(text)]);
    expect(error).toBeUndefined();
    expect(records.map((r) => [r.id, r.line])).toEqual([['1', 8]]);
  });
});

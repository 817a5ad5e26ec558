import { createReadStream } from 'node:fs';

/**
 * Reading a CSV file as a stream: its encoding (UTF-8 with or without BOM,
 * else windows-1252 or ISO-8859-15) and separator (`;`, `,` or tab) are
 * detected, then rows are parsed per RFC 4180 (quoted fields may hold the
 * separator, doubled quotes and line breaks). Never the whole file in memory.
 */

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'iso-8859-15';
export type CsvSeparator = ';' | ',' | '\t';

export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/** Bytes that are € Š š Ž ž Œ œ Ÿ in ISO-8859-15 (and rare symbols in windows-1252). */
const LATIN9_ONLY = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);

/**
 * The file's encoding, from one streaming pass: a BOM or valid UTF-8 → utf-8;
 * otherwise windows-1252, unless no byte falls in 0x80–0x9F (C1 controls,
 * meaningless in ISO-8859-15) and some byte is one of ISO-8859-15's own letters.
 */
export async function detectEncoding(path: string): Promise<{ encoding: CsvEncoding; bom: boolean }> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let utf8 = true;
  let c1 = false;
  let latin9 = false;
  let first = true;
  let bom = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (first) {
      bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      first = false;
    }
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    }
    for (const byte of chunk) {
      if (byte >= 0x80 && byte <= 0x9f) c1 = true;
      else if (LATIN9_ONLY.has(byte)) latin9 = true;
    }
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  if (bom || utf8) return { encoding: 'utf-8', bom };
  return { encoding: !c1 && latin9 ? 'iso-8859-15' : 'windows-1252', bom: false };
}

/** The separator of a header line: the most frequent of `;`, tab and `,` outside quotes (`;` on a tie). */
export function detectSeparator(headerLine: string): CsvSeparator {
  const counts = { ';': 0, '\t': 0, ',': 0 } as Record<CsvSeparator, number>;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as CsvSeparator]++;
  }
  const best = (Object.keys(counts) as CsvSeparator[]).reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return best;
}

export interface CsvRow {
  /** Line of the row's first character (1-based; the header is line 1). */
  line: number;
  fields: string[];
}

/** Decoded text of a file, chunk by chunk. */
async function* decodedChunks(path: string, encoding: CsvEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: false });
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Rows of a CSV text stream (RFC 4180, with `\n`, `\r\n` or `\r` line ends).
 * The separator is detected on the first line. Blank lines are skipped.
 */
export async function* parseCsv(chunks: AsyncIterable<string>, given?: CsvSeparator): AsyncGenerator<CsvRow & { separator: CsvSeparator }> {
  let separator: CsvSeparator | undefined = given;
  let pending = ''; // text before the separator is known (the first line)
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // a quote just closed (or was doubled)
  let line = 1;
  let rowLine = 1;
  let prevCr = false;
  let fieldStarted = false;

  function* endRow(): Generator<CsvRow & { separator: CsvSeparator }> {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '' && !fieldStarted;
    if (!blank) yield { line: rowLine, fields, separator: separator! };
    fields = [];
    field = '';
    fieldStarted = false;
  }

  function* feed(text: string): Generator<CsvRow & { separator: CsvSeparator }> {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (prevCr) {
        prevCr = false;
        if (ch === '\n') continue;
      }
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            // Closing quote — unless the next character (maybe in the next chunk) is a second quote.
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (ch === '\n' || ch === '\r') {
            line++;
            prevCr = ch === '\r';
            field += '\n';
          } else field += ch;
        }
        continue;
      }
      if (afterQuote && ch === '"') {
        // A doubled quote split across chunks.
        field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (ch === separator) {
        fields.push(field);
        field = '';
        fieldStarted = true;
      } else if (ch === '\n' || ch === '\r') {
        prevCr = ch === '\r';
        yield* endRow();
        line++;
        rowLine = line;
      } else if (ch === '"' && field === '') {
        quoted = true;
        fieldStarted = true;
      } else {
        field += ch;
        fieldStarted = true;
      }
    }
  }

  for await (const chunk of chunks) {
    if (!separator) {
      pending += chunk;
      const end = pending.search(/[\r\n]/);
      if (end < 0) continue;
      separator = detectSeparator(pending.slice(0, end).replace(/^\uFEFF/, ''));
      const text = pending.replace(/^\uFEFF/, '');
      pending = '';
      yield* feed(text);
      continue;
    }
    yield* feed(chunk);
  }
  if (!separator) {
    separator = detectSeparator(pending.replace(/^\uFEFF/, ''));
    yield* feed(pending.replace(/^\uFEFF/, ''));
  }
  if (quoted) throw new CsvFileError('unclosed quoted field', rowLine);
  if (field !== '' || fields.length > 0 || fieldStarted) yield* endRow();
}

/** Rows of a CSV file, with its detected encoding and separator. */
export async function openCsv(path: string): Promise<{ encoding: CsvEncoding; rows: AsyncGenerator<CsvRow & { separator: CsvSeparator }> }> {
  const { encoding } = await detectEncoding(path);
  return { encoding, rows: parseCsv(decodedChunks(path, encoding)) };
}

import { createReadStream } from 'node:fs';
import { JSONParser } from '@streamparser/json';
import { SaxesParser } from 'saxes';
// The project's streaming CSV reader (encoding and separator detection, RFC 4180); it belongs in platform/.
import { openCsv } from '../provisioning/csv/csv-parser.ts';

/**
 * Reading an Onisep open-data export as a stream of flat records, whatever
 * its published form: CSV (`;`-separated, header line), JSON (an array of
 * objects) or XML (a root element whose children are the records, their child
 * elements the fields). Never the whole file in memory.
 */

export interface RawRecord {
  /** CSV: line of the row; JSON and XML: position of the record in the file (1-based). */
  line: number;
  fields: Record<string, string>;
}

export class OnisepFileError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
    this.name = 'OnisepFileError';
  }
}

export type OnisepFormat = 'csv' | 'json' | 'xml';

export function formatOf(path: string): OnisepFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.xml')) return 'xml';
  return undefined;
}

/** Column names as the datasets spell them, whatever the file's case and padding. */
function columnName(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase();
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join('|');
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).map(text).filter(Boolean).join('|');
  return String(value).trim();
}

/** The records of one file. Throws OnisepFileError when the file itself cannot be read. */
export async function* readOnisepFile(path: string, format: OnisepFormat): AsyncGenerator<RawRecord> {
  if (format === 'csv') yield* readCsv(path);
  else if (format === 'json') yield* readJson(path);
  else yield* readXml(path);
}

async function* readCsv(path: string): AsyncGenerator<RawRecord> {
  const { rows } = await openCsv(path);
  let header: string[] | undefined;
  try {
    for await (const row of rows) {
      if (!header) {
        header = row.fields.map(columnName);
        continue;
      }
      const fields: Record<string, string> = {};
      header.forEach((name, i) => {
        fields[name] = (row.fields[i] ?? '').trim();
      });
      yield { line: row.line, fields };
    }
  } catch (error) {
    const line = (error as { line?: number }).line ?? 0;
    throw new OnisepFileError((error as Error).message, line);
  }
}

async function* readJson(path: string): AsyncGenerator<RawRecord> {
  // separator '': the parser does not stop at the array's end, so trailing white space is accepted.
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false, separator: '' });
  const pending: RawRecord[] = [];
  let position = 0;
  parser.onValue = ({ value }) => {
    position += 1;
    const fields: Record<string, string> = {};
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) fields[columnName(key)] = text(v);
    }
    pending.push({ line: position, fields });
  };
  yield* feed(path, 'JSON', {
    write: (chunk) => parser.write(chunk),
    end: () => parser.end(),
    take: () => pending.splice(0),
    position: () => position,
  });
}

async function* readXml(path: string): AsyncGenerator<RawRecord> {
  const parser = new SaxesParser();
  let depth = 0;
  let position = 0;
  let record: Record<string, string> | undefined;
  let field: string | undefined;
  let parts: string[] = [];
  let leaf = '';
  const pending: RawRecord[] = [];
  parser.on('opentag', (tag) => {
    depth += 1;
    if (depth === 2) record = {};
    else if (depth === 3) {
      field = columnName(tag.name);
      parts = [];
    }
    leaf = '';
  });
  parser.on('text', (value) => {
    leaf += value;
  });
  parser.on('cdata', (value) => {
    leaf += value;
  });
  parser.on('closetag', () => {
    if (depth >= 3 && leaf.trim()) parts.push(leaf.trim());
    leaf = '';
    if (depth === 3 && record && field) {
      // A repeated field (a list) keeps every value.
      const value = parts.join('|');
      record[field] = record[field] ? `${record[field]}|${value}` : value;
      field = undefined;
    } else if (depth === 2 && record) {
      position += 1;
      pending.push({ line: position, fields: record });
      record = undefined;
    }
    depth -= 1;
  });
  yield* feed(path, 'XML', {
    write: (chunk) => void parser.write(chunk),
    end: () => void parser.close(),
    take: () => pending.splice(0),
    position: () => position,
  });
}

/**
 * Feeds a file to a push parser 64 KiB at a time and yields the records each
 * chunk completed, so a large export is never held whole; a parse error is
 * reported at the record after the last one read.
 */
async function* feed(
  path: string,
  format: 'JSON' | 'XML',
  parser: { write(chunk: string): void; end(): void; take(): RawRecord[]; position(): number },
): AsyncGenerator<RawRecord> {
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as AsyncIterable<string>) {
      parser.write(chunk);
      yield* parser.take();
    }
    parser.end();
  } catch (error) {
    throw new OnisepFileError(`invalid ${format}: ${(error as Error).message}`, parser.position() + 1);
  }
  yield* parser.take();
}

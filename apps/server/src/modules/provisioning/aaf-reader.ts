import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';

/** One request of an AAF file: what it does, to whom, with which attributes. */
export interface AafRecord {
  op: 'add' | 'modify' | 'delete';
  /** The category named in operationalAttributes (Eleve, PersEducNat, MatEducNat…), or '' when absent. */
  category: string;
  /** `identifier/id`, trimmed. */
  id: string;
  /** Attribute name → its values (multi-valued attributes keep their order; `<value/>` is ''). */
  attributes: Map<string, string[]>;
  /** Line of the request's opening tag in the file (1-based). */
  line: number;
}

/** The file is not well-formed XML, or not in its declared encoding: the file stops here. */
export class AafFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'AafFileError';
  }
}

const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-15': 'iso-8859-15',
  'iso8859-15': 'iso-8859-15',
  'latin-9': 'iso-8859-15',
  'iso-8859-1': 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  'windows-1252': 'windows-1252',
  'us-ascii': 'utf-8',
};

/** The encoding an XML declaration names (UTF-8 when none), from the file's first bytes. */
export function declaredEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  const text = head.subarray(0, 400).toString('latin1');
  const decl = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text);
  if (!decl) return 'utf-8';
  const name = decl[1]!.toLowerCase();
  const encoding = ENCODINGS[name];
  if (!encoding) throw new AafFileError(`unsupported encoding "${decl[1]}"`, 1);
  return encoding;
}

const REQUESTS: Record<string, AafRecord['op']> = { addRequest: 'add', modifyRequest: 'modify', deleteRequest: 'delete' };

/**
 * Reads an AAF file as a stream and yields its requests one by one: the
 * file is never held in memory (one chunk and the records parsed from it).
 * Throws AafFileError on malformed XML or bytes invalid in the declared encoding.
 */
export async function* readAafRecords(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<AafRecord> {
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
      throw new AafFileError(`malformed XML: ${cleanSaxMessage((error as Error).message)}`, parser.line);
    }
  };
  const decode = (bytes: Buffer, final: boolean) => {
    try {
      return decoder!.decode(bytes, { stream: !final });
    } catch {
      throw new AafFileError(`bytes invalid in the declared encoding`, parser.line);
    }
  };

  // Records completed before an error are still yielded, then the error is thrown.
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
      throw new AafFileError(`malformed XML: ${cleanSaxMessage((error as Error).message)}`, parser.line);
    }
    if (!rootSeen) throw new AafFileError('malformed XML: no root element', parser.line);
  });
}

/** saxes prefixes messages with "undefined:line:col: "; the report gives the line itself. */
function cleanSaxMessage(message: string): string {
  return message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
}

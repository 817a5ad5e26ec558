import type { Readable } from 'node:stream';
import { XmlScanner, XmlSyntaxError, type XmlHandler, type XmlTag } from './aaf-xml-scanner.ts';

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

/** The operation of a request element; undefined for any other element. */
function requestOp(name: string): AafRecord['op'] | undefined {
  return name === 'addRequest' ? 'add' : name === 'modifyRequest' ? 'modify' : name === 'deleteRequest' ? 'delete' : undefined;
}

/** Builds the records from the scanner's elements, as the saxes handlers did before. */
class RecordBuilder implements XmlHandler {
  capturing = false;
  private current: AafRecord | undefined;
  private section: 'operational' | 'identifier' | 'attributes' | undefined;
  private attrName: string | undefined;
  private values: string[] | undefined;
  private data = '';
  private inValue = false;
  private inId = false;
  private depth = 0;

  constructor(private readonly ready: AafRecord[]) {}

  open(name: string, tag: XmlTag): void {
    this.depth++;
    if (this.depth === 1) return;
    if (this.depth === 2) {
      const op = requestOp(name);
      this.current = op ? { op, category: '', id: '', attributes: new Map(), line: tag.line } : undefined;
      return;
    }
    if (!this.current) return;
    // The most frequent elements first.
    if (name === 'value') {
      this.inValue = this.capturing = true;
      this.data = '';
    } else if (name === 'attr' || name === 'modification') {
      this.attrName = tag.attribute('name') ?? '';
      this.values = [];
    } else if (name === 'operationalAttributes') this.section = 'operational';
    else if (name === 'identifier') this.section = 'identifier';
    else if (name === 'attributes' || name === 'modifications') this.section = 'attributes';
    else if (name === 'id' && this.section === 'identifier') {
      this.inId = this.capturing = true;
      this.data = '';
    }
  }

  text(data: string): void {
    this.data += data;
  }

  /**
   * `<attr name="…">` and its values at once, from the scanner: inside a
   * request and while no text is captured, the same as the events (open
   * attr, open/text/close each value, close attr) would do; elsewhere it
   * declines and the events come.
   */
  attr(name: string, values: string[]): boolean {
    const current = this.current;
    if (current === undefined || this.depth < 2 || this.capturing) return false;
    for (let k = 0; k < values.length; k++) values[k] = values[k]!.trim();
    if (this.section === 'operational') current.category = values[0] ?? '';
    else if (this.section === 'attributes') {
      const previous = current.attributes.get(name);
      current.attributes.set(name, previous ? [...previous, ...values] : values);
    }
    this.attrName = undefined;
    this.values = undefined;
    return true;
  }

  close(name: string): void {
    this.depth--;
    const current = this.current;
    if (!current) return;
    if (name === 'value' && this.inValue) {
      this.inValue = false;
      this.capturing = this.inId;
      this.values?.push(this.data.trim());
    } else if (name === 'id' && this.inId) {
      this.inId = false;
      this.capturing = this.inValue;
      current.id = this.data.trim();
    } else if ((name === 'attr' || name === 'modification') && this.attrName !== undefined && this.values) {
      if (this.section === 'operational') current.category = this.values[0] ?? '';
      else if (this.section === 'attributes') {
        const previous = current.attributes.get(this.attrName);
        current.attributes.set(this.attrName, previous ? [...previous, ...this.values] : this.values);
      }
      this.attrName = undefined;
      this.values = undefined;
    } else if (this.depth === 1 && requestOp(name)) {
      this.ready.push(current);
      this.current = undefined;
      this.section = undefined;
    }
  }
}

/**
 * Reads an AAF file as a stream and yields its requests one by one: the
 * file is never held in memory (one chunk, the unread end of the previous
 * one and the records parsed from it).
 * Throws AafFileError on malformed XML or bytes invalid in the declared encoding.
 */
export async function* readAafRecords(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<AafRecord> {
  const ready: AafRecord[] = [];
  const scanner = new XmlScanner(new RecordBuilder(ready));
  let decoder: TextDecoder | undefined;
  let head: Buffer[] = [];
  let headLength = 0;

  const feed = (bytes: Buffer, final: boolean) => {
    try {
      let text: string;
      try {
        text = decoder!.decode(bytes, { stream: !final });
      } catch {
        scanner.checkUnread();
        // The line reached with the text decoded so far, as saxes reported it.
        throw new AafFileError('bytes invalid in the declared encoding', scanner.endLine);
      }
      scanner.write(text);
      if (final) scanner.end();
    } catch (error) {
      if (error instanceof XmlSyntaxError) throw new AafFileError(`malformed XML: ${error.message}`, error.line);
      throw error;
    }
  };

  // Records completed before an error are still yielded, then the error is thrown.
  let failure: { error: unknown } | undefined;
  const attempt = (work: () => void) => {
    try {
      work();
    } catch (error) {
      failure = { error };
    }
  };

  // The records are yielded here, not through a delegated generator (yield*), which costs several times more per record.
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (!decoder) {
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < 400) continue;
      const all = Buffer.concat(head);
      head = [];
      attempt(() => {
        decoder = new TextDecoder(declaredEncoding(all), { fatal: true });
        feed(all, false);
      });
    } else {
      attempt(() => feed(chunk, false));
    }
    for (const record of ready) yield record;
    ready.length = 0;
    if (failure) throw failure.error;
  }
  attempt(() => {
    if (!decoder) {
      const all = Buffer.concat(head);
      decoder = new TextDecoder(declaredEncoding(all), { fatal: true });
      feed(all, false);
    }
    feed(Buffer.alloc(0), true);
  });
  for (const record of ready) yield record;
  if (failure) throw failure.error;
}

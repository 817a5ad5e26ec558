/**
 * Serialises AAF requests (ficAlimMENESR, STANDARDS.md §2.2) and writes them
 * to numbered chunk files as they come, in UTF-8 or ISO-8859-15: nothing but
 * a small output buffer is ever held in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const FILE_TYPES = ['EtabEducNat', 'MatiereEducNat', 'MefEducNat', 'PersEducNat', 'Eleve', 'PersRelEleve'] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** operationalAttributes of each file type: attribute name and category value. */
export const CATEGORY: Record<FileType, [string, string]> = {
  EtabEducNat: ['categorieStructure', 'EtabEducNat'],
  MatiereEducNat: ['categorieMatiere', 'MatEducNat'],
  MefEducNat: ['categorieMef', 'MefEducNat'],
  PersEducNat: ['categoriePersonne', 'PersEducNat'],
  Eleve: ['categoriePersonne', 'Eleve'],
  PersRelEleve: ['categoriePersonne', 'PersRelEleve'],
};

/** An attribute and its values, in file order. An empty string is written `<value/>`. */
export type Attr = [name: string, values: string[]];

/** One entity as a complete (add) record. */
export interface AafEntity {
  type: FileType;
  id: string;
  attrs: Attr[];
}

export type Encoding = 'utf-8' | 'iso-8859-15';

function escapeXml(value: string): string {
  return /[&<>]/.test(value) ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : value;
}

function valuesXml(values: string[]): string {
  let out = '';
  for (const v of values) out += v === '' ? '<value/>' : `<value>${escapeXml(v)}</value>`;
  return out;
}

function head(type: FileType, kind: string, id: string): string {
  const [name, value] = CATEGORY[type];
  return ` <${kind}>\n  <operationalAttributes><attr name="${name}"><value>${value}</value></attr></operationalAttributes>\n  <identifier><id>${escapeXml(id)}</id></identifier>\n`;
}

export function addRequestXml(entity: AafEntity): string {
  let out = `${head(entity.type, 'addRequest', entity.id)}  <attributes>\n`;
  for (const [name, values] of entity.attrs) out += `   <attr name="${name}">${valuesXml(values)}</attr>\n`;
  return `${out}  </attributes>\n </addRequest>\n`;
}

/** modifyRequest replacing the given attributes (an attribute to clear has the single value ''). */
export function modifyRequestXml(type: FileType, id: string, changes: Attr[]): string {
  let out = `${head(type, 'modifyRequest', id)}  <modifications>\n`;
  for (const [name, values] of changes) out += `   <modification name="${name}" operation="replace">${valuesXml(values)}</modification>\n`;
  return `${out}  </modifications>\n </modifyRequest>\n`;
}

export function deleteRequestXml(type: FileType, id: string): string {
  return `${head(type, 'deleteRequest', id)} </deleteRequest>\n`;
}

// ISO-8859-15 differs from ISO-8859-1 in eight positions.
const LATIN9: Record<string, string> = {
  '€': '\xa4', 'Š': '\xa6', 'š': '\xa8', 'Ž': '\xb4', 'ž': '\xb8', 'Œ': '\xbc', 'œ': '\xbd', 'Ÿ': '\xbe',
};
const NOT_LATIN9 = /[^\x00-\xa3\xa5\xa7\xa9-\xb3\xb5-\xb7\xb9-\xbb\xbf-\xff]/gu;

/** Encodes text as ISO-8859-15; a character it lacks becomes a character reference. */
export function encodeLatin9(text: string): Buffer {
  return Buffer.from(text.replace(NOT_LATIN9, latin9Char), 'latin1');
}

function latin9Char(ch: string): string {
  return LATIN9[ch] ?? `&#x${ch.codePointAt(0)!.toString(16).toUpperCase()};`;
}

const BUFFER_SIZE = 1 << 22;

/**
 * Writes the requests of one file type of one academy into
 * `<prefix>_<type>_NNNN.xml` chunks of at most `recordsPerFile` requests.
 * A type with no request still gets one (empty) file.
 */
export class ChunkedAafWriter {
  private fd = -1;
  private chunk = 0;
  private inChunk = 0;
  private buffer: Buffer | null = null;
  private used = 0;
  readonly files: string[] = [];
  records = 0;
  bytes = 0;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    readonly type: FileType,
    private readonly encoding: Encoding,
    private readonly recordsPerFile: number,
  ) {}

  write(requestXml: string): void {
    if (this.fd < 0) this.open();
    else if (this.inChunk >= this.recordsPerFile) {
      this.finishChunk();
      this.open();
    }
    this.push(requestXml);
    this.inChunk++;
    this.records++;
  }

  close(): void {
    if (this.fd < 0) this.open();
    this.finishChunk();
    this.buffer = null;
  }

  private open(): void {
    const name = `${this.prefix}_${this.type}_${String(this.chunk++).padStart(4, '0')}.xml`;
    this.files.push(name);
    this.fd = openSync(join(this.dir, name), 'w');
    this.inChunk = 0;
    const label = this.encoding === 'utf-8' ? 'UTF-8' : 'ISO-8859-15';
    this.push(`<?xml version="1.0" encoding="${label}"?>\n<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">\n<!-- versionAF="AAF-VE1301" -->\n<ficAlimMENESR>\n`);
  }

  private finishChunk(): void {
    this.push('</ficAlimMENESR>\n');
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }

  private push(text: string): void {
    const latin9 = this.encoding === 'iso-8859-15';
    const data = latin9 ? text.replace(NOT_LATIN9, latin9Char) : text;
    // Worst case 3 bytes per UTF-16 unit in UTF-8, 1 in latin-1.
    const room = data.length * (latin9 ? 1 : 3);
    if (!this.buffer) this.buffer = Buffer.allocUnsafe(Math.max(BUFFER_SIZE, room));
    if (this.used + room > this.buffer.length) {
      this.flush();
      if (room > this.buffer.length) this.buffer = Buffer.allocUnsafe(room);
    }
    this.used += this.buffer.write(data, this.used, latin9 ? 'latin1' : 'utf8');
  }

  private flush(): void {
    if (!this.buffer || this.used === 0) return;
    let offset = 0;
    while (offset < this.used) offset += writeSync(this.fd, this.buffer, offset, this.used - offset);
    this.bytes += this.used;
    this.used = 0;
  }
}

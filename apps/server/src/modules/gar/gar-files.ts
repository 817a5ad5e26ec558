import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

/**
 * Files of the GAR export (STANDARDS.md §4.3): XML in the `men` namespace,
 * at most 10,000 nodes per file, packed as .tar.gz with an .md5 beside it.
 * Writers append to disk as pages come, so memory holds one page, not a
 * région.
 */

export const GAR_NAMESPACE = 'http://data.education.fr/ns/gar';
export const MAX_NODES_PER_FILE = 10_000;

export type GarFileType = 'Etab' | 'Eleve' | 'Enseignant' | 'Groupe' | 'RespAff';

/** A node of the export: an element name and its children (text, a list of texts, nested nodes); undefined or empty children are left out. */
export type GarNode = [name: string, children: Array<GarNode | [string, string | null | undefined]>];

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXmlText(value: string): string {
  // Control characters are not allowed in XML 1.0: a name pasted from a word processor must not break the file.
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** `<men:Name>…</men:Name>` of a node, children in order. */
export function renderNode([name, children]: GarNode): string {
  let inner = '';
  for (const child of children) {
    const [childName, value] = child;
    if (Array.isArray(value)) inner += renderNode(child as GarNode);
    else if (value !== null && value !== undefined && value !== '') inner += `<men:${childName}>${escapeXmlText(value)}</men:${childName}>`;
  }
  return `<men:${name}>${inner}</men:${name}>`;
}

/** `{idENT}_GAR-ENT_Complet_{yyyyMMdd_HHmmss_}2D`: the common stem of an export's files (UTC time). */
export function exportStem(idEnt: string, at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}_${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
  return `${idEnt}_GAR-ENT_Complet_${stamp}_2D`;
}

/**
 * The files of one type: `{stem}_{Type}_{index}.xml`, a new one every
 * MAX_NODES_PER_FILE nodes. Nodes must come in the schema's order (all
 * GAREleve, then all GARPersonMEF…), which the export's passes ensure.
 */
export class GarFileWriter {
  readonly files: string[] = [];
  private stream: WriteStream | undefined;
  private nodesInFile = 0;
  nodes = 0;

  constructor(
    private readonly dir: string,
    private readonly stem: string,
    readonly type: GarFileType,
    private readonly maxNodes = MAX_NODES_PER_FILE,
  ) {}

  private root(): string {
    return `GAR-ENT-${this.type}`;
  }

  private async open(): Promise<WriteStream> {
    const path = join(this.dir, `${this.stem}_${this.type}_${String(this.files.length).padStart(4, '0')}.xml`);
    this.files.push(path);
    const stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream = stream;
    this.nodesInFile = 0;
    await this.write(`<?xml version="1.0" encoding="UTF-8"?>\n<men:${this.root()} xmlns:men="${GAR_NAMESPACE}" Version="1.0">\n`);
    return stream;
  }

  private async write(text: string): Promise<void> {
    // Waits for the disk when the stream's buffer is full: a région's export streams instead of piling up.
    if (!this.stream!.write(text)) await new Promise<void>((resolve) => this.stream!.once('drain', resolve));
  }

  async add(node: GarNode): Promise<void> {
    if (!this.stream || this.nodesInFile >= this.maxNodes) {
      await this.closeFile();
      await this.open();
    }
    await this.write(`${renderNode(node)}\n`);
    this.nodesInFile += 1;
    this.nodes += 1;
  }

  private async closeFile(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    this.stream = undefined;
    stream.end(`</men:${this.root()}>\n`);
    await new Promise<void>((resolve, reject) => stream.once('finish', resolve).once('error', reject));
  }

  /** Closes the last file; a type with no node still gets one (empty) file, so the GAR sees it was exported. */
  async close(): Promise<string[]> {
    if (this.files.length === 0) await this.open();
    await this.closeFile();
    return this.files;
  }
}

/** Packs the files into `<out>/<stem>.tar.gz` and writes `<stem>.md5` beside it (md5sum's format, so `md5sum -c` checks it). */
export async function packExport(files: string[], outDir: string, stem: string): Promise<{ archive: string; md5File: string; md5: string; bytes: number }> {
  const archive = join(outDir, `${stem}.tar.gz`);
  const md5File = join(outDir, `${stem}.md5`);
  const tar = pack();
  const hash = createHash('md5');
  let bytes = 0;
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  // Written under a temporary name and renamed once whole: the SFTP upload never picks up half an archive, and a
  // failure leaves no file under the final name.
  const partial = `${archive}.part`;
  const writing = pipeline(tar, createGzip(), tee, createWriteStream(partial));
  try {
    for (const file of files) {
      const { size, mtime } = await stat(file);
      const entry = tar.entry({ name: basename(file), size, mtime, mode: 0o644 });
      await pipeline(createReadStream(file), new PassThrough(), entry);
    }
    tar.finalize();
  } catch (error) {
    tar.destroy(error as Error);
  }
  try {
    await writing;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, archive);
  const md5 = hash.digest('hex');
  const out = createWriteStream(md5File);
  out.end(`${md5}  ${basename(archive)}\n`);
  await new Promise<void>((resolve, reject) => out.once('finish', resolve).once('error', reject));
  return { archive, md5File, md5, bytes };
}

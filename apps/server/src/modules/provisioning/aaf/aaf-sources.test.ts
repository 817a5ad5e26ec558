import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAafSources } from './aaf-sources.ts';
import { zipOf } from './aaf-test-support.ts';

/**
 * Archive limits ("zip bombs"): a few kilobytes of archive that expand to
 * more bytes, or hold more entries, than an import may have are refused with
 * AAF_ARCHIVE_TOO_LARGE, and a tar.gz leaves nothing extracted behind.
 */

const MiB = 1024 * 1024;
const limits = { maxBytes: MiB, maxEntries: 5 };
const xml = (n: number) => ({ name: `ENT_Complet_20260901_Eleve_000${n}.xml`, content: Buffer.from('<ficAlimMENESR></ficAlimMENESR>') });
const zeros = { name: 'ENT_Complet_20260901_Eleve_0000.xml', content: Buffer.alloc(2 * MiB) };

async function tarGz(files: { name: string; content: Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const file of files) pack.entry({ name: file.name }, file.content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack.pipe(createGzip())) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('AAF archives within limits', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'preau-bomb-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, content: Buffer) => {
    await writeFile(join(dir, name), content);
    return join(dir, name);
  };
  const temporaryFolders = async () => (await readdir(tmpdir())).filter((f) => f.startsWith('preau-aaf-')).sort();

  it('opens archives under the limits', async () => {
    for (const path of [await write('ok.zip', zipOf([xml(0), xml(1)])), await write('ok.tar.gz', await tarGz([xml(0), xml(1)]))]) {
      const set = await openAafSources([path], limits);
      expect(set.sources.map((s) => s.type)).toEqual(['Eleve', 'Eleve']);
      await set.close();
    }
  });

  it('refuses a small archive of zeros that expands past the byte limit', async () => {
    const zip = zipOf([zeros]);
    const gz = await tarGz([zeros]);
    expect(Math.max(zip.length, gz.length)).toBeLessThan(20_000);
    const before = await temporaryFolders();
    for (const path of [await write('bomb.zip', zip), await write('bomb.tar.gz', gz)]) {
      await expect(openAafSources([path], limits)).rejects.toMatchObject({ code: 'AAF_ARCHIVE_TOO_LARGE', fields: { limit: 'bytes' } });
    }
    expect(await temporaryFolders()).toEqual(before);
  });

  it('refuses an archive of more entries than the limit, AAF files or not', async () => {
    const many = [xml(0), xml(1), xml(2), { name: 'a.txt', content: Buffer.from('a') }, { name: 'b.txt', content: Buffer.from('b') }, xml(3)];
    for (const path of [await write('many.zip', zipOf(many)), await write('many.tar.gz', await tarGz(many))]) {
      await expect(openAafSources([path], limits)).rejects.toMatchObject({ code: 'AAF_ARCHIVE_TOO_LARGE', fields: { limit: 'entries' } });
    }
  });
});

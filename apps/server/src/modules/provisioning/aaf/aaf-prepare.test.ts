import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Item, preparedBatches, RecordPreparer } from './aaf-prepare.ts';
import { PrepareThread } from './aaf-prepare-thread.ts';
import { AafFileError } from './aaf-reader.ts';
import { type AafImportSettings, defaultSettings } from './aaf-settings.ts';
import { type AafSource, openAafSources } from './aaf-sources.ts';
import { ARCHIVE_LIMITS, FIXTURES } from './aaf-test-support.ts';

/** The worker thread's protocol against the same preparation on the main thread: pure, no database. */

const settings: AafImportSettings = { ...defaultSettings, academy: 'AC-RENNES', collectiviteId: '00000000-0000-0000-0000-000000000000', schoolYear: 2026 };

/** The source in chunks of a few bytes: records, characters and tags straddle them. */
function chunked(source: AafSource, size: number): AafSource {
  return {
    ...source,
    open: async () => {
      const bytes: Buffer[] = [];
      for await (const chunk of await source.open()) bytes.push(Buffer.from(chunk as Buffer));
      const all = Buffer.concat(bytes);
      const pieces: (Buffer | string)[] = [];
      for (let i = 0; i < all.length; i += size) pieces.push(all.subarray(i, i + size));
      return Readable.from(pieces);
    },
  };
}

async function collect(batches: AsyncGenerator<Item[]>): Promise<{ batches: Item[][]; error: unknown }> {
  const seen: Item[][] = [];
  try {
    for await (const batch of batches) seen.push(batch);
  } catch (error) {
    return { batches: seen, error };
  }
  return { batches: seen, error: undefined };
}

describe('PrepareThread', () => {
  it('posts the batches the main thread would prepare, for every fixture and chunk size, and stops a malformed file after its earlier records', async () => {
    const thread = new PrepareThread(settings);
    const preparer = new RecordPreparer(settings);
    try {
      let files = 0;
      for (const folder of ['complet', 'delta', 'bad', 'encoding', 'same-batch']) {
        const set = await openAafSources([join(FIXTURES, folder)], ARCHIVE_LIMITS);
        for (const source of set.sources) {
          const expected = await collect(preparedBatches(preparer, source, 2));
          for (const size of [7, 4096]) {
            const actual = await collect(thread.batches(chunked(source, size), 2));
            expect(actual.batches).toEqual(expected.batches);
            expect(actual.error).toEqual(expected.error);
          }
          files++;
        }
        await set.close();
      }
      expect(files).toBeGreaterThanOrEqual(12);
      // The malformed fixture: its two earlier records arrive, then the error with its line.
      const bad = (await openAafSources([join(FIXTURES, 'bad')], ARCHIVE_LIMITS)).sources.find((s) => s.type === 'PersRelEleve')!;
      const outcome = await collect(thread.batches(bad, 1000));
      expect(outcome.batches.flat().map((item) => item.rec.id)).toEqual(['6100001', '6100002']);
      expect(outcome.error).toEqual(new AafFileError('malformed XML: unexpected close tag.', 24));
    } finally {
      await thread.close();
    }
  });

  it('serves the next file after one abandoned half-way (an import that failed on a batch)', async () => {
    const thread = new PrepareThread(settings);
    try {
      const set = await openAafSources([join(FIXTURES, 'complet')], ARCHIVE_LIMITS);
      const [first, second] = set.sources;
      for await (const batch of thread.batches(chunked(first!, 16), 1)) {
        expect(batch).toHaveLength(1);
        break;
      }
      const expected = await collect(preparedBatches(new RecordPreparer(settings), second!, 3));
      expect(await collect(thread.batches(second!, 3))).toEqual(expected);
      expect(expected.batches.length).toBeGreaterThan(0);
      await set.close();
    } finally {
      await thread.close();
    }
  });
});

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccount } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import type { Actor } from '../authorization.ts';
import { AppError } from '../errors.ts';
import { cleanContentType, cleanFileName, contentDisposition, downloadHeaders, type IncomingFile, storeUpload, type StoredUpload } from './uploads.ts';

describe('file names, types and download headers', () => {
  it.each([
    ['a right-to-left override hiding an .exe', 'corrige\u202efdp.exe', 'corrigefdp.exe'],
    ['isolates, marks, zero-width characters and joiners', '\u2066de\u200bvoir\u200d\u2069.pdf', 'devoir.pdf'],
    ['folders of either kind', 'C:\\Users\\élève/../copie.pdf', 'copie.pdf'],
    ['control characters and quotes', 'co"pie\u0000\n.pdf', 'copie .pdf'],
    ['nothing left', '\u202e\u200b', 'fichier'],
  ])('cleans %s', (_what, name, expected) => {
    expect(cleanFileName(name)).toBe(expected);
  });

  it('cuts a long name at 200 characters without splitting one', () => {
    expect([...cleanFileName(`${'é'.repeat(150)}${'😀'.repeat(100)}.pdf`)]).toHaveLength(200);
  });

  it('keeps a well-formed type, lower-cased, and refuses anything else', () => {
    expect(cleanContentType('Application/PDF')).toBe('application/pdf');
    expect(cleanContentType('text/html; charset=utf-8')).toBe('application/octet-stream');
    expect(cleanContentType('')).toBe('application/octet-stream');
  });

  it('always downloads, never sniffs, never caches, and never serves an active type as itself', () => {
    expect(downloadHeaders({ fileName: 'page.html', contentType: 'text/html', size: 3 })).toEqual({
      'content-type': 'application/octet-stream',
      'content-length': '3',
      'content-disposition': `attachment; filename="page.html"; filename*=UTF-8''page.html`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    expect(downloadHeaders({ fileName: 'a.svg', contentType: 'image/svg+xml' })['content-type']).toBe('application/octet-stream');
    expect(contentDisposition(`Rapport d'élève (1).pdf`)).toBe(`attachment; filename="Rapport d'_l_ve (1).pdf"; filename*=UTF-8''Rapport%20d%27%C3%A9l%C3%A8ve%20%281%29.pdf`);
    // A name stored before names were cleaned is cleaned on the way out too.
    expect(contentDisposition('x\u202egpj.exe')).toContain('filename="xgpj.exe"');
  });
});

describe('storeUpload', () => {
  let ctx: TestContext;
  let dataDir: string;
  const db = () => ctx.platform.database.db;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'preau-uploads-'));
    ctx = await createTestContext({ PREAU_DATA: dataDir, UPLOADS_PER_TEN_MINUTES: '5', STORAGE_QUOTA_ELEVE_MB: String(10 / 1024) });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function student(): Promise<Actor> {
    const account = await createAccount(db(), { profile: 'ELEVE' });
    return { accountId: account.id, profile: 'ELEVE', staffFunction: null, structureIds: [], admcCollectiviteIds: [], admlStructureIds: [], technicianCollectiviteIds: [] };
  }
  /** A file of `size` bytes, in 1 KiB chunks as a parser would hand them over. */
  function incoming(size: number, filename = 'f.bin'): IncomingFile {
    const chunks = Array.from({ length: Math.ceil(size / 1024) }, (_, i) => Buffer.alloc(Math.min(1024, size - i * 1024), 1));
    return { filename, mimetype: 'application/pdf', file: Readable.from(chunks) };
  }
  const stored = () => {
    try {
      return readdirSync(join(dataDir, 'files', 'test'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    } catch {
      return 0;
    }
  };
  const usage = async (accountId: string) =>
    Number((await db().selectFrom('storage_usage').select('used_bytes').where('account_id', '=', accountId).executeTakeFirst())?.used_bytes ?? 0);
  const keepUpload = { prefix: 'test', maxBytes: 8 * 1024, tooLargeCode: 'FILE_TOO_LARGE' as const, keep: async (_trx: unknown, upload: StoredUpload) => upload };
  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ACCEPTED', (error: unknown) => (error instanceof AppError ? error.code : String(error)));

  it('cuts a file at the size limit while it streams, and keeps nothing', async () => {
    const actor = await student();
    const file = incoming(20 * 1024);
    expect(await codeOf(storeUpload(ctx.platform, actor, file, keepUpload))).toBe('FILE_TOO_LARGE');
    expect(stored()).toBe(0);
    expect(await usage(actor.accountId)).toBe(0);
  });

  it('deletes the bytes when the app refuses the file in its transaction, and charges nothing', async () => {
    const actor = await student();
    const refusing = { ...keepUpload, keep: async () => Promise.reject(new AppError('TOO_MANY_FILES')) };
    expect(await codeOf(storeUpload(ctx.platform, actor, incoming(1024), refusing))).toBe('TOO_MANY_FILES');
    expect(stored()).toBe(0);
    expect(await usage(actor.accountId)).toBe(0);
    expect(await db().selectFrom('stored_files').select('storage_key').where('account_id', '=', actor.accountId).execute()).toEqual([]);
  });

  it('refuses a full account before reading a byte, and cuts a file at what is left of the quota', async () => {
    const actor = await student();
    const first = await storeUpload(ctx.platform, actor, incoming(6 * 1024), keepUpload);
    expect(first.size).toBe(6 * 1024);
    expect(await codeOf(storeUpload(ctx.platform, actor, incoming(6 * 1024), keepUpload))).toBe('STORAGE_QUOTA_EXCEEDED');
    expect(stored()).toBe(1);
    await storeUpload(ctx.platform, actor, incoming(4 * 1024), keepUpload);
    expect(await usage(actor.accountId)).toBe(10 * 1024);
    const put = vi.spyOn(ctx.platform.storage, 'put');
    expect(await codeOf(storeUpload(ctx.platform, actor, incoming(1), keepUpload))).toBe('STORAGE_QUOTA_EXCEEDED');
    expect(put).not.toHaveBeenCalled();
    put.mockRestore();
    expect(stored()).toBe(2);
  });

  it('limits the uploads of one account in ten minutes, whatever their size', async () => {
    const actor = await student();
    const other = await student();
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push(await codeOf(storeUpload(ctx.platform, actor, incoming(10), keepUpload)));
    expect(codes).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'UPLOADS_TOO_FAST']);
    // Another account is not slowed down; ten minutes later the account may upload again.
    expect(await codeOf(storeUpload(ctx.platform, other, incoming(10), keepUpload))).toBe('ACCEPTED');
    ctx.clock.advance(10 * 60_000 + 1);
    expect(await codeOf(storeUpload(ctx.platform, actor, incoming(10), keepUpload))).toBe('ACCEPTED');
  });
});

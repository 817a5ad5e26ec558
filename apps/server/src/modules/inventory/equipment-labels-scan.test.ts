import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';

/**
 * The printed labels as a phone sees them: the PDF the API answers is
 * rasterised by poppler (Debian poppler-utils, `pdftoppm`, at 150 dpi like a
 * photo of a sheet), each label is cut out and decoded by jsQR, a decoder
 * nobody here wrote. Every code must read as its own equipment's
 * "Signaler une panne" URL. Listed in vitest.config.ts `needs` (pdftoppm).
 */

// jsqr is CommonJS typed as an ES module: Node's default import is its module object, the decoder is `.default`.
const jsQR = jsqr.default;

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
const as = sessionsOn(() => ctx.app);
let dir: string;
const DPI = 150;
const COLUMNS = 3;
const ROWS = 8;

beforeAll(async () => {
  ctx = await createTestContext();
  a = await createSchool(ctx.platform.database.db);
  dir = mkdtempSync(join(tmpdir(), 'preau-labels-'));
});
afterAll(async () => {
  await ctx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The QR codes of every label of the sheet, read label by label (3 × 8 per A4 page). */
function scan(pdf: Buffer): string[] {
  writeFileSync(join(dir, 'labels.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', String(DPI), '-png', join(dir, 'labels.pdf'), join(dir, 'page')]);
  const pages = readdirSync(dir).filter((f) => f.startsWith('page')).sort();
  const found: string[] = [];
  for (const page of pages) {
    const png = PNG.sync.read(readFileSync(join(dir, page)));
    const cellWidth = Math.floor(png.width / COLUMNS);
    const cellHeight = Math.floor(png.height / ROWS);
    for (let row = 0; row < ROWS; row++) {
      for (let column = 0; column < COLUMNS; column++) {
        // The label's left half: its QR code and the quiet zone around it.
        const width = Math.floor(cellWidth / 2);
        const cell = new Uint8ClampedArray(width * cellHeight * 4);
        for (let y = 0; y < cellHeight; y++) {
          const from = ((row * cellHeight + y) * png.width + column * cellWidth) * 4;
          cell.set(png.data.subarray(from, from + width * 4), y * width * 4);
        }
        const code = jsQR(cell, width, cellHeight);
        if (code) found.push(code.data);
      }
    }
  }
  return found;
}

describe('a printed sheet of labels, scanned', () => {
  it('every label’s QR code opens “Signaler une panne” for its own equipment', async () => {
    const admin = await as(a.adml);
    const ids: string[] = [];
    // 26 labels: a full sheet and two on the second one.
    for (let i = 1; i <= 26; i++) {
      const created = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/inventory/structures/${a.structure.id}/equipment`,
        headers: { ...admin },
        payload: { kind: i === 1 ? 'PROJECTOR' : 'COMPUTER', name: i === 1 ? 'Vidéoprojecteur B102' : `Poste B102-${i}`, building: 'B', room: 'B102' },
      });
      expect(created.statusCode, created.body).toBe(201);
      ids.push(created.json().id);
    }
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/inventory/structures/${a.structure.id}/labels.pdf?room=B102`, headers: { ...admin } });
    expect(response.statusCode).toBe(200);
    const urls = scan(response.rawPayload);
    const publicUrl = ctx.platform.config.publicUrl;
    expect(urls.sort()).toEqual(ids.map((id) => `${publicUrl}/support?equipment=${id}`).sort());
    // What poppler reads as the page's text (another independent reader): the words of a label.
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'labels.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Signaler une panne');
    expect(text).toContain('Vidéoprojecteur B102');
    expect(text).toContain('Bât. B, salle B102');
  });
});

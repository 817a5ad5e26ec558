import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { pdfPagesText } from '../../../test/pdf-text.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { renderEquipmentLabels } from './equipment-labels.pdf.ts';
import { reportFaultUrl } from './equipment-labels.service.ts';

/**
 * Labels with a QR code per equipment: who prints them, which equipment they
 * cover, what a label says, and that its QR code is the code of the
 * equipment's "Signaler une panne" URL (read back from the page's drawing).
 * equipment-labels-scan.test.ts decodes the printed page with a real renderer
 * and a QR decoder.
 */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
const as = sessionsOn(() => ctx.app);
const ids: Record<string, string> = {};

function get(url: string, auth: AuthHeaders) {
  return ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { ...auth } });
}

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  b = await createSchool(db);
  const admin = await as(a.adml);
  const items = [
    { kind: 'PROJECTOR', name: 'Vidéoprojecteur B102', building: 'B', room: 'B102', serial: 'EPS-X49-0012' },
    { kind: 'INTERACTIVE_BOARD', name: 'Écran interactif B102', building: 'B', room: 'B102' },
    { kind: 'PRINTER', name: 'Imprimante CDI', building: 'A', room: 'CDI', serial: 'HP-42' },
    { kind: 'PRINTER', name: 'Imprimante réformée', room: 'B102', status: 'RETIRED' },
    ...Array.from({ length: 25 }, (_, i) => ({ kind: 'COMPUTER', name: `Poste ${String(i + 1).padStart(2, '0')}`, building: 'C', room: 'C201' })),
  ];
  for (const item of items) {
    const created = await ctx.app.inject({ method: 'POST', url: `/api/v1/inventory/structures/${a.structure.id}/equipment`, headers: { ...admin }, payload: item });
    expect(created.statusCode, created.body).toBe(201);
    ids[item.name] = created.json().id;
  }
  const other = await ctx.app.inject({ method: 'POST', url: `/api/v1/inventory/structures/${b.structure.id}/equipment`, headers: { ...(await as(b.adml)) }, payload: { kind: 'PROJECTOR', name: 'Projecteur de B' } });
  ids['Projecteur de B'] = other.json().id;
});
afterAll(async () => {
  await ctx?.close();
});

describe('who prints a room’s labels', () => {
  // Labels are stuck by those who keep the register; staff and teachers report faults, they do not label.
  const actors = [
    ['ADML of the structure', 200, () => a.adml],
    ['ADMC of the collectivité', 200, () => a.admc],
    ['teacher of the structure', 403, () => a.teacher],
    ['staff of the structure', 403, () => a.staff],
    ['student of the structure', 403, () => a.student],
    ['parent of the structure', 403, () => a.parent],
    ['ADML of another structure', 404, () => b.adml],
    ['ADMC of another collectivité', 404, () => b.admc],
  ] as const;

  it.each(actors)('as a %s: %i', async (_who, status, account) => {
    const response = await get(`/inventory/structures/${a.structure.id}/labels.pdf?room=B102`, await as(account()));
    expect(response.statusCode).toBe(status);
    if (status === 200) {
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="etiquettes-${a.structure.uai}-B102.pdf"`);
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    } else {
      expect(response.rawPayload.subarray(0, 5).toString()).not.toBe('%PDF-');
    }
  });
});

describe('which equipment gets a label', () => {
  it('a room: its equipment in service, 24 labels per A4 sheet', async () => {
    const admin = await as(a.adml);
    const room = await get(`/inventory/structures/${a.structure.id}/labels.pdf?room=B102`, admin);
    expect(room.statusCode).toBe(200);
    expect(pageCount(room.rawPayload)).toBe(1);
    const c201 = await get(`/inventory/structures/${a.structure.id}/labels.pdf?room=C201`, admin);
    expect(pageCount(c201.rawPayload)).toBe(2);
  });

  it('a selection of ids, within a room or not', async () => {
    const admin = await as(a.adml);
    const picked = [ids['Imprimante CDI'], ids['Vidéoprojecteur B102']].join(',');
    const response = await get(`/inventory/structures/${a.structure.id}/labels.pdf?ids=${picked}`, admin);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="etiquettes-${a.structure.uai}.pdf"`);
  });

  const refusals: Array<[string, () => string, number, string]> = [
    ['no room and no selection', () => '', 422, 'INVENTORY_LABELS_EMPTY'],
    ['a room with no equipment', () => '?room=Z999', 422, 'INVENTORY_LABELS_EMPTY'],
    ['a room whose only equipment is retired', () => `?ids=${ids['Imprimante réformée']}&room=B102`, 422, 'INVENTORY_LABELS_EMPTY'],
    ['an id of another structure', () => `?ids=${ids['Vidéoprojecteur B102']},${ids['Projecteur de B']}`, 404, 'NOT_FOUND'],
    ['an id that is not one', () => '?ids=not-an-id', 400, 'VALIDATION_FAILED'],
    ['more than 240 ids', () => `?ids=${Array.from({ length: 241 }, () => ids['Vidéoprojecteur B102']).join(',')}`, 400, 'VALIDATION_FAILED'],
    ['an unknown parameter', () => '?room=B102&all=true', 400, 'VALIDATION_FAILED'],
  ];

  it.each(refusals)('refuses %s with a stable code', async (_case, query, status, code) => {
    const response = await get(`/inventory/structures/${a.structure.id}/labels.pdf${query()}`, await as(a.adml));
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
  });
});

/** The dark modules the page draws: one `x y w h re` per run, in PDF points from the bottom-left corner. */
function drawnModules(pdf: Buffer, expectedSize: number, label: { x: number; top: number }) {
  const stream = [...pdf.toString('latin1').matchAll(/stream\n([\s\S]*?)\nendstream/g)].map((m) => m[1]!).find((s) => s.includes(' re'))!;
  const rects = [...stream.matchAll(/([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) re/g)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]);
  // pdfkit flips the y axis once at the top of the page (1 0 0 -1 0 842): rectangles are in top-down coordinates.
  const module = Math.min(...rects.map((r) => r[3]));
  const inLabel = rects.filter(([x, y]) => x >= label.x && x < label.x + 90 && y >= label.top && y < label.top + 90);
  const originX = Math.min(...inLabel.map((r) => r[0]));
  const originY = Math.min(...inLabel.map((r) => r[1]));
  const grid = Array.from({ length: expectedSize }, () => Array.from({ length: expectedSize }, () => 0));
  for (const [x, y, w] of inLabel) {
    const row = Math.round((y - originY) / module);
    const first = Math.round((x - originX) / module);
    for (let c = first; c < first + Math.round(w / module); c++) grid[row]![c] = 1;
  }
  return grid;
}

describe('what a label says', () => {
  const publicUrl = 'https://ent.example.fr';
  const item = { id: '4f0c5a8e-2b1d-4c3e-9f6a-7b8c9d0e1f23', name: 'Vidéoprojecteur B102', kind: 'PROJECTOR' as const, building: 'B', room: 'B102', serial: 'EPS-X49-0012' };

  it('points to the ENT’s “Signaler une panne” page for this equipment', () => {
    expect(reportFaultUrl(publicUrl, item.id)).toBe(`https://ent.example.fr/support?equipment=${item.id}`);
  });

  it('cuts a name too long for its line with an ellipsis', async () => {
    const long = { ...item, name: 'Vidéoprojecteur interactif à focale courte de la salle polyvalente' };
    const pdf = await renderEquipmentLabels({ structureName: 'Lycée', items: [long], reportUrl: (id) => reportFaultUrl(publicUrl, id), createdAt: new Date(0), compress: false });
    const name = pdfPagesText(pdf)[0]!.split('\n')[3]!;
    expect(name).toMatch(/^Vidéoprojecteur .+…$/);
    expect(name.length).toBeLessThan(long.name.length);
  });

  it('names the equipment, its type, place and serial, in French, next to the QR code of that URL', async () => {
    const url = reportFaultUrl(publicUrl, item.id);
    const pdf = await renderEquipmentLabels({ structureName: 'Lycée Simone-Veil', items: [item], reportUrl: (id) => reportFaultUrl(publicUrl, id), createdAt: new Date(0), compress: false });
    const [text] = pdfPagesText(pdf);
    expect(text?.split('\n')).toEqual([
      'Signaler une panne',
      'Scannez ce code',
      'avec votre téléphone',
      'Vidéoprojecteur B102',
      'Vidéoprojecteur',
      'Bât. B, salle B102',
      'N° EPS-X49-0012',
      'Lycée Simone-Veil',
    ]);
    const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    const grid = drawnModules(pdf, expected.size, { x: 0, top: 0 });
    const want = Array.from({ length: expected.size }, (_, r) => Array.from({ length: expected.size }, (_, c) => expected.get(r, c)));
    expect(grid).toEqual(want);
  });
});

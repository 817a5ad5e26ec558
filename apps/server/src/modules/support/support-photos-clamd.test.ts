import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestClamd, type TestClamd } from '../../../test/clamd-daemon.ts';
import { createSchool } from '../../../test/factories.ts';
import { sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { rescanPendingPhotos } from './support-photos.service.ts';

/**
 * Support photos through Debian's clamd (the same antivirus path as the espace documentaire): a clean photo is
 * served with its thumbnail; a photo clamd names (here by an MD5 signature of that very picture) is refused with
 * SUPPORT_PHOTO_INFECTED and nothing is kept; with clamd down a photo waits, unseen, until the periodic rescan.
 * Included in the run only where /usr/sbin/clamd exists (vitest.config.ts).
 */

let ctx: TestContext;
let clamd: TestClamd;
let school: Awaited<ReturnType<typeof createSchool>>;
let ticketId: string;
let clean: Buffer;
let infected: Buffer;
const as = sessionsOn(() => ctx.app);

async function upload(content: Buffer) {
  const boundary = `----preau${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="panne.png"\r\nContent-Type: image/png\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/support/tickets/${ticketId}/photos`,
    headers: { ...(await as(school.teacher)), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

async function stored() {
  const db = ctx.platform.database.db;
  const photos = await db.selectFrom('support_photos').innerJoin('support_tickets', 'support_tickets.id', 'support_photos.ticket_id').where('support_tickets.id', '=', ticketId).select('support_photos.id').execute();
  const files = await db.selectFrom('stored_files').where('account_id', '=', school.teacher.id).select('storage_key').execute();
  return { photos: photos.length, files: files.length };
}

beforeAll(async () => {
  clean = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 10, g: 120, b: 10 } } }).png().toBuffer();
  infected = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 250, g: 0, b: 250 } } }).png().toBuffer();
  clamd = await startTestClamd([{ name: 'Preau-Photo-Test', content: infected }]);
  ctx = await createTestContext({ CLAMD_SOCKET: clamd.socket, CLAMD_TIMEOUT_SECONDS: '5' });
  school = await createSchool(ctx.platform.database.db);
  const opened = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/support/structures/${school.structure.id}/tickets`,
    headers: await as(school.teacher),
    payload: { title: 'Écran cassé', description: 'La dalle est fendue.', urgency: 'NORMAL' },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  ticketId = opened.json().id;
}, 60_000);
afterAll(async () => {
  await ctx?.close();
  await clamd?.close();
});

describe('support photos and clamd', () => {
  it('a clean photo is scanned, served and given its thumbnail', async () => {
    const response = await upload(clean);
    expect(response.statusCode, response.body).toBe(201);
    const [photo] = response.json().photos as Array<{ id: string; pending: boolean; hasThumbnail: boolean }>;
    expect(photo).toMatchObject({ pending: false, hasThumbnail: true });
    const row = await ctx.platform.database.db.selectFrom('support_photos').select('scan_status').where('id', '=', photo!.id).executeTakeFirstOrThrow();
    expect(row.scan_status).toBe('clean');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/support/photos/${photo!.id}/thumbnail`, headers: await as(school.adml) })).statusCode).toBe(200);
  });

  it('a photo clamd finds infected: SUPPORT_PHOTO_INFECTED, no row, no bytes, no quota charged', async () => {
    const before = await stored();
    const response = await upload(infected);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('SUPPORT_PHOTO_INFECTED');
    expect(await stored()).toEqual(before);
  });

  it('clamd down: the photo waits unseen, then the rescan passes it once clamd is back', async () => {
    await clamd.stop();
    try {
      const response = await upload(clean);
      expect(response.statusCode, response.body).toBe(201);
      const photo = (response.json().photos as Array<{ id: string; pending: boolean; hasThumbnail: boolean }>).at(-1)!;
      expect(photo).toMatchObject({ pending: true, hasThumbnail: false });
      expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/support/photos/${photo.id}`, headers: await as(school.teacher) })).statusCode).toBe(404);
      expect(await rescanPendingPhotos(ctx.platform)).toEqual({ scanned: 0, infected: 0 });
    } finally {
      await clamd.start();
    }
    expect(await rescanPendingPhotos(ctx.platform)).toEqual({ scanned: 1, infected: 0 });
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/support/tickets/${ticketId}`, headers: await as(school.teacher) })).json();
    expect(detail.photos.every((p: { pending: boolean; hasThumbnail: boolean }) => !p.pending && p.hasThumbnail)).toBe(true);
  });
});

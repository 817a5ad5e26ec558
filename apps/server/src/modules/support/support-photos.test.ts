import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createSchool, createStructure, grantAdmin } from '../../../test/factories.ts';
import { type AuthHeaders, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { imageTypeOf, SUPPORT_MAX_PHOTOS, SUPPORT_PHOTO_MAX_BYTES } from './support-photos.service.ts';

/**
 * Photos of a support ticket through the API (no antivirus configured here; clamd's verdicts are in
 * support-photos-clamd.test.ts): who adds them and who sees them, as a table of actors; thumbnails; and every bad
 * input refused with its code and nothing kept (no row, no stored bytes, no quota charged).
 */

let ctx: TestContext;
type School = Awaited<ReturnType<typeof createSchool>>;
type Account = { id: string; login: string };
let a: School;
let c2: School;
let colleague: Account;
let admlOther: Account;
let tech: Account;
let techOtherArea: Account;
let ticketId: string;
let png: Buffer;
let jpeg: Buffer;
const as = sessionsOn(() => ctx.app);

function call(method: 'GET' | 'POST' | 'PUT', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

/** A multipart body with one file. */
function multipart(content: Buffer, fileName: string, type: string) {
  const boundary = `----preau${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(account: { login: string }, id: string, content: Buffer, fileName = 'panne.png', type = 'image/png') {
  const body = multipart(content, fileName, type);
  return ctx.app.inject({ method: 'POST', url: `/api/v1/support/tickets/${id}/photos`, headers: { ...(await as(account)), 'content-type': body.contentType }, payload: body.payload });
}

async function counts() {
  const db = ctx.platform.database.db;
  const photos = await db.selectFrom('support_photos').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const stored = await db.selectFrom('stored_files').where('storage_key', 'like', 'support/%').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { photos: Number(photos.n), stored: Number(stored.n) };
}

async function openTicket(account: { login: string }, title: string) {
  const response = await call('POST', `/support/structures/${a.structure.id}/tickets`, await as(account), { title, description: 'Voir la photo.', room: 'B102', urgency: 'HIGH' });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  c2 = await createSchool(db);
  colleague = await createAccount(db, { profile: 'ENSEIGNANT', structureIds: [a.structure.id] });
  const structure2 = await createStructure(db, { collectiviteId: a.structure.collectivite_id });
  admlOther = await createAccount(db, { profile: 'PERSONNEL', structureIds: [structure2.id] });
  await grantAdmin(db, admlOther.id, { adml: structure2.id });
  tech = await createAccount(db, { profile: 'COLLECTIVITE', firstName: 'Tom', lastName: 'Technicien' });
  techOtherArea = await createAccount(db, { profile: 'COLLECTIVITE', firstName: 'Inès', lastName: 'Autrezone' });
  const admc = await as(a.admc);
  const cid = a.structure.collectivite_id;
  for (const account of [tech, techOtherArea]) expect((await call('POST', `/support/collectivites/${cid}/technicians`, admc, { accountId: account.id })).statusCode).toBe(200);
  expect((await call('POST', `/support/collectivites/${cid}/teams`, admc, { name: 'Nord', structureIds: [a.structure.id], technicianIds: [tech.id] })).statusCode).toBe(201);
  expect((await call('POST', `/support/collectivites/${cid}/teams`, admc, { name: 'Sud', structureIds: [structure2.id], technicianIds: [techOtherArea.id] })).statusCode).toBe(201);
  png = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
  jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 30, g: 30, b: 200 } } }).jpeg().toBuffer();
  ticketId = await openTicket(a.teacher, 'Le vidéoprojecteur ne s’allume plus');
});
afterAll(async () => {
  await ctx?.close();
});

describe('photos of a ticket', () => {
  it('the requester adds one when he reports: it is listed with a thumbnail of 256 px at most, and the picture itself is served', async () => {
    const response = await upload(a.teacher, ticketId, png);
    expect(response.statusCode, response.body).toBe(201);
    const photos = response.json().photos as Array<{ id: string; pending: boolean; hasThumbnail: boolean; authorName: string }>;
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ pending: false, hasThumbnail: true });
    const thumb = await call('GET', `/support/photos/${photos[0]!.id}/thumbnail`, await as(a.teacher));
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(256);
    const full = await call('GET', `/support/photos/${photos[0]!.id}`, await as(a.teacher));
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/png');
    expect(full.headers['x-content-type-options']).toBe('nosniff');
    expect(full.rawPayload.equals(png)).toBe(true);
  });

  it('a handler adds one in a follow-up (a JPEG); the type kept is the one its bytes say', async () => {
    const response = await upload(tech, ticketId, jpeg, 'photo.JPG', 'image/png');
    expect(response.statusCode, response.body).toBe(201);
    const photo = (response.json().photos as Array<{ id: string }>).at(-1)!;
    expect((await call('GET', `/support/photos/${photo.id}`, await as(tech))).headers['content-type']).toBe('image/jpeg');
  });

  // who, adds a photo, sees the photos in the ticket, opens a photo and its thumbnail
  const table = [
    ['requester', 201, true, 200, () => a.teacher],
    ['another teacher of the same school', 404, false, 404, () => colleague],
    ['student of the structure', 404, false, 404, () => a.student],
    ['parent of the structure', 404, false, 404, () => a.parent],
    ['ADML of the structure', 201, true, 200, () => a.adml],
    ['technician of the area', 201, true, 200, () => tech],
    ['technician of another area', 404, false, 404, () => techOtherArea],
    ['ADMC of the collectivité', 201, true, 200, () => a.admc],
    ['ADML of another structure', 404, false, 404, () => admlOther],
    ['ADMC of another collectivité', 404, false, 404, () => c2.admc],
  ] as const;

  it.each(table)('as the %s: adds %i, sees them %s, opens %i', async (_who, adds, sees, opens, account) => {
    const id = await openTicket(a.teacher, `Écran noir ${Math.random()}`);
    expect((await upload(a.teacher, id, png)).statusCode).toBe(201);
    const before = await counts();
    const added = await upload(account(), id, png);
    expect(added.statusCode).toBe(adds);
    expect(await counts()).toEqual(adds === 201 ? { photos: before.photos + 1, stored: before.stored + 1 } : before);
    const read = await call('GET', `/support/tickets/${id}`, await as(account()));
    expect(read.statusCode === 200 && read.json().photos.length > 0).toBe(sees);
    const photoId = ((await call('GET', `/support/tickets/${id}`, await as(a.teacher))).json().photos as Array<{ id: string }>)[0]!.id;
    expect((await call('GET', `/support/photos/${photoId}`, await as(account()))).statusCode).toBe(opens);
    const thumb = await call('GET', `/support/photos/${photoId}/thumbnail`, await as(account()));
    expect(thumb.statusCode).toBe(opens);
    if (opens !== 200) expect(thumb.rawPayload.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
  });
});

describe('bad photos are refused with a stable code and nothing kept', () => {
  it('a PDF, a text file named .png and an SVG: SUPPORT_PHOTO_NOT_IMAGE', async () => {
    const before = await counts();
    const cases: Array<[Buffer, string, string]> = [
      [Buffer.from('%PDF-1.4 une facture'), 'facture.pdf', 'application/pdf'],
      [Buffer.from('pas une image du tout'), 'faux.png', 'image/png'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'dessin.svg', 'image/svg+xml'],
    ];
    for (const [content, name, type] of cases) {
      const response = await upload(a.teacher, ticketId, content, name, type);
      expect(response.statusCode, name).toBe(415);
      expect(response.json().error.code).toBe('SUPPORT_PHOTO_NOT_IMAGE');
    }
    expect(await counts()).toEqual(before);
  });

  it('a photo over 10 MB: SUPPORT_PHOTO_TOO_LARGE (413)', async () => {
    const before = await counts();
    const big = Buffer.concat([png, Buffer.alloc(SUPPORT_PHOTO_MAX_BYTES)]);
    const response = await upload(a.teacher, ticketId, big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('SUPPORT_PHOTO_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it('past 10 photos on a ticket, even sent at once: SUPPORT_TOO_MANY_PHOTOS', async () => {
    const id = await openTicket(a.teacher, 'Tableau interactif décalibré');
    const responses = await Promise.all(Array.from({ length: SUPPORT_MAX_PHOTOS + 3 }, () => upload(a.teacher, id, png)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(SUPPORT_MAX_PHOTOS);
    const refused = responses.filter((r) => r.statusCode !== 201);
    expect(refused.map((r) => r.json().error.code)).toEqual(['SUPPORT_TOO_MANY_PHOTOS', 'SUPPORT_TOO_MANY_PHOTOS', 'SUPPORT_TOO_MANY_PHOTOS']);
    expect((await call('GET', `/support/tickets/${id}`, await as(a.teacher))).json().photos).toHaveLength(SUPPORT_MAX_PHOTOS);
  });

  it('not multipart, no file, an unknown ticket or photo', async () => {
    const auth = await as(a.teacher);
    const json = await call('POST', `/support/tickets/${ticketId}/photos`, auth, { file: 'x' });
    expect(json.statusCode).toBe(415);
    const unknown = await upload(a.teacher, '00000000-0000-4000-8000-000000000000', png);
    expect(unknown.statusCode).toBe(404);
    expect((await call('GET', '/support/photos/00000000-0000-4000-8000-000000000000', auth)).statusCode).toBe(404);
  });
});

describe('imageTypeOf', () => {
  it('tells the four picture types by their first bytes, and nothing else', async () => {
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'white' } }).gif().toBuffer();
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'white' } }).webp().toBuffer();
    expect([png, jpeg, gif, webp].map((b) => imageTypeOf(b.subarray(0, 12)))).toEqual(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
    expect(imageTypeOf(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeUndefined();
    expect(imageTypeOf(Buffer.from('<svg'))).toBeUndefined();
    expect(imageTypeOf(Buffer.alloc(0))).toBeUndefined();
  });
});

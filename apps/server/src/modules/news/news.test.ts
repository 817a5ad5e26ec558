import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createClass, createSchool, grantAdmin, uniqueSuffix } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs, sessionsOn } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import { publishDueNews } from './news.service.ts';

/** Actualités: who reads, writes, submits and publishes; one notification to the audience, on publication only. */

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createSchool>>;
let b: Awaited<ReturnType<typeof createSchool>>;
let otherClassId: string;
let people: Record<string, { id: string; login: string }>;
const as = sessionsOn(() => ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createSchool(db);
  b = await createSchool(db);
  const sid = [a.structure.id];
  otherClassId = (await createClass(db, a.structure.id)).id;
  const neighbour = await createAccount(db, { profile: 'ELEVE', firstName: 'Hugo', structureIds: sid, classId: otherClassId });
  const dir = await createAccount(db, { profile: 'PERSONNEL', staffFunction: 'DIR', firstName: 'Odile', structureIds: sid });
  const admcC2 = await createAccount(db, { profile: 'COLLECTIVITE' });
  const c2School = await createSchool(db);
  // createSchool makes a new collectivité per structure: b and c2School are both outside a's collectivité.
  await grantAdmin(db, admcC2.id, { admc: c2School.structure.collectivite_id });
  people = {
    author: a.teacher,
    publisher: a.adml,
    dir,
    audience: a.student,
    parent: a.parent,
    neighbour,
    staff: a.staff,
    otherStructure: b.student,
    admlS2: b.adml,
    admc: a.admc,
    admcC2,
  };
});
afterAll(async () => {
  await ctx?.close();
});

function call(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, auth: AuthHeaders, payload?: object) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...auth }, ...(payload ? { payload } : {}) });
}

async function timelineCount(accountId: string, newsId: string): Promise<number> {
  const rows = await ctx.platform.database.db
    .selectFrom('timeline_events')
    .select('id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'news.published')
    .where('object_id', '=', newsId)
    .execute();
  return rows.length;
}

function draft(overrides: Record<string, unknown> = {}) {
  return {
    title: `Sortie au musée ${uniqueSuffix()}`,
    contentHtml: '<p>Rendez-vous à <strong>8 h</strong> devant le collège.</p><script>alert(1)</script>',
    target: { type: 'CLASS', id: a.schoolClass.id },
    audience: ['ELEVE', 'PARENT'],
    ...overrides,
  };
}

async function create(who: string, overrides: Record<string, unknown> = {}) {
  const response = await call('POST', '/news', await as(people[who]!), draft(overrides));
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; state: string; contentHtml: string; title: string };
}

async function transition(who: string, id: string, action: string) {
  return call('POST', `/news/${id}/transitions`, await as(people[who]!), { action });
}

describe('the workflow, as a table of actors at each state', () => {
  it('a draft is its author’s only; once submitted the publishers see it; once published, its audience', async () => {
    const item = await create('author');
    expect(item.state).toBe('DRAFT');
    expect(item.contentHtml).not.toContain('script');
    expect(item.contentHtml).toContain('<strong>8 h</strong>');

    const readers = async () =>
      Object.fromEntries(await Promise.all(Object.keys(people).map(async (who) => [who, (await call('GET', `/news/${item.id}`, await as(people[who]!))).statusCode])));
    const none = Object.fromEntries(Object.keys(people).map((who) => [who, 404]));

    expect(await readers()).toEqual({ ...none, author: 200 });
    // Nobody but the author submits it; the publisher cannot see, hence not publish, a draft not his.
    expect((await transition('publisher', item.id, 'publish')).statusCode).toBe(404);
    expect((await transition('audience', item.id, 'submit')).statusCode).toBe(404);

    expect((await transition('author', item.id, 'submit')).json()).toMatchObject({ state: 'SUBMITTED', canPublish: false });
    expect(await readers()).toEqual({ ...none, author: 200, publisher: 200, dir: 200, admc: 200 });
    expect((await transition('author', item.id, 'publish')).statusCode).toBe(403);
    expect((await transition('staff', item.id, 'publish')).statusCode).toBe(404);
    expect((await transition('admlS2', item.id, 'publish')).statusCode).toBe(404);
    expect((await transition('admcC2', item.id, 'publish')).statusCode).toBe(404);

    const published = await transition('dir', item.id, 'publish');
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ state: 'PUBLISHED', canUnpublish: true });
    expect(await readers()).toEqual({ ...none, author: 200, publisher: 200, dir: 200, admc: 200, audience: 200, parent: 200 });
    // Published: the author no longer edits it; readers never do.
    expect((await call('PUT', `/news/${item.id}`, await as(people.author!), draft())).statusCode).toBe(403);
    expect((await call('PUT', `/news/${item.id}`, await as(people.audience!), draft())).statusCode).toBe(403);
    expect((await call('DELETE', `/news/${item.id}`, await as(people.audience!))).statusCode).toBe(403);
    expect((await call('DELETE', `/news/${item.id}`, await as(people.neighbour!))).statusCode).toBe(404);
  });
});

describe('notifications', () => {
  it('tell the audience once, on publication (who, which news), and never again on an edit or a republication', async () => {
    const item = await create('author');
    await transition('author', item.id, 'submit');
    expect(await timelineCount(people.audience!.id, item.id)).toBe(0);
    await transition('publisher', item.id, 'publish');
    for (const who of ['audience', 'parent']) expect(await timelineCount(people[who]!.id, item.id)).toBe(1);
    for (const who of ['author', 'neighbour', 'otherStructure', 'staff']) expect(await timelineCount(people[who]!.id, item.id)).toBe(0);
    const event = await ctx.platform.database.db
      .selectFrom('timeline_events')
      .select(['data', 'object_type', 'actor_id'])
      .where('account_id', '=', people.audience!.id)
      .where('object_id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(event.object_type).toBe('news');
    expect(event.actor_id).toBe(people.author!.id);
    expect(event.data).toMatchObject({ title: item.title, authorName: expect.stringContaining('Paul') });

    const edit = await call('PUT', `/news/${item.id}`, await as(people.publisher!), draft({ title: 'Sortie au musée (horaires changés)' }));
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await transition('publisher', item.id, 'unpublish')).json()).toMatchObject({ state: 'SUBMITTED' });
    expect((await call('GET', `/news/${item.id}`, await as(people.audience!))).statusCode).toBe(404);
    await transition('publisher', item.id, 'publish');
    expect(await timelineCount(people.audience!.id, item.id)).toBe(1);
  });

  it('a deferred item is hidden and untold until its date, then told once', async () => {
    const publishAt = new Date(ctx.clock.now + 2 * 86_400_000).toISOString();
    const item = await create('publisher', { publishAt, target: { type: 'STRUCTURE', id: a.structure.id }, audience: ['ELEVE'] });
    const published = await transition('publisher', item.id, 'publish');
    expect(published.json()).toMatchObject({ state: 'INCOMING' });
    expect((await call('GET', `/news/${item.id}`, await as(people.neighbour!))).statusCode).toBe(404);
    await publishDueNews(ctx.platform);
    expect(await timelineCount(people.neighbour!.id, item.id)).toBe(0);
    ctx.clock.advance(3 * 86_400_000);
    try {
      expect(await publishDueNews(ctx.platform)).toBeGreaterThanOrEqual(1);
      expect(await publishDueNews(ctx.platform)).toBe(0);
      // A structure-wide item for students: every student of the structure, no parent.
      expect(await timelineCount(people.neighbour!.id, item.id)).toBe(1);
      expect(await timelineCount(people.audience!.id, item.id)).toBe(1);
      expect(await timelineCount(people.parent!.id, item.id)).toBe(0);
      // A new session: the first one has idled out over the three days.
      expect((await call('GET', `/news/${item.id}`, await loginAs(ctx.app, people.neighbour!.login))).statusCode).toBe(200);
    } finally {
      ctx.clock.advance(-3 * 86_400_000);
    }
  });
});

describe('lists', () => {
  it('the portal box holds what the reader is in the audience of, live only, keyset-paged', async () => {
    const live = await create('publisher', { title: `Kermesse ${uniqueSuffix()}` });
    await transition('publisher', live.id, 'publish');
    const expired = await create('publisher', { expireAt: new Date(ctx.clock.now + 60_000).toISOString() });
    await transition('publisher', expired.id, 'publish');
    ctx.clock.advance(120_000);
    const mine = await call('GET', '/news?box=published&limit=50', await as(people.audience!));
    const ids = (mine.json() as { items: { id: string }[] }).items.map((i) => i.id);
    expect(ids).toContain(live.id);
    expect(ids).not.toContain(expired.id);
    const neighbour = (await call('GET', '/news?box=published&limit=50', await as(people.neighbour!))).json() as { items: { id: string }[] };
    expect(neighbour.items.map((i) => i.id)).not.toContain(live.id);
    const other = (await call('GET', '/news?box=published', await as(people.otherStructure!))).json() as { items: unknown[] };
    expect(other.items).toEqual([]);

    const first = (await call('GET', '/news?box=published&limit=1', await as(people.audience!))).json() as { items: { id: string }[]; nextCursor: string };
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = (await call('GET', `/news?box=published&limit=1&cursor=${first.nextCursor}`, await as(people.audience!))).json() as { items: { id: string }[] };
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    expect((await call('GET', '/news?box=published&cursor=garbage', await as(people.audience!))).statusCode).toBe(400);
  });

  it('the validation box shows a publisher his structure’s submitted items only', async () => {
    const item = await create('author');
    await transition('author', item.id, 'submit');
    const ids = async (who: string) => ((await call('GET', '/news?box=pending&limit=50', await as(people[who]!))).json() as { items: { id: string }[] }).items.map((i) => i.id);
    expect(await ids('publisher')).toContain(item.id);
    expect(await ids('admc')).toContain(item.id);
    expect(await ids('admlS2')).not.toContain(item.id);
    expect(await ids('author')).not.toContain(item.id);
    expect(await ids('audience')).toEqual([]);
  });
});

describe('bad input', () => {
  it('refuses wrong targets, dates and fields with a stable code, writing nothing', async () => {
    const count = async () => Number((await ctx.platform.database.db.selectFrom('news_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const post = async (who: string, body: object) => call('POST', '/news', await as(people[who]!), body);
    expect((await post('author', draft({ target: { type: 'CLASS', id: b.schoolClass.id } }))).statusCode).toBe(404);
    expect((await post('author', draft({ target: { type: 'CLASS', id: otherClassId } }))).json().error.code).toBe('NEWS_TARGET_FORBIDDEN');
    expect((await post('audience', draft())).json().error.code).toBe('NEWS_TARGET_FORBIDDEN');
    expect((await post('admlS2', draft())).statusCode).toBe(404);
    expect(
      (await post('author', draft({ publishAt: '2027-03-01T08:00:00Z', expireAt: '2027-02-01T08:00:00Z' }))).json().error.code,
    ).toBe('NEWS_DATES_INVALID');
    expect((await post('author', draft({ audience: [] }))).json().error.code).toBe('VALIDATION_FAILED');
    expect((await post('author', draft({ title: '\u202e\u200b ' }))).json().error.code).toBe('VALIDATION_FAILED');
    expect((await post('author', { ...draft(), status: 'PUBLISHED' })).json().error.code).toBe('VALIDATION_FAILED');
    expect(await count()).toBe(before);
  });

  it('refuses a transition that does not apply', async () => {
    const item = await create('author');
    expect((await transition('author', item.id, 'unsubmit')).json().error.code).toBe('NEWS_TRANSITION_INVALID');
    await transition('author', item.id, 'submit');
    await transition('publisher', item.id, 'publish');
    expect((await transition('publisher', item.id, 'publish')).json().error.code).toBe('NEWS_TRANSITION_INVALID');
  });
});

function multipart(fileName: string, content: Buffer | string, type: string) {
  const boundary = `----preau-news-${uniqueSuffix()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`);
  const payload = Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('pictures', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa9d4a40000000049454e44ae426082', 'hex');

  async function upload(who: string, id: string, fileName: string, content: Buffer | string, type: string) {
    const body = multipart(fileName, content, type);
    return ctx.app.inject({ method: 'POST', url: `/api/v1/news/${id}/images`, headers: { ...(await as(people[who]!)), 'content-type': body.contentType }, payload: body.payload });
  }

  it('are stored through the uploads (clean name, type, size) and shown to those who read the item only', async () => {
    const item = await create('author');
    const added = await upload('author', item.id, '../../photo\u202e.png', png, 'image/png');
    expect(added.statusCode, added.body).toBe(201);
    const image = (added.json() as { images: { id: string; fileName: string; url: string }[] }).images[0]!;
    expect(image.fileName).toBe('photo.png');
    expect((await upload('author', item.id, 'page.html', '<script>alert(1)</script>', 'text/html')).json().error.code).toBe('NEWS_IMAGE_TYPE');
    expect((await upload('author', item.id, 'big.png', Buffer.alloc(5 * 1024 * 1024 + 10), 'image/png')).statusCode).toBe(413);
    expect((await upload('audience', item.id, 'x.png', png, 'image/png')).statusCode).toBe(404);

    const get = async (who: string) => ctx.app.inject({ method: 'GET', url: image.url, headers: await as(people[who]!) });
    expect((await get('audience')).statusCode).toBe(404);
    await transition('author', item.id, 'submit');
    await transition('publisher', item.id, 'publish');
    const seen = await get('audience');
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['content-type']).toBe('image/png');
    expect(seen.headers['x-content-type-options']).toBe('nosniff');
    expect(seen.rawPayload.equals(png)).toBe(true);
    expect((await get('neighbour')).statusCode).toBe(404);
    expect((await get('otherStructure')).statusCode).toBe(404);
    const rows = await ctx.platform.database.db.selectFrom('news_images').select('id').where('news_id', '=', item.id).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('comments', () => {
  async function published(overrides: Record<string, unknown> = {}) {
    const item = await create('author', { commentsEnabled: true, ...overrides });
    await transition('author', item.id, 'submit');
    expect((await transition('publisher', item.id, 'publish')).statusCode).toBe(200);
    return item;
  }
  const comment = async (who: string, id: string, body = `Merci ! (${who})`) => call('POST', `/news/${id}/comments`, await as(people[who]!), { body });

  it('as a table of actors: its audience, author and publishers comment; a publisher hides or deletes any, a writer deletes his own', async () => {
    const item = await published();
    // [who, comment, list]
    const table: [string, number, number][] = [
      ['author', 201, 200],
      ['publisher', 201, 200],
      ['dir', 201, 200],
      ['admc', 201, 200],
      ['audience', 201, 200],
      ['parent', 201, 200],
      ['neighbour', 404, 404],
      ['staff', 404, 404],
      ['otherStructure', 404, 404],
      ['admlS2', 404, 404],
      ['admcC2', 404, 404],
    ];
    const outcome: typeof table = [];
    for (const [who] of table) outcome.push([who, (await comment(who, item.id)).statusCode, (await call('GET', `/news/${item.id}/comments`, await as(people[who]!))).statusCode]);
    expect(outcome).toEqual(table);

    const list = async (who: string) => (await call('GET', `/news/${item.id}/comments`, await as(people[who]!))).json() as { items: { id: string; body: string; hidden: boolean; canDelete: boolean }[] };
    const byStudent = (await list('audience')).items.find((c) => c.body === 'Merci ! (audience)')!;
    const byParent = (await list('audience')).items.find((c) => c.body === 'Merci ! (parent)')!;
    expect(byStudent.canDelete).toBe(true);
    expect(byParent.canDelete).toBe(false);

    // Hiding: publishers only; the hidden comment is gone for readers, kept and marked for publishers.
    const hide = async (who: string, id: string, hidden = true) => (await call('PUT', `/news/comments/${id}/moderation`, await as(people[who]!), { hidden })).statusCode;
    expect(await hide('audience', byParent.id)).toBe(403);
    expect(await hide('author', byParent.id)).toBe(403);
    expect(await hide('admlS2', byParent.id)).toBe(404);
    expect(await hide('publisher', byParent.id)).toBe(204);
    expect((await list('audience')).items.map((c) => c.id)).not.toContain(byParent.id);
    expect((await list('dir')).items.find((c) => c.id === byParent.id)).toMatchObject({ hidden: true, canDelete: true });
    // Its writer no longer sees it, so cannot act on it; a publisher shows it again.
    expect((await call('DELETE', `/news/comments/${byParent.id}`, await as(people.parent!))).statusCode).toBe(404);
    expect(await hide('dir', byParent.id, false)).toBe(204);
    expect((await list('parent')).items.map((c) => c.id)).toContain(byParent.id);

    // Deleting: the writer his own, a publisher any; not another reader.
    expect((await call('DELETE', `/news/comments/${byParent.id}`, await as(people.audience!))).statusCode).toBe(403);
    expect((await call('DELETE', `/news/comments/${byStudent.id}`, await as(people.audience!))).statusCode).toBe(204);
    expect((await call('DELETE', `/news/comments/${byParent.id}`, await as(people.admc!))).statusCode).toBe(204);
    const left = (await list('publisher')).items.map((c) => c.body);
    expect(left).not.toContain('Merci ! (audience)');
    expect(left).not.toContain('Merci ! (parent)');
    expect(left).toContain('Merci ! (author)');
  });

  it('are closed unless the writer opens them, and before publication; bad input writes nothing', async () => {
    const closed = await published({ commentsEnabled: false });
    expect((await comment('audience', closed.id)).json().error.code).toBe('NEWS_COMMENTS_CLOSED');
    expect((await call('GET', `/news/${closed.id}`, await as(people.audience!))).json()).toMatchObject({ commentsEnabled: false, canComment: false, canModerate: false });

    const pending = await create('author', { commentsEnabled: true });
    await transition('author', pending.id, 'submit');
    expect((await comment('publisher', pending.id)).json().error.code).toBe('NEWS_COMMENTS_CLOSED');

    const open = await published();
    expect((await call('GET', `/news/${open.id}`, await as(people.audience!))).json()).toMatchObject({ commentsEnabled: true, canComment: true, canModerate: false });
    expect((await call('GET', `/news/${open.id}`, await as(people.publisher!))).json()).toMatchObject({ canComment: true, canModerate: true });
    expect((await comment('audience', open.id, '   ')).json().error.code).toBe('VALIDATION_FAILED');
    expect((await comment('audience', open.id, 'x'.repeat(2001))).json().error.code).toBe('VALIDATION_FAILED');
    // Invisible characters only: nothing left to say.
    expect((await comment('audience', open.id, '\u202e\u200b')).json().error.code).toBe('VALIDATION_FAILED');
    // HTML is kept as text, never as markup (the page shows it as typed).
    expect((await comment('audience', open.id, '<b>super</b>')).json()).toMatchObject({ body: '<b>super</b>' });
    const rows = await ctx.platform.database.db.selectFrom('news_comments').select('body').where('news_id', '=', open.id).execute();
    expect(rows.map((r) => r.body)).toEqual(['<b>super</b>']);
    // Unpublished: the audience no longer reads it, so no longer comments.
    await transition('publisher', open.id, 'unpublish');
    expect((await comment('audience', open.id)).statusCode).toBe(404);
  });
});

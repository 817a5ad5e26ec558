import type { NewsComment, NewsCommentInput, NewsCommentList, NewsInput, NewsItem, NewsList, NewsListQuery, NewsState, NewsSummary, NewsTargetList, NewsTransition } from '@preau/contracts';
import { type Actor, authorize, can, isPublisherOf, type Resource } from '../../platform/authorization.ts';
import { cleanDisplayText } from '../../platform/display-text.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { deleteStoredBytes, type IncomingFile, storeUpload } from '../../platform/storage/uploads.ts';
import { plainText, previewOf } from '../messaging/sanitize.ts';
import { sanitizeRichText } from '../homework/rich-text.ts';
import * as repo from './news.repository.ts';

/**
 * Actualités (issue 16, entcore's actualites as the anchor, STANDARDS.md §12.2).
 * A contributor writes a draft for a target (the structure, a class or a
 * group he may post to) and submits it; a publisher (the head, the
 * structure's admins) publishes it, at once or at a chosen date, and may
 * unpublish it. Its audience (the target's members of the chosen profiles)
 * reads it between its publication and expiry dates, and is told once, on
 * publication, in its timeline; an edit tells nobody again.
 */

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_IMAGES = 10;
const imageTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

function readerOf(platform: Platform, actor: Actor): repo.ReaderScope {
  return { accountId: actor.accountId, profile: actor.profile, structureIds: actor.structureIds, schoolYear: platform.schoolYear() };
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function stateOf(row: { status: 'DRAFT' | 'SUBMITTED' | 'PUBLISHED'; publish_at: Date | null; expire_at: Date | null }, now: number): NewsState {
  if (row.status !== 'PUBLISHED') return row.status;
  if (row.publish_at && new Date(row.publish_at).getTime() > now) return 'INCOMING';
  if (row.expire_at && new Date(row.expire_at).getTime() <= now) return 'EXPIRED';
  return 'PUBLISHED';
}

/** The item, and the actor's rights on it; NOT_FOUND when he may not read it. */
async function loadNews(platform: Platform, actor: Actor, id: string) {
  const db = platform.database.db;
  const row = await repo.getNews(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return { row, resource: await resourceOf(platform, actor, row) };
}

async function resourceOf(platform: Platform, actor: Actor, row: repo.NewsRow): Promise<Resource> {
  const state = stateOf(row, platform.now());
  const inAudience = row.status === 'PUBLISHED' && (await repo.isInAudience(platform.database.db, readerOf(platform, actor), row.id));
  return {
    type: 'news',
    structureId: row.structure_id,
    collectiviteId: row.collectivite_id,
    status: row.status,
    isAuthor: row.author_id === actor.accountId,
    inAudience,
    visibleNow: state === 'PUBLISHED',
  };
}

async function presentSummaries(platform: Platform, rows: Array<Omit<repo.NewsRow, 'collectivite_id'>>): Promise<NewsSummary[]> {
  const names = await repo.findTargetNames(platform.database.db, [...new Set(rows.map((r) => r.target_id))]);
  const now = platform.now();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    excerpt: previewOf(plainText(r.content_html)),
    state: stateOf(r, now),
    target: { type: r.target_type, id: r.target_id, name: names.get(r.target_id) ?? '' },
    structureId: r.structure_id,
    authorName: r.author_name,
    pinned: r.pinned,
    publishAt: iso(r.publish_at),
    expireAt: iso(r.expire_at),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

async function presentItem(platform: Platform, actor: Actor, row: repo.NewsRow, resource: Resource): Promise<NewsItem> {
  const [summary] = await presentSummaries(platform, [row]);
  const images = await repo.findImages(platform.database.db, row.id);
  return {
    ...summary!,
    contentHtml: row.content_html,
    audience: row.audience as NewsItem['audience'],
    images: images.map((i) => ({ id: i.id, fileName: i.file_name, url: `/api/v1/news/images/${i.id}` })),
    canEdit: can(actor, 'news.write', resource),
    canSubmit: can(actor, 'news.submit', resource) && row.status === 'DRAFT',
    canPublish: can(actor, 'news.publish', resource) && row.status !== 'PUBLISHED',
    canUnpublish: can(actor, 'news.publish', resource) && row.status === 'PUBLISHED',
    canDelete: can(actor, 'news.delete', resource),
    commentsEnabled: row.comments_enabled,
    canComment: mayComment(actor, row, resource),
    canModerate: row.comments_enabled && can(actor, 'news.publish', resource),
  };
}

function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor<T>(cursor: string | undefined, keys: (keyof T)[]): T | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
    if (keys.every((k) => value[k] !== undefined)) return value;
  } catch {
    // falls through to the validation error
  }
  throw new AppError('VALIDATION_FAILED', { fields: { cursor: 'invalid' } });
}

/** The structures whose submitted items the actor validates. */
async function publishedStructures(platform: Platform, actor: Actor): Promise<string[]> {
  const db = platform.database.db;
  const own = [...new Set([...actor.structureIds, ...actor.admlStructureIds])];
  const structures = await repo.findStructures(db, own);
  const ids = structures.filter((s) => isPublisherOf(actor, s.id, s.collectivite_id)).map((s) => s.id);
  return [...new Set([...ids, ...(await repo.findStructureIdsOf(db, actor.admcCollectiviteIds))])];
}

/** A box of news: what the actor reads (the portal shows its first items), what he wrote, what waits for his validation. */
export async function listNews(platform: Platform, actor: Actor, query: NewsListQuery): Promise<NewsList> {
  authorize(actor, 'app.use', { type: 'app', id: 'actualites' });
  const db = platform.database.db;
  const year = platform.schoolYear();
  const n = query.limit + 1;
  let rows: Array<Omit<repo.NewsRow, 'collectivite_id'>>;
  let cursorOf: (row: Omit<repo.NewsRow, 'collectivite_id'>) => object;
  if (query.box === 'published') {
    rows = await repo.findPublishedFor(db, readerOf(platform, actor), new Date(platform.now()), n, decodeCursor<repo.PublishedCursor>(query.cursor, ['pinned', 'publishAt', 'id']));
    cursorOf = (r) => ({ pinned: r.pinned, publishAt: new Date(r.publish_at!).toISOString(), id: r.id });
  } else {
    const after = decodeCursor<repo.UpdatedCursor>(query.cursor, ['updatedAt', 'id']);
    rows =
      query.box === 'mine'
        ? await repo.findWrittenBy(db, actor.accountId, year, n, after)
        : await repo.findSubmitted(db, await publishedStructures(platform, actor), year, n, after);
    cursorOf = (r) => ({ updatedAt: new Date(r.updated_at).toISOString(), id: r.id });
  }
  const page = rows.slice(0, query.limit);
  return { items: await presentSummaries(platform, page), nextCursor: rows.length > query.limit ? encodeCursor(cursorOf(page[page.length - 1]!)) : null };
}

export async function getNewsItem(platform: Platform, actor: Actor, id: string): Promise<NewsItem> {
  const { row, resource } = await loadNews(platform, actor, id);
  authorize(actor, 'news.read', resource);
  return presentItem(platform, actor, row, resource);
}

/** The target of an input, checked: it exists this year, and the actor may post there. */
async function checkedTarget(platform: Platform, actor: Actor, target: NewsInput['target']) {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const found = await repo.findTarget(db, target.type, target.id, year);
  if (!found) throw new AppError('NOT_FOUND');
  const member = actor.structureIds.includes(found.structure_id);
  const staff = member && (actor.profile === 'ENSEIGNANT' || actor.profile === 'PERSONNEL');
  let contributor = false;
  if (target.type === 'STRUCTURE' || actor.profile === 'PERSONNEL') contributor = staff;
  else if (actor.profile === 'ENSEIGNANT') contributor = member && (await repo.teachesTarget(db, actor.accountId, target.type, target.id, year));
  const resource: Resource = { type: 'news-target', structureId: found.structure_id, collectiviteId: found.collectivite_id, relation: contributor ? 'contributor' : 'none' };
  if (!can(actor, 'news.create', resource)) {
    // A target of his own structure that he may not write to is named as such; another structure's is not disclosed.
    if (member || isPublisherOf(actor, found.structure_id, found.collectivite_id)) throw new AppError('NEWS_TARGET_FORBIDDEN');
    throw new AppError('NOT_FOUND');
  }
  return found;
}

function valuesOf(platform: Platform, input: NewsInput, structureId: string): repo.NewsValues {
  const publishAt = input.publishAt ? new Date(input.publishAt) : null;
  const expireAt = input.expireAt ? new Date(input.expireAt) : null;
  if (expireAt && expireAt.getTime() <= (publishAt ?? new Date(platform.now())).getTime()) {
    throw new AppError('NEWS_DATES_INVALID', { fields: { expireAt: 'beforePublication' } });
  }
  const title = cleanDisplayText(input.title);
  if (!title) throw new AppError('VALIDATION_FAILED', { fields: { title: 'empty' } });
  return {
    structureId,
    schoolYear: platform.schoolYear(),
    targetType: input.target.type,
    targetId: input.target.id,
    audience: [...new Set(input.audience)],
    title,
    contentHtml: sanitizeRichText(input.contentHtml),
    pinned: input.pinned,
    commentsEnabled: input.commentsEnabled,
    publishAt,
    expireAt,
  };
}

/** A new draft by its author. */
export async function createNews(platform: Platform, actor: Actor, input: NewsInput): Promise<NewsItem> {
  authorize(actor, 'app.use', { type: 'app', id: 'actualites' });
  const target = await checkedTarget(platform, actor, input.target);
  const db = platform.database.db;
  const values = valuesOf(platform, input, target.structure_id);
  const { id } = await repo.insertNews(db, values, { id: actor.accountId, name: await repo.getDisplayName(db, actor.accountId) }, new Date(platform.now()));
  return getNewsItem(platform, actor, id);
}

/** Changes an item. Nobody is notified, even when it is already published: readers were told once. */
export async function updateNewsItem(platform: Platform, actor: Actor, id: string, input: NewsInput): Promise<NewsItem> {
  const { row, resource } = await loadNews(platform, actor, id);
  authorize(actor, 'news.write', resource);
  const target = input.target.type === row.target_type && input.target.id === row.target_id ? { structure_id: row.structure_id } : await checkedTarget(platform, actor, input.target);
  if (target.structure_id !== row.structure_id) throw new AppError('NEWS_TARGET_FORBIDDEN');
  await repo.updateNews(platform.database.db, id, valuesOf(platform, input, row.structure_id), new Date(platform.now()));
  return getNewsItem(platform, actor, id);
}

/** Tells the audience, in the caller's transaction, that the item is out; once in its life. */
async function notifyPublication(platform: Platform, trx: Parameters<typeof repo.markNotified>[0], row: Omit<repo.NewsRow, 'collectivite_id'>, publisherName: string) {
  const now = new Date(platform.now());
  const recipients = (await repo.findAudienceIds(trx, row)).filter((id) => id !== row.author_id);
  const event = {
    kind: 'news.published',
    recipientIds: recipients,
    actorId: row.author_id,
    structureId: row.structure_id,
    objectType: 'news',
    objectId: row.id,
    data: { title: row.title, authorName: row.author_name, publisherName },
  };
  await platform.events.record(trx, event);
  await repo.markNotified(trx, row.id, now);
  return event;
}

/** Submit, withdraw, publish (now or at its publication date), unpublish. */
export async function transitionNews(platform: Platform, actor: Actor, id: string, body: NewsTransition): Promise<NewsItem> {
  const { row, resource } = await loadNews(platform, actor, id);
  const now = new Date(platform.now());
  const db = platform.database.db;
  const events: Array<Parameters<Platform['events']['broadcast']>[0]> = [];
  switch (body.action) {
    case 'submit':
    case 'unsubmit': {
      authorize(actor, 'news.submit', resource);
      const from = body.action === 'submit' ? 'DRAFT' : 'SUBMITTED';
      if (row.status !== from) throw new AppError('NEWS_TRANSITION_INVALID');
      await repo.setNewsStatus(db, id, row.structure_id, { status: body.action === 'submit' ? 'SUBMITTED' : 'DRAFT' }, now);
      break;
    }
    case 'publish': {
      authorize(actor, 'news.publish', resource);
      const publisherName = await repo.getDisplayName(db, actor.accountId);
      await db.transaction().execute(async (trx) => {
        const locked = await repo.lockNews(trx, id);
        if (!locked || locked.status === 'PUBLISHED') throw new AppError('NEWS_TRANSITION_INVALID');
        const publishAt = locked.publish_at && new Date(locked.publish_at) > now ? new Date(locked.publish_at) : now;
        await repo.setNewsStatus(trx, id, row.structure_id, { status: 'PUBLISHED', publisherId: actor.accountId, publishAt }, now);
        // A deferred item is told when its date comes (publishDueNews); one published again after an unpublication is not told twice.
        if (publishAt <= now && locked.notified_at === null) {
          events.push(await notifyPublication(platform, trx, { ...locked, status: 'PUBLISHED', publish_at: publishAt }, publisherName));
        }
      });
      break;
    }
    case 'unpublish': {
      authorize(actor, 'news.publish', resource);
      if (row.status !== 'PUBLISHED') throw new AppError('NEWS_TRANSITION_INVALID');
      await repo.setNewsStatus(db, id, row.structure_id, { status: 'SUBMITTED' }, now);
      break;
    }
  }
  for (const event of events) await platform.events.broadcast(event);
  return getNewsItem(platform, actor, id);
}

export async function deleteNewsItem(platform: Platform, actor: Actor, id: string): Promise<void> {
  const { row, resource } = await loadNews(platform, actor, id);
  authorize(actor, 'news.delete', resource);
  const keys = await platform.database.db.transaction().execute((trx) => repo.deleteNews(trx, id, row.structure_id));
  await deleteStoredBytes(platform, keys);
}

/** Tells the audiences of items whose publication date has come (run every minute by serve.ts). */
export async function publishDueNews(platform: Platform): Promise<number> {
  const db = platform.database.db;
  const due = await repo.findDueUnnotified(db, new Date(platform.now()), 100);
  let told = 0;
  for (const { id } of due) {
    const event = await db.transaction().execute(async (trx) => {
      const locked = await repo.lockNews(trx, id);
      if (!locked || locked.status !== 'PUBLISHED' || locked.notified_at !== null) return undefined;
      return notifyPublication(platform, trx, locked, '');
    });
    if (event) {
      told += 1;
      await platform.events.broadcast(event);
    }
  }
  return told;
}

/** Where the actor may post, for the editor's target picker. */
export async function listNewsTargets(platform: Platform, actor: Actor): Promise<NewsTargetList> {
  authorize(actor, 'app.use', { type: 'app', id: 'actualites' });
  const db = platform.database.db;
  const year = platform.schoolYear();
  const structures = await repo.findStructures(db, [...new Set([...actor.structureIds, ...actor.admlStructureIds])]);
  const items: NewsTargetList['items'] = [];
  for (const s of structures) {
    const publisher = isPublisherOf(actor, s.id, s.collectivite_id);
    const staff = actor.structureIds.includes(s.id) && (actor.profile === 'ENSEIGNANT' || actor.profile === 'PERSONNEL');
    if (!publisher && !staff) continue;
    items.push({ type: 'STRUCTURE', id: s.id, name: s.name, structureId: s.id, canPublish: publisher });
    const teacherOnly = !publisher && actor.profile === 'ENSEIGNANT' ? actor.accountId : null;
    for (const t of await repo.findTargetsOf(db, [s.id], year, teacherOnly)) {
      items.push({ type: t.type, id: t.id, name: t.name, structureId: s.id, canPublish: publisher });
    }
  }
  return { items };
}

/** Adds a picture to an item the actor may edit (stored through storeUpload: quota, size, clean name). */
export async function addNewsImage(platform: Platform, actor: Actor, id: string, file: IncomingFile): Promise<NewsItem> {
  try {
    const { resource } = await loadNews(platform, actor, id);
    authorize(actor, 'news.write', resource);
  } catch (error) {
    file.file.resume();
    throw error;
  }
  if (!imageTypes.has(file.mimetype.toLowerCase())) {
    file.file.resume();
    throw new AppError('NEWS_IMAGE_TYPE');
  }
  await storeUpload(platform, actor, file, {
    prefix: 'news',
    maxBytes: MAX_IMAGE_BYTES,
    tooLargeCode: 'NEWS_IMAGE_TOO_LARGE',
    keep: async (trx, upload) => {
      await repo.lockNews(trx, id);
      if ((await repo.countImages(trx, id)) >= MAX_IMAGES) throw new AppError('NEWS_TOO_MANY_IMAGES');
      return repo.insertImage(trx, id, upload);
    },
  });
  return getNewsItem(platform, actor, id);
}

/** A picture of an item the actor may read. */
export async function openNewsImage(platform: Platform, actor: Actor, imageId: string) {
  const image = await repo.getImage(platform.database.db, imageId);
  if (!image) throw new AppError('NOT_FOUND');
  const { resource } = await loadNews(platform, actor, image.news_id);
  authorize(actor, 'news.read', resource);
  return { fileName: image.file_name, contentType: image.content_type, size: Number(image.size), stream: await platform.storage.get(image.storage_key) };
}

// ---------------------------------------------------------------- comments

/**
 * Who comments: a reader of a live item whose writer opened comments (its
 * audience, its author, its publishers), as entcore does. Moderation is the
 * publishers' (news.publish): they hide a comment (kept, shown to them only)
 * or delete it; a commenter deletes his own.
 */
function mayComment(actor: Actor, row: repo.NewsRow, resource: Resource): boolean {
  return row.comments_enabled && resource.type === 'news' && resource.visibleNow === true && can(actor, 'news.read', resource);
}

function presentComment(actor: Actor, moderator: boolean, c: { id: string; author_id: string | null; author_name: string; body: string; hidden_at: Date | null; created_at: Date }): NewsComment {
  return {
    id: c.id,
    authorName: c.author_name,
    body: c.body,
    createdAt: new Date(c.created_at).toISOString(),
    hidden: c.hidden_at !== null,
    canDelete: moderator || c.author_id === actor.accountId,
  };
}

/** The comments of an item the actor reads (the hidden ones too for its publishers); none while they are closed. */
export async function listComments(platform: Platform, actor: Actor, newsId: string): Promise<NewsCommentList> {
  const { row, resource } = await loadNews(platform, actor, newsId);
  authorize(actor, 'news.read', resource);
  if (!row.comments_enabled) return { items: [] };
  const moderator = can(actor, 'news.publish', resource);
  const rows = await repo.findComments(platform.database.db, newsId, moderator);
  return { items: rows.map((c) => presentComment(actor, moderator, c)) };
}

export async function addComment(platform: Platform, actor: Actor, newsId: string, input: NewsCommentInput): Promise<NewsComment> {
  const { row, resource } = await loadNews(platform, actor, newsId);
  authorize(actor, 'news.read', resource);
  if (!mayComment(actor, row, resource)) throw new AppError('NEWS_COMMENTS_CLOSED');
  const body = input.body.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' ? c : '')).trim();
  if (!body) throw new AppError('VALIDATION_FAILED', { fields: { body: 'empty' } });
  const db = platform.database.db;
  const comment = await repo.insertComment(db, newsId, { id: actor.accountId, name: await repo.getDisplayName(db, actor.accountId) }, body, new Date(platform.now()));
  return presentComment(actor, can(actor, 'news.publish', resource), comment);
}

/** A comment, with its item and the actor's rights on both; NOT_FOUND when he may not read the item. */
async function loadComment(platform: Platform, actor: Actor, commentId: string) {
  const comment = await repo.getComment(platform.database.db, commentId);
  if (!comment) throw new AppError('NOT_FOUND');
  const { resource } = await loadNews(platform, actor, comment.news_id);
  authorize(actor, 'news.read', resource);
  // A hidden comment is known to the publishers only.
  if (comment.hidden_at !== null && !can(actor, 'news.publish', resource)) throw new AppError('NOT_FOUND');
  return { comment, resource };
}

/** Hides or shows again a comment (publishers). */
export async function moderateComment(platform: Platform, actor: Actor, commentId: string, hidden: boolean): Promise<void> {
  const { comment, resource } = await loadComment(platform, actor, commentId);
  authorize(actor, 'news.publish', resource);
  await repo.setCommentHidden(platform.database.db, comment.news_id, comment.id, hidden ? actor.accountId : null, hidden ? new Date(platform.now()) : null);
}

/** Deletes a comment: its writer, or a publisher. */
export async function deleteComment(platform: Platform, actor: Actor, commentId: string): Promise<void> {
  const { comment, resource } = await loadComment(platform, actor, commentId);
  if (comment.author_id !== actor.accountId) authorize(actor, 'news.publish', resource);
  await repo.deleteComment(platform.database.db, comment.news_id, comment.id);
}

import { z } from 'zod';

/** Actualités (issue 16): news of a structure, a class or a group, written by contributors, published by publishers. */

export const newsStatuses = ['DRAFT', 'SUBMITTED', 'PUBLISHED'] as const;
export const NewsStatus = z.enum(newsStatuses);
export type NewsStatus = z.infer<typeof NewsStatus>;

/** Where a news item is posted: the whole structure, one class or one group (its "fil"). */
export const newsTargetTypes = ['STRUCTURE', 'CLASS', 'GROUP'] as const;
export const NewsTargetType = z.enum(newsTargetTypes);
export type NewsTargetType = z.infer<typeof NewsTargetType>;

/** Profiles a news item may be addressed to within its target. */
export const newsAudienceProfiles = ['ELEVE', 'PARENT', 'ENSEIGNANT', 'PERSONNEL'] as const;
export const NewsAudienceProfile = z.enum(newsAudienceProfiles);
export type NewsAudienceProfile = z.infer<typeof NewsAudienceProfile>;

/** What a reader sees of the item's dates: upcoming (publication date ahead), live, or expired. */
export const NewsState = z.enum(['DRAFT', 'SUBMITTED', 'INCOMING', 'PUBLISHED', 'EXPIRED']);
export type NewsState = z.infer<typeof NewsState>;

export const NewsTarget = z.object({ type: NewsTargetType, id: z.uuid(), name: z.string() });
export type NewsTarget = z.infer<typeof NewsTarget>;

export const NewsImage = z.object({ id: z.uuid(), fileName: z.string(), url: z.string() });
export type NewsImage = z.infer<typeof NewsImage>;

export const NewsSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  excerpt: z.string(),
  state: NewsState,
  target: NewsTarget,
  structureId: z.uuid(),
  authorName: z.string(),
  pinned: z.boolean(),
  publishAt: z.iso.datetime().nullable(),
  expireAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
});
export type NewsSummary = z.infer<typeof NewsSummary>;

export const NewsItem = NewsSummary.extend({
  contentHtml: z.string(),
  audience: z.array(NewsAudienceProfile),
  images: z.array(NewsImage),
  canEdit: z.boolean(),
  canSubmit: z.boolean(),
  canPublish: z.boolean(),
  canUnpublish: z.boolean(),
  canDelete: z.boolean(),
  /** Whether readers may comment (the writer's choice); `canComment`: the caller now; `canModerate`: he hides and deletes any comment. */
  commentsEnabled: z.boolean(),
  canComment: z.boolean(),
  canModerate: z.boolean(),
});
export type NewsItem = z.infer<typeof NewsItem>;

/** A comment on a news item; a hidden one is listed to the publishers only. */
export const NewsComment = z.object({
  id: z.uuid(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
  hidden: z.boolean(),
  canDelete: z.boolean(),
});
export type NewsComment = z.infer<typeof NewsComment>;
export const NewsCommentList = z.object({ items: z.array(NewsComment) });
export type NewsCommentList = z.infer<typeof NewsCommentList>;
export const NewsCommentInput = z.strictObject({ body: z.string().trim().min(1).max(2000) });
export type NewsCommentInput = z.infer<typeof NewsCommentInput>;
export const NewsCommentModeration = z.strictObject({ hidden: z.boolean() });
export type NewsCommentModeration = z.infer<typeof NewsCommentModeration>;

export const NewsListQuery = z.strictObject({
  /** published: what the caller reads; mine: what he wrote; pending: submitted items a publisher validates. */
  box: z.enum(['published', 'mine', 'pending']).default('published'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** Keyset: the `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type NewsListQuery = z.infer<typeof NewsListQuery>;

export const NewsList = z.object({ items: z.array(NewsSummary), nextCursor: z.string().nullable() });
export type NewsList = z.infer<typeof NewsList>;

const title = z.string().trim().min(1).max(200);

export const NewsInput = z.strictObject({
  title,
  contentHtml: z.string().max(100_000),
  target: z.strictObject({ type: NewsTargetType, id: z.uuid() }),
  audience: z.array(NewsAudienceProfile).min(1).max(4),
  pinned: z.boolean().default(false),
  /** Readers may comment; publishers moderate. */
  commentsEnabled: z.boolean().default(false),
  /** When readers first see it (null: as soon as published). */
  publishAt: z.iso.datetime({ offset: true }).nullable().default(null),
  /** When readers stop seeing it (null: one year after publication, as entcore). */
  expireAt: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type NewsInput = z.infer<typeof NewsInput>;

export const NewsTransition = z.strictObject({ action: z.enum(['submit', 'unsubmit', 'publish', 'unpublish']) });
export type NewsTransition = z.infer<typeof NewsTransition>;

/** Targets the caller may post to, and whether he publishes there himself. */
export const NewsTargetOption = NewsTarget.extend({ structureId: z.uuid(), canPublish: z.boolean() });
export const NewsTargetList = z.object({ items: z.array(NewsTargetOption) });
export type NewsTargetList = z.infer<typeof NewsTargetList>;

import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import {
  classesAttendedSql,
  classesOfChildrenSql,
  classesTaughtSql,
  groupsAttendedSql,
  groupsOfChildrenSql,
  groupsTaughtSql,
  parentsOfSql,
  teachersOfClassesSql,
  teachersOfGroupsSql,
} from '../directory/relations.repository.ts';

/**
 * SQL of the actualités. A news item lives in one structure and school year
 * (its tenant scope) and is posted to a target: the structure, or one of its
 * classes or groups. Its readers are the target's members of the chosen
 * profiles: for a class, its students, their parents, its teachers, the
 * structure's staff.
 */

type Executor = DB | Transaction<Database>;
type NewsTargetType = 'STRUCTURE' | 'CLASS' | 'GROUP';

export interface ReaderScope {
  accountId: string;
  profile: string;
  structureIds: string[];
  schoolYear: number;
}

/** The structure (with its collectivité) and the display name of a target of this school year; undefined when unknown. */
export async function findTarget(db: Executor, type: NewsTargetType, id: string, schoolYear: number) {
  if (type === 'STRUCTURE') {
    return db.selectFrom('structures').select(['id as structure_id', 'collectivite_id', 'name']).where('id', '=', id).executeTakeFirst();
  }
  if (type === 'CLASS') {
    return db
      .selectFrom('classes as t')
      .innerJoin('structures as s', 's.id', 't.structure_id')
      .select(['t.structure_id', 's.collectivite_id', 't.name'])
      .where('t.id', '=', id)
      .where('t.school_year', '=', schoolYear)
      .executeTakeFirst();
  }
  return db
    .selectFrom('groups as t')
    .innerJoin('structures as s', 's.id', 't.structure_id')
    .select(['t.structure_id', 's.collectivite_id', 't.name'])
    .where('t.id', '=', id)
    .where('t.school_year', '=', schoolYear)
    .executeTakeFirst();
}

/** The names of some targets, by id (structures, classes, groups). */
export async function findTargetNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; name: string }>`
    SELECT id, name FROM structures WHERE id = ANY(${ids}::uuid[])
    UNION ALL SELECT id, name FROM classes WHERE id = ANY(${ids}::uuid[])
    UNION ALL SELECT id, name FROM groups WHERE id = ANY(${ids}::uuid[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.name]));
}

/** Whether the account teaches this class or group this year (or is its professeur principal). */
export async function teachesTarget(db: Executor, accountId: string, type: 'CLASS' | 'GROUP', id: string, schoolYear: number): Promise<boolean> {
  const taught = type === 'CLASS' ? classesTaughtSql(accountId, schoolYear) : groupsTaughtSql(accountId, schoolYear);
  const row = await sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM (${taught}) t(id) WHERE t.id = ${id}) AS ok`.execute(db);
  return Boolean(row.rows[0]?.ok);
}

/** The classes and groups of the year a reader belongs to as his profile reads them (his own, his children's, those he teaches, his structures'). */
export function readerTargetsSql(reader: ReaderScope): { classes: RawBuilder<unknown>; groups: RawBuilder<unknown> } {
  const y = reader.schoolYear;
  switch (reader.profile) {
    case 'ELEVE':
      return { classes: classesAttendedSql(reader.accountId, y), groups: groupsAttendedSql(reader.accountId, y) };
    case 'PARENT':
      return { classes: classesOfChildrenSql(reader.accountId, y), groups: groupsOfChildrenSql(reader.accountId, y) };
    case 'ENSEIGNANT':
      return { classes: classesTaughtSql(reader.accountId, y), groups: groupsTaughtSql(reader.accountId, y) };
    case 'PERSONNEL':
      return {
        classes: sql`SELECT id FROM classes WHERE structure_id = ANY(${reader.structureIds}::uuid[]) AND school_year = ${y}`,
        groups: sql`SELECT id FROM groups WHERE structure_id = ANY(${reader.structureIds}::uuid[]) AND school_year = ${y}`,
      };
    default:
      return { classes: sql`SELECT NULL::uuid WHERE false`, groups: sql`SELECT NULL::uuid WHERE false` };
  }
}

/** The condition "the reader is in the item's audience" on a news_items row aliased `n`. */
function audienceCondition(reader: ReaderScope): RawBuilder<boolean> {
  const { classes, groups } = readerTargetsSql(reader);
  return sql<boolean>`(n.audience @> ARRAY[${reader.profile}]::text[] AND (
    (n.target_type = 'STRUCTURE' AND n.target_id = ANY(${reader.structureIds}::uuid[]))
    OR (n.target_type = 'CLASS' AND n.target_id IN (${classes}))
    OR (n.target_type = 'GROUP' AND n.target_id IN (${groups}))))`;
}

/** Whether the reader is in this item's audience (its dates aside). */
export async function isInAudience(db: Executor, reader: ReaderScope, newsId: string): Promise<boolean> {
  const row = await sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM news_items n WHERE n.id = ${newsId} AND ${audienceCondition(reader)}) AS ok`.execute(db);
  return Boolean(row.rows[0]?.ok);
}

const summaryColumns = [
  'n.id',
  'n.structure_id',
  'n.school_year',
  'n.target_type',
  'n.target_id',
  'n.audience',
  'n.title',
  'n.content_html',
  'n.status',
  'n.pinned',
  'n.publish_at',
  'n.expire_at',
  'n.author_id',
  'n.author_name',
  'n.notified_at',
  'n.comments_enabled',
  'n.updated_at',
] as const;

/** One item with its structure's collectivité. */
export async function getNews(db: Executor, id: string) {
  return db
    .selectFrom('news_items as n')
    .innerJoin('structures as s', 's.id', 'n.structure_id')
    .select([...summaryColumns, 's.collectivite_id'])
    .where('n.id', '=', id)
    .executeTakeFirst();
}
export type NewsRow = NonNullable<Awaited<ReturnType<typeof getNews>>>;

/** Locks one item until the transaction ends (two publications at once would both notify). */
export async function lockNews(db: Transaction<Database>, id: string) {
  return db
    .selectFrom('news_items as n')
    .innerJoin('structures as s', 's.id', 'n.structure_id')
    .select([...summaryColumns, 's.collectivite_id'])
    .where('n.id', '=', id)
    .forUpdate('n')
    .executeTakeFirst();
}

export interface PublishedCursor {
  pinned: boolean;
  publishAt: string;
  id: string;
}

/** The live items the reader is in the audience of, and those he wrote: pinned first, then newest; keyset paged. */
export async function findPublishedFor(db: Executor, reader: ReaderScope, now: Date, limit: number, after?: PublishedCursor) {
  let query = db
    .selectFrom('news_items as n')
    .select([...summaryColumns])
    .where('n.status', '=', 'PUBLISHED')
    .where('n.school_year', '=', reader.schoolYear)
    .where('n.publish_at', '<=', now)
    .where((eb) => eb.or([eb('n.expire_at', 'is', null), eb('n.expire_at', '>', now)]))
    .where(sql<boolean>`(${audienceCondition(reader)} OR n.author_id = ${reader.accountId})`);
  if (after) {
    query = query.where(sql<boolean>`(n.pinned, n.publish_at, n.id) < (${after.pinned}, ${new Date(after.publishAt)}::timestamptz, ${after.id}::uuid)`);
  }
  return query.orderBy('n.pinned', 'desc').orderBy('n.publish_at', 'desc').orderBy('n.id', 'desc').limit(limit).execute();
}

export interface UpdatedCursor {
  updatedAt: string;
  id: string;
}

/** What the account wrote, any state, most recently changed first. */
export async function findWrittenBy(db: Executor, authorId: string, schoolYear: number, limit: number, after?: UpdatedCursor) {
  let query = db.selectFrom('news_items as n').select([...summaryColumns]).where('n.author_id', '=', authorId).where('n.school_year', '=', schoolYear);
  if (after) query = query.where(sql<boolean>`(n.updated_at, n.id) < (${new Date(after.updatedAt)}::timestamptz, ${after.id}::uuid)`);
  return query.orderBy('n.updated_at', 'desc').orderBy('n.id', 'desc').limit(limit).execute();
}

/** Items submitted for validation in these structures. */
export async function findSubmitted(db: Executor, structureIds: readonly string[], schoolYear: number, limit: number, after?: UpdatedCursor) {
  if (structureIds.length === 0) return [];
  let query = db
    .selectFrom('news_items as n')
    .select([...summaryColumns])
    .where('n.status', '=', 'SUBMITTED')
    .where('n.structure_id', 'in', structureIds)
    .where('n.school_year', '=', schoolYear);
  if (after) query = query.where(sql<boolean>`(n.updated_at, n.id) < (${new Date(after.updatedAt)}::timestamptz, ${after.id}::uuid)`);
  return query.orderBy('n.updated_at', 'desc').orderBy('n.id', 'desc').limit(limit).execute();
}

/** The structures of a collectivité (for an ADMC's validation box), bounded. */
export async function findStructureIdsOf(db: Executor, collectiviteIds: readonly string[]): Promise<string[]> {
  if (collectiviteIds.length === 0) return [];
  const rows = await db.selectFrom('structures').select('id').where('collectivite_id', 'in', collectiviteIds).limit(5000).execute();
  return rows.map((r) => r.id);
}

export interface NewsValues {
  structureId: string;
  schoolYear: number;
  targetType: NewsTargetType;
  targetId: string;
  audience: string[];
  title: string;
  contentHtml: string;
  pinned: boolean;
  commentsEnabled: boolean;
  publishAt: Date | null;
  expireAt: Date | null;
}

export async function insertNews(db: Executor, values: NewsValues, author: { id: string; name: string }, now: Date) {
  return db
    .insertInto('news_items')
    .values({
      structure_id: values.structureId,
      school_year: values.schoolYear,
      target_type: values.targetType,
      target_id: values.targetId,
      audience: values.audience,
      title: values.title,
      content_html: values.contentHtml,
      status: 'DRAFT',
      pinned: values.pinned,
      comments_enabled: values.commentsEnabled,
      publish_at: values.publishAt,
      expire_at: values.expireAt,
      author_id: author.id,
      author_name: author.name,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Changes the item's content; the tenant scope (structure) is part of the key. */
export async function updateNews(db: Executor, id: string, values: NewsValues, now: Date) {
  await db
    .updateTable('news_items')
    .set({
      target_type: values.targetType,
      target_id: values.targetId,
      audience: values.audience,
      title: values.title,
      content_html: values.contentHtml,
      pinned: values.pinned,
      comments_enabled: values.commentsEnabled,
      publish_at: values.publishAt,
      expire_at: values.expireAt,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('structure_id', '=', values.structureId)
    .execute();
}

export async function setNewsStatus(
  db: Executor,
  id: string,
  structureId: string,
  change: { status: 'DRAFT' | 'SUBMITTED' | 'PUBLISHED'; publisherId?: string | null; publishAt?: Date | null; notifiedAt?: Date | null },
  now: Date,
) {
  await db
    .updateTable('news_items')
    .set({
      status: change.status,
      ...(change.publisherId === undefined ? {} : { publisher_id: change.publisherId }),
      ...(change.publishAt === undefined ? {} : { publish_at: change.publishAt }),
      ...(change.notifiedAt === undefined ? {} : { notified_at: change.notifiedAt }),
      updated_at: now,
    })
    .where('id', '=', id)
    .where('structure_id', '=', structureId)
    .execute();
}

export async function markNotified(db: Executor, id: string, at: Date) {
  await db.updateTable('news_items').set({ notified_at: at }).where('id', '=', id).execute();
}

/** Deletes the item and its pictures' rows; answers the storage keys of the pictures, to delete after commit. */
export async function deleteNews(db: Executor, id: string, structureId: string): Promise<string[]> {
  const keys = await db.selectFrom('news_images').select('storage_key').where('news_id', '=', id).execute();
  await db.deleteFrom('news_images').where('news_id', '=', id).execute();
  await db.deleteFrom('news_items').where('id', '=', id).where('structure_id', '=', structureId).execute();
  return keys.map((k) => k.storage_key);
}

/** Published items whose publication date has come and whose audience was not told yet. */
export async function findDueUnnotified(db: Executor, now: Date, limit: number) {
  return db.selectFrom('news_items').select('id').where('status', '=', 'PUBLISHED').where('notified_at', 'is', null).where('publish_at', '<=', now).orderBy('publish_at').limit(limit).execute();
}

/**
 * The accounts an item is addressed to: the target's members of the chosen
 * profiles (a class's students, their parents, its teachers, the structure's
 * staff), active accounts only.
 */
export async function findAudienceIds(db: Executor, item: { structure_id: string; school_year: number; target_type: NewsTargetType; target_id: string; audience: string[] }): Promise<string[]> {
  const parts: RawBuilder<unknown>[] = [];
  const profiles = new Set(item.audience);
  const staffOfStructure = (profile: string) =>
    sql`SELECT account_id FROM structure_members WHERE structure_id = ${item.structure_id} AND school_year = ${item.school_year} AND profile = ${profile}`;
  if (item.target_type === 'STRUCTURE') {
    parts.push(
      sql`SELECT account_id FROM structure_members WHERE structure_id = ${item.structure_id} AND school_year = ${item.school_year} AND profile::text = ANY(${item.audience}::text[])`,
    );
  } else {
    const ids = sql`SELECT ${item.target_id}::uuid`;
    const members =
      item.target_type === 'CLASS'
        ? sql`SELECT cm.account_id FROM class_members cm JOIN accounts a ON a.id = cm.account_id AND a.profile = 'ELEVE' WHERE cm.class_id = ${item.target_id}`
        : sql`SELECT gm.account_id FROM group_members gm JOIN accounts a ON a.id = gm.account_id AND a.profile = 'ELEVE' WHERE gm.group_id = ${item.target_id}`;
    if (profiles.has('ELEVE')) parts.push(members);
    if (profiles.has('PARENT')) parts.push(parentsOfSql(members));
    if (profiles.has('ENSEIGNANT')) parts.push(item.target_type === 'CLASS' ? teachersOfClassesSql(ids) : teachersOfGroupsSql(ids));
    if (profiles.has('PERSONNEL')) parts.push(staffOfStructure('PERSONNEL'));
  }
  if (parts.length === 0) return [];
  const union = parts.reduce((acc, part) => sql`${acc} UNION ${part}`);
  const rows = await sql<{ id: string }>`SELECT a.id FROM accounts a WHERE a.id IN (${union}) AND a.deleted_at IS NULL AND a.blocked_at IS NULL`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** The classes and groups of a structure this year, or those a teacher teaches there: where he may post. */
export async function findTargetsOf(db: Executor, structureIds: readonly string[], schoolYear: number, teacherId: string | null) {
  if (structureIds.length === 0) return [];
  const taughtClasses = teacherId ? classesTaughtSql(teacherId, schoolYear) : null;
  const taughtGroups = teacherId ? groupsTaughtSql(teacherId, schoolYear) : null;
  const rows = await sql<{ type: 'CLASS' | 'GROUP'; id: string; name: string; structure_id: string }>`
    (SELECT 'CLASS' AS type, id, name, structure_id FROM classes
      WHERE structure_id = ANY(${structureIds}::uuid[]) AND school_year = ${schoolYear}
      ${taughtClasses ? sql`AND id IN (${taughtClasses})` : sql``})
    UNION ALL
    (SELECT 'GROUP' AS type, id, name, structure_id FROM groups
      WHERE structure_id = ANY(${structureIds}::uuid[]) AND school_year = ${schoolYear}
      ${taughtGroups ? sql`AND id IN (${taughtGroups})` : sql``})
    ORDER BY type, name LIMIT 500`.execute(db);
  return rows.rows;
}

export async function findStructures(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('structures').select(['id', 'name', 'collectivite_id']).where('id', 'in', ids).orderBy('name').execute();
}

export async function countImages(db: Executor, newsId: string): Promise<number> {
  const row = await db.selectFrom('news_images').select((eb) => eb.fn.countAll<number>().as('n')).where('news_id', '=', newsId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertImage(db: Executor, newsId: string, file: { key: string; fileName: string; contentType: string; size: number }) {
  return db
    .insertInto('news_images')
    .values({ news_id: newsId, storage_key: file.key, file_name: file.fileName, content_type: file.contentType, size: file.size })
    .returning(['id', 'file_name'])
    .executeTakeFirstOrThrow();
}

export async function findImages(db: Executor, newsId: string) {
  return db.selectFrom('news_images').select(['id', 'file_name']).where('news_id', '=', newsId).orderBy('created_at').orderBy('id').limit(10).execute();
}

export async function getImage(db: Executor, id: string) {
  return db.selectFrom('news_images').select(['id', 'news_id', 'storage_key', 'file_name', 'content_type', 'size']).where('id', '=', id).executeTakeFirst();
}

export async function getDisplayName(db: Executor, accountId: string): Promise<string> {
  const row = await db.selectFrom('accounts').select(['first_name', 'last_name']).where('id', '=', accountId).executeTakeFirst();
  return row ? `${row.first_name} ${row.last_name}` : '';
}

// ---------------------------------------------------------------- comments

const MAX_COMMENTS = 500;

/** An item's comments, oldest first; the hidden ones only when asked (publishers). */
export async function findComments(db: Executor, newsId: string, withHidden: boolean) {
  let query = db.selectFrom('news_comments').select(['id', 'author_id', 'author_name', 'body', 'hidden_at', 'created_at']).where('news_id', '=', newsId);
  if (!withHidden) query = query.where('hidden_at', 'is', null);
  return query.orderBy('created_at').orderBy('id').limit(MAX_COMMENTS).execute();
}

export async function insertComment(db: Executor, newsId: string, author: { id: string; name: string }, body: string, now: Date) {
  return db
    .insertInto('news_comments')
    .values({ news_id: newsId, author_id: author.id, author_name: author.name, body, created_at: now })
    .returning(['id', 'author_id', 'author_name', 'body', 'hidden_at', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function getComment(db: Executor, id: string) {
  return db.selectFrom('news_comments').select(['id', 'news_id', 'author_id', 'hidden_at']).where('id', '=', id).executeTakeFirst();
}

/** Hides (or shows again) a comment of this item; the item is part of the key. */
export async function setCommentHidden(db: Executor, newsId: string, id: string, hiddenBy: string | null, at: Date | null) {
  await db.updateTable('news_comments').set({ hidden_at: at, hidden_by: hiddenBy }).where('id', '=', id).where('news_id', '=', newsId).execute();
}

export async function deleteComment(db: Executor, newsId: string, id: string) {
  await db.deleteFrom('news_comments').where('id', '=', id).where('news_id', '=', newsId).execute();
}

import {
  type NotificationChannel,
  type NotificationKind,
  type NotificationPreferences,
  notificationKinds,
  type TimelinePage,
} from '@preau/contracts';
import { z } from 'zod';
import type { Actor } from '../../platform/authorization.ts';
import type { DB } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { decodeCursor, pageFrom } from '../directory/keyset-cursor.ts';
import { countUnread, findPreferences, findTimelinePage, markAllRead, markEventRead, markObjectEventsRead, upsertPreferences } from './timeline.repository.ts';

/** Channel of a kind nobody chose for: shown in the ENT. */
export const DEFAULT_CHANNEL: NotificationChannel = 'ENT';

const TimelineCursor = z.strictObject({ t: z.string().regex(/^\d{1,18}$/) });

/** A page of "what happened that concerns me", newest first, with unread markers. */
export async function listTimeline(platform: Platform, actor: Actor, query: { cursor?: string | undefined; limit: number }): Promise<TimelinePage> {
  const db = platform.database.db;
  const cursor = decodeCursor(TimelineCursor, query.cursor);
  // Kinds the account chose to see nowhere are left out by the same statement.
  const rows = await findTimelinePage(db, actor.accountId, { beforeId: cursor?.t, limit: query.limit });
  const page = pageFrom(rows, query.limit, (row) => ({ t: String(row.id) }));
  return {
    items: page.rows.map((row) => ({
      id: String(row.id),
      kind: row.kind,
      objectType: row.object_type,
      objectId: row.object_id,
      actorName: row.first_name ? `${row.first_name} ${row.last_name}` : null,
      data: row.data,
      createdAt: new Date(row.created_at).toISOString(),
      isRead: row.read_at !== null,
    })),
    nextCursor: page.nextCursor,
  };
}

export async function timelineUnreadCount(platform: Platform, actor: Actor): Promise<{ unread: number }> {
  const db = platform.database.db;
  return { unread: await countUnread(db, actor.accountId) };
}

export async function markTimelineRead(platform: Platform, actor: Actor, id: string): Promise<void> {
  if (!(await markEventRead(platform.database.db, actor.accountId, id, new Date(platform.now())))) throw new AppError('NOT_FOUND');
}

export async function markTimelineAllRead(platform: Platform, actor: Actor): Promise<void> {
  await markAllRead(platform.database.db, actor.accountId, new Date(platform.now()));
}

/** For modules: the account has seen the object (a message opened), so its events are read. */
export async function markObjectRead(db: DB, accountId: string, objectType: string, objectId: string, at: Date): Promise<void> {
  await markObjectEventsRead(db, accountId, objectType, objectId, at);
}

/** The account's channel for each kind of event (defaults filled in). */
export async function getPreferences(platform: Platform, actor: Actor): Promise<NotificationPreferences> {
  const stored = await findPreferences(platform.database.db, actor.accountId);
  return {
    items: notificationKinds.map((kind) => ({
      kind,
      channel: (stored.find((p) => p.kind === kind)?.channel ?? DEFAULT_CHANNEL) as NotificationChannel,
    })),
  };
}

export async function updatePreferences(
  platform: Platform,
  actor: Actor,
  items: Array<{ kind: NotificationKind; channel: NotificationChannel }>,
): Promise<NotificationPreferences> {
  await upsertPreferences(platform.database.db, actor.accountId, items);
  return getPreferences(platform, actor);
}

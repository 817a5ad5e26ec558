import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/** SQL of the timeline (rows written by platform/events) and of notification preferences. */

export async function findTimelinePage(db: DB, accountId: string, options: { beforeId?: string; hiddenKinds: string[]; limit: number }) {
  let query = db
    .selectFrom('timeline_events as te')
    .leftJoin('accounts as a', 'a.id', 'te.actor_id')
    .select(['te.id', 'te.kind', 'te.object_type', 'te.object_id', 'te.data', 'te.created_at', 'te.read_at', 'a.first_name', 'a.last_name'])
    .where('te.account_id', '=', accountId);
  if (options.hiddenKinds.length > 0) query = query.where('te.kind', 'not in', options.hiddenKinds);
  if (options.beforeId !== undefined) query = query.where(sql<boolean>`te.id < ${options.beforeId}::bigint`);
  return query.orderBy('te.id', 'desc').limit(options.limit + 1).execute();
}

export async function countUnread(db: DB, accountId: string, hiddenKinds: string[]): Promise<number> {
  let query = db
    .selectFrom('timeline_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null);
  if (hiddenKinds.length > 0) query = query.where('kind', 'not in', hiddenKinds);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markEventRead(db: DB, accountId: string, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('timeline_events')
    .set({ read_at: sql`coalesce(read_at, ${at})` })
    .where('account_id', '=', accountId)
    .where(sql<boolean>`id = ${id}::bigint`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markAllRead(db: DB, accountId: string, at: Date): Promise<void> {
  await db.updateTable('timeline_events').set({ read_at: at }).where('account_id', '=', accountId).where('read_at', 'is', null).execute();
}

export async function markObjectEventsRead(db: DB, accountId: string, objectType: string, objectId: string, at: Date): Promise<void> {
  await db
    .updateTable('timeline_events')
    .set({ read_at: at })
    .where('account_id', '=', accountId)
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .where('read_at', 'is', null)
    .execute();
}

export async function findPreferences(db: DB, accountId: string) {
  return db.selectFrom('notification_preferences').select(['kind', 'channel']).where('account_id', '=', accountId).execute();
}

import type { NotificationChannel } from '@preau/contracts';
import { sql } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

/** SQL of the timeline (rows written by platform/events) and of notification preferences. */

/**
 * The kinds the account chose to see nowhere, as an init-plan of the statement
 * that reads the events (evaluated once): the page and the count need no
 * separate round trip for the preferences.
 */
function notHidden(accountId: string, kind: string) {
  return sql<boolean>`${sql.ref(kind)} <> ALL (ARRAY(SELECT p.kind FROM notification_preferences p WHERE p.account_id = ${accountId} AND p.channel = 'NONE'))`;
}

export async function findTimelinePage(db: DB, accountId: string, options: { beforeId?: string; limit: number }) {
  let query = db
    .selectFrom('timeline_events as te')
    .leftJoin('accounts as a', 'a.id', 'te.actor_id')
    .select(['te.id', 'te.kind', 'te.object_type', 'te.object_id', 'te.data', 'te.created_at', 'te.read_at', 'a.first_name', 'a.last_name'])
    .where('te.account_id', '=', accountId)
    .where(notHidden(accountId, 'te.kind'));
  if (options.beforeId !== undefined) query = query.where(sql<boolean>`te.id < ${options.beforeId}::bigint`);
  return query.orderBy('te.id', 'desc').limit(options.limit + 1).execute();
}

export async function countUnread(db: DB, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('timeline_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .where(notHidden(accountId, 'kind'))
    .executeTakeFirstOrThrow();
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

/** Writes the account's channel for each given kind, in one transaction. */
export async function upsertPreferences(db: DB, accountId: string, items: Array<{ kind: string; channel: NotificationChannel }>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const item of items) {
      await trx
        .insertInto('notification_preferences')
        .values({ account_id: accountId, kind: item.kind, channel: item.channel })
        .onConflict((oc) => oc.columns(['account_id', 'kind']).doUpdateSet({ channel: item.channel }))
        .execute();
    }
  });
}

/** A named value of notification_state (the VAPID keys, the job cursors). */
export async function findNotificationState(db: DB, name: string): Promise<unknown> {
  return (await db.selectFrom('notification_state').select('value').where('name', '=', name).executeTakeFirst())?.value;
}

/** Stores a named value unless one is already there (the first process to insert wins). */
export async function insertNotificationStateIfAbsent(db: DB, name: string, value: unknown): Promise<void> {
  await db
    .insertInto('notification_state')
    .values({ name, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export interface PushSubscriptionRow {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export type SavePushResult = 'saved' | 'limit' | 'taken';

/**
 * Records a push subscription for the account, counting its subscriptions
 * under a lock on the account row so that concurrent requests cannot pass
 * the cap together. An endpoint registered by another account moves only
 * when the same keys are presented (see docs/decisions/push-endpoints.md).
 */
export async function savePushSubscription(db: DB, accountId: string, subscription: PushSubscriptionRow, cap: number): Promise<SavePushResult> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow();
    const existing = await trx
      .selectFrom('push_subscriptions')
      .select(['account_id', 'p256dh', 'auth'])
      .where('endpoint', '=', subscription.endpoint)
      .forUpdate()
      .executeTakeFirst();
    if (existing && existing.account_id !== accountId && (existing.p256dh !== subscription.p256dh || existing.auth !== subscription.auth)) return 'taken';
    if (existing?.account_id !== accountId) {
      const row = await trx
        .selectFrom('push_subscriptions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      if (Number(row.n) >= cap) return 'limit';
    }
    await trx
      .insertInto('push_subscriptions')
      .values({ endpoint: subscription.endpoint, account_id: accountId, p256dh: subscription.p256dh, auth: subscription.auth })
      .onConflict((oc) => oc.column('endpoint').doUpdateSet({ account_id: accountId, p256dh: subscription.p256dh, auth: subscription.auth }))
      .execute();
    return 'saved';
  });
}

export async function deletePushSubscription(db: DB, accountId: string, endpoint: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).where('account_id', '=', accountId).execute();
}

/** Forgets a subscription whoever owns it (the push service said it is gone, or it now leads somewhere refused). */
export async function unsafeDeletePushEndpoint(db: DB, endpoint: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).execute();
}

export interface PushDelivery extends PushSubscriptionRow {
  account_id: string;
  kind: string;
  data: Record<string, unknown>;
  object_id: string;
}

/**
 * Claims the next batch of timeline events for Web Push: moves the cursor
 * past them under a row lock (with several processes only one sends each
 * event) and returns one row per event and subscription of the accounts
 * that chose PUSH for that kind. `more` tells whether a full batch was taken.
 */
export async function claimPushBatch(db: DB, batch: number): Promise<{ rows: PushDelivery[]; more: boolean }> {
  return db.transaction().execute(async (trx) => {
    await insertNotificationStateIfAbsent(trx, 'push_cursor', { lastId: 0 });
    const state = await trx.selectFrom('notification_state').select('value').where('name', '=', 'push_cursor').forUpdate().executeTakeFirstOrThrow();
    const cursor = state.value as { lastId: number };
    const range = await sql<{ max: number | null; n: number }>`SELECT max(id)::bigint AS max, count(*)::int AS n FROM (
      SELECT id FROM timeline_events WHERE id > ${cursor.lastId} ORDER BY id LIMIT ${batch}) t`.execute(trx);
    const upTo = range.rows[0]?.max;
    const more = Number(range.rows[0]?.n ?? 0) === batch;
    if (upTo === null || upTo === undefined) return { rows: [], more };
    const rows = await sql<PushDelivery>`
      SELECT te.account_id, te.kind, te.data, te.object_id, ps.endpoint, ps.p256dh, ps.auth
      FROM timeline_events te
      JOIN notification_preferences np ON np.account_id = te.account_id AND np.kind = te.kind AND np.channel = 'PUSH'
      JOIN push_subscriptions ps ON ps.account_id = te.account_id
      -- As the digest: a blocked or deleted account's browser gets nothing more.
      JOIN accounts a ON a.id = te.account_id AND a.status = 'ACTIVE' AND a.deleted_at IS NULL
      WHERE te.id > ${cursor.lastId} AND te.id <= ${upTo}
      ORDER BY te.id`.execute(trx);
    await trx.updateTable('notification_state').set({ value: JSON.stringify({ lastId: Number(upTo) }) }).where('name', '=', 'push_cursor').execute();
    return { rows: rows.rows, more };
  });
}

/**
 * Takes the digest window: when a day has passed since the last run, moves
 * the mark to now under a row lock and returns the window; undefined when
 * not due (or another process took it).
 */
export async function claimDigestWindow(db: DB, now: number, intervalMs: number): Promise<{ from: Date; to: Date } | undefined> {
  return db.transaction().execute(async (trx) => {
    await insertNotificationStateIfAbsent(trx, 'digest', { lastRun: now - intervalMs });
    const state = await trx.selectFrom('notification_state').select('value').where('name', '=', 'digest').forUpdate().executeTakeFirstOrThrow();
    const lastRun = (state.value as { lastRun: number }).lastRun;
    if (now - lastRun < intervalMs) return undefined;
    await trx.updateTable('notification_state').set({ value: JSON.stringify({ lastRun: now }) }).where('name', '=', 'digest').execute();
    return { from: new Date(lastRun), to: new Date(now) };
  });
}

/** Unread events of the window, for the active accounts with an e-mail that chose DIGEST for their kind; grouped by account, newest first. */
export async function findDigestEvents(db: DB, window: { from: Date; to: Date }) {
  const rows = await sql<{ account_id: string; email: string; first_name: string; locale: 'fr' | 'en'; kind: string; data: Record<string, unknown> }>`
    SELECT te.account_id, a.email, a.first_name, a.locale, te.kind, te.data
    FROM notification_preferences np
    JOIN timeline_events te ON te.account_id = np.account_id AND te.kind = np.kind
      AND te.created_at > ${window.from} AND te.created_at <= ${window.to} AND te.read_at IS NULL
    JOIN accounts a ON a.id = np.account_id AND a.email IS NOT NULL AND a.deleted_at IS NULL AND a.status = 'ACTIVE'
    WHERE np.channel = 'DIGEST'
    ORDER BY te.account_id, te.id DESC`.execute(db);
  return rows.rows;
}

import { type PushSubscriptionInput } from '@preau/contracts';
import { sql } from 'kysely';
import webpush from 'web-push';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';

/**
 * Notifications outside the open page: Web Push (VAPID keys generated on the
 * first start and kept in the database, so every process signs with the same
 * pair) and a daily e-mail digest. Both jobs read the timeline rows the
 * events wrote, from a cursor kept in notification_state, and take a row
 * lock on it so that with several processes only one sends.
 */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** What sends one push message: web-push's sendNotification by default, a fake in tests. */
export type PushSender = (
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
  payload: string,
  options: { vapidDetails: { subject: string; publicKey: string; privateKey: string }; TTL: number },
) => Promise<{ statusCode: number }>;

export const DIGEST_INTERVAL_MS = 24 * 3_600_000;

/** The VAPID key pair: read, or generated once and stored (the first process to insert wins). */
export async function ensureVapidKeys(platform: Platform): Promise<VapidKeys> {
  const db = platform.database.db;
  const read = async () => (await db.selectFrom('notification_state').select('value').where('name', '=', 'vapid').executeTakeFirst())?.value as VapidKeys | undefined;
  const existing = await read();
  if (existing) return existing;
  const keys = webpush.generateVAPIDKeys();
  await db
    .insertInto('notification_state')
    .values({ name: 'vapid', value: JSON.stringify(keys) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await read())!;
}

/** Records a browser's push subscription for the actor (https endpoints only in production). */
export async function subscribePush(platform: Platform, actor: Actor, input: PushSubscriptionInput): Promise<void> {
  const url = new URL(input.endpoint);
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && (platform.config.isProduction || !local)) throw new AppError('PUSH_ENDPOINT_INVALID');
  await platform.database.db
    .insertInto('push_subscriptions')
    .values({ endpoint: input.endpoint, account_id: actor.accountId, p256dh: input.keys.p256dh, auth: input.keys.auth })
    .onConflict((oc) => oc.column('endpoint').doUpdateSet({ account_id: actor.accountId, p256dh: input.keys.p256dh, auth: input.keys.auth }))
    .execute();
}

export async function unsubscribePush(platform: Platform, actor: Actor, endpoint: string): Promise<void> {
  await platform.database.db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).where('account_id', '=', actor.accountId).execute();
}

interface PushCursor {
  lastId: number;
}

/**
 * Sends Web Push for the timeline events written since the last run to the
 * accounts that chose PUSH for that kind. The cursor moves before sending
 * (at most once: a crash loses a push, never repeats one). Returns the
 * number of push messages sent.
 */
export async function dispatchPush(platform: Platform, send: PushSender = webpush.sendNotification as unknown as PushSender, batch = 1000): Promise<number> {
  let sent = 0;
  // Batch after batch until the cursor has caught up with the timeline.
  for (;;) {
    const result = await dispatchPushBatch(platform, send, batch);
    sent += result.sent;
    if (!result.more) return sent;
  }
}

async function dispatchPushBatch(platform: Platform, send: PushSender, batch: number): Promise<{ sent: number; more: boolean }> {
  const db = platform.database.db;
  const vapid = await ensureVapidKeys(platform);
  let more = false;
  const claimed = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('notification_state')
      .values({ name: 'push_cursor', value: JSON.stringify({ lastId: 0 }) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const state = await trx.selectFrom('notification_state').select('value').where('name', '=', 'push_cursor').forUpdate().executeTakeFirstOrThrow();
    const cursor = state.value as PushCursor;
    const range = await sql<{ max: number | null; n: number }>`SELECT max(id)::bigint AS max, count(*)::int AS n FROM (
      SELECT id FROM timeline_events WHERE id > ${cursor.lastId} ORDER BY id LIMIT ${batch}) t`.execute(trx);
    const upTo = range.rows[0]?.max;
    more = Number(range.rows[0]?.n ?? 0) === batch;
    if (upTo === null || upTo === undefined) return [];
    const rows = await sql<{ account_id: string; kind: string; data: Record<string, unknown>; object_id: string; endpoint: string; p256dh: string; auth: string }>`
      SELECT te.account_id, te.kind, te.data, te.object_id, ps.endpoint, ps.p256dh, ps.auth
      FROM timeline_events te
      JOIN notification_preferences np ON np.account_id = te.account_id AND np.kind = te.kind AND np.channel = 'PUSH'
      JOIN push_subscriptions ps ON ps.account_id = te.account_id
      WHERE te.id > ${cursor.lastId} AND te.id <= ${upTo}
      ORDER BY te.id`.execute(trx);
    await trx.updateTable('notification_state').set({ value: JSON.stringify({ lastId: Number(upTo) }) }).where('name', '=', 'push_cursor').execute();
    return rows.rows;
  });
  let sent = 0;
  for (const row of claimed) {
    const payload = JSON.stringify({ kind: row.kind, objectId: row.object_id, title: String(row.data.subject ?? ''), from: String(row.data.senderName ?? '') });
    try {
      await send({ endpoint: row.endpoint, keys: { p256dh: row.p256dh, auth: row.auth } }, payload, {
        vapidDetails: { subject: platform.config.publicUrl.startsWith('https://') ? platform.config.publicUrl : 'mailto:ne-pas-repondre@preau.localhost', ...vapid },
        TTL: 3600,
      });
      sent++;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      // The browser dropped the subscription: forget it.
      if (status === 404 || status === 410) await db.deleteFrom('push_subscriptions').where('endpoint', '=', row.endpoint).execute();
    }
  }
  return { sent, more };
}

const digestText = {
  fr: {
    subject: (n: number) => `Préau : ${n} notification${n > 1 ? 's' : ''} non lue${n > 1 ? 's' : ''}`,
    hello: (name: string) => `Bonjour ${name},`,
    intro: 'Voici ce qui vous attend dans Préau :',
    message: (from: string, subject: string) => `- Nouveau message de ${from} : ${subject || '(sans objet)'}`,
    other: (kind: string) => `- ${kind}`,
    link: (url: string) => `Pour les lire : ${url}`,
    footer: 'Vous recevez ce résumé quotidien parce que vous l’avez choisi dans vos préférences de notification.',
  },
  en: {
    subject: (n: number) => `Préau: ${n} unread notification${n > 1 ? 's' : ''}`,
    hello: (name: string) => `Hello ${name},`,
    intro: 'Here is what is waiting for you in Préau:',
    message: (from: string, subject: string) => `- New message from ${from}: ${subject || '(no subject)'}`,
    other: (kind: string) => `- ${kind}`,
    link: (url: string) => `To read them: ${url}`,
    footer: 'You receive this daily digest because you chose it in your notification preferences.',
  },
};

/**
 * The daily e-mail digest: once a day (whichever process gets the lock),
 * one mail per account that chose DIGEST for some kind and has unread events
 * of it since the previous digest. Returns the number of mails sent (0 when
 * not due yet).
 */
export async function sendDigests(platform: Platform): Promise<number> {
  const db = platform.database.db;
  const now = platform.now();
  const window = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('notification_state')
      .values({ name: 'digest', value: JSON.stringify({ lastRun: now - DIGEST_INTERVAL_MS }) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const state = await trx.selectFrom('notification_state').select('value').where('name', '=', 'digest').forUpdate().executeTakeFirstOrThrow();
    const lastRun = (state.value as { lastRun: number }).lastRun;
    if (now - lastRun < DIGEST_INTERVAL_MS) return undefined;
    await trx.updateTable('notification_state').set({ value: JSON.stringify({ lastRun: now }) }).where('name', '=', 'digest').execute();
    return { from: new Date(lastRun), to: new Date(now) };
  });
  if (!window) return 0;
  const rows = await sql<{ account_id: string; email: string; first_name: string; locale: 'fr' | 'en'; kind: string; data: Record<string, unknown> }>`
    SELECT te.account_id, a.email, a.first_name, a.locale, te.kind, te.data
    FROM notification_preferences np
    JOIN timeline_events te ON te.account_id = np.account_id AND te.kind = np.kind
      AND te.created_at > ${window.from} AND te.created_at <= ${window.to} AND te.read_at IS NULL
    JOIN accounts a ON a.id = np.account_id AND a.email IS NOT NULL AND a.deleted_at IS NULL AND a.status = 'ACTIVE'
    WHERE np.channel = 'DIGEST'
    ORDER BY te.account_id, te.id DESC`.execute(db);
  const byAccount = new Map<string, typeof rows.rows>();
  for (const row of rows.rows) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row]);
  let sent = 0;
  for (const events of byAccount.values()) {
    const first = events[0]!;
    const t = digestText[first.locale === 'en' ? 'en' : 'fr'];
    const lines = events
      .slice(0, 20)
      .map((e) => (e.kind === 'messaging.received' ? t.message(String(e.data.senderName ?? ''), String(e.data.subject ?? '')) : t.other(e.kind)));
    await platform.mailer.send({
      to: first.email,
      subject: t.subject(events.length),
      text: [t.hello(first.first_name), '', t.intro, ...lines, '', t.link(`${platform.config.publicUrl}/`), '', t.footer].join('\n'),
    });
    sent++;
  }
  return sent;
}

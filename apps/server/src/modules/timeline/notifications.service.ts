import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { type PushSubscriptionInput } from '@preau/contracts';
import webpush from 'web-push';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { type HostLookup, type ResolvedAddress, resolvePushEndpoint, systemLookup } from './push-address.ts';
import {
  claimDigestWindow,
  claimPushBatch,
  deletePushSubscription,
  findDigestEvents,
  findNotificationState,
  insertNotificationStateIfAbsent,
  savePushSubscription,
  unsafeDeletePushEndpoint,
} from './timeline.repository.ts';

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

/** Browsers (push subscriptions) one account may register: enough for a family's devices, few enough to bound the fan-out. */
export const PUSH_SUBSCRIPTIONS_PER_ACCOUNT = 10;
/** Longest a push service may take to answer one message, connection included. */
export const PUSH_SEND_TIMEOUT_MS = 10_000;

/**
 * What sends one push message to the address checked just before (the
 * connection goes there and nowhere else): `sendPushOverHttps` by default,
 * a fake in tests.
 */
export type PushSender = (
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
  payload: string,
  options: { vapidDetails: { subject: string; publicKey: string; privateKey: string }; TTL: number; address: ResolvedAddress; timeoutMs: number },
) => Promise<{ statusCode: number }>;

export const DIGEST_INTERVAL_MS = 24 * 3_600_000;

/** The VAPID key pair: read, or generated once and stored (the first process to insert wins). */
export async function ensureVapidKeys(platform: Platform): Promise<VapidKeys> {
  const db = platform.database.db;
  const existing = (await findNotificationState(db, 'vapid')) as VapidKeys | undefined;
  if (existing) return existing;
  await insertNotificationStateIfAbsent(db, 'vapid', webpush.generateVAPIDKeys());
  return (await findNotificationState(db, 'vapid')) as VapidKeys;
}

/**
 * Records a browser's push subscription for the actor: https only, to a
 * public address (checked again at each send), at most
 * PUSH_SUBSCRIPTIONS_PER_ACCOUNT per account; an endpoint another account
 * registered moves only with its keys (proof of holding the subscription).
 */
export async function subscribePush(platform: Platform, actor: Actor, input: PushSubscriptionInput, lookup: HostLookup = systemLookup): Promise<void> {
  const checked = await resolvePushEndpoint(input.endpoint, lookup);
  if (!checked || checked === 'unresolved') throw new AppError('PUSH_ENDPOINT_INVALID');
  const result = await savePushSubscription(
    platform.database.db,
    actor.accountId,
    { endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth },
    PUSH_SUBSCRIPTIONS_PER_ACCOUNT,
  );
  if (result === 'taken') throw new AppError('PUSH_ENDPOINT_TAKEN');
  if (result === 'limit') throw new AppError('PUSH_SUBSCRIPTIONS_LIMIT');
}

export async function unsubscribePush(platform: Platform, actor: Actor, endpoint: string): Promise<void> {
  await deletePushSubscription(platform.database.db, actor.accountId, endpoint);
}

/**
 * Sends one push message with web-push's encryption and VAPID signature,
 * over a connection pinned to the checked address (TLS still verifies the
 * endpoint's host name) and abandoned after `timeoutMs`, whatever the
 * push service does.
 */
export const sendPushOverHttps: PushSender = (subscription, payload, options) => {
  const details = webpush.generateRequestDetails(subscription, payload, { vapidDetails: options.vapidDetails, TTL: options.TTL });
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    const { address, family } = options.address;
    // Node asks for every address when it may try several (autoSelectFamily); give only the checked one.
    if ((lookupOptions as { all?: boolean }).all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      details.endpoint,
      { method: details.method, headers: details.headers as Record<string, string>, lookup: pinned, agent: false, signal: AbortSignal.timeout(options.timeoutMs) },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        // The answer's body is not needed: drop it rather than hold it.
        response.destroy();
        if (statusCode >= 200 && statusCode < 300) resolve({ statusCode });
        else reject(Object.assign(new Error(`push service answered ${statusCode}`), { statusCode }));
      },
    );
    request.on('error', reject);
    request.end(details.body ?? undefined);
  });
};

/**
 * Sends Web Push for the timeline events written since the last run to the
 * accounts that chose PUSH for that kind. The cursor moves before sending
 * (at most once: a crash loses a push, never repeats one). Each endpoint is
 * resolved and checked again before its message (DNS may have changed since
 * it was registered). Returns the number of push messages sent.
 */
export async function dispatchPush(platform: Platform, options: { send?: PushSender; lookup?: HostLookup; batch?: number } = {}): Promise<number> {
  const send = options.send ?? sendPushOverHttps;
  const lookup = options.lookup ?? systemLookup;
  let sent = 0;
  // Batch after batch until the cursor has caught up with the timeline.
  for (;;) {
    const result = await dispatchPushBatch(platform, send, lookup, options.batch ?? 1000);
    sent += result.sent;
    if (!result.more) return sent;
  }
}

async function dispatchPushBatch(platform: Platform, send: PushSender, lookup: HostLookup, batch: number): Promise<{ sent: number; more: boolean }> {
  const db = platform.database.db;
  const vapid = await ensureVapidKeys(platform);
  const { rows, more } = await claimPushBatch(db, batch);
  let sent = 0;
  // One resolution per endpoint and batch, not per event.
  const resolved = new Map<string, ReturnType<typeof resolvePushEndpoint>>();
  for (const row of rows) {
    let resolving = resolved.get(row.endpoint);
    if (!resolving) resolved.set(row.endpoint, (resolving = resolvePushEndpoint(row.endpoint, lookup)));
    const address = await resolving;
    // The name does not resolve right now: skip this event, keep the subscription.
    if (address === 'unresolved') continue;
    if (!address) {
      // Now leads somewhere refused: forget it rather than try again at each event.
      await unsafeDeletePushEndpoint(db, row.endpoint);
      continue;
    }
    const payload = JSON.stringify({ kind: row.kind, objectId: row.object_id, title: String(row.data.subject ?? ''), from: String(row.data.senderName ?? '') });
    try {
      await send({ endpoint: row.endpoint, keys: { p256dh: row.p256dh, auth: row.auth } }, payload, {
        vapidDetails: { subject: platform.config.publicUrl.startsWith('https://') ? platform.config.publicUrl : 'mailto:ne-pas-repondre@preau.localhost', ...vapid },
        TTL: 3600,
        address,
        timeoutMs: PUSH_SEND_TIMEOUT_MS,
      });
      sent++;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      // The browser dropped the subscription: forget it.
      if (status === 404 || status === 410) await unsafeDeletePushEndpoint(db, row.endpoint);
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
  const window = await claimDigestWindow(platform.database.db, platform.now(), DIGEST_INTERVAL_MS);
  if (!window) return 0;
  const rows = await findDigestEvents(platform.database.db, window);
  const byAccount = new Map<string, typeof rows>();
  for (const row of rows) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row]);
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

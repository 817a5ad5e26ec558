import { api } from '../../api/client.ts';

/** True when this browser can receive Web Push (service workers, Push API, notifications). */
export function canUseWebPush(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/**
 * Asks the browser for permission, registers the service worker, subscribes
 * with the server's VAPID key and hands the subscription to the server.
 * Throws 'denied' when the user or the browser refuses.
 */
export async function subscribeToWebPush(): Promise<void> {
  if (!canUseWebPush()) throw new Error('unavailable');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('denied');
  const registration = await navigator.serviceWorker.register('/preau-push-sw.js');
  await navigator.serviceWorker.ready;
  const { publicKey } = await api.get<{ publicKey: string }>('/notifications/push/public-key');
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  const json = subscription.toJSON();
  await api.post('/notifications/push/subscriptions', { endpoint: json.endpoint, keys: json.keys });
}

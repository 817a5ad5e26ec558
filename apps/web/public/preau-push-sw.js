/* Préau's service worker: shows the Web Push notifications the server sends
   (new message…) and opens the right page when one is clicked. It caches
   nothing: the app itself always comes from the network. */
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const french = (self.navigator.language || 'fr').startsWith('fr');
  const title = data.kind === 'messaging.received'
    ? (french ? `Nouveau message de ${data.from || ''}` : `New message from ${data.from || ''}`)
    : 'Préau';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.title || '',
      icon: '/favicon.svg',
      tag: data.objectId || undefined,
      data: { url: data.kind === 'messaging.received' && data.objectId ? `/messagerie/messages/${data.objectId}` : '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/';
  event.waitUntil(self.clients.openWindow(url));
});

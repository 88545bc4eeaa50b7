/* Web Push in the service worker (imported by sw.js): a centre notice that
 * came encrypted through the phone's push service is shown as a notification;
 * a tap opens the home page, where the notice is. The payload is what
 * webapp/push/sending.py sends: {title, body, lang, url, tag}. */
'use strict';

self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || 'Veiviser', {
    body: data.body || '',
    lang: data.lang || '',
    dir: 'auto',
    tag: data.tag || 'veiviser',
    icon: '/icons/192.png',
    data: { url: typeof data.url === 'string' && data.url.startsWith('/') ? data.url : '/' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});

/* Veiviser service worker.
 *
 * The server prepends `self.SHELL = {release, files}`: the app shell, each
 * file under a URL carrying its content hash; and appends the worker's other
 * parts (webapp/offline/pwa_views.py: Web Push), so it is one download.
 *
 * - Shell: precached per release; files a previous release already has are
 *   copied from its cache, so a release downloads only what changed.
 * - Content: the page asks for a sync (postMessage) when the app is opened;
 *   for each language the resident keeps, the worker asks for the pack since
 *   the publication it holds (one request; 204 when nothing changed), writes
 *   its pages into the cache as ordinary responses, deletes what was removed,
 *   marks what changed, and reports.
 * - Pages: a saved page opens from the phone, with no request first; pages
 *   not saved and answers to queries (search, feedback) from the network
 *   (the saved search or feedback page when offline or slow).
 * - Only same-origin GET requests are handled. POSTs are never touched: the
 *   page sends its own outbox (one sync path, never replayed from here).
 * - A new release waits until the resident accepts it (no surprise reloads).
 */
'use strict';

const SHELL_CACHE = 'veiviser-shell-' + self.SHELL.release;
const META_CACHE = 'veiviser-meta';
const CONTENT_PREFIX = 'veiviser-content-';
// Fonts only the phones that lack them download (Ethiopic): kept across releases.
const FONT_CACHE = 'veiviser-fonts';
const SLOW_NETWORK_MS = 4000;

const contentCacheName = (lang, centre) => `${CONTENT_PREFIX}${lang}-${centre}`;
const metaKey = (lang, centre, what) => `/__veiviser/${lang}/${centre}/${what}`;

self.addEventListener('install', (event) => {
  event.waitUntil(precacheShell());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('veiviser-shell-') && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const message = event.data || {};
  if (message.type === 'skip-waiting') self.skipWaiting();
  if (message.type === 'sync') event.waitUntil(syncContent(message));
  if (message.type === 'seen') event.waitUntil(clearBadge(message.lang, message.centre, message.url));
});

self.addEventListener('sync', (event) => {
  // Background Sync (where the browser has it): the network is back, so ask
  // open pages to send their outbox. The page sends; this worker never does.
  if (event.tag === 'veiviser-outbox') event.waitUntil(tellPages({ type: 'outbox-sync' }));
});

async function tellPages(message) {
  for (const client of await self.clients.matchAll()) client.postMessage(message);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === '/sw.js') return;
  if (url.pathname.startsWith('/static/') || url.pathname.startsWith('/media/')) {
    event.respondWith(savedFirst(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(pageFirstFromPhone(request, url));
  }
  // Anything else (manifests, the API) goes to the network untouched.
});

/* ---- shell ------------------------------------------------------------ */

async function precacheShell() {
  // Files an older release or the browser's own cache already has (the page
  // that registered this worker loaded some) cost nothing; the rest come in
  // one request: on a slow network every request costs a round trip.
  const cache = await caches.open(SHELL_CACHE);
  const missing = [];
  await Promise.all(self.SHELL.files.map(async (url) => {
    if (await cache.match(url)) return;
    const known = (await caches.match(url)) || (await fromBrowserCache(url));
    if (known) await cache.put(url, known);
    else missing.push(url);
  }));
  if (!missing.length) return;
  const bundle = await (await fetchOk(`/app-files?files=${encodeURIComponent(missing.join(','))}`)).json();
  await Promise.all(missing.map((url) => cache.put(url, new Response(bundle[url], {
    headers: { 'Content-Type': contentType(url) },
  }))));
}

async function fromBrowserCache(url) {
  try {
    const response = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' });
    return response.ok ? response : undefined;
  } catch (error) {
    return undefined;
  }
}

function contentType(url) {
  const types = { css: 'text/css', js: 'text/javascript', svg: 'image/svg+xml', json: 'application/json' };
  const extension = new URL(url, self.location.origin).pathname.split('.').pop();
  return `${types[extension] || 'text/html'}; charset=utf-8`;
}

async function fetchOk(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response;
}

async function savedFirst(request) {
  const saved = await caches.match(request);
  if (saved) return saved;
  // A saved page asks for an older version of an app file (it was saved
  // before a release; pages are not downloaded again for a release of app
  // files): this release's copy of that file, never the old one.
  const current = await (await caches.open(SHELL_CACHE)).match(request, { ignoreSearch: true });
  if (current && new URL(request.url).pathname.startsWith('/static/')) return current;
  try {
    const response = await fetch(request);
    if (response.ok && new URL(request.url).pathname.startsWith('/static/fonts/')) {
      await (await caches.open(FONT_CACHE)).put(request, response.clone());
    }
    return response;
  } catch (error) {
    // Offline: a saved copy under another version is better than nothing.
    const older = await caches.match(request, { ignoreSearch: true });
    if (older) return older;
    throw error;
  }
}

/* ---- pages ------------------------------------------------------------ */

async function pageFirstFromPhone(request, url) {
  // A saved page opens from the phone at once, with no request before it
  // shows: a tap costs nothing on slow or stalled Wi-Fi. New versions come
  // with the content sync (app.js asks for it), which saves them in the
  // background and marks them "updated"; the page on screen is never replaced.
  if (!url.search) {
    const saved = await findSaved(url);
    if (saved) return saved;
  }
  return networkFirst(request, url);
}

async function networkFirst(request, url) {
  const saved = findSaved(url);
  const network = fetch(request);
  network.catch(() => {}); // handled below; not an unhandled rejection when the saved copy won
  // On slow Wi-Fi, show the saved copy after a few seconds rather than a blank screen.
  const slow = new Promise((resolve) => setTimeout(resolve, SLOW_NETWORK_MS)).then(() => saved);
  try {
    return (await Promise.race([network, slow])) || await network;
  } catch (error) {
    return (await saved) || (await unavailablePage(url)) || Response.error();
  }
}

function findSaved(url) {
  // Search results are made on the phone: any /search?q=... opens the saved search page.
  // One saved copy serves every query: the page's script reads it.
  const ignoreSearch = url.pathname.endsWith('/search') || url.pathname.endsWith('/feedback');
  return caches.match(url.pathname + (ignoreSearch ? '' : url.search), { ignoreSearch });
}

async function unavailablePage(url) {
  const [, lang, centre] = url.pathname.split('/');
  if (lang && centre) {
    // "Not saved on this phone", in this language, or, for a language the
    // phone does not keep, in one it does: never the browser's own error.
    const kept = await keptContent(centre);
    return (await caches.match(`/${lang}/${centre}/unavailable`))
      || (kept && caches.match(`/${kept.lang}/${kept.centre}/unavailable`));
  }
  // The language picker (/) and the check-in address (/c) are not kept: they
  // depend on the browser's languages. Offline, open the same page in a
  // language this phone keeps (a check-in code in the #fragment comes along).
  const kept = await keptContent();
  if (!kept) return undefined;
  const page = url.pathname === '/c' ? 'checkin' : '';
  return Response.redirect(`/${kept.lang}/${kept.centre}/${page}`, 302);
}

/* A language and centre this phone keeps pages for (of ``centre`` if given). */
async function keptContent(centre) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(CONTENT_PREFIX)) continue;
    const langAndCentre = name.slice(CONTENT_PREFIX.length); // language codes have no "-"
    const dash = langAndCentre.indexOf('-');
    const kept = { lang: langAndCentre.slice(0, dash), centre: langAndCentre.slice(dash + 1) };
    if (!centre || kept.centre === centre) return kept;
  }
  return undefined;
}

/* ---- content sync ----------------------------------------------------- */

let running = null;

function syncContent(request) {
  // One sync at a time; a request during a sync waits for it, then runs.
  running = (running || Promise.resolve()).then(() => syncAll(request)).catch(() => {});
  return running;
}

async function syncAll({ langs, centre, media, fonts, also }) {
  await keepFonts(fonts || []);
  await forgetLanguagesNotKept(langs, centre);
  // The reader's own order of languages for pages not in theirs (fallback.js, app.js).
  const order = (also || []).join(',');
  for (const lang of langs) await syncLanguage(lang, centre, Boolean(media), order);
}

async function keepFonts(urls) {
  const cache = await caches.open(FONT_CACHE);
  for (const url of urls) {
    if (await cache.match(url)) continue;
    try {
      await cache.put(url, await fetchOk(url));
    } catch (error) { /* offline: the next sync tries again */ }
  }
}

async function forgetLanguagesNotKept(langs, centre) {
  const kept = new Set(langs.map((lang) => contentCacheName(lang, centre)));
  for (const name of await caches.keys()) {
    if (name.startsWith(CONTENT_PREFIX) && name.endsWith(`-${centre}`) && !kept.has(name)) {
      await caches.delete(name);
      const lang = name.slice(CONTENT_PREFIX.length, -(centre.length + 1));
      const meta = await caches.open(META_CACHE);
      for (const what of ['manifest', 'status', 'badges']) await meta.delete(metaKey(lang, centre, what));
    }
  }
}

async function syncLanguage(lang, centre, withMedia, order) {
  const before = await readMeta(lang, centre, 'status');
  await report(lang, centre, { ...before, state: 'updating' });
  try {
    const cache = await caches.open(contentCacheName(lang, centre));
    let held = await readMeta(lang, centre, 'manifest');
    // The phone dropped something, or the reader chose another order of languages: start again.
    if (held && ((held.also || '') !== order || !(await holdsEverything(cache, held)))) held = null;
    // A base pack may be followed by what changed since it was made.
    for (let round = 0; round < 3; round += 1) {
      const pack = await fetchPack(lang, centre, held, order);
      if (!pack) break; // up to date
      const next = { ...(await applyPack(cache, pack, held)), also: order };
      await writeMeta(lang, centre, 'badges', badgesAfter(held, next, await readMeta(lang, centre, 'badges')));
      await writeMeta(lang, centre, 'manifest', next);
      held = next;
      if (next.v >= pack.newest) break; // a delta always brings the phone up to the newest publication
    }
    if (withMedia) await downloadMedia(cache, held);
    await report(lang, centre, { state: 'ready', updated: Date.now() });
  } catch (error) {
    // Offline (a TypeError from fetch): what is saved stays saved, and says so.
    if (error instanceof TypeError) await report(lang, centre, before || { state: 'none' });
    else await report(lang, centre, { ...before, state: error.name === 'QuotaExceededError' ? 'full' : 'error' });
  }
}

/* The one request an app open costs when nothing changed: "I hold
   publication n" answered by 204, or by the pack that brings the phone
   forward (every page of the language, or what changed since n). */
async function fetchPack(lang, centre, held, order) {
  const query = new URLSearchParams();
  if (held) query.set('since', held.v);
  if (order) query.set('also', order);
  const search = query.toString() ? `?${query}` : '';
  const response = await fetchOk(`/${lang}/${centre}/pack${search}`, { cache: 'no-store' });
  noticeRelease(response.headers.get('Veiviser-Release'));
  if (response.status === 204) return null;
  const pack = readPack(await response.text());
  // The newest publication: a base pack that is already it needs no second request.
  pack.newest = Number(response.headers.get('Veiviser-Publication')) || pack.v;
  return pack;
}

/* The browser's own check for a new worker reads sw.js from its cache (a
   day), so a tap costs no request; the app-open check tells of a new release. */
let releaseNoticed = false;
function noticeRelease(release) {
  if (!release || release === self.SHELL.release || releaseNoticed) return;
  releaseNoticed = true;
  fetch('/sw.js', { cache: 'reload' }).then(() => self.registration.update()).catch(() => { releaseNoticed = false; });
}

/* One line of JSON, then the pages one after the other (webapp/publishing/packs.py). */
function readPack(text) {
  const end = text.indexOf('\n');
  const pack = JSON.parse(text.slice(0, end));
  let offset = end + 1;
  pack.pages = Object.keys(pack.urls).map((url, n) => {
    offset += pack.lengths[n];
    return [url, text.slice(offset - pack.lengths[n], offset)];
  });
  return pack;
}

async function applyPack(cache, pack, held) {
  const urls = pack.full ? {} : { ...(held ? held.urls : {}) };
  for (const [url, html] of pack.pages) {
    // Saved as the server would have sent it: the page reads as plain HTML.
    await cache.put(url, new Response(html, { headers: { 'Content-Type': contentType(url) } }));
  }
  Object.assign(urls, pack.urls);
  for (const url of pack.removed) delete urls[url];
  const next = { v: pack.v, release: pack.release, urls };
  await removeDropped(cache, next);
  await verify(cache, next);
  return next;
}

async function holdsEverything(cache, manifest) {
  for (const url of Object.keys(manifest.urls)) {
    if (!(await cache.match(url))) return false;
  }
  return true;
}

async function downloadMedia(cache, manifest) {
  for (const entry of Object.values(manifest.urls)) {
    for (const file of entry.m || []) {
      if (!(await cache.match(file))) await cache.put(file, await fetchOk(file));
    }
  }
}

async function removeDropped(cache, manifest) {
  const wanted = new Set(Object.keys(manifest.urls));
  for (const entry of Object.values(manifest.urls)) (entry.m || []).forEach((file) => wanted.add(file));
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!wanted.has(path)) await cache.delete(request);
  }
}

async function verify(cache, manifest) {
  // Never claim "available offline" before every page really is on the phone.
  if (!(await holdsEverything(cache, manifest))) throw new Error('a page is missing after sync');
}

function badgesAfter(previous, manifest, badges) {
  // Within one release a changed hash means changed content; across releases
  // every page may look different, so only new pages are marked then.
  const sameRelease = previous && previous.release === manifest.release;
  const next = {};
  for (const [url, entry] of Object.entries(manifest.urls)) {
    if (!('t' in entry)) continue; // only pages get badges
    const old = previous && previous.urls[url];
    if (badges && badges[url]) next[url] = badges[url];
    if (previous && !old) next[url] = 'new';
    else if (sameRelease && old.h !== entry.h) next[url] = 'updated';
  }
  return next;
}

async function clearBadge(lang, centre, url) {
  const badges = await readMeta(lang, centre, 'badges');
  if (badges && badges[url]) {
    delete badges[url];
    await writeMeta(lang, centre, 'badges', badges);
  }
}

/* ---- small JSON records in the meta cache ----------------------------- */

async function readMeta(lang, centre, what) {
  const response = await (await caches.open(META_CACHE)).match(metaKey(lang, centre, what));
  return response ? response.json() : null;
}

async function writeMeta(lang, centre, what, value) {
  const body = JSON.stringify(value);
  const cache = await caches.open(META_CACHE);
  await cache.put(metaKey(lang, centre, what), new Response(body, { headers: { 'Content-Type': 'application/json' } }));
}

async function report(lang, centre, status) {
  // Tell the pages first: on a full phone, writing the status may fail too.
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage({ type: 'status', lang, centre, status });
  }
  if (status.state !== 'updating') {
    await writeMeta(lang, centre, 'status', status).catch(() => {});
  }
}

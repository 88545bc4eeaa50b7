/* Veiviser outbox: what a resident sends (check-ins, later feedback) waits
 * here, on the phone, until the server has it (docs/design.md, rule 4).
 *
 * - add(type, body) makes the item's UUID and stores the item in IndexedDB
 *   before any network call; it resolves once the item is safely stored.
 * - Queued items go in one POST to /api/v1/sync (at most 50). An item is
 *   deleted only when the server answers "ok" for it. "rejected" or
 *   "conflict" keeps it as 'needs-attention', with the server's message.
 *   No answer, 5xx, 408 or 429 keep it queued, to try again later (backoff
 *   with jitter, at most 10 minutes apart). Nothing expires.
 * - One sender at a time across tabs (Web Locks). The server applies each
 *   UUID at most once, so sending an item twice is harmless anyway.
 * - Sends on page load, when the phone comes online, when the page becomes
 *   visible, every minute while open, on sync() (a "Send now" button, or any
 *   element with data-outbox-send) and on Background Sync where the browser
 *   has it (a bonus, never relied on).
 * - After every change a 'veiviser-outbox' event on window carries
 *   {pending, sending, needsAttention, acknowledged}, so pages can show what
 *   waits. An item the server refused stays until the resident removes it
 *   (discard) or asks to try again (retry).
 * The page sends; the service worker never touches POSTs.
 */
'use strict';

(() => {
  if (!window.indexedDB) {
    window.VeiviserOutbox = Object.freeze({ supported: false });
    return;
  }

  const DB_NAME = 'veiviser-outbox';
  const DB_VERSION = 2;
  const STORE = 'items';
  const LOCK = 'veiviser-outbox';
  const ENDPOINT = '/api/v1/sync';
  const MAX_ITEMS = 50;
  const MAX_BYTES = 60 * 1024; // the server takes 64 KB per request
  const FIRST_RETRY_MS = 1000;
  const MAX_RETRY_MS = 10 * 60 * 1000;
  const TICK_MS = 60 * 1000;
  const TIMEOUT_MS = 60 * 1000;
  const QUEUED = 'queued';
  const NEEDS_ATTENTION = 'needs-attention';
  const RETRY_STATUSES = [408, 429];

  /* ---- IndexedDB ---- */

  let opening = null;

  function database() {
    opening = opening || new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion, request.transaction);
      request.onsuccess = () => {
        const db = request.result;
        // Let a newer version of this script upgrade (and iOS close it): open again on next use.
        db.onversionchange = () => { db.close(); opening = null; };
        db.onclose = () => { opening = null; };
        resolve(db);
      };
      request.onerror = () => { opening = null; reject(request.error); };
    });
    return opening;
  }

  function upgrade(db, oldVersion, transaction) {
    // One step per version, each carrying what is stored forward. Never delete
    // the store to recreate it: that would lose what residents sent.
    if (oldVersion < 1) db.createObjectStore(STORE, { keyPath: 'id' });
    if (oldVersion < 2) transaction.objectStore(STORE).createIndex('state', 'state'); // counts by state
  }

  async function transact(mode, work) {
    const transaction = (await database()).transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = transaction.onabort = () => reject(transaction.error || new Error('aborted'));
    });
    return request ? request.result : undefined;
  }

  const readAll = () => transact('readonly', (store) => store.getAll());
  const putAll = (items) => transact('readwrite', (store) => { items.forEach((item) => store.put(item)); });

  /* ---- adding ---- */

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // Pages over plain HTTP have no randomUUID: a version 4 UUID by hand.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  async function add(type, body) {
    const item = {
      id: newId(),
      type,
      body: JSON.parse(JSON.stringify(body)), // stored exactly as it will be sent
      state: QUEUED,
      attempts: 0,
      nextTryAt: 0,
      createdAt: Date.now(),
    };
    await transact('readwrite', (store) => store.add(item));
    await announce();
    keepStorage();
    askForBackgroundSync();
    run(false);
    return item.id;
  }

  let askedToPersist = false;
  function keepStorage() {
    // A phone short of space may clear a site's storage unless asked not to.
    if (askedToPersist || !navigator.storage || !navigator.storage.persist) return;
    askedToPersist = true;
    navigator.storage.persist().catch(() => {});
  }

  function askForBackgroundSync() {
    // Where the browser has it, it wakes the service worker when the network
    // is back, and the worker asks open pages to send.
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.ready
      .then((registration) => registration.sync && registration.sync.register(LOCK))
      .catch(() => {});
  }

  /* ---- one sender at a time ---- */

  let current = null;
  let follow = null; // one more run, asked for while one was going

  function run(force) {
    if (!current) {
      current = exclusive(() => sendQueued(force)).catch(() => undefined).finally(() => { current = null; });
      return current;
    }
    if (!follow) {
      follow = { force };
      follow.done = current.then(() => {
        const again = follow.force;
        follow = null;
        return run(again);
      });
    }
    follow.force = follow.force || force;
    return follow.done;
  }

  const TAB = newId();

  function exclusive(work) {
    if (navigator.locks) return navigator.locks.request(LOCK, work);
    return withLease(work);
  }

  async function withLease(work) {
    // No Web Locks (older Safari): a lease in localStorage keeps tabs apart
    // most of the time; a rare overlap only sends an item twice.
    const lease = () => { try { return JSON.parse(localStorage.getItem(LOCK)) || {}; } catch (error) { return {}; } };
    const held = lease();
    if (held.tab && held.tab !== TAB && held.until > Date.now()) return undefined;
    try { localStorage.setItem(LOCK, JSON.stringify({ tab: TAB, until: Date.now() + 2 * TIMEOUT_MS })); } catch (error) { /* private mode */ }
    try {
      return await work();
    } finally {
      try { if (lease().tab === TAB) localStorage.removeItem(LOCK); } catch (error) { /* private mode */ }
    }
  }

  /* ---- sending ---- */

  async function sendQueued(force) {
    const tried = new Set(); // each item at most once per run
    const acknowledged = [];
    for (;;) {
      const batch = nextBatch(await readAll(), force, tried);
      if (!batch.length) break;
      batch.forEach((item) => tried.add(item.id));
      const outcome = await send(batch);
      acknowledged.push(...outcome.acknowledged);
      if (!outcome.goOn) break;
    }
    scheduleRetry(await readAll());
    return announce(acknowledged);
  }

  const wire = (item) => ({ id: item.id, type: item.type, body: item.body });
  const encoder = new TextEncoder();

  function nextBatch(items, force, tried) {
    const now = Date.now();
    const due = items
      .filter((item) => item.state === QUEUED && !tried.has(item.id) && (force || item.nextTryAt <= now))
      .sort((a, b) => a.createdAt - b.createdAt);
    const batch = [];
    let bytes = 0;
    for (const item of due) {
      const size = encoder.encode(JSON.stringify(wire(item))).length + 1;
      if (batch.length === MAX_ITEMS || (batch.length && bytes + size > MAX_BYTES)) break;
      batch.push(item);
      bytes += size;
    }
    return batch;
  }

  async function post(batch) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      return await fetch(ENDPOINT, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': document.documentElement.lang || 'en' },
        body: JSON.stringify({ items: batch.map(wire) }),
        credentials: 'omit', // the API needs no cookie
        cache: 'no-store',
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  const stop = { goOn: false, acknowledged: [] };

  let sending = 0;

  async function send(batch) {
    let response;
    sending = batch.length;
    await announce();
    try {
      response = await post(batch);
    } catch (error) { // offline, or no answer in time
      await retryLater(batch, 'no answer');
      askForBackgroundSync();
      return stop;
    } finally {
      sending = 0;
    }
    if (response.status >= 500 || RETRY_STATUSES.includes(response.status)) {
      await retryLater(batch, `HTTP ${response.status}`, retryAfter(response));
      return stop;
    }
    const answer = await response.json().catch(() => null);
    if (answer && Array.isArray(answer.results)) return { goOn: true, acknowledged: await settle(batch, answer.results) };
    if (response.ok) { // not our server speaking (a Wi-Fi login page): later
      await retryLater(batch, 'unexpected answer');
      return stop;
    }
    return { goOn: true, acknowledged: await refused(batch, response.status, answer) };
  }

  async function settle(batch, results) {
    const answers = new Map(results.map((result) => [String(result.id).toLowerCase(), result]));
    const acknowledged = [];
    const attention = [];
    const later = [];
    for (const item of batch) {
      const answer = answers.get(item.id);
      const status = answer && answer.status;
      if (status === 'ok') acknowledged.push({ id: item.id, type: item.type, result: answer.result });
      else if (status === 'rejected' || status === 'conflict') attention.push(needsAttention(item, answer));
      else later.push(item); // 'error', or no answer for it
    }
    await transact('readwrite', (store) => {
      acknowledged.forEach(({ id }) => store.delete(id));
      attention.forEach((item) => store.put(item));
    });
    if (later.length) await retryLater(later, 'server error');
    return acknowledged;
  }

  async function refused(batch, status, answer) {
    // The whole request was refused (400, 413, 422 ...). One bad item must not
    // hold back the others: with several, send each on its own.
    if (batch.length > 1) {
      const acknowledged = [];
      for (const item of batch) {
        const outcome = await send([item]);
        acknowledged.push(...outcome.acknowledged);
        if (!outcome.goOn) break;
      }
      return acknowledged;
    }
    const error = (answer && answer.error) || {};
    await putAll([needsAttention(batch[0], { status: 'rejected', result: error.code || `http_${status}`, message: error.message })]);
    return [];
  }

  function needsAttention(item, answer) {
    return { ...item, state: NEEDS_ATTENTION, status: answer.status, result: answer.result || '', message: answer.message || '' };
  }

  /* ---- trying again ---- */

  function backoff(attempts) {
    // 1 s, 2 s, 4 s ... at most 10 minutes; each between half and all of
    // that, so phones that went offline together do not all return at once.
    const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempts - 1, 20));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  function retryAfter(response) {
    const seconds = Number(response.headers.get('Retry-After'));
    return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_MS) : 0;
  }

  function retryLater(items, reason, atLeast = 0) {
    const now = Date.now();
    return putAll(items.map((item) => {
      const attempts = item.attempts + 1;
      return { ...item, attempts, lastError: reason, nextTryAt: now + Math.max(backoff(attempts), atLeast) };
    }));
  }

  let retryTimer = null;

  function scheduleRetry(items) {
    clearTimeout(retryTimer);
    const waits = items.filter((item) => item.state === QUEUED).map((item) => item.nextTryAt - Date.now());
    if (waits.length) retryTimer = setTimeout(() => run(false), Math.max(1000, Math.min(...waits)));
  }

  async function retry() {
    // The resident asks to send needs-attention items again.
    const items = (await readAll()).filter((item) => item.state === NEEDS_ATTENTION);
    await putAll(items.map((item) => ({ ...item, state: QUEUED, attempts: 0, nextTryAt: 0 })));
    await announce();
    return run(true);
  }

  async function discard(id) {
    // Only ever at the resident's request, and only an item the server refused.
    await transact('readwrite', (store) => {
      const request = store.get(id);
      request.onsuccess = () => {
        if (request.result && request.result.state === NEEDS_ATTENTION) store.delete(id);
      };
    });
    return announce();
  }

  /* ---- telling the page ---- */

  const count = (state = QUEUED) => transact('readonly', (store) => store.index('state').count(state));

  async function announce(acknowledged = []) {
    const items = await readAll();
    const detail = {
      pending: items.filter((item) => item.state === QUEUED).length,
      sending,
      needsAttention: items.filter((item) => item.state === NEEDS_ATTENTION).length,
      acknowledged,
    };
    window.dispatchEvent(new CustomEvent('veiviser-outbox', { detail }));
    return detail;
  }

  /* ---- start ---- */

  window.VeiviserOutbox = Object.freeze({
    supported: true,
    add,
    sync: () => run(true), // "Send now": also items still waiting out a backoff
    count, // count() of queued items; count('needs-attention')
    items: readAll,
    retry,
    discard,
  });

  window.addEventListener('online', () => run(true));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') run(false);
  });
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-outbox-send]')) run(true);
  });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'outbox-sync') run(false);
    });
  }
  setInterval(() => run(false), TICK_MS);
  run(true);
})();

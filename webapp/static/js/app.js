/* Veiviser on the phone: registers the service worker, keeps the chosen
 * languages saved for offline reading, shows what is saved, marks new and
 * updated pages, and offers a new release without forcing it.
 * Every page reads without this file; it only adds to them.
 * All words come from the server-rendered page (translated with gettext). */
'use strict';

(() => {
  if (!('serviceWorker' in navigator) || !('caches' in window)) return;

  const body = document.body;
  const lang = body.dataset.lang;
  const centre = body.dataset.centre;
  const KEEP = `veiviser.keep.${centre}`;
  const ALSO = 'veiviser.also'; // the reader's other languages, best first (also set by fallback.js)
  const META_CACHE = 'veiviser-meta';
  const metaKey = (language, what) => `/__veiviser/${language}/${centre}/${what}`;
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

  /* ---- which languages this phone keeps ---- */

  function keptLanguages() {
    try {
      const saved = JSON.parse(localStorage.getItem(KEEP));
      if (Array.isArray(saved)) return saved;
    } catch (error) { /* unreadable: start again */ }
    return null;
  }

  function keepLanguages(langs) {
    localStorage.setItem(KEEP, JSON.stringify(langs));
  }

  if (keptLanguages() === null) keepLanguages([lang]); // default: the language in use

  /* When a page is not in the reader's language: the languages to show it in,
     before English and Norwegian (at most two; none: the server's default). */
  function readerOrder() {
    try {
      const saved = JSON.parse(localStorage.getItem(ALSO));
      if (Array.isArray(saved)) return saved.filter((code) => typeof code === 'string').slice(0, 2);
    } catch (error) { /* unreadable: the default order */ }
    return [];
  }

  // The order the worker last heard: a new one (set on a page's notice by
  // fallback.js, or in the settings) is sent at once, not at the next check.
  const ALSO_SENT = 'veiviser.also.sent';
  const orderChanged = () => localStorage.getItem(ALSO_SENT) !== JSON.stringify(readerOrder());

  /* ---- talking to the service worker ---- */

  let registration = null;
  // Saved pages open from the phone; whether anything changed is asked once
  // when the app is opened (and on coming back to it), not on every tap.
  const CHECKED = `veiviser.checked.${centre}`;
  const CHECK_AGAIN_AFTER_MS = 10 * 60 * 1000;

  function checkedRecently() {
    const last = Number(sessionStorage.getItem(CHECKED) || 0);
    return Date.now() - last < CHECK_AGAIN_AFTER_MS;
  }

  async function requestSync(withMedia) {
    sessionStorage.setItem(CHECKED, String(Date.now()));
    // On the first visit the worker is still installing: it takes the message
    // then, so the pages download while it saves the app files (one round trip less).
    const worker = (registration && (registration.active || registration.waiting || registration.installing))
      || (await navigator.serviceWorker.ready).active;
    const connection = navigator.connection || {};
    const media = withMedia || (connection.type === 'wifi' && !connection.saveData);
    worker.postMessage({
      type: 'sync', langs: keptLanguages(), also: readerOrder(), centre, media, fonts: await fontsDownloaded(),
    });
    localStorage.setItem(ALSO_SENT, JSON.stringify(readerOrder()));
  }

  /* A font this page had to download (the phone has none for its script) is
     kept for reading offline; a phone with its own font never asks for it. */
  async function fontsDownloaded() {
    await document.fonts.ready;
    return performance.getEntriesByType('resource').map((entry) => new URL(entry.name))
      .filter((url) => url.origin === location.origin && url.pathname.startsWith('/static/fonts/'))
      .map((url) => url.pathname + url.search);
  }

  navigator.serviceWorker.addEventListener('message', (event) => {
    const message = event.data || {};
    if (message.type === 'status' && message.lang === lang && message.centre === centre) {
      showStatus(message.status);
      if (message.status.state === 'ready') {
        showBadges();
        askToPersist();
        window.dispatchEvent(new Event('veiviser-content-ready')); // notices.js shows what the update brought
      }
    }
  });

  /* ---- the offline status line ---- */

  async function readMeta(language, what) {
    const response = await (await caches.open(META_CACHE)).match(metaKey(language, what));
    return response ? response.json() : null;
  }

  function showStatus(status) {
    const box = $('[data-offline-status]');
    if (!box) return;
    const state = keptLanguages().includes(lang) ? (status && status.state) || 'none' : 'not-kept';
    box.hidden = false;
    $$('[data-state]', box).forEach((line) => { line.hidden = line.dataset.state !== state; });
    const when = $('[data-last-updated]', box);
    if (when && status && status.updated) {
      when.dataset.template = when.dataset.template || when.textContent;
      when.textContent = when.dataset.template.replace('{when}', formatTime(status.updated, when.dataset));
    }
  }

  /* CLDR's pattern and names for this language, from the server in the
     element's data-pattern, data-months and data-periods (webapp/l10n/dates.py):
     the browser's Intl lacks many of our languages. */
  function formatTime(timestamp, data) {
    const when = new Date(timestamp);
    const months = data.months.split('|');
    const periods = data.periods.split('|');
    const two = (n) => String(n).padStart(2, '0');
    const hours = when.getHours();
    const fields = {
      y: () => String(when.getFullYear()),
      M: (n) => (n >= 3 ? months[when.getMonth()] : n === 2 ? two(when.getMonth() + 1) : String(when.getMonth() + 1)),
      d: (n) => (n === 2 ? two(when.getDate()) : String(when.getDate())),
      H: (n) => (n === 2 ? two(hours) : String(hours)),
      h: (n) => { const h = hours % 12 || 12; return n === 2 ? two(h) : String(h); },
      m: () => two(when.getMinutes()),
      a: () => periods[hours < 12 ? 0 : 1],
    };
    fields.L = fields.M;
    /* 'quoted' text is literal; a run of one letter is a field. */
    return data.pattern.replace(/'([^']*)'|([a-zA-Z])\2*/g, (run, literal, letter) => {
      if (literal !== undefined) return literal || "'";
      return fields[letter] ? fields[letter](run.length) : run;
    });
  }
  self.VeiviserDates = { format: formatTime }; // used by tests/l10n/test_scripts_browser.py

  /* ---- "new" and "updated" badges, from what this phone saw last ---- */

  async function showBadges() {
    const [manifest, badges] = await Promise.all([readMeta(lang, 'manifest'), readMeta(lang, 'badges')]);
    if (!manifest || !badges) return;
    const here = location.pathname;
    if (badges[here]) {
      navigator.serviceWorker.controller?.postMessage({ type: 'seen', lang, centre, url: here });
      delete badges[here];
    }
    const byTopic = {};
    for (const [url, kind] of Object.entries(badges)) {
      const slug = manifest.urls[url] && manifest.urls[url].t;
      const topic = slug && `/${lang}/${centre}/topics/${slug}`;
      if (topic) byTopic[topic] = byTopic[topic] === 'updated' ? 'updated' : kind;
    }
    $$('main a[href]').forEach((link) => {
      const path = new URL(link.href).pathname;
      const kind = badges[path] || byTopic[path];
      if (!kind || $('.badge', link)) return;
      const template = $(`template[data-badge="${kind}"]`);
      if (template) link.append(template.content.cloneNode(true));
    });
  }

  /* ---- a new release: offered, never forced ---- */

  function offerUpdate(worker) {
    const banner = $('[data-update-banner]');
    if (!banner) return;
    banner.hidden = false;
    $('[data-update-accept]', banner).addEventListener('click', () => {
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload());
      worker.postMessage({ type: 'skip-waiting' });
    }, { once: true });
  }

  function watchForUpdates(reg) {
    if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker.addEventListener('statechange', () => {
        // With no controller this is the first install, not an update.
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
      });
    });
  }

  /* ---- storage ---- */

  function watchFirstInstall(reg) {
    // A worker that fails to install (a full phone) would leave "not saved" on
    // screen forever: say what is wrong instead.
    const worker = reg.installing;
    if (!worker || reg.active) return;
    worker.addEventListener('statechange', async () => {
      if (worker.state === 'redundant') showStatus({ state: (await storageIsFull()) ? 'full' : 'error' });
    });
  }

  async function storageIsFull() {
    try {
      const probe = await caches.open('veiviser-probe');
      await probe.put('/probe', new Response(new Uint8Array(32 * 1024)));
      return false;
    } catch (error) {
      return error.name === 'QuotaExceededError';
    } finally {
      await caches.delete('veiviser-probe');
    }
  }

  let askedToPersist = false;
  function askToPersist() {
    // Asked once pages are saved: that is when losing them would cost the resident data.
    if (askedToPersist || !navigator.storage || !navigator.storage.persist) return;
    askedToPersist = true;
    navigator.storage.persist().catch(() => {});
  }

  /* ---- offline banner ---- */

  function showConnection() {
    const banner = $('[data-offline-banner]');
    if (banner) banner.hidden = navigator.onLine;
  }

  /* ---- the settings page ---- */

  function setUpSettings() {
    const form = $('[data-offline-settings]');
    if (!form) return;
    $('[data-needs-script]')?.remove();
    form.hidden = false;
    const kept = keptLanguages();
    $$('input[name="keep"]', form).forEach((box) => { box.checked = kept.includes(box.value); });
    const order = readerOrder();
    $$('select[name="also"]', form).forEach((select, index) => { select.value = order[index] || ''; });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      keepLanguages($$('input[name="keep"]:checked', form).map((box) => box.value));
      const chosen = $$('select[name="also"]', form).map((select) => select.value).filter(Boolean);
      localStorage.setItem(ALSO, JSON.stringify([...new Set(chosen)]));
      showStatus(null);
      requestSync(false);
    });
    $('[data-save-media]', form).addEventListener('click', () => requestSync(true));
  }

  function setUpKeepButton() {
    $('[data-keep-current]')?.addEventListener('click', () => {
      keepLanguages([...keptLanguages(), lang]);
      showStatus({ state: 'updating' });
      requestSync(false);
    });
  }

  /* ---- start ---- */

  async function start() {
    // updateViaCache: the browser's check on each tap comes from its cache; a new
    // release is noticed by the check when the app is opened (sw.js).
    registration = await navigator.serviceWorker.register('/sw.js', { updateViaCache: 'all' });
    watchFirstInstall(registration);
    watchForUpdates(registration);
    showStatus(await readMeta(lang, 'status'));
    // data-badges tells a test that the badges this phone keeps are on the page.
    showBadges().finally(() => { document.body.dataset.badges = 'shown'; });
    const held = await Promise.all(keptLanguages().map((language) => readMeta(language, 'manifest')));
    if (!checkedRecently() || held.some((manifest) => !manifest) || orderChanged()) await requestSync(false);
  }

  showConnection();
  window.addEventListener('online', () => { showConnection(); requestSync(false); });
  window.addEventListener('offline', showConnection);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) requestSync(false);
  });
  setUpSettings();
  setUpKeepButton();
  start().catch(() => { /* no service worker here: pages still read online */ });
})();

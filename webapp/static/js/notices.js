/* Centre notices on the phone. The phone keeps /<lang>/<centre>/notices.json
 * with the pages (webapp/notices): every notice not yet expired, each with its
 * start and expiry. This shows, by the phone's own clock and so also offline:
 * - on the home page, the server-rendered list, without the notices that have
 *   not started or have ended;
 * - on every other page, a one-line banner with the newest notice shown now,
 *   until it ends or the resident hides it (kept on this phone).
 * It also offers Web Push on the home page where the browser has it (opt-in). */
'use strict';

(() => {
  const body = document.body;
  const lang = body.dataset.lang;
  const centre = body.dataset.centre;
  if (!lang || !centre) return;
  const URL_ = `/${lang}/${centre}/notices.json`;
  const DISMISSED = 'veiviser.notices.dismissed';
  const $ = (selector) => document.querySelector(selector);
  const isOn = (notice, now) => notice.starts <= now && now < notice.expires;

  function dismissed() {
    try { return JSON.parse(localStorage.getItem(DISMISSED)) || {}; } catch (error) { return {}; }
  }

  function dismiss(notice) {
    // Kept until the notice ends; then forgotten, so the list does not grow.
    const all = Object.fromEntries(Object.entries(dismissed()).filter(([, until]) => until > Date.now()));
    all[notice.id] = notice.expires;
    localStorage.setItem(DISMISSED, JSON.stringify(all));
  }

  async function load() {
    // The copy kept on the phone first (it opens offline, and costs nothing);
    // the network only for a phone that keeps none yet.
    try {
      const kept = 'caches' in window && await caches.match(URL_);
      const response = kept || await fetch(URL_, { credentials: 'omit' });
      if (!response.ok) return [];
      return (await response.json()).notices || [];
    } catch (error) {
      return [];
    }
  }

  function showList(now) {
    document.querySelectorAll('[data-notice]').forEach((element) => {
      element.hidden = !isOn({ starts: Number(element.dataset.starts), expires: Number(element.dataset.expires) }, now);
    });
    const list = $('[data-notices]');
    if (list) list.hidden = !list.querySelector('[data-notice]:not([hidden])');
  }

  function showBanner(notices, now) {
    const banner = $('[data-notice-banner]');
    if (!banner || $('[data-notices]')) return; // the home page lists them instead
    const hidden = dismissed();
    const notice = notices.find((n) => isOn(n, now) && !hidden[n.id]);
    banner.hidden = !notice;
    if (!notice) return;
    const text = $('[data-notice-text]');
    text.textContent = notice.text;
    text.lang = notice.lang;
    text.dir = notice.dir;
    text.title = notice.text;
    $('[data-notice-dismiss]').onclick = () => { dismiss(notice); banner.hidden = true; show(); };
  }

  async function show() {
    const now = Date.now();
    showList(now);
    showBanner(await load(), now);
  }

  /* ---- Web Push, opt-in ---- */

  const PUSH = 'veiviser.push';
  const RENEW_MS = 30 * 24 * 3600 * 1000; // the server forgets a subscription after 90 days

  function keyBytes(base64url) {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function post(path, payload) {
    return fetch(`/api/v1/push/${path}`, {
      method: 'POST', credentials: 'omit', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': lang },
      body: JSON.stringify(payload),
    });
  }

  async function keep(subscription) {
    const { endpoint, keys } = subscription.toJSON();
    const response = await post('subscriptions', { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, centre, lang });
    if (response.ok) localStorage.setItem(PUSH, JSON.stringify({ renewed: Date.now(), centre, lang }));
  }

  async function setUpPush() {
    const offer = $('[data-push]');
    if (!offer || !('PushManager' in window) || !('Notification' in window) || !('serviceWorker' in navigator)) return;
    const registration = await navigator.serviceWorker.ready;
    let subscription = await registration.pushManager.getSubscription();
    const render = () => {
      offer.hidden = false;
      $('[data-push-on]').hidden = Boolean(subscription) || Notification.permission === 'denied';
      $('[data-push-off]').hidden = !subscription;
      $('[data-push-denied]').hidden = Notification.permission !== 'denied';
    };
    render();
    if (subscription) {
      let kept = {};
      try { kept = JSON.parse(localStorage.getItem(PUSH)) || {}; } catch (error) { /* renew below */ }
      if (!kept.renewed || Date.now() - kept.renewed > RENEW_MS || kept.lang !== lang || kept.centre !== centre) {
        keep(subscription).catch(() => {});
      }
    }
    $('[data-push-on]').addEventListener('click', async () => {
      try {
        subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true, applicationServerKey: keyBytes(offer.dataset.pushKey),
        });
        await keep(subscription);
      } catch (error) { /* refused, or offline: the button stays */ }
      render();
    });
    $('[data-push-off]').addEventListener('click', async () => {
      if (subscription) {
        await post('subscriptions/delete', { endpoint: subscription.endpoint }).catch(() => {});
        await subscription.unsubscribe().catch(() => {});
      }
      localStorage.removeItem(PUSH);
      subscription = null;
      render();
    });
  }

  window.VeiviserNotices = Object.freeze({ show });
  window.addEventListener('veiviser-content-ready', show); // app.js: a content update finished
  show();
  setUpPush().catch(() => {});
})();

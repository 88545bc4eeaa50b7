/* A page not yet in the reader's language (resident/page.html, data-fallback):
 * shows it in the reader's own order of other languages, and remembers the
 * one they tap in "Show me pages in: …". The order is kept on this phone only
 * (localStorage 'veiviser.also', read by app.js for offline copies and set on
 * the offline settings page); the server only sees it as ?also= in a URL.
 * Without this file the links still work, for one page at a time. */
'use strict';

(() => {
  const ALSO = 'veiviser.also';
  const MAX = 2;
  const notice = document.querySelector('[data-fallback]');
  if (!notice) return;

  function order() {
    try {
      const saved = JSON.parse(localStorage.getItem(ALSO));
      if (Array.isArray(saved)) return saved.filter((code) => typeof code === 'string');
    } catch (error) { /* unreadable: no order */ }
    return [];
  }

  notice.querySelectorAll('a[data-also]').forEach((link) => {
    link.addEventListener('click', () => {
      const code = link.dataset.also;
      localStorage.setItem(ALSO, JSON.stringify([code, ...order().filter((c) => c !== code)].slice(0, MAX)));
    });
  });

  /* The page came in the default order (a link, a saved copy): if the
     reader's own order finds it in another language, ask for that one. Only
     online, and only once (a URL with ?also= is never asked again). */
  const mine = order();
  const available = (notice.dataset.available || '').split(' ');
  const best = mine.find((code) => available.includes(code));
  const asked = new URLSearchParams(location.search).has('also');
  if (best && best !== notice.dataset.shown && !asked && navigator.onLine) {
    location.replace(`${location.pathname}?also=${mine.join(',')}`);
  }
})();

/* What only this phone knows: a random secret, from which it derives a
 * pseudonym per purpose ("meeting:12" for a check-in, "feedback:12" for
 * feedback on it), so the server can count each phone once without being
 * able to link two of its pseudonyms; and which meetings it checked in to,
 * with the code it scanned, so it can offer feedback on them (the code goes
 * with that feedback as proof of presence). The secret never leaves it. */
'use strict';

(() => {
  const SECRET = 'veiviser.phone-secret';
  const NOTES = 'veiviser.phone-notes';
  const LANGUAGE = 'veiviser.language';

  function secret() {
    let value = localStorage.getItem(SECRET);
    if (!value) {
      value = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
      localStorage.setItem(SECRET, value);
    }
    return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  }

  async function pseudonym(purpose) {
    // HMAC-SHA256(secret, purpose), hex.
    const key = await crypto.subtle.importKey('raw', secret(), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(purpose));
    return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  function notes() {
    try { return JSON.parse(localStorage.getItem(NOTES)) || {}; } catch (error) { return {}; }
  }

  const when = (entry) => (typeof entry === 'number' ? entry : entry.at);

  function note(list, id, value) {
    // e.g. note('checked-in', '12', code): kept for 60 days, then forgotten.
    const all = notes();
    const cutoff = Date.now() - 60 * 24 * 3600 * 1000;
    all[list] = Object.fromEntries(Object.entries(all[list] || {}).filter(([, entry]) => when(entry) > cutoff));
    all[list][id] = { at: Date.now(), value };
    localStorage.setItem(NOTES, JSON.stringify(all));
  }

  const noted = (list, id) => Boolean((notes()[list] || {})[id]);
  const kept = (list, id) => ((notes()[list] || {})[id] || {}).value;

  window.VeiviserPhone = Object.freeze({ pseudonym, note, noted, kept });

  // The language read last, for the language picker and the check-in page
  // (kept here, never in a cookie: the server does not need to know it). The
  // check-in page's language comes from the browser's settings: not a choice.
  if (document.body.dataset.lang && !document.querySelector('[data-checkin]')) {
    localStorage.setItem(LANGUAGE, document.body.dataset.lang);
  }

  // "Tell us how it was" next to meetings this phone checked in to.
  document.querySelectorAll('[data-if-checked-in]').forEach((element) => {
    element.hidden = !noted('checked-in', element.dataset.ifCheckedIn) || noted('feedback', element.dataset.ifCheckedIn);
  });
})();

/* What only this phone knows: a random secret, from which it derives a
 * pseudonym per purpose ("meeting:12" for a check-in, "feedback:12" for
 * feedback on it), so the server can count each phone once without being
 * able to link two of its pseudonyms; and which meetings it checked in to,
 * so it can offer feedback on them. Nothing here ever leaves the phone. */
'use strict';

(() => {
  const SECRET = 'veiviser.phone-secret';
  const NOTES = 'veiviser.phone-notes';

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

  function note(list, id) {
    // e.g. note('checked-in', '12'): kept for 60 days, then forgotten.
    const all = notes();
    const cutoff = Date.now() - 60 * 24 * 3600 * 1000;
    all[list] = Object.fromEntries(Object.entries(all[list] || {}).filter(([, at]) => at > cutoff));
    all[list][id] = Date.now();
    localStorage.setItem(NOTES, JSON.stringify(all));
  }

  const noted = (list, id) => Boolean((notes()[list] || {})[id]);

  window.VeiviserPhone = Object.freeze({ pseudonym, note, noted });

  // "Tell us how it was" next to meetings this phone checked in to.
  document.querySelectorAll('[data-if-checked-in]').forEach((element) => {
    element.hidden = !noted('checked-in', element.dataset.ifCheckedIn) || noted('feedback', element.dataset.ifCheckedIn);
  });
})();

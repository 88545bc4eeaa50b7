/* The check-in page: the code is in the URL fragment (never sent to a
 * server log). The phone derives a per-meeting pseudonym from a secret that
 * never leaves it, puts the check-in in the outbox (sent now or when online)
 * and says so at once. */
'use strict';

(() => {
  const root = document.querySelector('[data-checkin]');
  if (!root) return;
  root.querySelector('[data-checkin-needs-script]')?.remove();
  const show = (selector) => { root.querySelector(selector).hidden = false; };
  const SECRET = 'veiviser.phone-secret';
  const DONE = '#done';

  function phoneSecret() {
    let secret = localStorage.getItem(SECRET);
    if (!secret) {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      secret = btoa(String.fromCharCode(...bytes));
      localStorage.setItem(SECRET, secret);
    }
    return Uint8Array.from(atob(secret), (c) => c.charCodeAt(0));
  }

  async function pseudonym(meetingId) {
    // HMAC(secret, meeting id): the same phone gets the same pseudonym at one
    // meeting (counted once), and unrelated ones at two meetings (not linkable).
    const key = await crypto.subtle.importKey('raw', phoneSecret(), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`meeting:${meetingId}`));
    return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  function watchOutbox() {
    window.addEventListener('veiviser-outbox', (event) => {
      const { pending, needsAttention } = event.detail || {};
      root.querySelectorAll('[data-outbox-state]').forEach((line) => { line.hidden = true; });
      if (needsAttention) show('[data-outbox-state="attention"]');
      else show(pending ? '[data-outbox-state="queued"]' : '[data-outbox-state="sent"]');
    });
  }

  async function checkIn(code) {
    const match = /^(\d{1,19})\.(\d{1,19})\.[A-Za-z0-9_-]{14}$/.exec(code);
    if (!match) {
      show('[data-checkin-invalid]');
      return;
    }
    await window.VeiviserOutbox.add('checkin', { code, pseudonym: await pseudonym(match[1]) });
    // A reload or the back button must not check in again (and the code leaves the address bar).
    history.replaceState(null, '', location.pathname + DONE);
    show('[data-checkin-done]');
    window.VeiviserOutbox.sync();
  }

  function offerScanner() {
    // The phone's own camera app is the usual way in. Where the browser can
    // read QR codes itself (BarcodeDetector), scan here too.
    show('[data-checkin-scan]');
    if (!('BarcodeDetector' in window) || !navigator.mediaDevices) {
      show('[data-scanner-missing]');
      return;
    }
    const button = root.querySelector('[data-scanner-start]');
    button.hidden = false;
    button.addEventListener('click', async () => {
      const video = root.querySelector('[data-scanner-video]');
      try {
        video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      } catch (error) {
        show('[data-scanner-missing]');
        return;
      }
      video.hidden = false;
      button.hidden = true;
      await video.play();
      const detector = new BarcodeDetector({ formats: ['qr_code'] });
      const look = async () => {
        const found = (await detector.detect(video).catch(() => [])).map((c) => c.rawValue);
        const ours = found.find((value) => value.startsWith(`${location.origin}/c#`));
        if (ours) {
          video.srcObject.getTracks().forEach((track) => track.stop());
          location.replace(ours);
        } else {
          setTimeout(look, 300);
        }
      };
      look();
    }, { once: true });
  }

  watchOutbox();
  const code = decodeURIComponent(location.hash.slice(1));
  if (code === DONE.slice(1)) show('[data-checkin-done]');
  else if (!code) offerScanner();
  else checkIn(code).catch(() => show('[data-checkin-invalid]'));
})();

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
  const DONE = '#done-';

  function offerFeedback(meetingId) {
    // Feedback on this meeting, for after it (static/js/feedback.js).
    const link = root.querySelector('[data-checkin-feedback]');
    const url = new URL(link.querySelector('a').href);
    url.searchParams.set('meeting', meetingId);
    link.querySelector('a').href = url.pathname + url.search;
    link.hidden = false;
  }

  async function checkIn(code) {
    const match = /^(\d{1,19})\.(\d{1,19})\.[A-Za-z0-9_-]{14}$/.exec(code);
    if (!match) {
      show('[data-checkin-invalid]');
      return;
    }
    // HMAC(secret, meeting id): the same phone gets the same pseudonym at one
    // meeting (counted once), and unrelated ones at two meetings (not linkable).
    const pseudonym = await VeiviserPhone.pseudonym(`meeting:${match[1]}`);
    await VeiviserOutbox.add('checkin', { code, pseudonym });
    VeiviserPhone.note('checked-in', match[1], code); // the proof of presence for feedback on it
    // A reload or the back button must not check in again (and the code leaves the address bar).
    history.replaceState(null, '', location.pathname + DONE + match[1]);
    show('[data-checkin-done]');
    offerFeedback(match[1]);
    VeiviserOutbox.sync();
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

  async function inChosenLanguage() {
    // The QR code's address picks a language from the browser's settings; the
    // resident may read another one on this phone. Go there, code and all,
    // if that page can open (online, or saved on the phone).
    const chosen = localStorage.getItem('veiviser.language');
    const { lang, centre } = document.body.dataset;
    if (!chosen || chosen === lang || !/^[a-z]{2,3}$/.test(chosen)) return false;
    const saved = 'caches' in window && (await caches.has(`veiviser-content-${chosen}-${centre}`));
    if (!navigator.onLine && !saved) return false;
    location.replace(`/${chosen}/${centre}/checkin${location.hash}`);
    return true;
  }

  const code = decodeURIComponent(location.hash.slice(1));
  if (code && !code.startsWith(DONE.slice(1))) {
    inChosenLanguage().then((moved) => { if (!moved) checkIn(code).catch(() => show('[data-checkin-invalid]')); });
  } else if (code.startsWith(DONE.slice(1))) {
    show('[data-checkin-done]');
    offerFeedback(code.slice(DONE.length - 1));
  } else offerScanner();
})();

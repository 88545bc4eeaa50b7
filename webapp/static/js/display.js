/* The host's display: shows the code for the current 30-second window and
 * the head count.
 *
 * The page comes with the current code already drawn (on the screen at the
 * first paint, before this script or any request) and the next few codes
 * (data-codes). This script draws those at once, then fetches the rest of the
 * meeting's codes, nearest first, in small compact chunks (checkin/
 * display_codes.py: one bit per QR module), one after the other until it has them
 * all: so the code keeps changing (and stays valid) if the network drops; the
 * count catches up when it comes back. While the code for now has not come
 * yet, the newest earlier one stays on the screen (the server accepts it).
 * The server's window number corrects a display whose clock is off.
 *
 * Everything must fit one screen: if a centre's languages do not, the text
 * (never the code) is made just small enough (--display-fit, staff.css). */
'use strict';

(() => {
  const root = document.querySelector('[data-display]');
  if (!root) return;
  const seconds = Number(root.dataset.windowSeconds);
  const border = Number(root.dataset.qrBorder);
  const $ = (selector) => root.querySelector(selector);
  const codeBox = $('[data-code]');
  const codes = new Map(); // window -> packed modules (base64)
  const PER_REQUEST = 120;
  let opens = 0; // the meeting's first and last windows
  let last = -1;

  const localWindow = () => Math.floor(Date.now() / 1000 / seconds);
  let clockOffset = Number(root.dataset.serverWindow) - localWindow(); // the page's, until the count says
  const currentWindow = () => localWindow() + clockOffset;
  let shown = codeBox.dataset.window ? Number(codeBox.dataset.window) : null;

  function keep(chunk) {
    opens = chunk.opens;
    last = chunk.last;
    chunk.codes.forEach((modules, i) => codes.set(chunk.first + i, modules));
  }

  /* A code's modules as SVG, drawn like the server's (webapp/qr.py): one
   * rectangle per horizontal run of dark modules, a white quiet zone. */
  function drawn(packed) {
    const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
    const n = Math.floor(Math.sqrt(bytes.length * 8)); // QR sizes differ by 4: exact
    const dark = (i) => (bytes[i >> 3] >> (7 - (i & 7))) & 1;
    let path = '';
    for (let y = 0; y < n; y += 1) {
      for (let x = 0; x < n;) {
        if (!dark(y * n + x)) { x += 1; continue; }
        let end = x + 1;
        while (end < n && dark(y * n + end)) end += 1;
        path += `M${x + border} ${y + border}h${end - x}v1h-${end - x}z`;
        x = end;
      }
    }
    const size = n + 2 * border;
    return `<svg version="1.1" viewBox="0 0 ${size} ${size}" xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">`
      + `<rect fill="white" x="0" y="0" width="100%" height="100%"/><path d="${path}" fill="#000"/></svg>`;
  }

  function firstCodeDrawn() {
    if (root.dataset.firstCodeMs) return;
    performance.mark('veiviser-display-first-code');
    root.dataset.firstCodeMs = String(Math.round(performance.now()));
  }

  function setShown(selector, visible) {
    const note = $(selector);
    if (note.hidden === !visible) return;
    note.hidden = !visible;
    fit();
  }

  function draw(which) {
    if (codeBox.dataset.window === String(which)) return;
    if (which === null) {
      codeBox.textContent = '';
      delete codeBox.dataset.window;
      return;
    }
    codeBox.innerHTML = drawn(codes.get(which)); // our own server's modules, drawn here: no markup from outside
    codeBox.dataset.window = which;
    firstCodeDrawn();
  }

  function showCode() {
    const now = currentWindow();
    if (now === shown) return;
    const open = now >= opens && now <= last;
    // Until the code for now is here (the display has just opened, or it was
    // offline since), the newest earlier code stays: it is still accepted.
    const earlier = [...codes.keys()].filter((held) => held <= now);
    const showing = open && earlier.length ? Math.max(...earlier) : null;
    draw(showing);
    setShown('[data-closed]', !open);
    setShown('[data-loading]', open && showing !== now);
    shown = now;
    for (const old of earlier) if (old < showing) codes.delete(old);
  }

  // The first window from now on that this display has no code for.
  function firstMissing() {
    let missing = Math.max(currentWindow(), opens);
    while (codes.has(missing)) missing += 1;
    return missing;
  }

  async function loadCodes() {
    for (let delay = 2000; ;) {
      const from = firstMissing();
      if (from > last) return; // every code to the end of the meeting is here
      try {
        const response = await fetch(`${root.dataset.codesUrl}?from=${from}&count=${PER_REQUEST}`, { cache: 'no-store' });
        if (response.ok) {
          const chunk = await response.json();
          keep(chunk);
          shown = null; // the code for now may have been missing
          showCode();
          if (!chunk.codes.length) return;
          delay = 2000;
          continue;
        }
      } catch (error) { /* offline: try again */ }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 60000);
    }
  }

  async function updateCount() {
    try {
      const response = await fetch(root.dataset.countUrl, { cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      const count = await response.json();
      clockOffset = count.server_window - localWindow();
      const numbers = $('[role=status]').textContent.length;
      $('[data-total]').textContent = count.total;
      $('[data-live]').textContent = count.live;
      $('[data-later]').textContent = count.later;
      setShown('[data-offline]', false);
      if ($('[role=status]').textContent.length !== numbers) fit(); // a digit more
    } catch (error) {
      setShown('[data-offline]', true);
    }
  }

  /* Make the text smaller until everything is on the screen (a centre with
   * many main languages, long translations, a small window). */
  function fit() {
    const page = document.documentElement;
    const overflows = () => root.scrollHeight > root.clientHeight || root.scrollWidth > root.clientWidth
      || page.scrollHeight > page.clientHeight || page.scrollWidth > page.clientWidth;
    const tryScale = (scale) => { root.style.setProperty('--display-fit', scale); return !overflows(); };
    if (tryScale(1)) return;
    let fits = 0.5; // the largest scale known to fit (or the smallest allowed), to 1/100
    let tooBig = 1;
    while (tooBig - fits > 0.01) {
      const middle = (fits + tooBig) / 2;
      if (tryScale(middle)) fits = middle; else tooBig = middle;
    }
    tryScale(Math.floor(fits * 100) / 100);
  }

  const button = $('[data-fullscreen]');
  const enterLabel = button.textContent;
  button.addEventListener('click', () => {
    if (document.fullscreenElement) document.exitFullscreen?.();
    else root.requestFullscreen?.()?.catch(() => { /* not allowed here: stay in the window */ });
  });
  document.addEventListener('fullscreenchange', () => {
    const full = document.fullscreenElement === root;
    root.classList.toggle('display-fullscreen', full);
    button.textContent = full ? button.dataset.exitLabel : enterLabel;
    fit();
  });
  window.addEventListener('resize', fit);
  let pointerRests;
  root.addEventListener('pointermove', () => { // shows Back and Full screen (and the pointer) in full screen
    root.classList.add('display-pointer');
    clearTimeout(pointerRests);
    pointerRests = setTimeout(() => root.classList.remove('display-pointer'), 3000);
  });

  keep(JSON.parse(root.dataset.codes));
  if (shown !== null && shown === currentWindow()) firstCodeDrawn(); // drawn by the server
  else showCode();
  fit();
  loadCodes();
  updateCount();
  setInterval(showCode, 1000);
  setInterval(updateCount, 5000);
})();

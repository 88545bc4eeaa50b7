/* The host's display: shows the code for the current 30-second window and
 * the head count. All codes of the meeting are fetched at the start, so the
 * code keeps changing (and stays valid) if the network drops; the count
 * catches up when it comes back. The server's window number corrects a
 * display whose clock is off. */
'use strict';

(() => {
  const root = document.querySelector('[data-display]');
  if (!root) return;
  const seconds = Number(root.dataset.windowSeconds);
  const $ = (selector) => root.querySelector(selector);
  let codes = new Map();
  let clockOffset = 0; // server window minus this display's window
  let shown = null;

  const localWindow = () => Math.floor(Date.now() / 1000 / seconds);
  const currentWindow = () => localWindow() + clockOffset;

  async function loadCodes() {
    for (let delay = 2000; ; delay = Math.min(delay * 2, 60000)) {
      try {
        const response = await fetch(root.dataset.codesUrl, { cache: 'no-store' });
        if (response.ok) {
          codes = new Map((await response.json()).codes.map((c) => [c.window, c.svg]));
          $('[data-loading]').hidden = true;
          showCode();
          return;
        }
      } catch (error) { /* offline: try again */ }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  function showCode() {
    const window = currentWindow();
    if (window === shown || !codes.size) return;
    const svg = codes.get(window);
    $('[data-code]').innerHTML = svg || ''; // our own server's SVG, no script in it
    $('[data-code]').dataset.window = window;
    $('[data-closed]').hidden = Boolean(svg);
    shown = window;
  }

  async function updateCount() {
    try {
      const response = await fetch(root.dataset.countUrl, { cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      const count = await response.json();
      clockOffset = count.server_window - localWindow();
      $('[data-total]').textContent = count.total;
      $('[data-live]').textContent = count.live;
      $('[data-later]').textContent = count.later;
      $('[data-offline]').hidden = true;
    } catch (error) {
      $('[data-offline]').hidden = false;
    }
  }

  $('[data-fullscreen]').addEventListener('click', () => document.documentElement.requestFullscreen?.());
  loadCodes();
  updateCount();
  setInterval(showCode, 1000);
  setInterval(updateCount, 5000);
})();

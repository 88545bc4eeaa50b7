/* Shows what waits in the outbox. On the feedback and check-in pages
 * ([data-outbox-status], see templates/resident/_outbox_status.html): how
 * many items wait, "sending", "sent", and each item the server did not
 * accept, with a Remove button. On every other page, a one-line banner while
 * something waits. Nothing is removed unless the resident says so. */
'use strict';

(() => {
  if (!window.VeiviserOutbox || !VeiviserOutbox.supported) return;
  const root = document.querySelector('[data-outbox-status]');
  if (!root) {
    watchBanner(document.querySelector('[data-outbox-banner]'));
    return;
  }
  const line = (state) => root.querySelector(`[data-outbox-state="${state}"]`);
  const showCount = counter(line('queued'));
  let everSent = false;

  function message(item) {
    const own = root.querySelector(`template[data-result="${item.result}"]`);
    const fallback = root.querySelector(`template[data-result="${item.type === 'checkin' ? 'checkin' : 'other'}"]`);
    return (own || fallback).content.textContent;
  }

  async function showAttention() {
    const list = root.querySelector('[data-attention-list]');
    const template = root.querySelector('template[data-attention-item]');
    const items = (await VeiviserOutbox.items()).filter((item) => item.state === 'needs-attention');
    list.replaceChildren(...items.map((item) => {
      const entry = template.content.firstElementChild.cloneNode(true);
      entry.querySelector('[data-message]').textContent = message(item);
      entry.querySelector('[data-discard]').addEventListener('click', () => VeiviserOutbox.discard(item.id));
      return entry;
    }));
  }

  window.addEventListener('veiviser-outbox', (event) => {
    const { pending = 0, sending = 0, needsAttention = 0, acknowledged = [] } = event.detail || {};
    everSent = everSent || acknowledged.length > 0;
    root.querySelectorAll('[data-outbox-state]').forEach((element) => { element.hidden = true; });
    if (sending) line('sending').hidden = false;
    else if (pending) {
      showCount(pending);
      line('queued').hidden = false;
    } else if (everSent) line('sent').hidden = false;
    if (needsAttention) {
      line('attention').hidden = false;
      showAttention();
    }
  });

  function counter(element) {
    // "Waiting to be sent: {count}", translated on the server.
    const text = element.querySelector('[data-count]');
    const template = text.textContent;
    return (count) => { text.textContent = template.replace('{count}', count); };
  }

  function watchBanner(banner) {
    if (!banner) return;
    const showCount = counter(banner);
    window.addEventListener('veiviser-outbox', (event) => {
      const { pending = 0, needsAttention = 0 } = event.detail || {};
      banner.hidden = !(pending + needsAttention);
      showCount(pending + needsAttention);
    });
  }
})();

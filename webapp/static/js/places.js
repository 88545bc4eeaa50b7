/* "Open now, closes in 20 min", "Closed now, opens tomorrow at 08:00":
 * worked out on the phone, also offline, in the centre's time zone, by the
 * rules of webapp/places/hours.py (state_at), from the hours the page carries
 * (data-hours on each place, data-timezone on [data-hours-words]). The words
 * come from the page too, in the reader's language, with {time}, {day} and
 * {minutes} to fill in; times are shown as the page wrote them (data-times).
 * tests/places/test_hours_parity_browser.py checks that this file and
 * hours.py give the same answers. */
'use strict';

(() => {
  const DAY = 86400000;
  const HORIZON_DAYS = 7;
  const SOON_MINUTES = 60;
  const formats = {};

  /* The wall-clock offset of `zone` at `instant` (ms), from Intl. */
  function offset(instant, zone) {
    formats[zone] = formats[zone] || new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    const p = {};
    for (const part of formats[zone].formatToParts(instant)) p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
    return wall - (instant - (((instant % 1000) + 1000) % 1000));
  }

  /* The moment a wall clock in `zone` shows `hhmm` on day number `day`
   * (days since 1970-01-01). Like Python's fold=0: a time that does not
   * exist or exists twice is read with the offset before the change. */
  function wallTime(day, hhmm, zone) {
    let hour = Number(hhmm.slice(0, 2));
    const minute = Number(hhmm.slice(3, 5));
    if (hour === 24) { day += 1; hour = 0; }
    const wall = day * DAY + hour * 3600000 + minute * 60000;
    const before = offset(wall - DAY, zone);
    const after = offset(wall + DAY, zone);
    if (offset(wall - before, zone) === before) return wall - before;
    if (offset(wall - after, zone) === after) return wall - after;
    return wall - before;
  }

  const localDay = (instant, zone) => Math.floor((instant + offset(instant, zone)) / DAY);
  const weekday = (day) => (day + 3) % 7; // 1970-01-01 was a Thursday; Monday is 0
  const isoDate = (day) => new Date(day * DAY).toISOString().slice(0, 10);

  function pairsOn(hours, day) {
    const key = isoDate(day);
    if (hours.x && Object.prototype.hasOwnProperty.call(hours.x, key)) return hours.x[key];
    return (hours.w || [])[weekday(day)] || [];
  }

  function spans(hours, zone, first, last) {
    const found = [];
    for (let day = first - 1; day <= last; day += 1) {
      for (const [opens, closes] of pairsOn(hours, day)) {
        const closeDay = closes > opens ? day : day + 1;
        found.push({ start: wallTime(day, opens, zone), end: wallTime(closeDay, closes, zone), opens, closes });
      }
    }
    found.sort((a, b) => a.start - b.start || a.end - b.end);
    const merged = [];
    for (const span of found) {
      const last = merged[merged.length - 1];
      if (last && span.start <= last.end) {
        if (span.end > last.end) { last.end = span.end; last.closes = span.closes; }
      } else {
        merged.push({ ...span });
      }
    }
    return merged;
  }

  const hasHours = (hours) => (hours.w || []).some((d) => d.length) || Object.keys(hours.x || {}).length > 0;

  function dayOf(instant, zone, today) {
    const day = localDay(instant, zone);
    return { d: day - today, w: weekday(day) };
  }

  /* The same answer as hours.state_at(hours, zone, at). */
  function stateAt(hours, zone, at) {
    if (!hasHours(hours)) return { k: 'unknown' };
    const today = localDay(at, zone);
    const horizon = today + HORIZON_DAYS;
    const beyond = wallTime(horizon + 1, '00:00', zone);
    for (const span of spans(hours, zone, today, horizon)) {
      if (span.start <= at && at < span.end) {
        if (span.end >= beyond) return { k: 'always' };
        const minutes = Math.ceil((span.end - at) / 60000);
        if (minutes <= SOON_MINUTES) return { k: 'closing', m: minutes };
        return { k: 'until', t: span.closes, ...dayOf(span.end, zone, today) };
      }
      if (span.start > at) return { k: 'opens', t: span.opens, ...dayOf(span.start, zone, today) };
    }
    return { k: 'closed' };
  }

  /* The sentence for a state, from the words the page carries. */
  function sentence(state, words) {
    const data = words.dataset;
    const times = JSON.parse(data.times || '{}');
    const days = (data.days || '').split('|');
    let key = state.k;
    if (key === 'until' || key === 'opens') key += ['Today', 'Tomorrow'][state.d] || 'Day';
    const template = data[key];
    if (!template) return '';
    return template.replace('{time}', times[state.t] || state.t || '')
      .replace('{day}', days[state.w] || '').replace('{minutes}', String(state.m));
  }

  function show() {
    const words = document.querySelector('[data-hours-words]');
    if (!words) return;
    const zone = words.dataset.timezone;
    const now = Date.now();
    for (const place of document.querySelectorAll('[data-hours]')) {
      const out = place.querySelector('[data-open-state]');
      if (!out) continue;
      const state = stateAt(JSON.parse(place.dataset.hours), zone, now);
      out.textContent = sentence(state, words);
      out.dataset.state = state.k;
      out.hidden = !out.textContent;
    }
  }

  if (typeof document === 'undefined') return;
  window.VeiviserHours = { stateAt };
  show();
  setInterval(show, 15000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) show(); });

  /* A card held up at the counter: the whole screen, large type. */
  const full = document.querySelector('[data-full-screen]');
  if (full) {
    full.hidden = false;
    full.addEventListener('click', () => {
      const on = !document.documentElement.classList.contains('card-full');
      document.documentElement.classList.toggle('card-full', on);
      full.setAttribute('aria-pressed', String(on));
      if (on && document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(() => {});
      } else if (!on && document.fullscreenElement) {
        document.exitFullscreen().catch(() => {});
      }
    });
    document.addEventListener('fullscreenchange', () => {
      if (!document.fullscreenElement) {
        document.documentElement.classList.remove('card-full');
        full.setAttribute('aria-pressed', 'false');
      }
    });
  }
})();

/* The feedback form. The phone saved /<lang>/<centre>/feedback once; the
 * query says what the feedback is about (?meeting=12, ?page=frikort, or
 * nothing: the centre), so this works offline for any page or meeting.
 * Send puts the feedback in the outbox (its UUID is made there, before any
 * network call) and thanks the resident at once. */
'use strict';

(() => {
  const root = document.querySelector('[data-feedback]');
  if (!root || !window.VeiviserOutbox || !VeiviserOutbox.supported) return;
  root.querySelector('[data-feedback-needs-script]')?.remove();
  const form = root.querySelector('[data-feedback-form]');
  const params = new URLSearchParams(location.search);
  const meeting = /^\d{1,9}$/.test(params.get('meeting') || '') ? params.get('meeting') : null;
  const page = !meeting && /^[a-z0-9-]{1,120}$/.test(params.get('page') || '') ? params.get('page') : null;
  const target = meeting ? 'meeting' : page ? 'page' : 'centre';

  root.querySelectorAll('[data-for]').forEach((element) => {
    element.hidden = !element.dataset.for.split(' ').includes(target);
  });
  const rating = form.querySelector(`input[name="rating"][value="${params.get('rating')}"]`);
  if (rating) rating.checked = true;

  if (meeting && VeiviserPhone.noted('feedback', meeting)) {
    root.querySelector('[data-feedback-already]').hidden = false;
    return;
  }
  const code = meeting && VeiviserPhone.kept('checked-in', meeting);
  if (meeting && !code) {
    root.querySelector('[data-feedback-no-checkin]').hidden = false;
    return;
  }
  form.hidden = false;

  function answers() {
    const data = new FormData(form);
    const body = {};
    const rated = Number(data.get('rating'));
    if (rated) body.rating = rated;
    const fields = target === 'meeting' ? ['interpreter', 'next_time', 'wish', 'comment'] : target === 'centre' ? ['wish', 'comment'] : ['comment'];
    for (const name of fields) {
      const value = String(data.get(name) || '').trim();
      if (value) body[name] = value;
    }
    return body;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = answers();
    const empty = root.querySelector('[data-feedback-empty]');
    empty.hidden = Object.keys(body).length > 0;
    if (!empty.hidden) return;
    Object.assign(body, { target, centre: document.body.dataset.centre, lang: document.body.dataset.lang });
    if (meeting) {
      body.meeting = Number(meeting);
      body.attendee = await VeiviserPhone.pseudonym(`feedback:${meeting}`);
      body.code = code; // proof that this phone checked in there
    }
    if (page) body.page = page;
    await VeiviserOutbox.add('feedback', body);
    if (meeting) VeiviserPhone.note('feedback', meeting);
    form.reset();
    form.hidden = true;
    const done = root.querySelector('[data-feedback-done]');
    done.hidden = false;
    done.focus();
  });
})();

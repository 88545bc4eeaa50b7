/* "Ask the nurse" on the phone (webapp/questions).
 * - Asking: the question goes into the outbox with a new random claim code
 *   (128 bits); the code and the question are kept here, in localStorage,
 *   and nowhere else: "My questions" is this phone's only.
 * - Collecting answers: the phone sends its claim codes of unanswered
 *   questions to /api/v1/answers, always exactly CHECK_SIZE codes, padded
 *   with random ones, so the server cannot count a phone's questions. On the
 *   "Ask" page at every visit and when the outbox has sent something; on
 *   other pages at most every CHECK_EVERY_MS, and only with questions open.
 * - The resident can delete a question from the phone at any time. */
'use strict';

(() => {
  const body = document.body;
  const lang = body.dataset.lang;
  const centre = body.dataset.centre;
  if (!lang || !centre) return;
  const STORE = 'veiviser.questions';
  const LAST_CHECK = 'veiviser.questions.checked';
  const CHECK_SIZE = 8; // webapp/questions/claims.py
  const CHECK_EVERY_MS = 10 * 60 * 1000;
  const $ = (selector, root = document) => root.querySelector(selector);
  const page = $('[data-ask]');

  function all() {
    try { return JSON.parse(localStorage.getItem(STORE)) || []; } catch (error) { return []; }
  }

  function save(questions) {
    localStorage.setItem(STORE, JSON.stringify(questions));
  }

  function randomCode() {
    return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  /* ---- collecting answers ---- */

  function shuffled(list) {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = crypto.getRandomValues(new Uint32Array(1))[0] % (i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  async function check(codes) {
    // The real codes hidden among random ones, in a random order.
    const sent = shuffled([...codes, ...Array.from({ length: CHECK_SIZE - codes.length }, randomCode)]);
    const response = await fetch('/api/v1/answers', {
      method: 'POST', credentials: 'omit', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': lang },
      body: JSON.stringify({ codes: sent }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { answers } = await response.json();
    return new Map(sent.map((code, n) => [code, answers[n]]));
  }

  let checking = null;

  function collect() {
    checking = checking || collectNow().finally(() => { checking = null; });
    return checking;
  }

  async function collectNow() {
    const open = all().filter((q) => !q.answer && q.centre === centre).map((q) => q.claim);
    let arrived = false;
    for (let start = 0; start < open.length; start += CHECK_SIZE) {
      let found;
      try { found = await check(open.slice(start, start + CHECK_SIZE)); } catch (error) { return; }
      const questions = all();
      for (const question of questions) {
        const answer = found.get(question.claim);
        if (answer && !question.answer) {
          Object.assign(question, { answer: answer.answer, day: answer.day, seen: Boolean(page) });
          arrived = true;
        }
      }
      save(questions);
    }
    localStorage.setItem(LAST_CHECK, String(Date.now()));
    if (arrived) render();
  }

  function due() {
    if (!all().some((q) => !q.answer && q.centre === centre)) return false;
    return page || Date.now() - Number(localStorage.getItem(LAST_CHECK) || 0) > CHECK_EVERY_MS;
  }

  /* ---- showing "My questions" ---- */

  async function render() {
    const questions = all().filter((q) => q.centre === centre);
    const unseen = questions.some((q) => q.answer && !q.seen);
    const banner = $('[data-answer-banner]');
    if (banner) banner.hidden = Boolean(page) || !unseen;
    if (!page) return;
    if (unseen) save(all().map((q) => ({ ...q, seen: true })));
    const waiting = new Set(window.VeiviserOutbox && VeiviserOutbox.supported
      ? (await VeiviserOutbox.items()).map((item) => item.id) : []);
    const list = $('[data-my-questions]');
    const template = $('template[data-my-question]');
    list.replaceChildren(...questions.sort((a, b) => b.askedAt - a.askedAt).map((question) => {
      const item = template.content.firstElementChild.cloneNode(true);
      $('[data-question]', item).textContent = question.text;
      const state = question.answer ? 'answered' : waiting.has(question.item) ? 'unsent' : 'waiting';
      item.querySelectorAll('[data-state]').forEach((part) => { part.hidden = part.dataset.state !== state; });
      if (question.answer) $('[data-answer]', item).textContent = question.answer;
      item.dataset.claim = question.claim;
      $('[data-delete]', item).addEventListener('click', () => {
        save(all().filter((q) => q.claim !== question.claim));
        render();
      });
      return item;
    }));
    $('[data-my-questions-empty]').hidden = questions.length > 0;
  }

  /* ---- asking ---- */

  function setUpForm() {
    if (!page || !window.VeiviserOutbox || !VeiviserOutbox.supported) return;
    $('[data-ask-needs-script]')?.remove();
    const form = $('[data-ask-form]');
    form.hidden = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = form.elements.question.value.trim();
      $('[data-ask-empty]').hidden = Boolean(text);
      if (!text) return;
      const claim = randomCode();
      const item = await VeiviserOutbox.add('question', { centre, lang, text, claim });
      save([...all(), { claim, text, centre, item, askedAt: Date.now() }]);
      form.reset();
      $('[data-ask-done]').hidden = false;
      render();
    });
  }

  window.addEventListener('veiviser-outbox', (event) => {
    // Something was sent: show it as sent, and look for answers while here.
    if (event.detail.acknowledged.length && page) {
      render();
      collect();
    }
  });
  window.addEventListener('online', () => { if (due()) collect(); });

  window.VeiviserQuestions = Object.freeze({ collect, all });
  setUpForm();
  render();
  if (due()) collect();
})();

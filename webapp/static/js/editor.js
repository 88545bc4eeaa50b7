/* The nurse's editor (templates/staff/page_edit.html), for people who do not
 * write Markdown. Without this script the plain forms work as before; with it:
 *  - a formatting toolbar above each text (heading, lists, bold, link, phone
 *    number; Ctrl/Cmd+B and Ctrl/Cmd+K in the text), acting on the selection;
 *  - a live preview at phone width, rendered by the server exactly as a
 *    resident's page renders it (POST .../render: markdown-it, then nh3);
 *  - before a text is saved with other numbers than it was loaded with, the
 *    question whether the facts were checked today. "Yes" first saves today's
 *    date through the settings form's own field (facts_checked_on), then the
 *    text, each through the route that always saved it. */
'use strict';

(() => {
  const root = document.querySelector('[data-editor]');
  const template = document.getElementById('editor-toolbar');
  if (!root || !template) return;
  const textForms = [...root.querySelectorAll('[data-text-form]')];
  const field = (form, name) => form.elements.namedItem(name);
  const csrfToken = (form) => field(form, 'csrf_token').value;

  /* ---- Changing the text ------------------------------------------------- */

  // Put `text` in place of value[start, end), through the browser's own
  // editing where it can (so Ctrl+Z undoes it), then select [from, to).
  function replace(area, start, end, text, from, to) {
    area.focus();
    area.setSelectionRange(start, end);
    if (!document.execCommand('insertText', false, text)) {
      area.setRangeText(text, start, end, 'end');
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }
    area.setSelectionRange(from, to);
  }

  // The whole lines the selection touches, as [from, to) without the last newline.
  function selectedLines(area) {
    const { value, selectionStart: start } = area;
    let end = area.selectionEnd;
    if (end > start && value[end - 1] === '\n') end -= 1; // whole lines selected: not the next one
    const from = start === 0 ? 0 : value.lastIndexOf('\n', start - 1) + 1;
    const next = value.indexOf('\n', end);
    return [from, next === -1 ? value.length : next];
  }

  const HEADING = /^#{1,6}[ \t]+/;
  const LIST_ITEM = /^[ \t]*([-*+]|\d+[.)])[ \t]+/;
  const LINE_KINDS = {
    heading: { has: (line) => HEADING.test(line), mark: () => '## ', list: false },
    bullets: { has: (line) => /^[ \t]*[-*+][ \t]+/.test(line), mark: () => '- ', list: true },
    numbers: { has: (line) => /^[ \t]*\d+[.)][ \t]+/.test(line), mark: (n) => `${n}. `, list: true },
  };

  // Make the selected lines a heading or a list, or plain text again when
  // they are one already. A blank line keeps them apart from a paragraph
  // next to them (otherwise Markdown runs the two together).
  function formatLines(area, kind) {
    const [from, to] = selectedLines(area);
    const { value } = area;
    const lines = value.slice(from, to).split('\n');
    const filled = lines.filter((line) => line.trim());
    const undo = filled.length > 0 && filled.every(kind.has);
    let number = 0;
    const text = lines.map((line) => {
      if (lines.length > 1 && !line.trim()) return line;
      const bare = line.replace(HEADING, '').replace(LIST_ITEM, '');
      if (undo) return bare;
      number += 1;
      return kind.mark(number) + bare;
    }).join('\n');

    const apart = (line) => !undo && line !== undefined && line.trim() !== '' && !(kind.list && kind.has(line));
    const before = from > 0 && apart(value.slice(0, from - 1).split('\n').pop()) ? '\n' : '';
    const after = to < value.length && apart(value.slice(to + 1).split('\n')[0]) ? '\n' : '';
    const start = from + before.length;
    // One line: the cursor at its end, to go on typing. Several: all of them
    // stay selected, so that another button acts on the same lines.
    replace(area, from, to, before + text + after, lines.length > 1 ? start : start + text.length, start + text.length);
  }

  // **bold** around the selection (each line of it), or not bold again.
  function bold(area, placeholder) {
    const { value } = area;
    let start = area.selectionStart;
    let end = area.selectionEnd;
    while (start < end && /\s/.test(value[start])) start += 1; // "** word**" would not be bold
    while (end > start && /\s/.test(value[end - 1])) end -= 1;
    if (start >= 2 && value.slice(start - 2, start) === '**' && value.slice(end, end + 2) === '**') {
      replace(area, start - 2, end + 2, value.slice(start, end), start - 2, end - 2);
      return;
    }
    const text = value.slice(start, end) || placeholder;
    const marked = text.split('\n').map((line) => line.replace(
      /^([ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+[.)][ \t]+)?)(.*?)([ \t]*)$/,
      (whole, mark, words, space) => (words ? `${mark}**${words}**${space}` : whole),
    )).join('\n');
    if (marked === `**${text}**`) replace(area, start, end, marked, start + 2, start + 2 + text.length);
    else replace(area, start, end, marked, start, start + marked.length);
  }

  // What a nurse types as a web address, as a link's target; null if it is none.
  function webAddress(typed) {
    const address = typed.trim().replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    if (/^(https?|mailto|tel):/i.test(address)) return address;
    if (/^[^/@]+@[^/@]+\.[^/@]+$/.test(address)) return `mailto:${address}`;
    if (/^[a-z][a-z0-9+.-]*:/i.test(address) || !/^[^./][^/]*\.[a-z]{2,}/i.test(address)) return null;
    return `https://${address}`;
  }

  // "+47 116 117" as tel:+47116117 (as tel_href in templating.py); null if it has too few digits.
  function phoneAddress(typed) {
    const digits = typed.replace(/\D/g, '');
    if (digits.length < 3 || /[^\d\s+().-]/.test(typed.trim())) return null;
    return `tel:${typed.trim().startsWith('+') ? '+' : ''}${digits}`;
  }

  // [words](target) in place of [start, end). Words the nurse selected stay
  // as they were, with the cursor after the link; otherwise the words are
  // selected, ready to be typed over.
  function insertLink(area, [start, end], words, target, selected) {
    const label = words.replace(/[[\]\\]/g, '\\$&');
    const markup = `[${label}](${target})`;
    if (selected) replace(area, start, end, markup, start + markup.length, start + markup.length);
    else replace(area, start, end, markup, start + 1, start + 1 + label.length);
  }

  // The selection without the spaces around it, as [start, end].
  function trimmedSelection(area) {
    const { value } = area;
    let start = area.selectionStart;
    let end = area.selectionEnd;
    while (start < end && /\s/.test(value[start])) start += 1;
    while (end > start && /\s/.test(value[end - 1])) end -= 1;
    return [start, end];
  }

  /* ---- The toolbar ------------------------------------------------------- */

  function addToolbar(area) {
    const parts = template.content.cloneNode(true);
    const toolbar = parts.querySelector('[role="toolbar"]');
    const ask = parts.querySelector('.editor-ask');
    const strings = toolbar.dataset;
    toolbar.setAttribute('aria-controls', area.id);
    area.before(parts);

    const buttons = [...toolbar.querySelectorAll('button')];
    buttons.forEach((button, index) => { button.tabIndex = index === 0 ? 0 : -1; });
    const rtl = getComputedStyle(toolbar).direction === 'rtl';

    // One Tab stop for the toolbar; the arrow keys, Home and End move in it.
    toolbar.addEventListener('keydown', (event) => {
      const index = buttons.indexOf(document.activeElement);
      const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
      const back = rtl ? 'ArrowRight' : 'ArrowLeft';
      const moves = { [forward]: index + 1, [back]: index - 1, Home: 0, End: buttons.length - 1 };
      if (index < 0 || !(event.key in moves)) return;
      event.preventDefault();
      const next = buttons[(moves[event.key] + buttons.length) % buttons.length];
      buttons.forEach((button) => { button.tabIndex = button === next ? 0 : -1; });
      next.focus();
    });
    // A click leaves the focus (and the selection) in the text.
    toolbar.addEventListener('mousedown', (event) => {
      if (event.target.closest('button')) event.preventDefault();
    });
    toolbar.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-format]');
      if (!button) return;
      buttons.forEach((other) => { other.tabIndex = other === button ? 0 : -1; });
      act(button.dataset.format);
    });
    area.addEventListener('keydown', (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key === 'b' || key === 'k') {
        event.preventDefault();
        act(key === 'b' ? 'bold' : 'link');
      }
    });

    // The inline question for a link's address or a phone number.
    const input = ask.querySelector('[data-ask-input]');
    const askError = ask.querySelector('[data-ask-error]');
    let asking = null; // { kind, range, words }

    function openAsk(kind, range, words) {
      // Selected words that are an address already become the link's target.
      const address = kind === 'link' && !/\s/.test(words) && webAddress(words);
      asking = { kind, range, words: address ? '' : words };
      ask.querySelector('[data-ask-label]').textContent = kind === 'phone' ? strings.askPhone : strings.askLink;
      input.inputMode = kind === 'phone' ? 'tel' : 'url';
      input.value = address ? words : '';
      askError.hidden = true;
      ask.hidden = false;
      input.focus();
    }
    function closeAsk() {
      const { range } = asking;
      asking = null;
      ask.hidden = true;
      input.value = '';
      area.focus();
      area.setSelectionRange(range[0], range[1]);
    }
    function answerAsk() {
      const { kind, range, words } = asking;
      const target = kind === 'phone' ? phoneAddress(input.value) : webAddress(input.value);
      if (!target) {
        askError.textContent = kind === 'phone' ? strings.errorPhone : strings.errorLink;
        askError.hidden = false;
        input.focus();
        return;
      }
      const typed = input.value.trim();
      closeAsk();
      insertLink(area, range, words || (kind === 'phone' ? typed : typed.replace(/^https?:\/\//i, '')), target, !!words);
    }
    ask.querySelector('[data-ask-ok]').addEventListener('click', answerAsk);
    ask.querySelector('[data-ask-cancel]').addEventListener('click', closeAsk);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); answerAsk(); } // not the form's submit
      if (event.key === 'Escape') { event.preventDefault(); closeAsk(); }
    });

    function act(format) {
      if (asking) closeAsk();
      if (format in LINE_KINDS) {
        formatLines(area, LINE_KINDS[format]);
      } else if (format === 'bold') {
        bold(area, strings.boldPlaceholder);
      } else {
        const range = trimmedSelection(area);
        const words = area.value.slice(range[0], range[1]);
        const number = format === 'phone' && !words.includes('\n') && phoneAddress(words);
        if (number) insertLink(area, range, words, number, true); // "116 117" selected: no need to ask
        else openAsk(format, range, words);
      }
    }
  }

  /* ---- The live preview -------------------------------------------------- */

  const preview = root.querySelector('[data-preview]');
  const box = preview.querySelector('[data-preview-box]');
  const previewTitle = box.querySelector('[data-preview-title]');
  const previewBody = box.querySelector('[data-preview-body]');
  const previewError = preview.querySelector('[data-preview-error]');
  let shown = null; // the form whose text the preview shows
  let timer = 0;
  let inFlight = null; // the AbortController of the newest request

  function showForm(form) {
    shown = form;
    preview.querySelector('[data-preview-label]').textContent = form.dataset.previewCaption;
    for (const element of [box, box.querySelector('article')]) {
      element.lang = form.dataset.previewLang;
      element.dir = form.dataset.previewDir;
    }
    refresh();
  }

  async function refresh() {
    clearTimeout(timer);
    if (inFlight) inFlight.abort();
    const mine = new AbortController();
    inFlight = mine;
    previewTitle.textContent = field(shown, 'title').value;
    const body = new URLSearchParams({ csrf_token: csrfToken(shown), body: field(shown, 'body').value });
    let message = root.dataset.previewFailed;
    try {
      const response = await fetch(root.dataset.renderUrl, {
        method: 'POST', body, signal: mine.signal, headers: { Accept: 'application/json' },
      });
      const answer = await response.json(); // throws for anything but our JSON (a sign-in page ...)
      if (response.ok) {
        previewBody.innerHTML = answer.html; // rendered and sanitised by the server, as for residents
        previewError.hidden = true;
        return;
      }
      message = (answer.error && answer.error.message) || message;
    } catch (error) {
      if (mine.signal.aborted) return; // a newer text is on its way
    }
    previewError.textContent = message;
    previewError.hidden = false;
  }

  /* ---- Did the facts change? --------------------------------------------- */

  // The numbers in a text: every run of digits, in any script, but not the
  // numbers of a numbered list.
  function numbersIn(text) {
    return new Set(text.replace(/^[ \t]*\d+[.)](?=[ \t]|$)/gm, '').match(/\p{Nd}+/gu) || []);
  }
  function numbersChanged(form) {
    const loaded = numbersIn(`${field(form, 'title').defaultValue}\n${field(form, 'body').defaultValue}`);
    const now = numbersIn(`${field(form, 'title').value}\n${field(form, 'body').value}`);
    return loaded.size !== now.size || [...now].some((number) => !loaded.has(number));
  }

  // The settings form as it was loaded, with today's facts-checked date: only
  // that date changes. True once the server took it (it answers with a redirect).
  async function factsCheckedToday() {
    const settings = document.getElementById('settings');
    const data = new URLSearchParams();
    for (const element of settings.elements) {
      if (!element.name) continue;
      if (element.type === 'checkbox' || element.type === 'radio') {
        if (element.defaultChecked) data.append(element.name, element.value);
      } else if (element.tagName === 'SELECT') {
        const option = [...element.options].find((o) => o.defaultSelected) || element.options[0];
        if (option) data.append(element.name, option.value);
      } else {
        data.append(element.name, element.defaultValue);
      }
    }
    data.set('facts_checked_on', root.dataset.today);
    const response = await fetch(settings.action, { method: 'POST', body: data, redirect: 'manual' });
    return response.type === 'opaqueredirect';
  }

  function askAboutFacts(form) {
    const question = form.querySelector('[data-facts-question]');
    const asks = question && document.getElementById('settings') && root.dataset.factsChecked !== root.dataset.today;
    if (!asks) return;
    const save = form.querySelector('button[type="submit"]');
    const problem = question.querySelector('[data-facts-error]');
    let busy = false;
    const saveText = () => {
      form.dataset.factsAnswered = 'yes';
      form.requestSubmit(save);
    };

    form.addEventListener('submit', (event) => {
      if (form.dataset.factsAnswered || !numbersChanged(form)) return;
      event.preventDefault();
      question.hidden = false;
      question.querySelector('[data-facts-answer="yes"]').focus();
    });
    form.addEventListener('input', () => {
      if (!question.hidden && !numbersChanged(form)) question.hidden = true;
    });
    question.querySelector('[data-facts-answer="no"]').addEventListener('click', () => {
      if (!busy) saveText();
    });
    question.querySelector('[data-facts-answer="yes"]').addEventListener('click', async () => {
      if (busy) return;
      busy = true;
      problem.hidden = true;
      let done = false;
      try {
        done = await factsCheckedToday();
      } catch (error) { /* offline: said below */ }
      busy = false;
      if (done) saveText();
      else problem.hidden = false;
    });
  }

  /* ---- Start ------------------------------------------------------------- */

  for (const form of textForms) {
    const title = field(form, 'title');
    const area = field(form, 'body');
    addToolbar(area);
    askAboutFacts(form);
    form.addEventListener('input', (event) => {
      if (event.target !== title && event.target !== area) return;
      if (shown !== form) {
        showForm(form);
      } else {
        previewTitle.textContent = title.value;
        clearTimeout(timer);
        timer = setTimeout(refresh, 300);
      }
    });
    form.addEventListener('focusin', (event) => {
      if ((event.target === title || event.target === area) && shown !== form) showForm(form);
    });
  }
  root.classList.add('editor-live');
  preview.hidden = false;
  if (textForms.length) showForm(textForms[0]);
})();

/* Search on the phone, over the pages saved for offline reading, so it works
 * with no network. It folds text exactly as webapp/search/text.py does and
 * ranks as webapp/search/ranking.py does, with the tables and numbers the
 * server puts in the page (ranking.phone_rules). */
'use strict';

(() => {
  const root = document.querySelector('[data-search]');
  if (!root) return;

  const lang = document.body.dataset.lang;
  const centre = document.body.dataset.centre;
  const rules = JSON.parse(root.dataset.rules);
  const stopWords = new Set(rules.stopWords);
  const FOLDS = rules.folds;

  function fold(text) {
    const mapped = [...text.toLowerCase()].map((ch) => (ch in FOLDS ? FOLDS[ch] : ch)).join('');
    return mapped.normalize('NFD').replace(/\p{Mn}/gu, '');
  }

  function tokens(text) {
    return (fold(text).match(/[\p{L}\p{N}]+/gu) || [])
      .map((word) => (word.startsWith('ال') && word.length > 4 ? word.slice(2) : word));
  }

  function queryTerms(query) {
    return [...new Set(tokens(query).filter((term) => !stopWords.has(term)))];
  }

  const matches = (term, word) => word === term || (term.length >= rules.minPrefix && word.startsWith(term));

  function score(terms, title, body) {
    let found = 0;
    let weighted = 0;
    for (const term of terms) {
      const inTitle = title.filter((word) => matches(term, word)).length;
      const inBody = body.filter((word) => matches(term, word)).length;
      if (inTitle || inBody) {
        found += 1;
        weighted += rules.titleWeight * inTitle + Math.min(inBody, 5);
      }
    }
    return [found, weighted];
  }

  async function savedPages() {
    const cache = await caches.open(`veiviser-content-${lang}-${centre}`);
    const parser = new DOMParser();
    const pages = [];
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (!path.startsWith(`/${lang}/${centre}/pages/`)) continue;
      const doc = parser.parseFromString(await (await cache.match(request)).text(), 'text/html');
      const article = doc.querySelector('article.page');
      if (!article) continue;
      const lead = article.querySelector('.lead');
      const prose = article.querySelector('.prose');
      pages.push({
        path,
        lang: article.lang,
        dir: article.dir,
        title: article.querySelector('h1').textContent.trim(),
        summary: lead ? lead.textContent.trim() : '',
        text: `${lead ? lead.textContent : ''} ${prose ? prose.textContent : ''}`,
      });
    }
    return pages;
  }

  function render(query, hits) {
    const list = root.querySelector('[data-results]');
    const heading = root.querySelector('[data-results-heading]');
    /* The query in its own <bdi>: an English question inside an Arabic
       heading keeps its place and its word order. */
    const [before, after] = root.querySelector('[data-results-heading-text]').content.textContent.split('{query}');
    const isolated = document.createElement('bdi');
    isolated.textContent = query;
    isolated.translate = false; // the reader's own words, quoted
    heading.replaceChildren(before, isolated, after ?? '');
    heading.hidden = false;
    list.replaceChildren(...hits.map(({ page }) => {
      const item = document.createElement('li');
      const link = Object.assign(document.createElement('a'), { className: 'card', href: page.path, lang: page.lang, dir: page.dir });
      const title = Object.assign(document.createElement('span'), { className: 'card-title', textContent: page.title });
      link.append(title);
      if (page.summary) link.append(Object.assign(document.createElement('span'), { className: 'card-summary', textContent: page.summary }));
      item.append(link);
      return item;
    }));
    root.querySelector('[data-no-results]').hidden = hits.length > 0;
  }

  async function run(query) {
    const terms = queryTerms(query);
    const hits = [];
    for (const page of await savedPages()) {
      const [found, weighted] = score(terms, tokens(page.title), tokens(page.text));
      if (terms.length && found) hits.push({ page, found, weighted });
    }
    hits.sort((a, b) => b.found - a.found || b.weighted - a.weighted);
    render(query, hits);
  }

  window.VeiviserSearch = { tokens, queryTerms, score }; // for the parity test with the server
  if (!('caches' in window)) return;

  const query = new URLSearchParams(location.search).get('q') || '';
  // The server already answered this search; without it (offline), the phone answers.
  if (query.trim() && !root.hasAttribute('data-server-results')) run(query.trim());
})();

/* Search on the phone, over the pages saved for offline reading, so it works
 * with no network. It folds, stems and ranks (BM25F with a cut-off) exactly
 * as webapp/search/ (text.py, morphology.py, ranking.py) does, with the tables
 * and numbers the server puts in the page (ranking.phone_rules). */
'use strict';

(() => {
  const root = document.querySelector('[data-search]');
  if (!root) return;

  const lang = document.body.dataset.lang;
  const centre = document.body.dataset.centre;
  const rules = JSON.parse(document.querySelector('[data-search-rules]').textContent);
  const stopWords = new Set(rules.stop);
  const FOLDS = rules.folds;
  const synonyms = new Map(); // stem -> Set of the stems it stands for (synonyms.expansions)
  for (const group of rules.groups) {
    for (const word of group) {
      if (!synonyms.has(word)) synonyms.set(word, new Set());
      group.forEach((other) => synonyms.get(word).add(other));
    }
  }
  const length = (word) => [...word].length; // in code points, as Python counts

  function fold(text) {
    const mapped = [...text.toLowerCase()].map((ch) => (ch in FOLDS ? FOLDS[ch] : ch)).join('');
    return mapped.normalize('NFD').replace(/\p{Mn}/gu, '');
  }

  const tokens = (text) => fold(text).match(/[\p{L}\p{N}]+/gu) || [];

  function strip(word, affixes, atStart) {
    for (const [affix, shortest] of affixes) {
      if ((atStart ? word.startsWith(affix) : word.endsWith(affix)) && length(word) - length(affix) >= shortest) {
        return atStart ? word.slice(affix.length) : word.slice(0, word.length - affix.length);
      }
    }
    return word;
  }

  function stem(word) {
    let stemmed = strip(word, rules.prefixes, true);
    for (let round = 0; round < rules.rounds; round += 1) {
      const shorter = strip(stemmed, rules.suffixes, false);
      if (shorter === stemmed) break;
      stemmed = shorter;
    }
    return stemmed;
  }

  const words = (text) => tokens(text).map(stem);

  function queryTerms(query) {
    const terms = new Map();
    for (const word of tokens(query)) {
      if (stopWords.has(word)) continue;
      const stemmed = stem(word);
      if (terms.has(stemmed)) continue;
      const expanded = [...(synonyms.get(stemmed) || [])];
      terms.set(stemmed, {
        stem: stemmed,
        synonyms: new Set(expanded.filter((entry) => !entry.includes(' '))),
        phrases: expanded.filter((entry) => entry.includes(' ')).map((entry) => entry.split(' ')),
      });
    }
    return [...terms.values()];
  }

  const matches = (term, words, at) => words[at] === term.stem || term.synonyms.has(words[at])
    || (length(term.stem) >= rules.minPrefix && words[at].startsWith(term.stem))
    || term.phrases.some((phrase) => phrase.every((word, i) => words[at + i] === word));

  function indexed(doc) {
    const title = words(doc.title);
    const text = words(doc.text);
    return { doc, title, text, length: rules.titleWeight * title.length + text.length };
  }

  function frequency(term, entry) {
    const count = (list) => list.reduce((sum, _word, at) => sum + (matches(term, list, at) ? 1 : 0), 0);
    return rules.titleWeight * count(entry.title) + count(entry.text);
  }

  const kind = (doc) => doc.path.split('/')[3]; // pages, places, cards (documents.kind)

  /* The average length of each kind of document (ranking.Index.build). */
  function averageLengths(index) {
    const totals = new Map();
    for (const entry of index) {
      const [sum, count] = totals.get(kind(entry.doc)) || [0, 0];
      totals.set(kind(entry.doc), [sum + entry.length, count + 1]);
    }
    return new Map([...totals].map(([name, [sum, count]]) => [name, sum / count]));
  }

  /* The same arithmetic, in the same order, as ranking.bm25 and ranking.search. */
  function rank(query, docs) {
    const terms = queryTerms(query);
    const index = docs.map(indexed).sort((a, b) => (a.doc.path < b.doc.path ? -1 : a.doc.path > b.doc.path ? 1 : 0));
    if (!terms.length || !index.length) return [];
    const averages = averageLengths(index);
    const scores = index.map(() => 0);
    for (const term of terms) {
      const perDoc = index.map((entry) => frequency(term, entry));
      const having = perDoc.filter((tf) => tf).length;
      const idf = Math.log(1 + (index.length - having + 0.5) / (having + 0.5));
      perDoc.forEach((tf, i) => {
        if (!tf) return;
        const norm = rules.k1 * (1 - rules.b + rules.b * index[i].length / averages.get(kind(index[i].doc)));
        scores[i] += idf * (tf * (rules.k1 + 1)) / (tf + norm);
      });
    }
    const ranked = index.map((entry, i) => ({ doc: entry.doc, score: Math.floor(scores[i] * rules.scale + 0.5), raw: scores[i] }))
      .filter((hit) => hit.raw > 0)
      .sort((a, b) => b.score - a.score || (a.doc.path < b.doc.path ? -1 : 1));
    if (!ranked.length) return [];
    const best = ranked[0].score;
    return ranked.filter((hit) => hit.score * 100 >= rules.cutoff * best).slice(0, rules.max)
      .map(({ doc, score }) => ({ path: doc.path, score }));
  }

  /* A saved page is a document when its path is under one of the searched
     prefixes and it has <article class="page"> (documents.py says the same). */
  function documentFrom(path, html) {
    const article = new DOMParser().parseFromString(html, 'text/html').querySelector('article.page');
    if (!article) return null;
    const lead = article.querySelector('.lead');
    const prose = article.querySelector('.prose');
    const heading = article.querySelector('h1');
    return {
      path,
      lang: article.lang || lang, // a place's page mixes the app's words with its own
      dir: article.dir || document.documentElement.dir,
      title: heading.textContent.trim(),
      name: !heading.translate, // a place's name: not to be translated in the results either
      summary: lead ? lead.textContent.trim() : '',
      text: `${lead ? lead.textContent : ''} ${prose ? prose.textContent : ''}`,
    };
  }

  async function savedDocuments() {
    const cache = await caches.open(`veiviser-content-${lang}-${centre}`);
    const prefixes = rules.paths.map((prefix) => `/${lang}/${centre}/${prefix}`);
    const docs = [];
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (!prefixes.some((prefix) => path.startsWith(prefix))) continue;
      const doc = documentFrom(path, await (await cache.match(request)).text());
      if (doc) docs.push(doc);
    }
    return docs;
  }

  /* What kind of page a result is (a place, a card), by where it lives; the
     search page has the words (resident/search.html says the same). */
  const kinds = [...root.querySelectorAll('template[data-kind]')]
    .map((label) => [`/${lang}/${centre}/${label.dataset.kind}`, label.content.textContent]);

  function render(query, hits, docs) {
    const byPath = new Map(docs.map((doc) => [doc.path, doc]));
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
    list.replaceChildren(...hits.map(({ path }) => {
      const page = byPath.get(path);
      const item = document.createElement('li');
      const link = Object.assign(document.createElement('a'), { className: 'card', href: page.path, lang: page.lang, dir: page.dir });
      const title = Object.assign(document.createElement('span'), { className: 'card-title', textContent: page.title });
      if (page.name) title.translate = false;
      link.append(title);
      if (page.summary) link.append(Object.assign(document.createElement('span'), { className: 'card-summary', textContent: page.summary }));
      const [, tag] = kinds.find(([prefix]) => page.path.startsWith(prefix)) || [];
      if (tag) link.append(Object.assign(document.createElement('span'), { className: 'tag tag-muted', lang, dir: document.documentElement.dir, textContent: tag }));
      item.append(link);
      return item;
    }));
    root.querySelector('[data-no-results]').hidden = hits.length > 0;
  }

  async function run(query) {
    const docs = await savedDocuments();
    render(query, rank(query, docs), docs);
  }

  window.VeiviserSearch = { tokens, words, queryTerms, rank, documentFrom }; // for the parity test with the server
  if (!('caches' in window)) return;

  const query = new URLSearchParams(location.search).get('q') || '';
  // The server already answered this search; without it (offline), the phone answers.
  if (query.trim() && !root.hasAttribute('data-server-results')) run(query.trim());
})();

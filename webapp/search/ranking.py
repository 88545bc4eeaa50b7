"""Ranking: BM25F over a language's documents, with a cut-off, so that a
question gets the few pages that answer it, not the whole site.

Server side for the no-JavaScript path; the phone ranks the same way in
static/js/search.js with the numbers and tables from ``phone_rules``. Scores
are compared as integers (millionths) so that the last bit of a logarithm
never orders two pages differently on the phone and on the server; ties go
by path.

A query is folded and split into words; question words are dropped; each word
is stemmed (``morphology``) and brings its synonyms (``synonyms``). A word
matches a page's word when it is the same stem, or the start of a longer one
(``MIN_PREFIX`` letters or more: "lege" finds "legevakt"); a synonym matches
whole stems only (so "doctor" → "lege" does not find every "legevakt"), or,
when it has several words, those words one after the other.

A document's length counts against the other documents of its kind (pages,
places, cards: ``documents.kind``), so that a place's two lines do not
outrank, only by being short, the page that explains.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from webapp.search.documents import SOURCES, Document, kind
from webapp.search.morphology import Affixes, affixes, stem
from webapp.search.synonyms import expansions, groups
from webapp.search.text import ARABIC_SCRIPT_FOLDS, LATIN_FOLDS, stop_words, tokens

K1 = 1.2  # how quickly more matches of a word stop counting
B = 0.75  # how much a long page is discounted
TITLE_WEIGHT = 3  # a word in the title counts as this many in the text
MIN_PREFIX = 4  # "lege" finds "legevakt"; shorter words must match whole words
RELATIVE_CUTOFF = 50  # per cent of the best score a page needs to be shown
MAX_RESULTS = 5
SCALE = 1_000_000  # scores compared as integers: millionths


@dataclass(frozen=True)
class Term:
    stem: str
    synonyms: frozenset[str]  # whole stems
    phrases: tuple[tuple[str, ...], ...]  # synonyms of several words

    @classmethod
    def of(cls, stemmed: str, expanded: frozenset[str]) -> Term:
        phrases = tuple(sorted(tuple(entry.split(" ")) for entry in expanded if " " in entry))
        return cls(stemmed, frozenset(entry for entry in expanded if " " not in entry), phrases)

    def matches(self, words: tuple[str, ...], at: int) -> bool:
        word = words[at]
        return (
            word == self.stem
            or word in self.synonyms
            or (len(self.stem) >= MIN_PREFIX and word.startswith(self.stem))
            or any(words[at:at + len(phrase)] == phrase for phrase in self.phrases)
        )


@dataclass(frozen=True)
class Language:
    """Everything ranking needs to know of the app's language."""

    code: str
    stop_words: frozenset[str]
    affixes: Affixes
    expansions: dict[str, frozenset[str]]

    @classmethod
    def of(cls, code: str) -> Language:
        return cls(code, frozenset(stop_words(code)), affixes(code), expansions(code))

    def words(self, text: str) -> list[str]:
        return [stem(word, self.affixes) for word in tokens(text)]


def query_terms(query: str, language: Language) -> list[Term]:
    seen: dict[str, Term] = {}
    for word in tokens(query):
        if word in language.stop_words:
            continue
        stemmed = stem(word, language.affixes)
        seen.setdefault(stemmed, Term.of(stemmed, language.expansions.get(stemmed, frozenset())))
    return list(seen.values())


@dataclass(frozen=True)
class Indexed:
    document: Document
    title: tuple[str, ...]
    text: tuple[str, ...]
    length: int  # title words (weighted) + text words


@dataclass(frozen=True)
class Index:
    language: Language
    documents: tuple[Indexed, ...]
    average_lengths: dict[str, float]  # of each kind of document

    @classmethod
    def build(cls, docs: list[Document], language: Language) -> Index:
        indexed = []
        for doc in docs:
            title, text = tuple(language.words(doc.title)), tuple(language.words(doc.text))
            indexed.append(Indexed(doc, title, text, TITLE_WEIGHT * len(title) + len(text)))
        lengths: dict[str, list[int]] = {}
        for entry in indexed:
            lengths.setdefault(kind(entry.document), []).append(entry.length)
        return cls(language, tuple(indexed), {name: sum(each) / len(each) for name, each in lengths.items()})

    def average_length(self, doc: Indexed) -> float:
        return self.average_lengths[kind(doc.document)]


@dataclass(frozen=True)
class Hit:
    document: Document
    score: int  # millionths


def frequency(term: Term, doc: Indexed) -> int:
    """How often the term is on the page, a title word counting TITLE_WEIGHT times."""
    in_title = sum(1 for at in range(len(doc.title)) if term.matches(doc.title, at))
    in_text = sum(1 for at in range(len(doc.text)) if term.matches(doc.text, at))
    return TITLE_WEIGHT * in_title + in_text


def bm25(frequencies: list[list[int]], lengths: list[int], averages: list[float]) -> list[float]:
    """BM25 scores of each document, from each term's frequency in each (and
    its length and the average length of its kind)."""
    count = len(lengths)
    scores = [0.0] * count
    for per_doc in frequencies:
        having = sum(1 for tf in per_doc if tf)
        idf = math.log(1 + (count - having + 0.5) / (having + 0.5))
        for i, tf in enumerate(per_doc):
            if tf:
                norm = K1 * (1 - B + B * lengths[i] / averages[i])
                scores[i] += idf * (tf * (K1 + 1)) / (tf + norm)
    return scores


def cut(ranked: list[Hit]) -> list[Hit]:
    """The best pages: at most MAX_RESULTS, each within RELATIVE_CUTOFF % of the best."""
    if not ranked:
        return []
    best = ranked[0].score
    return [hit for hit in ranked if hit.score * 100 >= RELATIVE_CUTOFF * best][:MAX_RESULTS]


def search(index: Index, query: str) -> list[Hit]:
    terms = query_terms(query, index.language)
    if not terms or not index.documents:
        return []
    frequencies = [[frequency(term, doc) for doc in index.documents] for term in terms]
    scores = bm25(
        frequencies, [doc.length for doc in index.documents], [index.average_length(doc) for doc in index.documents],
    )
    ranked = [
        Hit(doc.document, math.floor(score * SCALE + 0.5))
        for doc, score in zip(index.documents, scores, strict=True)
        if score > 0
    ]
    ranked.sort(key=lambda hit: (-hit.score, hit.document.path))
    return cut(ranked)


def phone_rules(lang: str) -> dict:
    """What static/js/search.js needs to fold, split, stem and rank text
    exactly as this module does (it is embedded in the search page)."""
    folds = {**LATIN_FOLDS, **ARABIC_SCRIPT_FOLDS}
    rules = affixes(lang)
    return {
        "folds": {chr(code): replacement or "" for code, replacement in sorted(folds.items())},
        "stop": sorted(stop_words(lang)),
        "prefixes": [list(pair) for pair in rules.prefixes],
        "suffixes": [list(pair) for pair in rules.suffixes],
        "rounds": rules.rounds,
        "groups": [list(group) for group in groups(lang)],
        "paths": [source.prefix for source in SOURCES],
        "k1": K1, "b": B, "titleWeight": TITLE_WEIGHT, "minPrefix": MIN_PREFIX,
        "cutoff": RELATIVE_CUTOFF, "max": MAX_RESULTS, "scale": SCALE,
    }

"""Server-side search over a language's pages (the no-JavaScript path; the
phone ranks the same way in static/js/search.js)."""
from __future__ import annotations

from dataclasses import dataclass

from webapp.content.reading import LocalizedPage
from webapp.search.text import ARABIC_SCRIPT_FOLDS, LATIN_FOLDS, query_terms, stop_words, tokens

TITLE_WEIGHT = 3
MIN_PREFIX = 4  # "lege" finds "legevakt"; shorter terms must match whole words


def phone_rules(lang: str) -> dict:
    """What static/js/search.js needs to fold, split and rank text exactly as
    this module does (it is embedded in the search page)."""
    folds = {**LATIN_FOLDS, **ARABIC_SCRIPT_FOLDS}
    return {
        "folds": {chr(code): replacement or "" for code, replacement in sorted(folds.items())},
        "stopWords": sorted(stop_words(lang)),
        "minPrefix": MIN_PREFIX,
        "titleWeight": TITLE_WEIGHT,
    }


@dataclass(frozen=True)
class Hit:
    page: LocalizedPage
    score: int


def matches(term: str, word: str) -> bool:
    return word == term or (len(term) >= MIN_PREFIX and word.startswith(term))


def score(terms: list[str], title: list[str], body: list[str]) -> tuple[int, int]:
    """(how many terms were found, weighted number of matches)."""
    found = weighted = 0
    for term in terms:
        in_title = sum(matches(term, w) for w in title)
        in_body = sum(matches(term, w) for w in body)
        if in_title or in_body:
            found += 1
            weighted += TITLE_WEIGHT * in_title + min(in_body, 5)
    return found, weighted


def search(pages: list[LocalizedPage], query: str, lang: str) -> list[Hit]:
    terms = query_terms(query, lang)
    if not terms:
        return []
    ranked = []
    for page in pages:
        found, weighted = score(
            terms, tokens(page.title), tokens(page.summary + " " + page.body_markdown)
        )
        if found:
            ranked.append(((found, weighted), page))
    ranked.sort(key=lambda item: item[0], reverse=True)
    return [Hit(page, weighted) for (_found, weighted), page in ranked]

"""Everyday words residents type, tied to the words the pages use.

Each language has a small list (``synonyms/<lang>.toml``): a concept (its
key, in English) and the words for it in that language, colloquial ones
included ("دكتور" beside "طبيب"). The same key in English and Norwegian ties
"doctor" and "lege" to the app's own words, so a resident can ask in the
app's language, in English or in Norwegian. A query word found in a group
also looks for every other word of its group, as whole words. An entry of
several words ("طبيب عام", a GP) is a phrase: found where its words follow
each other.

Only the groups of the language in use go to the phone (with the search page).
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from webapp.search.morphology import affixes, stem
from webapp.search.text import tokens

FOLDER = Path(__file__).parent / "synonyms"
BRIDGE_LANGUAGES = ("en", "nb")  # understood in every app


@cache
def concepts(lang: str) -> dict[str, list[str]]:
    """The list for ``lang`` as written: {concept: [words]}."""
    path = FOLDER / f"{lang}.toml"
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def groups(lang: str) -> tuple[tuple[str, ...], ...]:
    """Word groups (stemmed as in ``lang``) searched as one word in ``lang``'s app."""
    rules = affixes(lang)
    languages = dict.fromkeys((lang, *BRIDGE_LANGUAGES))
    keys = dict.fromkeys(key for code in languages for key in concepts(code))
    result = []
    for key in keys:
        words = [word for code in languages for word in concepts(code).get(key, [])]
        stems = tuple(dict.fromkeys(" ".join(stem(w, rules) for w in tokens(entry)) for entry in words))
        if len(stems) > 1:
            result.append(stems)
    return tuple(result)


@cache
def expansions(lang: str) -> dict[str, frozenset[str]]:
    """{stem: every stem (or phrase of stems) it stands for}, from all groups
    it is in. A phrase stands for others, but nobody types one word of it
    meaning the whole."""
    found: dict[str, set[str]] = {}
    for group in groups(lang):
        for word in group:
            if " " not in word:
                found.setdefault(word, set()).update(group)
    return {word: frozenset(others) for word, others in found.items()}

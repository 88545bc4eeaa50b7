"""Choosing a text among its languages: the one rule for every model that is
kept in several languages (pages, topics, meetings, "You said, we did").

The caller says which languages to try, best first (for a resident that is
``webapp.l10n.languages.content_fallbacks``); the first one that has a text
wins."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")


def first_available(by_lang: Mapping[str, T], languages: Iterable[str]) -> T | None:
    """The value for the first of ``languages`` that ``by_lang`` holds, or None."""
    return next((by_lang[code] for code in languages if code in by_lang), None)


class Translated:
    """For models whose ``translations`` each carry a ``lang``."""

    translations: list

    def translation_in(self, languages: Iterable[str]):
        return first_available({t.lang: t for t in self.translations}, languages)

"""Guessing a newcomer's language from the browser's Accept-Language header."""
from __future__ import annotations

from werkzeug.datastructures import LanguageAccept

# Tags browsers send for languages we file under another code.
ALIASES = {
    "fa-af": "prs",
    "ku": "kmr",
    "ku-tr": "kmr",
    "ku-latn": "kmr",
    "no": "nb",
    "nn": "nb",
    "ku-arab": "ckb",
    "ku-iq": "ckb",
}


def best_language(accept: LanguageAccept, enabled: list[str]) -> str | None:
    """The enabled language the browser prefers most, or None."""
    for tag, _quality in accept:  # already sorted by quality
        tag = tag.lower().replace("_", "-")
        primary = tag.split("-")[0]
        for candidate in (ALIASES.get(tag), tag, ALIASES.get(primary), primary):
            if candidate in enabled:
                return candidate
    return None

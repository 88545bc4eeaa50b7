"""Which language a resident reads a page in when it is not in their own.

Every chain ends with English, then Norwegian (the language pages are written
in), then the page's own source language. Before them come, by default, the
languages most readers of a language also read (``ALSO_READ``); a reader who
chose their own order on the phone (at most ``MAX_OWN`` languages, kept in
the phone's localStorage and sent as ``?also=fa,en``) gets that order instead.
Why each default is what it is: docs/screens-and-languages.md, "When a page is
not in your language".
"""
from __future__ import annotations

from flask import current_app, has_request_context, request

# Tried before English, best first, when a reader has not chosen an order.
ALSO_READ: dict[str, tuple[str, ...]] = {
    "prs": ("fa",),  # Dari and Farsi: one written language
    "fa": ("prs",),
    "ps": ("prs", "fa"),  # Afghan schools teach Dari; Farsi is written the same way
    "ckb": ("ar", "fa"),  # Iraqi Kurdistan schools teach Arabic; Iranian Kurds read Persian
    "kmr": ("tr", "ar"),  # schooled in Turkey, or in Syria and Iraq
    "ti": ("am",),  # the same script; many Tigrinya readers learnt Amharic at school
    # Deliberately none: Ukrainian is never shown Russian unasked, and the
    # others have no neighbour most of their readers read better than English.
    "uk": (), "ru": (), "ar": (), "tr": (), "so": (), "am": (), "es": (), "fr": (),
    "en": (), "nb": (),
}
# Offered with one tap in the notice of a page that is not translated, after
# the defaults: languages many (not most) readers also read.
ALSO_OFFERED: dict[str, tuple[str, ...]] = {
    "ckb": ("fa", "ar"),
    "kmr": ("ar", "tr", "ckb"),
    "ti": ("am", "ar"),
    "am": ("ti",),
    "so": ("ar",),
    "ar": ("fr",),
    "fr": ("ar",),
    "ps": ("fa",),
}
LAST_RESORT = ("en", "nb")
MAX_OWN = 2  # "show me: Arabic, then English" — more is rarely read, and every one costs bytes offline
ALSO_PARAMETER = "also"


def content_fallbacks(code: str, source_lang: str, also: tuple[str, ...] = ()) -> list[str]:
    """Languages to try, in order, when showing a page to a reader of ``code``:
    their own, then ``also`` (the reader's own order) or the default, then
    English and Norwegian, then the source language."""
    chain: list[str] = []
    for candidate in (code, *(also or ALSO_READ.get(code, ())), *LAST_RESORT, source_lang):
        if candidate and candidate not in chain:
            chain.append(candidate)
    return chain


def offered_languages(code: str) -> tuple[str, ...]:
    """The languages a reader of ``code`` is offered first, best first."""
    return tuple(dict.fromkeys((*ALSO_READ.get(code, ()), *ALSO_OFFERED.get(code, ()), *LAST_RESORT)))


def own_order(raw: str | None, code: str, enabled) -> tuple[str, ...]:
    """The reader's own order from ``?also=fa,en``: known, enabled languages
    other than ``code``, each once, at most ``MAX_OWN``. Anything else in it
    is ignored (it is a wish, not an order that can be wrong)."""
    if not raw:
        return ()
    codes = [part.strip() for part in raw[:100].split(",")]
    return tuple(dict.fromkeys(c for c in codes if c in enabled and c != code))[:MAX_OWN]


def requested_order(code: str) -> tuple[str, ...]:
    """The reader's own order in the current request (empty outside one)."""
    if not has_request_context():
        return ()
    return own_order(request.args.get(ALSO_PARAMETER), code, current_app.config["ENABLED_LANGUAGES"])

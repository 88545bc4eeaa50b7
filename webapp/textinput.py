"""Text that people and phones send, checked and made regular where it comes
in (the API's schemas, staff forms, the feedback form without JavaScript),
so nothing further in can trip over it:

- valid Unicode: no lone surrogates (JSON can carry "\\ud83d", which no
  database or encoder accepts) and no control characters but tab and
  newline (PostgreSQL refuses NUL; others only hide things);
- one spelling: NFC, so "é" typed two ways is one text;
- "empty" means nothing visible: zero-width and other invisible characters
  do not make an answer, and do not count towards a length limit;
- numbers in ASCII digits only: int() also reads "١٢" and "²"-like digits.
"""
from __future__ import annotations

import re
import unicodedata

from models import limits

ASCII_NUMBER = re.compile(r"[0-9]{1,18}")
# Allowed controls: tab, line feed, carriage return (a form's line ends).
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


class BadText(ValueError):
    """Text that cannot be used; says why, for a person (in English: the
    caller words it for its audience)."""


def clean(text: str) -> str:
    """``text`` in NFC, or BadText if it holds what no text should."""
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs":
            raise BadText("a broken character (a lone surrogate)")
        if category == "Cc" and ch not in _ALLOWED_CONTROLS:
            raise BadText("an invisible control character")
    return unicodedata.normalize("NFC", text)


def visible(text: str) -> str:
    """``text`` without what cannot be seen: format characters (zero-width
    spaces and joiners, direction marks) and white space at either end."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def is_blank(text: str | None) -> bool:
    return text is None or not visible(text)


def whole_number(text: str | None) -> int | None:
    """A number written in ASCII digits, or None."""
    return int(text) if text is not None and ASCII_NUMBER.fullmatch(text) else None


def row_id(text: str | None) -> int | None:
    """An id sent from outside (a query, a form), if a row could have it:
    larger ones would make PostgreSQL refuse the query."""
    number = whole_number(text)
    return number if number is not None and 0 < number <= limits.MAX_ID else None

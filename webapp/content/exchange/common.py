"""What every part of the exchange shares: the report of an import, the
reason an entry is skipped, writing and reading PO files, and cleaning what
a translator sends back."""
from __future__ import annotations

import codecs
import io
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from flask_babel import gettext as _

from models import TranslationStatus
from webapp import clock, textinput
from webapp.l10n.languages import LANGUAGES

REVISION_COMMENT = "source-revision:"
MADE_FROM_COMMENT = "translation-made-from-revision:"
NEEDS_WORK = {TranslationStatus.MISSING, TranslationStatus.OUTDATED}


class ExchangeError(ValueError):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass
class ImportReport:
    # (page slug or "<kind>:<key>", source revision)
    imported: list[tuple[str, int]] = field(default_factory=list)
    notes: list[tuple[str, int]] = field(default_factory=list)  # change notes: (slug, revision)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, or its msgctxt; reason)


class Skip(Exception):
    """One page or item cannot be imported; ``reason`` says why, to staff."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def wanted(status: TranslationStatus, everything: bool) -> bool:
    """Whether a text with this status goes into an export: never what is
    written in the file's language; otherwise what needs work, or everything."""
    if status is TranslationStatus.SOURCE:
        return False
    return everything or status in NEEDS_WORK


def source_comments(number: int, source_lang: str, made_from: int | None) -> list[str]:
    """The ``#.`` lines that tell the import which source text was translated."""
    comments = [f"{REVISION_COMMENT} {number}", f"source-language: {source_lang}"]
    if made_from is not None:
        comments.append(f"{MADE_FROM_COMMENT} {made_from}")
    return comments


# --- the file -------------------------------------------------------------------


def new_catalog(lang: str) -> Catalog:
    return Catalog(
        locale=lang,  # Babel keeps codes CLDR lacks (prs) as they are
        project="Veiviser",
        version=clock.centre_today().isoformat(),  # when it was exported
        header_comment=_header_comment(lang),
        language_team=language_label(lang),
        fuzzy=False,  # the header itself is final
    )


def written(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, sort_output=False, omit_header=False, ignore_obsolete=True)
    return out.getvalue()


def language_label(code: str) -> str:
    language = LANGUAGES.get(code)
    return f"{language.english_name} ({code})" if language else code


def _header_comment(lang: str) -> str:
    # Placeholders Babel fills in (PROJECT, YEAR, ...) are avoided on purpose.
    return "\n".join([
        f"# Veiviser texts to translate into {language_label(lang)}: pages, and",
        "# the places, show-to-staff cards and centre notices near a centre.",
        "# Translate every msgstr. Keep msgctxt, msgid and the #. comments as",
        "# they are: they tell Veiviser which text, and which version of its",
        "# source text, you translated.",
        "# An entry marked fuzzy holds an older translation: check it against",
        "# the new source text, then remove the fuzzy mark. Entries still",
        "# marked fuzzy are not imported.",
        "#",
    ])


def read_messages(data: bytes, lang: str) -> list[Message]:
    """The entries of a translator's file for ``lang``, or ``ExchangeError``
    for a file that cannot be used at all."""
    catalog = _read_catalog(data)
    found = (catalog.locale_identifier or "").replace("-", "_").lower()
    if not found:
        raise ExchangeError(
            _("The file does not say which language it is in (its Language header is missing).")
        )
    if found != lang.replace("-", "_").lower():
        raise ExchangeError(_(
            "This file is for %(found)s, not for %(expected)s. "
            "Choose the right language, or ask the translator for the right file.",
            found=language_label(found),
            expected=language_label(lang),
        ))
    messages = [m for m in catalog if m.id]  # the header is the entry with an empty msgid
    if not messages:
        raise ExchangeError(_("The file contains no page texts."))
    return messages


def _read_catalog(data: bytes) -> Catalog:
    data = data.removeprefix(codecs.BOM_UTF8)  # some Windows tools add one
    if not data.strip():
        raise ExchangeError(_("The file is empty."))
    try:
        return read_po(io.BytesIO(data), ignore_obsolete=True, abort_invalid=True)
    except Exception:  # noqa: BLE001  (any fault in someone else's file means "unreadable", never a 500)
        raise ExchangeError(_(
            "This file could not be read as a PO (gettext) file. "
            "Upload the .po file the translator sent back, saved as UTF-8."
        )) from None


# --- one entry ------------------------------------------------------------------


def clean(string) -> str:
    if not isinstance(string, str):
        return ""
    try:
        return textinput.clean(string.replace("\r\n", "\n")).strip()
    except textinput.BadText:
        raise Skip(_("The text holds a character that cannot be used (an invisible control character).")) from None


def revision_number(message: Message) -> int | None:
    for comment in message.auto_comments:
        if comment.strip().startswith(REVISION_COMMENT):
            value = comment.strip()[len(REVISION_COMMENT):].strip()
            return textinput.whole_number(value)
    return None


def words(text) -> list[str]:
    """Text compared without regard to line wrapping (some tools re-wrap)."""
    return str(text).split()


def shorten(text, length: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"

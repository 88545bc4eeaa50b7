"""The translator exchange: export the pages that need translating into one
language as a PO file, and import the file the translator sends back.

Why PO (gettext) and not XLIFF or a spreadsheet:

- every tool translators use reads and writes it: Poedit, Weblate, Lokalise,
  OmegaT; XLIFF 2.0 support in free tools is patchier;
- our UI catalogs (``i18n/``) are PO already, so the translators who do those
  know the format;
- Babel (installed already) parses it robustly, with real errors for broken
  files, and writes our own language codes even where CLDR has none (Dari,
  ``prs``);
- PO carries everything an exchange needs: ``msgctxt`` says which page and
  field an entry is (``<slug>|title``, ``<slug>|body``), an extracted comment
  (``#.``) records the source revision the text was exported from, and the
  *fuzzy* flag marks an old translation the translator must check, and is how
  the translator tells us "not done yet".

Status stays exact: an imported translation records the source revision
named in the file, never the newest one, so a file exported before the nurse
changed the Norwegian text imports as *outdated* (comparing timestamps, as
Integreat did, would call it current).

Import checks the whole file first (readable, for the chosen language) and
writes nothing if that fails. Then each page on its own: title and body are
written together or not at all, and a problem with one page never stops the
others. Nothing here commits; the caller does.
"""
from __future__ import annotations

import codecs
import io
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Page, TranslationStatus, limits
from webapp import clock, textinput
from webapp.content.coverage import statuses
from webapp.content.editing import latest_revision, save_translation
from webapp.l10n.languages import LANGUAGES

FIELDS = ("title", "body")
MAX_LENGTH = {"title": limits.TITLE, "body": limits.BODY}  # the editor's limits
REVISION_COMMENT = "source-revision:"
NEEDS_WORK = {TranslationStatus.MISSING, TranslationStatus.OUTDATED}


class ExchangeError(ValueError):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass
class ImportReport:
    imported: list[tuple[str, int]] = field(default_factory=list)  # (slug, source revision)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (slug or msgctxt, reason)


# --- export -------------------------------------------------------------------


def export_po(pages: list[Page], lang: str, *, everything: bool = False) -> bytes:
    """A PO file of the pages whose translation into ``lang`` is missing or
    outdated (or of every page not written in ``lang``, with ``everything``).

    ``msgid`` is the newest source text; ``msgstr`` the translation there is
    (fuzzy when it is outdated, so the translator checks it against the new
    text), or empty.
    """
    catalog = Catalog(
        locale=lang,  # Babel keeps codes CLDR lacks (prs) as they are
        project="Veiviser",
        version=clock.centre_today().isoformat(),  # when it was exported
        header_comment=_header_comment(lang),
        language_team=_language_label(lang),
        fuzzy=False,  # the header itself is final
    )
    for page in pages:
        [status] = statuses(page, [lang])
        if status.status is TranslationStatus.SOURCE:
            continue  # written in this language: nothing to translate
        if not everything and status.status not in NEEDS_WORK:
            continue
        source = latest_revision(page)
        translation = status.translation
        comments = [f"{REVISION_COMMENT} {source.number}", f"source-language: {page.source_lang}"]
        if translation is not None:
            comments.append(f"translation-made-from-revision: {translation.source_revision.number}")
        # Fuzzy, not "previous msgid" (#|): Babel writes multi-line previous
        # msgids that GNU msgfmt rejects, and page bodies are multi-line.
        flags = ["fuzzy"] if status.status is TranslationStatus.OUTDATED else []
        for name in FIELDS:
            catalog.add(
                getattr(source, name),
                getattr(translation, name) if translation is not None else "",
                context=f"{page.slug}|{name}",
                auto_comments=comments,
                flags=flags,
            )
    out = io.BytesIO()
    write_po(out, catalog, sort_output=False, omit_header=False, ignore_obsolete=True)
    return out.getvalue()


def _language_label(code: str) -> str:
    language = LANGUAGES.get(code)
    return f"{language.english_name} ({code})" if language else code


def _header_comment(lang: str) -> str:
    # Placeholders Babel fills in (PROJECT, YEAR, ...) are avoided on purpose.
    return "\n".join([
        f"# Veiviser pages to translate into {_language_label(lang)}.",
        "# Translate every msgstr. Keep msgctxt, msgid and the #. comments as",
        "# they are: they tell Veiviser which page, and which version of its",
        "# source text, you translated.",
        "# An entry marked fuzzy holds an older translation: check it against",
        "# the new source text, then remove the fuzzy mark. Entries still",
        "# marked fuzzy are not imported.",
        "#",
    ])


# --- import -------------------------------------------------------------------


def import_po(
    session: Session,
    data: bytes,
    lang: str,
    *,
    user_id: int | None,
    reviewed: bool = False,
    pages: list[Page] | None = None,
) -> ImportReport:
    """Save the translations in a PO file made by ``export_po``.

    ``pages`` are the pages the importing person may change (default: every
    page). ``reviewed`` says a qualified translator did the work: the
    translations are then saved as final, otherwise as drafts.
    Raises ``ExchangeError`` (and writes nothing) for a file that cannot be
    used at all.
    """
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
            found=_language_label(found),
            expected=_language_label(lang),
        ))
    messages = [m for m in catalog if m.id]  # the header is the entry with an empty msgid
    if not messages:
        raise ExchangeError(_("The file contains no page texts."))

    if pages is None:
        pages = list(session.scalars(select(Page)))
    allowed = {page.slug: page for page in pages}
    report = ImportReport()
    by_slug: dict[str, dict[str, Message]] = {}
    for message in messages:
        context = message.context or ""
        slug, _bar, name = context.rpartition("|")
        if not slug or name not in FIELDS or isinstance(message.id, (list, tuple)):
            report.skipped.append((
                context or _shorten(message.id),
                _("Not an entry Veiviser made (its msgctxt should be page|title or page|body)."),
            ))
            continue
        by_slug.setdefault(slug, {})[name] = message

    for slug, entries in by_slug.items():
        try:
            page = allowed.get(slug) or _not_allowed(session, slug)
            revision, texts = _check_page(page, entries, lang, reviewed)
        except _Skip as skip:
            report.skipped.append((slug, skip.reason))
            continue
        # Title and body in one call: a page is written whole or not at all.
        save_translation(
            page, lang, title=texts["title"], body=texts["body"], draft=not reviewed,
            source_revision=revision, updated_by_id=user_id,
        )
        report.imported.append((slug, revision.number))
    session.flush()
    return report


class _Skip(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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


def _not_allowed(session: Session, slug: str):
    if session.scalar(select(Page.id).where(Page.slug == slug)) is not None:
        raise _Skip(_("You cannot edit this page."))
    raise _Skip(_("There is no page with this address."))


def _check_page(page: Page, entries: dict[str, Message], lang: str, reviewed: bool):
    """The revision the page was translated from and its cleaned title and
    body, or ``_Skip`` with the reason it cannot be saved."""
    if lang == page.source_lang:
        raise _Skip(_("This page is written in this language."))
    if "title" not in entries:
        raise _Skip(_("The file has no title for this page."))
    if "body" not in entries:
        raise _Skip(_("The file has no text for this page."))
    numbers = {_revision_number(entries[name]) for name in FIELDS}
    if None in numbers:
        raise _Skip(_(
            "The file does not say which source revision this page was translated from "
            "(the source-revision comment is missing)."
        ))
    if len(numbers) > 1:
        raise _Skip(_("Title and text were translated from different source revisions."))
    [number] = numbers
    revision = next((r for r in page.revisions if r.number == number), None)
    if revision is None:
        raise _Skip(_("This page has no revision %(number)s.", number=number))
    if any(_words(entries[name].id) != _words(getattr(revision, name)) for name in FIELDS):
        # The comment was changed, or entries were mixed from two files: the
        # revision recorded would be wrong, and with it the status.
        raise _Skip(_("The source text in the file is not the text of revision %(number)s.", number=number))

    texts = {name: _clean(entries[name].string) for name in FIELDS}
    texts["title"] = " ".join(texts["title"].split())  # a title is one line
    if not texts["title"] or not texts["body"]:
        raise _Skip(_("Not translated yet: the title or the text is empty."))
    if any(entries[name].fuzzy for name in FIELDS):
        raise _Skip(_("Marked fuzzy: the translator has not finished checking it."))
    for name in FIELDS:
        if len(texts[name]) > MAX_LENGTH[name]:
            raise _Skip(_("A field is too long (at most %(count)s characters).", count=MAX_LENGTH[name]))

    existing = next((t for t in page.translations if t.lang == lang), None)
    if existing is not None:
        if existing.source_revision.number > number:
            raise _Skip(_(
                "The translation here was made from a newer source text (revision %(here)s) "
                "than this file (revision %(file)s); it was kept.",
                here=existing.source_revision.number, file=number,
            ))
        same = (existing.title, existing.body, existing.source_revision.number) == (
            texts["title"], texts["body"], number
        )
        # The same text again changes nothing, unless it is now marked as
        # checked; it never turns a checked translation back into a draft.
        if same and (not reviewed or not existing.draft):
            raise _Skip(_("Nothing changed."))
    return revision, texts


def _clean(string) -> str:
    if not isinstance(string, str):
        return ""
    try:
        return textinput.clean(string.replace("\r\n", "\n")).strip()
    except textinput.BadText:
        raise _Skip(_("The text holds a character that cannot be used (an invisible control character).")) from None


def _revision_number(message: Message) -> int | None:
    for comment in message.auto_comments:
        if comment.strip().startswith(REVISION_COMMENT):
            value = comment.strip()[len(REVISION_COMMENT):].strip()
            return textinput.whole_number(value)
    return None


def _words(text) -> list[str]:
    """Text compared without regard to line wrapping (some tools re-wrap)."""
    return str(text).split()


def _shorten(text, length: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"

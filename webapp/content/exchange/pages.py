"""Pages in the exchange: ``<slug>|title`` and ``<slug>|body``, both from one
source revision, and the change notes an outdated translation lacks
(``<slug>|note|<revision>``)."""
from __future__ import annotations

from babel.messages.catalog import Catalog, Message
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Page, TranslationStatus, limits
from webapp.content.coverage import statuses
from webapp.content.editing import latest_revision, notes_since, save_note_translation, save_translation
from webapp.content.exchange.common import (
    ImportReport,
    Skip,
    clean,
    revision_number,
    shorten,
    source_comments,
    wanted,
    words,
)

FIELDS = ("title", "body")
NOTE = "note"  # msgctxt <slug>|note|<revision number>: a revision's change note
MAX_LENGTH = {"title": limits.TITLE, "body": limits.BODY}  # the editor's limits


# --- export -------------------------------------------------------------------


def add_pages(catalog: Catalog, pages: list[Page], lang: str, everything: bool) -> None:
    for page in pages:
        [status] = statuses(page, [lang])
        if not wanted(status.status, everything):
            continue
        source = latest_revision(page)
        translation = status.translation
        comments = source_comments(
            source.number, page.source_lang, translation.source_revision.number if translation else None
        )
        # Fuzzy, not "previous msgid" (#|): Babel writes multi-line previous
        # msgids that GNU msgfmt rejects, and page bodies are multi-line.
        flags = ["fuzzy"] if status.status is TranslationStatus.OUTDATED else []
        if status.status is TranslationStatus.OUTDATED:
            _add_notes(catalog, page, lang, translation.source_revision.number)
        for name in FIELDS:
            catalog.add(
                getattr(source, name),
                getattr(translation, name) if translation is not None else "",
                context=f"{page.slug}|{name}",
                auto_comments=comments,
                flags=flags,
            )


def _add_notes(catalog: Catalog, page: Page, lang: str, made_from: int) -> None:
    """The change notes an outdated translation lacks, first: short, and
    shown to residents as soon as they are imported."""
    for revision in notes_since(page, made_from):
        done = next((n for n in revision.note_translations if n.lang == lang), None)
        catalog.add(
            revision.change_note,
            done.text if done is not None else "",
            context=f"{page.slug}|{NOTE}|{revision.number}",
            auto_comments=[
                f"What changed in revision {revision.number} of the source text, in one line "
                f"(at most {limits.CHANGE_NOTE} characters). Residents see it on the outdated page.",
            ],
        )


# --- import -------------------------------------------------------------------


def import_pages(
    session: Session, messages: list[Message], lang: str, *, pages: list[Page], reviewed: bool,
    user_id: int | None, report: ImportReport,
) -> None:
    """Each page on its own: title and body are written together or not at
    all, and a problem with one page never stops the others."""
    allowed = {page.slug: page for page in pages}
    by_slug: dict[str, dict[str, Message]] = {}
    for message in messages:
        context = message.context or ""
        if _is_note(context):
            _import_note(session, allowed, message, lang, reviewed, user_id, report)
            continue
        slug, _bar, name = context.rpartition("|")
        if not slug or name not in FIELDS or isinstance(message.id, (list, tuple)):
            report.skipped.append((
                context or shorten(message.id),
                _("Not an entry Veiviser made (its msgctxt should be page|title or page|body)."),
            ))
            continue
        by_slug.setdefault(slug, {})[name] = message

    for slug, entries in by_slug.items():
        try:
            page = allowed.get(slug) or _not_allowed(session, slug)
            revision, texts = _check_page(page, entries, lang, reviewed)
        except Skip as skip:
            report.skipped.append((slug, skip.reason))
            continue
        # Title and body in one call: a page is written whole or not at all.
        save_translation(
            page, lang, title=texts["title"], body=texts["body"], draft=not reviewed,
            source_revision=revision, updated_by_id=user_id,
        )
        report.imported.append((slug, revision.number))


def _is_note(context: str) -> bool:
    slug, _bar, rest = context.partition("|")
    kind, _bar, number = rest.partition("|")
    return bool(slug) and kind == NOTE and number.isdigit()


def _import_note(session, allowed, message: Message, lang, reviewed, user_id, report: ImportReport) -> None:
    """One change note, on its own: a problem with it is reported and skipped."""
    slug, _note, number = message.context.split("|")
    try:
        page = allowed.get(slug) or _not_allowed(session, slug)
        revision = next((r for r in page.revisions if r.number == int(number)), None)
        if lang == page.source_lang:
            raise Skip(_("This page is written in this language."))
        if revision is None or not revision.change_note:
            raise Skip(_("This page has no change note for revision %(number)s.", number=number))
        if isinstance(message.id, (list, tuple)) or words(message.id) != words(revision.change_note):
            raise Skip(_("The source text in the file is not the text of revision %(number)s.", number=number))
        text = " ".join(clean(message.string).split())
        if not text:
            raise Skip(_("Not translated yet: the title or the text is empty."))
        if message.fuzzy:
            raise Skip(_("Marked fuzzy: the translator has not finished checking it."))
        if len(text) > limits.CHANGE_NOTE:
            raise Skip(_("A field is too long (at most %(count)s characters).", count=limits.CHANGE_NOTE))
        existing = next((n for n in revision.note_translations if n.lang == lang), None)
        if existing is not None and existing.text == text and (not reviewed or not existing.draft):
            raise Skip(_("Nothing changed."))
    except Skip as skip:
        report.skipped.append((message.context, skip.reason))
        return
    save_note_translation(revision, lang, text, draft=not reviewed, updated_by_id=user_id)
    report.notes.append((slug, revision.number))


def _not_allowed(session: Session, slug: str):
    if session.scalar(select(Page.id).where(Page.slug == slug)) is not None:
        raise Skip(_("You cannot edit this page."))
    raise Skip(_("There is no page with this address."))


def _check_page(page: Page, entries: dict[str, Message], lang: str, reviewed: bool):
    """The revision the page was translated from and its cleaned title and
    body, or ``Skip`` with the reason it cannot be saved."""
    if lang == page.source_lang:
        raise Skip(_("This page is written in this language."))
    if "title" not in entries:
        raise Skip(_("The file has no title for this page."))
    if "body" not in entries:
        raise Skip(_("The file has no text for this page."))
    numbers = {revision_number(entries[name]) for name in FIELDS}
    if None in numbers:
        raise Skip(_(
            "The file does not say which source revision this page was translated from "
            "(the source-revision comment is missing)."
        ))
    if len(numbers) > 1:
        raise Skip(_("Title and text were translated from different source revisions."))
    [number] = numbers
    revision = next((r for r in page.revisions if r.number == number), None)
    if revision is None:
        raise Skip(_("This page has no revision %(number)s.", number=number))
    if any(words(entries[name].id) != words(getattr(revision, name)) for name in FIELDS):
        # The comment was changed, or entries were mixed from two files: the
        # revision recorded would be wrong, and with it the status.
        raise Skip(_("The source text in the file is not the text of revision %(number)s.", number=number))

    texts = {name: clean(entries[name].string) for name in FIELDS}
    texts["title"] = " ".join(texts["title"].split())  # a title is one line
    if not texts["title"] or not texts["body"]:
        raise Skip(_("Not translated yet: the title or the text is empty."))
    if any(entries[name].fuzzy for name in FIELDS):
        raise Skip(_("Marked fuzzy: the translator has not finished checking it."))
    for name in FIELDS:
        if len(texts[name]) > MAX_LENGTH[name]:
            raise Skip(_("A field is too long (at most %(count)s characters).", count=MAX_LENGTH[name]))

    existing = next((t for t in page.translations if t.lang == lang), None)
    if existing is not None:
        if existing.source_revision.number > number:
            raise Skip(_(
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
            raise Skip(_("Nothing changed."))
    return revision, texts

"""Writing content: the only place that creates revisions and translations, so
that ``Page.revision_number`` and ``Page.major_revision_number`` stay exact."""
from __future__ import annotations

from sqlalchemy.orm import Session

from models import Centre, ChangeNoteTranslation, Page, PageRevision, PageTranslation, Topic
from webapp import clock


class ContentError(ValueError):
    """A content change that would break the model's rules."""


def create_page(
    session: Session,
    *,
    slug: str,
    topic: Topic,
    source_lang: str,
    title: str,
    body: str,
    centre: Centre | None = None,
    **attributes,
) -> Page:
    page = Page(
        slug=slug,
        topic=topic,
        source_lang=source_lang,
        centre=centre,
        revision_number=0,
        major_revision_number=0,
        **attributes,
    )
    session.add(page)
    revise_source(page, title=title, body=body, minor=False)
    session.flush()
    return page


def revise_source(
    page: Page, *, title: str, body: str, minor: bool, author_id: int | None = None, change_note: str = ""
) -> PageRevision:
    """Store a new revision of the source text.

    A minor revision (typo, formatting) leaves translations current; any other
    revision makes every translation made from an earlier revision outdated,
    and says what changed in ``change_note`` (the editor asks for it, see
    ``needs_change_note``; a minor revision has none).
    """
    if minor and page.revision_number == 0:
        raise ContentError("the first revision of a page cannot be minor")
    revision = PageRevision(
        number=page.revision_number + 1, title=title, body=body, minor=minor, author_id=author_id,
        change_note="" if minor else change_note,
        created_at=clock.now(),  # the date residents read in "updated on ...": our clock, not the database's
    )
    page.revisions.append(revision)
    page.revision_number = revision.number
    if not minor:
        page.major_revision_number = revision.number
    return revision


def needs_change_note(page: Page, *, minor: bool) -> bool:
    """An edit that outdates translations must say what changed: residents
    reading an outdated translation are told it in their language. The first
    text of a page changes nothing anyone has read."""
    return not minor and page.revision_number > 0


def notes_since(page: Page, made_from: int) -> list[PageRevision]:
    """The revisions after ``made_from`` that carry a change note, newest first:
    what a translation made from ``made_from`` does not say yet."""
    return [r for r in reversed(page.revisions) if r.number > made_from and not r.minor and r.change_note]


def save_note_translation(
    revision: PageRevision, lang: str, text: str, *, draft: bool = True, updated_by_id: int | None = None
) -> ChangeNoteTranslation:
    """Create or replace ``revision``'s change note in ``lang``."""
    if lang == revision.page.source_lang:
        raise ContentError("the source language's note is the revision's own")
    if not revision.change_note:
        raise ContentError(f"revision {revision.number} of {revision.page.slug} has no change note")
    note = next((n for n in revision.note_translations if n.lang == lang), None)
    if note is None:
        note = ChangeNoteTranslation(lang=lang, page_id=revision.page.id, text=text)
        revision.note_translations.append(note)
    note.text = text
    note.draft = draft
    note.updated_by_id = updated_by_id
    return note


def latest_revision(page: Page) -> PageRevision:
    return next(r for r in page.revisions if r.number == page.revision_number)


def save_translation(
    page: Page,
    lang: str,
    *,
    title: str,
    body: str,
    draft: bool = True,
    source_revision: PageRevision | None = None,
    updated_by_id: int | None = None,
) -> PageTranslation:
    """Create or replace the translation of ``page`` into ``lang``.

    ``source_revision`` is the revision the translator worked from; it defaults
    to the newest one (a translation saved now was made from what is there now).
    """
    if lang == page.source_lang:
        raise ContentError("the source language is edited through revise_source")
    source_revision = source_revision or latest_revision(page)
    if source_revision.page is not page:
        raise ContentError("a translation must be made from a revision of the same page")
    translation = next((t for t in page.translations if t.lang == lang), None)
    if translation is None:
        translation = PageTranslation(lang=lang, title=title, body=body)
        page.translations.append(translation)
    translation.title = title
    translation.body = body
    translation.draft = draft
    translation.source_revision = source_revision
    translation.updated_by_id = updated_by_id
    return translation


def revert(page: Page, number: int, *, author_id: int | None = None) -> PageRevision:
    """Make an earlier revision's text the newest one (history is never rewritten)."""
    old = next((r for r in page.revisions if r.number == number), None)
    if old is None:
        raise ContentError(f"page {page.slug} has no revision {number}")
    return revise_source(page, title=old.title, body=old.body, minor=False, author_id=author_id)

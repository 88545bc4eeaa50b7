"""Writing content: the only place that creates revisions and translations, so
that ``Page.revision_number`` and ``Page.major_revision_number`` stay exact."""
from __future__ import annotations

from sqlalchemy.orm import Session

from models import Centre, Page, PageRevision, PageTranslation, Topic


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
    page: Page, *, title: str, body: str, minor: bool, author_id: int | None = None
) -> PageRevision:
    """Store a new revision of the source text.

    A minor revision (typo, formatting) leaves translations current; any other
    revision makes every translation made from an earlier revision outdated.
    """
    if minor and page.revision_number == 0:
        raise ContentError("the first revision of a page cannot be minor")
    revision = PageRevision(
        number=page.revision_number + 1, title=title, body=body, minor=minor, author_id=author_id
    )
    page.revisions.append(revision)
    page.revision_number = revision.number
    if not minor:
        page.major_revision_number = revision.number
    return revision


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

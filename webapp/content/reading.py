"""Reading content for residents: which pages a centre shows, and each page in
the best language a resident can read, with its translation status."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from markupsafe import Markup
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from models import Centre, ChangeNoteTranslation, Page, PageRevision, PageTranslation, Topic, TranslationStatus
from models.content import translation_status
from models.translatable import first_available
from webapp import clock
from webapp.content.render import render_markdown, split_summary
from webapp.l10n.languages import content_fallbacks

MAX_CHANGES = 3  # change notes shown on an outdated page, newest first


@dataclass(frozen=True)
class ChangeLine:
    """What a source revision changed, for readers of an outdated translation."""

    on: dt.date  # the day the source changed, in centre time
    text: str
    lang: str  # the reader's language, or the first of their chain the note is in
    draft: bool  # a translation of the note not yet checked by a translator


@dataclass(frozen=True)
class LocalizedPage:
    page: Page
    requested_lang: str
    shown_lang: str
    status: TranslationStatus  # of the requested language
    draft: bool  # the shown text is a translation not yet checked by a translator
    title: str
    summary: str
    body_markdown: str
    changes: tuple[ChangeLine, ...] = ()  # what changed since an outdated translation was made

    @property
    def body_html(self) -> Markup:
        return render_markdown(self.body_markdown)

    @property
    def is_fallback(self) -> bool:
        return self.shown_lang != self.requested_lang


def _visible_to(centre: Centre):
    """The one rule for which pages a centre's residents see: published, and
    national or the centre's own."""
    return (Page.published.is_(True)) & or_(Page.centre_id.is_(None), Page.centre_id == centre.id)


def topics_for(session: Session, centre: Centre) -> list[Topic]:
    """Topics that have at least one page this centre's residents can read."""
    has_pages = select(Page.id).where(Page.topic_id == Topic.id, _visible_to(centre)).exists()
    query = (
        select(Topic)
        .where(has_pages)
        .order_by(Topic.position, Topic.slug)
        .options(selectinload(Topic.translations))
    )
    return list(session.scalars(query))


def find_topic(session: Session, slug: str) -> Topic | None:
    return session.scalar(
        select(Topic).where(Topic.slug == slug).options(selectinload(Topic.translations))
    )


def pages_in(session: Session, topic: Topic, centre: Centre) -> list[Page]:
    query = (
        select(Page)
        .where(Page.topic_id == topic.id, _visible_to(centre))
        .order_by(Page.position, Page.slug)
    )
    return list(session.scalars(query))


def all_pages(session: Session, centre: Centre) -> list[Page]:
    """Every page this centre's residents can read, in topic order."""
    query = (
        select(Page)
        .join(Topic, Page.topic_id == Topic.id)
        .where(_visible_to(centre))
        .order_by(Topic.position, Topic.slug, Page.position, Page.slug)
        .options(selectinload(Page.media))
    )
    return list(session.scalars(query))


def find_page(session: Session, slug: str, centre: Centre) -> Page | None:
    return session.scalar(select(Page).where(Page.slug == slug, _visible_to(centre)))


def visible_page_ids(session: Session, slugs: set[str], centre: Centre) -> dict[str, int]:
    """The ids of the pages with these slugs that the centre's residents can read, by slug."""
    if not slugs:
        return {}
    return dict(session.execute(select(Page.slug, Page.id).where(Page.slug.in_(slugs), _visible_to(centre))).all())


def languages_of(session: Session, page: Page) -> list[str]:
    """Every language ``page`` can be read in: its source and its translations."""
    translated = session.scalars(select(PageTranslation.lang).where(PageTranslation.page_id == page.id))
    return [page.source_lang, *sorted(translated)]


def localize(session: Session, pages: list[Page], lang: str, also: tuple[str, ...] = ()) -> list[LocalizedPage]:
    """Each page in the first language of its fallback chain that has text;
    ``also`` is the reader's own order of other languages (see
    webapp.l10n.fallbacks), the default order without it.

    Two queries whatever the number of pages: the newest source revisions, and
    the translations in the languages of the chains.
    """
    if not pages:
        return []
    ids = [p.id for p in pages]
    chains = {p.id: content_fallbacks(lang, p.source_lang, also) for p in pages}
    wanted_langs = {code for chain in chains.values() for code in chain}

    sources = {
        rev.page_id: rev
        for rev in session.scalars(
            select(PageRevision)
            .join(Page, PageRevision.page_id == Page.id)
            .where(Page.id.in_(ids), PageRevision.number == Page.revision_number)
        )
    }
    texts: dict[int, dict[str, _Text]] = {}
    for page in pages:
        source = sources[page.id]
        texts[page.id] = {page.source_lang: _Text(page.source_lang, source.title, source.body, False, source.number)}
    for translation, made_from in session.execute(
        select(PageTranslation, PageRevision.number)
        .join(PageRevision, PageTranslation.source_revision_id == PageRevision.id)
        .where(PageTranslation.page_id.in_(ids), PageTranslation.lang.in_(wanted_langs))
    ):
        texts[translation.page_id][translation.lang] = _Text(
            translation.lang, translation.title, translation.body, translation.draft, made_from
        )
    localized = [_localize_one(p, lang, chains[p.id], texts[p.id]) for p in pages]
    made_from = {lp.page.id: texts[lp.page.id][lang].made_from for lp in localized
                 if lp.status is TranslationStatus.OUTDATED}
    if not made_from:
        return localized
    sources = {p.id: p.source_lang for p in pages}
    changes = _changes_since(session, made_from, chains, sources)
    return [replace(lp, changes=changes.get(lp.page.id, ())) for lp in localized]


def _changes_since(
    session: Session, made_from: dict[int, int], chains: dict[int, list[str]], sources: dict[int, str]
) -> dict[int, tuple[ChangeLine, ...]]:
    """For each page (id → the revision its outdated translation was made
    from), the notes of the newer revisions, each in the first language of
    the reader's chain that has it (the source language ends every chain)."""
    revisions = [
        rev for rev in session.scalars(
            select(PageRevision)
            .where(PageRevision.page_id.in_(made_from), PageRevision.minor.is_(False), PageRevision.change_note != "")
            .order_by(PageRevision.number.desc())
        )
        if rev.number > made_from[rev.page_id]
    ]
    wanted = {code for page_id in made_from for code in chains[page_id]}
    notes: dict[int, dict[str, ChangeNoteTranslation]] = {}
    for note in session.scalars(
        select(ChangeNoteTranslation).where(
            ChangeNoteTranslation.revision_id.in_([r.id for r in revisions]), ChangeNoteTranslation.lang.in_(wanted)
        )
    ):
        notes.setdefault(note.revision_id, {})[note.lang] = note
    lines: dict[int, list[ChangeLine]] = {}
    for rev in revisions:
        page_lines = lines.setdefault(rev.page_id, [])
        if len(page_lines) == MAX_CHANGES:
            continue
        by_lang = {lang: (note.text, note.draft) for lang, note in notes.get(rev.id, {}).items()}
        by_lang[sources[rev.page_id]] = (rev.change_note, False)
        lang = next(code for code in chains[rev.page_id] if code in by_lang)
        created = rev.created_at if rev.created_at.tzinfo else rev.created_at.replace(tzinfo=dt.UTC)
        text, draft = by_lang[lang]
        page_lines.append(ChangeLine(clock.centre_today(created), text, lang, draft))
    return {page_id: tuple(page_lines) for page_id, page_lines in lines.items()}


@dataclass(frozen=True)
class _Text:
    lang: str
    title: str
    body: str
    draft: bool
    made_from: int  # the source revision it was made from (the source: its own number)


def _localize_one(page: Page, lang: str, chain: list[str], texts: dict[str, _Text]) -> LocalizedPage:
    own = texts.get(lang)
    status = translation_status(page, lang, own.made_from if own else None)
    shown = first_available(texts, chain)  # the source language ends every chain
    summary, rest = split_summary(shown.body)
    return LocalizedPage(page, lang, shown.lang, status, shown.draft, shown.title, summary, rest)

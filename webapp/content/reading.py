"""Reading content for residents: which pages a centre shows, and each page in
the best language a resident can read, with its translation status."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from models import Centre, Page, PageRevision, PageTranslation, Topic, TranslationStatus
from models.content import translation_status
from models.translatable import first_available
from webapp.content.render import render_markdown, split_summary
from webapp.l10n.languages import content_fallbacks


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


def localize(session: Session, pages: list[Page], lang: str) -> list[LocalizedPage]:
    """Each page in the first language of its fallback chain that has text.

    Two queries whatever the number of pages: the newest source revisions, and
    the translations in the languages of the chains.
    """
    if not pages:
        return []
    ids = [p.id for p in pages]
    chains = {p.id: content_fallbacks(lang, p.source_lang) for p in pages}
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
    return [_localize_one(p, lang, chains[p.id], texts[p.id]) for p in pages]


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

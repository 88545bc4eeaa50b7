"""A bigger site for benchmarks: the demo's pages cloned ``factor`` times
(×42 is 1,008 pages), each copy with the same source text and the same
translations in every language, into the same topics."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Page
from webapp.content.editing import create_page, save_translation


def grow_corpus(session: Session, factor: int) -> int:
    """Add ``factor - 1`` copies of every published page; returns the number of pages then."""
    query = select(Page).where(Page.published.is_(True))
    originals = list(session.scalars(query.options(selectinload(Page.translations), selectinload(Page.revisions))))
    for copy in range(2, factor + 1):
        for original in originals:
            source = max(original.revisions, key=lambda revision: revision.number)
            page = create_page(session, slug=f"{original.slug}-{copy}", topic=original.topic,
                               source_lang=original.source_lang, title=f"{source.title} {copy}", body=source.body,
                               centre=original.centre, published=True, position=original.position)
            for translation in original.translations:
                save_translation(page, translation.lang, title=f"{translation.title} {copy}", body=translation.body,
                                 draft=translation.draft)
        session.flush()
    return len(originals) * factor

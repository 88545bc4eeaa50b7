"""Every demo page is there in every one of the 16 languages: the source
(Norwegian) or a translation of it, draft or checked, never a fallback."""
from __future__ import annotations

from sqlalchemy import select

from models import Centre, TranslationStatus
from webapp.content import reading
from webapp.demo.seed import CONTENT, DEMO_CENTRE
from webapp.l10n.languages import LANGUAGES

DEMO_PAGES = 24


def test_the_demo_content_holds_16_times_24_texts():
    folders = sorted(p for p in (CONTENT / "pages").iterdir() if p.is_dir())
    assert len(folders) == DEMO_PAGES
    texts = {(folder.name, path.stem) for folder in folders for path in folder.glob("*.md")}
    assert len(LANGUAGES) == 16
    assert texts == {(folder.name, code) for folder in folders for code in LANGUAGES}


def test_a_resident_reads_every_page_in_their_own_language_in_all_16(db_session):
    centre = db_session.scalar(select(Centre).where(Centre.slug == DEMO_CENTRE))
    pages = reading.all_pages(db_session, centre)
    assert len(pages) == DEMO_PAGES
    read = {}
    for lang in LANGUAGES:
        for page in reading.localize(db_session, pages, lang):
            assert page.shown_lang == lang, (page.page.slug, lang)
            assert page.status in (TranslationStatus.SOURCE, TranslationStatus.CURRENT, TranslationStatus.OUTDATED)
            # Honest labels: everything but the source is a draft until a translator checks it.
            assert page.draft == (lang != page.page.source_lang), (page.page.slug, lang)
            read[page.page.slug, lang] = page.title
    assert len(read) == 16 * 24 == 384

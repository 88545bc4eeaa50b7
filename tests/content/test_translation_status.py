"""Translation status from recorded source revisions — the cases where
comparing timestamps (Integreat's approach) gets it wrong."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Centre, Page, Topic, TranslationStatus
from webapp.content import reading
from webapp.content.editing import ContentError, create_page, revise_source, save_translation


@pytest.fixture()
def page(db_session):
    topic = db_session.scalar(select(Topic).where(Topic.slug == "health"))
    page = create_page(
        db_session,
        slug="status-test",
        topic=topic,
        source_lang="nb",
        title="Fastlege",
        body="Du har rett til fastlege.\n",
        published=True,
    )
    save_translation(page, "ar", title="طبيب عام", body="لديك الحق في طبيب عام.\n")
    db_session.flush()
    return page


def status(db_session, page, lang):
    centre = db_session.scalar(select(Centre).where(Centre.slug == "demo"))
    assert reading.find_page(db_session, page.slug, centre) is not None
    [localized] = reading.localize(db_session, [page], lang)
    return localized.status


def test_new_translation_of_the_newest_revision_is_current(db_session, page):
    assert status(db_session, page, "ar") is TranslationStatus.CURRENT
    assert status(db_session, page, "ti") is TranslationStatus.MISSING
    assert status(db_session, page, "nb") is TranslationStatus.SOURCE


def test_minor_edit_does_not_outdate_translations(db_session, page):
    revise_source(page, title="Fastlege", body="Du har rett til en fastlege.\n", minor=True)
    db_session.flush()
    assert status(db_session, page, "ar") is TranslationStatus.CURRENT


def test_real_edit_outdates_translations(db_session, page):
    revise_source(page, title="Fastlege", body="Du har rett til fastlege. Ta med D-nummer.\n", minor=False)
    db_session.flush()
    assert status(db_session, page, "ar") is TranslationStatus.OUTDATED


def test_translation_saved_after_the_edit_is_current_again(db_session, page):
    revise_source(page, title="Fastlege", body="Ny tekst.\n", minor=False)
    save_translation(page, "ar", title="طبيب عام", body="نص جديد.\n")
    db_session.flush()
    assert status(db_session, page, "ar") is TranslationStatus.CURRENT


def test_new_translation_made_from_an_old_revision_is_outdated(db_session, page):
    # A translator worked on revision 1 while the nurse published revision 2;
    # the translation arrives last, but it is still outdated.
    old = page.revisions[0]
    revise_source(page, title="Fastlege", body="Ny tekst.\n", minor=False)
    db_session.flush()
    save_translation(page, "ti", title="ሓኪም", body="ጽሑፍ።\n", source_revision=old)
    db_session.flush()
    assert status(db_session, page, "ti") is TranslationStatus.OUTDATED
    assert page.translations[-1].status is TranslationStatus.OUTDATED


def test_minor_edit_after_a_real_edit_keeps_older_translations_outdated(db_session, page):
    revise_source(page, title="Fastlege", body="Ny tekst.\n", minor=False)
    revise_source(page, title="Fastlege", body="Ny tekst!\n", minor=True)
    db_session.flush()
    assert status(db_session, page, "ar") is TranslationStatus.OUTDATED


def test_outdated_translation_is_shown_with_a_banner_and_a_link_to_the_source(client, db_session, page):
    revise_source(page, title="Fastlege", body="Ny tekst.\n", minor=False)
    db_session.flush()
    html = client.get("/ar/demo/pages/status-test").get_data(as_text=True)
    assert "لديك الحق" in html  # the Arabic text is still shown
    assert 'href="/nb/demo/pages/status-test"' in html


def test_rules_that_keep_revision_numbers_exact(db_session, page):
    with pytest.raises(ContentError):
        save_translation(page, "nb", title="x", body="x")
    other = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    with pytest.raises(ContentError):
        save_translation(page, "so", title="x", body="x", source_revision=other.revisions[0])
    assert [r.number for r in page.revisions] == [1]

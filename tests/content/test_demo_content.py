"""The demo content: real pages in the required languages, loaded idempotently."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Page, PageRevision, PageTranslation
from webapp.demo import seed
from webapp.demo.seed import CONTENT, read_page_text, seed_demo

DRAFT_LANGUAGES = {"en", "ar", "ti", "uk", "prs", "so", "fa"}
PAGE_FOLDERS = sorted(p for p in (CONTENT / "pages").iterdir() if p.is_dir())


def test_at_least_twenty_published_pages(db_session):
    assert db_session.scalar(select(func.count(Page.id)).where(Page.published)) >= 20


@pytest.mark.parametrize("folder", PAGE_FOLDERS, ids=lambda p: p.name)
def test_every_page_has_source_and_draft_translations(folder: Path):
    languages = {p.stem for p in folder.glob("*.md")}
    assert {"nb"} | DRAFT_LANGUAGES <= languages
    for path in folder.glob("*.md"):
        text = read_page_text(path)
        assert text.title and len(text.body) > 200, path


def test_translations_are_marked_as_drafts_and_made_from_the_current_revision(db_session):
    translations = db_session.scalars(select(PageTranslation)).all()
    assert translations and all(t.draft for t in translations)
    assert all(t.source_revision.number == t.page.revision_number for t in translations)


def test_pages_say_when_facts_were_checked_and_where_to_check_them(db_session):
    national = db_session.scalars(select(Page).where(Page.centre_id.is_(None))).all()
    for page in national:
        assert page.facts_checked_on is not None, page.slug
        assert page.check_url == "" or page.check_url.startswith("https://"), page.slug
    # Amounts and rules (fees, frikort, allowances, appeal deadlines) point to an official source.
    for slug in ["patient-fees", "frikort", "money-and-allowances", "travel-costs", "after-refusal"]:
        assert next(p for p in national if p.slug == slug).check_url, slug


def test_seeding_twice_changes_nothing(db_session):
    assert seed_demo(db_session) == dict.fromkeys(
        ["centres", "topics", "pages", "revisions", "translations"], 0
    )


def test_changed_source_file_becomes_a_new_revision(db_session, tmp_path, monkeypatch):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "topics.toml").write_text((CONTENT / "topics.toml").read_text(encoding="utf-8"), encoding="utf-8")
    folder = content / "pages" / "frikort"
    folder.mkdir()
    for path in (CONTENT / "pages" / "frikort").iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "nb.md").write_text("# Frikort\n\nNy forklaring av frikort.\n\nMer tekst her.\n", encoding="utf-8")
    monkeypatch.setattr(seed, "CONTENT", content)

    changes = seed_demo(db_session)
    assert changes["revisions"] == 1 and changes["translations"] == 0
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    assert page.revision_number == 2
    assert db_session.scalar(select(func.count(PageRevision.id)).where(PageRevision.page_id == page.id)) == 2

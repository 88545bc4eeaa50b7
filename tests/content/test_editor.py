"""The nurse's editor: translation status through real form posts."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import AuditEntry, Page, TranslationStatus
from tests.staff_helpers import post


@pytest.fixture()
def nurse(staff_client):
    return staff_client("nurse")


@pytest.fixture()
def frikort(db_session):
    return db_session.scalar(select(Page).where(Page.slug == "frikort"))


def status(db_session, page, lang):
    db_session.expire_all()
    return next(t for t in page.translations if t.lang == lang).status


def edit_source(nurse, page, body, minor=False):
    data = {"title": page.revisions[-1].title, "body": body}
    if minor:
        data["minor"] = "1"
    else:
        data["change_note"] = "Ny tekst om frikort."
    return post(nurse, f"/staff/pages/{page.id}/source", data)


def test_editor_shows_source_and_translation_side_by_side(nurse, frikort):
    html = nurse.get(f"/staff/pages/{frikort.id}?lang=ar").get_data(as_text=True)
    assert 'id="source-body"' in html and 'id="tr-body"' in html
    assert 'dir="rtl"' in html  # the Arabic side is written right to left
    assert re.search(r'name="source_revision" value="1"', html)


def test_minor_edit_keeps_translations_current(nurse, frikort, db_session):
    body = frikort.revisions[-1].body.replace("frikort", "frikortet", 1)
    assert edit_source(nurse, frikort, body, minor=True).status_code == 302
    assert status(db_session, frikort, "ar") is TranslationStatus.CURRENT


def test_real_edit_outdates_and_a_new_translation_makes_it_current(nurse, frikort, db_session):
    edit_source(nurse, frikort, frikort.revisions[-1].body + "\nNy setning.\n")
    assert status(db_session, frikort, "ar") is TranslationStatus.OUTDATED
    html = nurse.get(f"/staff/pages/{frikort.id}?lang=ar").get_data(as_text=True)
    assert "status-outdated" in html

    post(nurse, f"/staff/pages/{frikort.id}/translations/ar",
         {"title": "بطاقة الإعفاء", "body": "نص جديد.\n", "source_revision": "2"})
    assert status(db_session, frikort, "ar") is TranslationStatus.CURRENT


def test_translation_started_before_a_source_edit_is_saved_as_outdated(nurse, frikort, db_session):
    # The translator opened the editor at revision 1 ...
    html = nurse.get(f"/staff/pages/{frikort.id}?lang=ti").get_data(as_text=True)
    made_from = re.search(r'name="source_revision" value="(\d+)"', html).group(1)
    # ... the nurse then changed the source ...
    edit_source(nurse, frikort, frikort.revisions[-1].body + "\nEndret.\n")
    # ... and the translation saved afterwards is honestly outdated.
    post(nurse, f"/staff/pages/{frikort.id}/translations/ti",
         {"title": "ፍሪኮርት", "body": "ጽሑፍ።\n", "source_revision": made_from})
    assert status(db_session, frikort, "ti") is TranslationStatus.OUTDATED


def test_bad_input_gets_a_clear_message_and_changes_nothing(nurse, frikort, db_session):
    before = frikort.revision_number
    response = post(nurse, f"/staff/pages/{frikort.id}/source", {"title": "", "body": "x"})
    assert response.status_code == 422
    assert "Please fill in every required field." in response.get_data(as_text=True)
    response = post(nurse, f"/staff/pages/{frikort.id}/source", {"title": "x", "body": "y" * 60_000})
    assert response.status_code == 422
    response = post(nurse, f"/staff/pages/{frikort.id}/translations/ar",
                    {"title": "x", "body": "y", "source_revision": "99"})
    assert response.status_code == 422
    assert post(nurse, f"/staff/pages/{frikort.id}/translations/xx", {"title": "x", "body": "y"}).status_code == 404
    db_session.expire_all()
    assert frikort.revision_number == before


def test_publish_review_history_and_revert(nurse, frikort, db_session, client):
    post(nurse, f"/staff/pages/{frikort.id}/publish", {"published": "0"})
    assert client.get("/en/demo/pages/frikort").status_code == 404
    post(nurse, f"/staff/pages/{frikort.id}/publish", {"published": "1"})
    assert client.get("/en/demo/pages/frikort").status_code == 200

    post(nurse, f"/staff/pages/{frikort.id}/review")
    html = client.get("/nb/demo/pages/frikort").get_data(as_text=True)
    assert "Test nurse" in html  # residents see who reviewed it

    original = frikort.revisions[0].body
    edit_source(nurse, frikort, "Helt ny tekst.\n")
    history = nurse.get(f"/staff/pages/{frikort.id}/history").get_data(as_text=True)
    assert "<del>" in history and "<ins>" in history  # the word-level diff (content.diff)
    post(nurse, f"/staff/pages/{frikort.id}/revert/1")
    db_session.expire_all()
    assert frikort.revision_number == 3 and frikort.revisions[-1].body == original
    actions = db_session.scalars(select(AuditEntry.action)).all()
    assert {"page.publish", "page.unpublish", "page.review", "page.source", "page.revert"} <= set(actions)


def test_new_page_starts_unpublished_with_its_first_revision(nurse, db_session, client):
    topic_id = db_session.scalar(select(Page.topic_id).where(Page.slug == "frikort"))
    response = post(nurse, "/staff/pages/new", {
        "slug": "bus-tickets", "topic": str(topic_id), "source_lang": "nb", "centre": "",
        "title": "Bussbillett", "body": "Slik kjøper du billett.\n",
    })
    assert response.status_code == 302
    page = db_session.scalar(select(Page).where(Page.slug == "bus-tickets"))
    assert page.revision_number == 1 and not page.published
    assert client.get("/nb/demo/pages/bus-tickets").status_code == 404
    again = post(nurse, "/staff/pages/new", {
        "slug": "bus-tickets", "topic": str(topic_id), "source_lang": "nb", "centre": "",
        "title": "x", "body": "y",
    })
    assert again.status_code == 422


def test_preview_shows_an_unpublished_page_as_a_phone_would_in_rtl(nurse, frikort, db_session):
    frikort.published = False
    db_session.flush()
    frame = nurse.get(f"/staff/pages/{frikort.id}/preview/ar/frame")
    assert frame.status_code == 200
    html = frame.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "frame-ancestors 'self'" in frame.headers["Content-Security-Policy"]
    assert '<iframe class="phone-frame"' in nurse.get(f"/staff/pages/{frikort.id}/preview/ar").get_data(as_text=True)


def test_dashboard_lists_outdated_translations_and_pages_due_for_review(nurse, frikort, db_session):
    edit_source(nurse, frikort, frikort.revisions[-1].body + "\nMer.\n")
    html = nurse.get("/staff/").get_data(as_text=True)
    assert f"/staff/pages/{frikort.id}?lang=ar" in html  # outdated Arabic
    assert "Translation coverage" in html
    assert "draft, not yet reviewed by a qualified translator" in html


def test_dashboard_lists_a_page_whose_review_is_overdue(nurse, frikort, db_session):
    import datetime as dt

    frikort.reviewed_on = dt.date.today() - dt.timedelta(days=400)
    db_session.flush()
    html = nurse.get("/staff/").get_data(as_text=True)
    due = html[html.index("Pages due for review"):html.index("Outdated translations")]
    assert f"/staff/pages/{frikort.id}" in due
    assert "/staff/pages/" not in due.replace(f"/staff/pages/{frikort.id}", "")  # the others are not due


def test_topics_order_icon_and_titles_are_edited(nurse, db_session, client):
    from models import Topic

    money = db_session.scalar(select(Topic).where(Topic.slug == "money"))
    form = {f"title_{t.lang}": t.title for t in money.translations}
    form.update({"icon": "coins", "position": "1", "title_en": "Money, fees and the frikort"})
    assert post(nurse, f"/staff/topics/{money.id}", form).status_code == 302
    html = client.get("/en/demo/").get_data(as_text=True)
    assert html.index("Money, fees and the frikort") < html.index("Health")
    bad = post(nurse, f"/staff/topics/{money.id}", {**form, "icon": "skull"})
    assert bad.status_code == 422

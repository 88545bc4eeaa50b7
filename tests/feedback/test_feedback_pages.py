"""The feedback form and "You said, we did" as residents get them from the
server, and how staff publish an answer with its translations."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Feedback, FeedbackResponse, FeedbackResponseTranslation, Meeting
from tests.staff_helpers import csrf_token
from webapp.l10n import resident_text
from webapp.l10n.languages import LANGUAGES


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_feedback_form_in_every_language_says_it_is_anonymous_and_where_help_is(client, lang):
    html = client.get(f"/{lang}/demo/feedback").get_data(as_text=True)
    assert 'href="tel:116123"' in html and 'href="tel:113"' in html
    assert html.count('type="radio" name="rating"') == 5
    assert 'method="post"' in html and "data-feedback-needs-script" not in html  # it posts without a script
    assert 'name="comment"' in html and 'dir="auto"' in html


def test_the_form_names_the_page_and_keeps_the_face_chosen_on_it(client):
    html = client.get("/en/demo/feedback?page=frikort&rating=4").get_data(as_text=True)
    assert "Was this page useful?" in html
    assert 'value="4" checked' in html
    title = client.get("/en/demo/pages/frikort").get_data(as_text=True)
    assert 'href="/en/demo/feedback?page=frikort&amp;rating=1"' in title
    assert title.count("/en/demo/feedback?page=frikort&amp;rating=") == 5
    unknown = client.get("/en/demo/feedback?page=no-such-page&rating=9").get_data(as_text=True)
    assert "Tell us what you think" in unknown and "checked>" not in unknown  # no face chosen


def test_without_javascript_the_form_posts_and_the_feedback_is_stored_once(client, db_session):
    response = client.post("/ar/demo/feedback", data={"page": "frikort", "rating": "4", "comment": " واضحة "})
    assert response.status_code == 303
    assert response.headers["Location"] == "/ar/demo/feedback?page=frikort&sent=1"  # a reload sends nothing
    (row,) = db_session.scalars(select(Feedback)).all()
    assert (row.target, row.page.slug, row.rating, row.comment, row.lang) == ("page", "frikort", 4, "واضحة", "ar")
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    with client.application.test_request_context():
        assert resident_text("ar", "Sent.") in thanks


@pytest.mark.parametrize("form, message", [
    ({"rating": "", "comment": "  "}, "Choose a face or write something first."),
    ({"rating": "9"}, "Choose a face or write something first."),
    ({"rating": "²"}, "Choose a face or write something first."),  # a digit, but not an ASCII one
    ({"comment": "\u200b\u2060 \u200b"}, "Choose a face or write something first."),  # nothing visible
    ({"page": "no-such-page", "rating": "3"}, "This page or meeting no longer exists."),
])
def test_without_javascript_bad_feedback_gets_a_clear_answer_and_nothing_is_written(client, db_session, form, message):
    response = client.post("/ti/demo/feedback", data=form)
    assert response.status_code == 422
    with client.application.test_request_context():
        assert resident_text("ti", message) in response.get_data(as_text=True)
    assert db_session.scalars(select(Feedback)).all() == []


def test_feedback_on_a_meeting_says_it_needs_javascript(client, db_session):
    meeting_id = db_session.scalar(select(Meeting.id).order_by(Meeting.id))
    html = client.get(f"/en/demo/feedback?meeting={meeting_id}").get_data(as_text=True)
    assert "How was the meeting?" in html and "data-feedback-needs-script" in html
    assert "data-feedback-form hidden" in html


def test_the_form_and_you_said_are_kept_offline(client):
    urls = client.get("/ti/demo/offline.json").get_json()["urls"]
    assert "/ti/demo/feedback" in urls and "/ti/demo/you-said" in urls


def test_a_published_answer_in_the_residents_language_or_honestly_in_another(client, staff_client, db_session):
    nurse = staff_client("nurse")
    created = nurse.post("/staff/you-said", data={
        "csrf_token": csrf_token(nurse), "centre": str(demo_centre_id(db_session)), "source_lang": "nb",
        "said": "Møtene hadde for mye prat.", "did": "Nå starter hvert møte med 20 minutter informasjon.",
    })
    assert created.status_code == 302
    answer = db_session.scalar(select(FeedbackResponse))
    form = {f"said_{code}": "" for code in LANGUAGES} | {f"did_{code}": "" for code in LANGUAGES}
    form |= {"said_nb": "Møtene hadde for mye prat.", "did_nb": "Nå starter hvert møte med informasjon.",
             "said_ar": "كان في اللقاءات كلام كثير.", "did_ar": "الآن يبدأ كل لقاء بمعلومات.", "draft_ar": "1",
             "published": "1", "csrf_token": csrf_token(nurse)}
    assert nurse.post(f"/staff/you-said/{answer.id}", data=form).status_code == 302

    arabic = client.get("/ar/demo/you-said").get_data(as_text=True)
    assert "الآن يبدأ كل لقاء بمعلومات." in arabic and "Nå starter" not in arabic
    english = client.get("/en/demo/you-said").get_data(as_text=True)  # no English text: Norwegian, said so
    assert "Nå starter hvert møte med informasjon." in english and "In <bdi>Norwegian Bokmål</bdi>" in english
    assert "draft" not in english  # the Norwegian original is not a draft
    with client.application.test_request_context():
        note = resident_text(
            "ar", "This translation is a draft. It has not yet been checked by a qualified translator."
        )
    assert note in arabic  # the Arabic text is a draft, and says so

    form["published"] = ""
    nurse.post(f"/staff/you-said/{answer.id}", data=form)
    assert "الآن يبدأ" not in client.get("/ar/demo/you-said").get_data(as_text=True)


def test_bad_answers_are_refused_with_a_message_and_nothing_is_written(staff_client, db_session):
    nurse = staff_client("nurse")
    missing = nurse.post("/staff/you-said", data={
        "csrf_token": csrf_token(nurse), "centre": str(demo_centre_id(db_session)), "source_lang": "nb",
        "said": "", "did": "Noe",
    })
    assert missing.status_code == 422 and "Please fill in every required field." in missing.get_data(as_text=True)
    wrong_centre = nurse.post("/staff/you-said", data={
        "csrf_token": csrf_token(nurse), "centre": "999999", "source_lang": "nb", "said": "a", "did": "b",
    })
    assert wrong_centre.status_code == 422
    assert db_session.scalar(select(func.count()).select_from(FeedbackResponse)) == 0

    nurse.post("/staff/you-said", data={
        "csrf_token": csrf_token(nurse), "centre": str(demo_centre_id(db_session)), "source_lang": "nb",
        "said": "Sa", "did": "Gjorde",
    })
    answer = db_session.scalar(select(FeedbackResponse))
    half = nurse.post(f"/staff/you-said/{answer.id}", data={
        "csrf_token": csrf_token(nurse), "said_nb": "Sa", "did_nb": "Gjorde", "said_ar": "قلتم", "did_ar": "",
    })
    assert half.status_code == 422 and "Each language needs both texts, or neither." in half.get_data(as_text=True)
    langs = db_session.scalars(select(FeedbackResponseTranslation.lang)).all()
    assert langs == ["nb"]


def demo_centre_id(db_session) -> int:
    from models import Centre

    return db_session.scalar(select(Centre.id).where(Centre.slug == "demo"))

"""The nurse's questions page: open questions newest day first, answering,
marking abuse (hidden, counted), an FAQ entry started in the page editor;
hosts and other centres' staff cannot see them."""
from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select

from models import Centre, Question
from tests.staff_helpers import post
from webapp.questions.claims import claim_hash


def add_question(app, db_session, text: str, day: dt.date, centre_slug: str = "demo") -> Question:
    centre = db_session.scalar(select(Centre).where(Centre.slug == centre_slug))
    with app.app_context():
        row = Question(centre_id=centre.id, lang="ti", text=text, claim=claim_hash(secrets.token_hex(16)),
                       received_on=day)
    db_session.add(row)
    db_session.flush()
    return row


def test_the_nurse_answers_and_marks_abuse(app, db_session, staff_client):
    older = add_question(app, db_session, "Older question", dt.date(2026, 12, 1))
    newer = add_question(app, db_session, "Newer question", dt.date(2026, 12, 5))
    nasty = add_question(app, db_session, "Rude words", dt.date(2026, 12, 5))
    nurse = staff_client("nurse")
    page = nurse.get("/staff/questions").get_data(as_text=True)
    assert page.index("Newer question") < page.index("Older question")

    answered = post(nurse, f"/staff/questions/{newer.id}", {"action": "answer", "answer": "Ask at reception."})
    assert answered.status_code == 302
    assert post(nurse, f"/staff/questions/{nasty.id}", {"action": "abuse"}).status_code == 302
    db_session.expire_all()
    assert db_session.get(Question, newer.id).answer == "Ask at reception."
    assert db_session.get(Question, nasty.id).abuse
    page = nurse.get("/staff/questions").get_data(as_text=True)
    assert "Rude words" not in page
    assert "Marked as abuse (hidden): 1" in page
    assert post(nurse, f"/staff/questions/{nasty.id}", {"action": "answer", "answer": "x"}).status_code == 404
    # An empty answer is refused with words, and nothing is written.
    response = post(nurse, f"/staff/questions/{older.id}", {"action": "answer", "answer": "  "})
    assert response.status_code == 422
    db_session.expire_all()
    assert db_session.get(Question, older.id).answer is None


def test_a_question_starts_an_faq_entry_in_the_page_editor(app, db_session, staff_client):
    question = add_question(app, db_session, "Can I get a bus ticket to the doctor?", dt.date(2026, 12, 5))
    question.answer = "Yes, if the doctor is more than 4 km away."
    db_session.flush()
    page = staff_client("nurse").get(f"/staff/questions/{question.id}/faq").get_data(as_text=True)
    assert 'action="/staff/pages/new"' in page
    assert 'value="Can I get a bus ticket to the doctor?"' in page
    assert "Yes, if the doctor is more than 4 km away." in page
    assert "Make it general and anonymous" in page


def test_hosts_and_other_centres_cannot_see_questions(app, db_session, staff_client):
    question = add_question(app, db_session, "Secret", dt.date(2026, 12, 5))
    assert staff_client("host").get("/staff/questions").status_code == 403
    other = Centre(slug="other", name="Other centre")
    db_session.add(other)
    db_session.flush()
    elsewhere = add_question(app, db_session, "Elsewhere", dt.date(2026, 12, 5), centre_slug="other")
    nurse = staff_client("nurse")
    assert "Elsewhere" not in nurse.get("/staff/questions").get_data(as_text=True)
    assert post(nurse, f"/staff/questions/{elsewhere.id}", {"action": "abuse"}).status_code == 403
    assert "Secret" in nurse.get("/staff/questions").get_data(as_text=True)
    assert question.id

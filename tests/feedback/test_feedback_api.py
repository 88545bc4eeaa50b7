"""Feedback through the sync endpoint: stored with nothing about the sender,
once per attendee per meeting, only while the meeting takes feedback, and
bad input is refused whole with nothing written."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from sqlalchemy import func, select

from models import CheckIn, Feedback, FeedbackReceipt, Meeting, ResponseSlot, SyncReceipt
from tests.helpers import check_in_phones
from webapp.checkin import codes

# Near the real time: the staff session cookie would expire after a big jump.
NOW = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(microsecond=0)
ATTENDEE = "f" * 64


@pytest.fixture()
def meeting(app, db_session):
    """A meeting that ended an hour ago, where 10 phones checked in."""
    meeting = db_session.scalar(select(Meeting).order_by(Meeting.id))
    meeting.starts_at = NOW - dt.timedelta(hours=2)
    meeting.ends_at = NOW - dt.timedelta(hours=1)
    meeting.cancelled = False
    check_in_phones(db_session, meeting.id, range(10), NOW.date())
    meeting.proof = scanned_code(app, meeting, NOW - dt.timedelta(minutes=90))
    return meeting


def scanned_code(app, meeting, moment) -> str:
    """The check-in code the meeting's display showed at ``moment``."""
    kid, key = next(iter(app.config["CHECKIN_KEYS"].items()))
    return codes.sign(key, meeting.id, codes.window_at(moment), kid)


def send(client, body: dict, item_id: str | None = None):
    item = {"id": item_id or str(uuid.uuid4()), "type": "feedback", "body": body}
    with time_machine.travel(NOW, tick=False):
        response = client.post("/api/v1/sync", json={"items": [item]}, headers={"Accept-Language": "en"})
    return response


def result(response) -> tuple[str, str]:
    answer = response.get_json()["results"][0]
    return answer["status"], answer["result"]


def meeting_body(meeting, **answers) -> dict:
    return {"target": "meeting", "centre": "demo", "meeting": meeting.id, "attendee": ATTENDEE, "lang": "ti",
            "code": meeting.proof, **answers}


def rows(db_session) -> list[Feedback]:
    return list(db_session.scalars(select(Feedback)))


def test_feedback_on_a_meeting_is_stored_with_only_what_the_resident_said(client, db_session, meeting):
    body = meeting_body(meeting, rating=4, interpreter="partly", next_time="more_information",
                        wish="  Tannlege  ", comment="ጽቡቕ ኔሩ")
    assert result(send(client, body)) == ("ok", "accepted")

    (row,) = rows(db_session)
    assert (row.target, row.meeting_id, row.page_id, row.centre.slug) == ("meeting", meeting.id, None, "demo")
    assert (row.rating, row.interpreter, row.next_time, row.wish, row.comment) == (
        4, "partly", "more_information", "Tannlege", "ጽቡቕ ኔሩ"
    )
    assert (row.lang, row.received_on) == ("ti", NOW.date())
    assert str(uuid.UUID(row.id)) == row.id
    assert row.id not in str(db_session.execute(select(SyncReceipt.__table__)).all())
    assert meeting.proof not in str(db_session.execute(select(Feedback.__table__)).all())  # the code is not kept
    assert ATTENDEE not in [getattr(row, c) for c in Feedback.__table__.columns.keys()]
    receipt = db_session.scalar(select(FeedbackReceipt))
    assert (receipt.meeting_id, receipt.attendee) == (meeting.id, ATTENDEE)


def test_feedback_on_a_page_and_on_the_centre(client, db_session):
    assert result(send(client, {"target": "page", "centre": "demo", "page": "frikort", "rating": 2, "lang": "ar"})) \
        == ("ok", "accepted")
    assert result(send(client, {"target": "centre", "centre": "demo", "comment": "Mer lys i gangen", "lang": "nb"})) \
        == ("ok", "accepted")
    page_row, centre_row = sorted(rows(db_session), key=lambda r: r.target, reverse=True)
    assert (page_row.target, page_row.page.slug, page_row.rating) == ("page", "frikort", 2)
    assert (centre_row.target, centre_row.comment, centre_row.rating) == ("centre", "Mer lys i gangen", None)
    assert db_session.scalar(select(func.count()).select_from(FeedbackReceipt)) == 0


def test_one_feedback_per_attendee_and_meeting(client, db_session, meeting):
    assert result(send(client, meeting_body(meeting, rating=5))) == ("ok", "accepted")
    again = send(client, meeting_body(meeting, rating=1))  # a new item from the same phone
    assert again.status_code == 200
    assert result(again) == ("rejected", "already_given")
    assert again.get_json()["results"][0]["message"]  # said in words the phone can show
    assert [r.rating for r in rows(db_session)] == [5]
    other_phone = meeting_body(meeting, rating=1) | {"attendee": "e" * 64}
    assert result(send(client, other_phone)) == ("ok", "accepted")
    assert sorted(r.rating for r in rows(db_session)) == [1, 5]


def test_the_same_item_twice_is_stored_once_and_a_changed_one_is_a_conflict(client, db_session, meeting):
    item_id = str(uuid.uuid4())
    body = meeting_body(meeting, rating=3)
    assert result(send(client, body, item_id)) == ("ok", "accepted")
    assert result(send(client, body, item_id)) == ("ok", "accepted")  # the response was lost; sent again
    changed = send(client, body | {"rating": 4}, item_id)
    assert changed.status_code == 409 and result(changed) == ("conflict", "conflict")
    assert len(rows(db_session)) == 1


@pytest.mark.parametrize("hours_from_end, expected", [
    (-3, ("rejected", "not_open")),  # before check-in opened
    (24 * 13, ("ok", "accepted")),  # within the 14 days after
    (24 * 15, ("rejected", "not_open")),  # the window has closed
])
def test_feedback_on_a_meeting_only_while_it_takes_feedback(client, db_session, meeting, hours_from_end, expected):
    meeting.ends_at = NOW - dt.timedelta(hours=hours_from_end)
    meeting.starts_at = meeting.ends_at - dt.timedelta(hours=1)
    meeting.proof = scanned_code(client.application, meeting, meeting.starts_at)
    db_session.flush()
    assert result(send(client, meeting_body(meeting, rating=4))) == expected
    assert len(rows(db_session)) == (1 if expected[0] == "ok" else 0)


@pytest.mark.parametrize("body", [
    {"target": "page", "centre": "demo", "page": "no-such-page", "rating": 3, "lang": "en"},
    {"target": "centre", "centre": "nowhere", "rating": 3, "lang": "en"},
    {"target": "meeting", "centre": "demo", "meeting": 999_999, "attendee": ATTENDEE, "code": "1.1.AAAAAAAAAAAAAA",
     "rating": 3, "lang": "en"},
])
def test_feedback_on_something_that_does_not_exist_is_kept_for_attention(client, db_session, body):
    assert result(send(client, body)) == ("rejected", "unknown_target")
    assert rows(db_session) == []


@pytest.mark.parametrize("body", [
    {"target": "centre", "centre": "demo", "lang": "en"},  # no answer at all
    {"target": "centre", "centre": "demo", "comment": "   ", "lang": "en"},  # only spaces
    {"target": "centre", "centre": "demo", "rating": 6, "lang": "en"},
    {"target": "centre", "centre": "demo", "rating": "5", "lang": "en"},
    {"target": "centre", "centre": "demo", "rating": 5, "lang": "xx"},
    {"target": "centre", "centre": "demo", "comment": "x" * 2001, "lang": "en"},
    {"target": "centre", "centre": "demo", "rating": 5, "lang": "en", "device": "abc"},  # unknown field
    {"target": "centre", "centre": "demo", "rating": 5, "lang": "en", "interpreter": "yes"},  # meeting only
    {"target": "page", "centre": "demo", "rating": 5, "lang": "en"},  # which page?
    {"target": "meeting", "centre": "demo", "meeting": 1, "rating": 5, "lang": "en"},  # no attendee
    {"target": "meeting", "centre": "demo", "meeting": 1, "attendee": "NOTHEX", "rating": 5, "lang": "en"},
    {"target": "elsewhere", "centre": "demo", "rating": 5, "lang": "en"},
    {"target": "centre", "centre": "demo", "comment": "\u200b\u200d\u2060", "lang": "en"},  # only invisible
    {"target": "centre", "centre": "demo", "comment": "nul\x00", "lang": "en"},
    {"target": "centre", "centre": "demo\ud83d", "rating": 5, "lang": "en"},
    {"target": "meeting", "centre": "demo", "meeting": 1, "attendee": "a" * 64 + "\n", "code": "1.1.AAAAAAAAAAAAAA",
     "rating": 5, "lang": "en"},
])
def test_bad_feedback_is_refused_and_nothing_is_written(client, db_session, body):
    response = send(client, body)
    assert response.status_code == 200
    (result,) = response.get_json()["results"]
    assert (result["status"], result["result"]) == ("rejected", "invalid") and result["message"]
    assert rows(db_session) == []
    assert db_session.scalar(select(func.count()).select_from(SyncReceipt)) == 0


# --- proof of presence -----------------------------------------------------------


def test_feedback_on_a_meeting_needs_the_code_scanned_there(client, db_session, meeting):
    without = {k: v for k, v in meeting_body(meeting, rating=4).items() if k != "code"}
    assert result(send(client, without)) == ("rejected", "invalid")  # as it is it can never be accepted
    other = db_session.scalar(select(Meeting).where(Meeting.id != meeting.id).order_by(Meeting.id))
    for code in (
        scanned_code(client.application, other, NOW).replace(f"{other.id}.", f"{meeting.id}.", 1),  # signed for another
        codes.sign(b"a key the server never had", meeting.id, codes.window_at(NOW - dt.timedelta(minutes=90)), 1),
        scanned_code(client.application, meeting, NOW - dt.timedelta(days=3)),  # not during its check-in
    ):
        assert result(send(client, meeting_body(meeting, rating=4, code=code))) == ("rejected", "no_checkin")
    assert rows(db_session) == []


def test_a_meeting_takes_no_more_responses_than_it_counted_check_ins(client, db_session, meeting):
    db_session.execute(CheckIn.__table__.delete().where(CheckIn.meeting_id == meeting.id))
    db_session.execute(ResponseSlot.__table__.delete().where(ResponseSlot.meeting_id == meeting.id))
    check_in_phones(db_session, meeting.id, [1], NOW.date())
    assert result(send(client, meeting_body(meeting, rating=5))) == ("ok", "accepted")
    padded = meeting_body(meeting, rating=1, comment="made up") | {"attendee": "e" * 64}
    assert result(send(client, padded)) == ("rejected", "no_checkin")
    assert [row.rating for row in rows(db_session)] == [5]


def send_batch(client, bodies: list[dict]) -> list[tuple[str, str]]:
    items = [{"id": str(uuid.uuid4()), "type": "feedback", "body": body} for body in bodies]
    with time_machine.travel(NOW, tick=False):
        response = client.post("/api/v1/sync", json={"items": items})
    return [(answer["status"], answer["result"]) for answer in response.get_json()["results"]]


def test_the_same_attendee_twice_in_one_batch_counts_once(client, db_session, meeting):
    """Items of one batch are applied together: the second of two items from
    one phone about one meeting is refused, and nothing of it is stored."""
    results = send_batch(client, [meeting_body(meeting, rating=5), meeting_body(meeting, rating=1)])
    assert results == [("ok", "accepted"), ("rejected", "already_given")]
    assert [r.rating for r in rows(db_session)] == [5]


def test_a_batch_with_more_responses_than_free_places_keeps_only_what_fits(client, db_session, meeting):
    """One check-in, three phones' responses in one batch (a padded sync): one
    is stored; the others are refused and leave no receipt, so a phone that
    really was there can still answer once another check-in is counted."""
    db_session.execute(CheckIn.__table__.delete().where(CheckIn.meeting_id == meeting.id))
    db_session.execute(ResponseSlot.__table__.delete().where(ResponseSlot.meeting_id == meeting.id))
    check_in_phones(db_session, meeting.id, [1], NOW.date())
    bodies = [meeting_body(meeting, rating=n) | {"attendee": f"{n:064x}"} for n in (3, 4, 5)]
    assert send_batch(client, bodies) == [("ok", "accepted"), ("rejected", "no_checkin"), ("rejected", "no_checkin")]
    assert [r.rating for r in rows(db_session)] == [3]
    assert db_session.scalars(select(FeedbackReceipt.attendee)).all() == [f"{3:064x}"]

    check_in_phones(db_session, meeting.id, [2], NOW.date())
    assert send_batch(client, [bodies[2]]) == [("ok", "accepted")]
    assert sorted(r.rating for r in rows(db_session)) == [3, 5]

"""Padding cannot open a small group (docs/privacy.md): made-up responses
added to 4 real ones reveal no real comment and no real figure, on a meeting
(proof of presence) and on the centre or a page (released by month). Five
real ones do show."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from models import Meeting
from tests.phones import Phone, display_code, sync
from tests.privacy.dashboard import csv_rows, everything_staff_see
from tests.staff_helpers import make_user
from webapp.checkin import codes

# Near the real time: check-in codes and staff sessions work with the real clock.
NOW = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(microsecond=0)


@pytest.fixture()
def nurse_email(db_session):
    return make_user(db_session, "nurse", email="padding-nurse@test.example").email


# --- a meeting ----------------------------------------------------------------


@pytest.fixture()
def meeting(db_session):
    """A demo meeting that ended an hour ago, with no check-ins or feedback yet."""
    meeting = db_session.scalar(select(Meeting).order_by(Meeting.id))
    meeting.starts_at, meeting.ends_at = NOW - dt.timedelta(hours=2), NOW - dt.timedelta(hours=1)
    meeting.cancelled = False
    db_session.flush()
    return meeting


def attend(client, app, meeting, phone: Phone, comment: str) -> list[dict]:
    """A resident who was there: checks in with the code on the screen, then answers."""
    code = display_code(app, meeting.id, meeting.starts_at + dt.timedelta(minutes=10))
    with time_machine.travel(NOW, tick=False):
        return sync(client, phone.checkin(code), phone.meeting_feedback(code, rating=2, comment=comment))


def test_4_real_and_made_up_meeting_responses_reveal_nothing(app, client, meeting, nurse_email):
    for n in range(4):
        assert [r["result"] for r in attend(client, app, meeting, Phone(), f"real answer {n}")] == [
            "accepted", "accepted"
        ]
    code = display_code(app, meeting.id, meeting.starts_at + dt.timedelta(minutes=10))
    stranger = Phone()
    made_up = [
        stranger.meeting_feedback(code.rsplit(".", 1)[0] + ".AAAAAAAAAAAAAA", rating=5, comment="pad"),  # forged
        stranger.meeting_feedback(codes.sign(b"guess", meeting.id, codes.window_at(meeting.starts_at), 1),
                                  rating=5, comment="pad"),
        stranger.meeting_feedback(code, rating=5, comment="pad"),  # a real code, but never checked in: no room
    ]
    with time_machine.travel(NOW, tick=False):
        assert [r["result"] for r in sync(client, *made_up)] == ["no_checkin"] * 3
        no_code = Phone.item("feedback", {k: v for k, v in made_up[2]["body"].items() if k != "code"})
        assert sync(client, no_code)[0]["result"] == "invalid"

    seen = everything_staff_see(app, nurse_email, NOW)
    assert "real answer" not in seen and "pad" not in seen
    rows = csv_rows(app, nurse_email, NOW)
    assert all(row["Responses"] == "" for row in rows.values())  # 4: no figure anywhere

    assert [r["result"] for r in attend(client, app, meeting, Phone(), "real answer 4")] == ["accepted", "accepted"]
    seen = everything_staff_see(app, nurse_email, NOW)
    assert all(f"real answer {n}" in seen for n in range(5))  # 5 real people: shown
    assert csv_rows(app, nurse_email, NOW)[f"meeting:{meeting.text_in(['en']).title}"]["Responses"] == "5"


# --- the centre and a page ---------------------------------------------------------


@pytest.mark.parametrize("target", ["centre", "page"])
@pytest.mark.parametrize("made_up", [1, 5, 40])
def test_4_real_and_any_number_of_made_up_responses_reveal_nothing(app, client, nurse_email, target, made_up):
    october = dt.datetime(NOW.year, 10, 10, 12, tzinfo=dt.UTC)
    extra = {"page": "frikort"} if target == "page" else {}
    with time_machine.travel(october, tick=False):
        for n in range(4):
            assert sync(client, Phone().feedback(target, rating=1, comment=f"real answer {n}", **extra))[0][
                "result"] == "accepted"
    seen_in_october = everything_staff_see(app, nurse_email, october)
    assert "real answer" not in seen_in_october  # this month's: not released yet

    november = october + dt.timedelta(days=30)  # the padder sees 4 hidden in October, and adds to them
    with time_machine.travel(november, tick=False):
        for n in range(made_up):
            sync(client, Phone().feedback(target, rating=5, comment=f"made up {n}", **extra))
    december = november + dt.timedelta(days=31)
    seen = everything_staff_see(app, nurse_email, december)
    assert "real answer" not in seen
    rows = csv_rows(app, nurse_email, december)
    figures = {row["Responses"] for row in rows.values()}
    # Only the made-up ones are ever counted, and only when there are 5 of them.
    assert figures <= ({"", str(made_up)} if made_up >= 5 else {""})
    for row in rows.values():
        if row["Responses"]:
            assert row["Rating 1"] == "0"  # none of the real (rated 1) answers is in any figure


def test_5_real_responses_on_the_centre_show_when_their_month_is_over(app, client, nurse_email):
    october = dt.datetime(NOW.year, 10, 10, 12, tzinfo=dt.UTC)
    with time_machine.travel(october, tick=False):
        for n in range(5):
            sync(client, Phone().feedback("centre", rating=4, comment=f"real answer {n}"))
    assert "real answer" not in everything_staff_see(app, nurse_email, october)
    seen = everything_staff_see(app, nurse_email, dt.datetime(NOW.year, 11, 1, 12, tzinfo=dt.UTC))
    assert all(f"real answer {n}" in seen for n in range(5))

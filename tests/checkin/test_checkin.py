"""Check-in through the sync endpoint: verified, counted once per phone and
meeting, live or later, and impossible to link across meetings."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from sqlalchemy import inspect, select

from models import CheckIn, Meeting, ResponseSlot
from webapp.checkin import codes

# Near the real time: the staff session cookie would expire after a big jump.
NOW = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(microsecond=0)


@pytest.fixture()
def meeting(db_session):
    meeting = db_session.scalar(select(Meeting).order_by(Meeting.id))
    meeting.starts_at = NOW - dt.timedelta(minutes=10)
    meeting.ends_at = NOW + dt.timedelta(minutes=80)
    meeting.cancelled = False
    db_session.flush()
    return meeting


def code_at(app, meeting_id, moment):
    """The code the host's display shows at ``moment`` (signed with the newest key)."""
    kid, key = next(iter(app.config["CHECKIN_KEYS"].items()))
    return codes.sign(key, meeting_id, codes.window_at(moment), kid)


def send(client, code, pseudonym="a" * 64, item_id=None):
    item = {"id": str(item_id or uuid.uuid4()), "type": "checkin", "body": {"code": code, "pseudonym": pseudonym}}
    response = client.post("/api/v1/sync", json={"items": [item]})
    return response.status_code, response.get_json()["results"][0]


def count(staff, meeting):
    response = staff.get(f"/staff/meetings/{meeting.id}/count.json")
    assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
    return response.get_json()


def test_a_scanned_code_counts_once_per_phone(app, client, meeting, staff_client):
    host = staff_client("host")
    with time_machine.travel(NOW, tick=False):
        code = code_at(app, meeting.id, NOW)
        assert send(client, code)[1]["result"] == "accepted"
        assert count(host, meeting) == {"live": 1, "later": 0, "total": 1, "server_window": codes.window_at(NOW)}
        # The same phone again (a newer code, a new outbox item): counted already.
        newer = code_at(app, meeting.id, NOW + dt.timedelta(seconds=45))
        status, result = send(client, newer)
        assert (status, result["status"], result["result"]) == (200, "ok", "duplicate")
        assert send(client, code, pseudonym="b" * 64)[1]["result"] == "accepted"  # another phone
        assert count(host, meeting)["total"] == 2


def test_one_phone_twice_in_one_batch_counts_once_and_opens_one_response_place(app, client, meeting, db_session):
    with time_machine.travel(NOW, tick=False):
        code = code_at(app, meeting.id, NOW)
        items = [{"id": str(uuid.uuid4()), "type": "checkin", "body": {"code": code, "pseudonym": p * 64}}
                 for p in ("a", "a", "b")]
        answers = client.post("/api/v1/sync", json={"items": items}).get_json()["results"]
    assert [a["result"] for a in answers] == ["accepted", "duplicate", "accepted"]
    assert {a["status"] for a in answers} == {"ok"}
    assert len(db_session.scalars(select(CheckIn).where(CheckIn.meeting_id == meeting.id)).all()) == 2
    assert len(db_session.scalars(select(ResponseSlot).where(ResponseSlot.meeting_id == meeting.id)).all()) == 2


def test_a_phone_that_was_offline_arrives_later(app, client, meeting, staff_client):
    scanned = NOW + dt.timedelta(minutes=5)
    code = code_at(app, meeting.id, scanned)
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):  # back online after the meeting
        assert send(client, code)[1]["result"] == "accepted"
        assert count(staff_client("host"), meeting) | {"server_window": 0} == {
            "live": 0, "later": 1, "total": 1, "server_window": 0}


def test_forged_foreign_and_stale_codes_are_refused_and_kept_on_the_phone(app, client, meeting, db_session):
    other = db_session.scalar(select(Meeting).where(Meeting.id != meeting.id).order_by(Meeting.id))
    with time_machine.travel(NOW, tick=False):
        good = code_at(app, meeting.id, NOW)
        meeting_part, window_part, signature = good.split(".")
        forged = f"{meeting_part}.{window_part}.{'A' * len(signature)}"
        foreign = code_at(app, other.id, NOW).replace(f"{other.id}.", f"{meeting.id}.", 1)
        stale = code_at(app, meeting.id, NOW - dt.timedelta(hours=2))
        unknown = code_at(app, 999_999, NOW)
        ahead = code_at(app, meeting.id, NOW + dt.timedelta(minutes=20))  # only the display's list has it yet
        for code, expected in [(forged, "bad_code"), (foreign, "bad_code"), ("garbage", "bad_code"),
                               (stale, "outside_window"), (ahead, "outside_window"), (unknown, "unknown_meeting")]:
            status, result = send(client, code)
            assert (result["status"], result["result"]) == ("rejected", expected), code
            assert result["message"]
    assert db_session.scalar(select(CheckIn.id)) is None


def test_nothing_stored_links_one_phones_check_ins_at_two_meetings(app, client, db_session):
    """A phone derives HMAC(secret, meeting) as its pseudonym (static/js/checkin.js);
    the server stores only that, the meeting, the window and the day."""
    import hashlib
    import hmac

    secret = b"one phone's secret"
    first, second = db_session.scalars(select(Meeting).order_by(Meeting.id).limit(2)).all()
    for meeting in (first, second):
        meeting.starts_at, meeting.ends_at = NOW - dt.timedelta(minutes=5), NOW + dt.timedelta(hours=1)
    db_session.flush()
    with time_machine.travel(NOW, tick=False):
        for meeting in (first, second):
            pseudonym = hmac.new(secret, f"meeting:{meeting.id}".encode(), hashlib.sha256).hexdigest()
            assert send(client, code_at(app, meeting.id, NOW), pseudonym=pseudonym)[1]["result"] == "accepted"
    rows = db_session.scalars(select(CheckIn)).all()
    assert len(rows) == 2 and rows[0].pseudonym != rows[1].pseudonym
    assert {c.key for c in inspect(CheckIn).columns} == {
        "id", "meeting_id", "pseudonym", "window", "arrived_live", "received_on"}
    assert all(isinstance(r.received_on, dt.date) and not isinstance(r.received_on, dt.datetime) for r in rows)


def test_the_display_gets_every_code_of_the_meeting_ahead(app, meeting, staff_client, client):
    host = staff_client("host")
    url = f"/staff/meetings/{meeting.id}/codes.json"
    chunk = host.get(f"{url}?from=0").get_json()  # from the first window of the meeting
    windows = []
    while chunk["codes"]:  # chunk by chunk, as the display asks
        windows += range(chunk["first"], chunk["first"] + len(chunk["codes"]))
        chunk = host.get(f"{url}?from={windows[-1] + 1}").get_json()
    assert windows == list(range(chunk["opens"], chunk["last"] + 1))  # no gaps, to the end
    assert len(windows) * codes.WINDOW_SECONDS >= (meeting.checkin_closes - meeting.checkin_opens).total_seconds()
    assert client.get(url).status_code == 302  # staff only

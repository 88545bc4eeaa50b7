"""``flask purge`` with a frozen clock: the words of old feedback go after 12
months, pseudonyms and feedback receipts go once a meeting's feedback window
closes, sync receipts after 90 days (an item sent again within them is still
applied once), rate-limit buckets once full again; every count stays. ``--dry-run`` changes nothing."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from models import CheckIn, Feedback, FeedbackReceipt, Meeting, RateBucket, ResponseSlot, SyncReceipt
from models.sync import receipt_check, receipt_key
from tests.helpers import check_in_phones
from webapp.privacy import retention

NOW = dt.datetime(2027, 3, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture()
def data(db_session):
    ended_long_ago, ended_recently = db_session.scalars(select(Meeting).order_by(Meeting.id).limit(2)).all()
    ended_long_ago.starts_at, ended_long_ago.ends_at = NOW - dt.timedelta(days=15, hours=2), NOW - dt.timedelta(days=15)
    ended_recently.starts_at, ended_recently.ends_at = NOW - dt.timedelta(days=13, hours=2), NOW - dt.timedelta(days=13)
    for meeting in (ended_long_ago, ended_recently):
        check_in_phones(db_session, meeting.id, [meeting.id], meeting.starts_at.date())  # and its response slot
        db_session.add(FeedbackReceipt(meeting_id=meeting.id, attendee=f"{meeting.id:064x}"))
    centre_id = ended_long_ago.centre_id
    for received_on, words in (
        (dt.date(2026, 3, 14), "over a year old"),
        (dt.date(2026, 3, 15), "exactly 12 months old"),
        (dt.date(2026, 9, 1), "half a year old"),
    ):
        db_session.add(Feedback(centre_id=centre_id, target="centre", rating=4, comment=words, wish=words,
                                lang="ar", received_on=received_on))
    for days_old in (91, 90, 2):
        item_id = f"00000000-0000-4000-8000-{days_old:012d}"
        db_session.add(SyncReceipt(key=receipt_key(item_id), check=receipt_check(item_id, "0" * 64),
                                   result="accepted", received_on=NOW.date() - dt.timedelta(days=days_old)))
    for key, full_in in (("address:full-again", -1), ("address:still-filling", 1)):
        db_session.add(RateBucket(key=key, full_at=(NOW + dt.timedelta(seconds=full_in)).timestamp(), span=600))
    db_session.flush()
    return ended_long_ago, ended_recently


def run(app, *args):
    with time_machine.travel(NOW, tick=False):
        return app.test_cli_runner().invoke(args=["purge", *args])


def comments(db_session):
    return sorted(filter(None, db_session.scalars(select(Feedback.comment))))


def test_dry_run_says_what_would_go_and_changes_nothing(app, db_session, data):
    result = run(app, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Would delete:",
        "  1 feedback comments and wishes from before 2026-03-15",
        "  1 check-in pseudonyms of meetings whose feedback window closed",
        "  1 feedback receipts of meetings whose feedback window closed",
        "  1 open response slots of meetings whose feedback window closed",
        "  1 sync receipts from before 2026-12-15",
        "  1 rate-limit buckets that are full again",
        "  0 questions to the nurse and their answers from before 2027-01-14",
        "  0 push subscriptions that expired",
    ]
    assert comments(db_session) == ["exactly 12 months old", "half a year old", "over a year old"]
    assert db_session.scalar(select(func.count()).select_from(FeedbackReceipt)) == 2


def test_purge_deletes_old_words_and_closed_meetings_pseudonyms_and_keeps_counts(app, db_session, data):
    ended_long_ago, ended_recently = data
    result = run(app)
    assert result.exit_code == 0, result.output
    assert "  1 feedback comments and wishes from before 2026-03-15" in result.output
    db_session.expire_all()

    assert comments(db_session) == ["exactly 12 months old", "half a year old"]
    old = db_session.scalar(select(Feedback).where(Feedback.received_on == dt.date(2026, 3, 14)))
    assert (old.comment, old.wish, old.rating) == (None, None, 4)  # the rating still counts
    assert db_session.scalar(select(func.count()).select_from(Feedback)) == 3

    checkins = {c.meeting_id: c.pseudonym for c in db_session.scalars(select(CheckIn))}
    assert checkins[ended_long_ago.id] is None  # still counted, no longer pseudonymous
    assert checkins[ended_recently.id] == f"{ended_recently.id:064x}"  # its feedback window is open
    receipts = db_session.scalars(select(FeedbackReceipt.meeting_id)).all()
    assert receipts == [ended_recently.id]
    assert db_session.scalars(select(ResponseSlot.meeting_id)).all() == [ended_recently.id]

    assert db_session.scalars(select(RateBucket.key)).all() == ["address:still-filling"]
    received = sorted(db_session.scalars(select(SyncReceipt.received_on)))
    assert received == [NOW.date() - dt.timedelta(days=90), NOW.date() - dt.timedelta(days=2)]

    again = run(app)
    assert [line for line in again.output.splitlines() if line.startswith("  ")] == [
        "  0 feedback comments and wishes from before 2026-03-15",
        "  0 check-in pseudonyms of meetings whose feedback window closed",
        "  0 feedback receipts of meetings whose feedback window closed",
        "  0 open response slots of meetings whose feedback window closed",
        "  0 sync receipts from before 2026-12-15",
        "  0 rate-limit buckets that are full again",
        "  0 questions to the nurse and their answers from before 2027-01-14",
        "  0 push subscriptions that expired",
    ]


def test_the_ages_are_configurable(app, db_session, data):
    app.config["COMMENT_RETENTION_MONTHS"] = 3
    app.config["FEEDBACK_WINDOW_DAYS"] = 30
    app.config["RECEIPT_RETENTION_DAYS"] = 1
    app.config["QUESTION_RETENTION_DAYS"] = 10
    with app.app_context():
        counts = list(retention.count(db_session, NOW).items())
    assert counts == [
        ("feedback comments and wishes from before 2026-12-15", 3),
        ("check-in pseudonyms of meetings whose feedback window closed", 0),
        ("feedback receipts of meetings whose feedback window closed", 0),
        ("open response slots of meetings whose feedback window closed", 0),
        ("sync receipts from before 2027-03-14", 3),
        ("rate-limit buckets that are full again", 1),
        ("questions to the nurse and their answers from before 2027-03-05", 0),
        ("push subscriptions that expired", 0),
    ]


def test_month_arithmetic_at_the_end_of_a_month():
    assert retention._months_before(dt.date(2027, 3, 31), 1) == dt.date(2027, 2, 28)
    assert retention._months_before(dt.date(2028, 3, 31), 1) == dt.date(2028, 2, 29)
    assert retention._months_before(dt.date(2027, 1, 15), 12) == dt.date(2026, 1, 15)


def test_an_item_sent_again_is_applied_once_while_its_receipt_is_kept(app, client, db_session):
    item = {"id": "2b6d7f0e-5a1c-4e8b-9d3f-7c2a1e0b4d6f", "type": "feedback",
            "body": {"target": "centre", "centre": "demo", "rating": 5, "lang": "ar", "comment": "resent"}}

    def send(day: dt.datetime):
        with time_machine.travel(day, tick=False):
            return client.post("/api/v1/sync", json={"items": [item]}).get_json()["results"][0]

    def rows() -> int:
        return db_session.scalar(select(func.count()).select_from(Feedback).where(Feedback.comment == "resent"))

    sent_on = NOW - dt.timedelta(days=89)
    assert send(sent_on)["result"] == "accepted"
    assert run(app).exit_code == 0  # day 89: the receipt is kept
    assert send(NOW)["status"] == "ok" and rows() == 1  # recognised: not applied again

    later = NOW + dt.timedelta(days=2)
    with time_machine.travel(later, tick=False):
        assert app.test_cli_runner().invoke(args=["purge"]).exit_code == 0  # day 91: the receipt is gone
    assert send(later)["result"] == "accepted" and rows() == 2  # as documented: applied again

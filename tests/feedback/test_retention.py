"""``flask purge`` with a frozen clock: the words of old feedback go after 12
months, pseudonyms and receipts go once a meeting's feedback window closes;
every count stays. ``--dry-run`` changes nothing."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from models import CheckIn, Feedback, FeedbackReceipt, Meeting
from webapp.feedback import retention

NOW = dt.datetime(2027, 3, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture()
def data(db_session):
    ended_long_ago, ended_recently = db_session.scalars(select(Meeting).order_by(Meeting.id).limit(2)).all()
    ended_long_ago.starts_at, ended_long_ago.ends_at = NOW - dt.timedelta(days=15, hours=2), NOW - dt.timedelta(days=15)
    ended_recently.starts_at, ended_recently.ends_at = NOW - dt.timedelta(days=13, hours=2), NOW - dt.timedelta(days=13)
    for meeting in (ended_long_ago, ended_recently):
        db_session.add(CheckIn(meeting_id=meeting.id, pseudonym=f"{meeting.id:064x}", window=1, arrived_live=True,
                               received_on=meeting.starts_at.date()))
        db_session.add(FeedbackReceipt(meeting_id=meeting.id, attendee=f"{meeting.id:064x}"))
    centre_id = ended_long_ago.centre_id
    for received_on, words in (
        (dt.date(2026, 3, 14), "over a year old"),
        (dt.date(2026, 3, 15), "exactly 12 months old"),
        (dt.date(2026, 9, 1), "half a year old"),
    ):
        db_session.add(Feedback(centre_id=centre_id, target="centre", rating=4, comment=words, wish=words,
                                lang="ar", received_on=received_on))
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
    assert "Would delete: 1 feedback comments from before 2026-03-15, 1 check-in pseudonyms and 1 feedback receipts" \
        in result.output
    assert comments(db_session) == ["exactly 12 months old", "half a year old", "over a year old"]
    assert db_session.scalar(select(func.count()).select_from(FeedbackReceipt)) == 2


def test_purge_deletes_old_words_and_closed_meetings_pseudonyms_and_keeps_counts(app, db_session, data):
    ended_long_ago, ended_recently = data
    result = run(app)
    assert result.exit_code == 0, result.output
    assert "Deleted: 1 feedback comments" in result.output
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

    again = run(app)
    assert "Deleted: 0 feedback comments" in again.output
    assert "0 check-in pseudonyms and 0 feedback receipts" in again.output


def test_the_ages_are_configurable(app, db_session, data):
    app.config["COMMENT_RETENTION_MONTHS"] = 3
    app.config["FEEDBACK_WINDOW_DAYS"] = 30
    with time_machine.travel(NOW, tick=False), app.app_context():
        cutoff = retention.plan(dt.datetime.now(dt.UTC))
        counts = retention.count(db_session, cutoff)
    assert cutoff.comments_before == dt.date(2026, 12, 15)
    assert (counts.comments, counts.checkin_pseudonyms, counts.feedback_receipts) == (3, 0, 0)


def test_month_arithmetic_at_the_end_of_a_month():
    assert retention._months_before(dt.date(2027, 3, 31), 1) == dt.date(2027, 2, 28)
    assert retention._months_before(dt.date(2028, 3, 31), 1) == dt.date(2028, 2, 29)
    assert retention._months_before(dt.date(2027, 1, 15), 12) == dt.date(2026, 1, 15)

"""docs/design.md, rule 2, checked on the schema itself: no column of the
tables that hold what residents send can carry an IP address, a user agent, a
device id or a time finer than a day. The one exception is the check-in
window (a 30-second window number, so "arrived live" can be told; see
docs/checkin.md)."""
from __future__ import annotations

import re

from sqlalchemy import Date, DateTime, Integer, Interval, Time

from models import Base

RESIDENT_TABLES = ("feedback", "feedback_receipts", "checkins", "sync_receipts")
ALLOWED_FINER_THAN_A_DAY = {("checkins", "window")}
# An answer to "next time: more information, more discussion or as today?", not a time (a short string).
NAMED_LIKE_A_TIME = {("feedback", "next_time")}
IDENTIFYING_NAME = re.compile(
    r"(^|_)(ip|addr|address|agent|ua|device|user|session|cookie|phone|name|email|created|updated|at|time|timestamp)(_|$)"
)


def columns():
    for table_name in RESIDENT_TABLES:
        for column in Base.metadata.tables[table_name].columns:
            yield table_name, column


def test_the_checked_tables_exist():
    assert set(RESIDENT_TABLES) <= set(Base.metadata.tables)


def test_no_column_holds_a_moment_only_days():
    finer = [
        (table, column.name) for table, column in columns()
        if isinstance(column.type, (DateTime, Time, Interval)) and (table, column.name) not in ALLOWED_FINER_THAN_A_DAY
    ]
    assert finer == []
    dates = {(table, column.name) for table, column in columns() if isinstance(column.type, Date)}
    assert dates == {("feedback", "received_on"), ("checkins", "received_on"), ("sync_receipts", "received_on")}


def test_no_column_is_named_for_something_that_identifies_a_sender():
    named = [(table, column.name) for table, column in columns() if IDENTIFYING_NAME.search(column.name)]
    assert named == sorted(NAMED_LIKE_A_TIME)
    assert Base.metadata.tables["feedback"].columns["next_time"].type.length == 20


def test_the_allowed_window_is_a_30_second_window_number_not_a_time():
    window = Base.metadata.tables["checkins"].columns["window"]
    assert isinstance(window.type, Integer)


def test_feedback_rows_cannot_be_joined_to_receipts_or_check_ins():
    feedback = Base.metadata.tables["feedback"]
    linked = {fk.column.table.name for fk in feedback.foreign_keys}
    assert linked == {"centres", "meetings", "pages"}  # what it is about, never who sent it
    for other in ("feedback_receipts", "checkins", "sync_receipts"):
        assert not any(fk.column.table.name in ("feedback",) for fk in Base.metadata.tables[other].foreign_keys)
    assert "attendee" not in feedback.columns and "pseudonym" not in feedback.columns


def test_feedback_keys_do_not_reveal_the_order_rows_came_in():
    (key,) = Base.metadata.tables["feedback"].primary_key.columns
    assert not isinstance(key.type, Integer)  # a random UUID, not a sequence
    receipts = Base.metadata.tables["feedback_receipts"]
    assert {c.name for c in receipts.primary_key.columns} == {"meeting_id", "attendee"}
    assert set(receipts.columns.keys()) == {"meeting_id", "attendee"}


def test_the_checker_catches_what_it_looks_for():
    """The name rule is not a pattern that never matches."""
    for bad in ("ip", "client_ip", "user_agent", "device_id", "created_at", "ua", "phone_number"):
        assert IDENTIFYING_NAME.search(bad), bad
    for fine in ("rating", "pseudonym", "received_on", "meeting_id", "payload_hash", "window"):
        assert not IDENTIFYING_NAME.search(fine), fine

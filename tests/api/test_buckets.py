"""Token buckets (webapp/buckets.py) on both databases: a bucket gives its
capacity at once and then refills at its rate; a request takes all its
tokens or none; tokens given back count again."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models import RateBucket
from webapp.buckets import Bucket, Buckets

NOW = dt.datetime(2027, 3, 15, 12, 0, tzinfo=dt.UTC)
BUCKETS = Buckets(test=Bucket(capacity=3, per_second=0.5), other=Bucket(capacity=10, per_second=1))


def later(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


@pytest.fixture()
def session(app, db_session):
    with app.app_context():
        yield db_session


def test_a_bucket_gives_its_capacity_then_waits_for_its_rate(session):
    assert [BUCKETS.take(session, {"test:a": 1}, NOW) for _ in range(3)] == [0, 0, 0]
    assert BUCKETS.take(session, {"test:a": 1}, NOW) == pytest.approx(2.0)  # one token every 2 s
    assert BUCKETS.wait(session, {"test:a": 2}, later(1)) == pytest.approx(3.0)
    assert BUCKETS.take(session, {"test:a": 1}, later(2)) == 0
    assert BUCKETS.take(session, {"test:a": 1}, later(2)) == pytest.approx(2.0)
    assert BUCKETS.take(session, {"test:b": 3}, NOW) == 0  # another key is a bucket of its own


def test_more_than_a_bucket_ever_holds_waits_forever(session):
    assert BUCKETS.take(session, {"test:a": 4}, NOW) == float("inf")
    assert session.scalars(select(RateBucket.key)).all() == []


def test_a_request_takes_all_its_tokens_or_none(session):
    assert BUCKETS.take(session, {"test:a": 3}, NOW) == 0
    assert BUCKETS.take(session, {"other:a": 5, "test:a": 1}, NOW) == pytest.approx(2.0)
    assert BUCKETS.take(session, {"other:a": 10}, NOW) == 0  # the refused request took none of "other"


def test_tokens_given_back_count_again_and_the_row_says_when_it_is_full(session):
    BUCKETS.take(session, {"test:a": 3}, NOW)
    BUCKETS.give_back(session, {"test:a": 2}, NOW)
    assert BUCKETS.take(session, {"test:a": 2}, NOW) == 0
    row = session.scalar(select(RateBucket).where(RateBucket.key == "test:a"))
    assert row.full_at == pytest.approx(later(6).timestamp())  # empty: full again in 3 tokens / 0.5 a second
    assert row.span == 6

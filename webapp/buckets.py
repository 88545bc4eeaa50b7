"""Token buckets kept in the database, so that every app server sees the
same levels (process memory would let a flood spread over workers).

A bucket holds up to ``capacity`` tokens and gains ``per_second`` of them
back; an action takes tokens, and when they are not there it is refused with
the seconds to wait (the caller answers 429 with Retry-After). The sync API
(webapp/api/budget.py) and staff sign-in (webapp/staff/signin_throttle.py)
each name their own kinds of bucket; ``BUDGETS`` in the app's config may give
a kind other sizes (SYNC_BUDGETS, README "Configuration").

A row exists only while its bucket is not full: ``full_at`` says when it
will be, and ``flask purge`` deletes rows past it (a missing row is a full
bucket), so keys such as a keyed hash of a sign-in address do not linger.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import RateBucket
from models.db import insert_skipping_existing


@dataclass(frozen=True)
class Bucket:
    capacity: float
    per_second: float


class Buckets:
    """The kinds of bucket one feature uses; keys are "<kind>:<name>"."""

    def __init__(self, **kinds: Bucket):
        self.kinds = kinds

    def size(self, key: str) -> Bucket:
        kind = key.split(":", 1)[0]
        configured = current_app.config.get("BUDGETS", {}).get(kind)
        return Bucket(*configured) if configured else self.kinds[kind]

    def wait(self, session: Session, needed: Mapping[str, float], now: dt.datetime) -> float:
        """Seconds until every bucket holds what ``needed`` asks (0: now). Reads only, takes no lock."""
        rows = {row.key: row for row in session.scalars(select(RateBucket).where(RateBucket.key.in_(list(needed))))}
        return max((self._wait(rows.get(key), key, amount, now) for key, amount in needed.items()), default=0.0)

    def take(self, session: Session, needed: Mapping[str, float], now: dt.datetime) -> float:
        """Take the tokens, all or none, locking the buckets (the caller commits);
        returns 0, or the seconds to wait when they are not all there."""
        rows = self._locked(session, needed, now)
        waiting = max((self._wait(rows[key], key, amount, now) for key, amount in needed.items()), default=0.0)
        if not waiting:
            self._store(session, {key: self._level(rows[key], key, now) - amount for key, amount in needed.items()},
                        now)
        return waiting

    def give_back(self, session: Session, taken: Mapping[str, float], now: dt.datetime) -> None:
        """Return tokens taken for an action that turned out not to count."""
        rows = self._locked(session, taken, now)
        self._store(session, {
            key: min(self.size(key).capacity, self._level(rows[key], key, now) + amount)
            for key, amount in taken.items()
        }, now)

    def _locked(self, session: Session, needed: Mapping[str, float], now: dt.datetime) -> dict[str, RateBucket]:
        _make_missing(session, {key: self.size(key).capacity for key in needed}, now)
        return {
            row.key: row for row in session.scalars(
                # Locked in key order, the same in every transaction, or two would deadlock:
                # without ORDER BY rows are locked in the order they lie in the table,
                # and each update moves a row.
                select(RateBucket).where(RateBucket.key.in_(needed)).order_by(RateBucket.key).with_for_update()
                .execution_options(populate_existing=True)
            )
        }

    def _store(self, session: Session, levels: dict[str, float], now: dt.datetime) -> None:
        """The new levels, in one UPDATE statement whatever they are."""
        session.execute(update(RateBucket), [
            {"key": key, "tokens": tokens, "refilled_at": now, "full_at": self._full_at(key, tokens, now)}
            for key, tokens in sorted(levels.items())
        ])

    def _full_at(self, key: str, tokens: float, now: dt.datetime) -> dt.datetime:
        bucket = self.size(key)
        return now + dt.timedelta(seconds=min((bucket.capacity - tokens) / bucket.per_second, 10**8))

    def _level(self, row: RateBucket | None, key: str, now: dt.datetime) -> float:
        bucket = self.size(key)
        if row is None:
            return bucket.capacity
        elapsed = max((now - row.refilled_at).total_seconds(), 0.0)
        return min(bucket.capacity, row.tokens + elapsed * bucket.per_second)

    def _wait(self, row: RateBucket | None, key: str, amount: float, now: dt.datetime) -> float:
        bucket = self.size(key)
        if amount > bucket.capacity:
            return math.inf  # more than the bucket ever holds
        missing = amount - self._level(row, key, now)
        return 0.0 if missing <= 0 else missing / bucket.per_second


def _make_missing(session: Session, capacities: dict[str, float], now: dt.datetime) -> None:
    """Full buckets for keys without a row (two servers at once: one wins)."""
    rows = [{"key": key, "tokens": capacities[key], "refilled_at": now, "full_at": now} for key in sorted(capacities)]
    if not rows:
        return
    session.execute(insert_skipping_existing(session, RateBucket), rows)


def retry_after(seconds: float) -> int:
    """A whole number of seconds for the Retry-After header (at least 1, at most an hour)."""
    return max(1, math.ceil(min(seconds, 3600)))

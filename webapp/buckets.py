"""Token buckets kept in the database, so that every app server sees the
same levels (process memory would let a flood spread over workers).

A bucket holds up to ``capacity`` tokens and gains ``per_second`` of them
back; an action takes tokens, and when they are not there it is refused with
the seconds to wait (the caller answers 429 with Retry-After). The sync API
(webapp/api/budget.py) and staff sign-in (webapp/staff/signin_throttle.py)
each name their own kinds of bucket; ``BUDGETS`` in the app's config may give
a kind other sizes (SYNC_BUDGETS, README "Configuration").

A bucket is one number: ``full_at``, the moment (seconds since the epoch) it
will be full again (the "theoretical arrival time" of the generic cell rate
algorithm). Its ``span`` is how long it takes to fill from empty (capacity /
per_second). Until ``full_at`` it lacks (full_at - now) seconds' worth of
tokens; taking n tokens adds n / per_second seconds to that debt, which may
not grow past ``span``. So taking is one statement that updates one number
per bucket, and a busy bucket (every phone's sync takes from ``sync``) is
locked only from that statement to the commit right after it.

A row exists only while its bucket is not full, and ``flask purge`` deletes
rows past ``full_at`` (a missing row is a full bucket), so keys such as a
keyed hash of a sign-in address do not linger.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Float, bindparam, case, select, update
from sqlalchemy.orm import Session

from models import RateBucket
from models.db import insert_for, rows_as_parameters, rows_as_select

BUCKETS = RateBucket.__table__  # plain statements: no objects to keep in step


@dataclass(frozen=True)
class Bucket:
    capacity: float
    per_second: float

    @property
    def span(self) -> float:
        """Seconds from empty to full."""
        return self.capacity / self.per_second


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
        rows = session.execute(select(BUCKETS.c.key, BUCKETS.c.full_at).where(BUCKETS.c.key.in_(list(needed))))
        full_at = dict(rows.all())
        return max((self._wait(full_at.get(key), key, amount, now) for key, amount in needed.items()), default=0.0)

    def take(self, session: Session, needed: Mapping[str, float], now: dt.datetime) -> float:
        """Take the tokens, all or none (the caller commits); returns 0, or
        the seconds to wait when they are not all there."""
        if not needed:
            return 0.0
        if any(amount > self.size(key).capacity for key, amount in needed.items()):
            return math.inf  # more than the bucket ever holds
        taken = _taking(session, {key: self._row(key, amount, now) for key, amount in needed.items()}, now)
        if len(taken) == len(needed):
            return 0.0
        self.give_back(session, {key: needed[key] for key in taken}, now)
        return max(self.wait(session, needed, now), 1e-3)

    def give_back(self, session: Session, taken: Mapping[str, float], now: dt.datetime) -> None:
        """Return tokens taken for an action that turned out not to count."""
        rows = [{"bucket": key, "seconds": amount / self.size(key).per_second} for key, amount in sorted(taken.items())]
        if rows:
            session.execute(update(BUCKETS).where(BUCKETS.c.key == bindparam("bucket"))
                            .values(full_at=BUCKETS.c.full_at - bindparam("seconds")), rows)

    def _row(self, key: str, amount: float, now: dt.datetime) -> dict:
        """The row of a full bucket after taking ``amount``."""
        bucket = self.size(key)
        return {"key": key, "full_at": now.timestamp() + amount / bucket.per_second, "span": bucket.span}

    def _wait(self, full_at: float | None, key: str, amount: float, now: dt.datetime) -> float:
        bucket = self.size(key)
        if amount > bucket.capacity:
            return math.inf  # more than the bucket ever holds
        debt = max(0.0, (full_at or 0.0) - now.timestamp())
        return max(0.0, debt + amount / bucket.per_second - bucket.span)


def _taking(session: Session, rows: dict[str, dict], now: dt.datetime) -> set[str]:
    """One INSERT ... ON CONFLICT DO UPDATE for every bucket, in key order (the
    same in every transaction, so two never deadlock): a missing bucket is
    inserted as a full one that gave its tokens; an existing one carries its
    debt over, unless that would make it owe more than its span. Returns the
    keys of the buckets that gave."""
    dialect = session.get_bind().dialect.name
    given = rows_as_parameters(dialect, TAKEN, [rows[key] for key in sorted(rows)])
    return set(session.scalars(_taking_statement(dialect), {**given, "moment": now.timestamp()}))


TAKEN = [BUCKETS.c.key, BUCKETS.c.full_at, BUCKETS.c.span]


@functools.cache
def _taking_statement(dialect: str):
    """Built once, with the rows as parameters: compiled once, not for every
    request (which cost more than all the rest of a request's admission)."""
    statement = insert_for(dialect, BUCKETS)
    rows = rows_as_select(dialect, TAKEN)
    if dialect == "postgresql":
        rows = rows.order_by(rows.selected_columns[0])  # rows are locked in this order
    statement = statement.from_select(TAKEN, rows)
    table, new, moment = BUCKETS, statement.excluded, bindparam("moment", type_=Float)
    debt = case((table.c.full_at > moment, table.c.full_at - moment), else_=0.0)
    return statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"full_at": new.full_at + debt, "span": new.span},
        where=new.full_at + debt <= moment + new.span,
    ).returning(table.c.key)


def retry_after(seconds: float) -> int:
    """A whole number of seconds for the Retry-After header (at least 1, at most an hour)."""
    return max(1, math.ceil(min(seconds, 3600)))

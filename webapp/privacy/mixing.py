"""Rows that keep no order on PostgreSQL.

Residents' rows (check-ins, feedback, receipts) have random keys, and on
SQLite they live in WITHOUT ROWID tables sorted by those keys. PostgreSQL
keeps more: a table's rows lie in the order they were written (a dump lists
them so), and each row carries the id of the transaction that wrote it
(``xmin``), shared by everything one phone sent in one request. So on
PostgreSQL the rows received since the previous mixing are rewritten, in a
random order, by one transaction: afterwards they lie in no order and share
one transaction id. This runs at most once a minute, after a sync (and in
``flask purge``); a copy of the database taken within that minute still
shows the order of the rows received since (docs/privacy.md).

Each mixing takes every row received on or after the day of the previous
one, so the rows of a day are mixed together once more after the day ends.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app, has_app_context
from sqlalchemy import delete, func, insert, select, text, true
from sqlalchemy.orm import Session

from models import CheckIn, Feedback, FeedbackReceipt, Question, RowMixing, SyncReceipt

# Not response slots: they hold only a meeting and a random key, and a sync
# that fills slots while they were being rewritten would find none free.
RESIDENT_TABLES = (
    CheckIn.__table__, Feedback.__table__, FeedbackReceipt.__table__, SyncReceipt.__table__, Question.__table__,
)
EVERY = dt.timedelta(minutes=1)


def needed(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def mix_if_due(session: Session, now: dt.datetime) -> None:
    """Mix if a minute has passed since the last mixing (the caller commits).
    Each app process remembers when the last mixing it knows of was, and
    asks the database only once that is a minute ago (a sync then costs no
    extra statement)."""
    if not needed(session):
        return
    known = _known_mixings()
    if known.get("at") is not None and now - known["at"] < EVERY:
        return
    known["at"] = session.scalar(select(RowMixing.mixed_at).where(RowMixing.id == 1))
    if now - known["at"] >= EVERY and mix(session, now):
        known["at"] = now


def _known_mixings() -> dict:
    return current_app.extensions.setdefault("row_mixing", {}) if has_app_context() else {}


def mix(session: Session, now: dt.datetime) -> bool:
    """Rewrite the rows received since the last mixing in a random order.
    Another worker mixing at the same moment: skip (False)."""
    if not needed(session):
        return False
    state = session.scalar(select(RowMixing).where(RowMixing.id == 1).with_for_update(skip_locked=True))
    if state is None:
        return False  # another worker is mixing right now
    for table in RESIDENT_TABLES:
        _rewrite(session, table, state.open_since)
    state.mixed_at, state.open_since = now, now.date()
    session.flush()
    return True


def _rewrite(session: Session, table, since: dt.date) -> None:
    """Taken out and written back in a random order by one statement on the
    server (the rows never travel to the app):

        WITH taken AS (DELETE FROM t WHERE ... RETURNING *)
        INSERT INTO t SELECT * FROM taken ORDER BY gen_random_uuid()

    gen_random_uuid() draws from the server's strong random source. A row a
    sync commits while this runs is either among the rows taken out (and
    written back) or not touched at all."""
    received = table.c.received_on >= since if "received_on" in table.c else true()
    taken = delete(table).where(received).returning(*table.c).cte("taken")
    shuffled = select(*taken.c).order_by(func.gen_random_uuid())
    session.execute(insert(table).from_select(list(table.c.keys()), shuffled).add_cte(taken))


def vacuum(session: Session) -> None:
    """On PostgreSQL, clear the old versions of mixed and purged rows out of
    the tables (VACUUM cannot run inside a transaction)."""
    if not needed(session):
        return
    engine = session.get_bind().engine  # a connection's engine, or the engine itself
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in RESIDENT_TABLES:
            connection.execute(text(f'VACUUM "{table.name}"'))

"""The statement helpers in models/db.py that the sync's hot path leans on,
on SQLite and PostgreSQL: rows given as parameters go in with one
statement whatever their number, and what a request looked up once it
does not look up again."""
from __future__ import annotations

from sqlalchemy import delete, event, select

from models import Centre, RateBucket
from models.db import insert_for, load_once_by, rows_as_parameters, rows_as_select

BUCKETS = RateBucket.__table__
COLUMNS = [BUCKETS.c.key, BUCKETS.c.full_at, BUCKETS.c.span]


def _statements(engine, work) -> list[str]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith("SAVEPOINT"):  # the test's own transaction, not the helper's
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen


def test_rows_given_as_parameters_go_in_with_one_statement_whatever_their_number(db_session, engine):
    dialect = engine.dialect.name
    statement = insert_for(dialect, BUCKETS).from_select(COLUMNS, rows_as_select(dialect, COLUMNS))
    db_session.execute(delete(BUCKETS))
    for count in (1, 3, 7):
        rows = [{"key": f"test:{count}:{n}", "full_at": 1e9 + n + 0.25, "span": 60.0} for n in range(count)]
        seen = _statements(engine, lambda rows=rows: db_session.execute(
            statement, rows_as_parameters(dialect, COLUMNS, rows)))
        assert len(seen) == 1
        stored = db_session.execute(select(*COLUMNS).where(BUCKETS.c.key.like(f"test:{count}:%"))
                                    .order_by(BUCKETS.c.key)).all()
        assert [tuple(row) for row in stored] == [(row["key"], row["full_at"], row["span"]) for row in rows]


def test_what_a_session_looked_up_by_name_it_does_not_look_up_again(db_session, engine):
    first = _statements(engine, lambda: load_once_by(db_session, Centre, Centre.slug, {"demo", "no-such-centre"}))
    assert len(first) == 1
    found: dict = {}
    again = _statements(engine, lambda: found.update(
        load_once_by(db_session, Centre, Centre.slug, {"demo", "no-such-centre"})))
    assert again == []
    assert list(found) == ["demo"] and found["demo"].slug == "demo"  # what nothing holds is left out

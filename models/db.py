"""Engine creation shared by the app, Alembic and the tests."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import JSON, Select, bindparam, cast, create_engine, event, func, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("postgres://"):  # the spelling some hosts hand out
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    # Errors never carry the statement's values (an e-mail, a page's text) into a log.
    engine = create_engine(url, hide_parameters=True, **kwargs)
    if engine.dialect.name == "sqlite":
        _private_file(engine.url.database)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def insert_on_conflict(bind: Session | Connection, table):
    """An INSERT that can say what to do when a row's key (or any unique
    constraint) is taken already: ``.on_conflict_do_nothing()`` or
    ``.on_conflict_do_update(...)``, spelled alike on PostgreSQL and SQLite.
    A row that another transaction is inserting at that moment waits for it."""
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    return insert_for(dialect, table)


def insert_for(dialect: str, table):
    """``insert_on_conflict`` for a dialect named (for a statement built once per dialect)."""
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](table)


def rows_as_select(dialect: str, columns: list) -> Select:
    """A SELECT of rows that come as parameters (``rows_as_parameters``), of
    one shape whatever their number: SQLAlchemy compiles it once, and the
    database gets one statement for all the rows (``executemany`` would
    send one each; rows written into the statement make it new every time).
    PostgreSQL unnests one array per column; SQLite reads a JSON array, so
    the values are text, numbers or NULL (what JSON carries as it is)."""
    if dialect == "postgresql":
        arrays = [bindparam(f"rows_{column.name}", type_=postgresql.ARRAY(column.type)) for column in columns]
        rows = func.unnest(*arrays).table_valued(*(column.name for column in columns)).render_derived()
        return select(*(rows.c[column.name] for column in columns))
    rows = func.json_each(bindparam("rows", type_=JSON)).table_valued("value")
    # WHERE: SQLite reads "SELECT ... FROM f() ON CONFLICT" as a join without it.
    return select(*(cast(func.json_extract(rows.c.value, f"$[{number}]"), column.type)
                    for number, column in enumerate(columns))).where(true())


def rows_as_parameters(dialect: str, columns: list, rows: list[dict]) -> dict:
    """The parameters of ``rows_as_select(dialect, columns)`` for these rows."""
    if dialect == "postgresql":
        return {f"rows_{column.name}": [row[column.name] for row in rows] for column in columns}
    return {"rows": [[row[column.name] for column in columns] for row in rows]}


def load_once_by(session: Session, model, column, values) -> dict:
    """The objects of ``model`` whose unique ``column`` (its key, say) holds
    one of ``values``, by value (values nothing holds are left out), kept for
    the rest of the session: one query for the values not asked for before,
    none when every one was. (A session's identity map holds objects weakly
    and ``session.get`` asks once per key: a batch naming 50 meetings would
    cost 50 round trips.)"""
    kept = session.info.setdefault("loaded_once", {})
    missing = {value for value in values if (model, column.key, value) not in kept}
    if missing:
        found = {getattr(row, column.key): row for row in session.scalars(select(model).where(column.in_(missing)))}
        for value in missing:
            kept[model, column.key, value] = found.get(value)
    return {value: kept[model, column.key, value] for value in values if kept[model, column.key, value] is not None}


def _private_file(database: str | None) -> None:
    """The SQLite file (and its -wal and -shm, which SQLite makes with the same
    mode) readable by the app's user only: it holds what residents sent."""
    if not database or database == ":memory:" or not Path(database).parent.is_dir():
        return
    os.close(os.open(database, os.O_CREAT | os.O_RDWR, 0o600))
    for path in (database, database + "-wal", database + "-shm"):
        if os.path.exists(path):
            os.chmod(path, 0o600)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Python's sqlite3 driver starts and ends transactions on its own, which
    # breaks SAVEPOINTs (releasing one would commit). Take that over: no
    # automatic transactions, and BEGIN when SQLAlchemy begins one
    # (SQLAlchemy's documented recipe for pysqlite).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer writes; foreign keys are off by
    # default in SQLite and we rely on them.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Deleted rows (purged comments and pseudonyms, mixed receipts) are
    # overwritten with zeros, not left in free pages of the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin(connection) -> None:
    # A transaction that will write can ask to take the write lock at once
    # (execution option ``sqlite_immediate``): two such transactions then wait
    # for each other (busy_timeout) instead of one failing when both try to
    # turn a read lock into a write lock.
    immediate = connection.get_execution_options().get("sqlite_immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

"""One SQLAlchemy session per request, closed when the request ends.

The view owns the transaction: domain code adds, flushes and nests
savepoints, and the view (or a CLI command) commits once the whole change is
valid. On SQLite, a request that may write (anything but GET, HEAD and
OPTIONS) takes the database's write lock when its transaction begins, not
when it first writes: a transaction that read first and then tries to write
would fail at once if another one wrote in between ("database is locked"),
while one that asks first simply waits its turn (busy_timeout). A view that
first decides whether to write at all (the sync API refuses a flood with a
read) is marked ``@reads_first`` and calls ``begin_writing`` itself."""
from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from models.db import make_engine

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
        if has_request_context() and request.method not in READ_ONLY_METHODS and not _reads_first():
            begin_writing(g.db_session)
    return g.db_session


def reads_first(view):
    """Mark a view that reads before it decides to write (see begin_writing)."""
    view.reads_first = True
    return view


def _reads_first() -> bool:
    return getattr(current_app.view_functions.get(request.endpoint), "reads_first", False)


def begin_writing(db_session: Session) -> None:
    """On SQLite, end what the session was reading, and begin a transaction
    that holds the write lock from its start. PostgreSQL locks rows, not the
    database, and each statement sees what was committed before it (READ
    COMMITTED): the transaction goes on, which saves two round trips."""
    if db_session.get_bind().dialect.name != "sqlite":
        return
    if db_session.in_transaction():
        db_session.commit()
    db_session.connection(execution_options={"sqlite_immediate": True})


def commit_without_waiting_for_disk(db_session: Session) -> None:
    """Commit state whose loss in a crash harms nobody (the rate buckets)
    without waiting for the disk: on PostgreSQL the commit returns before its
    record is flushed (synchronous_commit off, for this transaction only), so
    rows it locked are free again sooner. Still atomic; at worst the last
    such commits are forgotten after a crash."""
    if db_session.get_bind().dialect.name == "postgresql":
        db_session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    db_session.commit()


def _close_session(_exc) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()

"""One SQLAlchemy session per request, closed when the request ends.

The view owns the transaction: domain code adds, flushes and nests
savepoints, and the view (or a CLI command) commits once the whole change is
valid. On SQLite, a request that may write (anything but GET, HEAD and
OPTIONS) takes the database's write lock when its transaction begins, not
when it first writes: a transaction that read first and then tries to write
would fail at once if another one wrote in between ("database is locked"),
while one that asks first simply waits its turn (busy_timeout)."""
from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
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
        if has_request_context() and request.method not in READ_ONLY_METHODS:
            g.db_session.connection(execution_options={"sqlite_immediate": True})
    return g.db_session


def _close_session(_exc) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()

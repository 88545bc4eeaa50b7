"""Fixture layer.

Every database test runs against SQLite, and again against PostgreSQL when
``TEST_DATABASE_URL`` is set (``.ci/run`` sets it and fails if PostgreSQL is
unreachable). Each backend is migrated with Alembic and seeded with the demo
content once; every test then runs inside a transaction that is rolled back.

Browser tests get a real HTTP server from ``live_server`` (one per test) or
``module_live_server`` (one per test module), each on its own new seeded
SQLite database, and Debian's Chromium as ``browser``/``phone``.

``make test`` runs the suite in two pytest-xdist workers (``--dist loadfile``:
a test module stays on one worker, so its module-wide server is started once).
Each worker is a process of its own, with its own temporary folder, Chromium,
live servers on free ports and environment; the one thing they share is the
PostgreSQL database, where each worker's schemas carry its name (``gw0``).
"""
from __future__ import annotations

import os
from contextlib import ExitStack, contextmanager
from itertools import count

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm import sessionmaker

from models.db import make_engine
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, PHONE, LiveServer, database, migrate_and_seed, seeded_app
from webapp import create_app

# "veiviser_test" in a serial run, "veiviser_test_gw0" in xdist's first worker:
# two workers never drop each other's schema.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
PG_SCHEMA = "veiviser_test" + (f"_{XDIST_WORKER}" if XDIST_WORKER else "")
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def postgres_url(schema: str = PG_SCHEMA) -> str:
    """TEST_DATABASE_URL, confined to its own schema so a run never touches
    anything else in that database."""
    base = os.environ["TEST_DATABASE_URL"]
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


def fresh_postgres_schema(schema: str = PG_SCHEMA) -> str:
    engine = make_engine(os.environ["TEST_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return postgres_url(schema)


def fresh_database_url(backend: str, tmp_path_factory, name: str = "veiviser") -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp(name) / 'test.db'}"
    return fresh_postgres_schema(f"{PG_SCHEMA}_{name}" if name != "veiviser" else PG_SCHEMA)


@pytest.fixture(scope="session")
def seeded_databases(tmp_path_factory):
    """``url_for(backend)``: the URL of that backend's migrated and seeded
    database, made on first use and kept for the whole run. A worker that gets
    whole files (``--dist loadfile``) goes from SQLite to PostgreSQL and back
    file by file; without this it would migrate and seed again each time."""
    urls: dict[str, str] = {}

    def url_for(backend: str) -> str:
        if backend not in urls:
            urls[backend] = fresh_database_url(backend, tmp_path_factory)
            migrate_and_seed(urls[backend])
            if backend == "postgresql":
                vacuum_never_truncates(urls[backend])
        return urls[backend]

    return url_for


def vacuum_never_truncates(url: str) -> None:
    """``flask purge`` ends with VACUUM on a connection of its own. Giving the
    empty pages at a table's end back needs a lock that the test's own open
    (rolled back) transaction holds, so PostgreSQL would wait 5 s per table
    before giving up on it: a wait only this fixture makes, as in production
    purge commits before it vacuums. Everything else VACUUM does still runs."""
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'ALTER TABLE "{table}" SET (vacuum_truncate = false)'))
    engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, seeded_databases) -> str:
    """A migrated database holding the demo content, one per backend."""
    return seeded_databases(request.param)


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def connection(engine):
    """One transaction per test, rolled back at the end: tests never see each
    other's writes, and the seeded content is always there."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture()
def session_factory(connection):
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture()
def db_session(session_factory):
    with session_factory() as session:
        yield session


@pytest.fixture()
def app(database_url, session_factory, tmp_path):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "SESSION_COOKIE_SECURE": False},
        instance_path=str(tmp_path / "instance"),
    )
    app.extensions["db_sessionmaker"] = session_factory
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def staff_client(app, db_session):
    """``staff_client("nurse")``: a client signed in with a new account of that role."""
    from tests.staff_helpers import make_user, sign_in

    def signed_in(role: str, language: str = "en"):
        user = make_user(db_session, role, language=language)
        client = app.test_client()
        assert sign_in(client, user.email).status_code == 302
        return client

    return signed_in


# --- browser tests: one Debian Chromium for the whole run --------------------


@pytest.fixture(scope="session")
def playwright():
    """Playwright itself, for a test that needs a browser of its own (one that
    sees other fonts); one per run, as Playwright allows."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture()
def phone(browser):
    """A fresh phone: its own storage, no service worker, no cookies."""
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture()
def phone_without_js(browser):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


# --- live servers: the app over real HTTP, for browser tests -------------------


@contextmanager
def serving(folder, *, own_static: bool = False, prepare=None):
    """The app on a new seeded database in ``folder``, served on a free port of
    127.0.0.1. ``prepare(session)`` adds what a test needs (it is committed);
    whatever it returns is kept as ``server.prepared``. ``own_static`` gives the
    app its own copy of the static files, so a test can make a release."""
    app = seeded_app(folder, own_static=own_static)
    prepared = None
    if prepare is not None:
        with database(app) as session:
            prepared = prepare(session)
            session.commit()
    server = LiveServer(app).start()
    server.prepared = prepared
    try:
        yield server
    finally:
        if server.running:
            server.stop()


def _server_factory(new_folder):
    """``start(own_static=False, prepare=None)`` for as many servers as a test
    wants; every one is stopped at the end."""
    with ExitStack() as stack:
        numbers = count()
        yield lambda **options: stack.enter_context(serving(new_folder(next(numbers)), **options))


@pytest.fixture()
def live_server(tmp_path):
    def new_folder(n):
        folder = tmp_path / f"server-{n}"
        folder.mkdir()
        return folder

    yield from _server_factory(new_folder)


@pytest.fixture(scope="module")
def module_live_server(tmp_path_factory):
    yield from _server_factory(lambda n: tmp_path_factory.mktemp(f"server-{n}"))

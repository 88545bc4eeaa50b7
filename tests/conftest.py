"""Fixture layer.

Every database test runs against SQLite, and again against PostgreSQL when
``TEST_DATABASE_URL`` is set (``.ci/run`` sets it and fails if PostgreSQL is
unreachable). Each backend is migrated with Alembic and seeded with the demo
content once; every test then runs inside a transaction that is rolled back.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from models.db import make_engine
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, PHONE, migrate_and_seed
from webapp import create_app

PG_SCHEMA = "veiviser_test"
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


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    """A migrated database holding the demo content, one per backend."""
    url = fresh_database_url(request.param, tmp_path_factory)
    migrate_and_seed(url)
    return url


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
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
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

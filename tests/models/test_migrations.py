"""Alembic is the only way the schema changes: upgrade gives the full schema
on an empty database, downgrade undoes it, and the models never drift."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import models
from models import migrate
from models.db import make_engine
from models.sync import receipt_check, receipt_key
from tests.conftest import BACKENDS, fresh_database_url


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path_factory):
    url = fresh_database_url(request.param, tmp_path_factory, name="migrations")
    engine = make_engine(url)
    yield url, engine
    engine.dispose()


def test_upgrade_gives_the_models_schema_and_downgrade_removes_it(empty_database):
    url, engine = empty_database
    migrate.upgrade(url)
    tables = set(inspect(engine).get_table_names())
    assert set(models.Base.metadata.tables) <= tables
    assert "alembic_version" in tables

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, models.Base.metadata) == []

    migrate.downgrade(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

    migrate.upgrade(url)  # and back again, as after a rollback of a release
    assert set(models.Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_making_resident_rows_unordered_keeps_them_and_their_receipts(empty_database):
    """0007 writes every check-in, feedback and receipt back under keys that
    say nothing about order; an item sent again is still recognised."""
    url, engine = empty_database
    migrate.upgrade(url, revision="0006_feedback")
    item_id, payload_hash = "6f1c2b9e-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "ab" * 32
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO centres (slug, name, municipality, nurse_phone, reception_phone, main_languages)"
            " VALUES ('c', 'C', '', '', '', '')"
        ))
        connection.execute(text(
            "INSERT INTO meetings (centre_id, starts_at, ends_at, place, interpreter_languages, food, childcare,"
            " checkin_opens_before, checkin_closes_after, source_lang, cancelled)"
            " VALUES (1, '2026-01-01 10:00:00', '2026-01-01 11:00:00', '', '', false, false, 15, 30, 'nb', false)"
        ))
        for n in range(3):
            connection.execute(text(
                "INSERT INTO checkins (meeting_id, pseudonym, \"window\", arrived_live, received_on)"
                f" VALUES (1, '{n:064x}', 1, true, '2026-01-01')"
            ))
        connection.execute(text(
            "INSERT INTO sync_receipts (id, item_type, payload_hash, result, received_on)"
            f" VALUES ('{item_id}', 'checkin', '{payload_hash}', 'accepted', '2026-01-01')"
        ))
    migrate.upgrade(url)
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT id FROM checkins")).scalars().all()
        assert len(ids) == 3 and all(len(i) == 36 for i in ids)
        (receipt,) = connection.execute(text('SELECT key, "check", result FROM sync_receipts')).all()
    assert receipt == (receipt_key(item_id), receipt_check(item_id, payload_hash), "accepted")
    assert item_id not in str(receipt)

    migrate.downgrade(url, revision="0006_feedback")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM checkins")).scalar() == 3
    migrate.upgrade(url)

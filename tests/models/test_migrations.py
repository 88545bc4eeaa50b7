"""Alembic is the only way the schema changes: upgrade gives the full schema
on an empty database, downgrade undoes it, and the models never drift."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import models
from models import migrate
from models.db import make_engine
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

"""Run Alembic migrations from Python (the CLI, ``make run`` and the tests).

The configuration is made here, not read from ``alembic.ini``, so that an
installed package (``pip install .``) migrates from any folder; the ini
file is only for running ``alembic`` by hand in a checkout."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None, connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["skip_logging_config"] = True
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str | None = None, connection=None, revision: str = "head") -> None:
    command.upgrade(alembic_config(url, connection), revision)


def downgrade(url: str | None = None, connection=None, revision: str = "base") -> None:
    command.downgrade(alembic_config(url, connection), revision)

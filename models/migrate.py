"""Run Alembic migrations from Python (the CLI, ``make run`` and the tests)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


def alembic_config(url: str | None = None, connection=None) -> Config:
    config = Config(str(ALEMBIC_INI))
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

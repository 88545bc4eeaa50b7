"""Alembic environment: migrates the database named by DATABASE_URL, or the
default SQLite file in instance/ (the same default as the app)."""
import os
from logging.config import fileConfig
from pathlib import Path

from alembic import context

import models
from models.db import make_engine

config = context.config
if config.config_file_name and not config.attributes.get("skip_logging_config"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

INSTANCE = Path(__file__).resolve().parents[2] / "instance"


def database_url() -> str:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL")
    if not url:
        INSTANCE.mkdir(exist_ok=True)
        url = f"sqlite:///{INSTANCE / 'veiviser.db'}"
    return url


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=models.Base.metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # handed in by tests or the app's CLI
        _run(connection)
        return
    engine = make_engine(database_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=models.Base.metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""Declarative base shared by every model, with a naming convention so that
Alembic migrations name constraints the same way on SQLite and PostgreSQL."""
import uuid

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def random_id() -> str:
    """A key for a row a resident's phone caused: random, so that keys say
    nothing about which rows came in first or together (docs/design.md, rule 2)."""
    return str(uuid.uuid4())


# The tables of what residents send. On SQLite they are WITHOUT ROWID tables,
# stored in the order of their random keys: no hidden row number keeps the
# order rows came in. (On PostgreSQL, webapp/privacy/mixing.py rewrites them.)
UNORDERED = {"sqlite_with_rowid": False}

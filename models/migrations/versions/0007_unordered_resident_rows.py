"""resident rows keep no order and cannot be matched: random check-in keys,
WITHOUT ROWID tables on SQLite, receipts keyed by a hash of the phone's UUID;
row_mixing

Every table of what residents send is made again and its rows written back
in a random order (so PostgreSQL's physical order and transaction ids, and
SQLite's row numbers, no longer tell the order they came in). A receipt's
UUID and unkeyed body hash become SHA-256(UUID) and HMAC(UUID, body hash):
an item sent again is still recognised, but no receipt can be matched to a
row without the UUID, which only the phone has. Downgrading keeps every
row but the receipts (their UUIDs are gone): items still in an outbox would
be applied again.

Revision ID: 0007_unordered_resident_rows
Revises: 0006_feedback
Create Date: 2026-12-05 02:00:00
"""
import datetime as dt
import hashlib
import hmac
import random
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_unordered_resident_rows"
down_revision: str | Sequence[str] | None = "0006_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNORDERED = {"sqlite_with_rowid": False}


def _rows(table: str) -> list[dict]:
    """Every row, with the column types of the table (dates as dates on SQLite too)."""
    bind = op.get_bind()
    reflected = sa.Table(table, sa.MetaData(), autoload_with=bind)
    return [dict(row) for row in bind.execute(sa.select(reflected)).mappings()]


def _write_shuffled(table: sa.Table, rows: list[dict]) -> None:
    rows = list(rows)
    random.SystemRandom().shuffle(rows)
    if rows:
        op.bulk_insert(table, rows)


def _checkins(key: sa.types.TypeEngine, **options) -> sa.Table:
    table = op.create_table(
        "checkins",
        sa.Column("id", key, nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=64), nullable=True),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("arrived_live", sa.Boolean(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_checkins_meeting_id_meetings"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("meeting_id", "pseudonym", name=op.f("uq_checkins_meeting_id")),
        **options,
    )
    op.create_index(op.f("ix_checkins_meeting_id"), "checkins", ["meeting_id"], unique=False)
    return table


def _feedback(**options) -> sa.Table:
    table = op.create_table(
        "feedback",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=10), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("page_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("interpreter", sa.String(length=10), nullable=True),
        sa.Column("next_time", sa.String(length=20), nullable=True),
        sa.Column("wish", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("comment_hidden", sa.Boolean(), nullable=False),
        sa.Column("handled", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(target = 'meeting') = (meeting_id IS NOT NULL) AND (target = 'page') = (page_id IS NOT NULL)",
            name=op.f("ck_feedback_target_matches"),
        ),
        sa.CheckConstraint("target IN ('meeting', 'page', 'centre')", name=op.f("ck_feedback_target_known")),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_feedback_rating_range")),
        sa.ForeignKeyConstraint(["centre_id"], ["centres.id"], name=op.f("fk_feedback_centre_id_centres"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_feedback_meeting_id_meetings"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], name=op.f("fk_feedback_page_id_pages"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        **options,
    )
    for column in ("centre_id", "meeting_id", "page_id", "received_on"):
        op.create_index(op.f(f"ix_feedback_{column}"), "feedback", [column], unique=False)
    return table


def _feedback_receipts(**options) -> sa.Table:
    return op.create_table(
        "feedback_receipts",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("attendee", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_feedback_receipts_meeting_id_meetings"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "attendee", name=op.f("pk_feedback_receipts")),
        **options,
    )


def _drop(table: str, indexed: tuple[str, ...] = ()) -> None:
    for column in indexed:
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
    op.drop_table(table)


def upgrade() -> None:
    checkins, feedback, receipts, attendees = (
        _rows("checkins"), _rows("feedback"), _rows("sync_receipts"), _rows("feedback_receipts")
    )
    _drop("checkins", ("meeting_id",))
    _drop("feedback", ("centre_id", "meeting_id", "page_id", "received_on"))
    _drop("feedback_receipts")
    _drop("sync_receipts")

    _write_shuffled(_checkins(sa.String(length=36), **UNORDERED),
                    [{**row, "id": str(uuid.uuid4())} for row in checkins])
    _write_shuffled(_feedback(**UNORDERED), feedback)
    _write_shuffled(_feedback_receipts(**UNORDERED), attendees)
    sync_receipts = op.create_table(
        "sync_receipts",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("check", sa.String(length=64), nullable=False),
        sa.Column("result", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_receipts")),
        **UNORDERED,
    )
    _write_shuffled(sync_receipts, [
        {
            "key": hashlib.sha256(row["id"].encode()).hexdigest(),
            "check": hmac.new(row["id"].encode(), row["payload_hash"].encode(), hashlib.sha256).hexdigest(),
            "result": row["result"],
            "received_on": row["received_on"],
        }
        for row in receipts
    ])
    row_mixing = op.create_table(
        "row_mixing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mixed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("open_since", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_row_mixing")),
    )
    # Never mixed yet: the next mixing takes every row there is.
    op.bulk_insert(row_mixing, [{"id": 1, "mixed_at": dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
                                 "open_since": dt.date(2000, 1, 1)}])


def downgrade() -> None:
    checkins, feedback, attendees = _rows("checkins"), _rows("feedback"), _rows("feedback_receipts")
    op.drop_table("row_mixing")
    _drop("sync_receipts")
    _drop("checkins", ("meeting_id",))
    _drop("feedback", ("centre_id", "meeting_id", "page_id", "received_on"))
    _drop("feedback_receipts")

    _write_shuffled(_checkins(sa.Integer()), [{**row, "id": n} for n, row in enumerate(checkins, 1)])
    if op.get_bind().dialect.name == "postgresql":  # the serial goes on after the rows written back
        op.execute("SELECT setval(pg_get_serial_sequence('checkins', 'id'), GREATEST(MAX(id), 1)) FROM checkins")
    _write_shuffled(_feedback(), feedback)
    _write_shuffled(_feedback_receipts(), attendees)
    op.create_table(
        "sync_receipts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("item_type", sa.String(length=40), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("result", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_receipts")),
    )

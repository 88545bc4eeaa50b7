"""rate buckets as one number each: the moment the bucket is full again
(seconds since the epoch) and the seconds it takes to fill, so that taking
tokens is one statement

The table is made anew: the buckets that were filling start full again
(a bucket only ever throttles, so nothing a resident sent is lost).

Revision ID: 0014_rate_buckets_as_one_number
Revises: 0013_response_slots
Create Date: 2026-12-05 13:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_rate_buckets_as_one_number"
down_revision: str | Sequence[str] | None = "0013_response_slots"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _drop() -> None:
    op.drop_index(op.f("ix_rate_buckets_full_at"), table_name="rate_buckets")
    op.drop_table("rate_buckets")


def upgrade() -> None:
    _drop()
    op.create_table(
        "rate_buckets",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("full_at", sa.Float(), nullable=False),
        sa.Column("span", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_buckets")),
    )
    op.create_index(op.f("ix_rate_buckets_full_at"), "rate_buckets", ["full_at"], unique=False)


def downgrade() -> None:
    _drop()
    op.create_table(
        "rate_buckets",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("refilled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("full_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_buckets")),
    )
    op.create_index(op.f("ix_rate_buckets_full_at"), "rate_buckets", ["full_at"], unique=False)

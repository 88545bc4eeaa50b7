"""what each content version changed, for publishing only what an edit affects

Revision ID: 0012_content_changes
Revises: 0011_notices_questions
Create Date: 2026-12-05 09:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_content_changes"
down_revision: str | Sequence[str] | None = "0011_notices_questions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_changes")),
    )
    op.create_index(op.f("ix_content_changes_version"), "content_changes", ["version"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_content_changes_version"), table_name="content_changes")
    op.drop_table("content_changes")

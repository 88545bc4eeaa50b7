"""change notes: a one-line "what changed" on each source revision, translated on its own

Revision ID: 0009_change_notes
Revises: 0008_robustness
Create Date: 2026-12-05 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_change_notes"
down_revision: str | Sequence[str] | None = "0008_robustness"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("page_revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_note", sa.String(length=200), nullable=False, server_default=""))
    op.create_table(
        "change_note_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"], ["pages.id"], name=op.f("fk_change_note_translations_page_id_pages"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["page_revisions.id"],
            name=op.f("fk_change_note_translations_revision_id_page_revisions"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"],
            name=op.f("fk_change_note_translations_updated_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_note_translations")),
        sa.UniqueConstraint("revision_id", "lang", name=op.f("uq_change_note_translations_revision_id")),
    )
    op.create_index(
        op.f("ix_change_note_translations_page_id"), "change_note_translations", ["page_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_change_note_translations_page_id"), table_name="change_note_translations")
    op.drop_table("change_note_translations")
    with op.batch_alter_table("page_revisions", schema=None) as batch_op:
        batch_op.drop_column("change_note")

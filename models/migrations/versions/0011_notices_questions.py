"""centre notices and their translations, Web Push subscriptions, questions
to the nurse

Questions and push subscriptions are resident rows: random keys and, on
SQLite, WITHOUT ROWID tables (no hidden row number keeps their order).

Revision ID: 0011_notices_questions
Revises: 0010_places_cards
Create Date: 2026-12-06 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_notices_questions"
down_revision: str | Sequence[str] | None = "0010_places_cards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNORDERED = {"sqlite_with_rowid": False}


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=True),
        sa.Column("source_lang", sa.String(length=8), nullable=False),
        sa.Column("source_version", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("pushed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_notices_author_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["centre_id"], ["centres.id"], name=op.f("fk_notices_centre_id_centres"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index(op.f("ix_notices_centre_id"), "notices", ["centre_id"], unique=False)
    op.create_index(op.f("ix_notices_expires_at"), "notices", ["expires_at"], unique=False)
    op.create_table(
        "notice_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("made_from", sa.Integer(), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["notice_id"], ["notices.id"], name=op.f("fk_notice_translations_notice_id_notices"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_translations")),
        sa.UniqueConstraint("notice_id", "lang", name=op.f("uq_notice_translations_notice_id")),
    )
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("endpoint", sa.String(length=1000), nullable=False),
        sa.Column("p256dh", sa.String(length=100), nullable=False),
        sa.Column("auth", sa.String(length=50), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["centre_id"], ["centres.id"], name=op.f("fk_push_subscriptions_centre_id_centres"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_subscriptions")),
        sa.UniqueConstraint("endpoint", name=op.f("uq_push_subscriptions_endpoint")),
        **UNORDERED,
    )
    op.create_index(op.f("ix_push_subscriptions_centre_id"), "push_subscriptions", ["centre_id"], unique=False)
    op.create_index(op.f("ix_push_subscriptions_expires_on"), "push_subscriptions", ["expires_on"], unique=False)
    op.create_table(
        "questions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("claim", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("abuse", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["centre_id"], ["centres.id"], name=op.f("fk_questions_centre_id_centres"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
        sa.UniqueConstraint("claim", name=op.f("uq_questions_claim")),
        **UNORDERED,
    )
    op.create_index(op.f("ix_questions_centre_id"), "questions", ["centre_id"], unique=False)
    op.create_index(op.f("ix_questions_received_on"), "questions", ["received_on"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_questions_received_on"), table_name="questions")
    op.drop_index(op.f("ix_questions_centre_id"), table_name="questions")
    op.drop_table("questions")
    op.drop_index(op.f("ix_push_subscriptions_expires_on"), table_name="push_subscriptions")
    op.drop_index(op.f("ix_push_subscriptions_centre_id"), table_name="push_subscriptions")
    op.drop_table("push_subscriptions")
    op.drop_table("notice_translations")
    op.drop_index(op.f("ix_notices_expires_at"), table_name="notices")
    op.drop_index(op.f("ix_notices_centre_id"), table_name="notices")
    op.drop_table("notices")

"""places near a centre and show-to-staff cards, with revisions and
translations; a centre's address, location, time zone and the nurse's hours

Revision ID: 0010_places_cards
Revises: 0009_change_notes
Create Date: 2026-12-05 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_places_cards"
down_revision: str | Sequence[str] | None = "0009_change_notes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _revision_columns() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("minor", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
    ]


def _translation_columns() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("source_revision_id", sa.Integer(), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
    ]


def _shared_columns() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=True),
        sa.Column("source_lang", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("major_revision_number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("centres", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.String(length=300), server_default="", nullable=False))
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), server_default="Europe/Oslo",
                                      nullable=False))
        batch_op.add_column(sa.Column("nurse_hours", sa.JSON(), server_default="{}", nullable=False))

    for kind, extra in (
        ("places", [
            sa.Column("category", sa.String(length=32), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("address", sa.String(length=300), nullable=False),
            sa.Column("phone", sa.String(length=32), nullable=False),
            sa.Column("latitude", sa.Float(), nullable=True),
            sa.Column("longitude", sa.Float(), nullable=True),
            sa.Column("walking_distance_m", sa.Integer(), nullable=True),
            sa.Column("hours", sa.JSON(), nullable=False),
            sa.Column("languages", sa.String(length=200), nullable=False),
            sa.Column("interpreter", sa.Boolean(), nullable=False),
            sa.Column("checked_by", sa.String(length=200), nullable=False),
            sa.Column("checked_on", sa.Date(), nullable=True),
            sa.Column("check_interval_days", sa.Integer(), nullable=False),
            sa.CheckConstraint("walking_distance_m IS NULL OR walking_distance_m >= 0",
                               name=op.f("ck_places_distance")),
        ]),
        ("cards", [
            sa.Column("norwegian_checked_by", sa.String(length=200), nullable=False),
            sa.Column("norwegian_checked_on", sa.Date(), nullable=True),
            sa.Column("norwegian_checked_revision", sa.Integer(), nullable=True),
        ]),
    ):
        op.create_table(
            kind,
            *_shared_columns(),
            *extra,
            sa.CheckConstraint("revision_number >= major_revision_number", name=op.f(f"ck_{kind}_revision_order")),
            sa.ForeignKeyConstraint(["centre_id"], ["centres.id"], name=op.f(f"fk_{kind}_centre_id_centres"),
                                    ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{kind}")),
            sa.UniqueConstraint("slug", name=op.f(f"uq_{kind}_slug")),
        )
        with op.batch_alter_table(kind, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{kind}_centre_id"), ["centre_id"], unique=False)

    for owner, texts in (
        ("place", lambda: [sa.Column("about", sa.Text(), nullable=False), sa.Column("cost", sa.Text(), nullable=False)]),
        ("card", lambda: [sa.Column("title", sa.String(length=120), nullable=False),
                          sa.Column("body", sa.Text(), nullable=False)]),
    ):
        owners = f"{owner}s"
        key = f"{owner}_id"
        revisions, translations = f"{owner}_revisions", f"{owner}_translations"
        op.create_table(
            revisions,
            *_revision_columns(),
            sa.Column(key, sa.Integer(), nullable=False),
            *texts(),
            sa.ForeignKeyConstraint([key], [f"{owners}.id"], name=op.f(f"fk_{revisions}_{key}_{owners}"),
                                    ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f(f"fk_{revisions}_author_id_users"),
                                    ondelete="SET NULL"),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{revisions}")),
            sa.UniqueConstraint(key, "number", name=op.f(f"uq_{revisions}_{key}")),
        )
        op.create_table(
            translations,
            *_translation_columns(),
            sa.Column(key, sa.Integer(), nullable=False),
            *texts(),
            sa.ForeignKeyConstraint([key], [f"{owners}.id"], name=op.f(f"fk_{translations}_{key}_{owners}"),
                                    ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["source_revision_id"], [f"{revisions}.id"],
                                    name=op.f(f"fk_{translations}_source_revision_id_{revisions}")),
            sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                    name=op.f(f"fk_{translations}_updated_by_id_users"), ondelete="SET NULL"),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{translations}")),
            sa.UniqueConstraint(key, "lang", name=op.f(f"uq_{translations}_{key}")),
        )


def downgrade() -> None:
    for table in ("card_translations", "card_revisions", "place_translations", "place_revisions"):
        op.drop_table(table)
    for kind in ("cards", "places"):
        with op.batch_alter_table(kind, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{kind}_centre_id"))
        op.drop_table(kind)
    # Plain ALTER TABLE (SQLite 3.35 and later, PostgreSQL): a batch operation
    # would copy and drop the centres table, and the drop would cascade to
    # every meeting and check-in.
    for column in ("nurse_hours", "timezone", "longitude", "latitude", "address"):
        op.execute(f"ALTER TABLE centres DROP COLUMN {column}")

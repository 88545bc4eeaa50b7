"""response slots: a check-in opens one, a feedback on the meeting fills one,
so syncs of one meeting no longer wait for each other on the meeting's row

Each meeting gets as many open slots as it has check-ins without a response.

Revision ID: 0013_response_slots
Revises: 0012_content_changes
Create Date: 2026-12-05 12:40:00
"""
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_response_slots"
down_revision: str | Sequence[str] | None = "0012_content_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    slots = op.create_table(
        "response_slots",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_response_slots_meeting_id_meetings"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "id", name=op.f("pk_response_slots")),
        sqlite_with_rowid=False,
    )
    bind = op.get_bind()
    checkins = dict(bind.execute(sa.text("SELECT meeting_id, count(*) FROM checkins GROUP BY meeting_id")).all())
    responses = dict(bind.execute(sa.text(
        "SELECT meeting_id, count(*) FROM feedback WHERE meeting_id IS NOT NULL GROUP BY meeting_id"
    )).all())
    rows = [
        {"meeting_id": meeting, "id": str(uuid.uuid4())}
        for meeting, counted in checkins.items()
        for _ in range(max(0, counted - responses.get(meeting, 0)))
    ]
    if rows:
        op.bulk_insert(slots, rows)


def downgrade() -> None:
    op.drop_table("response_slots")

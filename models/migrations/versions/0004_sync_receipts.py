"""sync receipts: one row per client-made UUID, for at-most-once sync

Revision ID: 0004_sync_receipts
Revises: 0003_staff
Create Date: 2026-11-22 01:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004_sync_receipts'
down_revision: Union[str, Sequence[str], None] = '0003_staff'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # A new table only: no ALTER, so SQLite needs no batch mode here.
    op.create_table('sync_receipts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('item_type', sa.String(length=40), nullable=False),
    sa.Column('payload_hash', sa.String(length=64), nullable=False),
    sa.Column('result', sa.String(length=40), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_receipts'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('sync_receipts')

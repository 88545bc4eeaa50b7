"""feedback, feedback receipts, "You said, we did"; check-in pseudonyms may be purged

Revision ID: 0006_feedback
Revises: 0005_meetings
Create Date: 2026-11-22 01:53:46.300648

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006_feedback'
down_revision: Union[str, Sequence[str], None] = '0005_meetings'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('feedback_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('source_lang', sa.String(length=8), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_feedback_responses_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_feedback_responses_centre_id_centres'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_responses'))
    )
    with op.batch_alter_table('feedback_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_responses_centre_id'), ['centre_id'], unique=False)

    op.create_table('feedback_response_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('said', sa.Text(), nullable=False),
    sa.Column('did', sa.Text(), nullable=False),
    sa.Column('draft', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['feedback_responses.id'], name=op.f('fk_feedback_response_translations_response_id_feedback_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_response_translations')),
    sa.UniqueConstraint('response_id', 'lang', name=op.f('uq_feedback_response_translations_response_id'))
    )
    op.create_table('feedback',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=10), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('page_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('interpreter', sa.String(length=10), nullable=True),
    sa.Column('next_time', sa.String(length=20), nullable=True),
    sa.Column('wish', sa.Text(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('comment_hidden', sa.Boolean(), nullable=False),
    sa.Column('handled', sa.Boolean(), nullable=False),
    sa.CheckConstraint("(target = 'meeting') = (meeting_id IS NOT NULL) AND (target = 'page') = (page_id IS NOT NULL)", name=op.f('ck_feedback_target_matches')),
    sa.CheckConstraint("target IN ('meeting', 'page', 'centre')", name=op.f('ck_feedback_target_known')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_feedback_rating_range')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_feedback_centre_id_centres'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_feedback_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], name=op.f('fk_feedback_page_id_pages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_page_id'), ['page_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_received_on'), ['received_on'], unique=False)

    op.create_table('feedback_receipts',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('attendee', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_feedback_receipts_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'attendee', name=op.f('pk_feedback_receipts'))
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.alter_column('pseudonym',
               existing_type=sa.VARCHAR(length=64),
               nullable=True)



def downgrade() -> None:
    """Downgrade schema."""
    # Purged pseudonyms cannot come back: give those rows a placeholder that
    # matches no phone, so the older schema's NOT NULL holds and counts stay.
    op.execute("UPDATE checkins SET pseudonym = 'purged-' || CAST(id AS VARCHAR(20)) WHERE pseudonym IS NULL")
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.alter_column('pseudonym',
               existing_type=sa.VARCHAR(length=64),
               nullable=False)

    op.drop_table('feedback_receipts')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_received_on'))
        batch_op.drop_index(batch_op.f('ix_feedback_page_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_centre_id'))

    op.drop_table('feedback')
    op.drop_table('feedback_response_translations')
    with op.batch_alter_table('feedback_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_responses_centre_id'))

    op.drop_table('feedback_responses')

"""card aliases (the card of a member merged into another keeps working as the other's) and the
member a possible_duplicate conflict names

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'card_aliases',
        sa.Column('card', sa.String(length=13), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('merged_member_id', sa.String(length=36), nullable=False),
        sa.Column('merged_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'],
                                name=op.f('fk_card_aliases_member_id_members')),
        sa.PrimaryKeyConstraint('card', name=op.f('pk_card_aliases')),
    )
    with op.batch_alter_table('card_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_card_aliases_member_id'), ['member_id'], unique=False)
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('related_member_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_column('related_member_id')
    with op.batch_alter_table('card_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_aliases_member_id'))
    op.drop_table('card_aliases')

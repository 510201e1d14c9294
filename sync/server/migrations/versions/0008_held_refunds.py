"""held refunds: pending refunds waiting for their sale, applied when it arrives or dead-lettered

Revision ID: 0008
Revises: 0007

A pending refund pushed before this revision whose sale was missing was rejected then: nothing to move.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'held_refunds',
        sa.Column('op_id', sa.String(length=36), nullable=False),
        sa.Column('terminal_id', sa.String(length=36), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.Column('receipt', sa.String(length=64), nullable=False),
        sa.Column('receipt_key', sa.String(length=255), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=True),
        sa.Column('cashier_id', sa.String(length=36), nullable=True),
        sa.Column('program_version', sa.Integer(), nullable=False),
        sa.Column('created_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('held_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('refunded', sa.BigInteger(), nullable=True),
        sa.Column('resolved_at', sync.server.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('op_id', name=op.f('pk_held_refunds')),
    )
    with op.batch_alter_table('held_refunds', schema=None) as batch_op:
        batch_op.create_index('ix_held_refunds_key', ['store_id', 'receipt_key', 'state'], unique=False)
        batch_op.create_index('ix_held_refunds_state', ['state', 'held_at'], unique=False)
        batch_op.create_index('ix_held_refunds_terminal', ['terminal_id', 'resolved_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('held_refunds', schema=None) as batch_op:
        batch_op.drop_index('ix_held_refunds_terminal')
        batch_op.drop_index('ix_held_refunds_state')
        batch_op.drop_index('ix_held_refunds_key')
    op.drop_table('held_refunds')

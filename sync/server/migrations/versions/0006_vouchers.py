"""vouchers: every redemption's voucher with its state (issued, used, void), expiry, use and void

Revision ID: 0006
Revises: 0005

Redemptions applied before this revision have no voucher row: their codes were never checked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'vouchers',
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('reward_id', sa.String(length=64), nullable=False),
        sa.Column('cost', sa.BigInteger(), nullable=False),
        sa.Column('entry_id', sa.String(length=36), nullable=False),
        sa.Column('terminal_id', sa.String(length=36), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('created_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('used_at', sync.server.models.UTCDateTime(), nullable=True),
        sa.Column('used_by', sa.String(length=36), nullable=True),
        sa.Column('voided_at', sync.server.models.UTCDateTime(), nullable=True),
        sa.Column('void_entry_id', sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_vouchers_member_id_members')),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_vouchers')),
        sa.UniqueConstraint('entry_id', name=op.f('uq_vouchers_entry_id')),
    )
    with op.batch_alter_table('vouchers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vouchers_member_id'), ['member_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vouchers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vouchers_member_id'))
    op.drop_table('vouchers')

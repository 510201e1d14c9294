"""staff: the cashiers and managers each terminal announced, so an adjust or void names a known manager

Revision ID: 0007
Revises: 0006

Empty at first: a terminal announces its cashiers with ``staff`` ops (one from before this revision does
so on its next push), its first manager without an approval.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff',
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.Column('terminal_id', sa.String(length=36), nullable=False),
        sa.Column('cashier_id', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('bootstrap', sa.Boolean(), nullable=False),
        sa.Column('approved_by', sa.String(length=64), nullable=True),
        sa.Column('op_id', sa.String(length=36), nullable=False),
        sa.Column('updated_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_staff_store_id_stores')),
        sa.PrimaryKeyConstraint('store_id', 'terminal_id', 'cashier_id', name=op.f('pk_staff')),
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index('ix_staff_store_cashier', ['store_id', 'cashier_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_store_cashier')
    op.drop_table('staff')

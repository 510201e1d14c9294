"""voucher states: vouchers.state, expiry, use and void; vouchers of other terminals (entry_id NULL)

Revision ID: 0004
Revises: 0003

pos_app.store.db.migrate backs the database up before running this (as before every migration).
Vouchers issued before this revision stay issued, with no expiry date (they never had one), and
name their own redeem entry.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pos_app.store.models

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('vouchers', schema=None) as batch_op:
        batch_op.alter_column('entry_id', existing_type=sa.String(length=36), nullable=True)
        batch_op.add_column(sa.Column('redeem_entry', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('terminal_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('state', sa.String(length=16), server_default='issued', nullable=False))
        batch_op.add_column(sa.Column('expires_at', pos_app.store.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('used_at', pos_app.store.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('used_by', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('voided_at', pos_app.store.models.UTCDateTime(), nullable=True))
    op.execute("UPDATE vouchers SET redeem_entry = entry_id")


def downgrade() -> None:
    op.execute("DELETE FROM vouchers WHERE entry_id IS NULL")
    with op.batch_alter_table('vouchers', schema=None) as batch_op:
        for column in ('voided_at', 'used_by', 'used_at', 'expires_at', 'state', 'terminal_id',
                       'redeem_entry'):
            batch_op.drop_column(column)
        batch_op.alter_column('entry_id', existing_type=sa.String(length=36), nullable=False)

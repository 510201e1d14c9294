"""sync mirror: server balance per member, dead-letter reason, unacknowledged-entry index

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pos_app.store.models

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('server_balance', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('server_synced_at', pos_app.store.models.UTCDateTime(), nullable=True))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_unacked', ['member_id'], unique=False,
                              sqlite_where=sa.text('acked = 0'))


def downgrade() -> None:
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_unacked', sqlite_where=sa.text('acked = 0'))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('reason')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('server_synced_at')
        batch_op.drop_column('server_balance')

"""conflict review, health snapshots, what tills say of themselves: HQ acknowledges a conflict in the
console with a note and its name; the dashboard's program-health figures kept per scope; each
terminal's software version, queued ops and clock skew as its last push said

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_at', sync.server.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('app_version', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('pending_ops', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('clock_skew_ms', sa.BigInteger(), nullable=True))
    op.create_table(
        'health_snapshots',
        sa.Column('scope', sa.String(length=64), nullable=False),
        sa.Column('computed_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_health_snapshots')),
    )


def downgrade() -> None:
    op.drop_table('health_snapshots')
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.drop_column('clock_skew_ms')
        batch_op.drop_column('pending_ops')
        batch_op.drop_column('app_version')
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_column('note')
        batch_op.drop_column('acknowledged_by')
        batch_op.drop_column('acknowledged_at')

"""conflict review and health snapshots: HQ acknowledges a conflict in the console, with a note and its
name; the dashboard's program-health figures kept per scope

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
    op.create_table(
        'health_snapshots',
        sa.Column('scope', sa.String(length=64), nullable=False),
        sa.Column('computed_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_health_snapshots')),
    )


def downgrade() -> None:
    op.drop_table('health_snapshots')
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_column('note')
        batch_op.drop_column('acknowledged_by')
        batch_op.drop_column('acknowledged_at')

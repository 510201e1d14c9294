"""guess attempts: failed registration codes per client address, shared by every server worker

Revision ID: 0009
Revises: 0008

Before this revision each server process kept its own table in memory: nothing to move (a restart
forgot it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'guess_attempts',
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('wait_until', sync.server.models.UTCDateTime(), nullable=True),
        sa.Column('last_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('address', name=op.f('pk_guess_attempts')),
    )
    with op.batch_alter_table('guess_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_guess_attempts_last_at', ['last_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('guess_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_guess_attempts_last_at')
    op.drop_table('guess_attempts')

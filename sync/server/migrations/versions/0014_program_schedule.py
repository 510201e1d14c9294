"""a program version may be loaded to be active from a later instant (NULL: active when loaded)

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('program_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active_from', sync.server.models.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('program_versions', schema=None) as batch_op:
        batch_op.drop_column('active_from')

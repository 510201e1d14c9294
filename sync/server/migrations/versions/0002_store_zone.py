"""stores get an IANA time zone and a region

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tz', sa.String(length=64), server_default='UTC', nullable=False))
        batch_op.add_column(sa.Column('region', sa.String(length=2), nullable=True))
    # The demo store is a shop in Bucharest (DESIGN); every other existing store keeps UTC until HQ sets it.
    op.execute("UPDATE stores SET tz = 'Europe/Bucharest', region = 'RO' WHERE id = 'demo'")


def downgrade() -> None:
    with op.batch_alter_table('stores', schema=None) as batch_op:
        batch_op.drop_column('region')
        batch_op.drop_column('tz')

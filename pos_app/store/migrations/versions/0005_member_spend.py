"""dated spend from other terminals: member_spend (member, sale time, amount) replaces members.base_spend

Revision ID: 0005
Revises: 0004

pos_app.store.db.migrate backs the database up before running this (as before every migration).
A member's base_spend (the spend elsewhere the server knew at the last pull) becomes one row dated at
that pull (the member's creation if it never had one): the tier it gave stays until the next pull
replaces the row with the server's dated spend, or, offline, until the window has moved a year on.
base_spend is left at 0 and no longer read; downgrade puts the sums back.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pos_app.store.models

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'member_spend',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('at', pos_app.store.models.UTCDateTime(), nullable=False),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'],
                                name=op.f('fk_member_spend_member_id_members')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_member_spend')),
    )
    with op.batch_alter_table('member_spend', schema=None) as batch_op:
        batch_op.create_index('ix_member_spend_window', ['member_id', 'at', 'amount'], unique=False)
    op.execute("INSERT INTO member_spend (member_id, at, amount)"
               " SELECT id, COALESCE(server_synced_at, created_at), base_spend FROM members"
               " WHERE base_spend > 0")
    op.execute("UPDATE members SET base_spend = 0 WHERE base_spend != 0")


def downgrade() -> None:
    op.execute("UPDATE members SET base_spend = COALESCE((SELECT SUM(s.amount) FROM member_spend s"
               " WHERE s.member_id = members.id), 0)")
    with op.batch_alter_table('member_spend', schema=None) as batch_op:
        batch_op.drop_index('ix_member_spend_window')
    op.drop_table('member_spend')

"""member web: one-time sign-in codes, sessions and the members' own audit trail of the member page

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'member_login_codes',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('spent_at', sync.server.models.UTCDateTime(), nullable=True),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'],
                                name=op.f('fk_member_login_codes_member_id_members')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_member_login_codes')),
    )
    with op.batch_alter_table('member_login_codes', schema=None) as batch_op:
        batch_op.create_index('ix_member_login_codes_member', ['member_id', 'created_at'], unique=False)
    op.create_table(
        'member_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('ended_at', sync.server.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'],
                                name=op.f('fk_member_sessions_member_id_members')),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_member_sessions')),
    )
    with op.batch_alter_table('member_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_member_sessions_member_id', ['member_id'], unique=False)
        batch_op.create_index('ix_member_sessions_expires_at', ['expires_at'], unique=False)
    op.create_table(
        'member_events',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'],
                                name=op.f('fk_member_events_member_id_members')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_member_events')),
    )
    with op.batch_alter_table('member_events', schema=None) as batch_op:
        batch_op.create_index('ix_member_events_member', ['member_id', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('member_events', schema=None) as batch_op:
        batch_op.drop_index('ix_member_events_member')
    op.drop_table('member_events')
    with op.batch_alter_table('member_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_member_sessions_expires_at')
        batch_op.drop_index('ix_member_sessions_member_id')
    op.drop_table('member_sessions')
    with op.batch_alter_table('member_login_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_member_login_codes_member')
    op.drop_table('member_login_codes')

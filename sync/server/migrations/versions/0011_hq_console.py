"""hq console: users with hashed passwords and roles, their sessions, the console's audit trail

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'hq_users',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=True),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('created_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('disabled_at', sync.server.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hq_users')),
        sa.UniqueConstraint('name', name=op.f('uq_hq_users_name')),
    )
    op.create_table(
        'hq_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('csrf', sa.String(length=64), nullable=False),
        sa.Column('created_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('ended_at', sync.server.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['hq_users.id'], name=op.f('fk_hq_sessions_user_id_hq_users')),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_hq_sessions')),
    )
    with op.batch_alter_table('hq_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_hq_sessions_user_id', ['user_id'], unique=False)
    op.create_table(
        'hq_audit',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sync.server.models.UTCDateTime(), nullable=False),
        sa.Column('user_name', sa.String(length=64), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=True),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hq_audit')),
    )
    with op.batch_alter_table('hq_audit', schema=None) as batch_op:
        batch_op.create_index('ix_hq_audit_at', ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('hq_audit', schema=None) as batch_op:
        batch_op.drop_index('ix_hq_audit_at')
    op.drop_table('hq_audit')
    with op.batch_alter_table('hq_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_hq_sessions_user_id')
    op.drop_table('hq_sessions')
    op.drop_table('hq_users')

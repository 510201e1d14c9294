"""reward limits: every redemption the server applied, counted for per-member limits and stock

Revision ID: 0004
Revises: 0003

Filled from the redemption ops already applied (their payload names the reward and the voucher).
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

import sync.server.models

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'redemptions',
        sa.Column('entry_id', sa.String(length=36), nullable=False),
        sa.Column('op_id', sa.String(length=36), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('reward_id', sa.String(length=64), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.Column('terminal_id', sa.String(length=36), nullable=False),
        sa.Column('voucher', sa.String(length=64), nullable=True),
        sa.Column('online', sa.Boolean(), nullable=False),
        sa.Column('awaiting_push', sa.Boolean(), nullable=False),
        sa.Column('answer', sa.Text(), nullable=True),
        sa.Column('created_at', sync.server.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['entry_id'], ['ledger_entries.id'],
                                name=op.f('fk_redemptions_entry_id_ledger_entries')),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_redemptions_member_id_members')),
        sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_redemptions')),
        sa.UniqueConstraint('op_id', name=op.f('uq_redemptions_op_id')),
    )
    with op.batch_alter_table('redemptions', schema=None) as batch_op:
        batch_op.create_index('ix_redemptions_member_reward', ['member_id', 'reward_id'], unique=False)
        batch_op.create_index('ix_redemptions_reward_store', ['reward_id', 'store_id'], unique=False)
        batch_op.create_index('ix_redemptions_awaiting', ['terminal_id', 'awaiting_push'], unique=False)
    conn = op.get_bind()
    stores: dict[str, str] = dict(conn.execute(sa.text("SELECT id, store_id FROM terminals")).all())
    known = set(conn.execute(sa.text("SELECT id FROM ledger_entries WHERE kind = 'redeem'")).scalars())
    rows = []
    for op_id, terminal_id, member_id, payload, created_at in conn.execute(sa.text(
            "SELECT op_id, terminal_id, member_id, payload, created_at FROM ops"
            " WHERE kind = 'redeem' AND status = 'applied' AND member_id IS NOT NULL")):
        body = json.loads(payload)
        entries = body.get("entries") or []
        entry_id = entries[0].get("id") if entries else None
        if entry_id not in known or not body.get("reward_id"):
            continue
        rows.append({"entry_id": entry_id, "op_id": op_id, "member_id": member_id,
                     "reward_id": str(body["reward_id"])[:64], "store_id": stores.get(terminal_id, ""),
                     "terminal_id": terminal_id, "voucher": body.get("voucher"), "online": False,
                     "awaiting_push": False,
                     "answer": None, "created_at": created_at})
    if rows:
        table = sa.table('redemptions', *(sa.column(name) for name in rows[0]))
        op.bulk_insert(table, rows)


def downgrade() -> None:
    with op.batch_alter_table('redemptions', schema=None) as batch_op:
        batch_op.drop_index('ix_redemptions_awaiting')
        batch_op.drop_index('ix_redemptions_reward_store')
        batch_op.drop_index('ix_redemptions_member_reward')
    op.drop_table('redemptions')

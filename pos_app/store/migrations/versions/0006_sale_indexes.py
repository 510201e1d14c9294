"""fewer indexes written per sale: a ledger entry 8 B-trees -> 5; the sale's reads from covering indexes

Revision ID: 0006
Revises: 0005

Every sale inserts a ledger entry, a sale and an outbox op, and each index of those tables is one more
B-tree page to change and write to the WAL before the sale's fsync. Dropped, because no query needs
them: ledger_entries' receipt and reverses indexes (no query looks an entry up by either) and its
partial index of unacknowledged entries (every query of those names the member, whose index finds
them). Merged: the open lots' and open debts' partial indexes become one of the open rows (remaining > 0
OR outstanding > 0), the very condition of the member's open rows that every sale reads (neither old
index could serve that OR: the sale read all of the member's entries), and the expiry job's due lots
(remaining > 0 implies it). The outbox's index of every op's member becomes a partial one of the pending
ops' members (what the member view counts): it no longer grows with the outbox. The sales' (member,
time) index also carries amount and refund, so the tier's spend of a sale's member is summed from the
index without reading the sales.

Only indexes change: no row is rewritten, the data stays as it is and downgrade builds the old ones
again. pos_app.store.db.migrate backs the database up before running this (as before every migration).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

OPEN = 'remaining > 0 OR outstanding > 0'


def upgrade() -> None:
    op.drop_index('ix_ledger_entries_receipt', table_name='ledger_entries')
    op.drop_index('ix_ledger_entries_reverses', table_name='ledger_entries')
    op.drop_index('ix_ledger_unacked', table_name='ledger_entries')
    op.create_index('ix_ledger_open', 'ledger_entries', ['member_id'], unique=False,
                    sqlite_where=sa.text(OPEN))
    op.drop_index('ix_ledger_open_lots', table_name='ledger_entries')
    op.drop_index('ix_ledger_open_debts', table_name='ledger_entries')
    op.create_index('ix_outbox_pending', 'outbox', ['member_id', 'status'], unique=False,
                    sqlite_where=sa.text("status = 'pending'"))
    op.drop_index('ix_outbox_member_id', table_name='outbox')
    op.create_index('ix_sales_member_spend', 'sales',
                    ['member_id', 'created_at', 'amount', 'refunded_amount'], unique=False)
    op.drop_index('ix_sales_member_time', table_name='sales')


def downgrade() -> None:
    op.create_index('ix_sales_member_time', 'sales', ['member_id', 'created_at'], unique=False)
    op.drop_index('ix_sales_member_spend', table_name='sales')
    op.create_index('ix_outbox_member_id', 'outbox', ['member_id'], unique=False)
    op.drop_index('ix_outbox_pending', table_name='outbox')
    op.create_index('ix_ledger_open_debts', 'ledger_entries', ['member_id'], unique=False,
                    sqlite_where=sa.text('outstanding > 0'))
    op.create_index('ix_ledger_open_lots', 'ledger_entries', ['member_id'], unique=False,
                    sqlite_where=sa.text('remaining > 0'))
    op.drop_index('ix_ledger_open', table_name='ledger_entries')
    op.create_index('ix_ledger_unacked', 'ledger_entries', ['member_id'], unique=False,
                    sqlite_where=sa.text('acked = 0'))
    op.create_index('ix_ledger_entries_reverses', 'ledger_entries', ['reverses'], unique=False)
    op.create_index('ix_ledger_entries_receipt', 'ledger_entries', ['receipt'], unique=False)

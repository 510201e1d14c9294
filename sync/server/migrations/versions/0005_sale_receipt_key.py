"""store receipts: sales.receipt_key, unique per store, filled for the sales already there

Revision ID: 0005
Revises: 0004

A store receipt earns once across its terminals: the key is pos_app.core.receipts.receipt_key of the
receipt as typed. Two sales of one store whose receipts normalise alike (earned on two tills before this
revision) both keep their rows: the oldest gets the key, each later one a key no typed receipt can have
(its key, a space, its earn entry id: a key never holds whitespace), and stays reachable by its exact
receipt from its own terminal.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sync.server.books import legacy_key, sale_key

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt_key', sa.String(length=255), nullable=True))
    conn = op.get_bind()
    taken: set[tuple[str, str]] = set()
    keys = []
    for entry_id, store_id, receipt in conn.execute(sa.text(
            "SELECT earn_entry_id, store_id, receipt FROM sales ORDER BY created_at, earn_entry_id")):
        key = sale_key(receipt)
        if not key or (store_id, key) in taken:
            key = legacy_key(key, entry_id)
        taken.add((store_id, key))
        keys.append({"key": key, "entry_id": entry_id})
    if keys:
        conn.execute(sa.text("UPDATE sales SET receipt_key = :key WHERE earn_entry_id = :entry_id"), keys)
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.alter_column('receipt_key', existing_type=sa.String(length=255), nullable=False)
        batch_op.create_unique_constraint('uq_sales_store_receipt_key', ['store_id', 'receipt_key'])


def downgrade() -> None:
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_constraint('uq_sales_store_receipt_key', type_='unique')
        batch_op.drop_column('receipt_key')

"""receipt keys: sales.receipt_key (normalised receipt, unique), filled for the sales already there

Revision ID: 0003
Revises: 0002

pos_app.store.db.migrate backs the database up before running this (as before every migration).
Two old sales whose receipts normalise alike ("SAME" and "same" both earned before this revision)
keep their rows: the oldest gets the key, each later one a key no typed receipt can have (its key, a
space, its exact receipt; a key never holds whitespace), and stays reachable by its exact receipt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos_app.core.receipts import receipt_key

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt_key', sa.String(length=64), nullable=True))
    conn = op.get_bind()
    taken: set[str] = set()
    keys = []
    for (receipt,) in conn.execute(sa.text("SELECT receipt FROM sales ORDER BY created_at, rowid")):
        key = receipt_key(receipt)
        if not key or key in taken:
            key = f"{key} {receipt}"
        taken.add(key)
        keys.append({"key": key, "receipt": receipt})
    if keys:
        conn.execute(sa.text("UPDATE sales SET receipt_key = :key WHERE receipt = :receipt"), keys)
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.create_index('ix_sales_receipt_key', ['receipt_key'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_receipt_key')
        batch_op.drop_column('receipt_key')

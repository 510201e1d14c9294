"""the audit trail: audit_log names the cashier and the member, and refuses UPDATE and DELETE

Revision ID: 0007
Revises: 0006

audit_log (0001: at, actor, action, detail) becomes the terminal's audit trail (pos_app.store.audit):
it gains the acting cashier's name as it was at the time (actor_name), the member an act was about
(member_id) and that member's card masked to its last four digits (card). Rows written before this
revision get the name of their cashier and the masked card their detail named, if any; the member's id
of those is not known (a masked card names no one).

Two triggers make the table append-only: any UPDATE or DELETE of a row is aborted by SQLite itself
(RAISE(ABORT)), whatever the code path, so a row, once committed with the act it records, stays as it
was. Downgrade drops the triggers, then the columns. pos_app.store.db.migrate backs the database up
before running this (as before every migration).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

NO_UPDATE = 'audit_log_no_update'
NO_DELETE = 'audit_log_no_delete'


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('member_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('card', sa.String(length=13), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_log_member_id'), ['member_id'], unique=False)
    # The rows so far, while they may still be changed: their cashier's name, the masked card they named.
    op.execute("UPDATE audit_log SET actor_name ="
               " (SELECT c.name FROM cashiers c WHERE c.id = audit_log.actor) WHERE actor IS NOT NULL")
    op.execute("UPDATE audit_log SET card = json_extract(detail, '$.card')"
               " WHERE json_valid(detail) AND json_type(detail, '$.card') = 'text'")
    op.execute(f"CREATE TRIGGER {NO_UPDATE} BEFORE UPDATE ON audit_log"
               " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: a row is never changed'); END")
    op.execute(f"CREATE TRIGGER {NO_DELETE} BEFORE DELETE ON audit_log"
               " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: a row is never removed'); END")


def downgrade() -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {NO_DELETE}")
    op.execute(f"DROP TRIGGER IF EXISTS {NO_UPDATE}")
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_member_id'))
        batch_op.drop_column('card')
        batch_op.drop_column('member_id')
        batch_op.drop_column('actor_name')

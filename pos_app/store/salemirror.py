"""Sales of other terminals of the store, mirrored here so this till can refund them.

A refund of a receipt this till did not ring asks the server for the store's sale
(``SyncAgent.fetch_sale``). What the refund needs is kept locally: a ``sales`` row with the
server's receipt, amounts and entry ids, and a ``server`` bookkeeping row (0 points) for each of
its entries the member mirror does not already hold, so the reversals can name them. The points
those entries earned come with the fetched sale (``RemoteSale``): a mirrored sale is refunded only
with a fresh copy of it, since other tills may have refunded part of it since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from pos_app.core.ledger import EntryKind
from pos_app.core.receipts import receipt_key
from pos_app.store.mirror import SERVER_TERMINAL
from pos_app.store.models import LedgerEntry, Member, Sale


@dataclass(frozen=True)
class RemoteSale:
    """The store's sale of a receipt as the server recorded it."""

    receipt: str
    member_card: str
    amount: int
    refunded_amount: int
    earn_entry_id: str
    earn_points: int
    bonus_entry_id: str | None
    bonus_points: int
    created_at: datetime


def is_mirrored(session: Session, sale: Sale) -> bool:
    """True if another terminal rang ``sale`` (its earn entry is a bookkeeping row of the mirror)."""
    earn = session.get(LedgerEntry, sale.earn_entry_id) if sale.earn_entry_id else None
    return earn is not None and earn.kind == EntryKind.SERVER


def mirror_sale(session: Session, remote: RemoteSale, member: Member) -> Sale:
    """The local row of ``remote`` (created or brought up to the server's refunded amount)."""
    for entry_id in (remote.earn_entry_id, remote.bonus_entry_id):
        if entry_id and session.get(LedgerEntry, entry_id) is None:
            session.add(LedgerEntry(
                id=entry_id, member_id=member.id, kind=EntryKind.SERVER, points=0, remaining=0, outstanding=0,
                store_id=member.store_id, terminal_id=SERVER_TERMINAL, receipt=remote.receipt,
                created_at=remote.created_at, reason="sale at another terminal", acked=True))
    session.flush()
    sale = session.get(Sale, remote.receipt)
    if sale is None:
        sale = Sale(receipt=remote.receipt, receipt_key=receipt_key(remote.receipt), member_id=member.id,
                    amount=remote.amount, refunded_amount=remote.refunded_amount,
                    points_earned=remote.earn_points + remote.bonus_points,
                    earn_entry_id=remote.earn_entry_id, bonus_entry_id=remote.bonus_entry_id,
                    created_at=remote.created_at)
        session.add(sale)
    else:
        # This till's own unacknowledged refunds of it are already counted locally.
        sale.refunded_amount = max(sale.refunded_amount, remote.refunded_amount)
    session.flush()
    return sale

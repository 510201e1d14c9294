"""Typed SQLAlchemy models of the terminal database.

Ledger entries double as lots (``remaining``/``expires_at``) and debits
(``outstanding``), so one table holds the whole append-only history; the
mutable columns there are bookkeeping of the pure ledger model, never points.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Shared with the server's models; the migrations name the type as ``pos_app.store.models.UTCDateTime``.
from pos_app.base.sqltypes import UTCDateTime, convention_metadata
from pos_app.base.tables import EntryColumns, MemberColumns


class Base(DeclarativeBase):
    metadata = convention_metadata()


class ProgramVersion(Base):
    __tablename__ = "program_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=False)


class Reward(Base):
    __tablename__ = "rewards"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    program_version: Mapped[int] = mapped_column(ForeignKey("program_versions.version"))
    name: Mapped[str] = mapped_column(String(200))
    cost: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[str] = mapped_column(String(200), default="")
    min_tier: Mapped[str | None] = mapped_column(String(64))
    starts: Mapped[datetime | None] = mapped_column(DateTime)
    ends: Mapped[datetime | None] = mapped_column(DateTime)
    per_member_limit: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Member(MemberColumns, Base):
    __tablename__ = "members"
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    store_id: Mapped[str] = mapped_column(String(64))
    # Cache only: always rebuildable from ledger_entries (see terminal.rebuild_balances).
    balance: Mapped[int] = mapped_column(Integer, default=0)
    # Unused since 0005 (which moved it into member_spend, dated at the last pull); kept, always 0, so the
    # table needs no rebuild. The tier's spend from other terminals is in MemberSpend.
    base_spend: Mapped[int] = mapped_column(Integer, default=0)
    # The server's balance at the last pull (0002); local balance = it + unacknowledged local entries.
    server_balance: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    server_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LedgerEntry(EntryColumns, Base):
    """A sale writes every index here (0006 dropped or merged the others): the primary key, the member's
    entries (its history, its unacknowledged ones), the time (the daily report) and the open rows."""

    __tablename__ = "ledger_entries"
    # Not indexed (0006): no query looks an entry up by its receipt (sales hold the receipt) or by the
    # entry it reverses; unacknowledged entries are always asked for one member, whose index finds them.
    receipt: Mapped[str | None] = mapped_column(String(64))
    reverses: Mapped[str | None] = mapped_column(ForeignKey("ledger_entries.id"))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # True once the server acknowledged the op that carried this entry.
    acked: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        # The member's open lots and debts, with the very condition the sale and MemberBook ask (SQLite
        # uses a partial index only for a condition that implies its own); the expiry job's due lots too.
        Index("ix_ledger_open", "member_id", sqlite_where=text("remaining > 0 OR outstanding > 0")),
    )


class Allocation(Base):
    __tablename__ = "allocations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    debit_id: Mapped[str] = mapped_column(ForeignKey("ledger_entries.id"), index=True)
    lot_id: Mapped[str] = mapped_column(ForeignKey("ledger_entries.id"), index=True)
    points: Mapped[int] = mapped_column(Integer)


class Sale(Base):
    __tablename__ = "sales"
    receipt: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    amount: Mapped[int] = mapped_column(Integer)
    refunded_amount: Mapped[int] = mapped_column(Integer, default=0)
    points_earned: Mapped[int] = mapped_column(Integer)
    earn_entry_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_entries.id"))
    bonus_entry_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_entries.id"))
    cashier_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # pos_app.core.receipts.receipt_key(receipt): "SAME", "same" and "ＳＡＭＥ" are one receipt. NULL only
    # on rows written around the terminal (a bulk load): those are found by their exact receipt alone.
    receipt_key: Mapped[str | None] = mapped_column(String(64))

    # The tier's spend (member, window start -> amount less refunds) is summed from the index alone (0006).
    __table_args__ = (Index("ix_sales_member_spend", "member_id", "created_at", "amount", "refunded_amount"),
                      Index("ix_sales_receipt_key", "receipt_key", unique=True))


class MemberSpend(Base):
    """Spend of the member's sales at other terminals (net of refunds), by sale time, as the server knew
    it at the last pull (0005). The tier counts a row while ``at`` is inside the rolling window, so an
    offline terminal's tier ages as the server's does; a pull replaces the member's rows."""

    __tablename__ = "member_spend"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    amount: Mapped[int] = mapped_column(Integer)

    # Covers the sale's aggregate (member, window start -> sum of amount) without touching the table.
    __table_args__ = (Index("ix_member_spend_window", "member_id", "at", "amount"),)


class Refund(Base):
    __tablename__ = "refunds"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt: Mapped[str] = mapped_column(ForeignKey("sales.receipt"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    points_reversed: Mapped[int] = mapped_column(Integer)
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_entries.id"))
    cashier_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Voucher(Base):
    """A redemption's voucher: this terminal's own, or one of another till the server told of (0004)."""

    __tablename__ = "vouchers"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    # The local redeem entry; NULL for a voucher another terminal issued (its entry is not here).
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    reward_id: Mapped[str] = mapped_column(String(64))
    cost: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The redeem entry's id wherever it was made: a void's reversal names it (0004).
    redeem_entry: Mapped[str | None] = mapped_column(String(36))
    terminal_id: Mapped[str | None] = mapped_column(String(36))  # the issuing terminal
    state: Mapped[str] = mapped_column(String(16), default="issued", server_default="issued")
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by: Mapped[str | None] = mapped_column(String(36))  # the terminal that took it
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Cashier(Base):
    __tablename__ = "cashiers"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="cashier")
    pin_hash: Mapped[str] = mapped_column(String(256))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class OutboxOp(Base):
    """An op the server must learn of, written in the same transaction as its change."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[str | None] = mapped_column(String(36))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The ops of a status in seq order (the push): the index order, whatever ANALYZE says of the sizes.
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    result: Mapped[str | None] = mapped_column(Text)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Why the server rejected it (0002): a dead letter the manager sees, never dropped.
    reason: Mapped[str | None] = mapped_column(Text)

    # A member's pending ops (the member view), 0006: only pending ops are in it, so an op leaves it once
    # the server answered (the index of every op's member it replaced grew with the outbox); the status in it
    # makes the count read the index alone.
    __table_args__ = (
        Index("ix_outbox_pending", "member_id", "status", sqlite_where=text("status = 'pending'")),
    )


class SyncState(Base):
    """Key/value facts about this terminal: identity, server, cursors."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditLog(Base):
    """The audit trail (pos_app.store.audit): append-only, the triggers of 0007 abort UPDATE and DELETE."""

    __tablename__ = "audit_log"
    # Read by code that rewrites rows across tables (an HQ merge of two members): never this one.
    __table_args__ = {"info": {"append_only": True}}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str | None] = mapped_column(String(64))  # the cashier's id (None: nobody known)
    action: Mapped[str] = mapped_column(String(64))  # the kind: a stable code such as "adjust"
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON: no PIN, token, code or full card
    actor_name: Mapped[str | None] = mapped_column(String(200))  # 0007: the cashier's name at the time
    member_id: Mapped[str | None] = mapped_column(String(36), index=True)  # 0007: the member acted on
    card: Mapped[str | None] = mapped_column(String(13))  # 0007: that member's card, masked


__all__ = [
    "Allocation",
    "AuditLog",
    "Base",
    "Cashier",
    "LedgerEntry",
    "Member",
    "OutboxOp",
    "ProgramVersion",
    "Refund",
    "Reward",
    "Sale",
    "SyncState",
    "UTCDateTime",
    "UniqueConstraint",
    "Voucher",
]

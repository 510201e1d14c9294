"""Server database: the authoritative ledger, members, terminals, ops and conflicts.

The ledger mirrors the terminal's: entries double as lots (``remaining``) and
debts (``outstanding``); a member's ``balance`` is a cache of the sum of its
entries. ``members.change_seq`` is the change feed: every transaction that
changes members takes the next value of the ``changes`` counter (a row lock held
until commit), so values appear in commit order and a pull cursor never skips.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pos_app.base.sqltypes import UTCDateTime as UTCDateTime

# Shared with the terminal's models; the migrations name the type as ``sync.server.models.UTCDateTime``.
from pos_app.base.sqltypes import convention_metadata
from pos_app.base.tables import EntryColumns, MemberColumns


class Base(DeclarativeBase):
    metadata = convention_metadata()


class Store(Base):
    __tablename__ = "stores"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # IANA zone of the shop's wall clock: promotions and birthday months follow it, not the terminal's.
    tz: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    region: Mapped[str | None] = mapped_column(String(2))  # ISO 3166 country code, e.g. RO


class Terminal(Base):
    __tablename__ = "terminals"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # One-time registration code (sha256), cleared when used.
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # as the till last said with a push (migration 0012): for HQ's terminals page
    app_version: Mapped[str | None] = mapped_column(String(32))
    pending_ops: Mapped[int | None] = mapped_column(BigInteger)
    clock_skew_ms: Mapped[int | None] = mapped_column(BigInteger)  # the till's clock minus the server's
    oldest_pending_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # migration 0013: still queued


class ApiToken(Base):
    """Tokens that are not terminals: HQ may read every store's reports."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProgramVersion(Base):
    __tablename__ = "program_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active_from: Mapped[datetime | None] = mapped_column(UTCDateTime)  # migration 0014: None = when loaded


class Member(MemberColumns, Base):
    __tablename__ = "members"
    email: Mapped[str | None] = mapped_column(String(254))
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    balance: Mapped[int] = mapped_column(BigInteger, default=0)  # cache of sum(entries.points)
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0)

    __table_args__ = (Index("ix_members_feed", "store_id", "change_seq", "id"),)


class CardAlias(Base):
    """The card of a member merged into another: it opens ``member_id`` from now on (migration 0003)."""

    __tablename__ = "card_aliases"
    card: Mapped[str] = mapped_column(String(13), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    merged_member_id: Mapped[str] = mapped_column(String(36))  # the id the merged member had
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LedgerEntry(EntryColumns, Base):
    __tablename__ = "ledger_entries"
    receipt: Mapped[str | None] = mapped_column(String(64))
    reverses: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    op_id: Mapped[str | None] = mapped_column(String(36))
    # Never loaded: declared so the unit of work inserts members before their entries.
    member: Mapped[Member] = relationship(lazy="raise", viewonly=False)

    __table_args__ = (
        Index("ix_ledger_open_lots", "member_id", sqlite_where=text("remaining > 0"),
              postgresql_where=text("remaining > 0")),
        Index("ix_ledger_open_debts", "member_id", sqlite_where=text("outstanding > 0"),
              postgresql_where=text("outstanding > 0")),
    )


class Allocation(Base):
    __tablename__ = "allocations"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    debit_id: Mapped[str] = mapped_column(ForeignKey("ledger_entries.id"), index=True)
    lot_id: Mapped[str] = mapped_column(ForeignKey("ledger_entries.id"))
    points: Mapped[int] = mapped_column(BigInteger)
    debit: Mapped[LedgerEntry] = relationship(foreign_keys=[debit_id], lazy="raise")
    lot: Mapped[LedgerEntry] = relationship(foreign_keys=[lot_id], lazy="raise")


class Sale(Base):
    __tablename__ = "sales"
    earn_entry_id: Mapped[str] = mapped_column(ForeignKey("ledger_entries.id"), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(36))
    store_id: Mapped[str] = mapped_column(String(64))
    receipt: Mapped[str] = mapped_column(String(64))
    # sync.server.books.sale_key(receipt) (pos_app.core.receipts.receipt_key): a store receipt earns once,
    # however it was typed and on whichever terminal (0005).
    receipt_key: Mapped[str] = mapped_column(String(255))
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    refunded_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    points_earned: Mapped[int] = mapped_column(BigInteger)
    bonus_entry_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    earn_entry: Mapped[LedgerEntry] = relationship(lazy="raise")
    member: Mapped[Member] = relationship(lazy="raise")

    __table_args__ = (
        UniqueConstraint("terminal_id", "receipt", name="uq_sales_terminal_receipt"),
        UniqueConstraint("store_id", "receipt_key", name="uq_sales_store_receipt_key"),
        Index("ix_sales_member_time", "member_id", "created_at"),
        Index("ix_sales_store_time", "store_id", "created_at"),
    )


class Op(Base):
    """Every op a terminal pushed, with the answer it got: the idempotency record."""

    __tablename__ = "ops"
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("terminal_id", "seq", name="uq_ops_terminal_seq"),)


class Conflict(Base):
    """Overdrafts and rejected ops found during sync, for HQ to review."""

    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    store_id: Mapped[str | None] = mapped_column(String(64))
    terminal_id: Mapped[str | None] = mapped_column(String(36))
    member_id: Mapped[str | None] = mapped_column(String(36))
    op_id: Mapped[str | None] = mapped_column(String(36))
    points: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str] = mapped_column(Text)
    # possible_duplicate: the member the conflict's member may be the same person as (migration 0003)
    related_member_id: Mapped[str | None] = mapped_column(String(36))
    # HQ's review in the console (migration 0012): who acknowledged it, when, and why
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class Counter(Base):
    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class GuessAttempt(Base):
    """Failed registration codes of one client address in a row (sync.server.throttle)."""

    __tablename__ = "guess_attempts"
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    wait_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Redemption(Base):
    """Every redemption the server applied: per-member limits and stock are counted here.

    ``online``: confirmed by POST /v1/redeem before the goods were handed over (its ``answer``
    is what the same op gets when the terminal's outbox pushes it later: a duplicate).
    """

    __tablename__ = "redemptions"
    entry_id: Mapped[str] = mapped_column(ForeignKey("ledger_entries.id"), primary_key=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    reward_id: Mapped[str] = mapped_column(String(64))
    store_id: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(36))
    voucher: Mapped[str | None] = mapped_column(String(64))
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    # Confirmed online and not pushed yet: the till's push of the same op closes it (a duplicate).
    awaiting_push: Mapped[bool] = mapped_column(Boolean, default=False)
    answer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    entry: Mapped[LedgerEntry] = relationship(lazy="raise")
    member: Mapped[Member] = relationship(lazy="raise")

    __table_args__ = (
        Index("ix_redemptions_member_reward", "member_id", "reward_id"),
        Index("ix_redemptions_reward_store", "reward_id", "store_id"),
        Index("ix_redemptions_awaiting", "terminal_id", "awaiting_push"),
    )


class Voucher(Base):
    """A redemption's voucher, chain-wide: issued, used once, voided by a manager, or past its date (0006)."""

    __tablename__ = "vouchers"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    store_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    reward_id: Mapped[str] = mapped_column(String(64))
    cost: Mapped[int] = mapped_column(BigInteger)
    entry_id: Mapped[str] = mapped_column(String(36), unique=True)  # the redeem entry
    terminal_id: Mapped[str] = mapped_column(String(36))  # the issuing terminal
    state: Mapped[str] = mapped_column(String(16), default="issued")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by: Mapped[str | None] = mapped_column(String(36))  # the terminal that took it
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_entry_id: Mapped[str | None] = mapped_column(String(36))  # the reversal returning the points


class StaffMember(Base):
    """A cashier or manager as a terminal announced it (``staff`` ops): who may approve a manager act (0007).

    One row per terminal and cashier id: ids are chosen on each terminal, so two tills' "manager" are two
    rows. An approval counts if the store has an active manager row with that id. Never a PIN or its hash.
    ``bootstrap``: the terminal's first manager, accepted without an approval (nobody could give one).
    """

    __tablename__ = "staff"
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    cashier_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean)
    bootstrap: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_by: Mapped[str | None] = mapped_column(String(64))  # the manager who approved the last change
    op_id: Mapped[str] = mapped_column(String(36))  # the staff op of the last change
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_staff_store_cashier", "store_id", "cashier_id"),)


class HeldRefund(Base):
    """A pending refund whose sale the server did not have yet: held until a sale of its store receipt
    arrives from any terminal of the store, or dead-lettered after the hold period (0008).

    ``state``: held, applied or rejected; ``refunded``: the amount applied (a pending refund naming none
    refunds what was left of the sale).
    """

    __tablename__ = "held_refunds"
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(36))
    store_id: Mapped[str] = mapped_column(String(64))
    receipt: Mapped[str] = mapped_column(String(64))
    receipt_key: Mapped[str] = mapped_column(String(255))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    cashier_id: Mapped[str | None] = mapped_column(String(36))
    program_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the op's time as the rules counted it
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default="held")
    reason: Mapped[str | None] = mapped_column(Text)
    refunded: Mapped[int | None] = mapped_column(BigInteger)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_held_refunds_key", "store_id", "receipt_key", "state"),
        Index("ix_held_refunds_state", "state", "held_at"),
        Index("ix_held_refunds_terminal", "terminal_id", "resolved_at"),
    )


class MemberLoginCode(Base):
    """A one-time sign-in code of the member page (sync.server.memberweb.login, 0010): kept as a hash,
    good for ten minutes and a few tries, spent by the first sign-in it opens."""

    __tablename__ = "member_login_codes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    spent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    address: Mapped[str] = mapped_column(String(64))  # who asked for it

    __table_args__ = (Index("ix_member_login_codes_member", "member_id", "created_at"),)


class MemberSession(Base):
    """A signed-in member page (its cookie holds the token; the server only the token's hash)."""

    __tablename__ = "member_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MemberEvent(Base):
    """What a member did on the member page (consent changes, data downloads, deletion): the audit trail
    of their own account, kept (without personal data) after a deletion."""

    __tablename__ = "member_events"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(32))  # consent.on, consent.off, data.download, account.delete
    address: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_member_events_member", "member_id", "at"),)


class HqUser(Base):
    """A person of the HQ console (sync.server.console): HQ sees every store, a store manager one."""

    __tablename__ = "hq_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # hq or store-manager
    store_id: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))  # scrypt, salted
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HqSession(Base):
    """A signed-in console (its cookie holds the token; the server only its hash) and its CSRF token."""

    __tablename__ = "hq_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("hq_users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HqAudit(Base):
    """Every change made in the console, with the name of who made it."""

    __tablename__ = "hq_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    store_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text)  # JSON


class HealthSnapshot(Base):
    """The program-health figures of one scope (a store, or "" for the chain) as last computed for the
    console's dashboard (sync.server.console.snapshots, 0012): read by every worker, refreshed when old."""

    __tablename__ = "health_snapshots"
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    body: Mapped[str] = mapped_column(Text)  # the HealthReport as JSON

"""The sale's hot path: plain ``?`` SQL on the write engine's own DBAPI connection.

``Terminal.sale`` is what the cashier waits for on every basket. Through the ORM it
cost ~2.7 ms of CPU (9 statements, object construction, the unit of work) before its
fsync; here it is one SELECT (member, the receipt's earlier sale, the qualifying spend
and the open lots and debts, together) and, in the common case, four writes.

Nothing about the guarantees changes: the connection is one of the same engine's (WAL,
``synchronous=FULL``, foreign keys, busy timeout are set on connect), kept by this thread between
sales (:meth:`pos_app.store.db.Database.raw_writer`: no pool checkout per sale), and the caller runs
this inside its BEGIN IMMEDIATE ... COMMIT (:meth:`~pos_app.store.db.Database.raw_transaction`). The lot
math stays in the pure :class:`pos_app.core.ledger.MemberLedger`, exactly
as :class:`pos_app.store.book.MemberBook` uses it, and the rows written are the ones the
ORM wrote: same columns, same defaults, datetimes in the text format of the models' UTCDateTime
(tests/pos_app/test_terminal_sale_hotpath.py reads them back through the ORM and checks both).

A scan's look-ups live here too (:func:`card_holder` for the quote, :func:`view_facts` for the member
view): plain SELECTs on :meth:`pos_app.store.db.Database.raw_reader`, no ORM objects, the same results
and the same alias of a merged card (tests/pos_app/store/test_store_cardpath.py).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import NamedTuple

from pos_app.core.ledger import Allocation, EntryKind, Lot, OpenRow, open_ledger
from pos_app.core.ops import OpKind
from pos_app.core.receipts import receipt_key
from pos_app.store.mirror import alias_key


def to_db(at: datetime | None) -> str | None:
    """A datetime as the models' UTCDateTime stores it on SQLite: naive UTC text with microseconds.

    What ``to_naive_utc(at).isoformat(" ", "microseconds")`` gives (a naive datetime is refused the same
    way), without building the naive copy: the aware UTC text less its "+00:00".
    """
    if at is None:
        return None
    if at.tzinfo is None:
        raise ValueError("naive datetime given to the database")
    return at.astimezone(UTC).isoformat(" ", "microseconds")[:-6]


def from_db(value: str | None) -> datetime | None:
    """Stored datetime text back as an aware UTC datetime, as UTCDateTime reads it."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC) if value is not None else None


# The tier's spend of member ``m`` since the window's start (bound twice): the window's local sales
# (less refunds) plus the other terminals' dated spend of the last pull (member_spend: its index
# covers the sum).
SPEND = """(SELECT COALESCE(SUM(x.amount - x.refunded_amount), 0) FROM sales x
             WHERE x.member_id = m.id AND x.created_at >= ?)
       + (SELECT COALESCE(SUM(d.amount), 0) FROM member_spend d WHERE d.member_id = m.id AND d.at >= ?)"""
# The open lots and debts of member ``m``, as JSON with their rowid: debts are paid oldest first,
# which MemberBook got from the index order (rowid) of its query. The dates come as the stored naive UTC
# text with "+00:00" appended (NULL stays NULL): ``datetime.fromisoformat`` then reads them as aware UTC
# datetimes at once, what :func:`from_db` gives, for a fraction of its cost (``replace`` is most of it).
OPEN_ROWS = """(SELECT json_group_array(json_array(e.rowid, e.id, e.points, e.remaining, e.outstanding,
                                           e.available_at || '+00:00', e.expires_at || '+00:00'))
          FROM ledger_entries e WHERE e.member_id = m.id AND (e.remaining > 0 OR e.outstanding > 0))"""
# One round trip for everything a sale reads. The receipt's earlier sale is found by its key
# (pos_app.core.receipts; unique index), so every spelling of one receipt finds it.
LOAD = f"""
SELECT m.id, m.card, m.blocked, m.balance, m.birthday, m.last_birthday_bonus_year,
       s.receipt, s.member_id, s.amount, s.points_earned, s.earn_entry_id, {SPEND}, {OPEN_ROWS}
  FROM members m LEFT JOIN sales s ON s.receipt_key = ?
 WHERE m.card = ?
"""
# A scan's look-ups, without the ORM: the member a card opens (unique index), and for the member view
# the same in one round trip with its tier's spend, open rows and pending ops (their partial index).
HOLDER = "SELECT id, card, name, phone, email, blocked, balance FROM members m"
MEMBER_BY_CARD = f"{HOLDER} WHERE card = ?"
VIEW = f"""
SELECT m.id, m.card, m.name, m.phone, m.email, m.blocked, m.balance, {SPEND}, {OPEN_ROWS},
       (SELECT COUNT(*) FROM outbox o WHERE o.status = 'pending' AND o.member_id = m.id)
  FROM members m WHERE m.card = ?
"""
SPEND_OF = f"SELECT {SPEND} FROM members m WHERE m.id = ?"
# A card HQ merged into another (pos_app.store.mirror.fold_aliases): the card it opens now.
ALIAS = "SELECT value FROM sync_state WHERE key = ?"
INSERT_ENTRY = (
    "INSERT INTO ledger_entries (id, member_id, kind, points, store_id, terminal_id, cashier_id, receipt,"
    " amount, rules_version, reverses, created_at, reason, remaining, available_at, expires_at,"
    " outstanding, acked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
)
UPDATE_OPEN = "UPDATE ledger_entries SET remaining = ?, outstanding = ? WHERE id = ?"
INSERT_ALLOCATION = "INSERT INTO allocations (debit_id, lot_id, points) VALUES (?, ?, ?)"
INSERT_SALE = (
    "INSERT INTO sales (receipt, receipt_key, member_id, amount, refunded_amount, points_earned,"
    " earn_entry_id, bonus_entry_id, cashier_id, created_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)"
)
INSERT_OP = (
    "INSERT INTO outbox (op_id, kind, member_id, payload, created_at, status, attempts)"
    " VALUES (?, ?, ?, ?, ?, 'pending', 0)"
)
UPDATE_MEMBER = "UPDATE members SET balance = ?, last_birthday_bonus_year = ? WHERE id = ?"
RECEIPTS_BETWEEN = "SELECT COUNT(*) FROM sales WHERE receipt >= ? AND receipt < ?"
RECEIPT_USED = "SELECT 1 FROM sales WHERE receipt = ? OR receipt_key = ?"


@dataclass(slots=True)
class NewEntry:
    """A ledger entry to insert; its attributes are LedgerEntry's, so ``queries.entry_dict`` serves both."""

    id: str
    member_id: str
    kind: EntryKind
    points: int
    store_id: str
    terminal_id: str
    cashier_id: str | None
    created_at: datetime
    rules_version: int | None
    receipt: str | None = None
    amount: int | None = None
    reverses: str | None = None
    reason: str | None = None
    available_at: datetime | None = None
    expires_at: datetime | None = None
    remaining: int = 0
    outstanding: int = 0


@dataclass(frozen=True, slots=True)
class PreviousSale:
    receipt: str
    member_id: str
    amount: int
    points_earned: int
    earn_entry_id: str | None


@dataclass(slots=True)
class SaleMember:
    id: str
    card: str
    blocked: bool
    balance: int
    birthday: date | None
    last_birthday_bonus_year: int | None
    # Qualifying spend since the start of the window: local sales (less refunds) and the other terminals'
    # dated spend as of the last pull.
    window_spend: int
    previous: PreviousSale | None  # the sale that already has this receipt, if any
    open_rows: list[OpenRow] = field(default_factory=list)
    loaded_balance: int = 0
    loaded_bonus_year: int | None = None


_aware = datetime.fromisoformat


def open_rows(open_json: str | None) -> list[OpenRow]:
    """The OPEN_ROWS aggregate as ledger rows, oldest first (dates as :func:`from_db` reads them)."""
    if not open_json:
        return []
    return [(r[1], r[2], r[3], r[4], _aware(r[5]) if r[5] is not None else None,
             _aware(r[6]) if r[6] is not None else None) for r in sorted(json.loads(open_json))]


def key_of(receipt: str) -> str:
    """:func:`pos_app.core.receipts.receipt_key`, with a shortcut for what tills print: printable ASCII
    without spaces, where NFKC changes nothing, case folding is ``lower()`` and nothing is dropped
    (ASCII has no Cf character; its Cc characters and whitespace fail ``isprintable`` or are the space)."""
    if receipt.isascii() and receipt.isprintable() and " " not in receipt:
        return receipt.lower()
    return receipt_key(receipt)


def alias_target(conn: sqlite3.Connection, card: str) -> str | None:
    """The card a merged card now opens (as :func:`pos_app.store.mirror.alias_target`), or None."""
    row = conn.execute(ALIAS, (alias_key(card),)).fetchone()
    return str(row[0]) if row is not None else None


def load(conn: sqlite3.Connection, card: str, key: str, since: str) -> SaleMember | None:
    """The member with ``card`` (None if there is none), its open lots and debts, and the sale whose
    receipt has ``key`` (:func:`pos_app.core.receipts.receipt_key`); ``since``: the tier window's start
    as stored (:func:`to_db`)."""
    row = conn.execute(LOAD, (since, since, key, card)).fetchone()
    if row is None:
        return None
    (member_id, number, blocked, balance, birthday, bonus_year, s_receipt, s_member, s_amount,
     s_points, s_earn, spend, open_json) = row
    previous = (PreviousSale(s_receipt, s_member, s_amount, s_points, s_earn)
                if s_receipt is not None else None)
    return SaleMember(
        member_id, number, bool(blocked), balance,
        date.fromisoformat(birthday) if birthday is not None else None,
        bonus_year, int(spend or 0), previous, open_rows(open_json), balance, bonus_year,
    )


@dataclass(frozen=True, slots=True)
class CardHolder:
    """The member a scanned card opens, as a scan needs it (no ORM object)."""

    id: str
    card: str
    name: str
    phone: str | None
    email: str | None
    blocked: bool
    balance: int  # the cached balance (members.balance)


def card_holder(conn: sqlite3.Connection, card: str) -> CardHolder | None:
    """The member holding the normalized ``card``, or the one a merged card now opens; None if neither."""
    row = conn.execute(MEMBER_BY_CARD, (card,)).fetchone()
    if row is None and (kept := alias_target(conn, card)) is not None:
        row = conn.execute(MEMBER_BY_CARD, (kept,)).fetchone()
    if row is None:
        return None
    member_id, number, name, phone, email, blocked, balance = row
    return CardHolder(member_id, number, name, phone, email, bool(blocked), balance)


@dataclass(frozen=True, slots=True)
class ViewFacts:
    """What the member view shows of a card's member: its row, tier spend, open rows and pending ops."""

    holder: CardHolder
    window_spend: int
    open_rows: list[OpenRow]
    pending_ops: int


def view_facts(conn: sqlite3.Connection, card: str, window_start: datetime) -> ViewFacts | None:
    """One round trip for the member view of ``card`` (or of the card a merged one opens); None: no member."""
    since = to_db(window_start)
    row = conn.execute(VIEW, (since, since, card)).fetchone()
    if row is None and (kept := alias_target(conn, card)) is not None:
        row = conn.execute(VIEW, (since, since, kept)).fetchone()
    if row is None:
        return None
    member_id, number, name, phone, email, blocked, balance, spend, open_json, pending = row
    return ViewFacts(CardHolder(member_id, number, name, phone, email, bool(blocked), balance),
                     int(spend or 0), open_rows(open_json), int(pending))


def spend_of(conn: sqlite3.Connection, member_id: str, window_start: datetime) -> int:
    """The tier's spend of a member since ``window_start`` (as :func:`pos_app.store.queries.spend_since`)."""
    since = to_db(window_start)
    row = conn.execute(SPEND_OF, (since, since, member_id)).fetchone()
    return int(row[0] or 0) if row is not None else 0


def next_receipt(conn: sqlite3.Connection, terminal_id: str, local: datetime) -> str:
    """The day's next unused receipt number of this terminal (TERM-YYYYMMDD-0001)."""
    prefix = f"{terminal_id[-4:].upper()}-{local:%Y%m%d}-"
    high = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # a range on the primary key, not LIKE (a scan)
    count = conn.execute(RECEIPTS_BETWEEN, (prefix, high)).fetchone()[0] or 0
    while True:
        count += 1
        receipt = f"{prefix}{count:04d}"
        if conn.execute(RECEIPT_USED, (receipt, receipt_key(receipt))).fetchone() is None:
            return receipt


class SaleBook:
    """MemberBook for the hot path: open lots and debts in a pure MemberLedger; changes come out as rows."""

    def __init__(self, member: SaleMember) -> None:
        self.member = member
        self.loaded = {row[0]: (row[2], row[3]) for row in member.open_rows}
        self.ledger = open_ledger(member.open_rows)
        self.new: list[NewEntry] = []
        self.allocations: list[Allocation] = []

    def add(self, entry: NewEntry) -> NewEntry:
        self.new.append(entry)
        return entry

    def credit(self, entry: NewEntry, available_at: datetime, expires_at: datetime) -> None:
        entry.available_at, entry.expires_at = available_at, expires_at
        self.allocations += self.ledger.credit(entry.id, entry.points, available_at, expires_at)

    def expire(self, entry: NewEntry, lot: Lot) -> NewEntry:
        self.add(entry)
        self.allocations.append(self.ledger.expire(entry.id, lot))
        return entry

    def save(self, conn: sqlite3.Connection, sale: NewSale, ops: list[NewOp]) -> int:
        """Write the entries, changed open rows, allocations, sale, ops and balance cache."""
        ledger = self.ledger
        lots = {lot.entry_id: lot.remaining for lot in ledger.lots}
        debts = {debt.entry_id: debt.outstanding for debt in ledger.debts}
        # A sale's rows share a few datetimes (its time, its lots' dates): each is formatted once.
        texts: dict[datetime | None, str | None] = {None: None}

        def text(at: datetime | None) -> str | None:
            if at not in texts:
                texts[at] = to_db(at)
            return texts[at]

        rows = []
        for e in self.new:
            e.remaining, e.outstanding = lots.get(e.id, 0), debts.get(e.id, 0)
            rows.append((e.id, e.member_id, e.kind, e.points, e.store_id, e.terminal_id, e.cashier_id,
                         e.receipt, e.amount, e.rules_version, e.reverses, text(e.created_at), e.reason,
                         e.remaining, text(e.available_at), text(e.expires_at), e.outstanding))
        if len(rows) == 1:
            conn.execute(INSERT_ENTRY, rows[0])
        else:
            conn.executemany(INSERT_ENTRY, rows)
        changed = []
        for entry_id, was in self.loaded.items():
            after = (lots.get(entry_id, 0), debts.get(entry_id, 0))
            if after != was:
                changed.append((*after, entry_id))
        if changed:
            conn.executemany(UPDATE_OPEN, changed)
        if self.allocations:
            conn.executemany(INSERT_ALLOCATION, [(a.debit_id, a.lot_id, a.points) for a in self.allocations])
            self.allocations = []
        conn.execute(INSERT_SALE, (sale.receipt, sale.receipt_key, sale.member_id, sale.amount,
                                   sale.points_earned, sale.earn_entry_id, sale.bonus_entry_id,
                                   sale.cashier_id, text(sale.created_at)))
        for o in ops:
            conn.execute(INSERT_OP, (o.op_id, o.kind, o.member_id, o.payload, text(o.created_at)))
        member = self.member
        balance = ledger.balance
        if (balance, member.last_birthday_bonus_year) != (member.loaded_balance, member.loaded_bonus_year):
            conn.execute(UPDATE_MEMBER, (balance, member.last_birthday_bonus_year, member.id))
        member.balance = balance
        return balance


class NewSale(NamedTuple):  # a tuple: built once per sale, cheaper than a frozen dataclass
    receipt: str  # as typed (or generated): what the receipt shows
    receipt_key: str
    member_id: str
    amount: int
    points_earned: int
    earn_entry_id: str
    bonus_entry_id: str | None
    cashier_id: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewOp:
    op_id: str
    kind: OpKind
    member_id: str | None
    payload: str
    created_at: datetime

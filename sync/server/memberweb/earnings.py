"""Why a sale earned what it did, recomputed when the page is drawn exactly as the server applied it.

The server computed a sale's earn (``sync.server.apply._check_sale``) with the program version the
entry names, the promotion of the op's time in the store's zone, and the member's tier from the
rolling spend of the sales it had applied before that one, each less what had been refunded of it by
then. The same figures are read back here from the server's own rows: the member's sales (one query,
with the time and op sequence they were applied in) and the refund ops (one query, with the amounts
the server refunded). The explanation is only shown when it gives the points the ledger holds; a sale
whose state then cannot be read back (a merge moved sales in since) is explained by the tier that
gives those points, nearest the recomputed one, else by its amount alone.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pos_app.core.ledger import EntryKind
from pos_app.core.money import format_amount
from pos_app.core.ops import OpKind
from pos_app.core.program import EarnQuote, Program, Tier, quote_earn
from pos_app.core.tiers import window_start
from sync.server import rules
from sync.server.books import Spend, sale_key
from sync.server.models import LedgerEntry, Op, Sale, Terminal

Order = tuple[datetime, int]  # when the server applied an op: its batch's clock, then its sequence


@dataclass(frozen=True)
class Why:
    """One part of a line's explanation: a text key of the page and its values."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sold:
    earn_entry_id: str
    store: str
    key: str  # the receipt's store-wide key
    amount: int
    at: datetime  # the sale's rule time
    order: Order


@dataclass(frozen=True)
class Refunded:
    store: str
    key: str
    amount: int
    order: Order


@dataclass
class Sales:
    """The member's sales around the history's purchases and the refunds of them, as the server holds them."""

    by_entry: dict[str, Sold] = field(default_factory=dict)
    refunds: dict[tuple[str, str], list[Refunded]] = field(default_factory=lambda: defaultdict(list))

    def before(self, sale: Sold) -> list[Spend]:
        """The rolling-spend rows the server had when it applied ``sale``: the sales applied before it, each
        less the refunds applied before it."""
        spends = []
        for other in self.by_entry.values():
            if other.order >= sale.order:
                continue
            refunds = self.refunds.get((other.store, other.key), ())
            refunded = sum(r.amount for r in refunds if r.order < sale.order)
            spends.append(Spend(other.amount, min(refunded, other.amount), other.at))
        return spends


def load_sales(session: Session, member_id: str, at: Sequence[datetime]) -> Sales:
    """The member's sales from a rolling window before the earliest of ``at`` to the latest, and the refunds
    the server applied to them: two queries for the whole history."""
    found = Sales()
    if not at:
        return found
    start, end = window_start(rules.as_utc(min(at))), rules.as_utc(max(at))
    s, e = Sale, LedgerEntry
    for earn_id, store, key, amount, created, recorded, seq in session.execute(
            select(s.earn_entry_id, s.store_id, s.receipt_key, s.amount, s.created_at, e.recorded_at, Op.seq)
            .join(e, e.id == s.earn_entry_id).outerjoin(Op, Op.op_id == e.op_id)
            .where(s.member_id == member_id, s.created_at >= start, s.created_at <= end)):
        found.by_entry[earn_id] = Sold(earn_id, store, key, int(amount), rules.as_utc(created),
                                       (rules.as_utc(recorded), int(seq or 0)))
    if not found.by_entry:
        return found
    # Refunds are received after the sale they refund was made: none before the window counts. A refund of
    # a receipt whose points were zero writes no reversal, so the ops say which refunds were this member's.
    reversed_by = select(e.op_id).where(e.member_id == member_id, e.kind == EntryKind.REVERSE,
                                        e.op_id.is_not(None), e.created_at >= start)
    for payload, received, seq, store in session.execute(
            select(Op.payload, Op.received_at, Op.seq, Terminal.store_id)
            .join(Terminal, Terminal.id == Op.terminal_id)
            .where(Op.kind == OpKind.REFUND, Op.status == "applied", Op.received_at >= start,
                   or_(Op.member_id == member_id, Op.op_id.in_(reversed_by)))):
        sent = _payload(payload)
        given = sent.get("amount")
        if isinstance(given, int) and given > 0 and isinstance(sent.get("receipt"), str):
            key = sale_key(sent["receipt"])
            order = (rules.as_utc(received), int(seq))
            found.refunds[(store, key)].append(Refunded(store, key, given, order))
    return found


def _payload(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def explain(program: Program | None, sale: Sold | None, points: int, sales: Sales,
            zone: ZoneInfo) -> list[Why]:
    """Why an earn entry of ``points`` is what it is."""
    if sale is None:  # no sale row: the store's receipt had earned already, the server applied 0
        return [Why("why_duplicate")]
    if program is None:
        return []
    cur = program.currency
    amount = Why("why_amount", {"amount": format_amount(sale.amount, cur), "currency": cur.code})
    local = rules.shop_time(sale.at, zone)
    tier = rules.tier_at(program, sales.before(sale), sale.at)
    quote = quote_earn(program, sale.amount, tier, local)
    booked = quote if quote.points == points else _nearest(program, sale.amount, tier, local, points)
    if booked is None:
        return [amount]
    return [amount, *_parts(program, booked, sale.amount)]


def _nearest(program: Program, amount: int, tier: Tier, local: datetime, points: int) -> EarnQuote | None:
    """The quote of the tier nearest ``tier`` that gives ``points`` (the spend then was not as read now)."""
    ranked = sorted(program.tiers, key=lambda t: t.min_spend)
    mine = ranked.index(tier) if tier in ranked else 0
    for other in sorted(ranked, key=lambda t: abs(ranked.index(t) - mine)):
        quote = quote_earn(program, amount, other, local)
        if quote.points == points:
            return quote
    return None


def times(percent: int) -> str:
    """A multiplier of whole percents as the page writes it: 150 -> "1.5", 200 -> "2"."""
    whole, part = divmod(percent, 100)
    return str(whole) if not part else f"{whole}.{part:02d}".rstrip("0")


def _parts(program: Program, quote: EarnQuote, amount: int) -> Iterable[Why]:
    cur = program.currency
    if amount < program.min_basket:
        yield Why("why_minimum", {"minimum": format_amount(program.min_basket, cur), "currency": cur.code})
        return
    rate = "why_rate_one" if program.points_per_unit == 1 else "why_rate"
    yield Why(rate, {"points": program.points_per_unit, "unit": format_amount(cur.scale, cur),
                     "currency": cur.code})
    if quote.tier_percent != 100:
        name = next((t.name for t in program.tiers if t.id == quote.tier_id), quote.tier_id)
        yield Why("why_tier", {"tier": name, "times": times(quote.tier_percent)})
    if quote.promotion_id is not None:
        name = next((p.name for p in program.promotions if p.id == quote.promotion_id), quote.promotion_id)
        yield Why("why_promotion", {"promotion": name, "times": times(quote.promotion_percent)})
    if quote.capped:
        yield Why("why_capped", {"cap": program.max_points_per_transaction})

"""Property tests of the pure ledger: random operation sequences against a plain list of entries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.core.errors import NotEnoughPoints
from pos_app.core.ledger import Allocation, Debt, Lot, MemberLedger, add_months
from pos_app.core.program import reversal_for_refund

T0 = datetime(2026, 1, 1, 12, 0)

# One operation: (kind, points, days) — days means "pending days" for credits and
# "days to advance" for a clock step; it is ignored by the other kinds.
OPS = st.lists(
    st.tuples(
        st.sampled_from(["credit", "spend", "overdraft", "reverse", "debit", "expire", "advance"]),
        st.integers(min_value=1, max_value=500),
        st.integers(min_value=0, max_value=400),
    ),
    max_size=60,
)


@dataclass
class Model:
    """What the test knows independently of MemberLedger: the signed entries and every allocation."""

    ledger: MemberLedger = field(default_factory=MemberLedger)
    now: datetime = T0
    entries: dict[str, int] = field(default_factory=dict)  # entry id -> signed points
    credits: dict[str, int] = field(default_factory=dict)  # lot id -> points it added
    allocations: list[Allocation] = field(default_factory=list)
    counter: int = 0

    def new_id(self) -> str:
        self.counter += 1
        return f"e{self.counter:04d}"

    def record(self, entry_id: str, points: int, allocations: list[Allocation]) -> None:
        self.entries[entry_id] = points
        self.allocations += allocations

    def apply(self, kind: str, points: int, days: int) -> None:
        ledger, entry_id = self.ledger, self.new_id()
        if kind == "credit":
            available = self.now + timedelta(days=days % 30)
            expires = self.now + timedelta(days=30 + days)
            self.record(entry_id, points, ledger.credit(entry_id, points, available, expires))
            self.credits[entry_id] = points
        elif kind == "spend":
            spendable = ledger.summary(self.now).spendable
            before = ([(lot.entry_id, lot.remaining) for lot in ledger.lots],
                      [(d.entry_id, d.outstanding) for d in ledger.debts])
            if points > spendable:
                with pytest.raises(NotEnoughPoints):
                    ledger.spend(entry_id, points, self.now)
                after = ([(lot.entry_id, lot.remaining) for lot in ledger.lots],
                         [(d.entry_id, d.outstanding) for d in ledger.debts])
                assert after == before, "a refused redemption changed the ledger"
                return
            balance = ledger.balance
            self.record(entry_id, -points, ledger.spend(entry_id, points, self.now))
            assert ledger.balance == balance - points
            assert not any(d.entry_id == entry_id for d in ledger.debts), "a normal redemption overdrew"
        elif kind == "overdraft":
            self.record(entry_id, -points, ledger.spend(entry_id, points, self.now, allow_overdraft=True))
        elif kind == "reverse":
            if not self.credits:
                return
            lot_id = sorted(self.credits)[days % len(self.credits)]
            self.record(entry_id, -points, ledger.reverse_lot(entry_id, lot_id, points))
        elif kind == "debit":
            self.record(entry_id, -points, ledger.debit_any(entry_id, points))
        elif kind == "expire":
            for lot in ledger.due_expiries(self.now):
                assert lot.expires_at <= self.now
                expire_id = self.new_id()
                points_left = lot.remaining
                self.record(expire_id, -points_left, [ledger.expire(expire_id, lot)])
                assert lot.remaining == 0
            assert ledger.due_expiries(self.now) == []
        else:
            self.now += timedelta(days=days)

    def check(self) -> None:
        ledger = self.ledger
        # balance == sum of entry points, and the definition through lots and debts agrees
        assert ledger.balance == sum(self.entries.values())
        assert ledger.balance == (sum(lot.remaining for lot in ledger.lots)
                                  - sum(d.outstanding for d in ledger.debts))
        by_debit: dict[str, int] = defaultdict(int)
        by_lot: dict[str, int] = defaultdict(int)
        for a in self.allocations:
            assert a.points > 0
            by_debit[a.debit_id] += a.points
            by_lot[a.lot_id] += a.points
        outstanding = {d.entry_id: d.outstanding for d in ledger.debts}
        assert all(d.outstanding > 0 for d in ledger.debts)
        # every debit is covered by its allocations plus its outstanding debt
        for entry_id, points in self.entries.items():
            if points < 0:
                assert by_debit[entry_id] + outstanding.get(entry_id, 0) == -points, entry_id
            else:
                assert by_debit[entry_id] == 0 and entry_id not in outstanding
        # no lot is allocated beyond its points
        remaining = {lot.entry_id: lot.remaining for lot in ledger.lots}
        for lot_id, points in self.credits.items():
            assert 0 <= remaining[lot_id] <= points
            assert by_lot[lot_id] + remaining[lot_id] == points, lot_id
        assert set(by_lot) <= set(self.credits)
        summary = ledger.summary(self.now)
        assert summary.spendable >= 0 and summary.pending >= 0
        assert summary.spendable <= max(ledger.balance, 0)


@settings(max_examples=300, deadline=None)
@given(OPS)
def test_random_sequences_keep_every_invariant(ops: list[tuple[str, int, int]]) -> None:
    model = Model()
    for op in ops:
        model.apply(*op)
        model.check()


@settings(max_examples=200, deadline=None)
@given(OPS)
def test_reloading_open_lots_and_debts_gives_the_same_ledger(ops: list[tuple[str, int, int]]) -> None:
    """The store persists only open lots and debts; reloading them must keep balance and spendable."""
    model = Model()
    for op in ops:
        model.apply(*op)
    ledger = model.ledger
    reloaded = MemberLedger.load(
        [Lot(lot.entry_id, lot.points, lot.remaining, lot.available_at, lot.expires_at)
         for lot in ledger.lots],
        [Debt(d.entry_id, d.outstanding) for d in ledger.debts],
    )
    assert reloaded.balance == ledger.balance
    assert reloaded.summary(model.now) == ledger.summary(model.now)
    assert all(lot.remaining > 0 for lot in reloaded.lots)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=8), st.integers(1, 2000))
def test_normal_redemption_never_overdraws(credits: list[int], wanted: int) -> None:
    ledger = MemberLedger()
    for n, points in enumerate(credits):
        ledger.credit(f"lot{n}", points, T0, T0 + timedelta(days=365))
    total = sum(credits)
    if wanted > total:
        with pytest.raises(NotEnoughPoints, match=f"{total} available, {wanted} needed"):
            ledger.spend("debit", wanted, T0)
        assert ledger.balance == total
    else:
        allocations = ledger.spend("debit", wanted, T0)
        assert sum(a.points for a in allocations) == wanted
        assert ledger.balance == total - wanted >= 0
        assert ledger.debts == []


def test_spend_takes_oldest_expiry_first_and_skips_pending_and_expired_lots() -> None:
    ledger = MemberLedger()
    ledger.credit("late", 100, T0, T0 + timedelta(days=300))
    ledger.credit("early", 100, T0, T0 + timedelta(days=100))
    ledger.credit("pending", 100, T0 + timedelta(days=5), T0 + timedelta(days=50))
    ledger.credit("expired", 100, T0 - timedelta(days=400), T0 - timedelta(days=1))
    assert ledger.summary(T0).spendable == 200
    assert ledger.summary(T0).pending == 100
    allocations = ledger.spend("r1", 150, T0)
    assert [(a.lot_id, a.points) for a in allocations] == [("early", 100), ("late", 50)]
    with pytest.raises(NotEnoughPoints):
        ledger.spend("r2", 51, T0)


def test_a_credit_pays_outstanding_debt_before_becoming_spendable() -> None:
    ledger = MemberLedger()
    ledger.credit("lot", 100, T0, T0 + timedelta(days=365))
    ledger.spend("redeem", 100, T0)
    ledger.reverse_lot("refund", "lot", 80)
    assert ledger.balance == -80
    assert ledger.debts == [Debt("refund", 80)]
    assert ledger.summary(T0).spendable == 0
    paid = ledger.credit("next", 50, T0, T0 + timedelta(days=365))
    assert paid == [Allocation("refund", "next", 50)]
    assert ledger.balance == -30
    assert ledger.summary(T0).spendable == 0
    ledger.credit("more", 40, T0, T0 + timedelta(days=365))
    assert ledger.balance == 10
    assert ledger.debts == []
    assert ledger.summary(T0).spendable == 10


def test_a_reversal_takes_its_own_lot_first() -> None:
    ledger = MemberLedger()
    ledger.credit("old", 100, T0, T0 + timedelta(days=10))
    ledger.credit("sale", 100, T0, T0 + timedelta(days=300))
    allocations = ledger.reverse_lot("rev", "sale", 30)
    assert allocations == [Allocation("rev", "sale", 30)]


@pytest.mark.parametrize("call", ["credit", "spend", "reverse", "debit"])
def test_zero_or_negative_points_are_programming_errors(call: str) -> None:
    ledger = MemberLedger()
    ledger.credit("lot", 10, T0, T0 + timedelta(days=1))
    with pytest.raises(ValueError):
        if call == "credit":
            ledger.credit("x", 0, T0, T0)
        elif call == "spend":
            ledger.spend("x", -5, T0)
        elif call == "reverse":
            ledger.reverse_lot("x", "lot", 0)
        else:
            ledger.debit_any("x", 0)
    assert ledger.balance == 10


# --- refunds ------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 100_000), st.integers(1, 10_000_000), st.data())
def test_partial_refunds_reverse_exactly_what_was_earned(earned: int, sale_amount: int,
                                                         data: st.DataObject) -> None:
    cuts = data.draw(st.lists(st.integers(1, sale_amount), max_size=6, unique=True))
    bounds = [0, *sorted(c for c in cuts if c < sale_amount), sale_amount]
    refunded, reversed_total = 0, 0
    for lo, hi in pairwise(bounds):
        part = reversal_for_refund(earned, sale_amount, refunded, hi - lo)
        assert part >= 0
        refunded += hi - lo
        reversed_total += part
        assert reversed_total <= earned, "partial refunds reversed more than the sale earned"
        assert reversed_total == earned * refunded // sale_amount
    assert refunded == sale_amount
    assert reversed_total == earned


def test_refund_of_a_zero_amount_sale_reverses_nothing() -> None:
    assert reversal_for_refund(10, 0, 0, 0) == 0


# --- calendar -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2026, 1, 31), 1, datetime(2026, 2, 28)),
        (datetime(2028, 1, 31), 1, datetime(2028, 2, 29)),
        (datetime(2026, 11, 18, 10), 12, datetime(2027, 11, 18, 10)),
        (datetime(2026, 12, 15), 1, datetime(2027, 1, 15)),
        (datetime(2026, 3, 31), 11, datetime(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start: datetime, months: int, expected: datetime) -> None:
    assert add_months(start, months) == expected


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)), st.integers(0, 120))
def test_add_months_is_never_earlier_and_lands_in_the_right_month(start: datetime, months: int) -> None:
    later = add_months(start, months)
    assert later >= start
    assert (later.year * 12 + later.month) - (start.year * 12 + start.month) == months

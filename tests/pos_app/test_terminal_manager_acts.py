"""Manager acts: a manager's PIN approves them (counted against the sign-in lockout), the audit names the
manager, and a correction or a refund first expires the lots past their date, as a sale does."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from pos_app.core.errors import Code, DomainError, InvalidInput
from pos_app.store import identity
from pos_app.store.models import AuditLog, Cashier, LedgerEntry
from pos_app.terminal import Terminal
from tests.clocks import FakeClock

ANA = "2900000000018"
CASHIER_PIN, MANAGER_PIN = "1111", "9999"  # the demo's
Books = Callable[[Terminal], None]


def audit_rows(terminal: Terminal) -> list[tuple[str | None, str, dict[str, object]]]:
    with terminal.db.reader() as session:
        return [(row.actor, row.action, json.loads(row.detail))
                for row in session.scalars(select(AuditLog).order_by(AuditLog.id))]


def code_of(call: Callable[[], object]) -> tuple[Code, dict[str, object]]:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code, dict(caught.value.params)


# --- the manager's PIN --------------------------------------------------------------------------------------


def test_a_manager_pin_approves_and_a_cashier_pin_does_not(demo: Terminal) -> None:
    manager = demo.authorize_manager(MANAGER_PIN)
    assert (manager.id, manager.role) == ("manager", "manager")
    assert code_of(lambda: demo.authorize_manager(CASHIER_PIN)) == (Code.NOT_A_MANAGER, {})
    assert audit_rows(demo)[-2:] == [("manager", "manager_pin", {}), ("cashier", "manager_pin.refused", {})]
    with demo.db.reader() as session:
        assert identity.pin_lock(session).failures == 0  # a cashier's PIN is a right PIN, not a guess


def test_wrong_manager_pins_share_the_sign_in_lockout(demo: Terminal, clock: FakeClock) -> None:
    for call in (demo.sign_in, demo.authorize_manager, demo.sign_in, demo.authorize_manager):
        assert code_of(lambda call=call: call("0000")) == (Code.WRONG_PIN, {})  # type: ignore[misc]
    assert code_of(lambda: demo.authorize_manager("0000")) == (Code.PIN_PAD_LOCKED, {"seconds": 60})
    clock.advance(seconds=20)
    assert code_of(lambda: demo.authorize_manager(MANAGER_PIN)) == (Code.PIN_LOCKED, {"seconds": 41})
    assert code_of(lambda: demo.sign_in(CASHIER_PIN)) == (Code.PIN_LOCKED, {"seconds": 41})
    clock.advance(seconds=41)
    assert demo.authorize_manager(MANAGER_PIN).id == "manager"
    failed = [action for _actor, action, _detail in audit_rows(demo) if action.endswith(".failed")]
    assert failed == ["sign_in.failed", "manager_pin.failed"] * 2 + ["manager_pin.failed"]


# --- cashiers -----------------------------------------------------------------------------------------------


def test_reset_and_disable_are_audited_with_the_manager(demo: Terminal) -> None:
    demo.add_cashier("maria", "Maria", "2468", manager="manager")
    assert demo.reset_pin("maria", "3579", manager="manager").name == "Maria"
    assert demo.sign_in("3579").id == "maria"
    assert code_of(lambda: demo.sign_in("2468")) == (Code.WRONG_PIN, {})
    demo.disable_cashier("maria", manager="manager")
    assert code_of(lambda: demo.sign_in("3579")) == (Code.WRONG_PIN, {})
    demo.reset_pin("maria", "3579", manager="manager")  # a new PIN enables a disabled cashier again
    assert demo.sign_in("3579").id == "maria"
    acts = [row for row in audit_rows(demo) if row[1].startswith("cashier.")]
    assert acts[-4:] == [("manager", "cashier.set", {"cashier": "maria", "role": "cashier"}),
                         ("manager", "cashier.reset", {"cashier": "maria"}),
                         ("manager", "cashier.disable", {"cashier": "maria"}),
                         ("manager", "cashier.reset", {"cashier": "maria"})]


def test_cashier_refusals(demo: Terminal) -> None:
    assert code_of(lambda: demo.reset_pin("nobody", "3579")) == (Code.UNKNOWN_CASHIER, {"cashier": "nobody"})
    assert code_of(lambda: demo.disable_cashier("nobody")) == (Code.UNKNOWN_CASHIER, {"cashier": "nobody"})
    with pytest.raises(InvalidInput, match="another cashier already uses this PIN"):
        demo.reset_pin("cashier", MANAGER_PIN)
    with pytest.raises(InvalidInput, match="4 to 6 digits"):
        demo.reset_pin("cashier", "12")


def test_the_last_manager_stays(demo: Terminal) -> None:
    """Without an active manager nobody could approve a manager act (and anyone could add the first)."""
    last = (Code.LAST_MANAGER, {"cashier": "manager"})
    assert code_of(lambda: demo.disable_cashier("manager", manager="manager")) == last
    assert code_of(lambda: demo.add_cashier("manager", "Demo Manager", "9999", "cashier")) == last
    demo.add_cashier("boss", "Boss", "2580", "manager", manager="manager")
    demo.disable_cashier("manager", manager="boss")
    assert demo.has_manager()
    with demo.db.reader() as session:
        active = sorted(c.id for c in session.scalars(select(Cashier).where(Cashier.active)))
    assert active == ["boss", "cashier"]


def test_a_terminal_without_cashiers_has_no_manager(plain: Terminal) -> None:
    assert plain.has_manager() is False
    plain.add_cashier("first", "First", "4242", "manager")  # the CLI allows this one without approval
    assert plain.has_manager() is True


# --- balances a manager act answers -------------------------------------------------------------------------


def test_a_correction_first_expires_the_lots_past_their_date(plain: Terminal, clock: FakeClock,
                                                             check_books: Books) -> None:
    card = plain.enroll("Old Points").card
    plain.sale(card, 10000, "R-old")  # 50 + 100 points, expiring in 12 months
    clock.now += timedelta(days=366)
    assert plain.member(card).balance == 0
    result = plain.adjust(card, -10, "correction", "manager")
    assert result.balance == plain.member(card).balance == -10  # not absorbed by the expired 150
    with plain.db.reader() as session:
        kinds = [e.kind for e in session.scalars(select(LedgerEntry).order_by(LedgerEntry.created_at,
                                                                              LedgerEntry.kind))]
    assert kinds.count("expire") == 2
    assert plain.adjust(card, 25, "goodwill", "manager").balance == plain.member(card).balance == 15
    check_books(plain)


@pytest.mark.allow_log("tessera.terminal", "with a negative balance")
def test_a_refund_first_expires_the_lots_past_their_date(plain: Terminal, clock: FakeClock,
                                                         check_books: Books) -> None:
    card = plain.enroll("Old Sale").card
    plain.sale(card, 10000, "R-year")
    clock.now += timedelta(days=366)
    part = plain.refund("R-year", 5000)
    assert part.points_reversed == 50
    assert part.balance == plain.member(card).balance == -50  # as after the expire job: 150 expired first
    rest = plain.refund("R-year")
    assert rest.balance == plain.member(card).balance == -100
    check_books(plain)


def test_a_refund_with_no_lot_past_its_date_is_unchanged(demo: Terminal) -> None:
    sale = demo.sale(ANA, 4000, "R-fresh")
    before = sale.balance - sale.points_earned
    assert demo.refund("R-fresh").balance == demo.member(ANA).balance == before

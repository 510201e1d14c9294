"""One receipt, however it is typed: sales and refunds find a receipt by its key (pos_app.core.receipts)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select

from pos_app.core.errors import Code, DomainError, InvalidInput
from pos_app.store.db import alembic_config, make_engine
from pos_app.store.models import LedgerEntry, Member, OutboxOp, Sale
from pos_app.terminal import Terminal, initialize
from tests.clocks import FakeClock

ANA, MARCO = "2900000000018", "2900000000025"
SPELLINGS = ["SAME", "same", "ＳＡＭＥ", "SAME\u200b"]  # the four: one receipt
Books = Callable[[Terminal], None]


def count(terminal: Terminal, model: Any, *where: Any) -> int:
    with terminal.db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@pytest.mark.parametrize("first", SPELLINGS)
def test_every_spelling_of_a_receipt_earns_once(demo: Terminal, first: str, check_books: Books) -> None:
    earned = demo.sale(ANA, 4000, first)
    assert not earned.duplicate and earned.receipt == first  # kept as typed, for display
    ops = count(demo, OutboxOp)
    for spelling in SPELLINGS:
        again = demo.sale(ANA, 4000, spelling)
        assert again.duplicate, spelling
        assert (again.entry_id, again.points_earned, again.balance, again.receipt) == (
            earned.entry_id, earned.points_earned, earned.balance, first)
    assert count(demo, Sale, Sale.receipt_key == "same") == 1
    assert count(demo, LedgerEntry, LedgerEntry.kind == "earn", LedgerEntry.receipt == first) == 1
    assert count(demo, OutboxOp) == ops
    assert demo.member(ANA).balance == earned.balance
    check_books(demo)


@pytest.mark.parametrize("spelling", SPELLINGS[1:])
def test_another_sale_on_a_spelling_of_a_used_receipt_is_refused(demo: Terminal, spelling: str) -> None:
    demo.sale(ANA, 4000, "SAME")
    with pytest.raises(DomainError) as other_amount:
        demo.sale(ANA, 4001, spelling)
    assert (other_amount.value.code, other_amount.value.params) == (Code.RECEIPT_REUSED, {"receipt": "SAME"})
    with pytest.raises(DomainError, match="already used for another sale"):
        demo.sale(MARCO, 4000, spelling)


def test_a_refund_finds_the_receipt_by_any_spelling(demo: Terminal, check_books: Books) -> None:
    before = demo.member(ANA).balance
    sale = demo.sale(ANA, 4000, "ＳＡＭＥ-1")
    part = demo.refund("same-1", 1000)
    rest = demo.refund(" SAME-1\u200b ")
    assert (part.receipt, rest.receipt) == ("ＳＡＭＥ-1", "ＳＡＭＥ-1")
    assert part.points_reversed + rest.points_reversed == sale.points_earned
    assert rest.balance == before == demo.member(ANA).balance
    with pytest.raises(DomainError, match="already fully refunded"):
        demo.refund("Same-1")
    check_books(demo)


def test_a_receipt_of_only_invisible_characters_is_refused(demo: Terminal) -> None:
    with pytest.raises(InvalidInput) as caught:
        demo.sale(ANA, 1000, "\u200b\ufeff")
    assert caught.value.code is Code.RECEIPT_LENGTH
    assert count(demo, Sale, Sale.receipt_key == "") == 0


def test_a_generated_receipt_skips_a_typed_spelling_of_it(demo: Terminal) -> None:
    prefix = f"{demo.terminal_id[-4:].upper()}-20261118-"
    typed = demo.sale(ANA, 1000, f"{prefix.lower()}0001\u200b")
    generated = demo.sale(ANA, 1000)
    assert not typed.duplicate and not generated.duplicate
    assert generated.receipt == f"{prefix}0002"


# --- sales from before receipt keys -------------------------------------------------------------------------


def test_the_migration_fills_the_keys_and_keeps_old_lookalikes_apart(tmp_path: Path,
                                                                     clock: FakeClock) -> None:
    """A database at 0002 with sales "SAME" and later "same" (each earned then) migrates with a backup; the
    oldest gets the key, each stays refundable by its exact receipt, a new spelling is the oldest one."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    path = data / "terminal.db"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0002")
    engine.dispose()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO members (id, card, name, marketing_consent, store_id, created_at, blocked,"
                     " balance, base_spend, server_balance) VALUES ('m1', ?, 'Old Member', 0, 'local',"
                     " '2026-11-01 10:00:00.000000', 0, 0, 0, 0)", (ANA,))
        for n, receipt in enumerate(("SAME", "same", "Other")):
            conn.execute("INSERT INTO sales (receipt, member_id, amount, refunded_amount, points_earned,"
                         " created_at) VALUES (?, 'm1', 1000, 0, 0, ?)",
                         (receipt, f"2026-11-0{n + 2} 10:00:00"))
    conn.close()
    initialize(data, clock=clock)
    assert [p.name for p in (data / "backups").glob("*.db")] != []
    terminal = Terminal(data, clock=clock)
    try:
        with terminal.db.reader() as session:
            keys = {receipt: key for receipt, key in session.execute(select(Sale.receipt, Sale.receipt_key))}
            assert session.scalar(select(Member.card)) == ANA
        assert keys == {"SAME": "same", "same": "same same", "Other": "other"}
        assert terminal.refund("same").receipt == "same"  # the exact receipt first
        assert terminal.refund("ＳＡＭＥ").receipt == "SAME"  # else the key: the oldest
        assert terminal.sale(ANA, 1000, "OTHER").duplicate
    finally:
        terminal.close()

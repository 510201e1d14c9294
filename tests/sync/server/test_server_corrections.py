"""HQ's balance corrections: booked by the server with the ledger's rules, reaching every till."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from pos_app.core.errors import Code, TesseraError
from sync.server import corrections
from tests.sync.conftest import LiveServer, Node, assert_converged

ANA = "2900000000018"  # 320 points in the demo


def test_points_added_and_taken_keep_the_books_and_reach_the_tills(
        server: LiveServer, make_node: Callable[..., Node]) -> None:
    t1, t2 = make_node("t1"), make_node("t2")
    now = datetime.now(UTC)
    added = corrections.correct(server.db, ANA, 100, "goodwill", "hq-anna", now)
    assert added.balance == 420
    taken = corrections.correct(server.db, ANA, -500, "fraud found", "hq-anna", now)
    assert taken.balance == -80  # the lots cover 420; the rest is a debt
    balances = assert_converged(server, [t1, t2])  # server == its ledger == lots - debts == each till
    assert balances[ANA] == -80 and t1.balance(ANA) == t2.balance(ANA) == -80
    t1.terminal.sale(ANA, 10000, receipt="R-AFTER")  # 100 points: the debt is paid first
    balances = assert_converged(server, [t1, t2])
    assert balances[ANA] == 20


def test_a_correction_needs_a_reason_a_bound_and_a_member_in_scope(server: LiveServer) -> None:
    now = datetime.now(UTC)
    for points, reason, code in ((10, " ", Code.ADJUST_REASON), (0, "x", Code.ADJUST_ZERO),
                                 (10_001, "x", Code.POINTS_TOO_LARGE)):
        with pytest.raises(TesseraError) as refused:
            corrections.correct(server.db, ANA, points, reason, "hq", now)
        assert refused.value.code is code
    with pytest.raises(TesseraError) as outside:
        corrections.correct(server.db, ANA, 10, "x", "boss", now, store_scope="north")
    assert outside.value.code is Code.UNKNOWN_CARD
    assert server.balance(ANA) == 320

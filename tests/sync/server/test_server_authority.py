"""The server computes, the terminal proposes: forged ops against the real /v1 API (issue 9, item 1).

Each op below is what a stolen terminal token could send. The server recomputes it from its own
state and the program (tier from its sales, promotions by created_at in the store's zone, bonuses
by rule, lot dates from the program) and applies its own figures, or refuses it outright.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sync.client import SyncClient
from sync.protocol import PushOp
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, WEDNESDAY_AT, push, sale_op, staff_op

KIM = "2900000000032"  # demo member born in November, 80 points
BLACK_FRIDAY_AT = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # inside the demo's triple-points promotion
TUESDAY_AT = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # 10:00 in Bucharest, no promotion
pytestmark = pytest.mark.allow_log("tessera.server", "conflict ")


def entry_id(seq: int, n: int = 0) -> str:
    return f"01900000-0000-7000-{8000 + n:04d}-{seq:012d}"


def op(seq: int, kind: str, card: str, entries: list[dict[str, Any]], at: datetime = WEDNESDAY_AT,
       **payload: Any) -> PushOp:
    body = {"program_version": 1, "local_time": "2026-11-18T10:00:00", "member_card": card,
            "entries": entries, **payload}
    return PushOp(id=f"01900000-0000-7000-9000-{seq:012d}", seq=seq, kind=kind, member_card=card,
                  payload=body, created_at=at, program_version=1)


def entry(seq: int, kind: str, points: int, n: int = 0, at: datetime = WEDNESDAY_AT,
          **fields: Any) -> dict[str, Any]:
    return {"id": entry_id(seq, n), "kind": kind, "points": points, "created_at": at.isoformat(), **fields}


def conflicts(server: LiveServer, kind: str) -> list[dict[str, Any]]:
    from sync.server import admin

    return [c for c in admin.conflicts(server.db) if c["kind"] == kind]


def test_a_claimed_gold_tier_earns_what_bronze_earns(client: SyncClient, server: LiveServer) -> None:
    forged = sale_op(1, points=15)
    forged.payload["tier"] = "gold"
    answer = push(client, forged)[0].answer
    assert answer is not None and answer.status == "applied" and answer.adjusted == {entry_id(1): 10}
    assert server.balance(ANA) == 330
    [conflict] = conflicts(server, "recomputed")
    assert "tier bronze, not gold" in conflict["detail"] and conflict["points"] == -5


def test_a_local_time_inside_a_past_promotion_gains_nothing(client: SyncClient, server: LiveServer) -> None:
    forged = sale_op(1, points=30)
    forged.payload["local_time"] = "2026-11-28T10:00:00"  # Black Friday, x3; created_at is a Wednesday
    answer = push(client, forged)[0].answer
    assert answer is not None and answer.adjusted == {entry_id(1): 10}
    assert server.balance(ANA) == 330


def test_promotions_follow_created_at_in_the_stores_zone(client: SyncClient, server: LiveServer) -> None:
    from sync.server import admin

    # Friday 23:30 UTC is already Saturday (weekend, x2) in Bucharest.
    friday_night = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    answer = push(client, sale_op(1, points=10, at=friday_night))[0].answer
    assert answer is not None and answer.adjusted == {entry_id(1): 20}
    admin.set_store(server.db, "demo", "UTC", None)
    answer = push(client, sale_op(2, points=10, at=friday_night + timedelta(minutes=1)))[0].answer
    assert answer is not None and answer.adjusted == {}  # still Friday in UTC
    assert server.balance(ANA) == 320 + 20 + 10


def test_twenty_birthday_bonuses_give_one(client: SyncClient, server: LiveServer) -> None:
    entries = [entry(1, "earn", 10, amount=1000, receipt="B1")]
    entries += [entry(1, "bonus", 100, n=i, receipt="B1") for i in range(1, 21)]
    answer = push(client, op(1, "sale", KIM, entries, receipt="B1", amount=1000, currency="EUR",
                             tier="bronze"))[0].answer
    assert answer is not None and answer.status == "applied"
    assert answer.adjusted == {entry_id(1, i): 0 for i in range(2, 21)}
    assert server.balance(KIM) == 80 + 10 + 100
    again = [entry(2, "earn", 10, amount=1000, receipt="B2"), entry(2, "bonus", 100, n=1, receipt="B2")]
    answer = push(client, op(2, "sale", KIM, again, receipt="B2", amount=1000, currency="EUR"))[0].answer
    assert answer is not None and answer.adjusted == {entry_id(2, 1): 0}  # once a year
    assert server.balance(KIM) == 80 + 10 + 100 + 10


def test_a_birthday_bonus_outside_the_members_month_is_zero(client: SyncClient, server: LiveServer) -> None:
    entries = [entry(1, "earn", 10, amount=1000, receipt="B1"), entry(1, "bonus", 100, n=1, receipt="B1")]
    answer = push(client, op(1, "sale", ANA, entries, receipt="B1", amount=1000))[0].answer  # Ana: March
    assert answer is not None and answer.adjusted == {entry_id(1, 1): 0}
    assert server.balance(ANA) == 330


def test_the_enrollment_bonus_is_given_once_whatever_the_op_claims(client: SyncClient,
                                                                   server: LiveServer) -> None:
    card = "2900000000995"
    member = {"id": "01900000-0000-7000-a000-000000000001", "card": card, "name": "New Member",
              "created_at": WEDNESDAY_AT.isoformat()}
    bonuses = [entry(1, "bonus", 5000, n=i) for i in range(5)]
    result = push(client, op(1, "enroll", card, bonuses, member=member))[0]
    assert result.status == "applied" and result.answer is not None
    assert result.answer.adjusted == {entry_id(1, 0): 50, **{entry_id(1, i): 0 for i in range(1, 5)}}
    assert server.balance(card) == 50
    assert conflicts(server, "recomputed")[0]["points"] == 50 - 25_000


def test_lot_dates_come_from_the_program(client: SyncClient, server: LiveServer) -> None:
    from pos_app.core.ledger import add_months
    from sync.server.models import LedgerEntry

    forged = sale_op(1)
    forged.payload["entries"][0].update(available_at="2000-01-01T00:00:00+00:00",
                                        expires_at="9999-12-31T00:00:00+00:00")
    answer = push(client, forged)[0].answer
    assert answer is not None and answer.adjusted == {}
    dates = answer.dates[entry_id(1)]
    assert (dates.available_at, dates.expires_at) == (WEDNESDAY_AT, add_months(WEDNESDAY_AT, 12))
    with server.db.read() as session:
        row = session.scalar(select(LedgerEntry).where(LedgerEntry.id == entry_id(1)))
        assert row is not None and row.expires_at == add_months(WEDNESDAY_AT, 12)
    assert "lot dates" in conflicts(server, "recomputed")[0]["detail"]


def test_a_backdated_op_counts_at_the_previous_ops_time(client: SyncClient, server: LiveServer) -> None:
    assert push(client, sale_op(1, at=TUESDAY_AT))[0].status == "applied"
    backdated = sale_op(2, points=30, at=BLACK_FRIDAY_AT)
    backdated.payload["local_time"] = "2026-11-28T12:00:00"
    answer = push(client, backdated)[0].answer
    assert answer is not None and answer.status == "applied" and answer.adjusted == {entry_id(2): 10}
    assert server.balance(ANA) == 320 + 10 + 10
    [conflict] = conflicts(server, "recomputed")
    assert "before this terminal's previous op" in conflict["detail"]
    # Within the allowed skew a slightly earlier clock is not a backdating.
    assert push(client, sale_op(3, at=TUESDAY_AT - timedelta(seconds=30)))[0].answer.adjusted == {}


def test_a_created_at_far_in_the_future_is_refused(client: SyncClient, server: LiveServer) -> None:
    future = sale_op(1, at=datetime.now(UTC) + timedelta(days=400))
    result = push(client, future)[0]
    assert result.status == "rejected" and "ahead of the server's clock" in (result.reason or "")
    assert server.balance(ANA) == 320
    assert push(client, sale_op(2, at=datetime.now(UTC) + timedelta(seconds=60)))[0].status == "applied"


def test_a_created_at_from_a_dead_clock_is_refused(client: SyncClient, server: LiveServer) -> None:
    ancient = sale_op(1, at=datetime(1, 1, 1, tzinfo=UTC))
    result = push(client, ancient)[0]
    assert result.status == "rejected" and "days old" in (result.reason or "")
    assert server.balance(ANA) == 320


@pytest.mark.parametrize("points", [10**15, 10_001, -10_001])
def test_an_adjustment_beyond_the_programs_limit_is_refused(points: int, client: SyncClient,
                                                             server: LiveServer) -> None:
    assert push(client, staff_op(1))[0].status == "applied"  # the manager the adjustments name
    forged = op(2, "adjust", ANA, [entry(2, "adjust", points, reason="forged", cashier_id="boss")])
    result = push(client, forged)[0]
    assert result.status == "rejected"
    assert server.balance(ANA) == 320
    within = push(client, op(3, "adjust", ANA, [entry(3, "adjust", 10_000, reason="goodwill",
                                                        cashier_id="boss")]))[0]
    assert within.status == "applied" and server.balance(ANA) == 10_320


def test_an_adjust_op_holds_one_adjustment(client: SyncClient, server: LiveServer) -> None:
    entries = [entry(1, "adjust", 100, reason="a"), entry(1, "earn", 5000, n=1)]
    result = push(client, op(1, "adjust", ANA, entries))[0]
    assert result.status == "rejected" and "one adjustment" in (result.reason or "")
    assert server.balance(ANA) == 320


def test_the_tier_comes_from_the_servers_rolling_spend(client: SyncClient, server: LiveServer) -> None:
    """500.00 EUR over the window makes Ana silver (x1.25) for the next sale, whatever the op claims."""
    big = sale_op(1, points=500, amount=50_000, at=WEDNESDAY_AT - timedelta(days=300))
    assert push(client, big)[0].answer.adjusted == {}
    silver = sale_op(2, points=10, at=WEDNESDAY_AT)
    assert push(client, silver)[0].answer.adjusted == {entry_id(2): 12}
    assert server.balance(ANA) == 320 + 500 + 12


# --- stores' time zones on the command line ---------------------------------------------------------------


def test_store_add_and_set_take_an_iana_zone(db_url: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from sync.server.cli import main
    from sync.server.db import ServerDB
    from sync.server.models import Store

    def cli(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "srv"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert cli("init", "--demo")[0] == 0
    code, out, _ = cli("store", "add", "milano", "--tz", "Europe/Rome", "--region", "it", "--json")
    assert code == 0 and json.loads(out) == {"store": "milano", "tz": "Europe/Rome", "region": "IT"}
    assert cli("store", "set", "milano", "--tz", "Europe/Bucharest")[0] == 0
    code, _, err = cli("store", "add", "milano", "--tz", "UTC")
    assert code == 1 and "already exists" in err
    for bad in (["store", "add", "x", "--tz", "Mars/Olympus"], ["store", "set", "milano", "--tz", "Nowhere"],
                ["store", "set", "milano", "--tz", "UTC", "--region", "ROU"]):
        code, out, err = cli(*bad)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, (bad, err)
        assert "Traceback" not in err
    code, _, err = cli("store", "set", "nowhere", "--tz", "UTC")
    assert code == 1 and "no store nowhere" in err
    # A terminal of a store nobody added still creates that store, on UTC until HQ sets its zone.
    assert cli("terminal", "add", "--store", "popup", "--name", "till")[0] == 0
    db = ServerDB(db_url)
    try:
        with db.read() as session:
            zones = {s.id: (s.tz, s.region) for s in session.scalars(select(Store))}
    finally:
        db.dispose()
    assert zones == {"demo": ("Europe/Bucharest", "RO"), "milano": ("Europe/Bucharest", "IT"),
                     "popup": ("UTC", None)}

"""Program health and liability (sync.server.insight) against a ledger built by hand, on both backends.

Two stores: A in Europe/Bucharest (UTC+3 in June), B in UTC. The report's instant is 2026-06-15 12:00 UTC.
Every expected figure below is counted from the rows this file writes, not from the code under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from pos_app.core.errors import DomainError
from pos_app.core.ledger import open_ledger
from sync.server import insight, programs
from sync.server.db import ServerDB
from sync.server.models import LedgerEntry, Member
from tests.sync.server.handledger import NOW, at, program_source, two_stores


@pytest.fixture
def db(db_url: str) -> Iterator[ServerDB]:
    server = ServerDB(db_url)
    server.migrate()
    with server.write() as session:
        book = two_stores(session)
        # a1: two sales in the period (a repeat visitor), one refunded in part, a redemption
        book.member("a1", "A", "2026-01-10 09:00")
        book.sale("a1", "A", "2026-06-10 10:00", 10_000, 100, remaining=70)
        book.sale("a1", "A", "2026-06-12 10:00", 5_000, 50, remaining=30, refunded=2_000)
        book.entry("a1", "A", "reverse", -20, "2026-06-12 11:00")
        book.redeem("a1", "A", "2026-06-13 10:00", "coffee", 30)
        # a2: last visit in March (churned at 60 days); its lot expires inside the next month;
        # two lots reached their expiry in the last 12 months: 30 of 30 and 6 of 10 points expired
        book.member("a2", "A", "2026-02-01 09:00")
        book.entry("a2", "A", "earn", 40, "2026-03-01 10:00", remaining=40, expires=at("2026-07-01 10:00"))
        old = book.entry("a2", "A", "earn", 30, "2025-05-01 10:00", expires=at("2026-05-01 10:00"))
        book.entry("a2", "A", "expire", -30, "2026-05-01 11:00", reverses=old)
        part = book.entry("a2", "A", "earn", 10, "2025-05-20 10:00", expires=at("2026-05-20 10:00"))
        book.entry("a2", "A", "expire", -6, "2026-05-20 11:00", reverses=part)
        # a3: enrolled and first sale at 01:00/01:30 on June 1 in Bucharest (May 31 in UTC); points pending
        book.member("a3", "A", "2026-05-31 22:00")
        book.sale("a3", "A", "2026-05-31 22:30", 2_000, 20, available="2026-06-20 00:00")
        # a4: an offline redemption overdrew: 10 points left in a lot, 15 owed
        book.member("a4", "A", "2026-03-01 09:00")
        book.sale("a4", "A", "2026-04-01 10:00", 3_000, 30, remaining=10)
        book.redeem("a4", "A", "2026-04-02 10:00", "coffee", 35, outstanding=15)
        # b1: store B, a sale and two redemptions, one voided
        book.member("b1", "B", "2026-06-02 09:00")
        book.sale("b1", "B", "2026-06-05 10:00", 50_000, 500, remaining=300)
        book.redeem("b1", "B", "2026-06-06 10:00", "voucher10", 100)
        book.redeem("b1", "B", "2026-06-07 10:00", "voucher10", 100, voided=True)
    yield server
    server.dispose()


def report(db: ServerDB, store: str | None, start: date | None = date(2026, 6, 1),
           end: date | None = date(2026, 6, 15)) -> insight.HealthReport:
    with db.read() as session:
        return insight.health(session, store, start, end, NOW)


def test_one_store(db: ServerDB) -> None:
    health = report(db, "A")
    assert (health.zone, health.currency, health.members) == ("Europe/Bucharest", "EUR", 4)
    # a3's sale at 01:30 on June 1 in Bucharest is in the period; in UTC it would be May 31
    assert (health.visitors, health.repeat_visitors, health.repeat_visit_rate_bp) == (2, 1, 5000)
    assert (health.sales, health.average_basket) == (3, (10_000 + 3_000 + 2_000) // 3)
    assert (health.points_issued, health.points_redeemed) == (170, 30)
    assert health.redemption_rate_bp == 1765  # 30 / 170 = 17.647 %
    assert (health.active_30_days, health.active_90_days) == (2, 3)  # a1, a3; a4 in April too
    assert (health.churn_days, health.churned) == (60, 2)  # a2 last seen in March, a4 on April 2
    assert health.enrollments == 1
    weeks = [(w.store, w.week, w.enrollments) for w in health.enrollments_by_week]
    assert weeks == [("A", date(2026, 6, 1), 1)]
    assert [(r.reward, r.redemptions, r.points) for r in health.top_rewards] == [("coffee", 1, 30)]
    owed = health.liability
    # a1 70 + 30, a2 40, a3 20 (pending), a4 10 - 15 -> 0
    assert (owed.points_outstanding, owed.points_spendable) == (160, 140)
    assert (owed.point_value, owed.value) == (2, 320)
    assert [(x.start, x.points, x.value) for x in owed.expiring] == [
        (date(2026, 6, 15), 40, 80), (date(2026, 7, 15), 0, 0), (date(2026, 8, 15), 0, 0)]
    assert (owed.breakage_issued, owed.breakage_expired, owed.breakage_bp) == (40, 36, 9000)


def test_the_chain_and_the_other_store(db: ServerDB) -> None:
    chain = report(db, None)
    assert chain.zone == "UTC" and chain.members == 5
    # in UTC, a3's sale and enrollment fall on May 31, outside the period
    assert (chain.visitors, chain.sales, chain.points_issued, chain.points_redeemed) == (2, 3, 650, 130)
    assert chain.enrollments == 1 and chain.enrollments_by_week[0].store == "B"
    assert [(r.reward, r.redemptions) for r in chain.top_rewards] == [("coffee", 1), ("voucher10", 1)]
    assert chain.liability.points_outstanding == 160 + 300
    b = report(db, "B")
    assert (b.members, b.sales, b.average_basket, b.churned) == (1, 1, 50_000, 0)
    assert b.liability.points_outstanding == 300 and b.liability.breakage_bp is None  # nothing due yet


def test_liability_is_the_members_spendable_balances_at_point_value(db: ServerDB) -> None:
    with db.read() as session:
        spendable = 0
        for (member_id,) in session.execute(select(Member.id)):
            rows = session.execute(select(LedgerEntry.id, LedgerEntry.points, LedgerEntry.remaining,
                                          LedgerEntry.outstanding, LedgerEntry.available_at,
                                          LedgerEntry.expires_at).where(LedgerEntry.member_id == member_id))
            summary = open_ledger((r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows).summary(NOW)
            spendable += summary.spendable
    owed = report(db, None).liability
    assert owed.points_spendable == spendable == 140 + 300
    assert owed.value == owed.points_outstanding * 2 and owed.points_outstanding >= owed.points_spendable


def test_defaults_and_refusals(db: ServerDB) -> None:
    health = report(db, "A", None, None)  # the last 30 days to today in the store's zone
    assert (health.start, health.end) == (date(2026, 5, 17), date(2026, 6, 15))
    with pytest.raises(DomainError, match="report period"):
        report(db, "A", date(2026, 6, 2), date(2026, 6, 1))
    with pytest.raises(DomainError, match="at most 366 days"):
        report(db, "A", date(2025, 1, 1), date(2026, 6, 1))
    with pytest.raises(DomainError):
        report(db, "nowhere")


def test_no_point_value_gives_no_money_figure(db: ServerDB) -> None:
    with db.write() as session:
        programs.load(session, program_source(0).replace("version = 7", "version = 8"), NOW)
    owed = report(db, "A").liability
    assert owed.point_value is None and owed.value is None and owed.points_outstanding == 160


def test_csv_lines_carry_the_breakdowns(db: ServerDB) -> None:
    rows = dict(insight.csv_rows(report(db, None)))
    assert rows["points_issued"] == "650" and rows["liability.points_outstanding"] == "460"
    assert rows["enrollments.B.2026-06-01"] == "1" and rows["rewards.voucher10.redemptions"] == "1"
    assert rows["liability.expiring.2026-06-15.points"] == "40"

"""`tessera-pos report daily` carries the breakdowns (by reward, by cashier, by hour, 30-day trend) in JSON,
CSV and PDF (A4 and Letter), for a day rung through the real use cases around the shop's midnight."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from pos_app.core.money import currency, format_amount
from pos_app.terminal import Terminal
from tests.clocks import FakeClock
from tests.pos_app.cli.runner import ANA, MARCO, cli_many

DAY = date(2027, 1, 13)  # a Wednesday after the demo's history, outside every promotion; Bucharest UTC+2
BREAKDOWNS = ("by_reward", "by_cashier", "by_hour", "trend")


pytestmark = pytest.mark.usefixtures("bucharest")


def ring_the_day(data: Path) -> dict[str, Any]:
    clock = FakeClock(datetime(2027, 1, 12, 21, 55, tzinfo=UTC))  # 23:55 the day before
    terminal = Terminal(data, clock=clock)
    try:
        made: dict[str, Any] = {"eve": terminal.sale(ANA, 1000, "B-EVE", cashier="maria")}
        clock.now = datetime(2027, 1, 12, 22, 5, tzinfo=UTC)  # 00:05 on the day
        made["midnight"] = terminal.sale(ANA, 2000, "B-MIDNIGHT", cashier="maria")
        clock.now = datetime(2027, 1, 13, 10, 0, tzinfo=UTC)
        made["coffee"] = terminal.redeem(ANA, "coffee", cashier="maria")
        voided = terminal.redeem(MARCO, "coffee", cashier="ion")
        terminal.void_voucher(voided.voucher, "manager")
        terminal.refund("B-MIDNIGHT", 1000, cashier="ion")
        clock.now = datetime(2027, 1, 13, 21, 55, tzinfo=UTC)  # 23:55 on the day
        made["late"] = terminal.sale(MARCO, 3000, "B-LATE", cashier="ion")
        made["report"] = terminal.daily_report(DAY)
    finally:
        terminal.close()
    return made


def test_report_daily_carries_the_breakdowns(data: Path, tmp_path: Path) -> None:
    made = ring_the_day(data)
    expected, midnight, late = made["report"], made["midnight"], made["late"]
    a4, letter = tmp_path / "a4.pdf", tmp_path / "letter.pdf"
    when = ("--date", DAY.isoformat())
    as_json, as_csv, pdf_a4, pdf_letter, bad_paper = cli_many(
        data, ["report", "daily", *when, "--json"], ["report", "daily", *when, "--format", "csv"],
        ["report", "daily", *when, "--format", "pdf", "--out", str(a4)],
        ["report", "daily", *when, "--format", "pdf", "--paper", "letter", "--out", str(letter), "--json"],
        ["report", "daily", *when, "--format", "pdf", "--paper", "legal", "--out", str(tmp_path / "x.pdf")])
    report = as_json.ok()
    assert report == expected
    assert report["provisional"] is True and report["pending_ops"] > 0
    coffee = made["coffee"].points_spent
    assert report["by_reward"] == [{"reward": "coffee", "redemptions": 1, "points": coffee}]
    assert report["by_cashier"] == [
        {"cashier": "ion", "sales": 1, "sales_amount": 3000, "points_issued": late.points_earned,
         "redemptions": 1, "points_redeemed": 100},
        {"cashier": "maria", "sales": 1, "sales_amount": 2000, "points_issued": midnight.points_earned,
         "redemptions": 1, "points_redeemed": coffee}]
    hours = report["by_hour"]
    assert [h["hour"] for h in hours] == list(range(24))
    assert hours[0] == {"hour": 0, "sales": 1, "sales_amount": 2000, "points_issued": midnight.points_earned}
    assert hours[23] == {"hour": 23, "sales": 1, "sales_amount": 3000, "points_issued": late.points_earned}
    assert sum(h["sales"] for h in hours) == report["sales"] == 2
    trend = report["trend"]
    assert len(trend) == 30 and trend[0]["date"] == "2026-12-15"
    assert trend[-1] == {"date": "2027-01-13", "points_issued": report["points_issued"],
                         "points_redeemed": report["points_redeemed"], "visits": 4}
    assert trend[-2]["date"] == "2027-01-12" and trend[-2]["visits"] == 1
    assert trend[-2]["points_issued"] == made["eve"].points_earned

    # CSV: the figures in one row, then each breakdown as its own table after a blank line
    blocks = as_csv.out.split("\n\n")
    assert as_csv.code == 0 and len(blocks) == 1 + len(BREAKDOWNS)
    figures = list(csv.DictReader(io.StringIO(blocks[0])))
    assert figures == [{k: str(v) for k, v in report.items() if k not in BREAKDOWNS}]
    for name, block in zip(BREAKDOWNS, blocks[1:], strict=True):
        rows = list(csv.DictReader(io.StringIO(block)))
        assert rows == [{k: str(v) for k, v in line.items()} for line in report[name]], name
    assert [len(list(csv.reader(io.StringIO(b)))) - 1 for b in blocks[3:]] == [24, 30]

    # PDF on A4 and on Letter: one page each, with the figures and the breakdowns in its text
    assert pdf_a4.code == 0 and pdf_a4.out == f"report written to {a4}\n"
    assert pdf_letter.ok()["by_cashier"] == report["by_cashier"]
    bad_paper.refused(2, "--paper")
    eur = currency("EUR")
    for path, size in ((a4, (595, 842)), (letter, (612, 792))):
        pages = PdfReader(path).pages
        assert len(pages) == 1
        assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == size
        text = pages[0].extract_text()
        for words in (f"{format_amount(report['sales_amount'], eur)} EUR", "coffee", "maria", "ion",
                      f"provisional: {report['pending_ops']} changes not yet sent", "Points issued per hour"):
            assert words in text, (path.name, words)

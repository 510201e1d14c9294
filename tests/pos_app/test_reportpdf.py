"""The daily report's PDF: one page on A4 and on Letter, the figures and breakdowns in its text, charts drawn
from the report's data."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from pos_app.reportpdf import PAPERS, hourly_chart, trend_chart, write_daily_pdf


def report(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "date": "2026-11-18", "store_id": "demo", "terminal_id": "till-7", "currency": "EUR",
        "transactions": 7, "sales": 3, "refunds": 1, "redemptions": 3, "sales_amount": 35000,
        "gross_sales_amount": 40000, "refunded_amount": 5000, "points_issued": 400, "points_reversed": 50,
        "points_redeemed": 300, "points_expired": 0, "points_adjusted": 0, "enrollments": 0,
        "members_negative": 0, "pending_ops": 12, "provisional": True,
        "by_reward": [{"reward": "coffee", "redemptions": 2, "points": 200}],
        "by_cashier": [
            {"cashier": "", "sales": 1, "sales_amount": 5000, "points_issued": 50, "redemptions": 0,
             "points_redeemed": 0},
            {"cashier": "ion", "sales": 1, "sales_amount": 15000, "points_issued": 150, "redemptions": 2,
             "points_redeemed": 200},
            {"cashier": "maria", "sales": 1, "sales_amount": 20000, "points_issued": 200, "redemptions": 1,
             "points_redeemed": 100}],
        "by_hour": [{"hour": h, "sales": 0, "sales_amount": 0, "points_issued": 0} for h in range(24)],
        "trend": [{"date": f"2026-{10 + (i + 19) // 31}-{(i + 19) % 31 + 1:02d}", "points_issued": 10 * i,
                   "points_redeemed": 5 * i, "visits": i} for i in range(30)],
    }
    base["by_hour"][0] = {"hour": 0, "sales": 1, "sales_amount": 20000, "points_issued": 200}
    base["by_hour"][12] = {"hour": 12, "sales": 1, "sales_amount": 15000, "points_issued": 150}
    base.update(changes)
    return base


def render(tmp_path: Path, data: dict[str, Any], paper: str, name: str = "daily") -> PdfReader:
    out = tmp_path / f"{name}-{paper}.pdf"
    write_daily_pdf(data, out, paper=paper)
    return PdfReader(out)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_one_page_with_the_figures_and_breakdowns(tmp_path: Path, paper: str) -> None:
    pdf = render(tmp_path, report(), paper)
    assert len(pdf.pages) == 1
    page = pdf.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == tuple(
        round(v) for v in PAPERS[paper])
    text = page.extract_text()
    for words in ("Tessera daily report — 2026-11-18", "Net sales", "350.00 EUR", "400.00 EUR",
                  "Points issued", "provisional: 12 changes not yet sent", "Member sales per hour",
                  "Points issued per hour", "last 30 days", "coffee", "maria", "ion", "(none)", "200.00",
                  "150.00"):
        assert words in text, words


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_many_rewards_and_cashiers_still_fit_one_page(tmp_path: Path, paper: str) -> None:
    rewards = [{"reward": f"reward-{i}", "redemptions": 40 - i, "points": 100} for i in range(40)]
    cashiers = [{"cashier": f"cashier-{i:02d}", "sales": i, "sales_amount": 100 * i, "points_issued": i,
                 "redemptions": 0, "points_redeemed": 0} for i in range(40)]
    many = report(by_reward=rewards, by_cashier=cashiers)
    pdf = render(tmp_path, many, paper)
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "reward-0" in text and "and 31 more" in text and "cashier-08" in text


def test_settled_report_is_not_provisional(tmp_path: Path) -> None:
    text = render(tmp_path, report(pending_ops=0, provisional=False), "a4").pages[0].extract_text()
    assert "provisional" not in text and "Changes not yet sent to the server" in text


def test_an_empty_day_renders(tmp_path: Path) -> None:
    quiet = [{"hour": h, "sales": 0, "sales_amount": 0, "points_issued": 0} for h in range(24)]
    empty = report(by_reward=[], by_cashier=[], trend=[], by_hour=quiet)
    assert len(render(tmp_path, empty, "letter").pages) == 1


def test_charts_follow_the_data(tmp_path: Path) -> None:
    before = report()
    after = copy.deepcopy(before)
    after["by_hour"][18] = {"hour": 18, "sales": 4, "sales_amount": 9000, "points_issued": 90}
    after["trend"][-1]["points_redeemed"] = 999
    hours = hourly_chart(before)
    assert hours.contents and hourly_chart(before).sales.data == hours.sales.data
    assert hours.sales.data[0][18] == 0 and hourly_chart(after).sales.data[0][18] == 4
    assert hourly_chart(after).points.data[0][18] == 90
    assert trend_chart(before).trend.data[1][-1] == 5 * 29 and trend_chart(after).trend.data[1][-1] == 999
    assert trend_chart(after).trend.data[0] == [10 * i for i in range(30)]
    # the page's drawing itself: the same report draws the same page, other data another one
    same = [render(tmp_path, before, "a4", name).pages[0].get_contents() for name in ("one", "two")]
    other = render(tmp_path, after, "a4", "three").pages[0].get_contents()
    assert same[0] is not None and same[1] is not None and other is not None
    assert same[0].get_data() == same[1].get_data() != other.get_data()

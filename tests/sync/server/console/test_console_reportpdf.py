"""The console's store day as the terminal's PDF, over real HTTP: a day from two tills, its figures the
same as the day's CSV, A4 and Letter, and the CSV's sign-in and store checks."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
from pypdf import PdfReader

from pos_app.base.dailypdf import PAPERS
from tests.sync.conftest import LiveServer, Node
from tests.sync.server.console.test_console_reports import server
from tests.sync.server.console.test_console_users import cookie_of, sign_in

__all__ = ["server"]  # the fixture: the demo chain with a store in Rome, HQ and both stores' managers

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
MARCO = "2900000000025"




def pdf_text(response: httpx.Response) -> tuple[PdfReader, str]:
    """The PDF and its text, one space between words (pypdf puts each table cell on its own line)."""
    reader = PdfReader(io.BytesIO(response.content))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def size(reader: PdfReader) -> tuple[int, int]:
    box = reader.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def size_of(paper: str) -> tuple[int, int]:
    width, height = PAPERS[paper]
    return round(width), round(height)


def csv_figures(text: str) -> dict[str, str]:
    """The day's figures: the CSV's first table (a header and one row)."""
    header, row = list(csv.reader(io.StringIO(text.split("\n\n")[0])))
    return dict(zip(header, row, strict=True))


def test_a_stores_day_from_two_tills_as_the_terminals_pdf(
        server: LiveServer, make_node: Callable[..., Node]) -> None:
    t1, t2 = make_node("t1"), make_node("t2")
    t1.terminal.sale(MARCO, 4250, receipt="R-1", cashier="ioana")
    t2.terminal.sale(MARCO, 1000, receipt="R-2", cashier="mihai")
    t2.terminal.redeem(MARCO, "coffee", cashier="mihai")
    assert t1.sync().ok and t2.sync().ok
    day = datetime.now(ZoneInfo("Europe/Bucharest")).date().isoformat()  # the demo store's day
    asked = {"date": day, "store": "demo"}
    with httpx.Client(base_url=server.url, timeout=30) as web:
        hq = cookie_of(sign_in(web, "hq-anna"))
        page = web.get("/hq/reports", params=asked, headers=hq)
        assert f'href="/hq/reports.pdf?date={day}&amp;store=demo"' in page.text
        assert "Download PDF" in page.text and "&amp;paper=letter" in page.text
        figures = csv_figures(web.get("/hq/reports.csv", params=asked, headers=hq).text)
        assert figures["sales"] == "2" and figures["redemptions"] == "1"

        got = web.get("/hq/reports.pdf", params=asked, headers=hq)
        assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
        assert got.headers["content-disposition"] == f'attachment; filename="tessera-demo-{day}.pdf"'
        reader, text = pdf_text(got)
        assert len(reader.pages) == 1
        assert size(reader) == size_of("a4")
        amount = int(figures["sales_amount"])
        for words in (f"Tessera daily report — {day}", "Store demo · whole store",
                      f"Transactions {figures['transactions']}",
                      f"Net sales {amount // 100}.{amount % 100:02d} EUR",
                      f"Points issued {figures['points_issued']}",
                      f"Points redeemed {figures['points_redeemed']}",
                      "Member sales per hour", "last 30 days", "coffee", "ioana", "mihai", "42.50", "10.00"):
            assert words in text, (words, text)
        # the server's day is the whole store's, and settled: no till named, nothing provisional
        assert "terminal" not in text and "provisional" not in text

        letter = web.get("/hq/reports.pdf", params={**asked, "paper": "letter"}, headers=hq)
        assert size(PdfReader(io.BytesIO(letter.content))) == size_of("letter")
        assert web.get("/hq/reports.pdf", params={**asked, "paper": "a3"}, headers=hq).status_code == 404
        chain = web.get("/hq/reports.pdf", params={"date": day}, headers=hq)
        assert chain.headers["content-disposition"] == f'attachment; filename="tessera-chain-{day}.pdf"'
        assert "Store all stores · whole chain" in pdf_text(chain)[1]

        own = web.get("/hq/reports.pdf", params=asked, headers=cookie_of(sign_in(web, "demo-boss")))
        assert own.status_code == 200 and f"Transactions {figures['transactions']}" in pdf_text(own)[1]
        boss = cookie_of(sign_in(web, "north-boss"))
        other = web.get("/hq/reports.pdf", params=asked, headers=boss)
        assert other.status_code == 404 and other.headers["content-type"].startswith("text/html")
        north = web.get("/hq/reports.pdf", params={"date": day}, headers=boss)  # their own store, by default
        assert "Store north · whole store" in pdf_text(north)[1] and "Transactions 0" in pdf_text(north)[1]
        signed_out = web.get("/hq/reports.pdf", params=asked)
        assert signed_out.status_code == 401 and not signed_out.content.startswith(b"%PDF")


def test_the_30_day_trend_is_the_days_own_figures(server: LiveServer, make_node: Callable[..., Node]) -> None:
    from sync.server import daypdf, reports

    t1 = make_node("t1")
    t1.terminal.sale(MARCO, 4250, receipt="R-1", cashier="ioana")
    assert t1.sync().ok
    day = datetime.now(ZoneInfo("Europe/Bucharest")).date()
    with server.db.read() as session:
        lines = daypdf.trend(session, day, "demo")
        today = reports.daily(session, day, "demo")
    assert len(lines) == daypdf.TREND_DAYS and lines[-1]["date"] == day.isoformat()
    assert (lines[-1]["points_issued"], lines[-1]["points_redeemed"]) == (today.points_issued,
                                                                          today.points_redeemed)
    assert today.points_issued > 0

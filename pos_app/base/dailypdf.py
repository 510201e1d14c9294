"""The daily report as a one-page PDF a store manager can print or mail: the terminal's layout, shared.

One layout fits both A4 and Letter (the width of A4, the height of Letter, shrunk to fit if ever needed):
the figures, an hourly bar chart of member sales and the points they earned, a 30-day chart of points
issued against redeemed (reportlab's own graphics), and the by-reward and by-cashier tables.

It lives in ``pos_app.base`` so the terminal (``pos_app.reportpdf``: the CLI and the window) and the server
(the HQ console's store day) print the very same page. ``base`` may not import ``pos_app.core``, so the
caller hands in how an amount is written (``core.money.format_amount`` in the report's currency); the
report's ``currency`` field is the code printed beside the amounts.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pos_app.base.files import atomic_write_bytes

Amount = Callable[[int], str]  # minor units -> the decimal text in major units ("42.50"), no currency code

LABELS = {
    "transactions": "Transactions",
    "sales": "Sales",
    "refunds": "Refunds",
    "redemptions": "Redemptions",
    "sales_amount": "Net sales",
    "gross_sales_amount": "Gross sales",
    "refunded_amount": "Refunded",
    "points_issued": "Points issued",
    "points_reversed": "Points reversed by refunds",
    "points_redeemed": "Points redeemed",
    "points_expired": "Points expired",
    "points_adjusted": "Points adjusted (net)",
    "enrollments": "New members",
    "members_negative": "Members with a negative balance",
    "pending_ops": "Changes not yet sent to the server",
    "conflicts": "Conflicts",  # the server's store day only: a terminal's report has no such figure
}
MONEY_KEYS = {"sales_amount", "gross_sales_amount", "refunded_amount"}
PAPERS = {"a4": A4, "letter": LETTER}
MARGIN = 36
PADDING = 6  # the frame's own padding on each side
# The one layout of both papers: A4's width, Letter's height.
WIDTH = min(A4[0], LETTER[0]) - 2 * (MARGIN + PADDING)
HEIGHT = min(A4[1], LETTER[1]) - 2 * (MARGIN + PADDING)
MAX_LINES = 10  # rows of a breakdown table; the rest are counted in one last row
INK, PAPER, RULE = colors.HexColor("#1f3a5f"), colors.HexColor("#eef2f7"), colors.HexColor("#9aa5b1")
ISSUED, REDEEMED = colors.HexColor("#2f7d4f"), colors.HexColor("#c0504d")


def _style(table: Table, columns: range | tuple[int, ...]) -> Table:
    """The report's table look; ``columns``: the right-aligned (numeric) ones."""
    table.setStyle(TableStyle([
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 9.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("BACKGROUND", (0, 0), (-1, 0), INK),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        *[("ALIGN", (c, 1), (c, -1), "RIGHT") for c in columns],
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PAPER]),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
    ]))
    return table


def _figures_table(report: dict[str, Any], amount: Amount) -> Table:
    code = str(report.get("currency") or "")
    cells = []
    for key, label in LABELS.items():
        if key in report:
            value = report[key]
            shown = f"{amount(value)} {code}".rstrip() if key in MONEY_KEYS else str(value)
            cells.append([label, shown])
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:] + [["", ""]] * (half - len(cells[half:]))
    rows = [["Figure", "Value", "Figure", "Value"]] + [a + b for a, b in zip(left, right, strict=True)]
    return _style(Table(rows, colWidths=[WIDTH * 0.32, WIDTH * 0.18, WIDTH * 0.32, WIDTH * 0.18]), (1, 3))


def _scale(chart: Any, values: list[int]) -> None:
    """Whole-number steps from 0 (counts and points), about five of them."""
    top = max(max(values, default=0), 1)
    step = -(-top // 5)
    chart.valueAxis.valueMin, chart.valueAxis.valueStep = 0, step
    chart.valueAxis.valueMax = step * -(-top // step)


def _bars(values: list[int], x: float, y: float, width: float, height: float, fill: Any,
          labels: bool) -> VerticalBarChart:
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = x, y, width, height
    chart.data = [values]
    chart.bars[0].fillColor = fill
    chart.bars.strokeWidth = 0
    _scale(chart, values)
    chart.valueAxis.labels.fontSize = 6
    chart.categoryAxis.categoryNames = [str(h) if labels else "" for h in range(len(values))]
    chart.categoryAxis.labels.fontSize = 6
    chart.barSpacing = 1
    return chart


def hourly_chart(report: dict[str, Any], width: float = WIDTH) -> Drawing:
    """Member sales (count) and the points they earned, per hour of the shop's clock: two bar panels."""
    hours = report.get("by_hour") or [{"hour": h, "sales": 0, "points_issued": 0} for h in range(24)]
    drawing = Drawing(width, 150)
    drawing.add(String(0, 140, "Member sales per hour", fontSize=8, fillColor=INK))
    drawing.add(_bars([int(h["sales"]) for h in hours], 30, 85, width - 40, 50, INK, False), name="sales")
    drawing.add(String(0, 72, "Points issued per hour", fontSize=8, fillColor=INK))
    drawing.add(_bars([int(h["points_issued"]) for h in hours], 30, 14, width - 40, 52, ISSUED, True),
                name="points")
    return drawing


def trend_chart(report: dict[str, Any], width: float = WIDTH) -> Drawing:
    """Points issued and redeemed on each of the 30 days ending on the report's day: two lines."""
    days = report.get("trend") or []
    issued = [int(d["points_issued"]) for d in days] or [0]
    redeemed = [int(d["points_redeemed"]) for d in days] or [0]
    drawing = Drawing(width, 140)
    drawing.add(String(0, 130, "Points issued and redeemed, last 30 days", fontSize=8, fillColor=INK))
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 30, 16, width - 130, 104
    chart.data = [issued, redeemed]
    chart.lines[0].strokeColor, chart.lines[1].strokeColor = ISSUED, REDEEMED
    chart.lines.strokeWidth = 1.2
    _scale(chart, [*issued, *redeemed])
    chart.valueAxis.labels.fontSize = 6
    chart.categoryAxis.categoryNames = [d["date"][5:] if i % 5 == (len(days) - 1) % 5 else ""
                                        for i, d in enumerate(days)] or [""]
    chart.categoryAxis.labels.fontSize = 6
    drawing.add(chart, name="trend")
    legend = Legend()
    legend.x, legend.y, legend.fontSize, legend.alignment = width - 90, 100, 7, "right"
    legend.colorNamePairs = [(ISSUED, "issued"), (REDEEMED, "redeemed")]
    drawing.add(legend)
    return drawing


def _lines(rows: list[list[str]], columns: int) -> list[list[str]]:
    if len(rows) > MAX_LINES:
        rows = [*rows[:MAX_LINES - 1], [f"… and {len(rows) - MAX_LINES + 1} more", *[""] * (columns - 1)]]
    return rows or [["none", *[""] * (columns - 1)]]


def _breakdown_tables(report: dict[str, Any], amount: Amount) -> Table:
    code = str(report.get("currency") or "")
    rewards = _lines([[str(r["reward"]), str(r["redemptions"]), str(r["points"])]
                      for r in report.get("by_reward") or []], 3)
    cashiers = _lines([[str(c["cashier"]) or "(none)", str(c["sales"]), amount(c["sales_amount"]),
                        str(c["points_issued"]), str(c["redemptions"]), str(c["points_redeemed"])]
                       for c in report.get("by_cashier") or []], 6)
    left = WIDTH * 0.34
    reward_table = _style(Table([["Reward", "Redeemed", "Points"], *rewards],
                                colWidths=[left * 0.44, left * 0.3, left * 0.26]), range(1, 3))
    right = WIDTH - left - 8
    header = ["Cashier", "Sales", f"Amount {code}".rstrip(), "Issued", "Redeemed", "Points"]
    cashier_table = _style(Table([header, *cashiers],
                                 colWidths=[right * 0.24, right * 0.12, right * 0.2, right * 0.14,
                                            right * 0.16, right * 0.14]), range(1, 6))
    outer = Table([[reward_table, cashier_table]], colWidths=[left + 8, right])
    outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return outer


def _source(report: dict[str, Any]) -> str:
    """Whose day it is: a terminal's, or (``scope``, the server's report) the whole store's or chain's."""
    scope = report.get("scope") or f"terminal {report.get('terminal_id', '')}"
    return f"Store {report.get('store_id', '')} · {scope}"


def daily_story(report: dict[str, Any], amount: Amount) -> list[Any]:
    """The page's content: at most WIDTH x HEIGHT points, whatever the paper."""
    styles = getSampleStyleSheet()
    small = styles["Normal"].clone("small", fontSize=8, leading=10)
    content: list[Any] = [
        Paragraph(f"Tessera daily report — {report['date']}", styles["Title"]),
        Paragraph(_source(report), small),
    ]
    if report.get("provisional"):
        content.append(Paragraph(
            f"<font color='#c0504d'><b>provisional: {report.get('pending_ops', 0)} changes not yet sent</b>"
            "</font> (the figures may still change when the server answers)", small))
    heading = styles["Heading4"].clone("heading", fontSize=9, leading=11, spaceBefore=4, spaceAfter=2)
    content += [
        Spacer(1, 6), _figures_table(report, amount), Spacer(1, 6),
        hourly_chart(report), Spacer(1, 4), trend_chart(report),
        Paragraph("By reward and by cashier", heading), _breakdown_tables(report, amount),
    ]
    return [KeepInFrame(WIDTH, HEIGHT, content, mode="shrink")]


def daily_pdf(report: dict[str, Any], amount: Amount, paper: str = "a4") -> bytes:
    """The page as PDF bytes (the console serves them as they are). ``paper``: a4 or letter."""
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=PAPERS[paper], title=f"Tessera daily report {report['date']}",
                      leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                      bottomMargin=MARGIN).build(daily_story(report, amount))
    return buffer.getvalue()


def write_daily_pdf(report: dict[str, Any], amount: Amount, out: Path, paper: str = "a4") -> None:
    """Write atomically: a half-written PDF never replaces a good one."""
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, daily_pdf(report, amount, paper))

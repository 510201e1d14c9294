"""The daily report as a one-page PDF a store manager can print or mail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pos_app.base.files import atomic_path
from pos_app.core.money import currency, format_amount

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
}
MONEY_KEYS = {"sales_amount", "gross_sales_amount", "refunded_amount"}


def write_daily_pdf(report: dict[str, Any], out: Path) -> None:
    """Write atomically: a half-written PDF never replaces a good one."""
    cur = currency(report.get("currency", "EUR"))
    rows = [["Figure", "Value"]]
    for key, label in LABELS.items():
        if key in report:
            value = report[key]
            shown = f"{format_amount(value, cur)} {cur.code}" if key in MONEY_KEYS else str(value)
            rows.append([label, shown])
    styles = getSampleStyleSheet()
    table = Table(rows, colWidths=[110 * 2.83, 50 * 2.83])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f7")]),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")),
    ]))
    story = [
        Paragraph(f"Tessera daily report — {report['date']}", styles["Title"]),
        Paragraph(f"Store {report.get('store_id', '')} · terminal {report.get('terminal_id', '')}",
                  styles["Normal"]),
        Spacer(1, 12),
        table,
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        SimpleDocTemplate(str(tmp), pagesize=A4, title=f"Tessera daily report {report['date']}").build(story)

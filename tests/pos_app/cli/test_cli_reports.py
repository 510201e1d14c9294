"""`tessera-pos report daily` as JSON, CSV and PDF, on stdout and into files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.pos_app.cli.runner import MARCO, cli, cli_many


def test_report_daily_json_csv_pdf(data: Path, tmp_path: Path) -> None:
    sale = cli(data, "sale", "--card", MARCO, "--amount", "12.34", "--receipt", "CLI-R", "--json").ok()
    pdf, csv_file = tmp_path / "daily.pdf", tmp_path / "daily.csv"
    as_json, as_csv, as_flag, as_pdf, to_file, dated, needs_out = cli_many(
        data, ["report", "daily", "--format", "json"], ["report", "daily", "--format", "csv"],
        ["report", "daily", "--json"], ["report", "daily", "--format", "pdf", "--out", str(pdf), "--json"],
        ["report", "daily", "--format", "csv", "--out", str(csv_file)],
        ["report", "daily", "--date", "2001-01-01", "--json"], ["report", "daily", "--format", "pdf"])
    report = as_json.ok()
    keys = {"date", "transactions", "sales_amount", "points_issued", "points_redeemed", "points_expired",
            "points_adjusted", "enrollments", "pending_ops"}
    assert keys <= set(report)
    assert report["sales"] >= 1 and report["sales_amount"] >= 1234
    assert report["points_issued"] >= sale["points_earned"]
    assert as_flag.ok() == report
    rows = list(csv.DictReader(io.StringIO(as_csv.out.split("\n\n")[0])))  # the figures, then breakdowns
    assert as_csv.code == 0 and len(rows) == 1
    assert {k: str(v) for k, v in report.items() if not isinstance(v, list)} == rows[0]
    written = as_pdf.ok()
    assert written["out"] == str(pdf) and written["sales"] == report["sales"]
    assert pdf.read_bytes().startswith(b"%PDF")
    old_day = dated.ok()
    assert (old_day["date"], old_day["transactions"], old_day["points_issued"]) == ("2001-01-01", 0, 0)
    needs_out.refused(2, "--out")
    assert to_file.code == 0 and to_file.out == ""
    assert next(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8")))) == rows[0]

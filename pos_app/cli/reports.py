"""`tessera-pos report daily`: the day's totals as text, JSON, CSV or PDF, on stdout or into a file.

JSON carries the figures and the breakdowns (``by_reward``, ``by_cashier``, ``by_hour``, ``trend``); CSV
has the figures in one row (header and values), then each breakdown as its own table (header and rows)
after a blank line, as the server's ``report daily``; text lists the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_app.base.cmdline import UsageError, emit
from pos_app.cli.common import command, group, open_terminal
from pos_app.reportcsv import daily_csv, figures

if TYPE_CHECKING:
    from pos_app.cli.common import Commands

def add_commands(sub: Commands) -> None:
    rsub = group(sub, "report", dest="report_command", help="reports")
    p = command(rsub, "daily", cmd_report)
    p.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD, default today")
    p.add_argument("--format", choices=("json", "csv", "pdf"), default=None)
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="the PDF's paper (default a4)")
    p.add_argument("--out", type=Path)


def as_text(report: dict[str, Any], fmt: str) -> str:
    if fmt == "csv":
        return daily_csv(report)
    if fmt == "json":
        return json.dumps(report) + "\n"
    return "".join(f"{k}: {v}\n" for k, v in figures(report).items())


def cmd_report(args: argparse.Namespace) -> None:
    report = open_terminal(args).daily_report(args.date or date.today())
    fmt = args.format or ("json" if args.json else "text")
    if fmt == "pdf":
        if args.out is None:
            raise UsageError("--format pdf needs --out FILE.pdf")
        from pos_app.reportpdf import write_daily_pdf  # reportlab loads only to write a PDF

        write_daily_pdf(report, args.out, paper=args.paper)
        emit(args, {"out": str(args.out), **report} if args.json else f"report written to {args.out}")
        return
    text = as_text(report, fmt)
    if args.out is None:
        sys.stdout.write(text)
        return
    args.out.write_text(text, encoding="utf-8")
    if args.json:
        print(json.dumps(report))

"""Field tools of `tessera-pos`: scan (decode barcodes in image files) and card print (a member card PDF).

OpenCV, the decoders and reportlab load inside the commands that use them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_app.base.cmdline import EXIT_OK, EXIT_USAGE, emit
from pos_app.cli.common import command, group, open_terminal

if TYPE_CHECKING:
    from pos_app.cli.common import Commands


def add_commands(sub: Commands) -> None:
    p = command(sub, "scan", cmd_scan, help="decode barcodes in image files")
    p.add_argument("files", nargs="+", type=Path)
    csub = group(sub, "card", dest="card_command", help="member cards")
    p = command(csub, "print", cmd_card, help="a printable credit-card size PDF")
    p.add_argument("card")
    p.add_argument("--out", type=Path, required=True)


def _scan_lines(results: dict[str, Any]) -> str:
    lines = []
    for name, value in results.items():
        if isinstance(value, dict):
            lines.append(f"{name}: error: {value['error']}")
        elif not value:
            lines.append(f"{name}: no code found")
        else:
            lines.append(f"{name}: " + ", ".join(f"{d['format']} {d['text']}" for d in value))
    return "\n".join(lines)


def cmd_scan(args: argparse.Namespace) -> int:
    from pos_app.scanning import ImageError, decode_file  # OpenCV loads for this command only

    results: dict[str, Any] = {}
    failed = False
    for path in args.files:
        try:
            results[str(path)] = [{"text": d.text, "format": d.format} for d in decode_file(path)]
        except ImageError as exc:
            failed = True
            results[str(path)] = {"error": str(exc)}
    emit(args, results, _scan_lines)
    return EXIT_USAGE if failed else EXIT_OK


def cmd_card(args: argparse.Namespace) -> int:
    from pos_app.scanning.cardpdf import render_card  # reportlab and the barcode writer load here only

    terminal = open_terminal(args)
    view = terminal.member(args.card)
    render_card(view.card, view.name, args.out, program_name=terminal.program.name)
    emit(args, {"card": view.card, "out": str(args.out)}, lambda _: f"card written to {args.out}")
    return EXIT_OK

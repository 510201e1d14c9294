"""Field commands of `tessera-pos`: scan, card print, doctor (and sync once registered)."""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

JsonFlag = Callable[[argparse.ArgumentParser], None]


def add_commands(sub: Any, json_flag: JsonFlag) -> None:
    p = sub.add_parser("scan", help="decode barcodes in image files")
    p.add_argument("files", nargs="+", type=Path)
    json_flag(p)

    card = sub.add_parser("card", help="member cards")
    csub = card.add_subparsers(dest="card_command", required=True)
    p = csub.add_parser("print", help="a printable credit-card size PDF")
    p.add_argument("card")
    p.add_argument("--out", type=Path, required=True)
    json_flag(p)

    p = sub.add_parser("doctor", help="check database, camera, decoders, server and clock")
    json_flag(p)


def cmd_scan(args: argparse.Namespace) -> int:
    from pos_app.scanning import ImageError, decode_file

    results: dict[str, Any] = {}
    failed = False
    for path in args.files:
        try:
            results[str(path)] = [{"text": d.text, "format": d.format} for d in decode_file(path)]
        except ImageError as exc:
            failed = True
            results[str(path)] = {"error": str(exc)}
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        for name, value in results.items():
            if isinstance(value, dict):
                print(f"{name}: error: {value['error']}")
            elif not value:
                print(f"{name}: no code found")
            else:
                print(f"{name}: " + ", ".join(f"{d['format']} {d['text']}" for d in value))
    return 2 if failed else 0


def cmd_card(args: argparse.Namespace) -> int:
    from pos_app.cli import open_terminal
    from pos_app.scanning.cardpdf import render_card

    terminal = open_terminal(args)
    view = terminal.member(args.card)
    render_card(view.card, view.name, args.out, program_name=terminal.program.name)
    if args.json:
        print(json.dumps({"card": view.card, "out": str(args.out)}))
    else:
        print(f"card written to {args.out}")
    return 0


def _check(name: str, ok: bool, detail: str, *, required: bool = True) -> dict[str, Any]:
    return {"check": name, "ok": ok, "required": required, "detail": detail}


def doctor_checks(data_dir: Path) -> list[dict[str, Any]]:
    from pos_app.store.db import current_revision, head_revision, make_engine

    checks = []
    db_path = data_dir / "terminal.db"
    if db_path.exists():
        conn = sqlite3.connect(db_path)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            conn.close()
        engine = make_engine(db_path)
        revision = current_revision(engine)
        engine.dispose()
        checks.append(_check("database", integrity == "ok" and mode == "wal" and revision == head_revision(),
                             f"integrity {integrity}, journal {mode}, schema {revision} (newest {head_revision()})"))
        mode_bits = db_path.stat().st_mode & 0o077
        checks.append(_check("database permissions", mode_bits == 0, "owner-only" if not mode_bits else
                             f"readable by others: chmod 600 {db_path}"))
    else:
        checks.append(_check("database", False, f"no database in {data_dir}: run `tessera-pos init`"))
    checks.append(_decoder_check())
    checks.append(_camera_check())
    checks.append(_clock_check())
    checks.extend(_server_checks(data_dir))
    return checks


def _decoder_check() -> dict[str, Any]:
    try:
        from pos_app.scanning.decode import available_backends

        names = available_backends()
    except ImportError as exc:
        return _check("decoders", False, f"scanning unavailable: {exc}")
    return _check("decoders", bool(names), ", ".join(names) or "neither pyzbar (libzbar0) nor zxing-cpp loads")


def _camera_check() -> dict[str, Any]:
    try:
        from pos_app.scanning.capture import list_cameras

        cams = list_cameras()
    except Exception as exc:  # a broken camera stack must not stop the other checks
        return _check("camera", False, f"cannot list cameras: {exc}", required=False)
    detail = ", ".join(name for _, name in cams) if cams else "no camera: keyboard scanners and typing still work"
    return _check("camera", bool(cams), detail, required=False)


def _clock_check() -> dict[str, Any]:
    now = datetime.now(UTC)
    return _check("clock", now.year >= 2025, f"system clock says {now:%Y-%m-%d %H:%M} UTC")


def _server_checks(data_dir: Path) -> list[dict[str, Any]]:
    from pos_app import sync_agent

    return sync_agent.doctor_checks(data_dir)


def cmd_doctor(args: argparse.Namespace) -> int:
    from pos_app.cli import data_dir_of

    checks = doctor_checks(data_dir_of(args))
    if args.json:
        print(json.dumps(checks))
    else:
        for c in checks:
            mark = "ok  " if c["ok"] else ("FAIL" if c["required"] else "warn")
            print(f"{mark}  {c['check']:<22} {c['detail']}")
    return 0 if all(c["ok"] or not c["required"] for c in checks) else 1


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"scan": cmd_scan, "card": cmd_card,
                                                            "doctor": cmd_doctor}

"""`tessera-pos`: the terminal's command line (also `python -m pos_app`).

Exit codes: 0 done, 1 refused by the domain (reason on stderr), 2 bad usage or
bad input. With ``--json`` a command prints exactly one JSON value on stdout.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from pos_app.config import default_data_dir

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage found after parsing (exit 2)."""


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line, with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")


def build_parser() -> Parser:
    parser = Parser(prog="tessera-pos", description="Tessera loyalty terminal")
    parser.add_argument("--data-dir", type=Path, help="terminal data dir (env TESSERA_DATA_DIR)")
    parser.add_argument("--demo", action="store_true", help="window on a throwaway demo data dir")
    parser.add_argument("--camera", help="camera index, video file or image folder for the window")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    p = sub.add_parser("init", help="create or migrate the local database")
    p.add_argument("--demo", action="store_true", dest="seed_demo", help="seed the demo program and members")
    _json_flag(p)

    member = sub.add_parser("member", help="enroll, show, find or adjust members")
    msub = member.add_subparsers(dest="member_command", parser_class=Parser, required=True)
    p = msub.add_parser("enroll")
    p.add_argument("--name", required=True)
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--card")
    p.add_argument("--birthday", type=date.fromisoformat, help="YYYY-MM-DD")
    p.add_argument("--consent", action="store_true", help="marketing consent")
    _json_flag(p)
    p = msub.add_parser("show")
    p.add_argument("card_or_phone")
    _json_flag(p)
    p = msub.add_parser("search")
    p.add_argument("text")
    _json_flag(p)
    p = msub.add_parser("adjust", help="manager correction, reason required")
    p.add_argument("card")
    p.add_argument("--points", type=int, required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--manager", required=True, help="manager id")
    _json_flag(p)

    p = sub.add_parser("sale", help="record a sale and earn points")
    p.add_argument("--card", required=True)
    p.add_argument("--amount", required=True, help="major units, e.g. 12.50")
    p.add_argument("--receipt", help="receipt number (generated when omitted)")
    p.add_argument("--cashier")
    _json_flag(p)

    p = sub.add_parser("redeem", help="spend points on a reward")
    p.add_argument("--card", required=True)
    p.add_argument("--reward", required=True)
    p.add_argument("--cashier")
    _json_flag(p)

    p = sub.add_parser("refund", help="refund a receipt, fully or partly")
    p.add_argument("--receipt", required=True)
    p.add_argument("--amount", help="major units; the whole remainder when omitted")
    p.add_argument("--cashier")
    _json_flag(p)

    p = sub.add_parser("rewards", help="the rewards catalog")
    _json_flag(p)
    p = sub.add_parser("status", help="sync status of this terminal")
    _json_flag(p)
    p = sub.add_parser("expire", help="expire due points now")
    _json_flag(p)

    report = sub.add_parser("report", help="reports")
    rsub = report.add_subparsers(dest="report_command", parser_class=Parser, required=True)
    p = rsub.add_parser("daily")
    p.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD, default today")
    p.add_argument("--format", choices=("json", "csv", "pdf"), default=None)
    p.add_argument("--out", type=Path)
    _json_flag(p)

    cashier = sub.add_parser("cashier", help="cashier PINs")
    csub = cashier.add_subparsers(dest="cashier_command", parser_class=Parser, required=True)
    p = csub.add_parser("add")
    p.add_argument("id")
    p.add_argument("--name", required=True)
    p.add_argument("--pin", required=True)
    p.add_argument("--role", choices=("cashier", "manager"), default="cashier")
    _json_flag(p)

    from pos_app import cli_more, cli_sync

    cli_more.add_commands(sub, _json_flag)
    cli_sync.add_commands(sub, _json_flag)
    return parser


# --- output ----------------------------------------------------------------------


def emit(args: argparse.Namespace, value: Any, human: Callable[[Any], str] | None = None) -> None:
    if getattr(args, "json", False):
        print(json.dumps(value, ensure_ascii=False, default=str))
    elif human is not None:
        print(human(value))
    elif isinstance(value, dict):
        print("\n".join(f"{k}: {v}" for k, v in value.items()))
    else:
        print(value)


def fail(code: int, message: str) -> int:
    print(f"tessera-pos: {message}", file=sys.stderr)
    return code


# --- commands ----------------------------------------------------------------------


def data_dir_of(args: argparse.Namespace) -> Path:
    return args.data_dir or default_data_dir()


def open_terminal(args: argparse.Namespace) -> Any:
    from pos_app.terminal import Terminal

    return Terminal(data_dir_of(args))


def cmd_init(args: argparse.Namespace) -> None:
    from pos_app.terminal import initialize

    target = data_dir_of(args)
    created = initialize(target, demo=args.seed_demo)
    emit(args, {"data_dir": str(target), "created": created, "demo": args.seed_demo})


def money(terminal: Any, text: str) -> int:
    from pos_app.core.money import parse_amount

    return parse_amount(text, terminal.program.currency)


def cmd_member(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    if args.member_command == "enroll":
        result = terminal.enroll(args.name, phone=args.phone, email=args.email, card=args.card,
                                 birthday=args.birthday, consent=args.consent)
        emit(args, {"card": result.card, "name": result.name, "points": result.points})
    elif args.member_command == "show":
        emit(args, member_json(known_card(args, args.card_or_phone, lambda: terminal.member(args.card_or_phone))))
    elif args.member_command == "search":
        emit(args, [member_json(m) for m in terminal.search(args.text)],
             lambda rows: "\n".join(f"{r['card']}  {r['name']}  {r['balance']}" for r in rows) or "no match")
    else:
        result = terminal.adjust(args.card, args.points, args.reason, args.manager)
        emit(args, {"entry_id": result.entry_id, "points": result.points, "balance": result.balance})


def member_json(view: Any) -> dict[str, Any]:
    return {"card": view.card, "name": view.name, "phone": view.phone, "email": view.email,
            "tier": view.tier, "balance": view.balance, "spendable": view.spendable, "pending": view.pending,
            "expiring_soon": view.expiring_soon, "pending_ops": view.pending_ops, "blocked": view.blocked}


def known_card(args: argparse.Namespace, card: str, action: Callable[[], Any]) -> Any:
    """Run ``action``; if the card is unknown here, fetch it from the server once and retry."""
    from pos_app import cli_sync
    from pos_app.core.errors import UnknownCard

    try:
        return action()
    except UnknownCard:
        if not cli_sync.fetch_member(args, card):
            raise
        return action()


def cmd_sale(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    amount = money(terminal, args.amount)
    result = known_card(args, args.card, lambda: terminal.sale(args.card, amount, args.receipt, args.cashier))
    emit(args, {"entry_id": result.entry_id, "points_earned": result.points_earned, "balance": result.balance,
                "receipt": result.receipt, "duplicate": result.duplicate})


def cmd_redeem(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    result = known_card(args, args.card, lambda: terminal.redeem(args.card, args.reward, args.cashier))
    emit(args, {"entry_id": result.entry_id, "points_spent": result.points_spent, "balance": result.balance,
                "voucher": result.voucher, "reward": result.reward_id})


def cmd_refund(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    amount = money(terminal, args.amount) if args.amount is not None else None
    result = terminal.refund(args.receipt, amount, args.cashier)
    emit(args, {"points_reversed": result.points_reversed, "balance": result.balance, "receipt": result.receipt,
                "refunded_amount": result.refunded_amount})


def cmd_rewards(args: argparse.Namespace) -> None:
    rows = [{"id": r.id, "name": r.name, "cost": r.cost, "kind": r.kind, "min_tier": r.min_tier,
             "per_member_limit": r.per_member_limit} for r in open_terminal(args).catalog()]
    emit(args, rows, lambda rs: "\n".join(f"{r['id']:<10} {r['cost']:>6}  {r['name']}" for r in rs))


def cmd_status(args: argparse.Namespace) -> None:
    emit(args, open_terminal(args).status())


def cmd_expire(args: argparse.Namespace) -> None:
    emit(args, {"points_expired": open_terminal(args).expire_due()})


def cmd_report(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    report = terminal.daily_report(args.date or date.today())
    fmt = args.format or ("json" if args.json else "text")
    if fmt == "pdf":
        if args.out is None:
            raise UsageError("--format pdf needs --out FILE.pdf")
        from pos_app.reportpdf import write_daily_pdf

        write_daily_pdf(report, args.out)
        emit(args, {"out": str(args.out), **report} if args.json else f"report written to {args.out}")
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(report), lineterminator="\n")
        writer.writeheader()
        writer.writerow(report)
        text = buffer.getvalue()
    elif fmt == "json":
        text = json.dumps(report) + "\n"
    else:
        text = "".join(f"{k}: {v}\n" for k, v in report.items())
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
        if args.json:
            print(json.dumps(report))
    else:
        sys.stdout.write(text)


def cmd_cashier(args: argparse.Namespace) -> None:
    open_terminal(args).add_cashier(args.id, args.name, args.pin, args.role)
    emit(args, {"id": args.id, "name": args.name, "role": args.role})


def cmd_window(args: argparse.Namespace) -> int:
    if args.demo:
        # Seeded by the window's worker after it is on screen: start-up stays fast.
        target = Path(tempfile.mkdtemp(prefix="tessera-demo-"))
        from pos_app import log

        log.setup(target, verbose=args.verbose)
    else:
        target = data_dir_of(args)
        if not (target / "terminal.db").exists():
            raise UsageError(f"no terminal database in {target}: run `tessera-pos init` (or try --demo)")
    from pos_app.ui import app

    return int(app.run(target, camera=args.camera, demo=args.demo))


COMMANDS: dict[str, Callable[[argparse.Namespace], Any]] = {
    "init": cmd_init, "member": cmd_member, "sale": cmd_sale, "redeem": cmd_redeem, "refund": cmd_refund,
    "rewards": cmd_rewards, "status": cmd_status, "expire": cmd_expire, "report": cmd_report,
    "cashier": cmd_cashier,
}


def main(argv: Sequence[str] | None = None) -> int:
    from pos_app import cli_more, cli_sync
    from pos_app.core.errors import DomainError, InvalidInput

    parser = build_parser()
    args = parser.parse_args(argv)
    demo_window = args.command is None and args.demo
    if not demo_window and (args.data_dir is not None or args.command != "scan"):
        from pos_app import log

        try:
            from pos_app.config import ensure_data_dir

            log.setup(ensure_data_dir(data_dir_of(args)), verbose=args.verbose)
        except OSError as exc:
            return fail(EXIT_USAGE, f"cannot use data dir {data_dir_of(args)}: {exc.strerror}")
    try:
        if args.command is None:
            return cmd_window(args)
        handler = COMMANDS.get(args.command) or cli_sync.COMMANDS.get(args.command) or cli_more.COMMANDS[args.command]
        result = handler(args)
        return int(result) if isinstance(result, int) else EXIT_OK
    except DomainError as exc:
        return fail(EXIT_REFUSED, exc.message)
    except (InvalidInput, UsageError) as exc:
        return fail(EXIT_USAGE, str(exc))
    except KeyboardInterrupt:
        return fail(130, "interrupted")


if __name__ == "__main__":
    sys.exit(main())

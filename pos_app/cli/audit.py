"""`tessera-pos audit`: the terminal's audit trail, for managers only.

Every manager act (corrections, voids, cashier changes, settings, restores, setup runs) and every
wrong PIN is in it (pos_app.store.audit), with who, when, what and the member. The command needs a
manager's PIN like every manager act (``--manager-pin``, asked for when omitted on a terminal): a
cashier's PIN is refused with ``not_a_manager`` (exit 1), and the look itself is in the trail
(``manager_pin``). Filters are checked before the PIN, so a typo costs no PIN attempt.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from pos_app.base.cmdline import UsageError, emit, wants_json
from pos_app.cli.common import command, manager_pin, open_terminal

if TYPE_CHECKING:
    from pos_app.cli.common import Commands
    from pos_app.store.audit import AuditRow
    from pos_app.terminal import Terminal

FORMATS = ("text", "csv", "json")


def add_commands(sub: Commands) -> None:
    p = command(sub, "audit", cmd_audit, allow_abbrev=False,
                help="the audit trail: manager acts and wrong PINs (manager)")
    p.add_argument("--date", type=date.fromisoformat, help="one day of the shop's clock, YYYY-MM-DD")
    p.add_argument("--cashier", metavar="ID", help="the acting cashier's id")
    p.add_argument("--kind", help="a kind, exactly (adjust, cashier.reset, sign_in.failed, ...), or a group "
                                  "before the dot (cashier, voucher)")
    p.add_argument("--member", metavar="CARD", help="a member's card number, or its last 4 digits")
    p.add_argument("--format", choices=FORMATS, default=None, help="text (default), csv or json")
    p.add_argument("--limit", type=int, metavar="N", help="only the newest N rows")
    p.add_argument("--manager-pin", metavar="PIN",
                   help="PIN of a manager (asked for when omitted on a terminal); a wrong one counts "
                        "against the sign-in lockout")


def _check_filters(args: argparse.Namespace) -> None:
    from pos_app.core import cards
    from pos_app.store.audit import KINDS, known_kind

    if args.kind is not None and not known_kind(args.kind.strip()):
        raise UsageError(f"--kind: unknown kind {args.kind[:40]!r}; one of {', '.join(KINDS)}")
    if args.member is not None:
        text = cards.normalize(args.member)
        if not (text.isascii() and text.isdigit() and 1 <= len(text) <= 4):
            cards.validate(args.member)  # refused as every command refuses a mistyped card
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit: give a number of rows, 1 or more")


def cmd_audit(args: argparse.Namespace) -> None:
    _check_filters(args)
    fmt = "json" if wants_json(args) else (args.format or "text")
    terminal = open_terminal(args)
    try:
        terminal.authorize_manager(manager_pin(args))
        rows = terminal.audit_trail(day=args.date, cashier=args.cashier, kind=args.kind, card=args.member,
                                    limit=args.limit)
        if fmt == "csv":
            sys.stdout.write(terminal.audit_csv(rows))
        elif fmt == "json":
            args.json = True
            emit(args, [row.as_dict() for row in rows])
        else:
            print("\n".join(_line(terminal, row) for row in rows) or "no rows")
    finally:
        terminal.close()


def _line(terminal: Terminal, row: AuditRow) -> str:
    """One row for people: the shop's time, who, the kind, the member's masked card, the detail."""
    who = (row.cashier_id or "-") + (f" ({row.cashier_name})" if row.cashier_name else "")
    return "  ".join([terminal.local_time(row.at).isoformat(" ", "seconds"), who, row.kind, row.card or "-",
                      row.detail_text()])

"""Members and sales commands of `tessera-pos`: init, member ..., sale, redeem, refund, rewards,
status, expire, cashier add/reset/disable.

Manager acts (member adjust, cashier add/reset/disable) take the approving manager's PIN
(``--manager-pin``, asked for when omitted on a terminal), checked against the PIN-pad lockout.

Every command calls the terminal's use cases (pos_app.terminal); a card this
terminal has never seen is asked of the server once (member show, sale, redeem).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from pos_app.base.cmdline import emit
from pos_app.cli.common import command, data_dir_of, group, manager_pin, open_terminal
from pos_app.cli.syncing import known_card
from pos_app.core.errors import Code, DomainError
from pos_app.core.limits import parse_points
from pos_app.core.money import parse_amount

if TYPE_CHECKING:
    from pos_app.cli.common import Commands
    from pos_app.results import MemberView
    from pos_app.terminal import Terminal

TOKEN_PREFIX = "TQ1."  # qrtoken.PREFIX, named here: starting the CLI loads no cryptography


def add_commands(sub: Commands) -> None:
    p = command(sub, "init", cmd_init, help="create or migrate the local database")
    p.add_argument("--demo", action="store_true", dest="seed_demo", help="seed the demo program and members")
    p.add_argument("--region", help="the store's country, ISO 3166 like RO or IT: phones typed without +CC "
                                    "are read in it (the demo's: RO)")
    _member_commands(group(sub, "member", dest="member_command", help="enroll, show, find or adjust members"))

    p = command(sub, "sale", cmd_sale, help="record a sale and earn points")
    p.add_argument("--card", required=True)
    p.add_argument("--amount", required=True, help="major units, e.g. 12.50")
    p.add_argument("--receipt", help="receipt number (generated when omitted)")
    p.add_argument("--cashier")
    p = command(sub, "redeem", cmd_redeem, help="spend points on a reward")
    p.add_argument("--card", required=True)
    p.add_argument("--reward", required=True)
    p.add_argument("--cashier")
    p = command(sub, "refund", cmd_refund, help="refund a receipt, fully or partly")
    p.add_argument("--receipt", required=True)
    p.add_argument("--amount", help="major units; the whole remainder when omitted")
    p.add_argument("--cashier")

    command(sub, "rewards", cmd_rewards, help="the rewards catalog")
    command(sub, "status", cmd_status, help="sync status of this terminal")
    command(sub, "expire", cmd_expire, help="expire due points now")


def _member_commands(msub: Commands) -> None:
    p = command(msub, "enroll", cmd_member)
    p.add_argument("--name", required=True)
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--card")
    p.add_argument("--birthday", type=date.fromisoformat, help="YYYY-MM-DD")
    p.add_argument("--consent", action="store_true", help="marketing consent")
    p = command(msub, "show", cmd_member, help="a member by card, phone or phone QR token (TQ1....)")
    p.add_argument("card_or_phone")
    p = command(msub, "search", cmd_member)
    p.add_argument("text")
    p = command(msub, "adjust", cmd_member, help="manager correction, reason required", allow_abbrev=False)
    p.add_argument("card")
    p.add_argument("--points", required=True, help="a whole number, negative to take points away")
    p.add_argument("--reason", required=True)
    _manager_pin(p)


MANAGER_PIN_HELP = ("PIN of the manager approving this (asked for when omitted on a terminal); a wrong one "
                    "counts against the PIN-pad lockout")


def _manager_pin(parser: argparse.ArgumentParser, help_text: str = MANAGER_PIN_HELP) -> None:
    # Its parser takes no abbreviations: the removed `--manager ID` must not be read as --manager-pin ID
    # (a wrong PIN, counted against the lockout).
    parser.add_argument("--manager-pin", metavar="PIN", help=help_text)


def add_cashier_commands(sub: Commands) -> None:
    csub = group(sub, "cashier", dest="cashier_command", help="cashier PINs (a manager approves each change)")
    p = command(csub, "add", cmd_cashier, help="a new cashier, or a new name, PIN and role for an id",
                allow_abbrev=False)
    p.add_argument("id")
    p.add_argument("--name", required=True)
    p.add_argument("--pin", required=True)
    p.add_argument("--role", choices=("cashier", "manager"), default="cashier")
    _manager_pin(p, MANAGER_PIN_HELP + "; not needed for the first manager of a terminal that has no "
                 "manager yet (--role manager)")
    p = command(csub, "reset", cmd_cashier, help="a new PIN for a cashier (a disabled one is enabled again)",
                allow_abbrev=False)
    p.add_argument("id")
    p.add_argument("--pin", required=True, help="the new PIN, 4 to 6 digits")
    _manager_pin(p)
    p = command(csub, "disable", cmd_cashier, help="the cashier's PIN stops working (not the last manager's)",
                allow_abbrev=False)
    p.add_argument("id")
    _manager_pin(p)


# --- commands ----------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> None:
    from pos_app.terminal import initialize  # SQLAlchemy and Alembic load for database commands only

    target = data_dir_of(args)
    created = initialize(target, demo=args.seed_demo, region=args.region)
    emit(args, {"data_dir": str(target), "created": created, "demo": args.seed_demo})


def money(terminal: Terminal, text: str) -> int:
    return parse_amount(text, terminal.program.currency)


def member_json(view: MemberView) -> dict[str, Any]:
    return {"card": view.card, "name": view.name, "phone": view.phone, "email": view.email,
            "tier": view.tier, "balance": view.balance, "spendable": view.spendable, "pending": view.pending,
            "expiring_soon": view.expiring_soon, "pending_ops": view.pending_ops, "blocked": view.blocked}


def _enroll(args: argparse.Namespace, terminal: Terminal) -> Any:
    """Enroll; a registered terminal first asks the server whether the phone or e-mail is a member's."""
    if not (args.phone or args.email) or not terminal.status()["server_url"]:
        return terminal.enroll(args.name, phone=args.phone, email=args.email, card=args.card,
                               birthday=args.birthday, consent=args.consent)
    from pos_app.sync_agent import enroll_checked  # httpx loads only when there is a server to ask

    return enroll_checked(terminal, args.name, phone=args.phone, email=args.email, card=args.card,
                          birthday=args.birthday, consent=args.consent)


def cmd_member(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    if args.member_command == "enroll":
        result = _enroll(args, terminal)
        emit(args, {"card": result.card, "name": result.name, "points": result.points})
    elif args.member_command == "show":
        wanted = args.card_or_phone
        if wanted.strip().startswith(TOKEN_PREFIX):  # a phone's QR token, used once as a scan would
            wanted = terminal.card_of_token(wanted)
        view = known_card(args, wanted, lambda: terminal.member(wanted))
        emit(args, member_json(view))
    elif args.member_command == "search":
        emit(args, [member_json(m) for m in terminal.search(args.text)],
             lambda rows: "\n".join(f"{r['card']}  {r['name']}  {r['balance']}" for r in rows) or "no match")
    else:
        points = parse_points(args.points)  # before the PIN: bad input costs no PIN attempt
        manager = approving_manager(args, terminal)
        adjusted = terminal.adjust(args.card, points, args.reason, manager)
        emit(args, {"entry_id": adjusted.entry_id, "points": adjusted.points, "balance": adjusted.balance})


def cmd_sale(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    amount = money(terminal, args.amount)
    result = known_card(args, args.card, lambda: terminal.sale(args.card, amount, args.receipt, args.cashier))
    emit(args, {"entry_id": result.entry_id, "points_earned": result.points_earned, "balance": result.balance,
                "receipt": result.receipt, "duplicate": result.duplicate})


def cmd_redeem(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    result = known_card(args, args.card, lambda: _redeem(args, terminal))
    emit(args, {"entry_id": result.entry_id, "points_spent": result.points_spent, "balance": result.balance,
                "voucher": result.voucher, "reward": result.reward_id})


def _redeem(args: argparse.Namespace, terminal: Terminal) -> Any:
    """Redeem; a registered terminal has the server confirm it first (1.5 s at most, then offline rules)."""
    if not terminal.status()["server_url"]:
        return terminal.redeem(args.card, args.reward, args.cashier)
    from pos_app.sync_agent import redeem_confirmed

    return redeem_confirmed(terminal, args.card, args.reward, args.cashier)


def cmd_refund(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    amount = money(terminal, args.amount) if args.amount is not None else None
    from pos_app.sync_agent import refund_anywhere  # another till's receipt is asked of the server

    result = refund_anywhere(terminal, args.receipt, amount, args.cashier)
    if result.pending:  # nothing is known of the sale yet: the server computes the refund
        emit(args, {"points_reversed": 0, "balance": None, "receipt": result.receipt,
                    "refunded_amount": amount, "pending": True},
             lambda r: f"refund of receipt {r['receipt']} queued: the server applies it to the store's sale"
                       " at the next sync (`tessera-pos sync --rejected` lists it if no sale matches)")
        return
    emit(args, {"points_reversed": result.points_reversed, "balance": result.balance,
                "receipt": result.receipt, "refunded_amount": result.refunded_amount, "pending": False})


def cmd_rewards(args: argparse.Namespace) -> None:
    rows = [{"id": r.id, "name": r.name, "cost": r.cost, "kind": r.kind, "min_tier": r.min_tier,
             "per_member_limit": r.per_member_limit} for r in open_terminal(args).catalog()]
    emit(args, rows, lambda rs: "\n".join(f"{r['id']:<10} {r['cost']:>6}  {r['name']}" for r in rs))


def cmd_status(args: argparse.Namespace) -> None:
    emit(args, open_terminal(args).status())


def cmd_expire(args: argparse.Namespace) -> None:
    emit(args, {"points_expired": open_terminal(args).expire_due()})


def approving_manager(args: argparse.Namespace, terminal: Terminal) -> str:
    """The id of the manager whose PIN (``--manager-pin``, or typed at the prompt) approves this act."""
    return terminal.authorize_manager(manager_pin(args)).id


def cmd_cashier(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    if args.cashier_command == "add":
        if args.manager_pin is None and not terminal.has_manager():
            # Bootstrapping: nobody could approve the first manager, so it needs no approval.
            if args.role != "manager":
                raise DomainError(Code.NO_MANAGER_YET)
            manager = None
        else:
            manager = approving_manager(args, terminal)
        terminal.add_cashier(args.id, args.name, args.pin, args.role, manager)
        emit(args, {"id": args.id, "name": args.name, "role": args.role})
    elif args.cashier_command == "reset":
        info = terminal.reset_pin(args.id, args.pin, approving_manager(args, terminal))
        emit(args, {"id": info.id, "name": info.name, "role": info.role, "active": True})
    else:
        info = terminal.disable_cashier(args.id, approving_manager(args, terminal))
        emit(args, {"id": info.id, "name": info.name, "role": info.role, "active": False})

"""Members and sales commands of `tessera-pos`: init, member ..., sale, redeem, refund, rewards,
status, expire, cashier add.

Every command calls the terminal's use cases (pos_app.terminal); a card this
terminal has never seen is asked of the server once (member show, sale, redeem).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from pos_app.base.cmdline import emit
from pos_app.cli.common import command, data_dir_of, group, open_terminal
from pos_app.cli.syncing import known_card
from pos_app.core.money import parse_amount

if TYPE_CHECKING:
    from pos_app.cli.common import Commands
    from pos_app.results import MemberView
    from pos_app.terminal import Terminal


def add_commands(sub: Commands) -> None:
    p = command(sub, "init", cmd_init, help="create or migrate the local database")
    p.add_argument("--demo", action="store_true", dest="seed_demo", help="seed the demo program and members")
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
    p = command(msub, "show", cmd_member)
    p.add_argument("card_or_phone")
    p = command(msub, "search", cmd_member)
    p.add_argument("text")
    p = command(msub, "adjust", cmd_member, help="manager correction, reason required")
    p.add_argument("card")
    p.add_argument("--points", type=int, required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--manager", required=True, help="manager id")


def add_cashier_commands(sub: Commands) -> None:
    csub = group(sub, "cashier", dest="cashier_command", help="cashier PINs")
    p = command(csub, "add", cmd_cashier)
    p.add_argument("id")
    p.add_argument("--name", required=True)
    p.add_argument("--pin", required=True)
    p.add_argument("--role", choices=("cashier", "manager"), default="cashier")


# --- commands ----------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> None:
    from pos_app.terminal import initialize  # SQLAlchemy and Alembic load for database commands only

    target = data_dir_of(args)
    created = initialize(target, demo=args.seed_demo)
    emit(args, {"data_dir": str(target), "created": created, "demo": args.seed_demo})


def money(terminal: Terminal, text: str) -> int:
    return parse_amount(text, terminal.program.currency)


def member_json(view: MemberView) -> dict[str, Any]:
    return {"card": view.card, "name": view.name, "phone": view.phone, "email": view.email,
            "tier": view.tier, "balance": view.balance, "spendable": view.spendable, "pending": view.pending,
            "expiring_soon": view.expiring_soon, "pending_ops": view.pending_ops, "blocked": view.blocked}


def cmd_member(args: argparse.Namespace) -> None:
    terminal = open_terminal(args)
    if args.member_command == "enroll":
        result = terminal.enroll(args.name, phone=args.phone, email=args.email, card=args.card,
                                 birthday=args.birthday, consent=args.consent)
        emit(args, {"card": result.card, "name": result.name, "points": result.points})
    elif args.member_command == "show":
        view = known_card(args, args.card_or_phone, lambda: terminal.member(args.card_or_phone))
        emit(args, member_json(view))
    elif args.member_command == "search":
        emit(args, [member_json(m) for m in terminal.search(args.text)],
             lambda rows: "\n".join(f"{r['card']}  {r['name']}  {r['balance']}" for r in rows) or "no match")
    else:
        adjusted = terminal.adjust(args.card, args.points, args.reason, args.manager)
        emit(args, {"entry_id": adjusted.entry_id, "points": adjusted.points, "balance": adjusted.balance})


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
    emit(args, {"points_reversed": result.points_reversed, "balance": result.balance,
                "receipt": result.receipt, "refunded_amount": result.refunded_amount})


def cmd_rewards(args: argparse.Namespace) -> None:
    rows = [{"id": r.id, "name": r.name, "cost": r.cost, "kind": r.kind, "min_tier": r.min_tier,
             "per_member_limit": r.per_member_limit} for r in open_terminal(args).catalog()]
    emit(args, rows, lambda rs: "\n".join(f"{r['id']:<10} {r['cost']:>6}  {r['name']}" for r in rs))


def cmd_status(args: argparse.Namespace) -> None:
    emit(args, open_terminal(args).status())


def cmd_expire(args: argparse.Namespace) -> None:
    emit(args, {"points_expired": open_terminal(args).expire_due()})


def cmd_cashier(args: argparse.Namespace) -> None:
    open_terminal(args).add_cashier(args.id, args.name, args.pin, args.role)
    emit(args, {"id": args.id, "name": args.name, "role": args.role})

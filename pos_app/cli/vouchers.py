"""Voucher commands of `tessera-pos`: voucher check, voucher use, voucher void.

A registered terminal asks the server first, waiting at most ``online_wait_ms`` (config.toml, 1.5 s):
``check`` shows the server's state, ``use`` is confirmed by the server (it refuses a voucher used,
voided or expired anywhere in the store). Without an answer the local cache decides: ``use`` marks
the voucher used here and tells the server at the next sync, which flags a voucher used twice
that way ``voucher_reused``. ``void`` is a manager's act (``--manager-pin``): it returns the
points with a reversal of the redemption and voids the voucher; the server learns of it at sync.
Exit codes: 1 for an unknown, used, void or expired voucher; 2 for a code that is not a voucher code.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pos_app.base.cmdline import emit
from pos_app.cli.common import command, group, open_terminal
from pos_app.cli.members import MANAGER_PIN_HELP, approving_manager
from pos_app.core import vouchers as codes

if TYPE_CHECKING:
    from pos_app.cli.common import Commands
    from pos_app.store.vouchers import VoucherView
    from pos_app.terminal import Terminal


def add_commands(sub: Commands) -> None:
    vsub = group(sub, "voucher", dest="voucher_command", help="check, use or void a redemption's voucher")
    p = command(vsub, "check", cmd_voucher, help="a voucher's reward, state and expiry")
    p.add_argument("code")
    p = command(vsub, "use", cmd_voucher, help="take a voucher at the till (once)")
    p.add_argument("code")
    p.add_argument("--cashier")
    p = command(vsub, "void", cmd_voucher, help="void an unused voucher and return its points (manager)",
                allow_abbrev=False)
    p.add_argument("code")
    p.add_argument("--manager-pin", metavar="PIN", help=MANAGER_PIN_HELP)


def _human(view: dict[str, object]) -> str:
    expires = f", expires {view['expires_at']}" if view.get("expires_at") else ""
    return f"{view['code']}: {view['reward_name']} ({view['cost']} points) for {view['member_card']}, " \
           f"{view['state']}{expires}"


def cmd_voucher(args: argparse.Namespace) -> None:
    code = codes.normalize(args.code)  # a mistyped code: exit 2 before anything opens
    terminal = open_terminal(args)
    try:
        if args.voucher_command == "check":
            emit(args, _check(args, terminal, code).as_dict(), _human)
        elif args.voucher_command == "use":
            emit(args, _use(args, terminal, code), _human)
        else:
            manager = approving_manager(args, terminal)
            voided = terminal.void_voucher(code, manager)
            emit(args, {"code": voided.code, "entry_id": voided.entry_id,
                        "points_returned": voided.points_returned, "balance": voided.balance,
                        "state": codes.VoucherState.VOID.value},
                 lambda v: f"{v['code']} voided: {v['points_returned']} points returned,"
                           f" balance {v['balance']}")
    finally:
        terminal.close()


def _check(args: argparse.Namespace, terminal: Terminal, code: str) -> VoucherView:
    if not terminal.status()["server_url"]:
        return terminal.voucher(code)
    from pos_app.sync_agent import check_voucher

    return check_voucher(terminal, code)


def _use(args: argparse.Namespace, terminal: Terminal, code: str) -> dict[str, object]:
    if not terminal.status()["server_url"]:
        return terminal.use_voucher(code, args.cashier).as_dict()
    from pos_app.sync_agent import use_voucher_anywhere

    return use_voucher_anywhere(terminal, code, args.cashier).as_dict()

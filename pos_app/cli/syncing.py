"""Sync commands of `tessera-pos`: register, sync, and asking the server for a card not known here.

SyncAgent (and httpx behind it) is imported by the functions that talk to the
server, so commands that never do start without it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pos_app.base.cmdline import EXIT_OK, emit, wants_json
from pos_app.cli.common import command, data_dir_of, report
from pos_app.core import cards
from pos_app.core.errors import Code, DomainError, UnknownCard

if TYPE_CHECKING:
    from pos_app.cli.common import Commands
    from pos_app.sync_agent import SyncAgent

T = TypeVar("T")


def add_commands(sub: Commands) -> None:
    p = command(sub, "register", cmd_register, help="bind this terminal to a loyalty server")
    p.add_argument("--server", required=True, help="server URL, e.g. https://loyalty.example.com")
    p.add_argument("--code", required=True,
                   help="one-time registration code from `tessera-server terminal add`")
    p.add_argument("--region", help="the store's country you expect (ISO 3166, e.g. RO): if the server's "
                                    "store is in another, nothing is registered and the code stays good "
                                    "(exit 2); without it the terminal takes the store's region")
    p = command(sub, "sync", cmd_sync, help="push pending ops and pull the server's changes once")
    p.add_argument("--rejected", action="store_true", help="list ops the server rejected (dead letters)")


def agent_of(args: argparse.Namespace) -> SyncAgent:
    from pos_app.sync_agent import SyncAgent  # httpx loads only for the commands that talk to the server

    return SyncAgent(data_dir_of(args))


def cmd_register(args: argparse.Namespace) -> int:
    from sync.client import SyncError

    agent = agent_of(args)
    try:
        result = agent.register(args.server, args.code, args.region)
    except SyncError as exc:
        raise DomainError(Code.REGISTRATION_FAILED, reason=exc.message) from None
    finally:
        agent.close()
    emit(args, result, _registered_line)
    return EXIT_OK


def _registered_line(r: dict[str, Any]) -> str:
    line = (f"registered as {r['terminal_name']} ({r['terminal_id']}) of store {r['store_id']}; "
            f"{r['pulled']} members loaded")
    if r.get("region"):
        line += f"; phones read in region {r['region']}"
    if r.get("clock_in_store_zone") is False:
        # This till's promotions and daily reports follow the machine's clock, the server's the store's zone.
        line += f"\nnote: this machine's time zone is not the store's ({r['tz']}): set it to {r['tz']}"
    return line


def _dead_letter_lines(rows: list[dict[str, Any]]) -> str:
    lines = [f"#{r['seq']:<6} {r['kind']:<7} {r['created_at']}  {r['reason']}" for r in rows]
    return "\n".join([*lines, f"{len(rows)} rejected op(s)"])


def cmd_sync(args: argparse.Namespace) -> int:
    agent = agent_of(args)
    try:
        if args.rejected:
            emit(args, agent.dead_letters(), _dead_letter_lines)
            return EXIT_OK
        result = agent.sync_once()
    finally:
        agent.close()
    emit(args, result.as_dict(), _sync_line)
    if not result.ok:
        # The counts above are still the answer on stdout; why the run stopped goes to stderr.
        error = DomainError(Code.SYNC_FAILED, reason=result.error or "unknown")
        return report(error, as_json=wants_json(args))
    return EXIT_OK


def _sync_line(r: dict[str, Any]) -> str:
    return f"pushed {r['pushed']}, pulled {r['pulled']}, pending {r['pending']}, rejected {r['rejected']}"


def fetch_member(args: argparse.Namespace, card: str) -> bool:
    """Ask the server for a card this terminal does not know yet (no-op when not registered)."""
    if not cards.is_valid(card):
        return False
    agent = agent_of(args)
    try:
        return bool(agent.lookup_card(card))
    finally:
        agent.close()


def known_card(args: argparse.Namespace, card: str, action: Callable[[], T]) -> T:
    """Run ``action``; if the card is unknown here, fetch it from the server once and retry."""
    try:
        return action()
    except UnknownCard:
        if not fetch_member(args, card):
            raise
        return action()

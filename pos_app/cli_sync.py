"""Sync commands of `tessera-pos`: register, sync (status lives in cli.py)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

JsonFlag = Callable[[argparse.ArgumentParser], None]


def add_commands(sub: Any, json_flag: JsonFlag) -> None:
    p = sub.add_parser("register", help="bind this terminal to a loyalty server")
    p.add_argument("--server", required=True, help="server URL, e.g. https://loyalty.example.com")
    p.add_argument("--code", required=True, help="one-time registration code from `tessera-server terminal add`")
    json_flag(p)
    p = sub.add_parser("sync", help="push pending ops and pull the server's changes once")
    p.add_argument("--rejected", action="store_true", help="list ops the server rejected (dead letters)")
    json_flag(p)


def _agent(args: argparse.Namespace) -> Any:
    from pos_app.cli import data_dir_of
    from pos_app.sync_agent import SyncAgent

    return SyncAgent(data_dir_of(args))


def cmd_register(args: argparse.Namespace) -> int:
    from pos_app.core.errors import DomainError
    from sync.client import SyncError

    agent = _agent(args)
    try:
        result = agent.register(args.server, args.code)
    except SyncError as exc:
        raise DomainError(f"registration failed: {exc.message}") from None
    finally:
        agent.close()
    if args.json:
        print(json.dumps(result))
    else:
        print(f"registered as {result['terminal_name']} ({result['terminal_id']}) of store {result['store_id']}; "
              f"{result['pulled']} members loaded")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    agent = _agent(args)
    try:
        if args.rejected:
            rows = agent.dead_letters()
            if args.json:
                print(json.dumps(rows))
            else:
                for r in rows:
                    print(f"#{r['seq']:<6} {r['kind']:<7} {r['created_at']}  {r['reason']}")
                print(f"{len(rows)} rejected op(s)")
            return 0
        result = agent.sync_once()
    finally:
        agent.close()
    out = result.as_dict()
    if args.json:
        print(json.dumps(out))
    else:
        print(f"pushed {result.pushed}, pulled {result.pulled}, pending {result.pending}, "
              f"rejected {result.rejected}")
    if not result.ok:
        print(f"tessera-pos: sync failed: {result.error}", file=sys.stderr)
        return 1
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"register": cmd_register, "sync": cmd_sync}


def fetch_member(args: argparse.Namespace, card: str) -> bool:
    """Ask the server for a card this terminal does not know yet (no-op when not registered)."""
    from pos_app.core import cards

    if not cards.is_valid(card):
        return False
    agent = _agent(args)
    try:
        return bool(agent.lookup_card(card))
    finally:
        agent.close()

"""What every `tessera-pos` command shares: its name, the data dir, the terminal, errors as exit codes.

The parser, ``--json`` output and the exit codes are pos_app.base.cmdline's (the
server's command line uses the same). A command module adds its sub-commands
with ``command(sub, name, handler, ...)``; the handler gets the parsed arguments
and returns an exit code (None means 0).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_app.base.cmdline import EXIT_REFUSED, EXIT_STORAGE, EXIT_USAGE, Parser, UsageError, fail, json_flag
from pos_app.config import default_data_dir
from pos_app.core.errors import Code, InvalidInput, StorageFault, TesseraError

if TYPE_CHECKING:
    from pos_app.terminal import Terminal

    Commands = argparse._SubParsersAction[Parser]

PROG = "tessera-pos"
DB_FILE = "terminal.db"  # pos_app.store.db.DB_NAME, named here so that starting the CLI loads no SQLAlchemy

Handler = Callable[[argparse.Namespace], int | None]


def command(sub: Commands, name: str, handler: Handler, *, json: bool = True, **kwargs: Any) -> Parser:
    """A sub-command run by ``handler``, taking ``--json`` unless told otherwise."""
    parser = sub.add_parser(name, **kwargs)
    parser.set_defaults(handler=handler)
    if json:
        json_flag(parser)
    return parser


def group(sub: Commands, name: str, *, dest: str, **kwargs: Any) -> Commands:
    """A command with sub-commands of its own (``member enroll``); add them with ``command``."""
    return sub.add_parser(name, **kwargs).add_subparsers(dest=dest, parser_class=Parser, required=True)


def data_dir_of(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir is not None else default_data_dir()


def open_terminal(args: argparse.Namespace) -> Terminal:
    # Imported when a command needs the database: `--help`, `scan` and the window start without SQLAlchemy.
    from pos_app.terminal import Terminal

    return Terminal(data_dir_of(args))


def report(exc: TesseraError | UsageError, *, as_json: bool) -> int:
    """A refusal on stderr (``{code, message, params}`` with ``--json``); returns its exit code."""
    if isinstance(exc, UsageError):
        return fail(PROG, EXIT_USAGE, str(exc), as_json=as_json)
    exit_code = (EXIT_USAGE if isinstance(exc, InvalidInput)
                 else EXIT_STORAGE if isinstance(exc, StorageFault) else EXIT_REFUSED)
    return fail(PROG, exit_code, exc.message, code=str(exc.code), params=exc.params, as_json=as_json)


def manager_pin(args: argparse.Namespace) -> str:
    """The PIN of ``--manager-pin``, or typed at a hidden prompt on a terminal (never awaited otherwise)."""
    if args.manager_pin is not None:
        return str(args.manager_pin)
    if not sys.stdin.isatty():
        raise InvalidInput(Code.MANAGER_PIN_REQUIRED)
    try:
        return getpass.getpass("manager PIN: ")
    except EOFError:  # Ctrl-D at the prompt: no PIN given
        raise InvalidInput(Code.MANAGER_PIN_REQUIRED) from None

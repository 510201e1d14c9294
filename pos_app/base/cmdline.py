"""What both command lines share: exit codes, a one-line-error parser, ``--json`` output, error reports.

The exit codes are the contract's: 0 done, 1 refused by the loyalty rules, 2 bad
usage or bad input, 3 this machine's storage is unusable.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, NoReturn

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_STORAGE = 0, 1, 2, 3
USAGE_CODE = "usage"


class UsageError(Exception):
    """Bad usage found after parsing (exit 2)."""


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line, with exit code 2."""

    _json_errors: ClassVar[bool] = False

    def error(self, message: str) -> NoReturn:
        if self._json_errors:
            raise UsageError(message)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    def parse_command_line(self, argv: Sequence[str]) -> argparse.Namespace:
        """The parsed ``argv``; with ``--json`` in it a usage error is raised as UsageError, not printed.

        The caller then reports it as ``{code, message, params}`` like any other error.
        """
        Parser._json_errors = "--json" in argv  # sub-parsers are Parsers too: the flag is class-wide
        try:
            return self.parse_args(argv)
        finally:
            Parser._json_errors = False


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON value on stdout")


def wants_json(args: argparse.Namespace | None) -> bool:
    return bool(getattr(args, "json", False))


def emit(args: argparse.Namespace, value: Any, human: Callable[[Any], str] | None = None) -> None:
    """A command's result: one JSON value with ``--json``, otherwise lines for people."""
    if wants_json(args):
        print(json.dumps(value, ensure_ascii=False, default=str))
    elif human is not None:
        print(human(value))
    elif isinstance(value, dict):
        print("\n".join(f"{k}: {v}" for k, v in value.items()))
    else:
        print(value)


def fail(prog: str, exit_code: int, message: str, *, code: str = USAGE_CODE,
         params: Mapping[str, Any] | None = None, as_json: bool = False) -> int:
    """Report an error on stderr (``{code, message, params}`` with ``--json``) and return its exit code."""
    if as_json:
        body = {"code": code, "message": message, "params": dict(params or {})}
        print(json.dumps(body, ensure_ascii=False, default=str), file=sys.stderr)
    else:
        print(f"{prog}: {message}", file=sys.stderr)
    return exit_code

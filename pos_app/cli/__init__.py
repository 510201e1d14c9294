"""`tessera-pos`: the terminal's command line (also `python -m pos_app`).

Exit codes: 0 done, 1 refused by the domain, 2 bad usage or bad input, 3 this
machine's storage is unusable (a damaged, read-only or full database or data dir); the
reason is one line on stderr, or ``{code, message, params}`` there with
``--json``. With ``--json`` a command prints exactly one JSON value on stdout.

The commands live by group: ``members`` (init, member, sale, redeem, refund,
rewards, status, expire, cashier), ``reports`` (report daily), ``field`` (scan,
card print), ``doctor``, ``backups`` (backup, restore), ``syncing`` (register, sync), ``audit`` (the
audit trail); ``window`` starts the cashier window when no command is given; ``common`` is what they
share.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from pos_app import log
from pos_app.base.cmdline import EXIT_OK, Parser, UsageError, fail, wants_json
from pos_app.cli import audit, backups, doctor, field, members, reports, syncing, vouchers, window
from pos_app.cli.common import PROG, Handler, data_dir_of, report
from pos_app.config import Options, ensure_data_dir
from pos_app.core.errors import Code, StorageFault, TesseraError

__all__ = ["build_parser", "main"]


def build_parser() -> Parser:
    parser = Parser(prog=PROG, description="Tessera loyalty terminal")
    parser.add_argument("--data-dir", type=Path, help="terminal data dir (env TESSERA_DATA_DIR)")
    parser.add_argument("--demo", action="store_true", help="window on a throwaway demo data dir")
    parser.add_argument("--camera", help="camera index, video file or image folder for the window")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.set_defaults(handler=window.start_window)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    members.add_commands(sub)
    reports.add_commands(sub)
    members.add_cashier_commands(sub)
    field.add_commands(sub)
    doctor.add_commands(sub)
    backups.add_commands(sub)
    syncing.add_commands(sub)
    vouchers.add_commands(sub)
    audit.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--self-test"]:
        # The bundle's smoke test (build_installer.py runs it on the frozen binary; a technician on an
        # installed till): before the command line, because it needs no data dir and no command.
        from pos_app.ui.selftest import main as self_test

        return self_test(argv[1:])
    try:
        args = build_parser().parse_command_line(argv)
    except UsageError as exc:  # only with --json: otherwise the parser has printed it and exited 2
        return report(exc, as_json=True)
    as_json = wants_json(args)
    demo_window = args.command is None and args.demo
    # `scan` of image files needs no data dir unless one is named; the demo window makes its own.
    uses_data_dir = not demo_window and (args.data_dir is not None or args.command != "scan")
    if uses_data_dir:
        try:
            log.setup(ensure_data_dir(data_dir_of(args)), verbose=args.verbose)
        except OSError as exc:
            if args.command == "doctor":  # doctor runs anyway, without its log file, and says why
                return doctor.cmd_doctor(args)
            unusable = StorageFault(Code.DATA_DIR_UNUSABLE, data_dir=str(data_dir_of(args)),
                                    reason=exc.strerror or str(exc))
            return report(unusable, as_json=as_json)
    handler: Handler = args.handler
    try:
        if uses_data_dir:
            # A bad config.toml stops every command, the window too, with its one line.
            Options.load(data_dir_of(args))
        result = handler(args)
        return result if isinstance(result, int) else EXIT_OK
    except (TesseraError, UsageError) as exc:
        return report(exc, as_json=as_json)
    except KeyboardInterrupt:
        return fail(PROG, 130, "interrupted", code="interrupted", as_json=as_json)


if __name__ == "__main__":
    sys.exit(main())

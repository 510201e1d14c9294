"""`tessera-server`: the central loyalty server's command line.

Global options come before the command (``--db URL``, ``--data-dir DIR``);
``--json`` after a command prints exactly one JSON value on stdout. Exit codes
(pos_app.base.cmdline, shared with `tessera-pos`): 0 done, 1 refused by the
domain, 2 bad usage or input; the reason is on stderr, as ``{code, message,
params}`` with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pos_app.base.clock import utc_now
from pos_app.base.cmdline import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    Parser,
    UsageError,
    emit,
    fail,
    json_flag,
    wants_json,
)
from pos_app.core.errors import Code, DomainError, InvalidInput

PROG = "tessera-server"
MAX_WORKERS = 64


def build_parser() -> Parser:
    parser = Parser(prog=PROG, description="Tessera central loyalty server")
    parser.add_argument("--db", help="SQLAlchemy URL (env TESSERA_DB; default a SQLite file in the data dir)")
    parser.add_argument("--data-dir", type=Path, help="server data dir (env TESSERA_DATA_DIR)")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", parser_class=Parser, required=True)

    p = sub.add_parser("init", help="create or migrate the database and the member-QR key")
    p.add_argument("--demo", action="store_true", help="store 'demo', the demo program and members")
    json_flag(p)
    p = sub.add_parser("serve", help="serve the sync API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--ssl-certfile")
    p.add_argument("--ssl-keyfile")
    p.add_argument("--expire-every", type=_seconds, default=3600.0, metavar="SECONDS",
                   help="seconds between two expiry runs (default 3600; the first runs at start)")
    p.add_argument("--workers", type=_workers, default=1, metavar="N",
                   help="worker processes (default 1; more than 1 needs PostgreSQL)")
    p.add_argument("--code-sender", metavar="MODULE:NAME",
                   help="what sends the member page's sign-in codes (an SMS or e-mail gateway's callable; "
                        "default: none, the code is only recorded as asked for)")
    p = sub.add_parser("expire", help="expire every lot past its date now (serve does it every hour)")
    json_flag(p)
    sub.add_parser("openapi", help="print the OpenAPI document of /v1 (JSON)")

    program = sub.add_parser("program", help="loyalty program versions")
    psub = program.add_subparsers(dest="program_command", parser_class=Parser, required=True)
    p = psub.add_parser("load", help="a new program version (rules, tiers, rewards): active now, or --at")
    p.add_argument("file", type=Path)
    p.add_argument("--at", metavar="WHEN", help="active from this instant, ISO 8601 with its UTC offset "
                   "(2026-12-24T06:00:00+02:00); default now. The same file again: moves a scheduled one")
    json_flag(p)

    store = sub.add_parser("store", help="stores: time zone and region")
    ssub = store.add_subparsers(dest="store_command", parser_class=Parser, required=True)
    for name, text in (("add", "a new store"), ("set", "change a store's time zone or region")):
        p = ssub.add_parser(name, help=text)
        p.add_argument("store")
        p.add_argument("--tz", required=True, help="IANA time zone, e.g. Europe/Bucharest")
        p.add_argument("--region", help="two-letter country code, e.g. RO")
        json_flag(p)

    terminal = sub.add_parser("terminal", help="terminals of the stores")
    tsub = terminal.add_subparsers(dest="terminal_command", parser_class=Parser, required=True)
    p = tsub.add_parser("add", help="a new terminal and its one-time registration code")
    p.add_argument("--store", required=True)
    p.add_argument("--name", required=True)
    json_flag(p)
    p = tsub.add_parser("revoke", help="refuse a terminal's token from now on")
    p.add_argument("terminal_id")
    json_flag(p)

    token = sub.add_parser("token", help="API tokens")
    ksub = token.add_subparsers(dest="token_command", parser_class=Parser, required=True)
    p = ksub.add_parser("add", help="a new HQ token, printed once (the server keeps only its hash)")
    p.add_argument("--hq", action="store_true", required=True, help="may read every store")
    p.add_argument("--scope", choices=("reports", "members"), default="reports",
                   help="reports: reports and conflicts (default); members: also members' personal data")
    json_flag(p)
    p = ksub.add_parser("list", help="HQ tokens: id, scope, created, revoked")
    json_flag(p)
    p = ksub.add_parser("revoke", help="refuse an HQ token from now on")
    p.add_argument("token_id", type=int)
    json_flag(p)

    member = sub.add_parser("member", help="members")
    msub = member.add_subparsers(dest="member_command", parser_class=Parser, required=True)
    p = msub.add_parser("import", help="CSV: card, name, phone, email, opening_balance")
    p.add_argument("file", type=Path)
    p.add_argument("--store", help="store of the imported members (default: the only store)")
    json_flag(p)
    for name, text in (("show", "the authoritative balance"), ("qr", "a current signed member QR payload"),
                       ("login-code", "a one-time code for the member page (10 minutes, single use)")):
        p = msub.add_parser(name, help=text)
        p.add_argument("card")
        json_flag(p)
    p = msub.add_parser("merge", help="merge member OTHER into KEEP: one person, one member")
    p.add_argument("keep", metavar="KEEP", help="card of the member that stays")
    p.add_argument("other", metavar="OTHER", help="card of the member merged away (its card opens KEEP)")
    json_flag(p)
    p = msub.add_parser("block", help="block (or --unblock) a member on every terminal")
    p.add_argument("card")
    p.add_argument("--unblock", action="store_true")
    json_flag(p)

    report = sub.add_parser("report", help="reports")
    rsub = report.add_subparsers(dest="report_command", parser_class=Parser, required=True)
    p = rsub.add_parser("daily")
    p.add_argument("--date", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    p.add_argument("--store")
    p.add_argument("--format", choices=("json", "csv"))
    json_flag(p)
    p = rsub.add_parser("health", help="program health and points liability, for one store or all")
    p.add_argument("--store")
    p.add_argument("--from", dest="start", type=date.fromisoformat, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=date.fromisoformat, help="last day, YYYY-MM-DD (default today)")
    p.add_argument("--format", choices=("json", "csv"))
    json_flag(p)

    user = sub.add_parser("user", help="people of the HQ console (/hq/)")
    usub = user.add_subparsers(dest="user_command", parser_class=Parser, required=True)
    p = usub.add_parser("add", help="a console user; the password is asked twice (or read from stdin)")
    p.add_argument("name")
    p.add_argument("--role", choices=("hq", "store-manager"), required=True)
    p.add_argument("--store", help="the store of a store manager")
    p.add_argument("--password-stdin", action="store_true", help="the password is the first line of stdin")
    json_flag(p)

    p = sub.add_parser("conflicts", help="overdrafts and rejected ops found during sync")
    p.add_argument("--store")
    json_flag(p)
    return parser


def _setup_logging(data_dir: Path, verbose: bool, serve: bool) -> None:
    root = logging.getLogger("tessera")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logs = data_dir / "logs"
    logs.mkdir(mode=0o700, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(logs / "server.log", maxBytes=5_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if serve:
        root.addHandler(logging.StreamHandler(sys.stderr))


def run(args: argparse.Namespace) -> int:
    from sync.server import admin, config, members
    from sync.server.db import ServerDB

    data_dir = config.data_dir(args.data_dir)
    if args.command == "openapi":  # the document of /v1, even when the interactive docs are off
        return print_openapi(config.db_url(args.db, data_dir), data_dir)
    _setup_logging(data_dir, args.verbose, args.command == "serve")
    db = ServerDB(config.db_url(args.db, data_dir))
    if args.command == "serve" and args.workers > 1 and db.dialect == "sqlite":
        db.dispose()
        return fail(PROG, EXIT_USAGE, f"--workers {args.workers} needs PostgreSQL: SQLite lets one process "
                    "write at a time, so more workers would only wait for each other (use --workers 1)",
                    code="workers_need_postgresql")
    try:
        if args.command == "init":
            emit(args, admin.init(db, data_dir, demo=args.demo, now=utc_now()))
            return EXIT_OK
        if not db.is_current():
            db.migrate()
        if args.command == "serve":
            return serve(db, data_dir, args)
        handler = HANDLERS[args.command]
        return handler(args, db, data_dir, admin, members)
    finally:
        db.dispose()


def print_openapi(db_url: str, data_dir: Path) -> int:
    from sync.server.app import create_app
    from sync.server.db import ServerDB

    db = ServerDB(db_url)  # never connected to: the document needs the routes, not the data
    try:
        print(json.dumps(create_app(db, data_dir, expire_every=None).openapi(), indent=1, sort_keys=True))
    finally:
        db.dispose()
    return EXIT_OK


def serve(db: Any, data_dir: Path, args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server import asgi, config
    from sync.server.app import create_app
    from sync.server.memberweb import senders

    tls = {"ssl_certfile": args.ssl_certfile, "ssl_keyfile": args.ssl_keyfile}
    sender = senders.load(args.code_sender)  # a wrong name stops here, before any worker starts
    if args.workers == 1:
        app = create_app(db, data_dir, expire_every=args.expire_every, code_sender=sender, warm_health=True)
        asgi.tune_gc()
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False, **tls)
        return EXIT_OK
    os.environ[config.ENV_DB], os.environ[config.ENV_DATA_DIR] = db.url, str(data_dir)
    os.environ[asgi.ENV_EXPIRE_EVERY] = str(args.expire_every)
    os.environ[asgi.ENV_CODE_SENDER] = args.code_sender or ""
    db.dispose()  # each worker opens its own pool
    asgi.run_workers(args.workers, args.host, args.port, tls)
    return EXIT_OK


def cmd_program(args: argparse.Namespace, db: Any, _dir: Path, admin: Any, _m: Any) -> int:
    from sync.server import programfile

    emit(args, programfile.load_file(db, args.file, args.at, utc_now()), programfile.summary)
    return EXIT_OK


def cmd_store(args: argparse.Namespace, db: Any, _dir: Path, admin: Any, _m: Any) -> int:
    if args.store_command == "add":
        emit(args, admin.add_store(db, args.store, args.tz, args.region, utc_now()))
    else:
        emit(args, admin.set_store(db, args.store, args.tz, args.region))
    return EXIT_OK


def cmd_terminal(args: argparse.Namespace, db: Any, _dir: Path, admin: Any, _m: Any) -> int:
    if args.terminal_command == "add":
        emit(args, admin.new_terminal(db, args.store, args.name, utc_now()))
        return EXIT_OK
    result = admin.revoke_terminal(db, args.terminal_id, utc_now())
    if result is None:
        raise DomainError(Code.UNKNOWN_TERMINAL, terminal=args.terminal_id)
    emit(args, result)
    return EXIT_OK


def _token_lines(rows: list[dict[str, Any]]) -> str:
    lines = [f"{r['id']:>4}  {r['scope']:<8}  created {r['created_at'][:16]}  "
             f"{'revoked ' + r['revoked_at'][:16] if r['revoked_at'] else 'active'}" for r in rows]
    return "\n".join(lines) or "no tokens"


def cmd_token(args: argparse.Namespace, db: Any, _dir: Path, admin: Any, _m: Any) -> int:
    if args.token_command == "add":
        emit(args, admin.new_hq_token(db, utc_now(), args.scope),
             lambda t: f"{t['token']}\n(token {t['id']}, scope {t['scope']}: shown this once)")
    elif args.token_command == "list":
        emit(args, admin.list_hq_tokens(db), _token_lines)
    else:
        if not admin.revoke_hq_token(db, args.token_id, utc_now()):
            raise DomainError(Code.UNKNOWN_TOKEN, token=str(args.token_id))
        emit(args, {"id": args.token_id, "revoked": True})
    return EXIT_OK


def cmd_member(args: argparse.Namespace, db: Any, data_dir: Path, _a: Any, members: Any) -> int:
    if args.member_command == "import":
        emit(args, members.import_csv(db, args.file, args.store, utc_now()))
    elif args.member_command == "show":
        emit(args, members.show(db, args.card, utc_now()))
    elif args.member_command == "merge":
        from sync.server import merge

        emit(args, merge.merge(db, args.keep, args.other, utc_now()),
             lambda r: f"merged {r['merged']} into {r['keep']}: balance {r['balance']}, second enrollment"
                       f" bonus reversed: {r['bonus_reversed']} points")
    elif args.member_command == "login-code":
        from sync.server.memberweb import login

        issued = login.issue_code(db, args.card, utc_now(), "cli")
        until = issued.expires_at.isoformat()
        emit(args, {"card": issued.card, "code": issued.code, "expires_at": until},
             lambda r: f"{r['code']}\n(sign-in code for the member page: once, until {until[:16]} UTC)")
    elif args.member_command == "qr":
        result = members.qr(db, data_dir, args.card, utc_now())
        emit(args, result if args.json else result["token"])
    else:
        emit(args, members.block(db, args.card, not args.unblock))
    return EXIT_OK


def cmd_report(args: argparse.Namespace, db: Any, _dir: Path, _a: Any, _m: Any) -> int:
    as_csv = (args.format or ("json" if args.json else "csv")) == "csv"
    write = _health_report if args.report_command == "health" else _daily_report
    sys.stdout.write(write(args, db, as_csv))
    return EXIT_OK


def _health_report(args: argparse.Namespace, db: Any, as_csv: bool) -> str:
    from sync.server import insight

    with db.read() as session:
        health = insight.health(session, args.store, args.start, args.end, utc_now())
    if not as_csv:
        return health.model_dump_json() + "\n"
    return insight.health_csv(health)


def _daily_report(args: argparse.Namespace, db: Any, as_csv: bool) -> str:
    from sync.server import reports

    with db.read() as session:
        report = reports.daily(session, args.date, args.store).model_dump(mode="json")
    if not as_csv:
        return json.dumps(report) + "\n"
    return reports.daily_csv(report)


def cmd_expire(args: argparse.Namespace, db: Any, _dir: Path, _a: Any, _m: Any) -> int:
    from sync.server import expiry

    run = expiry.expire_due(db, utc_now())
    emit(args, run.as_dict(), lambda r: f"expired {r['points_expired']} points of {r['members']} members")
    return EXIT_OK


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < 10**9:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"workers is a whole number from 1 to {MAX_WORKERS}: {text!r}")
    return int(text)


def cmd_conflicts(args: argparse.Namespace, db: Any, _dir: Path, admin: Any, _m: Any) -> int:
    from sync.server import merge

    # HQ's own command line: the full card numbers (and the other member of a possible duplicate).
    emit(args, merge.full_cards(db, admin.conflicts(db, args.store)), _conflict_lines)
    return EXIT_OK


def _conflict_lines(rows: list[dict[str, Any]]) -> str:
    lines = [f"{r['at']}  {r['kind']:<18} {r['store'] or '-':<10} {r['card'] or '-':<14}"
             f"{' ' + r['other_card'] if r.get('other_card') else ''} {r['detail']}" for r in rows]
    return "\n".join(lines) or "no conflicts"


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        return None
    import getpass

    first = getpass.getpass("password: ")
    return first if getpass.getpass("again: ") == first else None


def cmd_user(args: argparse.Namespace, db: Any, _dir: Path, _a: Any, _m: Any) -> int:
    from sync.server.console import users

    password = _password(args)
    if password is None:
        return fail(PROG, EXIT_USAGE, "no password: type it twice the same, or give --password-stdin",
                    code="bad_user", as_json=args.json)
    try:
        added = users.add_user(db, args.name, args.role, args.store, password, utc_now())
    except users.UserError as exc:
        return fail(PROG, EXIT_USAGE, str(exc), code="bad_user", as_json=args.json)
    emit(args, {"id": added.id, "name": added.name, "role": added.role, "store": added.store_id},
         lambda u: f"user {u['name']} added ({u['role']}{', store ' + u['store'] if u['store'] else ''})")
    return EXIT_OK


HANDLERS: dict[str, Callable[..., int]] = {
    "program": cmd_program, "store": cmd_store, "terminal": cmd_terminal, "token": cmd_token,
    "member": cmd_member, "user": cmd_user,
    "report": cmd_report, "conflicts": cmd_conflicts, "expire": cmd_expire,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_command_line(argv)
    except UsageError as exc:  # only with --json: otherwise the parser has printed it and exited 2
        return fail(PROG, EXIT_USAGE, str(exc), as_json=True)
    as_json = wants_json(args)
    try:
        return run(args)
    except DomainError as exc:
        return fail(PROG, EXIT_REFUSED, exc.message, code=exc.code, params=exc.params, as_json=as_json)
    except InvalidInput as exc:
        if as_json:
            return fail(PROG, EXIT_USAGE, exc.message, code=exc.code, params=exc.params, as_json=True)
        for line in getattr(exc, "problems", None) or [exc.message]:  # a CSV import: one line per bad row
            fail(PROG, EXIT_USAGE, line)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

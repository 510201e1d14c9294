"""`tessera-pos doctor`: database, decoders, camera, printer, clock, server: one line (or JSON object) each.

Exits 0 when every required check passes, 1 otherwise; a failed optional check
(camera, server reachable, pending ops, dead letters, backups) is a warning. It runs on a read-only data dir
and on a damaged database, and says so; it never writes to the database. The checks only gather
facts (pos_app.store.health, the scanning stack, SyncAgent); this module words
them. Each check imports what it inspects, so the other commands start without
SQLAlchemy, OpenCV or httpx.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from pos_app.base.clock import Clock, utc_now
from pos_app.base.cmdline import EXIT_OK, EXIT_REFUSED, emit
from pos_app.cli.common import DB_FILE, PROG, command, data_dir_of

if TYPE_CHECKING:
    from pos_app.cli.common import Commands


class Check(TypedDict):
    check: str
    ok: bool
    required: bool
    detail: str


def check(name: str, ok: bool, detail: str, *, required: bool = True) -> Check:
    return {"check": name, "ok": ok, "required": required, "detail": detail}


def add_commands(sub: Commands) -> None:
    command(sub, "doctor", cmd_doctor, help="check database, camera, decoders, printer, server and clock")


# --- the checks ----------------------------------------------------------------------------------


def database_checks(data_dir: Path) -> list[Check]:
    from pos_app.store.health import database_health  # SQLAlchemy and Alembic load for doctor only

    db = database_health(data_dir / DB_FILE)
    if db is None:
        return [check("database", False, f"no database in {data_dir}: run `tessera-pos init`")]
    return [
        check("database", db.ok, db.integrity if db.revision is None and db.integrity != "ok" else
              f"integrity {db.integrity}, journal {db.journal_mode}, schema {db.revision} "
              f"(newest {db.head}), {db.size_bytes / MIB:,.1f} MiB"),
        check("database writable", db.writable, "yes" if db.writable else
              f"read-only: give this user write access to {db.path} and its folder"),
        check("database permissions", db.owner_only,
              "owner-only" if db.owner_only else f"readable by others: chmod 600 {db.path}"),
    ]


MIB = 1024 * 1024
STALE_BACKUP_DAYS = 2


def disk_checks(data_dir: Path) -> list[Check]:
    """The data dir writable, free space, and how old the newest backup is."""
    from pos_app.store.health import LOW_DISK_BYTES, TIGHT_DISK_BYTES, disk_health

    disk = disk_health(data_dir, data_dir / DB_FILE)
    free = f"{disk.free_bytes // MIB:,} MiB free"
    checks = [
        check("data dir writable", disk.data_dir_writable,
              str(data_dir) if disk.data_dir_writable else f"{data_dir} is read-only: sales cannot be saved"),
        check("disk space", disk.free_bytes >= LOW_DISK_BYTES,
              free if disk.free_bytes >= LOW_DISK_BYTES else f"{free}: sales may fail, free some space"),
    ]
    if disk.free_bytes >= LOW_DISK_BYTES and disk.free_bytes < TIGHT_DISK_BYTES:
        checks.append(check("disk space soon", False, f"{free}: free some space soon", required=False))
    if disk.newest_backup is None or disk.backup_age_days is None:
        checks.append(check("backups", False, "none yet: `tessera-pos backup` makes one (the window makes "
                                              "one a day)", required=False))
    else:
        fresh = disk.backup_age_days <= STALE_BACKUP_DAYS
        checks.append(check("backups", fresh, f"newest {disk.newest_backup.name}, "
                                              f"{disk.backup_age_days:.1f} days old", required=False))
    return checks


STALE_QUEUE_HOURS = 24


def queue_checks(data_dir: Path, clock: Clock = utc_now) -> list[Check]:
    """What waits for the server, how long the oldest has waited, and the dead letters: read-only."""
    from pos_app.store.health import queue_health

    queue = queue_health(data_dir / DB_FILE)
    if queue is None:
        return []
    if queue.oldest_pending is None:
        waiting = check("pending ops", True, "none: the server has every sale", required=False)
    else:
        hours = (clock() - queue.oldest_pending).total_seconds() / 3600
        stale = hours > STALE_QUEUE_HOURS
        waiting = check("pending ops", not stale, f"{queue.pending:,} waiting, the oldest for {_age(hours)}"
                        + (f": check the network and `{PROG} sync`" if stale else ""), required=False)
    dead = check("dead letters", queue.dead_letters == 0,
                 "none" if not queue.dead_letters else
                 f"{queue.dead_letters:,} ops the server rejected: `{PROG} sync --rejected` lists them",
                 required=False)
    return [waiting, dead]


def _age(hours: float) -> str:
    if hours < 1:
        return f"{hours * 60:.0f} min"
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.0f} days"


def logs_check(data_dir: Path) -> Check:
    """Where the logs are (rotating files, masked card numbers, no secrets), and their size."""
    logs = data_dir / "logs"
    files = sorted(logs.glob("tessera.log*")) if logs.is_dir() else []
    size = sum(f.stat().st_size for f in files)
    detail = f"{logs / 'tessera.log'} ({len(files)} files, {size / MIB:,.1f} MiB)" if files else \
        f"{logs / 'tessera.log'} (none written yet)"
    return check("logs", True, detail, required=False)


def decoder_check() -> Check:
    try:
        from pos_app.scanning.decode import available_backends  # OpenCV and the decoders

        names = available_backends()
    except ImportError as exc:
        return check("decoders", False, f"scanning unavailable: {exc}")
    return check("decoders", bool(names), ", ".join(names) or "neither pyzbar (libzbar0) nor zxing-cpp loads")


def camera_check() -> Check:
    try:
        from pos_app.scanning.capture import list_cameras  # OpenCV and Qt Multimedia

        cams = list_cameras()
    except Exception as exc:  # a broken camera stack must not stop the other checks
        return check("camera", False, f"cannot list cameras: {exc}", required=False)
    if not cams:
        return check("camera", False, "no camera: keyboard scanners and typing still work", required=False)
    return check("camera", True, ", ".join(name for _, name in cams), required=False)


def clock_check(clock: Clock = utc_now) -> Check:
    now = clock()
    return check("clock", now.year >= 2025, f"system clock says {now:%Y-%m-%d %H:%M} UTC")


def printer_check(data_dir: Path) -> Check:
    """The receipt printer of config.toml: its settings fit, and it answers (nothing is printed)."""
    from pos_app.config import Options
    from pos_app.core.errors import InvalidInput
    from pos_app.printer import device  # python-escpos loads only when a printer is configured

    try:
        target = device.from_options(Options.load(data_dir))
        if not target.enabled:
            return check("printer", True, "none configured: vouchers and cards print as PDF", required=False)
        return check("printer", True, f"{target.kind}: {device.probe(target)}")
    except (InvalidInput, device.PrinterError) as exc:
        return check("printer", False, exc.message)


def server_checks(data_dir: Path, *, clock: Clock = utc_now) -> list[Check]:
    """Registered, token present and private, server reachable, clock vs the server's."""
    if not (data_dir / DB_FILE).exists():
        return []
    import httpx  # the server checks alone need the HTTP stack

    from pos_app.sync_agent import MAX_SKEW, TOKEN_FILE, NotRegistered, SyncAgent
    from sync.client import SyncError

    agent = SyncAgent(data_dir, clock=clock, timeout=httpx.Timeout(5.0, connect=3.0))
    try:
        url = agent.state().server_url
        if not url:
            return [check("server", False, f"not registered: run `{PROG} register --server URL --code CODE`",
                          required=False)]
        token_path = data_dir / TOKEN_FILE
        present = token_path.exists()
        checks = [check("server token", present and token_path.stat().st_mode & 0o077 == 0,
                        "present, owner-only" if present else "missing: register this terminal again")]
        try:
            sent = agent.clock()
            health = agent.client().health()
            received = agent.clock()
        except (SyncError, NotRegistered) as exc:
            return [*checks, check("server reachable", False, f"{url}: {exc.message} (sales go on offline)",
                                   required=False)]
        checks.append(check("server reachable", True, url, required=False))
        skew = (sent + (received - sent) / 2 - health.server_time).total_seconds()
        checks.append(check("clock vs server", abs(skew) <= MAX_SKEW.total_seconds(),
                            f"terminal clock is {skew:+.1f} s off the server's"))
        return checks
    finally:
        agent.close()


def doctor_checks(data_dir: Path, *, clock: Clock = utc_now) -> list[Check]:
    database = database_checks(data_dir)
    usable = all(c["ok"] for c in database if c["check"] in ("database", "database writable"))
    # The server checks open the database to read the registration: only a sound, writable one.
    server = server_checks(data_dir, clock=clock) if usable else []
    queue = queue_checks(data_dir, clock) if database[0]["ok"] else []
    return [*database, *queue, *disk_checks(data_dir), decoder_check(), camera_check(),
            printer_check(data_dir), clock_check(clock), *server, logs_check(data_dir)]


# --- the command ---------------------------------------------------------------------------------


def passed(checks: list[Check]) -> bool:
    return all(c["ok"] or not c["required"] for c in checks)


def _lines(checks: list[Check]) -> str:
    marks = [("ok  " if c["ok"] else ("FAIL" if c["required"] else "warn"), c) for c in checks]
    return "\n".join(f"{mark}  {c['check']:<22} {c['detail']}" for mark, c in marks)


def cmd_doctor(args: argparse.Namespace) -> int:
    checks = doctor_checks(data_dir_of(args))
    emit(args, checks, _lines)
    return EXIT_OK if passed(checks) else EXIT_REFUSED

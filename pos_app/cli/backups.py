"""`tessera-pos backup [--out FILE]` and `tessera-pos restore [FILE] --manager-pin PIN`.

``restore`` is how a till comes back from a damaged, truncated or emptied ``terminal.db`` (every
command refuses such a file with exit 3 and names the newest backup). It takes the newest backup
when no FILE is named, needs a manager's PIN, checked against the managers of the backup being
restored (the damaged database may not be readable; a sound one counts a wrong PIN against its PIN
pad lockout), refuses a backup of another terminal, keeps the replaced files, and tells the
server-facing side to catch up (pos_app.store.restore).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.base.cmdline import emit
from pos_app.cli.common import DB_FILE, command, data_dir_of, manager_pin
from pos_app.core.errors import Code, InvalidInput

if TYPE_CHECKING:
    from pos_app.cli.common import Commands


def add_commands(sub: Commands) -> None:
    p = command(sub, "backup", cmd_backup, help="copy the terminal database into backups/ (or --out FILE)")
    p.add_argument("--out", type=Path, help="write the backup to this file instead")
    p = command(sub, "restore", cmd_restore, allow_abbrev=False,
                help="put a backup in place of the terminal database (manager)")
    p.add_argument("file", nargs="?", type=Path,
                   help="the backup to restore (default: the newest in backups/)")
    p.add_argument("--manager-pin", metavar="PIN",
                   help="PIN of a manager of the backup being restored (asked for on a terminal)")


def cmd_backup(args: argparse.Namespace) -> None:
    from pos_app.store.disk import require_usable
    from pos_app.store.restore import check_backup, make_backup

    db_path = data_dir_of(args) / DB_FILE
    if not db_path.exists():
        raise InvalidInput(Code.NO_DATABASE, data_dir=str(db_path.parent))
    require_usable(db_path)
    made = make_backup(db_path, args.out)
    info = check_backup(made)
    emit(args, {"path": str(made), "size_bytes": made.stat().st_size, "members": info.members},
         lambda v: f"backup written: {v['path']} ({v['members']} members)")


def cmd_restore(args: argparse.Namespace) -> None:
    from pos_app.store.restore import latest, restore_checked

    db_path = data_dir_of(args) / DB_FILE
    source = args.file if args.file is not None else latest(db_path)
    done = restore_checked(db_path, source, lambda: manager_pin(args))  # the PIN once the file passed
    emit(args, {"restored_from": str(done.source), "members": done.members,
                "replaced_kept_in": str(done.replaced) if done.replaced else None},
         lambda v: f"restored {v['restored_from']} ({v['members']} members); the replaced files are in "
                   f"{v['replaced_kept_in']}; run `tessera-pos sync` to catch up with the server")

"""Bad files the fuzz layer found, at `tessera-server`'s command line: exit 2, one line, no traceback.

Each of these was a traceback (exit 1) before: a member CSV or program file that is not UTF-8, a CSV
field past the csv module's limit or with a bare carriage return, a program version past 2^31 - 1
(stored, then an overflow in the database) and a reward's ``min_tier`` given as a list. The fuzz tests
are test_server_fuzz_import.py and tests/pos_app/core/test_fuzz_program.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.sync.server.conftest import Cli

REPO = Path(__file__).resolve().parents[3]
DEMO_PROGRAM = (REPO / "resources" / "demo_program.toml").read_text(encoding="utf-8")


def run_many(cli: Cli, db_url: str, *calls: list[str]) -> list[tuple[int, str, str]]:
    """`tessera-server --db … --data-dir … ARGS` as real processes, side by side."""
    env = {k: v for k, v in os.environ.items() if k not in ("TESSERA_DB", "TESSERA_DATA_DIR")}
    base = [sys.executable, "-m", "sync.server.cli", "--db", db_url, "--data-dir", str(cli.data_dir)]
    procs = [
        subprocess.Popen(
            [*base, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for args in calls
    ]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        done.append((proc.returncode, out, err))
    return done


def test_bad_member_files_and_program_files_are_one_line(cli: Cli, db_url: str, tmp_path: Path) -> None:
    files = {
        "latin1.csv": "card,name\n2900000000117,Zoë\n".encode("latin-1"),
        "utf16.csv": "card,name\n2900000000117,Ana\n".encode("utf-16"),
        "huge.csv": b"card,name\n2900000000117," + b"x" * 200_000 + b"\n",
        "cr.csv": b"card,name\n2900000000117,A\rna\n",
        "store.csv": b"card,name,store\n2900000000117,Ana," + b"s" * 65 + b"\n",
        "latin1.toml": DEMO_PROGRAM.replace("Tessera Rewards", "Tessera Café").encode("latin-1"),
        "version.toml": DEMO_PROGRAM.replace("version = 1", f"version = {2**63 - 1}", 1).encode(),
        "tier.toml": (
            DEMO_PROGRAM.replace("version = 1", "version = 2", 1)
            + '\n[[rewards]]\nid = "x"\nname = "X"\ncost = 1\nkind = "free_item"\nmin_tier = ["gold"]\n'
        ).encode(),
    }
    assert "version = 1" in DEMO_PROGRAM
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    calls = [["member", "import", str(tmp_path / n), "--store", "demo"] for n in files if n.endswith(".csv")]
    calls += [["program", "load", str(tmp_path / n)] for n in files if n.endswith(".toml")]
    # Three as real processes (the entry point a user meets), every one in process too.
    real = [c for c in calls if Path(c[2]).name in ("latin1.csv", "huge.csv", "version.toml")]
    for args, (code, out, err) in [
        *zip(real, run_many(cli, db_url, *real), strict=True),
        *[(c, cli(*c)) for c in calls],
    ]:
        assert code == 2 and out == "", (args, code, err[-500:])
        assert err.count("\n") == 1 and err.startswith("tessera-server: ") and len(err) < 300, (
            args,
            err[:300],
        )
    expected = [
        "cannot_read",
        "cannot_read",
        "import_failed",
        "import_failed",
        "import_failed",
        "cannot_read",
        "program_maximum",
        "program_reward_tier",
    ]
    as_json = [cli(*args, "--json") for args in calls]  # in process: the codes, as a script reads them
    assert [json.loads(err)["code"] for _, _, err in as_json] == expected
    assert all(code == 2 and err.count("\n") == 1 for code, _, err in as_json)
    assert cli("member", "show", "2900000000117")[0] == 1  # nothing was imported

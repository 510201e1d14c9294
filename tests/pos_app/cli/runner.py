"""Running `tessera-pos` as a real subprocess (``python -m pos_app``) and reading what it printed.

Each subprocess costs ~0.5-1 s, so independent invocations run side by side with ``cli_many``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ANA, MARCO, KIM, ELENA, GIULIA = (
    "2900000000018", "2900000000025", "2900000000032", "2900000000049", "2900000000056")
UNKNOWN_VALID = "2900000000063"
CASHIER_PIN, MANAGER_PIN = "1111", "9999"  # the demo's (pos_app.demo_data)
BAD_CHECK_DIGIT = "2900000000019"


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def json(self) -> Any:
        """The one JSON value on stdout; fails if anything else is printed there."""
        assert self.out.endswith("\n") and self.out.count("\n") == 1, f"{self.args}: {self.out!r}"
        return json.loads(self.out)

    def ok(self) -> Any:
        assert self.code == 0, f"{self.args} exited {self.code}: {self.err}"
        return self.json()

    def refused(self, code: int, *words: str) -> str:
        """Exit ``code``, nothing on stdout, one line on stderr naming the reason.

        That line is ``tessera-pos: reason``, or with ``--json`` the ``{code, message, params}``
        object whose message is the reason.
        """
        assert self.code == code, f"{self.args} exited {self.code} (expected {code}): {self.err!r}"
        assert self.out == "", f"{self.args} printed on stdout: {self.out!r}"
        lines = self.err.strip("\n").splitlines()
        assert len(lines) == 1, f"{self.args}: stderr is not one line: {self.err!r}"
        reason = self.error_json(code)["message"] if "--json" in self.args else lines[0]
        if "--json" not in self.args:
            assert lines[0].startswith("tessera-pos"), lines[0]
        for word in words:
            assert word in reason, f"{word!r} not in {reason!r}"
        return lines[0]

    def error_json(self, code: int) -> dict[str, Any]:
        """Exit ``code``, nothing on stdout, one ``{code, message, params}`` object on stderr."""
        assert self.code == code, f"{self.args} exited {self.code} (expected {code}): {self.err!r}"
        assert self.out == "", f"{self.args} printed on stdout: {self.out!r}"
        assert self.err.endswith("\n") and self.err.count("\n") == 1, f"{self.args}: {self.err!r}"
        body = json.loads(self.err)
        assert isinstance(body, dict) and set(body) == {"code", "message", "params"}, body
        assert isinstance(body["code"], str) and body["code"] and isinstance(body["params"], dict), body
        return body


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TESSERA_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _command(data: Path | None, args: Sequence[str]) -> list[str]:
    base = [sys.executable, "-m", "pos_app"]
    return base + (["--data-dir", str(data)] if data is not None else []) + list(args)


def cli(data: Path | None, *args: str, preexec: Callable[[], None] | None = None,
        wrap: Sequence[str] = ()) -> Run:
    """``preexec`` runs in the child before the command (a file-size limit); ``wrap`` is a command
    line the command runs under (``setpriv`` dropping root's right to write read-only files)."""
    # stdin is never a terminal: a command that would ask for a PIN is refused instead of waiting
    proc = subprocess.run([*wrap, *_command(data, args)], capture_output=True, text=True, env=_env(),
                          timeout=120, stdin=subprocess.DEVNULL, preexec_fn=preexec)
    return Run(tuple(args), proc.returncode, proc.stdout, proc.stderr)


def cli_many(data: Path | None, *calls: Sequence[str]) -> list[Run]:
    """Independent invocations run side by side (they only read, or are refused before writing)."""
    procs = [(tuple(args), subprocess.Popen(_command(data, args), stdin=subprocess.DEVNULL,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                            env=_env())) for args in calls]
    runs = []
    for args, proc in procs:
        out, err = proc.communicate(timeout=120)
        runs.append(Run(args, proc.returncode, out, err))
    return runs

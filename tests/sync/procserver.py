"""The real server as a process (`python -m sync.server.cli serve`) on a fixed port, so it can be SIGKILLed.

It is a LiveServer in everything but the running: the test reads and seeds the same database directly
(``self.db``), while the server process serves HTTP on ``self.port``. ``kill`` is kill -9 of the whole
process group (uvicorn and anything it started); ``stop`` is a clean SIGTERM; either can be followed by
``start`` on the same port, so a FaultProxy in front of it keeps a valid upstream.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from tests.sync.conftest import LiveServer, wait_until

START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
START_TRIES = 3


def fixed_port() -> int:
    """A free port below the kernel's ephemeral range (32768 and up here): while the server is down,
    no outgoing connection on the machine can be given it as its local port and so block the restart."""
    for port in random.Random().sample(range(20000, 32000), 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port in 20000-32000")


class ProcessServer(LiveServer):
    def __init__(self, db_url: str, data_dir: Path) -> None:
        super().__init__(db_url, data_dir)
        self.port = fixed_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = self.kills = 0

    def command(self) -> list[str]:
        return [sys.executable, "-m", "sync.server.cli", "--db", self.db_url,
                "--data-dir", str(self.data_dir), "serve", "--port", str(self.port)]

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def start(self) -> ProcessServer:
        assert not self.alive, "server process already running"
        for _ in range(START_TRIES):
            error = self._spawn()
            if error is None:
                self.starts += 1
                return self
            if "address already in use" not in error.lower():
                break  # only a port taken for a moment is worth another try
        raise AssertionError(f"the server process did not start: {error}")

    def _spawn(self) -> str | None:
        """Start the process and wait until it answers; None, or why it exited (its stderr's tail)."""
        log = self.data_dir / "serve.stderr"
        with open(log, "ab") as stderr:
            start = stderr.tell()
            self.proc = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=stderr,
                                         start_new_session=True)
        proc = self.proc
        wait_until(lambda: self._healthy() or proc.poll() is not None, timeout=START_TIMEOUT,
                   what="server process")
        if proc.poll() is None:
            return None
        self.proc = None
        with open(log, "rb") as stderr:
            stderr.seek(start)
            tail = stderr.read().decode("utf-8", "replace").strip().splitlines()[-15:]
        return f"exit {proc.returncode}: " + "\n".join(tail)

    def _signal(self, sig: signal.Signals) -> bool:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return False
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return False
        return True

    def kill(self) -> None:
        """kill -9, at once; safe to call from any thread, and when the process is already gone."""
        self.kills += self._signal(signal.SIGKILL)

    def _reap(self) -> None:
        if self.proc is not None:
            self.proc.wait(STOP_TIMEOUT)
            self.proc = None

    def stop(self) -> None:
        """A clean stop (SIGTERM: uvicorn finishes what it is doing); kill -9 if it does not go in time."""
        if self.proc is not None and self._signal(signal.SIGTERM):
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
        self._reap()

    def restart(self) -> ProcessServer:
        """After a kill (or to bounce it): reap the old process, start a new one on the same port."""
        self._signal(signal.SIGKILL)
        self._reap()
        return self.start()

    def close(self) -> None:
        try:
            self._signal(signal.SIGKILL)
            self._reap()
        finally:
            self.db.dispose()

"""The server process is killed while it applies a batch, then started again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.sync.conftest import TIMEOUT, LiveServer, Node, assert_converged, free_port, wait_until
from tests.sync.faultproxy import FaultProxy


def _server_cmd(db_url: str, data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "sync.server.cli", "--db", db_url, "--data-dir", str(data_dir), *args]


def _start(db_url: str, data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(_server_cmd(db_url, data_dir, "serve", "--port", str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def healthy() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(lambda: healthy() or proc.poll() is not None, timeout=60, what="server process")
    assert proc.poll() is None, "server process exited"
    return proc


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)


@pytest.mark.allow_log("tessera.sync", "sync failed: server unreachable")
def test_server_killed_mid_batch_then_restarted(db_url: str, tmp_path: Path) -> None:
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import Terminal, initialize

    data_dir = tmp_path / "server"
    run = subprocess.run(_server_cmd(db_url, data_dir, "init", "--demo", "--json"), capture_output=True,
                         check=True)
    assert json.loads(run.stdout)["demo"] is True
    added = subprocess.run(_server_cmd(db_url, data_dir, "terminal", "add", "--store", "demo", "--name", "K",
                                       "--json"), capture_output=True, check=True)
    port = free_port()
    proc = _start(db_url, data_dir, port)
    killed = threading.Event()
    proxy = FaultProxy(port).start()
    node = None
    try:
        initialize(tmp_path / "t")
        agent = SyncAgent(tmp_path / "t", timeout=TIMEOUT)
        agent.register(proxy.url, json.loads(added.stdout)["code"])
        node = Node("t", tmp_path / "t", Terminal(tmp_path / "t"), agent)
        cards = ["2900000000018", "2900000000025", "2900000000032"]
        for i in range(500):  # one full batch
            node.terminal.sale(cards[i % 3], 700 + i, receipt=f"K{i}")
        expected = {card: node.balance(card) for card in cards}

        def kill_on_push(path: str) -> None:
            if path.startswith("/v1/sync/push") and not killed.is_set():
                killed.set()
                os.killpg(proc.pid, signal.SIGKILL)

        proxy.on_forward = kill_on_push
        down = node.sync()
        assert killed.is_set() and not down.ok and down.pending == 500
        proc.wait(30)

        proc = _start(db_url, data_dir, port)
        up = node.sync()
        assert up.ok and up.pending == 0 and up.rejected == 0 and up.applied + up.duplicates == 500

        live = LiveServer(db_url, data_dir)
        try:
            balances = assert_converged(live, [node])
        finally:
            live.db.dispose()
        assert {card: balances[card] for card in cards} == expected
    finally:
        proxy.stop()
        if node is not None:
            node.close()
        _stop(proc)

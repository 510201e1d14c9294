"""`serve --workers N`: several worker processes on PostgreSQL apply each op exactly once, in sequence,
even when a terminal's retried push reaches another worker while its first push is still being applied."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sync.protocol import PushOp
from tests.sync.conftest import PG_URL, LiveServer, free_port, utc_now, wait_until
from tests.sync.server.conftest import ANA, sale_op

WORKERS = 3
SENDERS = 8  # concurrent copies of the same pushes


def _cli(db_url: str, data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "sync.server.cli", "--db", db_url, "--data-dir", str(data_dir), *args]


def test_more_than_one_worker_on_sqlite_is_refused_with_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    run = subprocess.run(_cli(url, tmp_path / "data", "serve", "--workers", "2", "--port", str(free_port())),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "needs PostgreSQL" in run.stderr, run.stderr


@pytest.mark.parametrize("text", ["0", "x", "65", "-1"])
def test_a_bad_worker_count_is_a_usage_error(tmp_path: Path, text: str) -> None:
    run = subprocess.run(_cli(f"sqlite:///{tmp_path / 's.db'}", tmp_path, "serve", "--workers", text),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "workers" in run.stderr and "Traceback" not in run.stderr


@pytest.fixture
def workers(db_url: str, tmp_path: Path) -> Iterator[tuple[LiveServer, str, int]]:
    """The real server with WORKERS processes on ``db_url``; yields a LiveServer (not started: its DB
    and checks), the base URL of the workers and the pid of the process that started them."""
    from sync.server import admin

    data_dir = tmp_path / "server"
    data_dir.mkdir()
    checks = LiveServer(db_url, data_dir)
    admin.init(checks.db, data_dir, demo=True, now=utc_now())
    port = free_port()
    proc = subprocess.Popen(_cli(db_url, data_dir, "serve", "--workers", str(WORKERS), "--port", str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        try:
            return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return proc.poll() is not None

    try:
        wait_until(healthy, timeout=60, what="workers")
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        yield checks, url, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        checks.close()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _body(terminal_id: str, ops: list[PushOp]) -> dict[str, object]:
    return {"terminal_id": terminal_id, "ops": [op.model_dump(mode="json") for op in ops]}


@pytest.mark.skipif(not PG_URL, reason="needs TESSERA_TEST_PG_URL (set by ./run.sh test when run as root)")
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_concurrent_duplicate_pushes_across_workers_apply_each_op_once_in_sequence(
        workers: tuple[LiveServer, str, int]) -> None:
    from sqlalchemy import select

    from sync.server.models import Op

    checks, url, pid = workers
    assert len(_children(pid)) >= WORKERS
    code = checks.new_code(name="busy till")["code"]
    registered = httpx.post(f"{url}/v1/register", json={"code": code}, timeout=10).json()
    terminal_id, token = registered["terminal_id"], registered["token"]
    before = checks.balance(ANA)
    ops = [sale_op(seq) for seq in range(1, 41)]
    # Every sender pushes overlapping windows of the same ops, each on its own connection, at once.
    windows = [ops[0:20], ops[10:30], ops[0:40], ops[20:40]]
    barrier = threading.Barrier(SENDERS)
    answers: list[tuple[int, dict[str, object]]] = []
    lock = threading.Lock()

    def send(n: int) -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
            barrier.wait()
            for window in windows[n % len(windows):] + windows[: n % len(windows)]:
                answer = http.post(f"{url}/v1/sync/push", json=_body(terminal_id, window))
                with lock:
                    answers.append((answer.status_code, answer.json()))

    senders = [threading.Thread(target=send, args=(n,)) for n in range(SENDERS)]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join(120)
    assert [status for status, _ in answers] == [200] * SENDERS * len(windows), answers[:3]
    statuses: dict[str, list[str]] = {}
    for _, body in answers:
        for result in body["results"]:  # type: ignore[attr-defined]
            statuses.setdefault(result["id"], []).append(result["status"])
    # Each op applied by exactly one of the pushes that carried it; the others saw it as a duplicate or
    # were deferred while a gap before it was open.
    for op in ops:
        assert statuses[op.id].count("applied") == 1, statuses[op.id]
        assert set(statuses[op.id]) <= {"applied", "duplicate", "deferred"}, statuses[op.id]
    with checks.db.read() as session:
        stored = session.execute(select(Op.seq, Op.status).where(Op.terminal_id == terminal_id)
                                 .order_by(Op.seq)).all()
    assert [seq for seq, _ in stored] == list(range(1, 41))
    assert {status for _, status in stored} == {"applied"}
    assert checks.balance(ANA) == before + 40 * 10
    checks.ledger_check()



def test_the_workers_listening_socket_is_declared_tcp_without_nagle() -> None:
    import socket

    from sync.server.asgi import WorkersConfig

    config = WorkersConfig("sync.server.asgi:worker_app", factory=True, workers=2, host="127.0.0.1",
                           port=free_port())
    sock = config.bind_socket()
    try:
        # asyncio sets TCP_NODELAY only on connections of a socket whose protocol is TCP: without it
        # every answer with a body waited for the client's delayed ACK.
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        sock.close()

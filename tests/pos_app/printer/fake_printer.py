"""A port-9100 printer stand-in: a TCP listener on 127.0.0.1 that keeps what each connection sent.

It answers a paper-sensor query (DLE EOT 4) with ``paper`` (0x12: paper present, 0x72: none),
or stays silent when ``paper`` is None, as many printers do.
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType

PAPER_OK, NO_PAPER = 0x12, 0x72
PAPER_QUERY = b"\x10\x04\x04"


class FakePrinter:
    def __init__(self, paper: int | None = PAPER_OK) -> None:
        self.paper = paper
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)  # lets the accept loop notice close() (not a test timing)
        self.port: int = self._server.getsockname()[1]
        self.jobs: list[bytes] = []  # one entry per finished connection
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def received(self) -> bytes:
        with self._lock:
            return b"".join(self.jobs)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._take, args=(conn,), daemon=True).start()

    def _take(self, conn: socket.socket) -> None:
        chunks: list[bytes] = []
        with conn:
            conn.settimeout(10)
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
                if chunk.endswith(PAPER_QUERY) and self.paper is not None:
                    conn.sendall(bytes([self.paper]))
        with self._lock:
            self.jobs.append(b"".join(chunks))
            self._lock.notify_all()

    def wait_jobs(self, count: int = 1, timeout: float = 10.0) -> list[bytes]:
        """The jobs once ``count`` connections have finished (a condition wait, not a sleep)."""
        with self._lock:
            assert self._lock.wait_for(lambda: len(self.jobs) >= count, timeout), self.jobs
            return list(self.jobs)

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakePrinter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])

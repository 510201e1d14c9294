"""A fault-injecting HTTP/1.1 TCP proxy for tests (127.0.0.1 only).

It sits between a terminal and the server and, for requests whose path starts
with a given prefix, can:
- ``drop_before``: close the connection before the request reaches the server;
- ``drop_after``: forward it, let the server answer (it has committed), then
  close the connection without passing the answer on;
- ``reset_mid``: pass half of the answer on, then reset the connection (RST);
- ``delay``: hold the answer back for ``delay`` seconds before passing it on;
- ``duplicate``: send the request to the server twice at once and pass on the
  first answer;
- ``reorder``: hold the request back (the client's connection is reset, as if
  it were lost) and forward it only after a later request of the same client
  (same Authorization header) on the same path has been answered by the server,
  just before that answer is passed on: a stale request arriving out of order
  (its own answer is dropped);
- ``kill_mid``: forward the request, then after ``delay`` seconds (0: as soon
  as it is written) call ``on_kill(path, answered)`` -- the test SIGKILLs the
  server there -- and reset the client's connection whatever the server did:
  the batch may have committed with its answer lost, or been cut off.
If the server is down, the client's connection is closed (as a refused connect
would be). Everything is bounded: every read has a timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import statistics
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

IO_TIMEOUT = 30.0


@dataclass
class Fault:
    kind: str
    path: str
    delay: float = 0.0


@dataclass
class Held:
    """A request a ``reorder`` fault holds back: whose it is, and the bytes to forward later."""

    client: bytes
    path: str
    head: bytes
    body: bytes


async def _read_message(reader: asyncio.StreamReader) -> tuple[bytes, bytes] | None:
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IO_TIMEOUT)
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
            raise RuntimeError("fault proxy: chunked bodies are not supported")
    body = await asyncio.wait_for(reader.readexactly(length), IO_TIMEOUT) if length else b""
    return head, body


def _path(head: bytes) -> str:
    parts = head.split(b"\r\n", 1)[0].split(b" ")
    return parts[1].decode("latin-1") if len(parts) > 1 else ""


def _client(head: bytes) -> bytes:
    """The Authorization header's value: which terminal sent the request (empty when none)."""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"authorization":
            return value.strip()
    return b""


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class FaultProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = 0
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self.counts: dict[str, int] = {"requests": 0, "forwarded": 0, "answered": 0, "faults": 0,
                                       "upstream_down": 0, "held": 0, "reordered": 0, "kills": 0}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.on_forward: Callable[[str], None] | None = None
        self.on_kill: Callable[[str, bool], None] | None = None
        self._held: list[Held] = []
        self._answer_times: dict[str, deque[float]] = {}

    # --- control (test thread) -----------------------------------------------------

    def start(self) -> FaultProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0), self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def inject(self, kind: str, path: str = "/v1/sync/push", *, times: int = 1, delay: float = 0.0) -> None:
        with self._lock:
            self._faults.extend(Fault(kind, path, delay) for _ in range(times))

    def clear(self) -> None:
        """Drop the faults not used yet (requests a reorder holds stay held until their turn)."""
        with self._lock:
            self._faults.clear()

    @property
    def faults_left(self) -> int:
        with self._lock:
            return len(self._faults)

    def answer_time(self, path: str) -> float:
        """Median seconds from a request on ``path`` (no query) written to the server to its answer
        read, over the last 20 answered; 0.0 before any. A kill timed as a share of it lands in the
        server's work."""
        with self._lock:
            times = list(self._answer_times.get(path, ()))
        return statistics.median(times) if times else 0.0

    def wait_for(self, condition: Callable[[dict[str, int]], bool], timeout: float = 30.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: condition(self.counts), timeout)

    # --- the proxy (loop thread) ---------------------------------------------------------

    def _bump(self, key: str) -> None:
        with self._changed:
            self.counts[key] += 1
            self._changed.notify_all()

    def _take(self, path: str) -> Fault | None:
        with self._lock:
            for i, fault in enumerate(self._faults):
                if path.startswith(fault.path):
                    return self._faults.pop(i)
        return None

    def _hold(self, head: bytes, body: bytes) -> None:
        with self._lock:
            self._held.append(Held(_client(head), _path(head), head, body))
        self._bump("held")

    def _due(self, head: bytes) -> list[Held]:
        """The held requests a now-answered request ``head`` overtook: same client, same path."""
        client, path = _client(head), _path(head)
        with self._lock:
            due = [h for h in self._held if h.client == client and h.path == path]
            self._held = [h for h in self._held if h not in due]
        return due

    async def _release(self, head: bytes) -> None:
        for held in self._due(head):
            await self._forward(held.head, held.body)  # the stale request's answer goes nowhere
            self._bump("reordered")

    async def _forward_then_kill(self, head: bytes, body: bytes, delay: float) -> None:
        sent = asyncio.Event()
        answer = asyncio.ensure_future(self._forward(head, body, sent))
        written = asyncio.ensure_future(sent.wait())
        await asyncio.wait({answer, written}, return_when=asyncio.FIRST_COMPLETED)
        written.cancel()
        if sent.is_set():  # else the server was already down: nothing to kill
            if delay > 0:
                await asyncio.wait({answer}, timeout=delay)
            answered = answer.done() and answer.result() is not None
            self._bump("kills")
            if self.on_kill is not None:
                self.on_kill(_path(head), answered)
        await asyncio.wait({answer}, timeout=IO_TIMEOUT)  # a killed server's socket closes at once
        answer.cancel()

    async def _forward(self, head: bytes, body: bytes, sent: asyncio.Event | None = None) -> bytes | None:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", self.upstream_port), 5)
        except (TimeoutError, OSError):
            self._bump("upstream_down")
            return None
        try:
            writer.write(head + body)
            await writer.drain()
            self._bump("forwarded")
            if sent is not None:
                sent.set()
            if self.on_forward is not None:
                self.on_forward(_path(head))
            written = time.monotonic()
            message = await _read_message(reader)
            if message is None:
                return None
            with self._lock:
                self._answer_times.setdefault(_path(head).split("?")[0], deque(maxlen=20)).append(
                    time.monotonic() - written)
            return message[0] + message[1]
        except (TimeoutError, OSError):
            return None
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                message = await _read_message(reader)
                if message is None:
                    break
                head, body = message
                self._bump("requests")
                fault = self._take(_path(head))
                if fault is not None:
                    self._bump("faults")
                if fault is not None and fault.kind == "drop_before":
                    _reset(writer)
                    return
                if fault is not None and fault.kind == "reorder":
                    self._hold(head, body)
                    _reset(writer)
                    return
                if fault is not None and fault.kind == "kill_mid":
                    await self._forward_then_kill(head, body, fault.delay)
                    _reset(writer)
                    return
                if fault is not None and fault.kind == "duplicate":
                    first, _ = await asyncio.gather(self._forward(head, body), self._forward(head, body))
                    answer = first
                else:
                    answer = await self._forward(head, body)
                if answer is None:
                    _reset(writer)
                    return
                await self._release(head)
                if fault is not None and fault.kind == "drop_after":
                    _reset(writer)
                    return
                if fault is not None and fault.kind == "reset_mid":
                    writer.write(answer[: len(answer) // 2])
                    await writer.drain()
                    _reset(writer)
                    return
                if fault is not None and fault.kind == "delay":
                    await asyncio.sleep(fault.delay)
                writer.write(answer)
                await writer.drain()
                self._bump("answered")
        except (TimeoutError, OSError):
            _reset(writer)
        finally:
            if not writer.transport.is_closing():
                writer.close()

"""A fault-injecting HTTP/1.1 TCP proxy for tests (127.0.0.1 only).

It sits between a terminal and the server and, for requests whose path starts
with a given prefix, can:
- ``drop_before``: close the connection before the request reaches the server;
- ``drop_after``: forward it, let the server answer (it has committed), then
  close the connection without passing the answer on;
- ``reset_mid``: pass half of the answer on, then reset the connection (RST);
- ``delay``: hold the answer back for ``delay`` seconds before passing it on;
- ``duplicate``: send the request to the server twice at once and pass on the
  first answer.
If the server is down, the client's connection is closed (as a refused connect
would be). Everything is bounded: every read has a timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass

IO_TIMEOUT = 30.0


@dataclass
class Fault:
    kind: str
    path: str
    delay: float = 0.0


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
                                       "upstream_down": 0}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.on_forward: Callable[[str], None] | None = None

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
        with self._lock:
            self._faults.clear()

    @property
    def faults_left(self) -> int:
        with self._lock:
            return len(self._faults)

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

    async def _forward(self, head: bytes, body: bytes) -> bytes | None:
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
            if self.on_forward is not None:
                self.on_forward(_path(head))
            message = await _read_message(reader)
            return None if message is None else message[0] + message[1]
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
                if fault is not None and fault.kind == "duplicate":
                    first, _ = await asyncio.gather(self._forward(head, body), self._forward(head, body))
                    answer = first
                else:
                    answer = await self._forward(head, body)
                if answer is None:
                    _reset(writer)
                    return
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

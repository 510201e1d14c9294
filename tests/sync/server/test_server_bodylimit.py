"""Every request body is bounded before it is parsed: 413 with the error body, on /v1/register too."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from sync.client import SyncClient
from sync.protocol import MAX_PUSH_BYTES, MAX_REQUEST_BYTES
from tests.sync.conftest import LiveServer

FIFTY_MB = 50 * 1024 * 1024


def _raw_request(server: LiveServer, head: str, body: bytes) -> tuple[int, dict[str, object]]:
    """Send ``head`` and ``body`` on a raw socket and read the answer (the rest is never sent)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < _length(answer):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, json.loads(answer.split(b"\r\n\r\n", 1)[1])


def _length(answer: bytes) -> int:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def test_a_declared_50_mb_registration_is_refused_before_it_is_read(server: LiveServer) -> None:
    head = (f"POST /v1/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {FIFTY_MB}\r\n\r\n")
    status, body = _raw_request(server, head, b'{"code": "')  # 10 bytes of the 50 MB promised
    assert status == 413
    assert body["error"] == "too_large" and body["params"] == {"max_bytes": MAX_REQUEST_BYTES}


def test_a_chunked_body_is_read_only_up_to_the_limit(server: LiveServer) -> None:
    head = ("POST /v1/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 32768
    chunks = b"".join(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(3))  # 96 KiB, no end
    status, body = _raw_request(server, head, chunks)
    assert status == 413 and body["error"] == "too_large"


def test_an_authenticated_push_over_its_budget_is_413(client: SyncClient, server: LiveServer) -> None:
    token = client._http.headers["Authorization"]
    terminal_id = client.terminal_id  # type: ignore[attr-defined]
    filler = {"terminal_id": terminal_id, "ops": [], "padding": "x" * (MAX_PUSH_BYTES + 1)}
    answer = httpx.post(f"{server.url}/v1/sync/push", json=filler, headers={"Authorization": token},
                        timeout=30)
    assert answer.status_code == 413 and answer.json()["params"]["max_bytes"] == MAX_PUSH_BYTES


@pytest.mark.parametrize("size", [MAX_REQUEST_BYTES - 200, MAX_REQUEST_BYTES + 1])
def test_the_limit_is_the_line_between_422_and_413(server: LiveServer, size: int) -> None:
    body = json.dumps({"code": "x" * size}).encode()[:size]
    answer = httpx.post(f"{server.url}/v1/register", content=body,
                        headers={"Content-Type": "application/json"}, timeout=30)
    assert answer.status_code == (422 if size <= MAX_REQUEST_BYTES else 413), answer.text

"""A bound on every request body, enforced before anything parses it (413 with the contract's error body).

A declared ``Content-Length`` over the bound is refused without reading a byte; a body sent without
one (chunked) is read only up to the bound. Either way the server's memory per request is bounded
by the limit, not by what a client chooses to send, on the unauthenticated ``/v1/register`` too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import API, MAX_PUSH_BYTES, MAX_REQUEST_BYTES, ErrorBody

TOO_LARGE = "too_large"


def limits() -> dict[str, int]:
    """Bytes a body may have, by path; every other path gets MAX_REQUEST_BYTES."""
    return {f"/{API}/sync/push": MAX_PUSH_BYTES}


def _refusal(limit: int) -> bytes:
    body = ErrorBody(error=TOO_LARGE, message=f"the request body is over the limit of {limit:,} bytes",
                     params={"max_bytes": limit})
    return json.dumps(body.model_dump()).encode()


class BodyLimit:
    def __init__(self, app: ASGIApp, by_path: Mapping[str, int] | None = None,
                 default: int = MAX_REQUEST_BYTES) -> None:
        self.app, self.default = app, default
        self.by_path = dict(by_path if by_path is not None else limits())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.by_path.get(scope["path"], self.default)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_413(send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:  # read the whole body (at most ``limit`` bytes) before the app sees any of it
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _send_413(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # after the body: the client's disconnect, if any
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_413(send: Send, limit: int) -> None:
    payload = _refusal(limit)
    headers: list[Any] = [(b"content-type", b"application/json"),
                          (b"content-length", str(len(payload)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": payload})

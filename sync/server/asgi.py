"""The app as each uvicorn worker process builds it (``serve --workers N``).

A worker is a fresh process: it gets the database URL, the data dir and the expiry period from the
environment ``serve`` set before starting them, and keeps nothing another worker needs (throttles and
replay guards are in the database).
"""

from __future__ import annotations

import gc
import logging
import os
import socket
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from sync.server import config

ENV_EXPIRE_EVERY = "TESSERA_EXPIRE_EVERY"
ENV_CODE_SENDER = "TESSERA_CODE_SENDER"
log = logging.getLogger("tessera.server")


def tune_gc() -> None:
    """A push batch allocates many short-lived objects: collect young ones less often and keep everything
    loaded at start-up out of the collector's way (a long-running server's usual tuning)."""
    gc.set_threshold(50_000, 50, 100)
    gc.freeze()


def worker_app() -> FastAPI:
    from sync.server.app import create_app
    from sync.server.db import ServerDB
    from sync.server.memberweb import senders

    data_dir = Path(os.environ[config.ENV_DATA_DIR])
    db = ServerDB(config.db_url(None, data_dir))
    app = create_app(db, data_dir, expire_every=float(os.environ.get(ENV_EXPIRE_EVERY, "3600")),
                     code_sender=senders.load(os.environ.get(ENV_CODE_SENDER)), warm_health=True)
    _log_to_stderr()
    tune_gc()
    log.info("worker %d serving", os.getpid())
    return app


def _log_to_stderr() -> None:
    """Workers log to stderr (the journal under systemd): one rotating file written by several processes
    would lose lines at each rotation."""
    root = logging.getLogger("tessera")
    root.setLevel(logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s"))
    root.addHandler(handler)


class WorkersConfig(uvicorn.Config):
    """uvicorn's settings for ``serve --workers N``, with a listening socket declared TCP.

    uvicorn makes the shared listening socket without a protocol number; asyncio then takes the
    connections the workers accept for something other than TCP and leaves Nagle's algorithm on, so
    every answer with a body waits about 40 ms for the client's delayed ACK. Declared TCP (and with
    TCP_NODELAY, which accepted connections inherit), each connection answers at once.
    """

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return sock
        tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        tcp.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return tcp


def run_workers(workers: int, host: str, port: int, tls: dict[str, str | None]) -> None:
    from uvicorn.supervisors.multiprocess import Multiprocess

    config = WorkersConfig("sync.server.asgi:worker_app", factory=True, workers=workers, host=host, port=port,
                           log_level="warning", access_log=False, **tls)  # type: ignore[arg-type]
    Multiprocess(config, sockets=[config.bind_socket()]).run()

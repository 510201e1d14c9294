"""deploy/ agrees with the server it deploys: the unit's command parses, the limits fit each other."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from sync.protocol import MAX_PUSH_BYTES
from sync.server.cli import build_parser
from sync.server.db import PG_MAX_OVERFLOW, PG_POOL_SIZE, PG_RAW_MAX_OVERFLOW, PG_RAW_POOL_SIZE

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
CONNECTIONS_PER_WORKER = PG_POOL_SIZE + PG_MAX_OVERFLOW + PG_RAW_POOL_SIZE + PG_RAW_MAX_OVERFLOW


def _settings(text: str, sep: str) -> dict[str, str]:
    lines = (line.split("#", 1)[0] for line in text.splitlines())
    pairs = (line.split(sep, 1) for line in lines if sep in line)
    return {key.strip(): value.strip().rstrip(";") for key, value in pairs}


def test_the_units_command_is_a_valid_serve_with_the_envs_workers() -> None:
    unit = (DEPLOY / "tessera-server.service").read_text()
    env = _settings((DEPLOY / "server.env").read_text(), "=")
    command = re.search(r"^ExecStart=(\S+) (.*)$", unit, re.M)
    assert command is not None and command.group(1).endswith("/tessera-server")
    args = build_parser().parse_args(shlex.split(command.group(2).replace("${TESSERA_WORKERS}",
                                                                          env["TESSERA_WORKERS"])))
    assert args.command == "serve" and args.host == "127.0.0.1"
    assert args.workers == int(env["TESSERA_WORKERS"])
    assert env["TESSERA_DB"].startswith("postgresql")  # more than one worker needs PostgreSQL
    nginx = (DEPLOY / "nginx-tessera.conf").read_text()
    assert f"server 127.0.0.1:{args.port};" in nginx


def test_postgresql_takes_every_workers_connections() -> None:
    env = _settings((DEPLOY / "server.env").read_text(), "=")
    pg = _settings((DEPLOY / "postgresql.conf").read_text(), "=")
    assert int(pg["max_connections"]) >= CONNECTIONS_PER_WORKER * int(env["TESSERA_WORKERS"])
    assert pg["synchronous_commit"] == "on" and pg["fsync"] == "on"


def test_nginx_lets_the_server_answer_oversized_pushes_itself() -> None:
    nginx = (DEPLOY / "nginx-tessera.conf").read_text()
    size = re.search(r"client_max_body_size (\d+)m;", nginx)
    assert size is not None and int(size.group(1)) * 2**20 > MAX_PUSH_BYTES
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx  # not a chain a client could forge
    assert "proxy_next_upstream off;" in nginx

"""Registering a terminal: its token stays private, its identity is the server's, the CLI way works too."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sync.conftest import LiveServer, Node, assert_converged

ANA = "2900000000018"


def test_register_stores_token_0600_and_server_identity(make_node: Callable[..., Node],
                                                        server: LiveServer) -> None:
    node = make_node("t1")
    token_file = node.data_dir / "terminal.token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = token_file.read_text()
    assert (token not in (node.data_dir / "logs" / "tessera.log").read_text()
            if (node.data_dir / "logs").exists() else True)
    with node.terminal.db.reader() as session:
        from pos_app.store import identity

        assert identity.get(session, "store_id") == "demo"
        assert identity.get(session, "terminal_id") == node.terminal.terminal_id
        assert token not in str(identity.get(session, "server_url"))


def test_register_via_cli_and_sync_after(make_node: Callable[..., Node], server: LiveServer, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from pos_app.cli import main as pos_main

    data = tmp_path / "cli"
    assert pos_main(["--data-dir", str(data), "init"]) == 0
    assert pos_main(["--data-dir", str(data), "register", "--server", server.url, "--code", "NOPE-NOPE"]) == 1
    code = server.new_code(name="cli")["code"]
    assert pos_main(["--data-dir", str(data), "register", "--server", server.url, "--code", code,
                     "--json"]) == 0
    assert pos_main(["--data-dir", str(data), "sale", "--card", ANA, "--amount", "12.00", "--json"]) == 0
    assert pos_main(["--data-dir", str(data), "sync", "--json"]) == 0
    assert server.balance(ANA) == 332
    node = make_node("other")
    assert_converged(server, [node])

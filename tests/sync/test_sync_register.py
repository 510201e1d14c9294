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


def test_register_takes_the_stores_region_over_the_one_given_at_init(server: LiveServer,
                                                                     tmp_path: Path) -> None:
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import Terminal, initialize

    data = tmp_path / "till"
    initialize(data, region="IT")
    agent = SyncAgent(data)
    try:
        result = agent.register(server.url, server.new_code(name="till")["code"])
    finally:
        agent.close()
    assert (result["region"], result["tz"]) == ("RO", "Europe/Bucharest")
    till = Terminal(data)
    try:
        assert till.store_region == "RO"
        assert till.enroll("Phone Person", phone="0721 555 010").card  # read as a Romanian number
        assert till.member("+40721555010").name == "Phone Person"
    finally:
        till.close()


def test_register_with_another_region_refuses_in_one_line_and_keeps_the_code(
        server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pos_app.cli import main as pos_main

    data = tmp_path / "cli"
    assert pos_main(["--data-dir", str(data), "init"]) == 0
    code = server.new_code(name="cli")["code"]
    capsys.readouterr()
    assert pos_main(["--data-dir", str(data), "register", "--server", server.url, "--code", code,
                     "--region", "IT"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert "store demo is in region RO, not IT" in err and "Traceback" not in err
    assert not (data / "terminal.token").exists()
    assert pos_main(["--data-dir", str(data), "register", "--server", server.url, "--code", code,
                     "--region", "xx"]) == 2  # not a region at all: refused before asking the server
    assert pos_main(["--data-dir", str(data), "register", "--server", server.url, "--code", code,
                     "--region", "ro"]) == 0
    assert "phones read in region RO" in capsys.readouterr().out


def test_register_keeps_the_technicians_region_when_the_store_has_none(server: LiveServer,
                                                                       tmp_path: Path) -> None:
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import initialize

    data = tmp_path / "north"
    initialize(data)
    agent = SyncAgent(data)
    try:
        result = agent.register(server.url, server.new_code("north", "n1")["code"], "it")
        assert result["region"] == "IT" and agent.state().region == "IT"
    finally:
        agent.close()


def test_register_says_when_this_machines_clock_is_not_in_the_stores_zone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    from datetime import UTC, datetime

    from pos_app.cli.syncing import _registered_line
    from pos_app.sync_agent.agent import _same_zone

    now = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert _same_zone("Europe/Bucharest", now) is False and _same_zone("UTC", now) is True
        assert _same_zone(None, now) is None and _same_zone("Nowhere/Else", now) is None
    finally:
        monkeypatch.undo()
        time.tzset()
    facts = {"terminal_name": "T", "terminal_id": "t-1", "store_id": "demo", "pulled": 3, "region": "RO",
             "tz": "Europe/Bucharest"}
    assert "note:" not in _registered_line({**facts, "clock_in_store_zone": True})
    assert _registered_line({**facts, "clock_in_store_zone": False}).splitlines()[1] == (
        "note: this machine's time zone is not the store's (Europe/Bucharest): set it to Europe/Bucharest")


@pytest.mark.parametrize("code", ["ABC", "  AB  ", "X" * 65])
def test_register_with_a_code_of_the_wrong_length_says_so_in_one_line(
        code: str, server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pos_app.cli import main as pos_main

    data = tmp_path / "cli"
    assert pos_main(["--data-dir", str(data), "init"]) == 0
    capsys.readouterr()
    assert pos_main(["--data-dir", str(data), "register", "--server", server.url, "--code", code]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "registration code has 4 to 64 characters" in err
    assert "Traceback" not in err
    assert not (data / "terminal.token").exists()

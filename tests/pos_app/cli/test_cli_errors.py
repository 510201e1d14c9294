"""How `tessera-pos` reports what it refuses: ``{code, message, params}`` on stderr with ``--json``,
one line otherwise, and a bad config.toml stops every command (and the window) the same way."""

from __future__ import annotations

import json
from pathlib import Path

from tests.pos_app.cli.runner import ANA, UNKNOWN_VALID, cli, cli_many

BAD_IDLE = 'idle_lock_seconds = "five minutes"\n'


def test_json_errors_carry_code_message_and_params(data: Path) -> None:
    unknown, amount, usage, missing_out, plain = cli_many(
        data,
        ["sale", "--card", UNKNOWN_VALID, "--amount", "5", "--receipt", "J-1", "--json"],
        ["sale", "--card", ANA, "--amount", "12,50", "--receipt", "J-2", "--json"],
        ["sale", "--amount", "5", "--json"],  # argparse: --card missing
        ["report", "daily", "--format", "pdf", "--json"],  # found after parsing
        ["sale", "--card", UNKNOWN_VALID, "--amount", "5", "--receipt", "J-3"])
    refused = unknown.error_json(1)
    assert refused["code"] == "unknown_card" and "no member has card" in refused["message"]
    assert refused["params"]["card"] in refused["message"] and UNKNOWN_VALID not in unknown.err  # masked
    bad = amount.error_json(2)
    assert bad["code"] == "amount_format" and bad["params"] == {"text": "12,50"}
    assert "invalid amount" in bad["message"]
    assert usage.error_json(2) == {"code": "usage", "params": {},
                                   "message": "the following arguments are required: --card"}
    assert missing_out.error_json(2) == {"code": "usage", "params": {},
                                         "message": "--format pdf needs --out FILE.pdf"}
    assert plain.refused(1, "no member has card") == f"tessera-pos: {refused['message']}"


def test_help_with_json_still_prints_help(tmp_path: Path) -> None:
    run = cli(tmp_path, "sale", "--help", "--json")
    assert run.code == 0 and run.out.startswith("usage: tessera-pos sale") and run.err == ""


def test_a_bad_config_value_stops_every_command_in_one_line(data: Path, tmp_path: Path) -> None:
    config = data / "config.toml"
    config.write_text(BAD_IDLE, encoding="utf-8")
    status, doctor, window, as_json = cli_many(data, ["status"], ["doctor"], [], ["rewards", "--json"])
    for run in (status, doctor, window):
        line = run.refused(2, "idle_lock_seconds", str(config), "'five minutes'")
        assert "Traceback" not in run.err
        assert line == (f"tessera-pos: {config}: idle_lock_seconds must be 0 (never lock) or a whole number "
                        "of seconds from 10 to 86400, got 'five minutes'")
    body = as_json.error_json(2)
    assert body["code"] == "config_value"
    assert body["params"] == {"file": str(config), "key": "idle_lock_seconds",
                              "expected": "0 (never lock) or a whole number of seconds from 10 to 86400",
                              "value": "'five minutes'"}


def test_a_config_that_is_not_toml_stops_the_command(data: Path) -> None:
    (data / "config.toml").write_text("idle_lock_seconds = = 5\n", encoding="utf-8")
    cli(data, "member", "show", ANA).refused(2, str(data / "config.toml"), "not valid TOML")


def test_the_window_started_alone_shows_the_config_error(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    data = tmp_path / "data"
    data.mkdir()
    (data / "terminal.db").touch()  # the window checks that first; the options are read before any Qt
    (data / "config.toml").write_text("camera_width = 1280.5\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "pos_app.ui.app", "--data-dir", str(data)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr == (f"{data / 'config.toml'}: camera_width must be a whole number of pixels "
                           "from 1 to 16384, got 1280.5\n")


def test_a_failed_sync_prints_its_counts_and_then_why(data: Path) -> None:
    run = cli(data, "sync", "--json")  # this terminal was never registered
    assert run.code == 1
    assert json.loads(run.out)["ok"] is False
    assert json.loads(run.err) == {
        "code": "sync_failed",
        "params": {"reason": "this terminal is not registered: run `tessera-pos register`"},
        "message": "sync failed: this terminal is not registered: run `tessera-pos register`"}
    plain = cli(data, "sync")
    assert plain.code == 1 and plain.err == ("tessera-pos: sync failed: this terminal is not registered: "
                                             "run `tessera-pos register`\n")

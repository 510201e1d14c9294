"""`tessera-server` commands: init, program load, terminals, tokens, members, reports, conflicts."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.sync.server.conftest import Cli

ANA = "2900000000018"


def test_init_is_idempotent_and_keeps_the_qr_key_private(cli: Cli) -> None:
    code, out, _ = cli("init", "--demo", "--json")
    assert code == 0 and json.loads(out)["created"] is False
    key = cli.data_dir / "member_qr_key.json"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    code, out, _ = cli("member", "show", ANA, "--json")
    shown = json.loads(out)
    assert (code == 0 and shown["balance"] == 320 and shown["tier"] == "bronze"
            and shown["name"] == "Ana Popescu")


def test_member_qr_prints_a_token_terminals_verify(cli: Cli) -> None:
    from pos_app.core import qrtoken

    code, out, _ = cli("member", "qr", ANA, "--json")
    token = json.loads(out)["token"]
    claims = qrtoken.verify(token, datetime.now(UTC), qrtoken.demo_public_keys())
    assert code == 0 and claims.card == ANA
    assert cli("member", "qr", "2900000000124")[0] == 1  # valid number, not a member


def test_member_import_reports_bad_rows_and_imports_nothing(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("card,name,phone,email,opening_balance\n"
                   "2900000000117,Good Row,,,10\n"
                   "2900000000110,Bad Check Digit,,,0\n"
                   "2900000000124,,,,5\n"
                   "2900000000131,Negative,,,-4\n"
                   "2900000000117,Twice,,,1\n", encoding="utf-8")
    code, _, err = cli("member", "import", str(bad), "--store", "demo")
    assert code == 2
    for line in (3, 4, 5, 6):
        assert f"line {line}:" in err
    assert cli("member", "show", "2900000000117")[0] == 1  # nothing half-imported
    good = tmp_path / "good.csv"
    good.write_text("card,name,phone,email,opening_balance\n"
                    "2900000000117,Good Row,+40 721 000 999,g@x.org,10\n",
                    encoding="utf-8")
    code, out, _ = cli("member", "import", str(good), "--store", "demo", "--json")
    assert code == 0 and json.loads(out) == {"imported": 1, "store": "demo", "possible_duplicates": 0}
    assert cli("member", "import", str(good), "--store", "demo")[0] == 2  # already members


def test_program_versions_are_kept_and_never_rewritten(cli: Cli, tmp_path: Path) -> None:
    from pos_app.base import assets

    source = assets.read_text("demo_program.toml")
    same = tmp_path / "v1.toml"
    same.write_text(source, encoding="utf-8")
    code, out, _ = cli("program", "load", str(same), "--json")
    assert code == 0 and json.loads(out)["stored"] is False
    changed = tmp_path / "v1b.toml"
    changed.write_text(source.replace("enrollment_bonus = 50", "enrollment_bonus = 60"), encoding="utf-8")
    assert cli("program", "load", str(changed))[0] == 2
    v2 = tmp_path / "v2.toml"
    v2.write_text(source.replace("version = 1", "version = 2", 1), encoding="utf-8")
    code, out, _ = cli("program", "load", str(v2), "--json")
    assert code == 0 and json.loads(out)["version"] == 2 and "coffee" in json.loads(out)["rewards"]
    broken = tmp_path / "broken.toml"
    broken.write_text("version = ", encoding="utf-8")
    assert cli("program", "load", str(broken))[0] == 2


def test_terminal_add_revoke_and_hq_token(cli: Cli) -> None:
    code, out, _ = cli("terminal", "add", "--store", "north", "--name", "Till 1", "--json")
    added = json.loads(out)
    assert code == 0 and added["store"] == "north" and len(added["code"]) == 19
    code, out, _ = cli("terminal", "revoke", added["terminal_id"], "--json")
    assert code == 0 and json.loads(out)["revoked"] is True
    assert cli("terminal", "revoke", "no-such-terminal")[0] == 1
    code, out, _ = cli("token", "add", "--hq", "--json")
    assert code == 0 and len(json.loads(out)["token"]) >= 40


def test_report_daily_and_conflicts(cli: Cli) -> None:
    today = datetime.now(ZoneInfo("Europe/Bucharest")).date().isoformat()  # the demo store's day
    code, out, _ = cli("report", "daily", "--date", today, "--store", "demo", "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["enrollments"] == 5 and report["points_adjusted"] == 5850
    code, out, _ = cli("report", "daily", "--date", today, "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("date,store,transactions")
    code, out, _ = cli("conflicts", "--json")
    assert code == 0 and json.loads(out) == []
    with pytest.raises(SystemExit) as usage:
        cli("report", "daily", "--date", "yesterday")
    assert usage.value.code == 2


def test_json_errors_carry_code_message_and_params(cli: Cli) -> None:
    code, out, err = cli("terminal", "revoke", "no-such-terminal", "--json")
    assert (code, out) == (1, "")
    assert json.loads(err) == {"code": "unknown_terminal", "message": "no terminal no-such-terminal",
                               "params": {"terminal": "no-such-terminal"}}
    code, out, err = cli("terminal", "add", "--store", "demo", "--json")  # --name missing
    assert (code, out) == (2, "")
    assert json.loads(err) == {"code": "usage", "params": {},
                               "message": "the following arguments are required: --name"}
    code, _, err = cli("terminal", "revoke", "no-such-terminal")
    assert code == 1 and err == "tessera-server: no terminal no-such-terminal\n"

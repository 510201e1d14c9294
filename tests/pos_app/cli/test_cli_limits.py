"""Bad numbers and text at the command line: one line, exit 2, nothing written; phones read in the region."""

from __future__ import annotations

from pathlib import Path

from tests.pos_app.cli.runner import ANA, MANAGER_PIN, cli, cli_many

HUGE = str(2**53)  # one past the cap of points and minor units
VERY_HUGE = "9" * 5000  # more digits than Python turns into an int by default


def test_huge_amounts_and_points_exit_2_with_one_line(data: Path) -> None:
    before = cli(data, "member", "show", ANA, "--json").ok()["balance"]
    runs = cli_many(
        data,
        ["sale", "--card", ANA, "--amount", "99999999999999999999", "--receipt", "H-1"],
        ["sale", "--card", ANA, "--amount", VERY_HUGE, "--receipt", "H-2"],
        ["sale", "--card", ANA, "--amount", VERY_HUGE + ".00", "--receipt", "H-3", "--json"],
        ["refund", "--receipt", "DEMO-0025-1", "--amount", VERY_HUGE],
        ["member", "adjust", ANA, "--points", HUGE, "--reason", "x", "--manager-pin", MANAGER_PIN],
        ["member", "adjust", ANA, "--points", f"-{HUGE}", "--reason", "x", "--manager-pin", MANAGER_PIN,
         "--json"],
        ["member", "adjust", ANA, "--points", "1" + "0" * 30, "--reason", "x", "--manager-pin", "0000"],
        ["member", "adjust", ANA, "--points", VERY_HUGE, "--reason", "x", "--manager-pin", MANAGER_PIN],
    )
    for run in runs:
        line = run.refused(2)
        assert len(line) < 200, line  # the 5,000 digits are not echoed back
    for run in runs[:4]:
        assert "too large" in run.err
    assert runs[2].error_json(2)["code"] == "amount_too_large"
    assert "9007199254740992 points is beyond the limit of 9007199254740991" in runs[4].err
    body = runs[5].error_json(2)
    assert body["code"] == "points_too_large"
    assert body["params"] == {"text": f"-{HUGE}", "limit": 2**53 - 1}
    assert "beyond the limit" in runs[6].err  # refused before the (wrong) PIN is even checked
    assert cli(data, "member", "show", ANA, "--json").ok()["balance"] == before


def test_the_cap_itself_is_accepted(data: Path) -> None:
    cap = str(2**53 - 1)
    adjusted = cli(data, "member", "adjust", ANA, "--points", cap, "--reason", "test the cap",
                   "--manager-pin", MANAGER_PIN, "--json").ok()
    assert adjusted["points"] == 2**53 - 1


def test_names_with_control_characters_exit_2(data: Path) -> None:
    names = ["Ana\x1b[31mPop", "Ana \u202eqoP", "Ana\u2066x\u2069", "Ana\x7f", "Ana\udcff"]  # last: byte 0xff
    runs = cli_many(data, *[["member", "enroll", "--name", name, "--email", f"n{i}@example.org", "--json"]
                            for i, name in enumerate(names)])
    for run in runs:
        assert run.error_json(2)["code"] == "name_control"
    searches = cli_many(data, *[["member", "search", f"n{i}@example.org", "--json"]
                                for i in range(len(names))])
    assert [run.ok() for run in searches] == [[]] * len(names)  # nobody was enrolled


def test_overlong_contact_details_exit_2(data: Path) -> None:
    runs = cli_many(
        data,
        ["member", "enroll", "--name", "x" * 201, "--json"],
        ["member", "enroll", "--name", "Long Mail", "--email", "a" * 250 + "@example.org", "--json"],
        ["member", "enroll", "--name", "Long Phone", "--phone", "0" * 33, "--json"],
    )
    assert [run.error_json(2)["code"] for run in runs] == ["name_too_long", "email_invalid", "phone_length"]


def test_the_demo_reads_national_numbers_as_romanian_and_folds_emails(data: Path) -> None:
    enrolled = cli(data, "member", "enroll", "--name", "Radu Ene", "--phone", "0721555010",
                   "--email", " Radu.Ene@Example.ORG ", "--json").ok()
    shown, by_phone = cli_many(data, ["member", "show", enrolled["card"], "--json"],
                               ["member", "show", "0721 555 010", "--json"])
    assert (shown.ok()["phone"], shown.ok()["email"]) == ("+40721555010", "radu.ene@example.org")
    assert by_phone.ok()["card"] == enrolled["card"]
    cli(data, "member", "enroll", "--name", "Radu Again", "--phone", "+40 721 555 010",
        "--json").refused(1, "already a member")
    cli(data, "member", "enroll", "--name", "Radu Mail", "--email", "RADU.ENE@example.org",
        "--json").refused(1, "already a member")


def test_init_region(tmp_path: Path) -> None:
    cli(tmp_path / "bad", "init", "--region", "XX").refused(2, "two-letter country code")
    italy = tmp_path / "italy"
    cli(italy, "init", "--region", "it", "--json").ok()
    enrolled = cli(italy, "member", "enroll", "--name", "Giulia Verdi", "--phone", "06 1234 5678",
                   "--json").ok()
    assert cli(italy, "member", "show", "+39 06 1234 5678", "--json").ok()["card"] == enrolled["card"]
    assert cli(italy, "member", "show", enrolled["card"], "--json").ok()["phone"] == "+390612345678"


def test_without_a_region_a_national_number_asks_for_one(tmp_path: Path) -> None:
    data = tmp_path / "plain"
    cli(data, "init", "--json").ok()
    body = cli(data, "member", "enroll", "--name", "Radu Ene", "--phone", "0721555010",
               "--json").error_json(2)
    assert body["code"] == "phone_needs_region"
    cli(data, "member", "show", "0721555010").refused(2, "no country code", "+CC")

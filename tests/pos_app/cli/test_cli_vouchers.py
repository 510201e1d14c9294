"""`tessera-pos voucher check/use/void` on a standalone terminal: states, exit codes, points returned."""

from __future__ import annotations

from pathlib import Path

from pos_app.core import vouchers
from tests.pos_app.cli.runner import ANA, CASHIER_PIN, MANAGER_PIN, cli, cli_many


def _redeem(data: Path) -> dict[str, object]:
    redeemed: dict[str, object] = cli(data, "redeem", "--card", ANA, "--reward", "coffee", "--json").ok()
    return redeemed


def test_check_then_use_once(data: Path) -> None:
    redeemed = _redeem(data)
    code = str(redeemed["voucher"])
    check = cli(data, "voucher", "check", code.lower().replace("-", " "), "--json").ok()
    assert (check["code"], check["reward"], check["state"], check["cost"]) == (code, "coffee", "issued", 100)
    assert check["member_card"] != ANA and check["member_card"].endswith(ANA[-4:])
    assert check["expires_at"] > check["created_at"]
    human = cli(data, "voucher", "check", code)
    assert human.code == 0 and f"{code}: Free coffee" in human.out and "issued" in human.out

    used = cli(data, "voucher", "use", code, "--json").ok()
    assert used["state"] == "used" and used["used_at"]
    again, shown = cli_many(data, ("voucher", "use", code, "--json"), ("voucher", "check", code, "--json"))
    assert again.error_json(1)["code"] == "voucher_used"
    assert shown.ok()["state"] == "used"


def test_bad_and_unknown_codes(data: Path) -> None:
    code = str(_redeem(data)["voucher"])
    typo = code[:-1] + ("1" if code[-1] != "1" else "2")
    bad, unknown = cli_many(data, ("voucher", "check", typo, "--json"),
                            ("voucher", "use", vouchers.make("another-terminal", 5), "--json"))
    assert bad.error_json(2)["code"] == "voucher_format"
    assert unknown.error_json(1)["code"] == "unknown_voucher"
    assert cli(data, "voucher", "use", typo).refused(2, "is not a voucher code")


def test_void_needs_a_manager_returns_the_points_and_the_voucher_is_then_refused(data: Path) -> None:
    before = cli(data, "member", "show", ANA, "--json").ok()["balance"]
    redeemed = _redeem(data)
    code = str(redeemed["voucher"])
    no_pin, cashier = cli_many(data, ("voucher", "void", code, "--json"),
                               ("voucher", "void", code, "--manager-pin", CASHIER_PIN, "--json"))
    assert no_pin.error_json(2)["code"] == "manager_pin_required"
    assert cashier.error_json(1)["code"] == "not_a_manager"
    assert cli(data, "voucher", "check", code, "--json").ok()["state"] == "issued"

    voided = cli(data, "voucher", "void", code, "--manager-pin", MANAGER_PIN, "--json").ok()
    assert (voided["code"], voided["points_returned"], voided["state"]) == (code, 100, "void")
    shown = cli(data, "member", "show", ANA, "--json").ok()
    assert voided["balance"] == shown["balance"] == before
    use, void_again, check = cli_many(data, ("voucher", "use", code, "--json"),
                                      ("voucher", "void", code, "--manager-pin", MANAGER_PIN, "--json"),
                                      ("voucher", "check", code, "--json"))
    assert use.error_json(1)["code"] == "voucher_void"
    assert void_again.error_json(1)["code"] == "voucher_void"
    assert check.ok()["state"] == "void"


def test_a_used_voucher_cannot_be_voided(data: Path) -> None:
    code = str(_redeem(data)["voucher"])
    cli(data, "voucher", "use", code, "--json").ok()
    refused = cli(data, "voucher", "void", code, "--manager-pin", MANAGER_PIN, "--json")
    assert refused.error_json(1)["code"] == "voucher_used"

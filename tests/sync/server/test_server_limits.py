"""Bad numbers and text on the server: oversize numbers in a push are a 422 (never a 500), and a member
CSV's opening balances beyond the cap, names with control characters and phones without a country code
are refused line by line, with phones read in the store's region."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync.client import SyncClient
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, Cli, sale_op

Push = Callable[[dict[str, Any]], httpx.Response]


@pytest.fixture
def raw_push(server: LiveServer) -> Iterator[Push]:
    """POST one op, as JSON built by hand, to /v1/sync/push with a fresh terminal's token."""
    with SyncClient(server.url) as anonymous:
        registered = anonymous.register(server.new_code()["code"])
    with httpx.Client(base_url=server.url, timeout=30,
                      headers={"Authorization": f"Bearer {registered.token}"}) as http:

        def send(op: dict[str, Any]) -> httpx.Response:
            body = json.dumps({"terminal_id": registered.terminal_id, "ops": [op]})
            return http.post("/v1/sync/push", content=body, headers={"Content-Type": "application/json"})

        yield send


def a_sale(seq: int = 1) -> dict[str, Any]:
    return copy.deepcopy(sale_op(seq).model_dump(mode="json"))


def _set_entry(op: dict[str, Any], key: str, value: int) -> None:
    op["payload"]["entries"][0][key] = value


def _set_payload(op: dict[str, Any], key: str, value: int) -> None:
    op["payload"][key] = value


def _set_op(op: dict[str, Any], key: str, value: int) -> None:
    op[key] = value


THIRTY_DIGITS = 10**29 + 7


@pytest.mark.parametrize(("change", "key", "value"), [
    (_set_entry, "points", 2**63),
    (_set_entry, "points", -(2**63) - 1),
    (_set_entry, "points", 2**53),  # beyond what a JSON reader holds exactly
    (_set_entry, "amount", 10**30),
    (_set_payload, "amount", 2**64),
    (_set_payload, "program_version", THIRTY_DIGITS),
    (_set_op, "program_version", THIRTY_DIGITS),
    (_set_op, "program_version", 2**31),  # a 32-bit column
    (_set_op, "seq", 2**63),
])
def test_oversize_numbers_in_a_push_are_a_422(raw_push: Push, server: LiveServer,
                                              change: Callable[[dict[str, Any], str, int], None], key: str,
                                              value: int) -> None:
    op = a_sale()
    change(op, key, value)
    answer = raw_push(op)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "bad_request"
    assert server.balance(ANA) == 320  # nothing applied
    healthy = raw_push(a_sale())  # the server goes on: the same seq, now well-formed, applies
    assert healthy.status_code == 200 and healthy.json()["results"][0]["status"] == "applied"


@pytest.mark.allow_log("tessera.server", "rejected")
def test_an_amount_that_fits_the_wire_but_not_an_entry_rejects_only_that_op(raw_push: Push,
                                                                           server: LiveServer) -> None:
    op = a_sale()
    _set_entry(op, "amount", 10**15 + 1)  # beyond the amount cap, within 2^53
    answer = raw_push(op)
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    assert result["status"] == "rejected" and "malformed op payload" in result["reason"]  # a dead letter
    assert server.balance(ANA) == 320


@pytest.mark.allow_log("tessera.server", "conflict recomputed")
def test_points_at_the_cap_are_read_and_recomputed_not_applied(raw_push: Push, server: LiveServer) -> None:
    op = a_sale()
    _set_entry(op, "points", 2**53 - 1)
    answer = raw_push(op)
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "applied", answer.text
    assert server.balance(ANA) == 320 + 10  # the server's earn for 10.00 EUR, not the terminal's figure


# --- CSV import ------------------------------------------------------------------------------------------


def test_import_refuses_opening_balances_beyond_the_cap_and_bad_names_line_by_line(cli: Cli,
                                                                                    tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("card,name,phone,email,opening_balance\n"
                   f"2900000000117,Big Balance,,,{2**53}\n"
                   f"2900000000124,Huge Balance,,,{'9' * 5000}\n"
                   "2900000000131,Arabic Digits,,,١٢٣\n"
                   "2900000000148,Ana\x1b[31m,,,0\n"
                   "2900000000155,Ana \u202eqoP,,,0\n"
                   "2900000000162,No Region,0721 555 010,,0\n"
                   f"2900000000179,Max Balance,,,{2**53 - 1}\n", encoding="utf-8")
    code, _, err = cli("member", "import", str(bad), "--store", "nowhere")
    assert code == 2 and err.count("\n") == 6 and len(err) < 2000  # one line per bad row, clipped
    assert f"line 2: opening balance '{2**53}' is beyond the limit of {2**53 - 1} points" in err
    assert "line 3: opening balance '" + "9" * 40 + "…' is beyond the limit" in err
    assert "line 4: opening balance '١٢٣' is not a whole number of points" in err
    assert "line 5: a name cannot contain control characters" in err
    assert "line 6: a name cannot contain control characters" in err
    assert "line 7: phone number '0721 555 010' has no country code" in err  # a store with no region
    assert "line 8" not in err
    assert cli("member", "show", "2900000000179")[0] == 1  # nothing half-imported


def test_import_reads_phones_in_the_stores_region_and_folds_emails(cli: Cli, tmp_path: Path) -> None:
    assert cli("store", "add", "roma", "--tz", "Europe/Rome", "--region", "IT")[0] == 0
    rows = tmp_path / "rows.csv"
    rows.write_text("card,name,phone,email,opening_balance\n"
                    "2900000000117,Giulia Verdi,06 1234 5678,Giulia.Verdi@Example.IT,10\n"
                    "2900000000124,Radu Ene,+40 721 555 010,,0\n", encoding="utf-8")
    code, _, err = cli("member", "import", str(rows), "--store", "roma", "--json")
    assert code == 0, err
    shown = json.loads(cli("member", "show", "2900000000117", "--json")[1])
    assert (shown["phone"], shown["email"]) == ("+390612345678", "giulia.verdi@example.it")
    assert json.loads(cli("member", "show", "2900000000124", "--json")[1])["phone"] == "+40721555010"


def test_parse_csv_uses_each_rows_store_region() -> None:
    from sync.server import members

    rows = members.parse_csv("card,name,phone,store\n"
                             "2900000000117,A,0721 555 010,bucuresti\n"
                             "2900000000124,B,06 1234 5678,roma\n"
                             "2900000000131,C,010-1234-5678,\n",
                             "KR", {"bucuresti": "RO", "roma": "IT"})
    assert [r.phone for r in rows] == ["+40721555010", "+390612345678", "+821012345678"]

"""One person, one member: duplicates refused online, flagged offline and on import, merged by HQ."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from pos_app.core import cards
from tests.sync.conftest import LiveServer, Node, assert_converged, local_ledger_sum

ANA = "2900000000018"
DUPLICATE_LOG = pytest.mark.allow_log("tessera.server", "possible_duplicate")


def _now() -> datetime:
    return datetime.now(UTC)


def _conflicts(server: LiveServer, kind: str) -> list[dict[str, object]]:
    from sync.server import admin, merge

    return [c for c in merge.full_cards(server.db, admin.conflicts(server.db)) if c["kind"] == kind]


def _pos(node: Node, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from pos_app.cli import main as pos_main

    capsys.readouterr()
    code = pos_main(["--data-dir", str(node.data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_online_enrollment_of_a_known_phone_is_refused_naming_the_masked_card(
        make_node: Callable[..., Node], server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    till1, till2 = make_node("t1"), make_node("t2")
    first = till1.terminal.enroll("Dana Pop", phone="+40 722 111 222", email="dana@example.org")
    assert till1.sync().ok  # till 2 has not pulled: only the server knows Dana

    code, out, err = _pos(till2, capsys, "member", "enroll", "--name", "D. Pop", "--phone", "+40722111222",
                          "--json")
    assert (code, out) == (1, "")
    error = json.loads(err)
    assert error["code"] == "duplicate_contact" and error["params"]["card"] == cards.masked(first.card)
    assert first.card not in err  # a terminal is told the masked card only
    code, _, err = _pos(till2, capsys, "member", "enroll", "--name", "Dana", "--email", "DANA@Example.org")
    assert code == 1 and cards.masked(first.card) in err
    code, out, _ = _pos(till2, capsys, "member", "enroll", "--name", "Someone Else", "--phone",
                        "+40 722 999 000", "--json")
    assert code == 0 and json.loads(out)["points"] == 50


def test_an_unreachable_server_does_not_hold_up_enrollment(make_node: Callable[..., Node],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from pos_app.store import identity
    from pos_app.store.identity import StateKey

    till = make_node("t1")
    with till.terminal.db.transaction() as session:  # a server that is not there: refused at once
        identity.put(session, StateKey.SERVER_URL, "http://127.0.0.1:9")
    code, out, _ = _pos(till, capsys, "member", "enroll", "--name", "Off Line", "--phone", "+40 722 333 444",
                        "--json")
    assert code == 0 and json.loads(out)["points"] == 50


@DUPLICATE_LOG
def test_offline_duplicates_on_two_tills_become_a_possible_duplicate_conflict(
        make_node: Callable[..., Node], server: LiveServer) -> None:
    till1, till2 = make_node("t1"), make_node("t2")
    one = till1.terminal.enroll("Ion Rus", phone="+40 (733) 000-111")
    two = till2.terminal.enroll("Ion Rus", phone="+40733000111", email="ion@example.org")

    assert till1.sync().ok and till2.sync().ok

    found = _conflicts(server, "possible_duplicate")
    assert len(found) == 1
    assert (found[0]["card"], found[0]["other_card"]) == (two.card, one.card)  # HQ sees full cards
    assert "same phone" in str(found[0]["detail"]) and cards.masked(one.card) in str(found[0]["detail"])
    assert server.balance(one.card) == server.balance(two.card) == 50  # both applied, for HQ to merge


@DUPLICATE_LOG
def test_csv_rows_with_a_known_phone_or_email_are_flagged(server: LiveServer, tmp_path: object,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from sync.server import members

    rows = members.parse_csv("card,name,phone,email,opening_balance\n"
                             "2900000000117,Ana P.,0721 000 001,,10\n"
                             "2900000000124,Marco R.,,MARCO@example.org,0\n"
                             "2900000000131,New Person,+40721999999,new@example.org,0\n", "RO")
    result = members.import_rows(server.db, rows, "demo", _now())

    assert result == {"imported": 3, "store": "demo", "possible_duplicates": 2}
    pairs = {(c["card"], c["other_card"]) for c in _conflicts(server, "possible_duplicate")}
    assert pairs == {("2900000000117", ANA), ("2900000000124", "2900000000025")}


@DUPLICATE_LOG
def test_merge_moves_everything_and_every_till_converges(make_node: Callable[..., Node], server: LiveServer,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from sync.server.cli import main as server_main

    till1, till2 = make_node("t1"), make_node("t2")
    keep = till1.terminal.enroll("Mara Dobre", email="mara@example.org").card
    other = till2.terminal.enroll("Mara D.", email="Mara@example.org").card
    earned1 = till1.terminal.sale(keep, 10000, receipt="K1").points_earned
    earned2 = till2.terminal.sale(other, 5000, receipt="O1").points_earned
    assert till1.sync().ok and till2.sync().ok and till1.sync().ok
    assert len(_conflicts(server, "possible_duplicate")) == 1
    queued = till2.terminal.sale(other, 2000, receipt="O2").points_earned  # offline, before the merge

    capsys.readouterr()
    code = server_main(["--db", server.db_url, "--data-dir", str(server.data_dir), "member", "merge", keep,
                        other, "--json"])
    merged = json.loads(capsys.readouterr().out)
    assert code == 0 and merged["bonus_reversed"] == 50
    assert merged["balance"] == 50 + earned1 + earned2

    balances = assert_converged(server, [till1, till2])
    total = 50 + earned1 + earned2 + queued
    assert balances[keep] == total and other not in balances
    for till in (till1, till2):
        assert till.balance(other) == till.balance(keep) == total  # OTHER's card opens KEEP
        assert till.terminal.member(other).card == keep
        assert local_ledger_sum(till, keep) == total
    assert till2.terminal.sale(other, 1000, receipt="O3").points_earned > 0  # and keeps working
    assert assert_converged(server, [till1, till2])[keep] > total
    merges = _conflicts(server, "merged")
    assert len(merges) == 1 and merges[0]["card"] == keep and "reversed" in str(merges[0]["detail"])

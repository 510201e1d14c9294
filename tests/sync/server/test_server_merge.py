"""`tessera-server member merge KEEP OTHER` and the duplicate lookup, against the real API."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from pos_app.core import cards
from pos_app.core.errors import Code, DomainError, InvalidInput, UnknownCard
from sync.client import SyncClient
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import push, sale_op

ANA, MARCO, KIM, ELENA = "2900000000018", "2900000000025", "2900000000032", "2900000000049"


def _now() -> datetime:
    return datetime.now(UTC)


def _cli(server: LiveServer, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from sync.server.cli import main

    capsys.readouterr()
    code = main(["--db", server.db_url, "--data-dir", str(server.data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_merge_of_imported_members_sums_them_and_the_card_becomes_an_alias(server: LiveServer,
                                                                         client: SyncClient) -> None:
    from sync.server import merge

    result = merge.merge(server.db, ANA, ELENA, _now())

    assert result["balance"] == 320 + 4200 and result["bonus_reversed"] == 0  # imported: no enroll bonus
    assert server.ledger_check()[ANA] == 4520 and ELENA not in server.store_cards("demo")
    state = client.lookup(ELENA)
    assert state is not None and state.card == ANA and state.aliases == [ELENA]
    op = sale_op(1)
    op.member_card = ELENA
    op.payload["member_card"] = ELENA
    assert push(client, op)[0].status == "applied"  # an op queued with the merged card reaches KEEP
    assert server.balance(ANA) == 4520 + 10


def test_merge_refusals(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    from sync.server import members, merge

    with pytest.raises(InvalidInput) as itself:
        merge.merge(server.db, ANA, ANA, _now())
    assert itself.value.code is Code.MERGE_SELF
    assert _cli(server, capsys, "member", "merge", ANA, ANA)[0] == 2
    code, _, err = _cli(server, capsys, "member", "merge", ANA, "2900000000117", "--json")
    assert code == 1 and json.loads(err)["code"] == "unknown_card"
    with pytest.raises(UnknownCard):
        merge.merge(server.db, "2900000000117", ANA, _now())
    assert _cli(server, capsys, "member", "merge", ANA, "12345")[0] == 2  # not a card number

    merge.merge(server.db, ANA, MARCO, _now())
    for keep, other in ((ANA, MARCO), (KIM, MARCO), (MARCO, KIM)):
        with pytest.raises(DomainError) as again:
            merge.merge(server.db, keep, other, _now())
        assert again.value.code is Code.MERGE_ALREADY
        assert again.value.params == {"card": cards.masked(MARCO), "into": cards.masked(ANA)}
    assert server.balance(ANA) == 320 + 1250  # nothing moved twice

    members.import_rows(server.db, members.parse_csv("card,name\n2900000000117,North Member\n"), "north",
                        _now())
    with pytest.raises(DomainError) as stores:
        merge.merge(server.db, ANA, "2900000000117", _now())
    assert stores.value.code is Code.MERGE_OTHER_STORE


def test_merging_a_kept_member_carries_its_aliases(server: LiveServer, client: SyncClient) -> None:
    from sync.server import merge

    merge.merge(server.db, ANA, MARCO, _now())
    merge.merge(server.db, KIM, ANA, _now())

    for card in (ANA, MARCO):
        state = client.lookup(card)
        assert state is not None and state.card == KIM and sorted(state.aliases) == [ANA, MARCO]
    assert server.ledger_check()[KIM] == 320 + 1250 + 80


def test_contact_lookup_answers_the_masked_card_of_the_store_only(server: LiveServer,
                                                                 client: SyncClient) -> None:
    from sync.server import members

    found = client.contact_lookup("0721 000 001", None).matches  # read in the store's region (RO)
    assert [(m.card, m.name, m.same) for m in found] == [(cards.masked(ANA), "Ana Popescu", "phone")]
    both = client.contact_lookup("+40721000001", "ANA@example.org").matches
    assert [m.same for m in both] == ["phone and e-mail"]
    assert client.contact_lookup("+40721999999", "nobody@example.org").matches == []
    members.import_rows(server.db, members.parse_csv("card,name,email\n2900000000117,Far,far@example.org\n"),
                        "north", _now())
    assert client.contact_lookup(None, "far@example.org").matches == []  # another store's member


@pytest.mark.allow_log("tessera.server", "possible_duplicate")
def test_conflicts_show_hq_both_full_cards(server: LiveServer, client: SyncClient,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from sync.server import members

    members.import_rows(server.db, members.parse_csv(
        "card,name,email\n2900000000117,Ana Again,ana@example.org\n"), "demo", _now())
    code, out, _ = _cli(server, capsys, "conflicts", "--json")
    row = json.loads(out)[0]
    assert code == 0 and row["kind"] == "possible_duplicate"
    assert (row["card"], row["other_card"]) == ("2900000000117", ANA)
    code, out, _ = _cli(server, capsys, "conflicts")
    assert code == 0 and "2900000000117" in out and ANA in out
    code, out, _ = _cli(server, capsys, "member", "merge", ANA, "2900000000117")
    assert code == 0 and out.startswith(f"merged 2900000000117 into {ANA}: balance 320")
    code, out, _ = _cli(server, capsys, "conflicts", "--json")
    kinds = {r["kind"]: r for r in json.loads(out)}
    assert kinds["possible_duplicate"]["other_card"] == ANA and kinds["merged"]["card"] == ANA
    assert kinds["possible_duplicate"]["card"] == ANA  # the flagged member is ANA now
    api = client._http.get("/v1/conflicts").json()  # a terminal's view: masked cards only
    assert all(r["card"] is None or "*" in r["card"] for r in api)

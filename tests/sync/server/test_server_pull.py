"""The /v1 pull contract on the wire: pages through a store with a monotonic cursor."""

from __future__ import annotations

from datetime import UTC, datetime

from sync.client import SyncClient
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, push, sale_op


def test_pull_pages_through_a_store_with_a_monotonic_cursor(client: SyncClient, server: LiveServer) -> None:
    from sync.server import members

    rows = "".join(f"29{n:010d}{_check(f'29{n:010d}')},Member {n},,,{n}\n" for n in range(1000, 1250))
    members.import_rows(server.db, members.parse_csv("card,name,phone,email,opening_balance\n" + rows),
                        "demo", datetime.now(UTC))
    seen: list[str] = []
    cursor, pages = "", 0
    while True:
        page = client.pull(cursor, limit=40)
        pages += 1
        seen += [m.card for m in page.members]
        assert not cursor or int(page.cursor.split(":")[0]) >= int(cursor.split(":")[0])
        cursor = page.cursor
        if not page.more:
            break
    assert pages == 7 and len(seen) == len(set(seen)) == 255
    push(client, sale_op(1))
    page = client.pull(cursor)
    assert [m.card for m in page.members] == [ANA] and page.terminal_seq == 1
    assert page.members[0].balance == 330 and sum(lot.remaining for lot in page.members[0].lots) == 330
    assert client.pull(page.cursor).members == []


def _check(body: str) -> str:
    from pos_app.core.cards import check_digit

    return check_digit(body)

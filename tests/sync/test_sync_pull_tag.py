"""Two tills of one store: a sync with nothing new pulls a bodyless 304, and the next change made at the
other till still reaches this one at its next sync."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.sync.conftest import LiveServer, Node, assert_converged


def _pull_statuses(node: Node) -> list[int]:
    seen: list[int] = []

    def record(response: httpx.Response) -> None:
        if response.request.url.path.endswith("/sync/pull"):
            seen.append(response.status_code)

    node.agent.client()._http.event_hooks["response"].append(record)
    return seen


def test_an_idle_sync_is_a_304_and_the_next_change_still_arrives(make_node: Callable[..., Node],
                                                                 server: LiveServer) -> None:
    a, b = make_node("a"), make_node("b")
    card = server.store_cards("demo")[0]
    seen = _pull_statuses(a)
    assert a.sync().ok and a.sync().ok
    assert seen[-1] == 304, seen  # the second sync: nothing new
    assert a.agent.state().pull_tag
    before = a.balance(card)
    b.terminal.sale(card, 2500, "B-1")
    assert b.sync().ok
    assert a.sync().ok and seen[-1] == 200
    assert a.balance(card) > before
    assert a.sync().ok and seen[-1] == 304
    a.terminal.sale(card, 1000, "A-1")  # its own push changes its seq: the pull settles it
    assert a.sync().ok and seen[-1] == 200
    assert_converged(server, [a, b], "demo")

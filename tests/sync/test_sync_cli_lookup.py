"""`tessera-pos sale` on a card enrolled at another terminal asks the server once, then sells."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable

from pos_app.core.cards import check_digit
from tests.sync.conftest import LiveServer, Node, assert_converged


def run_cli(data_dir: object, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TESSERA_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "pos_app", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_sale_fetches_a_card_enrolled_elsewhere(make_node: Callable[..., Node], server: LiveServer) -> None:
    here, there = make_node("here"), make_node("there")
    card = there.terminal.enroll("Remote Member", email="remote@example.org").card
    assert there.sync().ok

    done = run_cli(here.data_dir, "sale", "--card", card, "--amount", "20.00", "--receipt", "L-1", "--json")

    assert done.returncode == 0, done.stderr
    sale = json.loads(done.stdout)
    assert sale["points_earned"] == 20 and sale["balance"] == 50 + 20
    here.terminal.reload_program()
    assert here.sync().ok
    assert server.balance(card) == 70
    assert_converged(server, [here, there])


def test_a_card_the_server_does_not_know_either_is_refused(make_node: Callable[..., Node]) -> None:
    here = make_node("here")
    body = "290000000999"

    done = run_cli(here.data_dir, "sale", "--card", body + check_digit(body), "--amount", "5", "--json")

    assert done.returncode == 1
    assert "no member has card" in done.stderr and done.stdout == ""

"""The HQ console in a real browser (chromium) against the real server: sign in, add a terminal, a real
terminal registers with the code the page shows, and the console then lists it as registered."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pos_app.sync_agent import SyncAgent
from pos_app.terminal import Terminal, initialize
from sync.server.console import users
from tests.sync.conftest import LiveServer, Node, demo_server

PASSWORD = "correct horse battery"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """One backend for the browser: the console's rules run on both in test_console_users."""
    return f"sqlite:///{tmp_path / 'server.db'}"


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    for live in demo_server(LiveServer, db_url, tmp_path):
        users.add_user(live.db, "hq-anna", users.HQ, None, PASSWORD, datetime.now(UTC))
        yield live


def sign_in(page: Any, server: LiveServer) -> None:
    page.goto(f"{server.url}/hq/")
    page.get_by_label("User name").fill("hq-anna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#members")


def test_a_terminal_added_in_the_console_registers_with_the_code_it_shows(
        desk: Any, server: LiveServer, tmp_path: Path) -> None:
    page = desk.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, server)
    assert page.locator("#members").inner_text() == "5"
    page.get_by_role("link", name="Terminals").click()
    page.get_by_label("Store").select_option("demo")
    page.get_by_label("Terminal name").fill("till-7")
    page.get_by_role("button", name="Add a terminal").click()
    code = page.locator("#registration-code").inner_text()
    assert page.locator("#added svg").count() == 1  # the code's QR for the technician
    shots = Path(os.environ.get("TESSERA_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "hq-terminals.png"), full_page=True)

    data = tmp_path / "till-7"
    initialize(data)
    agent = SyncAgent(data)
    till = Terminal(data)
    try:
        answer = agent.register(server.url, code)
        till.reload_identity()
        till.sale("2900000000018", 4250, receipt="R-7", cashier="ioana")  # a sale for the day's report
        assert agent.sync_once().ok
    finally:
        till.close()
        agent.close()
    assert answer["terminal_name"] == "till-7"
    page.goto(f"{server.url}/hq/terminals")
    row = page.locator(f"tr[data-id='{answer['terminal_id']}']")
    assert "till-7" in row.inner_text() and "UTC" in row.locator("td").nth(2).inner_text()  # registered

    row.get_by_role("button", name="Revoke till-7").click()
    page.wait_for_url(f"{server.url}/hq/terminals/revoke")
    assert "till-7 of store demo?" in page.locator("#revoke-confirm").inner_text()  # asked, not done yet
    assert "revoked" not in page.locator(f"tr[data-id='{answer['terminal_id']}']").inner_text()
    page.get_by_role("button", name="Yes, revoke it").click()
    page.wait_for_url(f"{server.url}/hq/terminals")
    assert "revoked" in page.locator(f"tr[data-id='{answer['terminal_id']}']").inner_text()
    page.goto(f"{server.url}/hq/")
    page.screenshot(path=str(shots / "hq-dashboard.png"), full_page=True)
    page.get_by_role("link", name="Reports").click()
    page.get_by_label("Store", exact=True).select_option("demo")
    page.get_by_role("button", name="Show").click()
    assert page.locator("svg.chart rect").count() == 24 and page.locator("#fig-sales").inner_text() == "1"
    assert page.locator("#fig-sales_amount").inner_text() == "42.50 EUR"
    page.screenshot(path=str(shots / "hq-reports.png"), full_page=True)
    assert all(url.startswith(server.url) for url in requests)  # nothing from elsewhere
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("button", name="Sign in").is_visible()


def test_a_member_enrolled_at_a_till_is_found_and_blocked_from_the_console(
        desk: Any, server: LiveServer, make_node: Callable[..., Node]) -> None:
    from pos_app.core.errors import Code, TesseraError

    till = make_node("t1")
    card = till.terminal.enroll("Zoe Webster", phone="+40721000099").card
    assert till.sync().ok
    page = desk.new_page()
    sign_in(page, server)
    page.get_by_role("link", name="Members").click()
    page.get_by_label("Card, phone, e-mail or part of the name").fill("webster")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=card).click()
    assert "Zoe Webster" in page.locator("h1").inner_text()
    assert page.locator("#balance").inner_text() == str(server.balance(card))
    page.get_by_role("button", name="Block the card").click()
    assert page.locator("#blocked").is_visible()
    assert till.sync().ok
    with pytest.raises(TesseraError) as refused:
        till.terminal.sale(card, 1000, receipt="R-HQ-1")
    assert refused.value.code is Code.MEMBER_BLOCKED


@pytest.mark.allow_log("tessera.server", "conflict overdraft")
@pytest.mark.allow_log("tessera.server", "conflict possible_duplicate")
def test_conflicts_of_two_offline_tills_are_reviewed_and_merged_in_the_console(
        desk: Any, server: LiveServer, make_node: Callable[..., Node]) -> None:
    from sqlalchemy import select

    from sync.server.models import Conflict
    from tests.sync.conftest import assert_converged

    ana = "2900000000018"
    t1, t2 = make_node("t1"), make_node("t2")
    server.stop()
    t1.terminal.redeem(ana, "5off", cashier="ioana")  # 250 each of 320: both fit locally, not together
    t2.terminal.redeem(ana, "5off", cashier="mihai")
    first = t1.terminal.enroll("Dana Dublu", phone="+40721000777").card
    second = t2.terminal.enroll("Dana Dublu", phone="+40721000777").card
    server.start()
    assert_converged(server, [t1, t2])

    page = desk.new_page()
    sign_in(page, server)
    page.get_by_role("link", name="Conflicts").click()
    overdraft = page.locator("section.conflict", has_text="Overdraft")
    assert overdraft.count() == 1
    evidence = overdraft.inner_text()
    assert "180" in evidence and ana in evidence and ("t1" in evidence or "t2" in evidence)
    overdraft.get_by_label("Note").fill("goodwill: the member keeps both vouchers")
    overdraft.get_by_role("button", name="Acknowledge").click()
    assert page.locator("section.conflict", has_text="Overdraft").count() == 0  # open ones only
    page.get_by_role("link", name="Show reviewed ones too").click()
    reviewed = page.locator("section.conflict", has_text="Overdraft").inner_text()
    assert "Reviewed by hq-anna" in reviewed and "goodwill" in reviewed

    page.goto(f"{server.url}/hq/conflicts")
    duplicate = page.locator("section.conflict", has_text="Possible duplicate member")
    assert duplicate.count() == 1
    duplicate.get_by_role("button", name="Merge").click()
    assert page.locator("section.conflict", has_text="Possible duplicate member").count() == 0
    assert_converged(server, [t1, t2])
    kept = {first, second} - {c for c in (first, second) if t1.terminal.member(c).card != c}
    assert len(kept) == 1 and t1.terminal.member(first).card == t1.terminal.member(second).card
    with server.db.read() as session:
        assert session.scalar(select(Conflict.id).where(Conflict.kind == "merged")) is not None


def test_a_program_with_an_error_shows_its_line_and_a_good_one_reaches_the_till(
        desk: Any, server: LiveServer, make_node: Callable[..., Node], tmp_path: Path) -> None:
    from pos_app.base import assets

    till = make_node("t1")
    assert till.terminal.program.version == 1
    good = assets.read_text("demo_program.toml").replace("version = 1", "version = 2", 1).replace(
        "enrollment_bonus = 50", "enrollment_bonus = 75", 1)
    bad = good.replace("expiry_months = 12", "expiry_months = 0", 1)
    bad_line = next(n for n, text in enumerate(bad.splitlines(), start=1) if text.startswith("expiry_months"))
    page = desk.new_page()
    sign_in(page, server)
    page.get_by_role("link", name="Program").click()
    program_file = tmp_path / "program.toml"
    program_file.write_text(bad, encoding="utf-8")
    page.get_by_label("Program file (TOML)").set_input_files(str(program_file))  # read into the text box
    page.wait_for_function("document.getElementById('source').value.includes('expiry_months = 0')")
    page.get_by_role("button", name="Check").click()
    problem = page.locator("#problem").inner_text()
    assert problem.startswith(f"Line {bad_line}:") and "expiry_months must be at least 1" in problem
    assert page.locator("#activate").count() == 0

    page.get_by_label("Program text").fill(good)
    page.get_by_role("button", name="Check").click()
    diff = page.locator("#diff").inner_text()
    assert "+enrollment_bonus = 75" in diff and "-enrollment_bonus = 50" in diff
    page.get_by_role("button", name="Activate version 2 now").click()
    assert "Version 2 is active" in page.locator("#done").inner_text()
    assert page.locator("#versions tr").count() == 3  # the header, versions 2 and 1
    assert till.sync().ok
    till.terminal.reload_program()
    assert till.terminal.program.version == 2 and till.terminal.program.enrollment_bonus == 75

    page.get_by_label("Program text").fill(good.replace("version = 2", "version = 3", 1))  # for tomorrow
    page.get_by_role("button", name="Check").click()
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    page.get_by_label("Or activate it at (UTC)").fill(f"{tomorrow:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Schedule version 3").click()
    assert "Version 3 is scheduled" in page.locator("#done").inner_text()
    assert page.locator("#versions tr[data-version='3']").get_attribute("data-state") == "scheduled"
    assert "Scheduled" in page.locator("#versions tr[data-version='3']").inner_text()
    assert till.sync().ok
    till.terminal.reload_program()
    assert till.terminal.program.version == 2  # not before its instant


def test_a_balance_corrected_in_the_console_reaches_the_till(
        desk: Any, server: LiveServer, make_node: Callable[..., Node]) -> None:
    ana = "2900000000018"
    till = make_node("t1")
    before = till.balance(ana)
    page = desk.new_page()
    sign_in(page, server)
    page.goto(f"{server.url}/hq/members/{ana}")
    page.get_by_label("Points to add (or take, with a minus)").fill("-5x")
    page.get_by_label("Reason", exact=True).fill("typo")
    page.get_by_role("button", name="Correct the balance").click()
    assert "invalid points '-5x'" in page.locator("[role=alert]").inner_text()  # nothing booked
    page.goto(f"{server.url}/hq/members/{ana}")
    page.get_by_label("Points to add (or take, with a minus)").fill("-20")
    page.get_by_label("Reason", exact=True).fill("double scan on 2 Dec")
    page.get_by_role("button", name="Correct the balance").click()
    assert page.locator("#balance").inner_text() == str(before - 20)
    assert "double scan on 2 Dec (hq-anna)" in page.locator("#history").inner_text()
    assert till.sync().ok and till.balance(ana) == before - 20

"""The member page's history says why each line's points are what they are, and its vouchers carry
their code as a barcode.

A purchase is explained with what the server applied (the program version, the store's promotion of the
moment, the tier of the member's spend then), so the explanation gives the points booked: a capped
sale, a basket under the minimum, a sale whose earlier sale was refunded later. Against the real
server and a registered till, on both backends.
"""

from __future__ import annotations

import json
import re
import string
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select

from pos_app.base import assets
from pos_app.core.money import currency, parse_amount
from sync.server import corrections, expiry, web
from sync.server.memberweb import barcodes, history, view
from sync.server.memberweb.earnings import times
from sync.server.models import Member
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer, Node
from tests.sync.server.memberweb.weekend import ANA, PROGRAM, Saturday, last_weekend_morning, ring_saturday

EN = web.translator("memberweb", "en")


@pytest.fixture
def saturday(make_node: Callable[..., Node]) -> Saturday:
    return ring_saturday(make_node)


def shown(server: LiveServer, now: datetime | None = None) -> view.Home:
    with server.db.read() as session:
        member_id = session.scalar(select(Member.id).where(Member.card == ANA))
        assert member_id is not None
        found = view.home(session, member_id, now or datetime.now(UTC))
    assert found is not None
    return found


def said(line: history.Line) -> str:
    return " · ".join(EN(w.key, **w.params) for w in line.why)


def lines_of(home: view.Home, kind: str) -> list[tuple[str | None, int, str]]:
    return [(line.receipt, line.points, said(line)) for line in home.history if line.kind == kind]


def points_said(line: history.Line) -> int:
    """The points the explanation gives, worked out from its parts alone."""
    parts = {w.key: w.params for w in line.why}
    if "why_duplicate" in parts or "why_minimum" in parts:
        return 0
    if "why_capped" in parts:
        return int(parts["why_capped"]["cap"])
    cur = currency(parts["why_amount"]["currency"])
    amount = parse_amount(parts["why_amount"]["amount"], cur)
    rate = parts.get("why_rate", {"points": 1})["points"]
    percent = 1
    for key in ("why_tier", "why_promotion"):
        if key in parts:
            whole, _, part = parts[key]["times"].partition(".")
            percent *= int(whole) * 100 + int((part + "00")[:2])
        else:
            percent *= 100
    return int(amount * rate * percent // (cur.scale * 10_000))


def test_purchases_say_the_rule_tier_promotion_and_cap_that_gave_their_points(
        server: LiveServer, saturday: Saturday) -> None:
    home = shown(server)
    assert lines_of(home, "earn") == [
        ("R-D", 250, "100.00 EUR · 1 point per 1.00 EUR · Silver tier ×1.25 · Double points at weekends ×2"),
        ("R-C", 0, "0.50 EUR · basket under the minimum of 1.00 EUR"),
        # Gold as the server had it then: R-A's refund came after, and does not move R-B to Silver now
        ("R-B", 5000, "2000.00 EUR · 1 point per 1.00 EUR · Gold tier ×1.5 · Double points at weekends ×2"
                      " · capped at 5000 points"),
        ("R-A", 4000, "2000.00 EUR · 1 point per 1.00 EUR · Double points at weekends ×2"),
    ]
    for line in home.history:
        if line.kind == "earn":
            assert points_said(line) == line.points, said(line)
    assert lines_of(home, "reverse") == [
        (None, 250, f"Voucher {saturday.voided} voided"),
        ("R-B", -2500, "Refund of receipt R-B"),
        ("R-A", -4000, "Refund of receipt R-A"),
    ]
    assert lines_of(home, "redeem") == [
        (None, -250, f"5.00 off your basket · voucher {saturday.voided}"),
        (None, -100, f"Free coffee · voucher {saturday.coffee}"),
    ]
    assert (None, 320, "Opening balance") in lines_of(home, "adjust")
    assert sum(line.points for line in home.history) == server.balance(ANA) == home.balance


@pytest.mark.allow_log("tessera.server", "conflict recomputed")
def test_a_purchase_is_explained_as_the_server_counted_it_not_as_the_till_did(
        server: LiveServer, make_node: Callable[..., Node]) -> None:
    """A till that synced a sale of a Friday, then rang one with the Saturday before's time: the server
    counts it at the till's previous op (no backdating into a promotion), and the page says what the
    server gave, not what the till proposed."""
    from pos_app.terminal import Terminal

    saturday = last_weekend_morning()
    till = make_node("t1")
    for receipt, amount, at in (("R-FRIDAY", 1000, saturday - timedelta(days=1)),
                                ("R-BACKDATED", 10000, saturday - timedelta(days=7))):
        then = Terminal(till.data_dir, clock=FakeClock(at))
        try:
            proposed = then.sale(ANA, amount, receipt=receipt).points_earned
        finally:
            then.close()
        assert till.sync().ok
    line = next(line for line in shown(server).history if line.receipt == "R-BACKDATED")
    assert proposed >= 200 and line.points == 100 == points_said(line)  # the till counted a promotion
    assert said(line) == "100.00 EUR · 1 point per 1.00 EUR"


def queries(session: Any, member_id: str) -> int:
    """How many statements drawing the member's history runs."""
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", seen)
    try:
        history.lines(session, member_id, ZoneInfo("Europe/Bucharest"))
    finally:
        event.remove(connection, "before_cursor_execute", seen)
    return len(statements)


def test_the_history_takes_the_same_few_queries_however_many_sales(server: LiveServer,
                                                                   saturday: Saturday) -> None:
    with server.db.read() as session:
        member_id = session.scalar(select(Member.id).where(Member.card == ANA))
        assert member_id is not None
        before = queries(session, member_id)
    for n in range(6):
        saturday.till.terminal.sale(ANA, 1500 + n, receipt=f"R-MORE-{n}")
    assert saturday.till.sync().ok
    with server.db.read() as session:
        assert queries(session, member_id) == before <= 9


def test_expiry_and_corrections_say_what_they_were(server: LiveServer, saturday: Saturday) -> None:
    now = datetime.now(UTC)
    corrections.correct(server.db, ANA, 25, "lost receipt", "hq", now)
    later = now + timedelta(days=400)
    assert expiry.expire_due(server.db, later).points_expired > 0
    home = shown(server, later)
    assert (None, 25, "Correction: lost receipt (hq)") in lines_of(home, "adjust")  # as HQ booked it
    expired = {text for _, _, text in lines_of(home, "expire")}
    saturday_day = saturday.at.astimezone(ZoneInfo(home.zone)).date().isoformat()
    assert f"Points from {saturday_day} expired" in expired
    assert all(re.fullmatch(r"Points from \d{4}-\d\d-\d\d expired", text) for text in expired), expired


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", ["it", "ro", "ko"])
def test_every_language_says_the_explanations_with_the_same_fields(lang: str) -> None:
    english = json.loads(assets.read_text("memberweb/i18n/en.json"))
    texts = json.loads(assets.read_text(f"memberweb/i18n/{lang}.json"))
    for key, text in english.items():
        if key.startswith("why_") or key == "voucher_barcode":
            assert key in texts and fields(texts[key]) == fields(text), (lang, key)
    assert list(texts) == sorted(texts)


def modules_drawn(svg: str) -> str:
    """The bar pattern an SVG draws, one character per module of its view box (1 black, 0 white)."""
    root = ElementTree.fromstring(svg)
    width = int(root.attrib["viewBox"].split()[2])
    drawn = ["0"] * width
    for rect in root.iter("{http://www.w3.org/2000/svg}rect"):
        if "x" in rect.attrib:
            start = int(rect.attrib["x"])
            drawn[start:start + int(rect.attrib["width"])] = "1" * int(rect.attrib["width"])
    return "".join(drawn)


@pytest.mark.parametrize("code", ["K3M9QXT-001R", "ABCDEFG-1234Y", "V7H3K9M2PQ"])
def test_a_voucher_barcode_is_its_code_in_code128_with_quiet_zones(code: str) -> None:
    import barcode

    svg = str(barcodes.svg(code))
    assert svg.startswith("<svg ") and "<?xml" not in svg and "style=" not in svg and " id=" not in svg
    expected = barcode.get("code128", code).build()[0]
    assert modules_drawn(svg) == "0" * barcodes.QUIET + expected + "0" * barcodes.QUIET
    assert 'fill="#fff"' in svg and 'fill="#000"' in svg and 'aria-hidden="true"' in svg
    assert len(svg) < 2600


def test_only_an_issued_voucher_has_a_barcode(server: LiveServer, saturday: Saturday) -> None:
    held = {v.code: v for v in shown(server).vouchers}
    assert held[saturday.coffee].state == "issued" and held[saturday.coffee].barcode().startswith("<svg")
    assert held[saturday.voided].state == "void" and held[saturday.voided].barcode() == ""


def test_times_write_the_multiplier_as_the_page_does() -> None:
    assert [times(p) for p in (100, 125, 150, 200, 300, 133, 110)] == ["1", "1.25", "1.5", "2", "3", "1.33",
                                                                        "1.1"]
    assert PROGRAM.max_points_per_transaction == 5000 and PROGRAM.min_basket == 100  # the cases above

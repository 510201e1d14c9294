"""Bad input, fuzzed: a member CSV imports cleanly, or is refused with the database unchanged.

`tessera-server member import FILE` (sync.server.members.import_csv) on a real server database:
random columns and header spellings, quoting, a byte-order mark, other encodings, NULs, bidi
overrides, huge fields, duplicate and taken cards, bad balances, stores and birthdays. Every example
either imports (and every member it added is valid: a checked card, a clean name, an E.164 phone, its
opening balance) or raises InvalidInput with nothing written: the counts of every table that an import
writes, and the change counter, are compared before and after.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st
from sqlalchemy import text

from pos_app.core import cards, contact
from pos_app.core.errors import InvalidInput
from pos_app.core.limits import MAX_POINTS
from sync.server import members
from sync.server.db import ServerDB
from tests.fuzzing import HOSTILE, NASTY, fuzz, one_line

# A phone or e-mail drawn twice is imported and flagged for HQ to merge, which the server logs.
pytestmark = pytest.mark.allow_log("tessera.server", "conflict possible_duplicate")
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
COLUMNS = ["card", "name", "phone", "email", "birthday", "opening_balance", "opening", "store"]
TABLES = ["members", "ledger_entries", "stores", "conflicts", "counters"]
HEADERS = st.sampled_from([*COLUMNS, " card ", "Card", "CARD", "\ufeffcard", "name\x00", "nume", "", "x"])
FRESH = (
    st.integers(0, 10**10 - 1).map(lambda n: f"29{n:010d}").map(lambda body: body + cards.check_digit(body))
)
GOOD = {
    "card": st.one_of(FRESH, FRESH.map(lambda c: f"{c[:4]}-{c[4:8]} {c[8:]}")),
    "name": st.sampled_from(["Ana Pop", "  Ion   Ionescu ", "Zoë", "李小龍", "O'Brien, Jr."]),
    "phone": st.one_of(
        st.just(""),
        st.integers(0, 999_999).map(lambda n: f"+40 721 {n:06d}"),
        st.integers(0, 999_999).map(lambda n: f"0721{n:06d}"),
    ),
    "email": st.one_of(st.just(""), st.integers(0, 10**6).map(lambda n: f"M{n}@Example.org")),
    "birthday": st.one_of(st.just(""), st.dates().map(str)),
    "opening_balance": st.one_of(st.just(""), st.integers(0, 10**4).map(str), st.just(str(MAX_POINTS))),
    "store": st.sampled_from(["", "demo"]),
}
BAD = {
    "card": st.sampled_from(["2900000000018", "2900000000019", "29000000000١٨", "+40721000001"]),
    "name": st.sampled_from(["", "\u202eAna", "A\x00na", "x" * 201]),
    "phone": st.sampled_from(["\x00\x00", "0721", "+999 1", "٠٧٢١٠٠٠٠٠٠"]),
    "email": st.integers(250, 300).map(lambda n: "a" * n + "@x.org")
    | st.sampled_from(["a@b", "@x.org", "a@x.org\x00"]),
    "birthday": st.sampled_from(["2026-02-30", "99999-01-01", "٢٠٠٠-01-01", "1/2/2000"]),
    "opening_balance": st.sampled_from(["-4", "1e3", "12.5", "١٢", str(MAX_POINTS + 1), "9" * 5000]),
    # "north" is not bad: a new store, without a region, so a phone without +CC is refused there
    "store": st.sampled_from(["north", "x" * 65, "s\x00", "\u202edemo", "a\nb"]),
}
CELLS = {name: st.one_of(GOOD[name], GOOD[name], BAD[name], HOSTILE) for name in GOOD}
GOOD["opening"], CELLS["opening"] = GOOD["opening_balance"], CELLS["opening_balance"]


@st.composite
def csv_files(draw: st.DrawFn, only_clean: bool = False) -> bytes:
    columns = st.permutations(COLUMNS).flatmap(
        lambda cols: st.integers(2, len(cols)).map(
            lambda n: ["card", "name", *[c for c in cols if c not in ("card", "name")][: n - 2]]
        )
    )
    header = draw(
        columns if only_clean else st.one_of(columns, columns, columns, st.lists(HEADERS, max_size=6))
    )
    rows = []
    clean = only_clean or draw(st.integers(0, 2)) == 0  # a third of the files hold only good values, in UTF-8
    cells = GOOD if clean else CELLS
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(cells.get(name.strip(), HOSTILE)) for name in header]
        rows.append(
            row + draw(st.lists(HOSTILE, max_size=2)) if not clean and draw(st.integers(0, 9)) == 0 else row
        )
    if rows and not clean and draw(st.booleans()):
        rows.append(list(rows[0]))  # a duplicate row: the same card twice
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
    )
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    for at, piece in draw(
        st.lists(
            st.tuples(st.integers(0, 10**6), st.sampled_from([*NASTY, '"', ",", "\n"])),
            max_size=0 if clean else 3,
        )
    ):
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    encoding = draw(
        st.sampled_from(["utf-8", "utf-8-sig", *([] if clean else ["utf-16", "latin-1", "cp1252"])])
    )
    data = text.encode(encoding, errors="replace")
    if not clean and draw(st.integers(0, 3)) == 0:
        data += draw(st.binary(min_size=1, max_size=8))
    return data


def snapshot(db: ServerDB) -> tuple[int, ...]:
    """The row count of every table an import writes, and the highest change number of a member."""
    with db.read() as session:
        counts = tuple(session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES)
        return (
            *counts,
            session.execute(text("SELECT coalesce(max(change_seq), 0) FROM members")).scalar_one(),
        )


@pytest.fixture
def server_db(db_url: str, tmp_path: Path) -> Iterator[ServerDB]:
    """A real server database (SQLite, and PostgreSQL when configured) with the demo store, program and
    members, for all of a test's examples."""
    from sync.server.cli import main

    assert main(["--db", db_url, "--data-dir", str(tmp_path / "srv"), "init", "--demo"]) == 0
    db = ServerDB(db_url)
    yield db
    db.dispose()


def check_import(db: ServerDB, data: bytes, store: str | None, tmp: Path) -> dict[str, Any] | None:
    file = tmp / "members.csv"
    file.write_bytes(data)
    before = snapshot(db)
    try:
        result = members.import_csv(db, file, store, NOW)
    except InvalidInput as exc:
        assert snapshot(db) == before, "a refused import wrote something"
        problems = getattr(exc, "problems", None) or [exc.message]
        assert all(one_line(p, limit=600) for p in problems), problems[:3]
        return None
    after = snapshot(db)
    assert after[0] == before[0] + result["imported"]
    with db.read() as session:
        added = session.execute(
            text("SELECT card, name, phone, email, balance, store_id FROM members WHERE change_seq > :seq"),
            {"seq": before[-1]},
        ).all()
    assert len(added) == result["imported"]
    for card, name, phone, email, balance, store_id in added:
        assert cards.is_valid(card) and cards.validate(card) == card
        assert name and contact.normalize_name(name) == name
        assert phone is None or (phone.startswith("+") and phone[1:].isascii() and phone[1:].isdigit())
        assert email is None or contact.normalize_email(email) == email
        assert 0 <= balance <= MAX_POINTS
        assert 0 < len(store_id) <= 64 and store_id.isprintable()
    return result


@fuzz(100)
@given(data=csv_files(), store=st.sampled_from([None, "demo", "demo", "north", "", "x" * 65, "\x00"]))
@example(data=b"card,name\n" + b"x" * 200_000 + b",a\n", store="demo")  # csv.Error escaped: a traceback
@example(data="card,name\n2900000000117,Zoë\n".encode("latin-1"), store="demo")  # UnicodeDecodeError escaped
@example(
    data=b"card,name,store\n2900000000117,Ana," + b"s" * 65 + b"\n", store=None
)  # a 65-character store id
@example(data=b"card,name,store\n2900000000124,Ana,s\x00\n", store=None)  # a store id with a NUL
@example(data=b"card,name\n2900000000131,A\rna\n", store="demo")  # csv.Error "new-line character seen"
@example(data=b"card,name,birthday\n2900000000148,Ana," + b"9" * 5000 + b"\n", store="demo")  # quoted whole
@example(data="\ufeffcard,name,opening_balance\n2900000000131,Ana Pop,10\n".encode(), store="demo")
def test_an_import_is_all_valid_members_or_nothing(
    server_db: ServerDB, tmp_path: Path, data: bytes, store: str | None
) -> None:
    result = check_import(server_db, data, store, tmp_path)
    event("refused" if result is None else f"imported {min(result['imported'], 2)}+ members")


@fuzz(40)
@given(data=csv_files(only_clean=True), store=st.sampled_from([None, "demo"]))
def test_a_file_of_good_values_imports_every_row_as_a_valid_member(
    server_db: ServerDB, tmp_path: Path, data: bytes, store: str | None
) -> None:
    """Good values in any column order, quoting, spacing and BOM: imported, unless a card is already taken."""
    result = check_import(server_db, data, store, tmp_path)
    if result is None:  # a clean file meets: a card an earlier example imported, or one card drawn twice
        with pytest.raises(InvalidInput, match=r"already a member|also on line"):
            (tmp_path / "again.csv").write_bytes(data)
            members.import_csv(server_db, tmp_path / "again.csv", store, NOW)
    event("refused" if result is None else f"imported {min(result['imported'], 2)}+ members")


def test_a_good_file_imports_and_the_same_file_again_is_refused_unchanged(
    server_db: ServerDB, tmp_path: Path
) -> None:
    """The fuzz above can pass by refusing everything; this pins that its checks see real imports."""
    good = "\ufeffcard,name,phone,email,opening_balance\n2900000000117, Ana  Pop ,0721 000 117,A@X.org,10\n"
    assert check_import(server_db, good.encode(), "demo", tmp_path) == {
        "imported": 1,
        "store": "demo",
        "possible_duplicates": 0,
    }
    assert check_import(server_db, good.encode(), "demo", tmp_path) is None

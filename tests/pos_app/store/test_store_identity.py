"""The terminal's facts in ``sync_state``: typed keys, how values are written, one typed read."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from pos_app.store import identity, syncstore
from pos_app.store.identity import StateKey, TerminalState
from pos_app.terminal import Terminal

ANA = "2900000000018"


def test_values_are_written_as_text_and_read_back_typed(plain: Terminal) -> None:
    synced = datetime(2026, 11, 18, 9, 58, tzinfo=UTC)
    with plain.db.transaction() as session:
        for key, value in {StateKey.SERVER_URL: "https://loyalty.example.org", StateKey.ONLINE: True,
                           StateKey.LAST_SYNC_AT: synced, StateKey.CLOCK_SKEW_SECONDS: -1.5,
                           StateKey.SEQ_BASE: 12, StateKey.SERVER_PROGRAM_VERSION: 3,
                           StateKey.PULL_CURSOR: "7:abc", StateKey.MEMBER_QR_KEYS: '{"k1": "pub"}'}.items():
            identity.put(session, key, value)
    with plain.db.reader() as session:
        stored = dict(session.execute(text("SELECT key, value FROM sync_state")).all())
        state = identity.read(session)
    assert stored["online"] == "1" and stored["seq_base"] == "12" and stored["clock_skew_seconds"] == "-1.5"
    assert stored["last_sync_at"] == synced.isoformat()
    assert state == TerminalState(terminal_id=plain.terminal_id, store_id="local",
                                  server_url="https://loyalty.example.org", online=True, last_sync_at=synced,
                                  clock_skew_seconds=-1.5, pull_cursor="7:abc", seq_base=12,
                                  server_program_version=3, member_qr_keys={"k1": "pub"})


def test_none_deletes_a_fact_and_missing_facts_read_as_defaults(plain: Terminal) -> None:
    with plain.db.transaction() as session:
        identity.put(session, StateKey.ONLINE, False)
        identity.put(session, StateKey.TERMINAL_ID, None)
    with plain.db.reader() as session:
        assert identity.get(session, StateKey.ONLINE) == "0"
        assert identity.get(session, StateKey.TERMINAL_ID) is None
        state = identity.read(session)
    assert (state.terminal_id, state.online, state.seq_base, state.pull_cursor, state.member_qr_keys) == (
        None, False, 0, "", {})


def test_status_and_dead_letters_come_from_the_terminal(demo: Terminal) -> None:
    assert demo.dead_letters() == []
    demo.adjust(ANA, 5, "typo on the receipt", "manager")
    with demo.db.transaction() as session:
        seq = syncstore.last_seq(session)
        syncstore.record_answers(session, [(seq, "rejected", "member is blocked", "{}")], demo.clock())
        identity.put(session, StateKey.LAST_SYNC_AT, demo.clock())
    letters = demo.dead_letters()
    assert [(x["seq"], x["kind"], x["reason"]) for x in letters] == [(seq, "adjust", "member is blocked")]
    status = demo.status()
    assert status["rejected_ops"] == 1 and status["last_sync_at"] == demo.clock().isoformat()
    assert status["online"] is False

"""A server ledger written row by row, for report tests whose every figure is counted by hand."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sync.server.models import LedgerEntry, Member, Redemption, Sale, Voucher

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
YEAR = timedelta(days=365)
ids = itertools.count(1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Ledger:
    """Rows as the server keeps them, written by hand."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def member(self, mid: str, store: str, enrolled: str) -> None:
        self.session.add(Member(id=mid, card=f"28{next(ids):011d}", name=mid, store_id=store,
                                created_at=at(enrolled), balance=0, change_seq=0, blocked=False,
                                marketing_consent=False))
        self.session.flush()

    def entry(self, mid: str, store: str, kind: str, points: int, when: str, *, remaining: int = 0,
              outstanding: int = 0, available: str | None = None, expires: datetime | None = None,
              reverses: str | None = None, cashier: str | None = None, amount: int | None = None) -> str:
        """One entry; a positive one is a lot, available from its creation and good for a year by default."""
        entry_id = f"e{next(ids)}"
        created = at(when)
        lot = points > 0
        self.session.add(LedgerEntry(
            id=entry_id, member_id=mid, kind=kind, points=points, store_id=store, terminal_id="t",
            cashier_id=cashier, amount=amount, rules_version=1, created_at=created, reason=None,
            remaining=remaining, outstanding=outstanding,
            available_at=at(available) if available else (created if lot else None),
            expires_at=expires or (created + YEAR if lot else None), receipt=None, reverses=reverses,
            recorded_at=created, op_id=None))
        self.session.flush()
        return entry_id

    def sale(self, mid: str, store: str, when: str, amount: int, points: int, *,
             remaining: int | None = None, refunded: int = 0, available: str | None = None,
             cashier: str | None = None) -> str:
        left = points if remaining is None else remaining
        earn = self.entry(mid, store, "earn", points, when, remaining=left, available=available,
                          cashier=cashier, amount=amount)
        self.session.add(Sale(earn_entry_id=earn, terminal_id="t", store_id=store, receipt=earn,
                              receipt_key=earn, member_id=mid, amount=amount, refunded_amount=refunded,
                              points_earned=points, bonus_entry_id=None, created_at=at(when)))
        self.session.flush()
        return earn

    def redeem(self, mid: str, store: str, when: str, reward: str, cost: int, *, outstanding: int = 0,
               voided: bool = False, cashier: str | None = None) -> None:
        entry_id = self.entry(mid, store, "redeem", -cost, when, outstanding=outstanding, cashier=cashier)
        code = f"V{entry_id}"
        self.session.add(Redemption(entry_id=entry_id, op_id=f"op-{entry_id}", member_id=mid,
                                    reward_id=reward, store_id=store, terminal_id="t", voucher=code,
                                    created_at=at(when)))
        if voided:
            self.session.add(Voucher(code=code, store_id=store, member_id=mid, reward_id=reward, cost=cost,
                                     entry_id=entry_id, terminal_id="t", state="void", created_at=at(when),
                                     expires_at=at(when) + YEAR, voided_at=at(when)))
        self.session.flush()


def program_source(point_value: int = 2) -> str:
    demo = (Path(__file__).resolve().parents[3] / "resources" / "demo_program.toml").read_text("utf-8")
    return demo.replace("version = 1\n", f"version = 7\npoint_value = {point_value}\nchurn_days = 60\n", 1)




def two_stores(session: Any) -> Ledger:
    """Store A in Bucharest, store B in UTC, the program of ``program_source``: a ledger to write into."""
    from sync.server import programs
    from sync.server.models import Store

    session.add_all([Store(id="A", tz="Europe/Bucharest", created_at=at("2025-01-01 00:00")),
                     Store(id="B", tz="UTC", created_at=at("2025-01-01 00:00"))])
    session.flush()
    programs.load(session, program_source(), NOW)
    return Ledger(session)

"""Columns both databases give their members and ledger entries (DESIGN.md, "Ledger (both ends)").

The terminal's cache and the server's authoritative ledger hold the same facts
about a member and an entry; declaring them once keeps the two schemas from
drifting apart. Each end adds its own columns (sync bookkeeping, the change
feed) and its own indexes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from pos_app.base.sqltypes import UTCDateTime


class MemberColumns:
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    card: Mapped[str] = mapped_column(String(13), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    birthday: Mapped[date | None] = mapped_column(Date)
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_birthday_bonus_year: Mapped[int | None] = mapped_column(Integer)


class EntryColumns:
    """An append-only ledger entry; ``remaining``/``outstanding`` are the lot and debt bookkeeping."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(BigInteger)
    store_id: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(64))
    cashier_id: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    rules_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    remaining: Mapped[int] = mapped_column(BigInteger, default=0)
    available_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outstanding: Mapped[int] = mapped_column(BigInteger, default=0)

    @declared_attr
    def member_id(cls) -> Mapped[str]:
        return mapped_column(ForeignKey("members.id"), index=True)

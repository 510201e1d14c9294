"""The terminal's audit trail: who did what, when, and to which member. Append-only.

:func:`record` adds one row to the caller's session, so the row commits with the act it records, or
rolls back with it: an act that fails leaves no row, and a row that cannot be written fails the act.
This module has no function that changes or removes a row, and the database refuses to anyway
(migration 0007: triggers abort every UPDATE and DELETE of ``audit_log``).

A row holds the acting cashier (id, and name as it was then; None for a PIN nobody has), the time
(UTC), a stable kind (:data:`KINDS`), a short detail and the member acted on (id and masked card).
The detail never holds a PIN, a token, a code or a full card number: keys naming a secret are dropped,
a voucher code and every run of 13 or more digits are masked to their last four (as
:func:`pos_app.core.cards.masked` masks a card).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pos_app.base.clock import shop_time
from pos_app.core import cards
from pos_app.store.models import AuditLog, Cashier, Member

# kind -> what it records. Kept stable: reports, the CLI's --kind and the window's filter name them.
KINDS: dict[str, str] = {
    "sign_in": "a cashier signed in",
    "sign_in.failed": "a PIN nobody has was typed at the PIN pad",
    "manager_pin": "a manager's PIN approved a manager act (CLI)",
    "manager_pin.failed": "a wrong PIN was given for a manager act",
    "manager_pin.refused": "a cashier's PIN was given for a manager act",
    "adjust": "a manager corrected a member's points",
    "voucher.void": "a manager voided a voucher (its points returned)",
    "voucher.use": "a voucher was used",
    "enroll": "a member was enrolled",
    "cashier.set": "a cashier was added (or replaced: new name and PIN)",
    "cashier.role": "a cashier's role changed",
    "cashier.reset": "a cashier's PIN was reset",
    "cashier.disable": "a cashier was disabled",
    "settings.change": "a manager changed the terminal's settings",
    "setup.run": "the first-run setup wizard was run",
    "restore": "a backup was restored (written in the restored database)",
    "restore.failed": "a wrong PIN was given to restore a backup",
}
# Failed or refused PINs: the sign-in failures of the trail.
FAILURES = frozenset(k for k in KINDS if k.endswith((".failed", ".refused")))

_SECRET_KEY = re.compile(r"pin|token|secret|password|passcode|hash|code", re.IGNORECASE)
SAFE_KEYS = frozenset({"default_country_code"})  # a setting named like a secret, and none
_LONG_DIGITS = re.compile(r"\d{13,}")
MASKED_KEYS = frozenset({"voucher", "card"})  # kept, masked to the last four characters
MAX_DETAIL_TEXT = 200


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    cashier_id: str | None
    cashier_name: str | None
    kind: str
    member_id: str | None
    card: str | None  # masked
    detail: dict[str, Any]

    def detail_text(self) -> str:
        """The detail on one line: ``points=-30, reason=broken mug``."""
        return ", ".join(f"{key}={_plain(value)}" for key, value in self.detail.items())

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "cashier_id": self.cashier_id,
                "cashier_name": self.cashier_name, "kind": self.kind, "member_id": self.member_id,
                "card": self.card, "detail": self.detail}


def _plain(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}={_plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return "" if value is None else str(value)


def _mask_text(text: str) -> str:
    return _LONG_DIGITS.sub(lambda m: cards.masked(m.group()), text)[:MAX_DETAIL_TEXT]


def clean(detail: Mapping[str, Any] | None) -> dict[str, Any]:
    """The detail safe to keep: no secret-named key, voucher codes and long digit runs masked."""
    out: dict[str, Any] = {}
    for key, value in (detail or {}).items():
        if key not in MASKED_KEYS | SAFE_KEYS and _SECRET_KEY.search(key):
            continue
        if key in MASKED_KEYS and isinstance(value, str):
            out[key] = cards.masked(value)
        elif isinstance(value, str):
            out[key] = _mask_text(value)
        elif isinstance(value, Mapping):
            out[key] = clean(value)
        elif isinstance(value, list | tuple):
            out[key] = [_mask_text(v) if isinstance(v, str) else v for v in value]
        else:
            out[key] = value
    return out


def record(session: Session, at: datetime, kind: str, *, cashier: str | None = None,
           cashier_name: str | None = None, member: Member | None = None, card: str | None = None,
           detail: Mapping[str, Any] | None = None) -> None:
    """Append one row in ``session``: it commits, or rolls back, with the act in that transaction.

    ``cashier_name`` defaults to the cashier's name now; ``card`` (masked here) to the member's card.
    """
    if cashier is not None and cashier_name is None:
        known = session.get(Cashier, cashier)
        cashier_name = known.name if known is not None else None
    number = card if card is not None else (member.card if member is not None else None)
    session.add(AuditLog(at=at, actor=cashier, actor_name=cashier_name, action=kind,
                         detail=json.dumps(clean(detail), sort_keys=True, ensure_ascii=False),
                         member_id=member.id if member is not None else None,
                         card=cards.masked(number) if number else None))


def _kind_filter(kind: str) -> Any:
    """A kind finds itself only (``sign_in`` is not ``sign_in.failed``); a group that is no kind finds its
    kinds (``cashier``: every ``cashier.*``)."""
    if kind in KINDS:
        return AuditLog.action == kind
    return or_(AuditLog.action == kind, AuditLog.action.like(kind.replace("%", "").replace("_", r"\_")
                                                             + ".%", escape="\\"))


def _card_filter(session: Session, card: str) -> Any:
    """A full card: its member's rows (and older rows of its masked card); the last 4 digits: any card
    ending so."""
    text = cards.normalize(card)
    if text.isascii() and text.isdigit() and 1 <= len(text) <= 4:
        return AuditLog.card.like(f"%{text}")
    number = cards.validate(card)
    member_id = session.scalar(select(Member.id).where(Member.card == number))
    masked_rows = (AuditLog.member_id.is_(None)) & (AuditLog.card == cards.masked(number))
    return or_(AuditLog.member_id == member_id, masked_rows) if member_id else masked_rows


def known_kind(kind: str) -> bool:
    """A kind of :data:`KINDS`, or a group before the dot (``cashier``, ``voucher``)."""
    return kind in KINDS or any(k.startswith(kind + ".") for k in KINDS)


def query(session: Session, *, since: datetime | None = None, until: datetime | None = None,
          cashier: str | None = None, kind: str | None = None, card: str | None = None,
          limit: int | None = None) -> list[AuditRow]:
    """The rows in ``[since, until)`` (UTC) matching every filter given, oldest first; ``limit``: the
    newest ``limit`` of them. ``kind``: exactly that kind, or every kind of a group that is not itself a
    kind (``cashier``); ``card``: a member's card, or its last digits."""
    stmt = select(AuditLog)
    if since is not None:
        stmt = stmt.where(AuditLog.at >= since)
    if until is not None:
        stmt = stmt.where(AuditLog.at < until)
    if cashier:
        stmt = stmt.where(AuditLog.actor == cashier.strip())
    if kind:
        stmt = stmt.where(_kind_filter(kind.strip()))
    if card:
        stmt = stmt.where(_card_filter(session, card))
    if limit is not None:
        rows = list(session.scalars(stmt.order_by(AuditLog.id.desc()).limit(limit)))[::-1]
    else:
        rows = list(session.scalars(stmt.order_by(AuditLog.id)))
    return [_row(r) for r in rows]


CSV_HEADER = ("time", "time_utc", "cashier_id", "cashier_name", "kind", "member_id", "card", "detail")


def csv_text(rows: list[AuditRow], zone: ZoneInfo | None = None) -> str:
    """The rows as CSV: the shop's time (with its UTC offset) and UTC, then the columns of the table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([shop_time(r.at, zone).isoformat(timespec="seconds"),
                         r.at.astimezone(UTC).isoformat(timespec="seconds"), r.cashier_id or "",
                         r.cashier_name or "", r.kind, r.member_id or "", r.card or "", r.detail_text()])
    return out.getvalue()




def _row(row: AuditLog) -> AuditRow:
    try:
        detail = json.loads(row.detail or "{}")
    except ValueError:
        detail = {}
    return AuditRow(row.id, row.at, row.actor, row.actor_name, row.action, row.member_id, row.card,
                    detail if isinstance(detail, dict) else {"detail": detail})

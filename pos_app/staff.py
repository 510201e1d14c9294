"""Cashier PINs, signing in and a manager's approval: the staff side of the terminal's use cases.

A manager act (a points correction, adding, resetting or disabling a cashier) names the manager
who approved it: the CLI gets that manager from :meth:`StaffDesk.authorize_manager` (the PIN typed
with ``--manager-pin``), the window from the manager signed in. Both count a wrong PIN against the
one PIN-pad lockout of signing in. The audit log records the manager as the actor of each act.

Every change of a cashier queues a ``staff`` op (id, name, role, active flag and the approving manager,
never the PIN or its hash): the server accepts an adjust or a void only if it names an active manager
it knows. A terminal from before staff ops announces its cashiers once (:func:`announce_staff`).
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import uuid6
from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.base.clock import day_span, shop_time, zone_named
from pos_app.config import Options
from pos_app.core import pins
from pos_app.core.errors import Code, DomainError, InvalidInput, TesseraError
from pos_app.core.ops import OpKind
from pos_app.store import audit as trail
from pos_app.store import identity, programs, queries
from pos_app.store.db import Database
from pos_app.store.models import Cashier, OutboxOp

MANAGER = "manager"
ROLES = ("cashier", MANAGER)


class StaffDesk:
    """Mixed into :class:`pos_app.terminal.Terminal`; needs only its database and clock."""

    db: Database
    clock: Callable[[], datetime]
    data_dir: Path
    options: Options
    store_tz: str  # the store's IANA zone, from the server ("" if unknown)

    @property
    def zone(self) -> ZoneInfo | None:
        """The shop's time zone: config.toml's ``time_zone``, else the store's; None: this machine's."""
        return zone_named(self.options.time_zone or self.store_tz)

    # --- PINs -------------------------------------------------------------------------------------------

    def sign_in(self, pin: str) -> queries.CashierInfo:
        """The cashier whose PIN this is; five wrong PINs lock the pad for a minute."""
        return self._check_pin(pin, "sign_in")

    def authorize_manager(self, pin: str) -> queries.CashierInfo:
        """The active manager whose PIN this is, approving a manager act.

        A wrong PIN counts against the sign-in lockout and is refused with the same codes; the PIN of a
        cashier who is not a manager is refused with ``not_a_manager`` (a right PIN, so the count of
        wrong ones stays as it was).
        """
        return self._check_pin(pin, "manager_pin", manager_only=True)

    def has_manager(self) -> bool:
        """Whether an active manager exists: until one does, the first manager is added unapproved."""
        with self.db.reader() as session:
            return bool(queries.active_managers(session))

    def _check_pin(self, pin: str, action: str, *, manager_only: bool = False) -> queries.CashierInfo:
        """The active cashier with this PIN, audited as ``action`` (``{action}.failed`` if none has it)."""
        now = self.clock()
        with self.db.transaction() as session:
            lock = identity.pin_lock(session)
            if lock.locked(now):
                seconds = int((lock.locked_until - now).total_seconds()) + 1 if lock.locked_until else 60
                raise DomainError(Code.PIN_LOCKED, seconds=seconds)
            cashiers = queries.active_cashiers(session)
            found = next((c for c in cashiers if pins.verify_pin(pin, c.pin_hash)), None)
            if found is not None:
                refused = manager_only and found.role != MANAGER
                if not refused:
                    identity.set_pin_lock(session, pins.LockState(0, None))
                queries.audit(session, now, found.id, f"{action}.refused" if refused else action, {})
                info = queries.CashierInfo(found.id, found.name, found.role)
            else:
                after = lock.after_failure(now)
                identity.set_pin_lock(session, after)
                queries.audit(session, now, None, f"{action}.failed", {})
        if found is None:
            if after.locked(now):
                # seconds: the window counts down without reading the sentence
                seconds = int(pins.lockout(after.series).total_seconds())
                raise DomainError(Code.PIN_PAD_LOCKED, seconds=seconds)
            raise DomainError(Code.WRONG_PIN)
        if refused:
            raise DomainError(Code.NOT_A_MANAGER)
        return info

    # --- cashiers (manager acts) --------------------------------------------------------------------------

    def add_cashier(self, cashier_id: str, name: str, pin: str, role: str = "cashier",
                    manager: str | None = None) -> None:
        """A new cashier, or a new name, PIN and role for an existing id; ``manager`` approved it."""
        if role not in ROLES:
            raise InvalidInput(Code.ROLE_INVALID)
        with self.db.transaction() as session:
            _refuse_pin_in_use(session, pin, cashier_id)
            if role != MANAGER:
                _keep_a_manager(session, cashier_id)
            pin_hash = pins.hash_pin(pin, secrets.token_bytes(16))
            now = self.clock()
            before = queries.cashier(session, cashier_id)
            was = before.role if before is not None else None
            announce_staff(session, now, self.zone)  # the cashiers from before staff ops first
            queries.upsert_cashier(session, cashier_id, name, pin_hash, role)
            _queue(session, now, self.zone, cashier_id, name, role, True, manager)
            if was is not None and was != role:  # an existing cashier made manager, or no longer one
                queries.audit(session, now, manager, "cashier.role",
                              {"cashier": cashier_id, "role": role, "was": was})
            else:
                queries.audit(session, now, manager, "cashier.set", {"cashier": cashier_id, "role": role})

    def reset_pin(self, cashier_id: str, pin: str, manager: str | None = None) -> queries.CashierInfo:
        """A new PIN for an existing cashier (a disabled one becomes active again)."""
        pins.validate_pin(pin)
        with self.db.transaction() as session:
            row = _cashier(session, cashier_id)
            _refuse_pin_in_use(session, pin, cashier_id)
            now = self.clock()
            announce_staff(session, now, self.zone)
            row.pin_hash, row.active = pins.hash_pin(pin, secrets.token_bytes(16)), True
            _queue(session, now, self.zone, row.id, row.name, row.role, True, manager)
            queries.audit(session, now, manager, "cashier.reset", {"cashier": cashier_id})
            return queries.CashierInfo(row.id, row.name, row.role)

    def disable_cashier(self, cashier_id: str, manager: str | None = None) -> queries.CashierInfo:
        """The cashier's PIN stops working; the last active manager cannot be disabled."""
        with self.db.transaction() as session:
            row = _cashier(session, cashier_id)
            _keep_a_manager(session, cashier_id)
            now = self.clock()
            announce_staff(session, now, self.zone)
            row.active = False
            _queue(session, now, self.zone, row.id, row.name, row.role, False, manager)
            queries.audit(session, now, manager, "cashier.disable", {"cashier": cashier_id})
            return queries.CashierInfo(row.id, row.name, row.role)


    # --- settings, setup and the audit trail ---------------------------------------------------------------

    def save_settings(self, options: Options, manager: str | None, *, kind: str = "settings.change",
                      detail: Mapping[str, Any] | None = None) -> Options:
        """``options`` into config.toml, audited (``kind``: ``settings.change``, or ``setup.run`` for the
        setup wizard) in one transaction: the row is written first, then the file (an atomic replace)
        before the commit, so a file that cannot be written leaves no row, and a row that cannot be
        written leaves the file as it was."""
        try:
            old = Options.load(self.data_dir)
        except TesseraError:  # a bad config.toml being replaced: every field counts as changed
            old = Options()
        changes = {**settings_changes(old, options), **(detail or {})}
        with self.db.transaction() as session:
            queries.audit(session, self.clock(), manager, kind, changes)
            session.flush()
            options.save(self.data_dir)
        return options

    def audit_trail(self, *, day: date | None = None, cashier: str | None = None, kind: str | None = None,
                    card: str | None = None, limit: int | None = None) -> list[trail.AuditRow]:
        """The audit trail, oldest first: of one day of the shop's clock, a cashier (the actor), a kind
        (``cashier`` is every ``cashier.*``), a member (a card, or its last digits)."""
        since = until = None
        if day is not None:
            since, until = day_span(day, self.zone)
        with self.db.reader() as session:
            return trail.query(session, since=since, until=until, cashier=cashier, kind=kind, card=card,
                               limit=limit)

    def audit_csv(self, rows: list[trail.AuditRow]) -> str:
        """The rows as CSV, each time on the shop's clock and in UTC."""
        return trail.csv_text(rows, self.zone)


# Settings whose value may carry a password (a camera URL, a printer's address): their change is noted
# without the value.
_VALUE_HIDDEN = frozenset({"camera", "printer_target"})


def settings_changes(old: Options, new: Options) -> dict[str, str]:
    """What changed, ``field -> "old -> new"`` (a hidden value only as ``changed``)."""
    changes: dict[str, str] = {}
    for field in dataclasses.fields(Options):
        before, after = getattr(old, field.name), getattr(new, field.name)
        if before != after:
            changes[field.name] = "changed" if field.name in _VALUE_HIDDEN else f"{before} -> {after}"
    return changes


def _cashier(session: Session, cashier_id: str) -> Cashier:
    row = queries.cashier(session, cashier_id)
    if row is None:
        raise DomainError(Code.UNKNOWN_CASHIER, cashier=cashier_id)
    return row


def _refuse_pin_in_use(session: Session, pin: str, cashier_id: str) -> None:
    for other in queries.active_cashiers(session):
        if other.id != cashier_id and pins.verify_pin(pin, other.pin_hash):
            raise InvalidInput(Code.PIN_IN_USE)


def _keep_a_manager(session: Session, cashier_id: str) -> None:
    """Refuse to take away the last active manager: nobody could approve a manager act after it."""
    if [m.id for m in queries.active_managers(session)] == [cashier_id]:
        raise DomainError(Code.LAST_MANAGER, cashier=cashier_id)


# --- telling the server -------------------------------------------------------------------------------

_ANY_STAFF_OP = select(OutboxOp.seq).where(OutboxOp.kind == OpKind.STAFF).limit(1)


def unannounced_staff(session: Session) -> bool:
    """Whether this terminal has cashiers but never queued a staff op (its cashiers predate staff ops)."""
    return bool(queries.active_cashiers(session)) and session.scalar(_ANY_STAFF_OP) is None


def announce_staff(session: Session, now: datetime, zone: ZoneInfo | None) -> int:
    """Queue a staff op for each active cashier if this terminal never queued one; returns how many.

    For a terminal whose cashiers were added before staff ops existed (outbox rows are never deleted,
    so one staff op means every later change was queued too). The first active manager goes first,
    unapproved, as the terminal's first manager; that manager approves the others.
    """
    if not unannounced_staff(session):
        return 0
    cashiers = queries.active_cashiers(session)
    first = next((c for c in cashiers if c.role == MANAGER), None)
    ordered = ([first] if first else []) + [c for c in cashiers if c is not first]
    version = programs.active(session).version
    for row in ordered:
        approver = first.id if first is not None and row is not first else None
        _queue(session, now, zone, row.id, row.name, row.role, True, approver, version)
    return len(ordered)


def _queue(session: Session, now: datetime, zone: ZoneInfo | None, cashier_id: str, name: str, role: str,
           active: bool, manager: str | None, version: int | None = None) -> None:
    """The staff op of one cashier as it is now, approved by ``manager`` (None: the first manager)."""
    body = {"program_version": programs.active(session).version if version is None else version,
            "local_time": shop_time(now, zone).replace(tzinfo=None).isoformat(),
            "staff": {"id": cashier_id, "name": name, "role": role, "active": active},
            "approved_by": manager}
    queries.add_outbox_op(session, op_id=str(uuid6.uuid7()), kind=OpKind.STAFF, member_id=None,
                          payload=json.dumps(body, sort_keys=True), created_at=now)

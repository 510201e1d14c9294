"""Cashier PINs, signing in and a manager's approval: the staff side of the terminal's use cases.

A manager act (a points correction, adding, resetting or disabling a cashier) names the manager
who approved it: the CLI gets that manager from :meth:`StaffDesk.authorize_manager` (the PIN typed
with ``--manager-pin``), the window from the manager signed in. Both count a wrong PIN against the
one PIN-pad lockout of signing in. The audit log records the manager as the actor of each act.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from pos_app.core import pins
from pos_app.core.errors import Code, DomainError, InvalidInput
from pos_app.store import identity, queries
from pos_app.store.db import Database
from pos_app.store.models import Cashier

MANAGER = "manager"
ROLES = ("cashier", MANAGER)


class StaffDesk:
    """Mixed into :class:`pos_app.terminal.Terminal`; needs only its database and clock."""

    db: Database
    clock: Callable[[], datetime]

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
                raise DomainError(Code.PIN_PAD_LOCKED, seconds=int(pins.LOCKOUT.total_seconds()))
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
            queries.upsert_cashier(session, cashier_id, name, pin_hash, role)
            detail = {"cashier": cashier_id, "role": role}
            queries.audit(session, self.clock(), manager, "cashier.set", detail)

    def reset_pin(self, cashier_id: str, pin: str, manager: str | None = None) -> queries.CashierInfo:
        """A new PIN for an existing cashier (a disabled one becomes active again)."""
        pins.validate_pin(pin)
        with self.db.transaction() as session:
            row = _cashier(session, cashier_id)
            _refuse_pin_in_use(session, pin, cashier_id)
            row.pin_hash, row.active = pins.hash_pin(pin, secrets.token_bytes(16)), True
            queries.audit(session, self.clock(), manager, "cashier.reset", {"cashier": cashier_id})
            return queries.CashierInfo(row.id, row.name, row.role)

    def disable_cashier(self, cashier_id: str, manager: str | None = None) -> queries.CashierInfo:
        """The cashier's PIN stops working; the last active manager cannot be disabled."""
        with self.db.transaction() as session:
            row = _cashier(session, cashier_id)
            _keep_a_manager(session, cashier_id)
            row.active = False
            queries.audit(session, self.clock(), manager, "cashier.disable", {"cashier": cashier_id})
            return queries.CashierInfo(row.id, row.name, row.role)


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

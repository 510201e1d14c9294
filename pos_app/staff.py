"""Cashier PINs and signing in: the staff side of the terminal's use cases."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from pos_app.core import pins
from pos_app.core.errors import Code, DomainError, InvalidInput
from pos_app.store import identity, queries
from pos_app.store.db import Database


class StaffDesk:
    """Mixed into :class:`pos_app.terminal.Terminal`; needs only its database and clock."""

    db: Database
    clock: Callable[[], datetime]

    def add_cashier(self, cashier_id: str, name: str, pin: str, role: str = "cashier") -> None:
        if role not in ("cashier", "manager"):
            raise InvalidInput(Code.ROLE_INVALID)
        with self.db.transaction() as session:
            for other in queries.active_cashiers(session):
                if other.id != cashier_id and pins.verify_pin(pin, other.pin_hash):
                    raise InvalidInput(Code.PIN_IN_USE)
            pin_hash = pins.hash_pin(pin, secrets.token_bytes(16))
            queries.upsert_cashier(session, cashier_id, name, pin_hash, role)
            queries.audit(session, self.clock(), None, "cashier.set", {"cashier": cashier_id, "role": role})

    def sign_in(self, pin: str) -> queries.CashierInfo:
        """The cashier whose PIN this is; five wrong PINs lock the pad for a minute."""
        now = self.clock()
        with self.db.transaction() as session:
            lock = identity.pin_lock(session)
            if lock.locked(now):
                seconds = int((lock.locked_until - now).total_seconds()) + 1 if lock.locked_until else 60
                raise DomainError(Code.PIN_LOCKED, seconds=seconds)
            for cashier in queries.active_cashiers(session):
                if pins.verify_pin(pin, cashier.pin_hash):
                    identity.set_pin_lock(session, pins.LockState(0, None))
                    queries.audit(session, now, cashier.id, "sign_in", {})
                    return queries.CashierInfo(cashier.id, cashier.name, cashier.role)
            after = lock.after_failure(now)
            identity.set_pin_lock(session, after)
            queries.audit(session, now, None, "sign_in.failed", {})
        if after.locked(now):
            # seconds: the window counts down without reading the sentence
            raise DomainError(Code.PIN_PAD_LOCKED, seconds=int(pins.LOCKOUT.total_seconds()))
        raise DomainError(Code.WRONG_PIN)

"""Cashiers and managers on the server: who may approve a manager act.

A terminal announces every change of a cashier (added, PIN reset, disabled) with a ``staff`` op
carrying the cashier's id, name, role and active flag, never the PIN. The server keeps one row per
terminal and cashier id, in the terminal's store. An ``adjust`` or ``void`` op names its approving
manager (the entry's ``cashier_id``): it is refused unless the store has an active manager of that id
by then (ops apply in seq order, so a staff op earlier in the same push counts). A staff op that adds
or changes a manager names an approving manager the same way, except the terminal's very first
manager: nobody could approve that one, and a new terminal needs a registration code.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from pos_app.core.ops import OpKind
from sync.protocol import OpAnswer, OpPayload, PushOp, StaffIn

# Module imports: apply imports this module while it loads, its names are read at call time.
from sync.server import apply, rules
from sync.server.models import StaffMember

MANAGER = "manager"
ROLES = ("cashier", MANAGER)
APPROVED_OPS = frozenset({OpKind.ADJUST, OpKind.VOID})  # manager acts on points: they name their manager


def apply_staff(ctx: apply.Context, op: PushOp, payload: OpPayload) -> OpAnswer:
    """Record a staff op; raise ``apply.Rejected`` (nothing written) when it is refused."""
    try:
        at = rules.rule_time(op.created_at, ctx.now, ctx.previous_at, ctx.skew)
    except rules.BadTime as exc:
        raise apply.Rejected(str(exc)) from None
    cashier = _cashier(payload)
    mine = {row.cashier_id: row for row in _rows(ctx, terminal_id=ctx.terminal_id)}
    row = mine.get(cashier.id)
    manager_change = cashier.role == MANAGER or (row is not None and row.role == MANAGER)
    approver = payload.approved_by
    bootstrap = False
    if approver:
        require_manager(ctx, approver, f"the change of {cashier.id}")
    elif manager_change:
        if any(r.bootstrap or r.role == MANAGER for r in mine.values()):
            raise apply.Rejected(f"staff op for manager {cashier.id!r} names no approving manager: only this"
                                 " terminal's first manager is accepted without one")
        bootstrap = True
    if row is None:
        row = StaffMember(store_id=ctx.store_id, terminal_id=ctx.terminal_id, cashier_id=cashier.id,
                          bootstrap=bootstrap)
        ctx.session.add(row)
    row.name, row.role, row.active = cashier.name, cashier.role, cashier.active
    row.bootstrap = row.bootstrap or bootstrap
    row.approved_by, row.op_id, row.updated_at = approver or None, op.id, ctx.now
    ctx.previous_at = at.at
    return OpAnswer(status="applied")


def check_approval(ctx: apply.Context, op: PushOp, payload: OpPayload) -> None:
    """An adjust or void op: its approving manager (the entry's cashier) must be known here."""
    if op.kind not in APPROVED_OPS:
        return
    managers = {e.cashier_id for e in payload.entries}
    if len(managers) != 1:
        raise apply.Rejected(f"an {op.kind} op names one approving manager")
    require_manager(ctx, managers.pop() or "", f"this {op.kind}")


def require_manager(ctx: apply.Context, manager_id: str, what: str) -> None:
    """Refuse unless the store has an active manager ``manager_id`` (as of the ops applied so far)."""
    if not manager_id:
        raise apply.Rejected(f"{what} names no approving manager")
    if not any(r.role == MANAGER and r.active for r in _rows(ctx, cashier_id=manager_id)):
        raise apply.Rejected(f"the approving manager {manager_id!r} of {what} is not an active manager"
                             " known to the server for this store: sync the terminal that added them")


def _cashier(payload: OpPayload) -> StaffIn:
    cashier = payload.staff
    if cashier is None:
        raise apply.Rejected("a staff op carries the cashier")
    if cashier.role not in ROLES:
        raise apply.Rejected(f"unknown cashier role {cashier.role!r}: cashier or manager")
    return cashier


def _rows(ctx: apply.Context, *, terminal_id: str | None = None,
          cashier_id: str | None = None) -> Iterator[StaffMember]:
    """The store's staff rows by terminal or by cashier id, including those added earlier in this push.

    Pushes run without autoflush: rows added in this batch are only in ``session.new``, and a row changed
    in this batch is read back as it is in memory (its attributes are filtered here, not in SQL).
    """
    query = select(StaffMember).where(StaffMember.store_id == ctx.store_id)
    if terminal_id is not None:
        query = query.where(StaffMember.terminal_id == terminal_id)
    if cashier_id is not None:
        query = query.where(StaffMember.cashier_id == cashier_id)
    yield from ctx.session.scalars(query)
    for obj in ctx.session.new:
        if (isinstance(obj, StaffMember) and obj.store_id == ctx.store_id
                and terminal_id in (None, obj.terminal_id) and cashier_id in (None, obj.cashier_id)):
            yield obj

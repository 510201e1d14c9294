"""Slips on the ESC/POS receipt printer after a redemption, a sale (if enabled) and an enrollment.

Each screen makes one call once its use case has committed; the slip is composed here
from the result and sent on a worker of its own (pos_app.ui.worker), so a printer that is
off delays nothing: not the window, not the next sale queued on the database worker. A
failure is shown to the cashier in words and never undoes what was saved. With
``printer = "none"`` nothing happens here; vouchers and cards still print as PDF
(pos_app.ui.printing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtCore import QCoreApplication as QCA

from pos_app.printer import device, slips
from pos_app.ui import messages
from pos_app.ui.context import Context
from pos_app.ui.worker import Worker

if TYPE_CHECKING:
    from pos_app.results import EnrollResult, MemberView, RedeemResult, SaleResult

log = logging.getLogger("tessera.ui.receipts")

Notify = Callable[[str, str], None]  # kind ("ok", "info", "error"), text: Banner.show_message, Bus.notify
CONTEXT = "Receipts"
# The slips' labels (pos_app.printer.slips.LABELS), marked for lupdate; a test keeps the two equal.
LABELS = (
    QT_TRANSLATE_NOOP("Receipts", "Voucher"), QT_TRANSLATE_NOOP("Receipts", "Points spent"),
    QT_TRANSLATE_NOOP("Receipts", "Balance"), QT_TRANSLATE_NOOP("Receipts", "Card"),
    QT_TRANSLATE_NOOP("Receipts", "Store"), QT_TRANSLATE_NOOP("Receipts", "Terminal"),
    QT_TRANSLATE_NOOP("Receipts", "Time"), QT_TRANSLATE_NOOP("Receipts", "Points"),
    QT_TRANSLATE_NOOP("Receipts", "Receipt"), QT_TRANSLATE_NOOP("Receipts", "Points earned"),
    QT_TRANSLATE_NOOP("Receipts", "Expiring within 30 days"), QT_TRANSLATE_NOOP("Receipts", "Welcome"),
    QT_TRANSLATE_NOOP("Receipts", "Your card number"), QT_TRANSLATE_NOOP("Receipts", "Welcome bonus"),
    QT_TRANSLATE_NOOP("Receipts", "Keep this slip with your card."),
)

_workers: WeakKeyDictionary[Worker, Worker] = WeakKeyDictionary()


def printer_worker(ctx: Context) -> Worker:
    """The window's printing thread: one slip at a time, in order, beside the database worker."""
    worker = _workers.get(ctx.worker)
    if worker is None:
        worker = _workers[ctx.worker] = Worker(ctx.worker)
    return worker


def _tr(source: str) -> str:
    return QCA.translate(CONTEXT, source)


def _target(ctx: Context, notify: Notify) -> device.Target | None:
    """The configured printer, None when there is none (or its settings are wrong: said once, here)."""
    try:
        target = device.from_options(ctx.options)
    except device.PrinterError as error:
        _failed(notify)(error)
        return None
    return target if target.enabled and ctx.terminal is not None else None


def _place(ctx: Context) -> slips.Place:
    terminal = ctx.terminal
    assert terminal is not None
    at = terminal.local_time(ctx.now())
    return slips.Place(ctx.program_name, terminal.store_id, terminal.terminal_id, at)


def _failed(notify: Notify) -> Callable[[BaseException], None]:
    def show(error: BaseException) -> None:
        if isinstance(error, device.PrinterError):
            log.warning("slip not printed: %s", error.message)
        else:  # a bug, not a printer: keep the traceback for the log
            log.error("slip not printed", exc_info=error)
        text = messages.explain(error) + " " + QCA.translate(
            "Receipts", "Only the slip is missing: nothing else was undone.")
        try:
            notify("error", text)
        except RuntimeError:  # the window closed while the printer timed out: the log has it
            log.debug("no window left to say: %s", text)

    return show


def _send(ctx: Context, target: device.Target, slip: slips.Slip, notify: Notify) -> None:
    # Rendering loads python-escpos (Pillow, pyusb): on the printing thread as well.
    printer_worker(ctx).run(lambda: device.send(target, slips.to_bytes(slip)), None, _failed(notify))


def after_redeem(ctx: Context, result: RedeemResult, card: str, notify: Notify) -> None:
    """The voucher: reward, points spent, code as text and CODE128, masked card, store, till, time."""
    target = _target(ctx, notify)
    if target is None:
        return
    slip = slips.voucher_slip(_place(ctx), reward=result.reward_name, points_spent=result.points_spent,
                              balance=result.balance, voucher=result.voucher, card=card, tr=_tr,
                              width=ctx.options.printer_width)
    _send(ctx, target, slip, notify)


def after_sale(ctx: Context, result: SaleResult, card: str, notify: Notify) -> None:
    """The points slip, if printer_points_slip is on: earned, balance, expiring within 30 days."""
    if not ctx.options.printer_points_slip or result.duplicate:
        return
    target = _target(ctx, notify)
    if target is None:
        return

    def print_with(view: MemberView) -> None:
        slip = slips.points_slip(_place(ctx), card=card, receipt=result.receipt,
                                 points_earned=result.points_earned, balance=view.balance,
                                 expiring_soon=view.expiring_soon, tr=_tr, width=ctx.options.printer_width)
        _send(ctx, target, slip, notify)

    # the expiring points come with the member view: read after the sale, on the database worker
    ctx.run(lambda t: t.member(card), print_with, _failed(notify))


def after_enroll(ctx: Context, result: EnrollResult, notify: Notify) -> None:
    """The new member's full card number (paper only), as digits and EAN-13."""
    target = _target(ctx, notify)
    if target is None:
        return
    slip = slips.card_slip(_place(ctx), name=result.name, card=result.card, welcome_points=result.points,
                           tr=_tr, width=ctx.options.printer_width)
    _send(ctx, target, slip, notify)

"""The three slips (voucher, points, new card) as plain data, and their ESC/POS bytes.

A slip is a tuple of parts (text lines, a barcode, a rule); :func:`render` writes it to
any python-escpos printer object and :func:`to_bytes` renders it on ``escpos.printer.Dummy``,
so the bytes are composed before a printer is opened: the connection then carries one
write, and composing can never fail half-way through a printed slip.

Labels come in the window's language through ``tr`` (an English source -> its translation;
the sources are :data:`LABELS`). The member's card is masked on the voucher and the points
slip; only the new-card slip carries the full number: it is the member's own card.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pos_app.core import cards
from pos_app.printer.text import fits, printable

Translate = Callable[[str], str]

# The English sources of every label a slip prints (pos_app.ui.receipts marks them for translation).
VOUCHER, POINTS_SPENT, BALANCE, CARD, STORE, TERMINAL, TIME = (
    "Voucher", "Points spent", "Balance", "Card", "Store", "Terminal", "Time")
POINTS, RECEIPT, EARNED, EXPIRING = "Points", "Receipt", "Points earned", "Expiring within 30 days"
WELCOME, YOUR_CARD, BONUS = "Welcome", "Your card number", "Welcome bonus"
KEEP = "Keep this slip with your card."
LABELS = (VOUCHER, POINTS_SPENT, BALANCE, CARD, STORE, TERMINAL, TIME, POINTS, RECEIPT, EARNED,
          EXPIRING, WELCOME, YOUR_CARD, BONUS, KEEP)


@dataclass(frozen=True)
class Line:
    """A label (translated, with its English ``fallback``) and an optional value, or a line of data.

    A label the printer cannot print (Korean on a Latin-only printer) is printed in English;
    a value (a reward or member name, always data) is transliterated instead.
    """

    text: str
    fallback: str = ""
    value: str | None = None
    bold: bool = False
    big: bool = False
    center: bool = False


@dataclass(frozen=True)
class Barcode:
    code: str
    kind: str = "CODE128"  # or "EAN13" (card numbers are EAN-13)


@dataclass(frozen=True)
class Rule:
    pass


Part = Line | Barcode | Rule


@dataclass(frozen=True)
class Slip:
    parts: tuple[Part, ...]
    width: int = 42  # characters per line in the printer's normal font


@dataclass(frozen=True)
class Place:
    """Where and when: the header and footer of every slip."""

    program: str
    store: str
    terminal: str
    at: datetime  # shop wall-clock time


def _label(tr: Translate, source: str, value: str | None = None, **style: Any) -> Line:
    return Line(tr(source), source, value, **style)


def _footer(place: Place, tr: Translate) -> tuple[Part, ...]:
    return (Rule(), _label(tr, STORE, place.store), _label(tr, TERMINAL, place.terminal),
            _label(tr, TIME, place.at.strftime("%Y-%m-%d %H:%M")))


def _header(place: Place) -> tuple[Part, ...]:
    return (Line(place.program, bold=True, big=True, center=True), Rule())


def voucher_slip(place: Place, *, reward: str, points_spent: int, balance: int, voucher: str, card: str,
                 tr: Translate = str, width: int = 42) -> Slip:
    return Slip((*_header(place),
                 _label(tr, VOUCHER, bold=True, big=True, center=True),
                 Line(reward, bold=True, center=True),
                 Line(voucher, big=True, center=True),
                 Barcode(voucher),
                 Rule(),
                 _label(tr, POINTS_SPENT, f"{points_spent:,}"),
                 _label(tr, BALANCE, f"{balance:,}"),
                 _label(tr, CARD, cards.masked(card)),
                 *_footer(place, tr)), width)


def points_slip(place: Place, *, card: str, receipt: str, points_earned: int, balance: int,
                expiring_soon: int, tr: Translate = str, width: int = 42) -> Slip:
    lines: list[Part] = [*_header(place), _label(tr, POINTS, bold=True, big=True, center=True),
                         _label(tr, RECEIPT, receipt), _label(tr, EARNED, f"{points_earned:+,}"),
                         _label(tr, BALANCE, f"{balance:,}", bold=True)]
    if expiring_soon > 0:
        lines.append(_label(tr, EXPIRING, f"{expiring_soon:,}"))
    lines += [_label(tr, CARD, cards.masked(card)), *_footer(place, tr)]
    return Slip(tuple(lines), width)


def card_slip(place: Place, *, name: str, card: str, welcome_points: int = 0, tr: Translate = str,
              width: int = 42) -> Slip:
    """The new member's full card number (on paper only: logs mask it)."""
    lines: list[Part] = [*_header(place), _label(tr, WELCOME, bold=True, big=True, center=True),
                         Line(name, center=True), Rule(), _label(tr, YOUR_CARD, center=True),
                         Line(card, big=True, center=True), Barcode(card, "EAN13")]
    if welcome_points:
        lines.append(_label(tr, BONUS, f"{welcome_points:,}"))
    lines += [_label(tr, KEEP), *_footer(place, tr)]
    return Slip(tuple(lines), width)


# --- ESC/POS ---------------------------------------------------------------------------------------


def _columns(label: str, value: str, width: int) -> str:
    gap = width - len(label) - len(value)
    return f"{label}{' ' * gap}{value}" if gap >= 1 else f"{label}\n{value.rjust(width)}"


def render(slip: Slip, printer: Any) -> None:
    """Write ``slip`` to a python-escpos printer: ESC @, the parts, feed and cut."""
    def can_encode(ch: str) -> bool:
        return printer.magic.encoder.find_suitable_encoding(ch) is not None

    printer.hw("INIT")
    for part in slip.parts:
        if isinstance(part, Rule):
            printer.set(align="left", bold=False, normal_textsize=True)
            printer.textln("-" * slip.width)
        elif isinstance(part, Barcode):
            # barcode() reports the renderer it chose with print(): keep it off the window's stdout
            with contextlib.redirect_stdout(io.StringIO()):
                if part.kind == "EAN13":
                    printer.barcode(part.code, "EAN13", height=64, width=2, function_type="A")
                else:
                    printer.barcode("{B" + part.code, "CODE128", height=64, width=2, function_type="B")
            printer.ln()
        else:
            label = part.text if fits(part.text, can_encode) or not part.fallback else part.fallback
            label = printable(label, can_encode)
            value = None if part.value is None else printable(part.value, can_encode)
            width = slip.width // 2 if part.big else slip.width
            text = label if value is None else _columns(label, value, width)
            printer.set(align="center" if part.center else "left", bold=part.bold,
                        normal_textsize=not part.big, double_width=part.big, double_height=part.big)
            printer.textln(text)
    printer.set(align="left", bold=False, normal_textsize=True)
    printer.cut()


def to_bytes(slip: Slip) -> bytes:
    """The slip as ESC/POS bytes (python-escpos' default profile: common Epson-compatible printers)."""
    from pos_app.printer import lib  # python-escpos loads when a slip prints, not when the window starts

    dummy = lib.printers().Dummy()
    render(slip, dummy)
    return bytes(dummy.output)

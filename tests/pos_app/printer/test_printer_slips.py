"""The slips as ESC/POS bytes (on escpos.printer.Dummy): init, texts, barcodes, cut; other alphabets."""

from __future__ import annotations

from datetime import datetime

import pytest
from escpos.printer import Dummy

from pos_app.printer import slips, text

PLACE = slips.Place("Tessera Rewards", "demo-store", "T-0001", datetime(2026, 12, 2, 9, 30))
MARCO = "2900000000025"
INIT, CUT = b"\x1b@", b"\x1dV\x00"
CODE128 = b"\x1dkI"  # GS k 73: CODE128, function type B
EAN13 = b"\x1dk\x02"  # GS k 2: EAN-13, function type A


def voucher(**changes: object) -> bytes:
    fields: dict[str, object] = {"reward": "Free coffee", "points_spent": 100, "balance": 1234,
                                 "voucher": "ABCDEFG-12X", "card": MARCO}
    fields.update(changes)
    return slips.to_bytes(slips.voucher_slip(PLACE, **fields))  # type: ignore[arg-type]


def test_the_voucher_starts_with_init_carries_code_and_barcode_and_ends_with_a_cut() -> None:
    out = voucher()
    assert out.startswith(INIT)
    assert out.rstrip(b"\n").endswith(CUT)
    assert b"ABCDEFG-12X\n" in out  # the code as text
    assert CODE128 + bytes([len("{BABCDEFG-12X")]) + b"{BABCDEFG-12X" in out  # and as a barcode
    for shown in (b"Free coffee", b"Points spent", b"100", b"1,234", b"demo-store", b"T-0001",
                  b"2026-12-02 09:30", b"Tessera Rewards"):
        assert shown in out, shown


def test_the_voucher_masks_the_card() -> None:
    out = voucher()
    assert MARCO.encode() not in out
    assert b"*********0025" in out


def test_the_points_slip_names_earned_balance_and_expiring_points() -> None:
    out = slips.to_bytes(slips.points_slip(PLACE, card=MARCO, receipt="T-0001-42", points_earned=25,
                                           balance=525, expiring_soon=80))
    assert out.startswith(INIT) and CUT in out
    assert b"+25" in out and b"525" in out and b"Expiring within 30 days" in out and b"80" in out
    assert b"T-0001-42" in out and MARCO.encode() not in out
    quiet = slips.to_bytes(slips.points_slip(PLACE, card=MARCO, receipt="R", points_earned=5, balance=5,
                                             expiring_soon=0))
    assert b"Expiring" not in quiet


def test_the_card_slip_carries_the_full_number_as_digits_and_ean13() -> None:
    out = slips.to_bytes(slips.card_slip(PLACE, name="Ana Pop", card="2900000000018", welcome_points=50))
    assert b"2900000000018\n" in out
    assert EAN13 + b"2900000000018\x00" in out
    assert b"Welcome bonus" in out and b"50" in out and b"Ana Pop" in out
    assert out.rstrip(b"\n").endswith(CUT)


def test_labels_come_translated_and_values_in_columns() -> None:
    italian = {"Points spent": "Punti usati", "Balance": "Saldo"}
    out = voucher(tr=lambda s: italian.get(s, s))
    line = next(x for x in out.split(b"\n") if b"Punti usati" in x)
    assert line.endswith(b"Punti usati" + b" " * (42 - len("Punti usati") - 3) + b"100")


def test_romanian_prints_in_a_code_page_the_printer_has() -> None:
    out = voucher(reward="Cafea gratuită și ceai", tr=lambda s: {"Balance": "Sold"}.get(s, s))
    # ă and the s with comma below (ș, printed with a cedilla: ş) come from CP852, selected by ESC t 18
    assert b"\x1bt\x12" in out and "ă".encode("cp852") in out and "ş".encode("cp852") in out
    assert b"?" not in out.split(b"Cafea")[1].split(b"\n")[0]


def test_korean_labels_fall_back_to_english_and_korean_names_are_romanized() -> None:
    korean = {"Balance": "잔액", "Points spent": "사용 포인트", "Voucher": "바우처"}
    out = voucher(reward="커피 쿠폰", tr=lambda s: korean.get(s, s))
    assert b"Balance" in out and b"Points spent" in out and b"Voucher" in out
    assert b"keopi kupon" in out
    assert "잔액".encode("euc-kr") not in out


@pytest.mark.parametrize(("source", "printed"), [
    ("한국어", "hangukeo"), ("카드", "kadeu"), ("Știință", "Ştiinţă"), ("città", "città"), ("Oṃ", "Om"),
    ("☃", "?"),
])
def test_printable_keeps_what_a_latin_printer_can_print(source: str, printed: str) -> None:
    printer = Dummy()

    def can_encode(ch: str) -> bool:
        return printer.magic.encoder.find_suitable_encoding(ch) is not None

    assert text.printable(source, can_encode) == printed


def test_a_long_value_wraps_under_its_label() -> None:
    out = slips.to_bytes(slips.points_slip(PLACE, card=MARCO, receipt="R" * 50, points_earned=1, balance=1,
                                           expiring_soon=0, width=32))
    assert b"Receipt\n" + b"R" * 50 in out.replace(b"\x1b!\x00", b"")

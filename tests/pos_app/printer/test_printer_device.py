"""The printer device layer: targets parsed, bytes sent over TCP and to a file, failures as one code."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pos_app.config import Options
from pos_app.core.errors import Code
from pos_app.printer import device, slips
from tests.pos_app.printer.fake_printer import NO_PAPER, FakePrinter, closed_port

SLIP = slips.to_bytes(slips.voucher_slip(slips.Place("Tessera", "s1", "t1", datetime(2026, 12, 2, 8, 0)),
                                         reward="Free coffee", points_spent=100, balance=5,
                                         voucher="ABCDEFG-12X", card="2900000000025"))


@pytest.mark.parametrize(("kind", "target", "expected"), [
    ("network", "192.0.2.10:9100", device.Target("network", host="192.0.2.10", port=9100)),
    ("network", "printer.local", device.Target("network", host="printer.local", port=9100)),
    ("network", "[::1]:9101", device.Target("network", host="::1", port=9101)),
    ("usb", "04b8:0202", device.Target("usb", vendor=0x04B8, product=0x0202)),
    ("usb", "0x0416:0x5011", device.Target("usb", vendor=0x0416, product=0x5011)),
    ("file", "/dev/usb/lp0", device.Target("file", path="/dev/usb/lp0")),
    ("none", "", device.Target("none")),
])
def test_targets_are_parsed_by_kind(kind: str, target: str, expected: device.Target) -> None:
    assert device.parse(kind, target) == expected


@pytest.mark.parametrize(("kind", "target"), [
    ("network", ""), ("network", "host:99999"), ("network", "a b:9100"), ("usb", "04b8"), ("usb", "printer"),
    ("file", ""), ("serial", "/dev/ttyS0"),
])
def test_a_target_that_does_not_fit_its_kind_is_refused_by_code(kind: str, target: str) -> None:
    with pytest.raises(device.PrinterError) as caught:
        device.parse(kind, target)
    assert caught.value.code == Code.PRINTER_TARGET and kind in caught.value.message


def test_the_options_name_the_target_and_its_timeout() -> None:
    options = Options(printer="network", printer_target="127.0.0.1:9100", printer_timeout_seconds=2)
    assert device.from_options(options) == device.Target("network", host="127.0.0.1", port=9100, timeout=2.0)
    assert not device.from_options(Options()).enabled


def test_a_network_printer_receives_the_slip() -> None:
    with FakePrinter() as printer:
        device.send(device.parse("network", printer.target), SLIP)
        assert printer.wait_jobs(1) == [SLIP]  # one connection, one write, the whole slip
    assert SLIP.startswith(b"\x1b@") and b"ABCDEFG-12X" in SLIP


def test_a_refused_port_gives_the_stable_code() -> None:
    target = device.parse("network", f"127.0.0.1:{closed_port()}")
    with pytest.raises(device.PrinterError) as caught:
        device.send(target, SLIP)
    assert caught.value.code == Code.PRINTER_UNREACHABLE
    assert str(target) in caught.value.message and "\n" not in caught.value.message


def test_a_listener_that_closed_gives_the_same_code() -> None:
    printer = FakePrinter()
    target = device.parse("network", printer.target)
    printer.close()
    with pytest.raises(device.PrinterError) as caught:
        device.send(target, SLIP)
    assert caught.value.code == Code.PRINTER_UNREACHABLE


def test_a_file_printer_writes_the_bytes(tmp_path: Path) -> None:
    out = tmp_path / "slip.bin"
    device.send(device.parse("file", str(out)), SLIP)
    assert out.read_bytes() == SLIP


def test_a_file_printer_that_cannot_be_opened_is_unreachable(tmp_path: Path) -> None:
    with pytest.raises(device.PrinterError) as caught:
        device.send(device.parse("file", str(tmp_path / "no-such-dir" / "lp0")), SLIP)
    assert caught.value.code == Code.PRINTER_UNREACHABLE


def test_a_write_that_fails_gives_printer_write(tmp_path: Path) -> None:
    full = Path("/dev/full")  # every write fails with ENOSPC, as a printer that stopped taking data
    assert full.exists()
    with pytest.raises(device.PrinterError) as caught:
        device.send(device.parse("file", str(full)), SLIP)
    assert caught.value.code == Code.PRINTER_WRITE


def test_a_usb_printer_that_is_not_plugged_in_is_unreachable() -> None:
    with pytest.raises(device.PrinterError) as caught:
        device.send(device.parse("usb", "ffff:fffe"), SLIP)
    assert caught.value.code == Code.PRINTER_UNREACHABLE


def test_none_sends_nothing() -> None:
    device.send(device.parse("none", ""), SLIP)  # no error, no device


def test_probe_asks_the_paper_sensor() -> None:
    with FakePrinter() as printer:
        assert "paper ok" in device.probe(device.parse("network", printer.target))
    with FakePrinter(paper=NO_PAPER) as printer, pytest.raises(device.PrinterError) as caught:
        device.probe(device.parse("network", printer.target))
    assert caught.value.code == Code.PRINTER_NO_PAPER


def test_probe_takes_a_silent_printer_as_reachable() -> None:
    with FakePrinter(paper=None) as printer:
        detail = device.probe(device.parse("network", printer.target, timeout=0.3))
    assert "paper sensor not reported" in detail


def test_probe_of_a_file_does_not_empty_it(tmp_path: Path) -> None:
    out = tmp_path / "slip.bin"
    out.write_bytes(b"kept")
    assert "writable" in device.probe(device.parse("file", str(out)))
    assert out.read_bytes() == b"kept"

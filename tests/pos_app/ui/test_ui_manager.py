"""Store manager's screen (managers only): summary, PDF, correction, cashier PINs, sync problems, settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_helpers import MARCO, StepClock, scan, settle, sign_in

from pos_app.config import Options
from pos_app.core.money import currency
from pos_app.store.models import AuditLog
from pos_app.terminal import Terminal
from pos_app.ui import fmt
from pos_app.ui import settings as settings_module
from pos_app.ui.manager import ManagerPage
from pos_app.ui.window import MainWindow

MANAGER_PIN = "9999"


@pytest.fixture
def manager(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The window with the demo manager signed in."""
    sign_in(qtbot, window, MANAGER_PIN)
    assert window.pages.currentWidget() is window.workspace
    return window


def open_manager(qtbot: QtBot, win: MainWindow) -> ManagerPage:
    qtbot.keyClick(win.workspace.scan, Qt.Key.Key_F10)
    settle(qtbot, win)
    assert win.pages.currentWidget() is win.manager
    return win.manager


def test_manager_button_only_for_managers(qtbot: QtBot, cashier: MainWindow) -> None:
    ws = cashier.workspace
    assert not ws.manager_button.isVisible()
    qtbot.keyClick(ws.scan, Qt.Key.Key_F10)
    settle(qtbot, cashier)
    assert cashier.pages.currentWidget() is ws
    cashier.open_manager()  # even called directly, a cashier does not get in
    assert cashier.pages.currentWidget() is ws

    cashier.lock()
    sign_in(qtbot, cashier, MANAGER_PIN)
    assert ws.manager_button.isVisible()
    assert "F10" in ws.manager_button.text()
    page = open_manager(qtbot, cashier)
    assert page.who.text() == "Demo Manager"
    qtbot.keyClick(page.summary.day, Qt.Key.Key_Escape)
    assert cashier.pages.currentWidget() is ws

    cashier.lock()  # the next cashier does not inherit the button
    sign_in(qtbot, cashier)
    assert not ws.manager_button.isVisible()


def test_summary_matches_the_daily_report(qtbot: QtBot, manager: MainWindow, demo: Terminal,
                                          mono: StepClock) -> None:
    ws = manager.workspace
    scan(qtbot, manager, MARCO, mono)
    qtbot.keyClick(ws.scan, Qt.Key.Key_F2)
    qtbot.keyClicks(ws.sale.amount, "42.50")
    settle(qtbot, manager)
    qtbot.keyClick(ws.sale.amount, Qt.Key.Key_Return)
    settle(qtbot, manager)
    demo.sale(MARCO, 1000, "R-TERM-1", cashier="manager")  # and one straight through the Terminal

    page = open_manager(qtbot, manager)
    summary = page.summary
    qtbot.waitUntil(lambda: summary.report is not None)
    day = summary.selected_day()
    assert day == demo.clock().astimezone().date()
    report = demo.daily_report(day)
    assert report["sales"] == 2 and report["sales_amount"] == 5250
    assert summary.report == report
    values = summary.values
    assert values["transactions"].text() == fmt.points(report["transactions"])
    assert values["sales_amount"].text() == fmt.money(5250, currency(report["currency"]))
    for key in ("points_issued", "points_redeemed", "points_expired", "points_adjusted", "enrollments",
                "members_negative", "pending_ops"):
        assert values[key].text() == fmt.points(report[key]), key
    assert report["pending_ops"] > 0 and values["pending_ops"].property("warn") is True


def test_summary_saves_a_pdf(qtbot: QtBot, manager: MainWindow, tmp_path: Path) -> None:
    page = open_manager(qtbot, manager)
    target = tmp_path / "out" / "summary"
    target.parent.mkdir()
    asked: list[str] = []
    page.summary.ask_path = lambda suggested: asked.append(suggested) or str(target)
    qtbot.waitUntil(lambda: page.summary.pdf_button.isEnabled())
    qtbot.keyClick(page.summary.day, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, manager)
    pdf = target.with_suffix(".pdf")
    assert asked and asked[0].endswith(".pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 500
    assert page.summary.message.kind == "ok"


def test_correction_adjusts_points_with_a_reason(qtbot: QtBot, manager: MainWindow, demo: Terminal,
                                                 mono: StepClock) -> None:
    scan(qtbot, manager, MARCO, mono)
    before = demo.member(MARCO).balance
    page = open_manager(qtbot, manager)
    qtbot.keyClick(page.summary.day, Qt.Key.Key_F4)
    tab = page.correction
    assert page.stack.currentWidget() is tab
    assert tab.card.text() == MARCO  # the member on screen

    qtbot.keyClicks(tab.points, "-30")
    qtbot.keyClick(tab.points, Qt.Key.Key_Return)  # no reason: refused in words, nothing written
    settle(qtbot, manager)
    assert tab.message.kind == "error" and "reason" in tab.message.text()
    assert tab.reason.hasFocus()
    assert demo.member(MARCO).balance == before

    tab.reason.setText("   ")
    qtbot.keyClick(tab.reason, Qt.Key.Key_Return)
    settle(qtbot, manager)
    assert tab.message.kind == "error" and demo.member(MARCO).balance == before

    qtbot.keyClicks(tab.reason, "coffee machine ate the voucher")
    qtbot.keyClick(tab.reason, Qt.Key.Key_Return)
    settle(qtbot, manager)
    assert tab.message.kind == "ok"
    assert demo.member(MARCO).balance == before - 30
    assert tab.result is not None and tab.result.balance == before - 30
    assert fmt.points(before - 30) in tab.message.text()
    [entry] = [e for e in demo.recent_visits(MARCO, 50) if e.reason == "coffee machine ate the voucher"]
    assert (entry.kind, entry.points, entry.cashier_id) == ("adjust", -30, "manager")  # audited: who did it

    qtbot.keyClick(tab.card, Qt.Key.Key_Escape)  # back: the member panel shows the new balance
    settle(qtbot, manager)
    assert manager.workspace.member.view.balance == before - 30


def test_correction_refusal_is_in_words(qtbot: QtBot, manager: MainWindow, demo: Terminal) -> None:
    page = open_manager(qtbot, manager)
    page.show_section(page.correction)
    tab = page.correction
    qtbot.keyClicks(tab.card, "2900000000001")
    qtbot.keyClicks(tab.points, "10")
    qtbot.keyClicks(tab.reason, "goodwill")
    qtbot.keyClick(tab.reason, Qt.Key.Key_Return)
    settle(qtbot, manager)
    assert tab.message.kind == "error" and "No member" in tab.message.text() and "0001" in tab.message.text()


def test_new_cashier_pin_signs_in(qtbot: QtBot, manager: MainWindow) -> None:
    page = open_manager(qtbot, manager)
    qtbot.keyClick(page.summary.day, Qt.Key.Key_F5)
    tab = page.cashiers
    assert tab.cashier_id.hasFocus()
    qtbot.keyClicks(tab.cashier_id, "luca")
    qtbot.keyClicks(tab.name, "Luca Bianchi")
    qtbot.keyClicks(tab.pin, "12")
    qtbot.keyClick(tab.pin, Qt.Key.Key_Return)  # too short: refused before anything is written
    assert tab.message.kind == "error"
    qtbot.keyClicks(tab.pin, "3456789")  # the field takes six digits at most
    assert tab.pin.text() == "123456"
    qtbot.keyClick(tab.pin, Qt.Key.Key_Return)
    settle(qtbot, manager)
    assert tab.message.kind == "ok", tab.message.text()
    assert tab.pin.text() == ""

    qtbot.keyClicks(tab.cashier_id, "other")
    qtbot.keyClicks(tab.name, "Other")
    qtbot.keyClicks(tab.pin, "1111")  # the demo cashier's PIN
    qtbot.keyClick(tab.pin, Qt.Key.Key_Return)
    settle(qtbot, manager)
    assert tab.message.kind == "error" and "PIN" in tab.message.text()

    manager.lock()
    with qtbot.waitSignal(manager.signed_in) as signal:
        sign_in(qtbot, manager, "123456")
    assert signal.args == ["luca"]
    assert not manager.workspace.manager_button.isVisible()


def test_cashier_changes_are_audited_with_the_signed_in_manager(qtbot: QtBot, manager: MainWindow,
                                                                 demo: Terminal) -> None:
    page = open_manager(qtbot, manager)
    qtbot.keyClick(page.summary.day, Qt.Key.Key_F5)
    tab = page.cashiers
    qtbot.keyClicks(tab.cashier_id, "manager")  # the demo's only manager, made a cashier (role: Cashier)
    qtbot.keyClicks(tab.name, "Demo Manager")
    qtbot.keyClicks(tab.pin, MANAGER_PIN)
    qtbot.keyClick(tab.pin, Qt.Key.Key_Return)
    settle(qtbot, manager)
    assert tab.message.kind == "error" and "last manager" in tab.message.text()
    tab.clear()
    qtbot.keyClicks(tab.cashier_id, "luca")
    qtbot.keyClicks(tab.name, "Luca Bianchi")
    qtbot.keyClicks(tab.pin, "123456")
    qtbot.keyClick(tab.pin, Qt.Key.Key_Return)
    settle(qtbot, manager)
    assert tab.message.kind == "ok", tab.message.text()
    with demo.db.reader() as session:
        row = session.scalars(select(AuditLog).where(AuditLog.action == "cashier.set")
                              .order_by(AuditLog.id.desc())).first()
    assert row is not None and (row.actor, json.loads(row.detail)) == (
        "manager", {"cashier": "luca", "role": "cashier"})


def test_sync_problems(qtbot: QtBot, manager: MainWindow, demo: Terminal) -> None:
    page = open_manager(qtbot, manager)
    page.show_section(page.sync)
    settle(qtbot, manager)
    assert page.sync.letters is None and "not registered" in page.sync.summary.text()

    def dead_letters() -> list[dict[str, Any]]:
        return [{"seq": 7, "kind": "adjust", "created_at": "2026-11-18T10:00:00+00:00",
                 "reason": "member is blocked"}]

    # The screen reads them through the terminal's use case: no second SyncAgent, no second engine.
    real_status = demo.status
    demo.status = lambda: {**real_status(), "server_url": "http://127.0.0.1:9"}
    demo.dead_letters = dead_letters
    page.show_section(page.sync)
    settle(qtbot, manager)
    assert page.sync.list.count() == 1
    assert "member is blocked" in page.sync.list.item(0).text() and "#7" in page.sync.list.item(0).text()


def test_settings_saved_and_reloaded(qtbot: QtBot, manager: MainWindow, demo: Terminal,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "list_cameras", lambda: [(0, "Front camera"), (2, "USB camera")])
    started: list[str | None] = []
    monkeypatch.setattr(manager, "restart_camera", lambda source: started.append(source))
    page = open_manager(qtbot, manager)
    qtbot.keyClick(page.summary.day, Qt.Key.Key_F6)
    settle(qtbot, manager)
    tab = page.settings
    assert [tab.camera.itemText(i) for i in range(tab.camera.count())][1:3] == ["Front camera", "USB camera"]
    tab.language.setCurrentIndex(tab.language.findData("ro"))
    tab.camera.setCurrentIndex(tab.camera.findData("2"))
    tab.resolution.setCurrentIndex(tab.resolution.findData("1920x1080"))
    tab.idle.setValue(10)
    tab.cooldown.setValue(5)
    qtbot.keyClick(tab.cooldown, Qt.Key.Key_Return)
    settle(qtbot, manager)
    assert tab.message.kind == "ok" and "restart" in tab.message.text().lower()
    loaded = Options.load(demo.data_dir)
    assert (loaded.language, loaded.camera, loaded.camera_width, loaded.camera_height) == \
        ("ro", "2", 1920, 1080)
    assert (loaded.idle_lock_seconds, loaded.scan_cooldown_seconds) == (600, 5)
    assert manager.ctx.options.idle_lock_seconds == 600  # applies at once
    assert started == ["2"]

    tab.camera.setCurrentIndex(tab.camera.findData(settings_module.OTHER_SOURCE))
    assert tab.path.isEnabled()
    qtbot.keyClick(tab.path, Qt.Key.Key_Return)  # "other" with nothing typed: refused
    assert tab.message.kind == "error"
    qtbot.keyClicks(tab.path, "rtsp://10.0.0.5/cam")
    qtbot.keyClick(tab.path, Qt.Key.Key_Return)
    settle(qtbot, manager)
    assert Options.load(demo.data_dir).camera == "rtsp://10.0.0.5/cam"
    assert started == ["2", "rtsp://10.0.0.5/cam"]


@pytest.mark.parametrize("language", ["en", "it", "ro", "ko"])
def test_manager_screens_fit_in_every_language(qtbot: QtBot, qapp: QApplication, demo: Terminal,
                                               mono: StepClock,
                                               language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pos_app.ui.app import prepare
    from pos_app.ui.layoutcheck import clipped

    monkeypatch.setattr(settings_module, "list_cameras", lambda: [(0, "Integrated Camera (USB 2.0 HD UVC)")])
    prepare(qapp, language)
    win = MainWindow(demo.options, terminal=demo, monotonic=mono)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win)

    def check(screen: str) -> None:
        settle(qtbot, win)
        QApplication.processEvents()
        assert win.width() == 1024 and win.height() == 768, f"{screen}: window grew to {win.size()}"
        assert clipped(win) == [], screen

    sign_in(qtbot, win, MANAGER_PIN)
    scan(qtbot, win, MARCO, mono)
    check("workspace with the manager button")
    page = open_manager(qtbot, win)
    check("summary")
    saved = page.summary.tr("Saved %1.").replace("%1", "/home/shop/tessera-2026-11-18.pdf")
    page.summary.message.show_message("ok", saved)
    check("summary saved")
    for key, screen in ((Qt.Key.Key_F3, "sync"), (Qt.Key.Key_F4, "correction"), (Qt.Key.Key_F5, "cashiers"),
                        (Qt.Key.Key_F6, "settings")):
        qtbot.keyClick(page, key)
        check(screen)
    page.settings.language.setCurrentIndex(page.settings.language.findData("ko"))
    page.settings.submit()
    check("settings saved")
    page.show_section(page.correction)
    page.correction.submit()
    check("correction refused")
    win.close()

"""Times on the screen follow the shop's clock (the store's zone), not the machine's (pos_app.ui.fmt)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot
from ui_helpers import StepClock, settle

from pos_app.terminal import Terminal
from pos_app.ui import fmt
from pos_app.ui.window import MainWindow

ENGLISH = QLocale("en_US")
def shown(text: str | None) -> str:
    return (text or "").replace("\u202f", " ")  # CLDR puts a narrow no-break space before AM/PM


LATE = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)  # already 2 December in Seoul, still 1 December in Bucharest


def test_a_time_is_shown_on_the_shop_clock() -> None:
    fmt.use_zone(ZoneInfo("Asia/Seoul"))
    assert shown(fmt.date_time(LATE, ENGLISH)) == "12/2/26 5:30 AM"
    assert fmt.day(LATE, ENGLISH) == "12/2/26"
    fmt.use_zone(ZoneInfo("Europe/Bucharest"))
    assert shown(fmt.date_time(LATE, ENGLISH)) == "12/1/26 10:30 PM"
    assert shown(fmt.iso_date_time("2026-12-01T20:30:00+00:00", ENGLISH)) == "12/1/26 10:30 PM"


def test_a_naive_time_is_read_as_utc_and_a_summer_time_keeps_its_offset() -> None:
    fmt.use_zone(ZoneInfo("Europe/Bucharest"))
    assert shown(fmt.date_time(datetime(2026, 12, 1, 20, 30), ENGLISH)) == "12/1/26 10:30 PM"
    summer = datetime(2026, 7, 1, 20, 30, tzinfo=UTC)
    assert shown(fmt.date_time(summer, ENGLISH)) == "7/1/26 11:30 PM"  # UTC+3


def test_the_window_shows_times_on_the_terminals_zone(qtbot: QtBot, demo: Terminal, mono: StepClock) -> None:
    demo.options.time_zone = "Asia/Seoul"  # config.toml's time_zone, as a technician sets it
    win = MainWindow(demo.options, terminal=demo, monotonic=mono)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    win.status.show_status({"online": False, "pending_ops": 0, "last_sync_at": LATE.isoformat(),
                            "server_url": None, "store_id": "demo", "terminal_id": ""})
    seoul = fmt.date_time(LATE)  # the zone the window set
    assert seoul in win.status.last_sync.text() and "5:30" in seoul  # 05:30 in Seoul, 20:30 UTC
    win.close()

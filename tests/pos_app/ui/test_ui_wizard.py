"""The first-run wizard: a new data dir is set up step by step, then the new manager signs in.

Driven through its widgets with pytest-qt; the camera reads a real card image from a folder, the
printer is a file whose bytes are checked, registration talks to the real server on 127.0.0.1.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import settle, sign_in

from pos_app.base import assets
from pos_app.config import CONFIG_NAME, Options
from pos_app.ui import app as app_module
from pos_app.ui.app import prepare
from pos_app.ui.layoutcheck import clipped
from pos_app.ui.window import MainWindow
from pos_app.ui.wizard import flow, needed, steps
from pos_app.ui.wizard.devices import CameraPage, PrinterPage
from pos_app.ui.wizard.manager import ManagerPage
from pos_app.ui.wizard.pages import RegionPage, ServerPage, registration_text
from sync.client import Unreachable
from tests.sync import conftest as chain
from tests.sync.conftest import LiveServer

db_url, server = chain.db_url, chain.server  # the sync suite's live server (its conftest is not above us)

SAMPLE_CARD = "2912345678906"  # resources/sample_card.png, a Code 128 of a valid card number
PIN = "4321"
UNREACHABLE = Unreachable("server unreachable (ConnectError)", code="unreachable")
Make = Callable[..., flow.SetupWizard]


@pytest.fixture
def card_folder(tmp_path: Path) -> Path:
    """An image folder the capture worker plays as an endless video: the bundled photo of a card."""
    folder = tmp_path / "camera"
    folder.mkdir()
    shutil.copy(assets.path("sample_card.png"), folder / "card.png")
    return folder


@pytest.fixture
def make_wizard(qtbot: QtBot) -> Iterator[Make]:
    made: list[flow.SetupWizard] = []

    def make(data_dir: Path, **kwargs: object) -> flow.SetupWizard:
        kwargs.setdefault("camera_lister", lambda: [])  # no camera on the test machine: the source is typed
        wizard = flow.SetupWizard(data_dir, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(wizard)
        wizard.resize(1024, 768)
        wizard.show()
        qtbot.waitExposed(wizard)
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.close()


def wait_idle(qtbot: QtBot, wizard: flow.SetupWizard) -> None:
    qtbot.waitUntil(lambda: wizard.worker.pending == 0, timeout=20_000)


def press_next(qtbot: QtBot, wizard: flow.SetupWizard) -> None:
    assert wizard.next_button.isEnabled(), wizard.page.title()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)


def to_server_step(qtbot: QtBot, wizard: flow.SetupWizard, region: str = "RO") -> ServerPage:
    press_next(qtbot, wizard)  # English, as chosen
    page = wizard.page
    assert isinstance(page, RegionPage)
    page.pick(region)
    press_next(qtbot, wizard)
    server_page = wizard.page
    assert isinstance(server_page, ServerPage)
    return server_page


def camera_and_printer(qtbot: QtBot, wizard: flow.SetupWizard, folder: Path, printer: Path) -> None:
    camera = wizard.page
    assert isinstance(camera, CameraPage)
    camera.choice.setCurrentIndex(camera.choice.findData("other"))
    qtbot.keyClicks(camera.source, str(folder))
    qtbot.mouseClick(camera.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: camera.read == SAMPLE_CARD, timeout=20_000)  # decoded from the live preview
    assert camera.message.kind == "ok" and SAMPLE_CARD in camera.message.text()
    assert not camera.preview.pixmap().isNull()  # the preview showed frames
    press_next(qtbot, wizard)
    assert camera.preview.capture is None  # leaving the step stops the capture
    page = wizard.page
    assert isinstance(page, PrinterPage)
    page.kind.setCurrentIndex(page.kind.findData("file"))
    qtbot.keyClicks(page.target, str(printer))
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.kind == "ok", timeout=20_000)
    sent = printer.read_bytes()
    assert sent.startswith(b"\x1b@") and b"TEST000001" in sent and len(sent) == page.sent
    press_next(qtbot, wizard)


def manager(qtbot: QtBot, wizard: flow.SetupWizard, name: str = "Maria Rossi", pin: str = PIN,
            again: str = PIN) -> ManagerPage:
    page = wizard.page
    assert isinstance(page, ManagerPage)
    for field, text in ((page.name, name), (page.pin, pin), (page.again, again)):
        field.clear()
        qtbot.keyClicks(field, text)
    return page


def finish(qtbot: QtBot, wizard: flow.SetupWizard) -> Options:
    assert wizard.next_button.text() == "Finish"
    with qtbot.waitSignal(wizard.completed, timeout=30_000) as done:
        press_next(qtbot, wizard)
    options = done.args[0]
    assert isinstance(options, Options)
    return options


def open_pin_pad(qtbot: QtBot, data_dir: Path, options: Options) -> MainWindow:
    window = MainWindow(options, loader=app_module._loader(data_dir, False))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=30_000):
        window.show()
    return window


# --- end to end ----------------------------------------------------------------------------------


def test_standalone_setup_then_the_new_manager_signs_in(qtbot: QtBot, tmp_path: Path, card_folder: Path,
                                                         make_wizard: Make) -> None:
    data_dir = tmp_path / "new-terminal"
    assert needed(data_dir)
    wizard = make_wizard(data_dir)
    assert wizard.step_label.text() == "Step 1 of 6: Language"
    assert not wizard.back_button.isEnabled()
    page = to_server_step(qtbot, wizard, "RO")
    assert wizard.setup.region == "RO"
    assert not wizard.next_button.isEnabled()  # neither registered nor standalone chosen
    page.standalone_radio.click()
    press_next(qtbot, wizard)
    camera_and_printer(qtbot, wizard, card_folder, tmp_path / "printer.bin")
    manager(qtbot, wizard)
    options = finish(qtbot, wizard)

    saved = Options.load(data_dir)
    assert (data_dir / CONFIG_NAME).exists() and saved == options
    assert (saved.language, saved.region, saved.camera) == ("en", "RO", str(card_folder))
    assert (saved.printer, saved.printer_target) == ("file", str(tmp_path / "printer.bin"))
    assert not needed(data_dir) and not (data_dir / steps.PENDING).exists()

    window = open_pin_pad(qtbot, data_dir, options)
    sign_in(qtbot, window, "9999")
    assert window.pages.currentWidget() is window.signin  # only the new manager's PIN opens it
    sign_in(qtbot, window, PIN)
    assert window.pages.currentWidget() is window.workspace
    assert window.ctx.cashier is not None
    assert (window.ctx.cashier.name, window.ctx.cashier.role) == ("Maria Rossi", "manager")
    assert window.terminal is not None and window.terminal.phone_region == "RO"
    window.workspace.camera.stop()
    settle(qtbot, window)
    window.close()
    window.terminal.close()


def test_start_closes_the_wizard_and_opens_the_pin_pad(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "t"
    opened: list[Options] = []
    wizard = flow.start(data_dir, opened.append, camera_lister=lambda: [])
    qtbot.addWidget(wizard)
    assert wizard.isVisible() and (wizard.width(), wizard.height()) == flow.SIZE
    wizard.setup.manager_name, wizard.setup.manager_pin = "Ion Popescu", "5555"
    with qtbot.waitSignal(wizard.completed, timeout=30_000):
        wizard.finish()
    assert len(opened) == 1 and not wizard.isVisible()
    assert opened[0].printer == "none" and not needed(data_dir)


def test_choosing_a_language_retranslates_the_wizard(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                                                     make_wizard: Make) -> None:
    wizard = make_wizard(tmp_path / "d")
    wizard.pages[0].buttons["it"].click()  # type: ignore[attr-defined]
    assert wizard.next_button.text() == "Avanti"
    assert wizard.step_label.text() == "Passo 1 di 6: Lingua"
    press_next(qtbot, wizard)
    region = wizard.page
    assert isinstance(region, RegionPage)
    assert region.region() == "IT" and region.currency.text() == "Valuta: EUR"  # Italian suggests Italy
    wizard.back()
    wizard.pages[0].buttons["ko"].click()  # type: ignore[attr-defined]
    assert wizard.next_button.text() == QCoreApplication.translate("Wizard", "Next") == "다음"
    wizard.pages[0].buttons["en"].click()  # type: ignore[attr-defined]
    assert wizard.next_button.text() == "Next"
    assert wizard.setup.language == "en"


# --- validation --------------------------------------------------------------------------------


def test_manager_refusals_are_said_and_nothing_is_written(qtbot: QtBot, tmp_path: Path,
                                                          make_wizard: Make) -> None:
    data_dir = tmp_path / "d"
    wizard = make_wizard(data_dir)
    wizard.go(len(wizard.pages) - 1)
    page = manager(qtbot, wizard, pin="1234", again="1235")
    press_next(qtbot, wizard)
    assert page.message.text() == "The two PINs differ: type the same PIN twice."
    assert page.again.text() == ""  # typed again, not kept
    assert not wizard.next_button.isEnabled()  # the second PIN is missing now
    manager(qtbot, wizard, name="   ", pin="1234", again="1234")
    press_next(qtbot, wizard)
    assert page.message.text() == "Type the manager's name."
    manager(qtbot, wizard, pin="12", again="12")
    press_next(qtbot, wizard)
    assert page.message.text() == "A PIN has 4 to 6 digits."
    assert wizard.index == len(wizard.pages) - 1 and not data_dir.exists()


def test_step_checks_without_widgets(tmp_path: Path) -> None:
    assert steps.check_manager("Ana", "1234", "1234") == ""
    assert steps.check_manager("", "1234", "1234") == steps.NAME_EMPTY
    assert steps.check_manager("A" * 81, "1234", "1234") == steps.NAME_LONG
    assert steps.check_manager("Ana", "12a4", "12a4") == steps.PIN_FORMAT
    assert steps.check_manager("Ana", "1234", "4321") == steps.PIN_MISMATCH
    assert steps.check_region("ro") == "" and steps.check_region("XX") == steps.REGION_UNKNOWN
    assert steps.currency_for("KR") == "KRW" and steps.currency_for("GB") == "GBP"
    assert steps.check_server("loyalty.example.com", "C") == steps.URL_FORMAT
    assert steps.check_server("http://127.0.0.1:8765", " ") == steps.CODE_EMPTY
    assert steps.check_camera("0") == ""
    assert steps.check_camera(str(tmp_path / "nope")) == steps.CAMERA_MISSING
    assert steps.check_printer("network", "10.0.0.5:9100") == ""
    assert steps.check_printer("usb", "printer") == steps.PRINTER_TARGET
    assert steps.manager_id("Maria Rossi") == "maria-rossi" and steps.manager_id("김민준") == "manager"


def test_other_steps_refuse_what_is_wrong(qtbot: QtBot, tmp_path: Path, make_wizard: Make) -> None:
    wizard = make_wizard(tmp_path / "d")
    press_next(qtbot, wizard)
    region = wizard.page
    assert isinstance(region, RegionPage)
    region.choice.setCurrentIndex(region.choice.findData(RegionPage.OTHER))
    assert not wizard.next_button.isEnabled()  # nothing typed
    qtbot.keyClicks(region.other, "QQ")
    press_next(qtbot, wizard)
    assert wizard.page is region and region.message.text().startswith("Type a two-letter country code")
    region.other.clear()
    qtbot.keyClicks(region.other, "kr")
    assert region.currency.text() == "Currency: KRW"
    press_next(qtbot, wizard)
    assert wizard.setup.region == "KR"
    server_page = wizard.page
    assert isinstance(server_page, ServerPage)
    qtbot.keyClicks(server_page.url, "not a url")
    qtbot.mouseClick(server_page.register_button, Qt.MouseButton.LeftButton)
    assert server_page.message.text() == "The server address must look like https://host:port."
    server_page.standalone_radio.click()
    press_next(qtbot, wizard)
    camera = wizard.page
    assert isinstance(camera, CameraPage)
    camera.choice.setCurrentIndex(camera.choice.findData("other"))
    qtbot.keyClicks(camera.source, str(tmp_path / "no-such-video.mp4"))
    assert not camera.scan_button.isEnabled()
    press_next(qtbot, wizard)
    assert wizard.page is camera
    assert camera.message.text() == "That video file or image folder does not exist."


def test_a_failed_test_print_is_translated_and_offers_no_printer(qtbot: QtBot, tmp_path: Path,
                                                                 make_wizard: Make) -> None:
    wizard = make_wizard(tmp_path / "d")
    wizard.go(4)
    page = wizard.page
    assert isinstance(page, PrinterPage)
    page.kind.setCurrentIndex(page.kind.findData("file"))
    qtbot.keyClicks(page.target, str(tmp_path / "no-such-dir" / "lp0"))
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.kind == "error", timeout=20_000)
    said = page.message.text()  # pos_app.ui.messages' sentence of printer_unreachable
    assert said.startswith("The receipt printer ") and "cannot be reached" in said
    assert page.none_button.isVisible()
    qtbot.mouseClick(page.none_button, Qt.MouseButton.LeftButton)
    assert page.kind.currentData() == "none" and not page.none_button.isVisible()
    press_next(qtbot, wizard)
    assert wizard.setup.printer == "none" and wizard.setup.printer_target == ""


# --- registering with the real server ------------------------------------------------------------


def test_register_with_the_server_wrong_code_then_right(qtbot: QtBot, tmp_path: Path, server: LiveServer,
                                                        make_wizard: Make) -> None:
    data_dir = tmp_path / "till"
    wizard = make_wizard(data_dir)
    page = to_server_step(qtbot, wizard, "RO")
    qtbot.keyClicks(page.url, server.url)
    qtbot.keyClicks(page.code, "WRONG-CODE-0000")
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.kind == "error", timeout=30_000)
    assert page.message.text() == ("Registration failed: this registration code is unknown or was already "
                                   "used: ask HQ for a new one")
    assert not page.offline_button.isVisible() and not wizard.next_button.isEnabled()
    page.code.clear()
    qtbot.keyClicks(page.code, server.new_code("demo", "Till 7")["code"])
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.kind == "ok", timeout=30_000)
    assert page.message.text() == "Registered as Till 7 of store demo."
    assert wizard.setup.registered and not page.url.isEnabled()
    assert needed(data_dir)  # registered, not finished: a restart comes back to the wizard
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)  # no camera
    press_next(qtbot, wizard)  # no printer
    manager(qtbot, wizard, name="Elena Ionescu", pin="2468", again="2468")
    options = finish(qtbot, wizard)
    assert not needed(data_dir) and options.camera == "" and options.printer == "none"
    window = open_pin_pad(qtbot, data_dir, options)
    sign_in(qtbot, window, "2468")
    assert window.ctx.cashier is not None and window.ctx.cashier.name == "Elena Ionescu"
    status = window.terminal.status() if window.terminal is not None else {}
    assert status["store_id"] == "demo" and status["server_url"] == server.url
    if window.syncer is not None:
        window.syncer.stop()
    window.close()
    assert window.terminal is not None
    window.terminal.close()


def test_an_unreachable_server_offers_standalone(qtbot: QtBot, tmp_path: Path, make_wizard: Make) -> None:
    wizard = make_wizard(tmp_path / "till")
    page = to_server_step(qtbot, wizard, "IT")
    qtbot.keyClicks(page.url, "http://127.0.0.1:9")  # discard port: nothing listens
    qtbot.keyClicks(page.code, "ABCD-EFGH-IJKL")
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.kind == "error", timeout=30_000)
    assert page.message.text().startswith("The server http://127.0.0.1:9 cannot be reached.")
    assert page.offline_button.isVisible() and not wizard.next_button.isEnabled()
    qtbot.mouseClick(page.offline_button, Qt.MouseButton.LeftButton)
    assert page.standalone_radio.isChecked() and wizard.next_button.isEnabled()
    press_next(qtbot, wizard)
    assert isinstance(wizard.page, CameraPage) and not wizard.setup.registered


# --- run again, layout ---------------------------------------------------------------------------


def test_run_again_saves_the_settings_and_adds_a_manager(qtbot: QtBot, demo: object, tmp_path: Path) -> None:
    from pos_app.terminal import Terminal
    from pos_app.ui.context import Cashier, Context
    from pos_app.ui.worker import Worker

    assert isinstance(demo, Terminal)
    worker = Worker()
    ctx = Context(worker, demo.options, terminal=demo, cashier=Cashier("manager", "Manager", "manager"))
    parent = QWidget()
    qtbot.addWidget(parent)
    again = flow.run_again_button(parent, ctx)
    assert again.text() == "Run setup again"
    again.click()
    dialog = parent.findChild(QDialog, "setupAgain")
    assert dialog is not None and dialog.isVisible()
    wizard = dialog.wizard  # type: ignore[attr-defined]
    assert wizard.setup.printer == demo.options.printer  # prefilled from the settings
    for _ in range(3):
        if isinstance(wizard.page, ServerPage):
            wizard.page.standalone_radio.click()
        press_next(qtbot, wizard)
    page = wizard.page
    assert isinstance(page, CameraPage)
    press_next(qtbot, wizard)
    printer = wizard.page
    assert isinstance(printer, PrinterPage)
    printer.kind.setCurrentIndex(printer.kind.findData("network"))
    qtbot.keyClicks(printer.target, "192.0.2.10:9100")
    press_next(qtbot, wizard)
    manager(qtbot, wizard, name="Second Manager", pin="8642", again="8642")
    with qtbot.waitSignal(wizard.completed, timeout=30_000):
        press_next(qtbot, wizard)
    assert ctx.options.printer == "network"
    assert Options.load(demo.data_dir).printer_target == "192.0.2.10:9100"
    assert demo.sign_in("8642").role == "manager"
    assert not dialog.isVisible()
    worker.wait()


@pytest.mark.parametrize("language", ["en", "it", "ro", "ko"])
def test_every_step_fits_1024x768(qtbot: QtBot, qapp: QApplication, tmp_path: Path, make_wizard: Make,
                                  language: str) -> None:
    prepare(qapp, language)
    wizard = make_wizard(tmp_path / "d", setup=steps.Setup(language=language))
    for index in range(len(wizard.pages)):
        wizard.go(index)
        wait_idle(qtbot, wizard)
        QApplication.processEvents()
        assert (wizard.width(), wizard.height()) == (1024, 768), (language, index)
        assert clipped(wizard) == [], (language, wizard.page.title())
        # the longest sentence a step says, with its offer to go on standalone
        wizard.page.message.show_message("error", registration_text(UNREACHABLE, "https://loyalty.example.com"))
        QApplication.processEvents()
        assert clipped(wizard) == [], (language, wizard.page.title(), "with a message")


# --- the hook in pos_app.ui.app ------------------------------------------------------------------


def test_the_window_opens_the_wizard_on_a_new_data_dir(qapp: QApplication, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[list[str]] = []

    def fake_exec() -> int:  # instead of the event loop: which top-level windows are up
        shown.append(sorted(type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()))
        for widget in QApplication.topLevelWidgets():
            widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app_module.run(tmp_path / "fresh") == 0
    assert "SetupWizard" in shown[0] and "MainWindow" not in shown[0]
    assert not (tmp_path / "fresh" / "terminal.db").exists()  # nothing is written before Finish


def test_demo_opens_straight_on_the_demo_data(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[list[str]] = []

    def fake_exec() -> int:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        shown.append(sorted(type(w).__name__ for w in windows))
        main = next(w for w in windows if isinstance(w, MainWindow))
        qtbot.waitUntil(lambda: main.terminal is not None, timeout=60_000)  # seeded on its worker
        for widget in windows:
            widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app_module.run(tmp_path / "demo", demo=True) == 0
    assert "MainWindow" in shown[0] and "SetupWizard" not in shown[0]


def test_a_setup_left_half_way_comes_back(tmp_path: Path) -> None:
    from pos_app.terminal import initialize

    initialize(tmp_path)
    assert not needed(tmp_path)
    (tmp_path / steps.PENDING).touch()  # registered, then the wizard was closed before Finish
    assert needed(tmp_path)


def test_a_store_in_another_country_is_said_and_the_code_stays_good(qtbot: QtBot, tmp_path: Path,
                                                                      server: LiveServer,
                                                                      make_wizard: Make) -> None:
    wizard = make_wizard(tmp_path / "till")
    page = to_server_step(qtbot, wizard, "KR")  # the demo store is in Romania
    qtbot.keyClicks(page.url, server.url)
    qtbot.keyClicks(page.code, server.new_code("demo", "Till 8")["code"])
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.kind == "error", timeout=30_000)
    assert page.message.text() == ("The server's store demo is in RO, not in KR: choose RO on the previous "
                                   "step, or check the registration code.")
    wizard.back()
    region = wizard.page
    assert isinstance(region, RegionPage)
    region.pick("RO")
    press_next(qtbot, wizard)
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)  # the same code, not spent
    qtbot.waitUntil(lambda: page.message.kind == "ok", timeout=30_000)
    assert wizard.setup.registered

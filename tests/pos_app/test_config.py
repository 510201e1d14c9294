"""config.toml: every option checked for type and range when loaded, one line naming key and file if wrong."""

from __future__ import annotations

import dataclasses
import logging
import stat
from pathlib import Path

import pytest

from pos_app.config import CONFIG_NAME, LANGUAGES, Options
from pos_app.core.errors import Code, InvalidInput


def write(data_dir: Path, text: str) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / CONFIG_NAME
    path.write_text(text, encoding="utf-8")
    return path


def refusal(data_dir: Path, text: str) -> InvalidInput:
    write(data_dir, text)
    with pytest.raises(InvalidInput) as caught:
        Options.load(data_dir)
    return caught.value


def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    assert Options.load(tmp_path) == Options()
    assert Options().idle_lock_seconds == 300 and Options().language == ""


def test_save_then_load_round_trip_owner_only(tmp_path: Path) -> None:
    chosen = Options(language="ro", idle_lock_seconds=600, camera="rtsp://10.0.0.5/cam", camera_width=1920,
                     camera_height=1080, scan_cooldown_seconds=0, sync_interval_seconds=5,
                     default_country_code="+40", undo_window_seconds=0)
    chosen.save(tmp_path)
    assert Options.load(tmp_path) == chosen
    assert stat.S_IMODE((tmp_path / CONFIG_NAME).stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [CONFIG_NAME]  # no temporary file left behind


def test_every_default_passes_its_own_rule(tmp_path: Path) -> None:
    Options().save(tmp_path)
    assert Options.load(tmp_path) == Options()
    assert all("rule" in f.metadata for f in dataclasses.fields(Options))


def test_a_text_where_seconds_are_due_names_key_file_and_value(tmp_path: Path) -> None:
    error = refusal(tmp_path, 'idle_lock_seconds = "five minutes"\n')
    path = str(tmp_path / CONFIG_NAME)
    assert error.code == Code.CONFIG_VALUE
    assert error.params["key"] == "idle_lock_seconds" and error.params["file"] == path
    assert error.params["value"] == "'five minutes'"
    assert error.message == (f"{path}: idle_lock_seconds must be 0 (never lock) or a whole number of seconds "
                             "from 10 to 86400, got 'five minutes'")
    assert "\n" not in error.message


@pytest.mark.parametrize(("line", "key"), [
    ("idle_lock_seconds = 5.7", "idle_lock_seconds"),  # never truncated to 5
    ("idle_lock_seconds = 300.0", "idle_lock_seconds"),
    ('sync_interval_seconds = "30"', "sync_interval_seconds"),
    ("camera_width = true", "camera_width"),  # a bool is not a number here
    ("undo_window_seconds = [120]", "undo_window_seconds"),
    ("language = 1", "language"),
    ("camera = 0", "camera"),  # a camera index is written as text: camera = "0"
    ("default_country_code = 40", "default_country_code"),
    ("region = 40", "region"),
    ("printer_points_slip = 1", "printer_points_slip"),  # a flag is true or false, not a number
    ('printer_points_slip = "yes"', "printer_points_slip"),
    ("printer_target = 9100", "printer_target"),
])
def test_wrong_types_are_refused(tmp_path: Path, line: str, key: str) -> None:
    error = refusal(tmp_path, line + "\n")
    assert (error.code, error.params["key"]) == (Code.CONFIG_VALUE, key)
    assert key in error.message and str(tmp_path / CONFIG_NAME) in error.message


@pytest.mark.parametrize("line", [
    "idle_lock_seconds = 5", "idle_lock_seconds = -1", "idle_lock_seconds = 86401",
    "camera_width = 0", "camera_height = -720", "sync_interval_seconds = 0",
    "scan_cooldown_seconds = -1", "undo_window_seconds = -5",
    'language = "fr"', 'language = "EN"', 'default_country_code = "40"', 'default_country_code = "+"',
    'default_country_code = "+4000"', 'default_country_code = "+999"',  # no region has +999
    'region = "ro"', 'region = "XX"', 'region = "ROU"', 'region = "Romania"', 'region = "+40"',
    'printer = "serial"', 'printer = "Network"', "printer_width = 10", "printer_timeout_seconds = 0",
    "printer_timeout_seconds = 31",
])
def test_values_out_of_range_are_refused(tmp_path: Path, line: str) -> None:
    error = refusal(tmp_path, line + "\n")
    assert error.code == Code.CONFIG_VALUE and error.params["key"] == line.split(" = ")[0]


@pytest.mark.parametrize(("line", "attribute", "value"), [
    ("idle_lock_seconds = 0", "idle_lock_seconds", 0),  # never lock
    ("idle_lock_seconds = 10", "idle_lock_seconds", 10),
    ("idle_lock_seconds = 86400", "idle_lock_seconds", 86400),
    ("scan_cooldown_seconds = 0", "scan_cooldown_seconds", 0),
    ("sync_interval_seconds = 1", "sync_interval_seconds", 1),
    ('language = ""', "language", ""),
    ('default_country_code = "+40"', "default_country_code", "+40"),
    ('default_country_code = "+1"', "default_country_code", "+1"),
    ('region = "RO"', "region", "RO"),
    ('region = "IT"', "region", "IT"),
    ('region = ""', "region", ""),
    ('camera = "/dev/video0"', "camera", "/dev/video0"),
    ('printer = "network"', "printer", "network"),
    ('printer_target = "192.0.2.10:9100"', "printer_target", "192.0.2.10:9100"),
    ("printer_points_slip = true", "printer_points_slip", True),
    ("printer_width = 32", "printer_width", 32),
])
def test_values_in_range_are_kept(tmp_path: Path, line: str, attribute: str, value: object) -> None:
    write(tmp_path, line + "\n")
    assert getattr(Options.load(tmp_path), attribute) == value


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_window_language_is_accepted(tmp_path: Path, language: str) -> None:
    write(tmp_path, f'language = "{language}"\n')
    assert Options.load(tmp_path).language == language


def test_the_languages_are_the_windows() -> None:
    from pos_app.ui import i18n

    assert set(LANGUAGES) == set(i18n.LANGUAGES)


def test_a_file_that_is_not_toml_is_unreadable(tmp_path: Path) -> None:
    error = refusal(tmp_path, "idle_lock_seconds = = 5\n")
    assert error.code == Code.CONFIG_UNREADABLE and error.params["file"] == str(tmp_path / CONFIG_NAME)
    assert error.message.startswith(f"{tmp_path / CONFIG_NAME}: not valid TOML (")
    assert "\n" not in error.message


def test_a_file_that_is_not_utf8_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_bytes(b'camera = "\xff\xfe"\n')
    with pytest.raises(InvalidInput) as caught:
        Options.load(tmp_path)
    assert caught.value.code == Code.CONFIG_UNREADABLE and "UTF-8" in caught.value.message


@pytest.mark.allow_log("tessera.config", "unknown key")
def test_unknown_keys_are_ignored_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write(tmp_path, 'idle_lock_seconds = 60\ndrawer = "lp0"\n[future]\nx = 1\n')
    with caplog.at_level(logging.WARNING, logger="tessera.config"):
        options = Options.load(tmp_path)
    assert options == Options(idle_lock_seconds=60)
    warned = [r for r in caplog.records if r.name == "tessera.config" and r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warned] == [f"{tmp_path / CONFIG_NAME}: unknown key 'drawer' ignored",
                                                f"{tmp_path / CONFIG_NAME}: unknown key 'future' ignored"]


@pytest.mark.parametrize(("text", "region"), [
    ("", ""), ('region = "IT"\n', "IT"), ('default_country_code = "+40"\n', "RO"),
    ('default_country_code = "+1"\n', "US"),
    ('region = "KR"\ndefault_country_code = "+40"\n', "KR"),  # region wins over the older setting
])
def test_the_phone_region_comes_from_region_else_the_calling_code(tmp_path: Path, text: str,
                                                                   region: str) -> None:
    write(tmp_path, text)
    assert Options.load(tmp_path).phone_region == region


def test_a_wrong_region_names_what_is_expected(tmp_path: Path) -> None:
    error = refusal(tmp_path, 'region = "ro"\n')
    assert error.message == (f"{tmp_path / CONFIG_NAME}: region must be a two-letter region in capitals like "
                             "\"RO\", \"IT\" or \"KR\", or \"\" for the store's, got 'ro'")


def test_online_wait_is_what_the_sync_agent_waits_for_online_answers(tmp_path: Path) -> None:
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import initialize

    initialize(tmp_path)
    default = SyncAgent(tmp_path)
    assert default.online_wait == 1.5
    default.close()
    dataclasses.replace(Options.load(tmp_path), online_wait_ms=20_000).save(tmp_path)
    agent = SyncAgent(tmp_path)
    try:
        assert agent.online_wait == 20.0
    finally:
        agent.close()
    error = refusal(tmp_path, "online_wait_ms = 100\n")
    assert error.params["key"] == "online_wait_ms" and "from 200 to 30000" in error.message

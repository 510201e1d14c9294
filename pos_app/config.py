"""Terminal options, each declared once with its type, default and allowed values, stored in config.toml.

Only settings live here; secrets (the terminal token) are in a separate 0600 file.
Loading checks every value: a wrong type (a text or a fraction where a whole
number is due, true/false for a number) or a value out of range is refused with
one line naming the key and the file, never truncated or coerced. Keys this
version does not know are ignored with a warning: a newer terminal may have
written them.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

import platformdirs
import tomli_w

from pos_app.base.clock import zone_named
from pos_app.base.files import atomic_write_text
from pos_app.core.errors import Code, InvalidInput

log = logging.getLogger("tessera.config")

CONFIG_NAME = "config.toml"
ENV_DATA_DIR = "TESSERA_DATA_DIR"
# The window's translations (pos_app.ui.i18n.LANGUAGES, which loads Qt; a test keeps the two equal).
LANGUAGES = ("en", "it", "ro", "ko")


class Rule(Protocol):
    @property
    def expected(self) -> str: ...  # completes "KEY must be ..."

    def accepts(self, value: object) -> bool: ...


@dataclass(frozen=True)
class Whole:
    """A whole number from ``low`` to ``high``; with ``zero`` also 0, meaning ``zero`` (e.g. "never")."""

    unit: str
    low: int
    high: int
    zero: str = ""

    def accepts(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int):  # TOML true is not a number of seconds
            return False
        return self.low <= value <= self.high or (bool(self.zero) and value == 0)

    @property
    def expected(self) -> str:
        text = f"a whole number of {self.unit} from {self.low} to {self.high}"
        return f"0 ({self.zero}) or {text}" if self.zero else text


@dataclass(frozen=True)
class Text:
    """A string, optionally one of ``choices`` or matching ``pattern`` in full."""

    expected: str
    choices: tuple[str, ...] = ()
    pattern: str = ""

    def accepts(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        if self.choices:
            return value in self.choices
        return not self.pattern or re.fullmatch(self.pattern, value) is not None


@dataclass(frozen=True)
class RegionCode:
    """"" or an ISO 3166 alpha-2 region whose phone numbers are known ("RO", "IT", "KR"), upper case."""

    expected: str = 'a two-letter region in capitals like "RO", "IT" or "KR", or "" for the store\'s'

    def accepts(self, value: object) -> bool:
        from pos_app.core import contact  # phonenumbers loads for the commands that read phones only

        return isinstance(value, str) and (value == "" or contact.is_region(value))


@dataclass(frozen=True)
class ZoneName:
    """"" or an IANA time zone this machine knows ("Europe/Bucharest")."""

    expected: str = 'an IANA time zone like "Europe/Bucharest", or "" for the store\'s'

    def accepts(self, value: object) -> bool:
        return isinstance(value, str) and (value == "" or zone_named(value) is not None)


@dataclass(frozen=True)
class CallingCode:
    """"" or a calling code some region has: "+40", "+1"."""

    expected: str = 'a calling code like "+40", or "" for none'

    def accepts(self, value: object) -> bool:
        from pos_app.core import contact

        if not isinstance(value, str) or re.fullmatch(r"\+[1-9][0-9]{0,2}|", value) is None:
            return False
        return value == "" or bool(contact.region_for_calling_code(value))


@dataclass(frozen=True)
class Flag:
    """true or false (TOML booleans only: 1 or "yes" is refused, not guessed)."""

    expected: str = "true or false"

    def accepts(self, value: object) -> bool:
        return isinstance(value, bool)


def option(default: Any, rule: Rule) -> Any:
    """A dataclass field with its default and the rule its loaded value must pass."""
    return field(default=default, metadata={"rule": rule})


_LANGUAGE_LIST = ", ".join(f'"{code}"' for code in LANGUAGES)


@dataclass
class Options:
    language: str = option("", Text(f'one of {_LANGUAGE_LIST}, or "" for the computer\'s language',
                                    choices=("", *LANGUAGES)))
    idle_lock_seconds: int = option(300, Whole("seconds", 10, 86_400, zero="never lock"))
    # camera index, a video file, an image folder or a URL; empty: none
    camera: str = option("", Text("text: a camera number, a video file, an image folder or a URL"))
    camera_width: int = option(1280, Whole("pixels", 1, 16_384))
    camera_height: int = option(720, Whole("pixels", 1, 16_384))
    scan_cooldown_seconds: int = option(3, Whole("seconds", 0, 3_600))
    sync_interval_seconds: int = option(30, Whole("seconds", 1, 86_400))
    # Phones typed without "+" are read in this region: "0721..." in "RO" is "+40721...". "": the store's
    # region (init --region, the server's store); set here, it overrides that.
    region: str = option("", RegionCode())
    # Older name of the same setting, still read: "+40" means region "RO" unless region is set.
    default_country_code: str = option("", CallingCode())
    # The shop's wall clock (days of the reports and audit, hours, promotions): "" is the store's zone
    # the server gave at registration, else this machine's. Set here, it overrides both.
    time_zone: str = option("", ZoneName())
    undo_window_seconds: int = option(120, Whole("seconds", 0, 86_400))
    # How long a till waits for the server's answer online (a voucher check or use, a redemption's
    # confirmation, another till's sale for a refund, the duplicate check of an enrollment) before its
    # offline rules apply. Longer on a slow shop link; the cashier waits that long when the link is down.
    online_wait_ms: int = option(1500, Whole("milliseconds", 200, 30_000))
    # ESC/POS receipt printer (pos_app.printer): "none" prints vouchers and cards as PDF only
    printer: str = option("none", Text('one of "none", "file", "network", "usb"',
                                       choices=("none", "file", "network", "usb")))
    # what printer names: a file path, host:port (port 9100 if left out) or vendor:product in hex
    printer_target: str = option("", Text("text: a file path, host:port or vendor:product such as 04b8:0202"))
    printer_points_slip: bool = option(False, Flag())  # a points slip after every sale
    printer_width: int = option(42, Whole("characters", 24, 64))  # 80 mm paper: 42 or 48; 58 mm: 32
    printer_timeout_seconds: int = option(3, Whole("seconds", 1, 30))

    @property
    def phone_region(self) -> str:
        """The region this file sets for phone numbers ("" if none): ``region``, else the calling code's."""
        if self.region:
            return self.region
        from pos_app.core import contact

        return contact.region_for_calling_code(self.default_country_code) if self.default_country_code else ""

    @classmethod
    def load(cls, data_dir: Path) -> Options:
        """The options in ``data_dir``'s config.toml (defaults when there is none); InvalidInput if wrong."""
        path = data_dir / CONFIG_NAME
        raw = _read(path)
        rules: dict[str, Rule] = {f.name: f.metadata["rule"] for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in raw.items():
            rule = rules.get(key)
            if rule is None:
                log.warning("%s: unknown key %r ignored", path, key)
            elif not rule.accepts(value):
                raise InvalidInput(Code.CONFIG_VALUE, file=str(path), key=key, expected=rule.expected,
                                   value=repr(value))
            else:
                values[key] = value
        return cls(**values)

    def save(self, data_dir: Path) -> None:
        atomic_write_text(data_dir / CONFIG_NAME, tomli_w.dumps(asdict(self)))


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise InvalidInput(Code.CONFIG_UNREADABLE, file=str(path), detail="not UTF-8 text") from None
    except OSError as exc:
        raise InvalidInput(Code.CONFIG_UNREADABLE, file=str(path), detail=exc.strerror or str(exc)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(Code.CONFIG_UNREADABLE, file=str(path), detail=f"not valid TOML ({exc})") from None


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("tessera", appauthor=False))


def ensure_data_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path

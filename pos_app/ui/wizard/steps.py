"""The first-run wizard's choices and their checks, without widgets (the pages ask these).

Nothing here imports Qt, so the rules are tested as plain functions. A check answers with a
short problem key (one of :data:`PROBLEMS`), which the pages translate, or "" when fine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pos_app.config import CONFIG_NAME, LANGUAGES, Options
from pos_app.core import pins
from pos_app.core.errors import InvalidInput

DB_NAME = "terminal.db"
# Written before the wizard first touches the data dir, removed when it finished: a wizard cancelled
# after registering (the database exists, no manager yet) comes back at the next start.
PENDING = "setup-pending"
# The regions offered first (the chain's countries); any other ISO 3166 code may be typed.
REGIONS = ("IT", "RO", "KR", "GB")
# The currency of each region the wizard offers (ISO 4217); the loyalty program decides in the end.
CURRENCIES = {"IT": "EUR", "RO": "RON", "KR": "KRW", "GB": "GBP", "DE": "EUR", "FR": "EUR", "ES": "EUR",
              "AT": "EUR", "NL": "EUR", "BE": "EUR", "PT": "EUR", "IE": "EUR", "US": "USD", "MD": "MDL"}
# What a language suggests as the store's region (the technician may change it).
REGION_OF_LANGUAGE = {"it": "IT", "ro": "RO", "ko": "KR", "en": "GB"}
PRINTER_KINDS = ("none", "file", "network", "usb")
MAX_MANAGER_NAME = 80

# problem keys
NAME_EMPTY, NAME_LONG = "name_empty", "name_long"
PIN_FORMAT, PIN_MISMATCH = "pin_format", "pin_mismatch"
REGION_UNKNOWN, URL_FORMAT, CODE_EMPTY = "region_unknown", "url_format", "code_empty"
CAMERA_MISSING, PRINTER_TARGET = "camera_missing", "printer_target"
PROBLEMS = (NAME_EMPTY, NAME_LONG, PIN_FORMAT, PIN_MISMATCH, REGION_UNKNOWN, URL_FORMAT, CODE_EMPTY,
            CAMERA_MISSING, PRINTER_TARGET)


@dataclass
class Setup:
    """Everything the wizard collected; :meth:`options` turns it into config.toml's Options."""

    language: str = "en"
    region: str = "IT"
    server_url: str = ""
    registered: bool = False  # registration succeeded (the data dir already holds the database)
    camera: str = ""
    printer: str = "none"
    printer_target: str = ""
    manager_name: str = ""
    manager_pin: str = ""

    def options(self, base: Options | None = None) -> Options:
        """``base`` (the current options when run again) with the wizard's choices set."""
        chosen = Options() if base is None else Options(**vars(base))
        chosen.language = self.language if self.language in LANGUAGES else ""
        chosen.region = self.region
        chosen.camera = self.camera
        chosen.printer = self.printer
        chosen.printer_target = self.printer_target if self.printer != "none" else ""
        return chosen


def needed(data_dir: Path) -> bool:
    """Whether the window must run the wizard first: no database yet, or a setup left half-way.

    Only file checks: it runs on the GUI thread before anything else loads.
    """
    return not (data_dir / DB_NAME).exists() or (data_dir / PENDING).exists()


def has_config(data_dir: Path) -> bool:
    return (data_dir / CONFIG_NAME).exists()


def currency_for(region: str) -> str:
    """The region's currency, "" if the wizard does not know it."""
    return CURRENCIES.get(region, "")


def check_region(text: str) -> str:
    from pos_app.core import contact  # phonenumbers: loaded when a region is checked

    return "" if contact.is_region(text.strip().upper()) else REGION_UNKNOWN


def check_server(url: str, code: str) -> str:
    if re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/.*)?", url.strip()) is None:
        return URL_FORMAT
    return "" if code.strip() else CODE_EMPTY


def check_camera(source: str) -> str:
    """"" (none), a camera number, a URL, or a video file / image folder that exists."""
    text = source.strip()
    if not text or text.isdigit() or re.match(r"[a-z]+://", text):
        return ""
    return "" if Path(text).exists() else CAMERA_MISSING


def check_printer(kind: str, target: str) -> str:
    from pos_app.printer import device  # no escpos here: parse only reads the text

    try:
        device.parse(kind, target)
    except device.PrinterError:
        return PRINTER_TARGET
    return ""


def check_manager(name: str, pin: str, again: str) -> str:
    """The first manager: a name, a PIN of the cashier rules (pos_app.core.pins) typed twice alike."""
    if not name.strip():
        return NAME_EMPTY
    if len(name.strip()) > MAX_MANAGER_NAME:
        return NAME_LONG
    try:
        pins.validate_pin(pin)
    except InvalidInput:
        return PIN_FORMAT
    return "" if pin == again else PIN_MISMATCH


def manager_id(name: str, unique: str = "") -> str:
    """A cashier id from the manager's name ("Maria Rossi" -> "maria-rossi"); "manager" if none fits.

    ``unique`` is appended on a terminal that has cashiers already: an id in use would give that
    cashier a new name and PIN instead of adding a manager.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")[:32] or "manager"
    return f"{slug}-{unique}" if unique else slug

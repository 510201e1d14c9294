"""Refusals in the cashier's language, chosen by error code.

Every ``DomainError``/``InvalidInput`` carries a stable ``code`` and its typed
``params`` (see :mod:`pos_app.core.errors`). The window never reads the English
sentence: :data:`TEXTS` gives each code a source text of context ``Messages``
(marked with ``QT_TRANSLATE_NOOP`` so lupdate finds it, translated when shown)
and the names of the parameters that fill its ``%1``, ``%2``, ... in order.

Codes a cashier can meet get their own sentence. Technical ones (a broken
program file, a server command's refusal) get a translated lead with the
English sentence as its detail (:data:`DETAIL`): a manager can still repeat it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtCore import QCoreApplication as QCA

from pos_app.core.errors import Code, Param, TesseraError, render
from pos_app.core.rewards import Eligibility

CONTEXT = "Messages"
DETAIL = "message"  # a name standing for the error's English sentence, not for one of its params


@dataclass(frozen=True)
class Text:
    source: str  # English source text of context "Messages"; the .ts files translate it
    names: tuple[str, ...] = ()  # what fills %1, %2, ...: a param name, or DETAIL


def _t(source: object, *names: str) -> Text:
    return Text(str(source), names)


_SOMETHING_WRONG = _t(QT_TRANSLATE_NOOP("Messages", "Something went wrong: %1"), DETAIL)
_BAD_PROGRAM = _t(QT_TRANSLATE_NOOP("Messages", "The loyalty program is not valid: %1"), DETAIL)
_BAD_SETTINGS = _t(QT_TRANSLATE_NOOP("Messages", "The settings file is not valid: %1"), DETAIL)
_BAD_AMOUNT = _t(QT_TRANSLATE_NOOP("Messages", "Type the amount as digits, e.g. 12.50."))
_NOT_POSITIVE = _t(QT_TRANSLATE_NOOP("Messages", "The amount must be more than zero."))
_BAD_PHONE = _t(QT_TRANSLATE_NOOP("Messages", "That phone number is not valid."))
_BAD_QR = _t(QT_TRANSLATE_NOOP("Messages", "This QR code is not a valid member code."))
_VERSION_TAKEN = _t(QT_TRANSLATE_NOOP(
    "Messages", "Program version %1 already exists with other rules."), "version")

TEXTS: Mapping[Code, Text] = {
    # generic
    Code.REFUSED: _t(QT_TRANSLATE_NOOP("Messages", "The request was refused.")),
    Code.INVALID: _t(QT_TRANSLATE_NOOP("Messages", "That input is not valid.")),
    # cards and members
    Code.CARD_BODY_LENGTH: _t(QT_TRANSLATE_NOOP("Messages", "That card number is not valid.")),
    Code.CARD_LENGTH: _t(QT_TRANSLATE_NOOP("Messages", "A card number has 13 digits.")),
    Code.BAD_CHECK_DIGIT: _t(QT_TRANSLATE_NOOP(
        "Messages", "That card number is mistyped: please check the digits.")),
    Code.UNKNOWN_CARD: _t(QT_TRANSLATE_NOOP("Messages", "No member has card %1."), "card"),
    Code.UNKNOWN_PHONE: _t(QT_TRANSLATE_NOOP("Messages", "No member has that phone number.")),
    Code.NOT_CARD_OR_PHONE: _t(QT_TRANSLATE_NOOP(
        "Messages", "That is neither a card number nor a phone number.")),
    Code.DUPLICATE_CONTACT: _t(QT_TRANSLATE_NOOP(
        "Messages", "%1 is already a member with this phone or e-mail (card %2)."), "name", "card"),
    Code.DUPLICATE_CARD: _t(QT_TRANSLATE_NOOP("Messages", "Card %1 already belongs to a member."), "card"),
    Code.MEMBER_BLOCKED: _t(QT_TRANSLATE_NOOP("Messages", "This member is blocked: please ask a manager.")),
    Code.NAME_MISSING: _t(QT_TRANSLATE_NOOP("Messages", "A member needs a name.")),
    Code.NAME_TOO_LONG: _t(QT_TRANSLATE_NOOP("Messages", "The name is longer than 200 characters.")),
    Code.PHONE_EMPTY: _BAD_PHONE,
    Code.PHONE_INVALID: _BAD_PHONE,
    Code.PHONE_LENGTH: _BAD_PHONE,
    Code.EMAIL_INVALID: _t(QT_TRANSLATE_NOOP("Messages", "That e-mail address is not valid.")),
    Code.NAME_CONTROL: _t(QT_TRANSLATE_NOOP(
        "Messages", "The name contains characters that are not allowed.")),
    Code.PHONE_NEEDS_REGION: _t(QT_TRANSLATE_NOOP(
        "Messages", "Type the phone number with its country code, e.g. +40 721 555 010.")),
    # money
    Code.CURRENCY_UNSUPPORTED: _t(QT_TRANSLATE_NOOP(
        "Messages", "The currency %1 is not supported."), "currency"),
    Code.AMOUNT_NOT_TEXT: _BAD_AMOUNT,
    Code.AMOUNT_INVALID: _BAD_AMOUNT,
    Code.AMOUNT_FORMAT: _BAD_AMOUNT,
    Code.AMOUNT_NO_DECIMALS: _t(QT_TRANSLATE_NOOP("Messages", "This currency has no decimals.")),
    Code.AMOUNT_DECIMALS: _t(QT_TRANSLATE_NOOP("Messages", "At most %1 decimals."), "decimals"),
    Code.AMOUNT_TOO_LARGE: _t(QT_TRANSLATE_NOOP("Messages", "That amount is too large.")),
    Code.AMOUNT_NOT_POSITIVE: _NOT_POSITIVE,
    # sales, refunds, corrections
    Code.SALE_AMOUNT_NOT_POSITIVE: _NOT_POSITIVE,
    Code.RECEIPT_LENGTH: _t(QT_TRANSLATE_NOOP("Messages", "A receipt number is 1 to 64 characters.")),
    Code.RECEIPT_REUSED: _t(QT_TRANSLATE_NOOP(
        "Messages", "Receipt %1 was already used for another sale."), "receipt"),
    Code.UNKNOWN_RECEIPT: _t(QT_TRANSLATE_NOOP("Messages", "No sale has receipt %1."), "receipt"),
    Code.REFUND_AMOUNT_NOT_POSITIVE: _t(QT_TRANSLATE_NOOP(
        "Messages", "A refund amount must be more than zero.")),
    Code.RECEIPT_REFUNDED: _t(QT_TRANSLATE_NOOP(
        "Messages", "Receipt %1 is already fully refunded."), "receipt"),
    Code.REFUND_TOO_LARGE: _t(QT_TRANSLATE_NOOP(
        "Messages", "The refund is larger than what is left on receipt %1."), "receipt"),
    Code.REVERSAL_OF_REVERSAL: _t(QT_TRANSLATE_NOOP("Messages", "A reversal cannot be reversed.")),
    Code.ADJUST_ZERO: _t(QT_TRANSLATE_NOOP(
        "Messages", "A correction changes the balance by a number of points other than zero.")),
    Code.ADJUST_REASON: _t(QT_TRANSLATE_NOOP("Messages", "Type the reason for the correction.")),
    # points and rewards
    Code.NOT_ENOUGH_POINTS: _t(QT_TRANSLATE_NOOP(
        "Messages", "Not enough points: %1 available, %2 needed."), "available", "needed"),
    Code.UNKNOWN_REWARD: _t(QT_TRANSLATE_NOOP("Messages", "That reward is not in the catalog.")),
    Code.REWARD_OUT_OF_WINDOW: _t(QT_TRANSLATE_NOOP(
        "Messages", "%1 is not available at this time."), "reward"),
    Code.REWARD_TIER: _t(QT_TRANSLATE_NOOP("Messages", "%1 needs %2 tier or higher."), "reward", "tier"),
    Code.REWARD_LIMIT: _t(QT_TRANSLATE_NOOP(
        "Messages", "%1: limit per member reached (%2)."), "reward", "limit"),
    Code.REWARD_POINTS: _t(QT_TRANSLATE_NOOP(
        "Messages", "%1 needs %2 points; %3 available."), "reward", "cost", "available"),
    Code.OFFLINE_LIMIT: _t(QT_TRANSLATE_NOOP(
        "Messages", "Offline limit reached: %1 of %2 points left today until the terminal syncs."),
        "left", "limit"),
    # staff
    Code.PIN_FORMAT: _t(QT_TRANSLATE_NOOP("Messages", "A PIN is 4 to 6 digits.")),
    Code.PIN_IN_USE: _t(QT_TRANSLATE_NOOP(
        "Messages", "Another cashier already uses this PIN: choose another.")),
    Code.ROLE_INVALID: _t(QT_TRANSLATE_NOOP("Messages", "The role is cashier or manager.")),
    Code.WRONG_PIN: _t(QT_TRANSLATE_NOOP("Messages", "Wrong PIN.")),
    Code.PIN_LOCKED: _t(QT_TRANSLATE_NOOP("Messages", "Too many wrong PINs: try again in %1 s."), "seconds"),
    Code.PIN_PAD_LOCKED: _t(QT_TRANSLATE_NOOP(
        "Messages", "Too many wrong PINs: the PIN pad is locked for %1 s."), "seconds"),
    # member QR codes
    Code.QR_MALFORMED: _BAD_QR,
    Code.QR_BAD_CARD: _BAD_QR,
    Code.QR_UNKNOWN_KEY: _t(QT_TRANSLATE_NOOP(
        "Messages", "This terminal does not know this member code yet: sync and retry.")),
    Code.QR_FORGED: _t(QT_TRANSLATE_NOOP("Messages", "This member code is not genuine.")),
    Code.QR_FUTURE: _t(QT_TRANSLATE_NOOP(
        "Messages", "This member code is dated in the future: check the terminal clock.")),
    Code.QR_EXPIRED: _t(QT_TRANSLATE_NOOP(
        "Messages", "This member code has expired: ask the member to refresh it.")),
    Code.QR_REPLAYED: _t(QT_TRANSLATE_NOOP(
        "Messages", "This member code was already used: ask the member to refresh it.")),
    Code.TOKEN_TIMES_NAIVE: _SOMETHING_WRONG,
    Code.KEY_ID_LENGTH: _SOMETHING_WRONG,
    Code.PUBLIC_KEY_FORMAT: _SOMETHING_WRONG,
    # the loyalty program file
    Code.PROGRAM_TOML: _BAD_PROGRAM,
    Code.PROGRAM_REQUIRED: _BAD_PROGRAM,
    Code.PROGRAM_INTEGER: _BAD_PROGRAM,
    Code.PROGRAM_MINIMUM: _BAD_PROGRAM,
    Code.PROGRAM_MAXIMUM: _BAD_PROGRAM,
    Code.PROGRAM_AMOUNT: _BAD_PROGRAM,
    Code.PROGRAM_STRING: _BAD_PROGRAM,
    Code.PROGRAM_DATE: _BAD_PROGRAM,
    Code.PROGRAM_TABLES: _BAD_PROGRAM,
    Code.PROGRAM_WINDOW_ORDER: _BAD_PROGRAM,
    Code.PROGRAM_WEEKDAYS: _BAD_PROGRAM,
    Code.PROGRAM_HOURS: _BAD_PROGRAM,
    Code.PROGRAM_BASE_TIER: _BAD_PROGRAM,
    Code.PROGRAM_TIER_IDS: _BAD_PROGRAM,
    Code.PROGRAM_UNKNOWN_TIER: _BAD_PROGRAM,
    Code.PROGRAM_REWARD_KIND: _BAD_PROGRAM,
    Code.PROGRAM_REWARD_TIER: _BAD_PROGRAM,
    Code.PROGRAM_REWARD_PERCENT: _BAD_PROGRAM,
    Code.PROGRAM_REWARD_IDS: _BAD_PROGRAM,
    Code.PROGRAM_VERSION_CONFLICT: _VERSION_TAKEN,
    Code.PROGRAM_VERSION_TAKEN: _VERSION_TAKEN,
    Code.NO_PROGRAM: _t(QT_TRANSLATE_NOOP("Messages", "No loyalty program is loaded: sync with the server.")),
    Code.SERVER_PROGRAM_MISSING: _t(QT_TRANSLATE_NOOP(
        "Messages", "The server did not send its active program version %1."), "version"),
    # this terminal, its files and its server
    Code.NO_DATABASE: _t(QT_TRANSLATE_NOOP(
        "Messages", "No terminal database in %1: run tessera-pos init first."), "data_dir"),
    Code.CONFIG_VALUE: _BAD_SETTINGS,
    Code.CONFIG_UNREADABLE: _BAD_SETTINGS,
    Code.SERVER_URL: _t(QT_TRANSLATE_NOOP(
        "Messages", "The server address must look like https://host:port.")),
    Code.NOT_REGISTERED: _t(QT_TRANSLATE_NOOP(
        "Messages", "This terminal is not registered: run tessera-pos register.")),
    Code.DATA_DIR_UNUSABLE: _SOMETHING_WRONG,
    Code.SYNC_FAILED: _SOMETHING_WRONG,
    Code.REGISTRATION_FAILED: _t(QT_TRANSLATE_NOOP("Messages", "Registration failed: %1"), "reason"),
    Code.REGISTRATION_CODE: _t(QT_TRANSLATE_NOOP(
        "Messages", "A registration code has 4 to 64 characters; this one has %1."), "length"),
    # the server's command line: never shown by the window, named all the same
    Code.CANNOT_READ: _SOMETHING_WRONG,
    Code.STORE_ID_LENGTH: _SOMETHING_WRONG,
    Code.UNKNOWN_TERMINAL: _SOMETHING_WRONG,
    Code.IMPORT_DUPLICATE_CARD: _SOMETHING_WRONG,
    Code.IMPORT_OPENING_BALANCE: _SOMETHING_WRONG,
    Code.IMPORT_NO_STORE: _SOMETHING_WRONG,
    Code.IMPORT_FAILED: _SOMETHING_WRONG,
    Code.NO_QR_KEY: _SOMETHING_WRONG,
    Code.POINTS_TOO_LARGE: _SOMETHING_WRONG,
    Code.POINTS_FORMAT: _SOMETHING_WRONG,
    Code.IMPORT_OPENING_TOO_LARGE: _SOMETHING_WRONG,
    Code.STORE_TZ: _SOMETHING_WRONG,
    Code.CODE_SENDER: _SOMETHING_WRONG,
    Code.STORE_REGION: _SOMETHING_WRONG,
    Code.UNKNOWN_STORE: _SOMETHING_WRONG,
    Code.STORE_EXISTS: _SOMETHING_WRONG,
    Code.REPORT_PERIOD: _SOMETHING_WRONG,
    # issue 9, manager acts: only LAST_MANAGER can reach the window (a manager demoting the last manager)
    Code.NOT_A_MANAGER: _SOMETHING_WRONG,
    Code.MANAGER_PIN_REQUIRED: _SOMETHING_WRONG,
    Code.NO_MANAGER_YET: _SOMETHING_WRONG,
    Code.UNKNOWN_CASHIER: _SOMETHING_WRONG,
    Code.LAST_MANAGER: _t(QT_TRANSLATE_NOOP("Messages", "%1 is the last manager: add another manager first."),
                          "cashier"),
    # issue 9, one person one member: merging happens on the server's command line only
    Code.MERGE_SELF: _SOMETHING_WRONG,
    Code.MERGE_ALREADY: _SOMETHING_WRONG,
    Code.MERGE_OTHER_STORE: _SOMETHING_WRONG,
    # issue 9, vouchers: the scan field opens a voucher only for a well-formed code (no format error there)
    Code.VOUCHER_FORMAT: _SOMETHING_WRONG,
    Code.UNKNOWN_VOUCHER: _t(QT_TRANSLATE_NOOP("Messages", "No voucher has code %1."), "voucher"),
    Code.VOUCHER_USED: _t(QT_TRANSLATE_NOOP("Messages", "Voucher %1 was already used."), "voucher"),
    Code.VOUCHER_VOID: _t(QT_TRANSLATE_NOOP(
        "Messages", "Voucher %1 was voided: it cannot be used."), "voucher"),
    Code.VOUCHER_EXPIRED: _t(QT_TRANSLATE_NOOP("Messages", "Voucher %1 expired on %2."), "voucher", "date"),
    # issue 9, limits across the chain: the server refuses a reward out of stock (online redemption)
    Code.PROGRAM_STOCK_SCOPE: _BAD_PROGRAM,
    Code.REWARD_STOCK: _SOMETHING_WRONG,
    # issue 9, staff: registering is done on the command line only
    Code.REGION_MISMATCH: _SOMETHING_WRONG,
    # issue 9, the window: another till's receipt while the server cannot be reached (a pending refund)
    Code.RECEIPT_OFFLINE: _t(QT_TRANSLATE_NOOP(
        "Messages", "Receipt %1 was not rung on this till and the server cannot be reached now."), "receipt"),
    # the storage of this machine (CLI exit code 3): what to do, as the CLI says it
    Code.STORAGE_EMPTY: _t(QT_TRANSLATE_NOOP(
        "Messages", "The terminal database %1 is empty and was not replaced. Nothing can be sold until a "
                    "backup is restored (tessera-pos restore); newest backup: %2"), "path", "backup"),
    Code.STORAGE_NOT_DATABASE: _t(QT_TRANSLATE_NOOP(
        "Messages", "%1 is not a terminal database (its header is damaged). Restore a backup (tessera-pos "
                    "restore); newest backup: %2"), "path", "backup"),
    Code.STORAGE_TRUNCATED: _t(QT_TRANSLATE_NOOP(
        "Messages", "The terminal database %1 is truncated. Restore a backup (tessera-pos restore); newest "
                    "backup: %2"), "path", "backup"),
    Code.STORAGE_CORRUPT: _t(QT_TRANSLATE_NOOP(
        "Messages", "The terminal database %1 is damaged. Restore a backup (tessera-pos restore); newest "
                    "backup: %2"), "path", "backup"),
    Code.STORAGE_READONLY: _t(QT_TRANSLATE_NOOP(
        "Messages", "The terminal database %1 cannot be written. Nothing was saved: ask a technician to give "
                    "this user write access."), "path"),
    Code.STORAGE_FULL: _t(QT_TRANSLATE_NOOP(
        "Messages", "The disk is full. Nothing was saved: free some space, then try again.")),
    Code.STORAGE_IO: _t(QT_TRANSLATE_NOOP(
        "Messages", "The disk failed to read or write. Nothing was saved: run tessera-pos doctor.")),
    # backups: the settings screen restores one (pos_app.ui.settings), so a manager reads these there
    Code.BACKUP_UNUSABLE: _t(QT_TRANSLATE_NOOP(
        "Messages", "%1 is not a usable terminal backup: %2"), "path", "reason"),
    Code.BACKUP_OTHER_TERMINAL: _t(QT_TRANSLATE_NOOP(  # without the two terminal ids: the banner is short
        "Messages", "%1 is a backup of another terminal: it cannot be restored on this one."), "path"),
    Code.NO_BACKUP: _t(QT_TRANSLATE_NOOP("Messages", "There is no backup in %1."), "path"),
    # issue 12, a failed upgrade (undone from its backup), said at the PIN pad: what to do, as the CLI says it
    Code.MIGRATION_FAILED: _t(QT_TRANSLATE_NOOP(
        "Messages", "The terminal database %1 could not be upgraded from schema %2 to %3 (%4): it was put "
                    "back as it was from %5. Nothing was lost: reinstall the previous version of Tessera "
                    "and report this."), "path", "revision", "target", "reason", "backup"),
    Code.MIGRATION_NOT_UNDONE: _t(QT_TRANSLATE_NOOP(
        "Messages", "The terminal database %1 could not be upgraded (%2) and its backup could not be put "
                    "back (%3). Restore it with tessera-pos restore %4"), "path", "reason", "undo", "backup"),
    # HQ tokens: the command line's only
    Code.UNKNOWN_TOKEN: _SOMETHING_WRONG,
    # issue 12, receipt printers: shown after the sale or redemption was saved (pos_app.ui.receipts)
    Code.PRINTER_TARGET: _t(QT_TRANSLATE_NOOP(
        "Messages", "The receipt printer is not set up right: %1"), DETAIL),
    Code.PRINTER_UNREACHABLE: _t(QT_TRANSLATE_NOOP(
        "Messages", "The receipt printer %1 cannot be reached: check that it is on and connected."),
        "target"),
    Code.PRINTER_WRITE: _t(QT_TRANSLATE_NOOP(
        "Messages", "The receipt printer %1 stopped printing: check its paper and cable."), "target"),
    Code.PRINTER_NO_PAPER: _t(QT_TRANSLATE_NOOP(
        "Messages", "The receipt printer %1 is out of paper."), "target"),
    # the server's program load (command line, console): never a till's, the generic text
    Code.PROGRAM_ACTIVATION_FORMAT: _SOMETHING_WRONG,
    Code.PROGRAM_ACTIVATION_PAST: _SOMETHING_WRONG,
}



def _fill(template: str, values: Sequence[str]) -> str:
    """Qt-style ``%1``..``%9`` in one pass, so a value that itself holds "%2" stays as it is."""
    out: list[str] = []
    i = 0
    while i < len(template):
        marker = template[i + 1] if template[i] == "%" and i + 1 < len(template) else ""
        if marker.isdigit() and 1 <= int(marker) <= len(values):
            out.append(values[int(marker) - 1])
            i += 2
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


def _english(code: Code, params: Mapping[str, Param]) -> str:
    try:
        return render(code, params)
    except (KeyError, IndexError, ValueError):  # a raise site that forgot a param: say what we can
        return str(code)


def text(code: Code, params: Mapping[str, Param], english: str | None = None) -> str:
    """The cashier's sentence for ``code``, its parameters filled in by name."""
    entry = TEXTS.get(code)
    if entry is None:
        return english if english is not None else _english(code, params)
    detail = english if english is not None else _english(code, params)
    values = [detail if name == DETAIL else str(params.get(name, "")) for name in entry.names]
    return _fill(QCA.translate(CONTEXT, entry.source), values)


def refusal(verdict: Eligibility) -> str:
    """Why a reward may not be taken now, in the UI language ("" when it may)."""
    if verdict.allowed or verdict.code is None:
        return ""
    return text(verdict.code, verdict.params, verdict.reason or None)


def explain(error: BaseException) -> str:
    """What to show the cashier for a failed job."""
    if isinstance(error, TesseraError):
        return text(error.code, error.params, error.message)
    # not a refusal: something broke; say so, in its own words
    return _fill(QCA.translate(CONTEXT, _SOMETHING_WRONG.source), [str(error) or type(error).__name__])

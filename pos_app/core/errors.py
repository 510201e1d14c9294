"""Domain errors: a stable machine code, typed parameters, and a sentence a cashier can repeat.

Every refusal is raised as ``SomeError(Code.X, param=value, ...)``. The code is the
contract: the CLI prints the English sentence (and ``{code, message, params}``
with ``--json``), the server puts the code in its error bodies, and the cashier
window picks its translated text by code and fills in the parameters. The
English templates below are the one place the sentences live; a parameter
named in a template must be passed when the error is raised.

Codes are snake_case and stable: rename a sentence freely, never a code.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import ClassVar

Param = str | int


class Code(StrEnum):
    # generic
    REFUSED = "refused"
    INVALID = "invalid"
    # cards and members
    CARD_BODY_LENGTH = "card_body_length"
    CARD_LENGTH = "card_length"
    BAD_CHECK_DIGIT = "bad_check_digit"
    UNKNOWN_CARD = "unknown_card"
    UNKNOWN_PHONE = "unknown_phone"
    NOT_CARD_OR_PHONE = "not_card_or_phone"
    DUPLICATE_CONTACT = "duplicate_contact"
    DUPLICATE_CARD = "duplicate_card"
    MEMBER_BLOCKED = "member_blocked"
    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    PHONE_EMPTY = "phone_empty"
    PHONE_INVALID = "phone_invalid"
    PHONE_LENGTH = "phone_length"
    EMAIL_INVALID = "email_invalid"
    # money
    CURRENCY_UNSUPPORTED = "currency_unsupported"
    AMOUNT_NOT_TEXT = "amount_not_text"
    AMOUNT_INVALID = "amount_invalid"
    AMOUNT_FORMAT = "amount_format"
    AMOUNT_NO_DECIMALS = "amount_no_decimals"
    AMOUNT_DECIMALS = "amount_decimals"
    AMOUNT_TOO_LARGE = "amount_too_large"
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    # sales, refunds, corrections
    SALE_AMOUNT_NOT_POSITIVE = "sale_amount_not_positive"
    RECEIPT_LENGTH = "receipt_length"
    RECEIPT_REUSED = "receipt_reused"
    UNKNOWN_RECEIPT = "unknown_receipt"
    REFUND_AMOUNT_NOT_POSITIVE = "refund_amount_not_positive"
    RECEIPT_REFUNDED = "receipt_refunded"
    REFUND_TOO_LARGE = "refund_too_large"
    REVERSAL_OF_REVERSAL = "reversal_of_reversal"
    ADJUST_ZERO = "adjust_zero"
    ADJUST_REASON = "adjust_reason"
    # points and rewards
    NOT_ENOUGH_POINTS = "not_enough_points"
    UNKNOWN_REWARD = "unknown_reward"
    REWARD_OUT_OF_WINDOW = "reward_out_of_window"
    REWARD_TIER = "reward_tier"
    REWARD_LIMIT = "reward_limit"
    REWARD_POINTS = "reward_points"
    OFFLINE_LIMIT = "offline_limit"
    # staff
    PIN_FORMAT = "pin_format"
    PIN_IN_USE = "pin_in_use"
    ROLE_INVALID = "role_invalid"
    WRONG_PIN = "wrong_pin"
    PIN_LOCKED = "pin_locked"
    PIN_PAD_LOCKED = "pin_pad_locked"
    # member QR codes
    QR_MALFORMED = "qr_malformed"
    QR_BAD_CARD = "qr_bad_card"
    QR_UNKNOWN_KEY = "qr_unknown_key"
    QR_FORGED = "qr_forged"
    QR_FUTURE = "qr_future"
    QR_EXPIRED = "qr_expired"
    QR_REPLAYED = "qr_replayed"
    TOKEN_TIMES_NAIVE = "token_times_naive"
    KEY_ID_LENGTH = "key_id_length"
    PUBLIC_KEY_FORMAT = "public_key_format"
    # the loyalty program file
    PROGRAM_TOML = "program_toml"
    PROGRAM_REQUIRED = "program_required"
    PROGRAM_INTEGER = "program_integer"
    PROGRAM_MINIMUM = "program_minimum"
    PROGRAM_AMOUNT = "program_amount"
    PROGRAM_STRING = "program_string"
    PROGRAM_DATE = "program_date"
    PROGRAM_TABLES = "program_tables"
    PROGRAM_WINDOW_ORDER = "program_window_order"
    PROGRAM_WEEKDAYS = "program_weekdays"
    PROGRAM_HOURS = "program_hours"
    PROGRAM_BASE_TIER = "program_base_tier"
    PROGRAM_TIER_IDS = "program_tier_ids"
    PROGRAM_UNKNOWN_TIER = "program_unknown_tier"
    PROGRAM_REWARD_KIND = "program_reward_kind"
    PROGRAM_REWARD_TIER = "program_reward_tier"
    PROGRAM_REWARD_PERCENT = "program_reward_percent"
    PROGRAM_REWARD_IDS = "program_reward_ids"
    PROGRAM_VERSION_CONFLICT = "program_version_conflict"
    PROGRAM_VERSION_TAKEN = "program_version_taken"
    NO_PROGRAM = "no_program"
    SERVER_PROGRAM_MISSING = "server_program_missing"
    # this terminal, its files and its server
    NO_DATABASE = "no_database"
    CONFIG_VALUE = "config_value"
    CONFIG_UNREADABLE = "config_unreadable"
    SERVER_URL = "server_url"
    NOT_REGISTERED = "not_registered"
    DATA_DIR_UNUSABLE = "data_dir_unusable"
    SYNC_FAILED = "sync_failed"
    REGISTRATION_FAILED = "registration_failed"
    REGISTRATION_CODE = "registration_code"
    # the server's command line
    CANNOT_READ = "cannot_read"
    STORE_ID_LENGTH = "store_id_length"
    UNKNOWN_TERMINAL = "unknown_terminal"
    IMPORT_DUPLICATE_CARD = "import_duplicate_card"
    IMPORT_OPENING_BALANCE = "import_opening_balance"
    IMPORT_NO_STORE = "import_no_store"
    IMPORT_FAILED = "import_failed"
    NO_QR_KEY = "no_qr_key"
    # issue 9, server authority: stores' time zones and regions
    STORE_TZ = "store_tz"
    STORE_REGION = "store_region"
    UNKNOWN_STORE = "unknown_store"
    STORE_EXISTS = "store_exists"
    REPORT_PERIOD = "report_period"
    # issue 14, the member page
    CODE_SENDER = "code_sender"
    # issue 9, bad numbers and text: phones need a region, names no control characters, numbers caps
    PHONE_NEEDS_REGION = "phone_needs_region"
    NAME_CONTROL = "name_control"
    POINTS_TOO_LARGE = "points_too_large"
    POINTS_FORMAT = "points_format"
    IMPORT_OPENING_TOO_LARGE = "import_opening_too_large"
    # issue 9, manager acts: approved by a manager's PIN
    NOT_A_MANAGER = "not_a_manager"
    MANAGER_PIN_REQUIRED = "manager_pin_required"
    NO_MANAGER_YET = "no_manager_yet"
    UNKNOWN_CASHIER = "unknown_cashier"
    LAST_MANAGER = "last_manager"
    # issue 9, limits across the chain: a reward's stock, counted by the server
    PROGRAM_STOCK_SCOPE = "program_stock_scope"
    REWARD_STOCK = "reward_stock"
    # issue 9, one person one member: merging duplicates
    MERGE_SELF = "merge_self"
    MERGE_ALREADY = "merge_already"
    MERGE_OTHER_STORE = "merge_other_store"
    # issue 9, vouchers are real: checked, used once, voided by a manager
    VOUCHER_FORMAT = "voucher_format"
    UNKNOWN_VOUCHER = "unknown_voucher"
    VOUCHER_USED = "voucher_used"
    VOUCHER_VOID = "voucher_void"
    VOUCHER_EXPIRED = "voucher_expired"
    # issue 10, storage faults (CLI exit code 3)
    STORAGE_EMPTY = "storage_empty"
    STORAGE_NOT_DATABASE = "storage_not_database"
    STORAGE_TRUNCATED = "storage_truncated"
    STORAGE_CORRUPT = "storage_corrupt"
    STORAGE_READONLY = "storage_readonly"
    STORAGE_FULL = "storage_full"
    STORAGE_IO = "storage_io"
    BACKUP_UNUSABLE = "backup_unusable"
    BACKUP_OTHER_TERMINAL = "backup_other_terminal"
    NO_BACKUP = "no_backup"
    # issue 12, upgrades keep everything: a failed migration is undone from its backup (CLI exit code 3)
    MIGRATION_FAILED = "migration_failed"
    MIGRATION_NOT_UNDONE = "migration_not_undone"
    # issue 9, the window: a receipt of another till while the server cannot be reached
    RECEIPT_OFFLINE = "receipt_offline"
    # issue 9, staff: register takes the store's region from the server
    REGION_MISMATCH = "region_mismatch"
    # issue 10, HQ tokens
    UNKNOWN_TOKEN = "unknown_token"
    # issue 10, bad input: a program's numbers have caps (a version is a 32-bit column, points 2^53 - 1)
    PROGRAM_MAXIMUM = "program_maximum"
    # issue 12, receipt printers (ESC/POS): the slip is lost, never the sale or the redemption
    PRINTER_TARGET = "printer_target"
    PRINTER_UNREACHABLE = "printer_unreachable"
    PRINTER_WRITE = "printer_write"
    PRINTER_NO_PAPER = "printer_no_paper"
    # issue 15, a program version active from a later instant (`tessera-server program load --at`)
    PROGRAM_ACTIVATION_FORMAT = "program_activation_format"
    PROGRAM_ACTIVATION_PAST = "program_activation_past"


MESSAGES: Mapping[Code, str] = {
    Code.REFUSED: "refused",
    Code.INVALID: "invalid input",
    Code.CARD_BODY_LENGTH: "a card number body is 12 digits",
    Code.CARD_LENGTH: "a card number is {digits} digits, got {text!r}",
    Code.BAD_CHECK_DIGIT: "that card number is mistyped: its check digit does not match",
    Code.UNKNOWN_CARD: "no member has card {card}",
    Code.UNKNOWN_PHONE: "no member has that phone number",
    Code.NOT_CARD_OR_PHONE: "{text!r} is neither a card number nor a phone number",
    Code.DUPLICATE_CONTACT: "{name} is already a member with this phone or e-mail (card {card})",
    Code.DUPLICATE_CARD: "card {card} already belongs to a member",
    Code.MEMBER_BLOCKED: "this member is blocked: ask a manager",
    Code.NAME_MISSING: "a member needs a name",
    Code.NAME_TOO_LONG: "name is longer than 200 characters",
    Code.PHONE_EMPTY: "phone number is empty",
    Code.PHONE_INVALID: "invalid phone number {text!r}",
    Code.PHONE_LENGTH: "invalid phone number {text!r}: 6 to 15 digits expected",
    Code.EMAIL_INVALID: "invalid e-mail address {text!r}",
    Code.CURRENCY_UNSUPPORTED: "unsupported currency {currency!r}",
    Code.AMOUNT_NOT_TEXT: "amount must be text",
    Code.AMOUNT_INVALID: "invalid amount {text!r}",
    Code.AMOUNT_FORMAT: "invalid amount {text!r}: use digits with an optional '.' (e.g. 12.50)",
    Code.AMOUNT_NO_DECIMALS: "invalid amount {text!r}: {currency} has no decimals",
    Code.AMOUNT_DECIMALS: "invalid amount {text!r}: {currency} has at most {decimals} decimals",
    Code.AMOUNT_TOO_LARGE: "invalid amount {text!r}: too large",
    Code.AMOUNT_NOT_POSITIVE: "invalid amount {text!r}: must be more than zero",
    Code.SALE_AMOUNT_NOT_POSITIVE: "a sale amount must be more than zero",
    Code.RECEIPT_LENGTH: "a receipt number is 1 to 64 characters",
    Code.RECEIPT_REUSED: "receipt {receipt} was already used for another sale",
    Code.UNKNOWN_RECEIPT: "no sale has receipt {receipt!r}",
    Code.REFUND_AMOUNT_NOT_POSITIVE: "a refund amount must be more than zero",
    Code.RECEIPT_REFUNDED: "receipt {receipt} is already fully refunded",
    Code.REFUND_TOO_LARGE: "refund larger than what is left on receipt {receipt}",
    Code.REVERSAL_OF_REVERSAL: "a reversal cannot be reversed",
    Code.ADJUST_ZERO: "an adjustment changes the balance by a non-zero number of points",
    Code.ADJUST_REASON: "an adjustment needs a reason",
    Code.NOT_ENOUGH_POINTS: "not enough points: {available} available, {needed} needed",
    Code.UNKNOWN_REWARD: "there is no reward {reward!r} in the catalog",
    Code.REWARD_OUT_OF_WINDOW: "{reward} is not available at this time",
    Code.REWARD_TIER: "{reward} needs {tier} tier or higher",
    Code.REWARD_LIMIT: "{reward} can be taken {limit} time(s) per member",
    Code.REWARD_POINTS: "{reward} needs {cost} points, {available} available",
    Code.OFFLINE_LIMIT: ("offline redemption limit reached: {left} of {limit} points left today "
                         "until the terminal syncs"),
    Code.PIN_FORMAT: "a PIN is 4 to 6 digits",
    Code.PIN_IN_USE: "another cashier already uses this PIN",
    Code.ROLE_INVALID: "role is cashier or manager",
    Code.WRONG_PIN: "wrong PIN",
    Code.PIN_LOCKED: "too many wrong PINs: try again in {seconds} s",
    Code.PIN_PAD_LOCKED: "too many wrong PINs: the PIN pad is locked for {seconds} s",
    Code.QR_MALFORMED: "this QR code is not a valid member code",
    Code.QR_BAD_CARD: "this QR code holds an invalid card number",
    Code.QR_UNKNOWN_KEY: "this member code was signed with a key this terminal does not know; sync and retry",
    Code.QR_FORGED: "this member code is not genuine",
    Code.QR_FUTURE: "this member code is dated in the future; check the terminal clock",
    Code.QR_EXPIRED: "this member code has expired; ask the member to refresh it",
    Code.QR_REPLAYED: "this member code was already used; ask the member to refresh it",
    Code.TOKEN_TIMES_NAIVE: "token times must be timezone-aware",
    Code.KEY_ID_LENGTH: "a key id is 1 to {max_bytes} bytes",
    Code.PUBLIC_KEY_FORMAT: "a public key is 32 bytes in base64url",
    Code.PROGRAM_TOML: "program: not valid TOML ({detail})",
    Code.PROGRAM_REQUIRED: "program: {key} is required",
    Code.PROGRAM_INTEGER: "program: {key} must be a whole number",
    Code.PROGRAM_MINIMUM: "program: {key} must be at least {minimum}",
    Code.PROGRAM_AMOUNT: 'program: {key} must be an amount string like "10.00"',
    Code.PROGRAM_STRING: "program: {key} must be a non-empty string",
    Code.PROGRAM_DATE: "program: {key} must be a TOML date or datetime",
    Code.PROGRAM_TABLES: "program: {key} must be a list of [[{key}]] tables",
    Code.PROGRAM_WINDOW_ORDER: "program: {what} {id!r} ends before it starts",
    Code.PROGRAM_WEEKDAYS: "program: promotion {id!r} weekdays must be numbers 0 (Monday) to 6 (Sunday)",
    Code.PROGRAM_HOURS: "program: promotion {id!r} hours must be [from, to] with 0 <= from < to <= 24",
    Code.PROGRAM_BASE_TIER: "program: one tier must start at min_spend 0",
    Code.PROGRAM_TIER_IDS: "program: tier ids must be unique",
    Code.PROGRAM_UNKNOWN_TIER: "unknown tier {tier!r}",
    Code.PROGRAM_REWARD_KIND: "program: reward kind must be one of {kinds}",
    Code.PROGRAM_REWARD_TIER: "program: reward {id!r} names unknown tier {tier!r}",
    Code.PROGRAM_REWARD_PERCENT: "program: reward {id!r} percent value must be 1 to 100",
    Code.PROGRAM_REWARD_IDS: "program: reward ids must be unique",
    Code.PROGRAM_VERSION_CONFLICT: "program version {version} already exists with other rules",
    Code.PROGRAM_VERSION_TAKEN: ("program version {version} already exists with other rules: "
                                 "raise the version number"),
    Code.NO_PROGRAM: "no loyalty program is loaded: run `tessera-pos init` or sync with the server",
    Code.SERVER_PROGRAM_MISSING: "the server's active program version {version} was not sent",
    Code.NO_DATABASE: "no terminal database in {data_dir}: run `tessera-pos init` first",
    Code.CONFIG_VALUE: "{file}: {key} must be {expected}, got {value}",
    Code.CONFIG_UNREADABLE: "{file}: {detail}",
    Code.SERVER_URL: "server URL must look like https://host:port, got {url!r}",
    Code.NOT_REGISTERED: "this terminal is not registered: run `tessera-pos register`",
    Code.DATA_DIR_UNUSABLE: "cannot use data dir {data_dir}: {reason}",
    Code.SYNC_FAILED: "sync failed: {reason}",
    Code.REGISTRATION_FAILED: "registration failed: {reason}",
    Code.REGISTRATION_CODE: "a registration code has 4 to 64 characters, this one has {length}",
    Code.CANNOT_READ: "cannot read {path}: {reason}",
    Code.STORE_ID_LENGTH: "a store id is 1 to 64 characters",
    Code.UNKNOWN_TERMINAL: "no terminal {terminal}",
    Code.IMPORT_DUPLICATE_CARD: "card {card} also on line {line}",
    Code.IMPORT_OPENING_BALANCE: "opening balance {text!r} is not a whole number of points",
    Code.IMPORT_NO_STORE: "say which store the members belong to: --store S (or a store column)",
    Code.IMPORT_FAILED: "{problems}",
    Code.NO_QR_KEY: "no member QR key in {data_dir}: run `tessera-server init`",
    # issue 9, server authority
    Code.STORE_TZ: "unknown time zone {tz!r}: give an IANA name such as Europe/Bucharest",
    Code.STORE_REGION: "a region is a two-letter country code such as RO, got {region!r}",
    Code.UNKNOWN_STORE: "no store {store}",
    Code.STORE_EXISTS: "store {store} already exists: change it with `tessera-server store set`",
    Code.CODE_SENDER: "cannot use the code sender {spec!r} ({reason}): name a callable as module:name",
    Code.REPORT_PERIOD: "a report period runs from {start} to {end}: the first day on or before the last,"
                        " at most 366 days",
    # issue 9, bad numbers and text
    Code.PHONE_NEEDS_REGION: "phone number {text!r} has no country code: type it with +CC or set the "
                             "store's region",
    Code.NAME_CONTROL: "a name cannot contain control characters or text-direction overrides",
    Code.POINTS_TOO_LARGE: "{text} points is beyond the limit of {limit}",
    Code.POINTS_FORMAT: "invalid points {text!r}: a whole number like 50 or -20",
    Code.IMPORT_OPENING_TOO_LARGE: "opening balance {text!r} is beyond the limit of {limit} points",
    # issue 9, manager acts
    Code.NOT_A_MANAGER: "that PIN is not a manager's: a manager must approve this",
    Code.MANAGER_PIN_REQUIRED: "a manager must approve this: give the manager's PIN with --manager-pin",
    Code.NO_MANAGER_YET: "this terminal has no manager yet: add one first with --role manager",
    Code.UNKNOWN_CASHIER: "no cashier {cashier}",
    Code.LAST_MANAGER: "{cashier} is the last manager of this terminal: add another manager first",
    # issue 9, one person one member
    Code.MERGE_SELF: "cannot merge card {card} into itself",
    Code.MERGE_ALREADY: "card {card} was already merged into card {into}",
    Code.MERGE_OTHER_STORE: "card {card} belongs to store {store}, card {into} to store {other}:"
                            " only members of one store merge",
    # issue 9, vouchers
    Code.VOUCHER_FORMAT: "{text!r} is not a voucher code (check the characters typed)",
    Code.UNKNOWN_VOUCHER: "no voucher {voucher}",
    Code.VOUCHER_USED: "voucher {voucher} was already used",
    Code.VOUCHER_VOID: "voucher {voucher} was voided",
    Code.VOUCHER_EXPIRED: "voucher {voucher} expired on {date}",
    # issue 9, limits across the chain
    Code.PROGRAM_STOCK_SCOPE: "program: reward {id} has stock_scope other than {scopes}",
    Code.REWARD_STOCK: "{reward} is out of stock",
    # issue 10, storage faults
    Code.STORAGE_EMPTY: "the terminal database {path} is empty (0 bytes) and was not replaced: "
                        "restore a backup with `tessera-pos restore FILE` (newest: {backup})",
    Code.STORAGE_NOT_DATABASE: "{path} is not a terminal database (its header is damaged): "
                               "restore a backup with `tessera-pos restore FILE` (newest: {backup})",
    Code.STORAGE_TRUNCATED: "the terminal database {path} is truncated ({size} of {expected} bytes): "
                            "restore a backup with `tessera-pos restore FILE` (newest: {backup})",
    Code.STORAGE_CORRUPT: "the terminal database {path} is damaged ({reason}): "
                          "restore a backup with `tessera-pos restore FILE` (newest: {backup})",
    Code.STORAGE_READONLY: "the terminal database {path} cannot be written (read-only): "
                           "give this user write access to it and to its folder",
    Code.STORAGE_FULL: "the disk holding {path} is full: nothing was saved; free some space and try again",
    Code.STORAGE_IO: "the disk holding {path} failed to read or write ({reason}): nothing was saved; "
                     "run `tessera-pos doctor`",
    Code.BACKUP_UNUSABLE: "{path} is not a usable terminal backup: {reason}",
    Code.BACKUP_OTHER_TERMINAL: "{path} is a backup of terminal {backup_terminal}, not of this terminal "
                                "({terminal})",
    Code.NO_BACKUP: "no backup in {path}",
    # issue 12, upgrades
    Code.MIGRATION_FAILED: "the terminal database {path} could not be upgraded from schema {revision} to "
                           "{target} ({reason}): it was put back as it was from {backup}; nothing was lost, "
                           "reinstall the previous version of Tessera and report this",
    Code.MIGRATION_NOT_UNDONE: "the terminal database {path} could not be upgraded ({reason}) and its backup "
                               "could not be put back ({undo}): restore it with "
                               "`tessera-pos restore {backup}`",
    # issue 9, the window
    Code.RECEIPT_OFFLINE: "receipt {receipt} is not known here and the server cannot be reached: it can be "
                          "queued as a pending refund",
    # issue 9, staff
    Code.REGION_MISMATCH: "store {store} is in region {region}, not {asked}: check the registration code, or"
                          " register without --region to take the store's (the code is still good)",
    # issue 10, HQ tokens
    Code.UNKNOWN_TOKEN: "no HQ token {token}",
    # issue 10, bad input
    Code.PROGRAM_MAXIMUM: "program: {key} must be at most {limit}",
    # issue 12, receipt printers
    Code.PRINTER_TARGET: "printer_target {target!r} does not fit printer = {kind!r}: give {expected}",
    Code.PRINTER_UNREACHABLE: "the receipt printer {target} cannot be reached ({reason}): check that it is "
                              "on and connected",
    Code.PRINTER_WRITE: "the receipt printer {target} stopped taking the slip ({reason}): check its paper "
                        "and cable",
    Code.PRINTER_NO_PAPER: "the receipt printer {target} is out of paper",
    # issue 15, program activation at an instant
    Code.PROGRAM_ACTIVATION_FORMAT: ("activation time {value!r} is not a date and time with its UTC offset, "
                                     "like 2026-12-24T06:00:00+02:00"),
    Code.PROGRAM_ACTIVATION_PAST: ("activation time {at} is in the past (server time {now}): give a later "
                                   "one, or none to activate now"),
}


def render(code: Code, params: Mapping[str, Param]) -> str:
    """The English sentence of ``code`` with its parameters filled in."""
    return MESSAGES[code].format_map(params)


class TesseraError(Exception):
    """Shared by both kinds of refusal: a code, its parameters and the English sentence."""

    default_code: ClassVar[Code] = Code.REFUSED

    def __init__(self, code: Code | None = None, /, **params: Param) -> None:
        self.code: Code = code if code is not None else self.default_code
        self.params: dict[str, Param] = params
        self.message: str = render(self.code, params)
        super().__init__(self.message)

    def as_dict(self) -> dict[str, object]:
        """What ``--json`` error output and the server's error bodies carry."""
        return {"code": str(self.code), "message": self.message, "params": dict(self.params)}


class DomainError(TesseraError):
    """A request the loyalty rules refuse (CLI exit code 1)."""


class StorageFault(TesseraError):
    """This machine's storage is unusable: a damaged, truncated, read-only or full database or data dir
    (CLI exit code 3). Nothing was written; the message says what to do."""

    default_code = Code.STORAGE_IO


class InvalidInput(TesseraError, ValueError):
    """Malformed input such as a bad amount string (CLI exit code 2)."""

    default_code = Code.INVALID


class UnknownCard(DomainError):
    default_code = Code.UNKNOWN_CARD


class BadCheckDigit(DomainError):
    default_code = Code.BAD_CHECK_DIGIT


class NotEnoughPoints(DomainError):
    default_code = Code.NOT_ENOUGH_POINTS


class RewardNotAllowed(DomainError):
    default_code = Code.UNKNOWN_REWARD


class UnknownReceipt(DomainError):
    default_code = Code.UNKNOWN_RECEIPT


class RefundTooLarge(DomainError):
    default_code = Code.REFUND_TOO_LARGE


class OfflineLimitReached(DomainError):
    default_code = Code.OFFLINE_LIMIT


class DuplicateMember(DomainError):
    default_code = Code.DUPLICATE_CONTACT


class MemberBlocked(DomainError):
    default_code = Code.MEMBER_BLOCKED

"""The /v1 wire format between terminals and the loyalty server (pydantic v2).

Every model ignores fields it does not know (``extra="ignore"``), so an older
terminal keeps working against a newer server that sends more, and the other
way round. Knows no database and no HTTP library.

Push: a terminal sends its outbox in per-terminal ``seq`` order, at most
``MAX_BATCH`` ops a request. The server answers every op with ``applied``,
``duplicate`` (carrying the stored ``answer`` of the first time, which may itself
be a rejection), ``rejected`` (with a reason; a dead letter the terminal keeps)
or ``deferred`` (not looked at: an earlier seq is missing, send it first). A pending refund
of a receipt the store has no sale of yet is ``held`` (the terminal's queue goes on; the outcome
comes in a later pull's ``refunds``).

Pull: a paged change feed of the terminal's store. The cursor is opaque and
monotonic; a page carries the full current state of each changed member (open
lots and debts included), the program versions the terminal lacks, the rewards
of the active version, the member-QR public keys and the store's blocked cards.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pos_app.core.limits import (
    MAX_EMAIL,
    MAX_MINOR,
    MAX_NAME,
    MAX_PHONE_INPUT,
    MAX_POINTS,
    MAX_SAFE,
    MAX_VERSION,
)
from pos_app.core.ops import OP_KINDS as OP_KINDS  # the op kinds a push carries: one list for both ends

API = "v1"
SERVER_TIME_HEADER = "Tessera-Server-Time"  # on a 304 pull, which carries no body to say it
MAX_BATCH = 500
# Request bodies are bounded before parsing (sync/server/bodylimit.py). A pushed op is ~0.7 KB
# (the largest, an enrollment with its bonus, ~0.8 KB); a terminal cuts its batches by this budget too.
MAX_OP_BYTES = 8 * 1024
MAX_PUSH_BYTES = MAX_BATCH * MAX_OP_BYTES  # 4 MiB
MAX_REQUEST_BYTES = 64 * 1024  # every other endpoint
DEFAULT_PAGE = 500
MAX_PAGE = 2000

# "held": a pending refund whose sale the server does not have yet; its outcome comes on pull (``refunds``).
OpStatus = Literal["applied", "duplicate", "rejected", "deferred", "held"]


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorBody(Wire):
    """Body of every 4xx/5xx answer: a stable machine code, a sentence and the code's parameters."""

    error: str
    message: str
    params: dict[str, str | int] = Field(default_factory=dict)


class Health(Wire):
    ok: bool
    api: str = API
    server_time: datetime


# --- registration ---------------------------------------------------------------


CODE_LENGTH = (4, 64)  # of a registration code, as typed (the terminal checks it before asking)


class RegisterRequest(Wire):
    code: str = Field(min_length=CODE_LENGTH[0], max_length=CODE_LENGTH[1])
    # The region the technician expects (``register --region``): another store region refuses the
    # registration before the code is spent (409 ``region_mismatch``).
    region: str | None = Field(default=None, max_length=2)


class RegisterResponse(Wire):
    token: str
    terminal_id: str
    terminal_name: str
    store_id: str
    server_time: datetime
    # The store's phone region (ISO 3166, None if HQ set none) and IANA time zone (older servers: neither).
    region: str | None = None
    tz: str | None = None


# --- push ---------------------------------------------------------------------------


class PushOp(Wire):
    id: str = Field(min_length=1, max_length=36)
    seq: int = Field(ge=1, le=MAX_SAFE)
    kind: str = Field(max_length=32)
    member_card: str | None = Field(default=None, max_length=64)
    payload: dict[str, Any]
    created_at: datetime
    program_version: int = Field(ge=0, le=MAX_VERSION)
    # sha256 of the program source the terminal computed with: same number, other rules -> rejected.
    program_digest: str | None = None

    @field_validator("payload")
    @classmethod
    def _numbers_fit(cls, payload: dict[str, Any]) -> dict[str, Any]:
        """Every whole number in a payload lies within +-(2^53 - 1): beyond, no reader holds it exactly
        and no column stores it. Checked here so such a push is refused whole (422), never half-applied."""
        if not _numbers_within(payload, MAX_SAFE):
            raise ValueError(f"a number in the payload is beyond +-{MAX_SAFE}")
        return payload


def _numbers_within(value: object, limit: int) -> bool:
    if isinstance(value, dict):
        return all(_numbers_within(v, limit) for v in value.values())
    if isinstance(value, list):
        return all(_numbers_within(v, limit) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return -limit <= value <= limit
    return True


class PushRequest(Wire):
    terminal_id: str
    ops: list[PushOp] = Field(max_length=MAX_BATCH)
    # What the till says of itself (older tills send none), shown to HQ on the console's terminals page:
    # its software version, the ops still queued behind this batch (and the oldest one's age), and its
    # clock when it sent it.
    app_version: str | None = Field(default=None, max_length=32)
    pending: int | None = Field(default=None, ge=0, le=MAX_SAFE)
    sent_at: datetime | None = None
    oldest_pending_at: datetime | None = None  # when the oldest op still queued behind this batch was made


class EntryDates(Wire):
    """A lot's dates as the server set them from the program."""

    available_at: datetime
    expires_at: datetime


class OpAnswer(Wire):
    """What the server decided the first time it saw an op; replays get it again."""

    status: Literal["applied", "rejected", "held"]
    reason: str | None = None
    balance: int | None = None
    # entry id -> points the server recorded where it differs from the terminal's proposal
    adjusted: dict[str, int] = Field(default_factory=dict)
    # entry id -> lot dates the server recorded where they differ (older servers never send it)
    dates: dict[str, EntryDates] = Field(default_factory=dict)
    conflict: str | None = None
    # a pending refund that named no amount: what the server refunded (the till's report counts it)
    refunded_amount: int | None = None


class OpResult(Wire):
    id: str
    seq: int
    status: OpStatus
    reason: str | None = None
    answer: OpAnswer | None = None


class PushResponse(Wire):
    results: list[OpResult]
    last_seq: int  # highest seq of this terminal the server has processed
    server_time: datetime


# --- pull -----------------------------------------------------------------------


class LotState(Wire):
    entry_id: str
    kind: str
    points: int
    remaining: int
    available_at: datetime
    expires_at: datetime
    created_at: datetime


class DebtState(Wire):
    entry_id: str
    kind: str
    points: int
    outstanding: int
    created_at: datetime


class SpendAt(Wire):
    """Qualifying spend (net of refunds) of the member's sales made at ``at`` on other terminals: the
    terminal drops it from the tier once ``at`` leaves the rolling window, as the server's rule does."""

    at: datetime
    amount: int


class VoucherOut(Wire):
    """A redemption's voucher as the server knows it; ``state`` as of the answer (issued past its date:
    expired)."""

    code: str
    member_id: str
    member_card: str
    reward_id: str
    cost: int
    entry_id: str  # the redeem entry
    terminal_id: str  # the issuing terminal
    state: Literal["issued", "used", "void", "expired"]
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: str | None = None
    voided_at: datetime | None = None


class VoucherUse(Wire):
    """The answer to POST /v1/vouchers/{code}/use: ``taken`` if this call used it, else its state says
    why not."""

    taken: bool
    voucher: VoucherOut


class MemberState(Wire):
    id: str
    card: str
    name: str
    phone: str | None = None
    email: str | None = None
    birthday: date | None = None
    marketing_consent: bool = False
    store_id: str
    created_at: datetime
    blocked: bool = False
    balance: int
    tier: str
    spend: int = 0  # qualifying spend over the rolling window, all terminals
    spend_elsewhere: int = 0  # the part not made on the pulling terminal
    spend_elsewhere_at: list[SpendAt] = Field(default_factory=list)  # spend_elsewhere by sale time
    last_birthday_bonus_year: int | None = None
    lots: list[LotState] = Field(default_factory=list)
    debts: list[DebtState] = Field(default_factory=list)
    vouchers: list[VoucherOut] = Field(default_factory=list)  # every voucher of the member, with its state
    aliases: list[str] = Field(default_factory=list)  # cards of members merged into this one


class ContactMatch(Wire):
    """A member of the store holding a phone or e-mail someone wants to enroll with."""

    card: str  # masked: the terminal names it, it never needs the number
    name: str
    same: str  # "phone", "e-mail" or "phone and e-mail"


class ContactLookup(Wire):
    """GET /v1/members/lookup?phone=..&email=..: the store's members already holding either."""

    matches: list[ContactMatch] = Field(default_factory=list)


class ProgramVersionOut(Wire):
    version: int
    source: str
    digest: str


class RewardOut(Wire):
    id: str
    name: str
    cost: int
    kind: str
    min_tier: str | None = None
    per_member_limit: int | None = None


class MemberKey(Wire):
    key_id: str
    public_key: str  # raw Ed25519 public key, base64url (pos_app.core.qrtoken.public_key_to_text)
    algorithm: str = "ed25519"


class HeldRefundOut(Wire):
    """A pending refund the server held for want of its sale, and what became of it."""

    op_id: str
    status: Literal["held", "applied", "rejected"]
    reason: str | None = None
    answer: OpAnswer | None = None  # once applied or rejected: the op's answer, as a push would give it


class PullPage(Wire):
    cursor: str
    more: bool
    server_time: datetime
    # highest seq of the pulling terminal reflected in these member states
    terminal_seq: int = 0
    members: list[MemberState] = Field(default_factory=list)
    blocked: list[str] = Field(default_factory=list)
    programs: list[ProgramVersionOut] = Field(default_factory=list)
    active_program_version: int | None = None
    rewards: list[RewardOut] = Field(default_factory=list)
    keys: list[MemberKey] = Field(default_factory=list)
    # Stocked rewards: redemptions the server counted against the stock (the store's, for a per-store one).
    stock_taken: dict[str, int] = Field(default_factory=dict)
    # The pulling terminal's held pending refunds: still held, or how they ended (recently).
    refunds: list[HeldRefundOut] = Field(default_factory=list)
    # The answer's entity tag: sent back in If-None-Match, a pull with nothing new is answered 304.
    etag: str = ""


# --- a store sale, fetched by receipt (refund anywhere in the store) ------------------


class SaleOut(Wire):
    """GET /v1/sales?receipt=R: the store's sale of a receipt, as the server recorded it."""

    receipt: str  # as typed on the terminal that rang it
    receipt_key: str
    terminal_id: str
    member: MemberState
    amount: int
    refunded_amount: int  # by every terminal of the store so far
    points_earned: int  # earn and bonus, as the server applied them
    earn_entry_id: str
    earn_points: int
    bonus_entry_id: str | None = None
    bonus_points: int = 0
    created_at: datetime


# --- reports ------------------------------------------------------------------------


class RewardLine(Wire):
    reward: str
    redemptions: int
    points: int


class CashierLine(Wire):
    cashier: str  # the cashier's id at the terminal; "" when an entry names none (an import, a server act)
    sales: int
    sales_amount: int  # gross, minor units
    points_issued: int
    redemptions: int
    points_redeemed: int


class HourLine(Wire):
    hour: int  # 0-23 on the store's clock
    sales: int
    sales_amount: int
    points_issued: int


class DailyReport(Wire):
    date: date
    store: str | None
    transactions: int
    sales: int
    refunds: int
    redemptions: int
    sales_amount: int
    points_issued: int
    points_reversed: int
    points_redeemed: int
    points_expired: int
    points_adjusted: int
    enrollments: int
    conflicts: int
    by_reward: list[RewardLine] = Field(default_factory=list)
    by_cashier: list[CashierLine] = Field(default_factory=list)
    by_hour: list[HourLine] = Field(default_factory=list)  # 24 lines for one store; empty for the chain


# --- op payloads (what the terminal's outbox holds) -----------------------------------


class EntryIn(Wire):
    """One ledger entry as the terminal proposes it inside an op payload."""

    id: str = Field(min_length=1, max_length=36)
    kind: str
    points: int = Field(ge=-MAX_POINTS, le=MAX_POINTS)
    cashier_id: str | None = None
    receipt: str | None = None
    amount: int | None = Field(default=None, ge=0, le=MAX_MINOR)
    rules_version: int | None = Field(default=None, ge=0, le=MAX_VERSION)
    reverses: str | None = None
    created_at: datetime
    reason: str | None = None
    available_at: datetime | None = None
    expires_at: datetime | None = None


class MemberIn(Wire):
    """The member an ``enroll`` op creates."""

    id: str = Field(min_length=1, max_length=36)
    card: str
    name: str = Field(min_length=1, max_length=MAX_NAME)
    phone: str | None = Field(default=None, max_length=MAX_PHONE_INPUT)
    email: str | None = Field(default=None, max_length=MAX_EMAIL)
    birthday: date | None = None
    marketing_consent: bool = False
    created_at: datetime


class StaffIn(Wire):
    """A ``staff`` op's cashier: who it is now. Never the PIN or its hash."""

    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    role: str = Field(max_length=16)  # "cashier" or "manager"; another is refused with a reason
    active: bool


class OpPayload(Wire):
    """Fields common to every op payload; kind-specific ones are optional here."""

    program_version: int = Field(ge=0, le=MAX_VERSION)
    local_time: datetime  # the shop's wall clock (naive): promotions follow it
    member_card: str | None = None
    member: MemberIn | None = None
    entries: list[EntryIn] = Field(default_factory=list)
    receipt: str | None = None
    amount: int | None = Field(default=None, ge=0, le=MAX_MINOR)
    currency: str | None = None
    tier: str | None = None
    reward_id: str | None = None
    voucher: str | None = None
    # a refund of a receipt the terminal did not know (offline): the server computes it from its sale
    pending: bool = False
    staff: StaffIn | None = None  # a staff op: the cashier as it is now
    approved_by: str | None = Field(default=None, max_length=64)  # a staff op: the approving manager


# --- POST /v1/redeem: a redemption confirmed online ------------------------------


class RedeemRequest(Wire):
    """The redeem op as the terminal's outbox will push it later (same id: that push is a duplicate)."""

    id: str = Field(min_length=1, max_length=36)
    member_card: str = Field(min_length=1, max_length=64)
    payload: dict[str, Any]
    created_at: datetime
    program_version: int = Field(ge=0, le=MAX_VERSION)
    program_digest: str | None = None


class RedeemResponse(Wire):
    """The server applied the redemption (a refusal is a 409 ErrorBody with the rule's code)."""

    op_id: str
    answer: OpAnswer
    duplicate: bool = False  # this op id was confirmed (or pushed) before: nothing new was written


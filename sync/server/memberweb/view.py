"""What a signed-in member sees: the server's own figures (balance, tier, expiring points, history,
vouchers), read in one snapshot. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.core import cards, qrtoken
from pos_app.core import rewards as reward_rules
from pos_app.core.money import format_amount
from pos_app.core.program import Program, Tier
from pos_app.core.tiers import status
from pos_app.core.vouchers import VoucherState
from sync.protocol import LotState, MemberState
from sync.server import keys, programs, rules
from sync.server.memberweb import barcodes, history
from sync.server.memberweb.history import Line
from sync.server.models import Member, Redemption, Store
from sync.server.pull import member_states

EXPIRING_WITHIN = timedelta(days=30)
QR_STEP = timedelta(seconds=30)  # a fresh code every 30 s
QR_AHEAD = 8  # codes handed out at once: the page rotates through them offline for a few minutes


@dataclass(frozen=True)
class Held:
    code: str
    reward: str
    cost: int
    state: str
    expires_at: datetime | None

    def barcode(self) -> Markup:
        """The code as a Code 128 barcode to show at the till (inline SVG); only an issued voucher has one."""
        return barcodes.svg(self.code) if self.state == VoucherState.ISSUED else Markup("")


@dataclass(frozen=True)
class Offer:
    """A reward of the program as this member stands: ``allowed`` now, else ``why`` (a stable code)."""

    name: str
    cost: int
    allowed: bool
    why: str = ""
    missing: int = 0  # points still needed (why == reward_points)
    tier: str = ""  # the tier it needs (reward_tier)
    limit: int = 0  # times a member may take it (reward_limit)


@dataclass(frozen=True)
class Home:
    name: str
    card_masked: str
    balance: int
    tier: str
    next_tier: str | None
    missing: str  # the spend still needed for the next tier, in the program's currency ("" at the top)
    progress: int  # percent
    currency: str
    expiring: int  # points whose lots expire within 30 days
    expiring_first: datetime | None
    history: list[Line] = field(default_factory=list)
    vouchers: list[Held] = field(default_factory=list)
    rewards: list[Offer] = field(default_factory=list)
    lots: list[LotState] = field(default_factory=list)  # open ones, the soonest to expire first
    marketing_consent: bool = False
    program: str = ""
    zone: str = "UTC"  # the member's store's: dates are its days


def home(session: Session, member_id: str, now: datetime) -> Home | None:
    member = session.get(Member, member_id)
    program = programs.active(session, now)
    if member is None or program is None:
        return None
    state = member_states(session, [member], None, program, now)[0]
    tier = status(program, state.spend)
    open_lots = sorted((lot for lot in state.lots if lot.remaining > 0), key=lambda lot: lot.expires_at)
    soon = [lot for lot in open_lots if lot.expires_at <= now + EXPIRING_WITHIN]
    names = {r.id: r.name for r in program.rewards}
    zone = state_zone(session, member.store_id)
    return Home(
        name=member.name, card_masked=cards.masked(member.card), balance=state.balance, tier=tier.tier.name,
        next_tier=tier.next_tier.name if tier.next_tier else None,
        missing=format_amount(tier.missing, program.currency) if tier.next_tier else "",
        progress=tier.progress_percent, currency=program.currency.code,
        expiring=sum(lot.remaining for lot in soon),
        expiring_first=soon[0].expires_at if soon else None,
        history=history.lines(session, member_id, rules.zone_or_utc(zone)),
        rewards=_offers(session, program, state, tier.tier, now),
        lots=open_lots,
        vouchers=[Held(v.code, names.get(v.reward_id, v.reward_id), v.cost, v.state, v.expires_at)
                  for v in state.vouchers],
        marketing_consent=member.marketing_consent, program=program.name, zone=zone)


def _offers(session: Session, program: Program, state: MemberState, tier: Tier, now: datetime) -> list[Offer]:
    spendable = sum(lot.remaining for lot in state.lots if lot.available_at <= now) - sum(
        debt.outstanding for debt in state.debts)
    taken = dict(session.execute(select(Redemption.reward_id, func.count()).where(
        Redemption.member_id == state.id).group_by(Redemption.reward_id)).all())
    local = now.astimezone(ZoneInfo(state_zone(session, state.store_id))).replace(tzinfo=None)
    offers = []
    for reward in program.rewards:
        verdict = reward_rules.check(program, reward, tier, spendable, int(taken.get(reward.id, 0)), local)
        params = verdict.params
        why = verdict.code.value if verdict.code else ""
        offers.append(Offer(reward.name, reward.cost, verdict.allowed, why,
                            missing=max(reward.cost - spendable, 0), tier=str(params.get("tier", "")),
                            limit=int(params.get("limit", 0) or 0)))
    return offers


def state_zone(session: Session, store_id: str) -> str:
    return session.scalar(select(Store.tz).where(Store.id == store_id)) or "UTC"


def program_name(session: Session) -> str:
    program = programs.active(session)
    return program.name if program is not None else "Tessera"


def signing_key(data_dir: Path) -> tuple[str, Ed25519PrivateKey] | None:
    """The server's member-QR key (its id and private half); None before `tessera-server init` made it."""
    return keys.load(data_dir) if (data_dir / keys.KEY_FILE).exists() else None


def qr_codes(session: Session, member_id: str, signer: tuple[str, Ed25519PrivateKey] | None,
             now: datetime) -> list[dict[str, str]]:
    """The member's next QR codes, one per 30 s from now: each a signed token (the terminal's format)
    and the SVG of its QR code, with the moments it is shown from and stays good until."""
    import segno

    card = session.scalar(select(Member.card).where(Member.id == member_id))
    if card is None or signer is None:
        return []
    key_id, key = signer
    codes = []
    for step in range(QR_AHEAD):
        issued = now + QR_STEP * step
        token = qrtoken.sign(card, issued, key, key_id)
        svg = segno.make(token, error="m").svg_inline(scale=1, border=4, dark="#111", light="#fff",
                                                    omitsize=True)
        codes.append({"svg": svg, "show_from": issued.isoformat(),
                      "valid_until": qrtoken.expires_at(qrtoken.decode_unverified(token)).isoformat()})
    return codes

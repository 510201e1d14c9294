"""Terminal use cases: each is ONE database transaction of core + store + outbox.

The cashier window and the CLI both call these; neither touches SQL. A sale, its
ledger entries and its outbox op commit together (WAL, synchronous=FULL), so a
crash at any instant loses no committed sale and duplicates nothing.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app import demo_data
from pos_app.base.clock import Clock, day_span, shop_day, shop_time, utc_now, wall_clock
from pos_app.config import Options, ensure_data_dir
from pos_app.core import cards, contact
from pos_app.core import rewards as reward_rules
from pos_app.core.errors import (
    Code,
    DomainError,
    DuplicateMember,
    InvalidInput,
    MemberBlocked,
    RefundTooLarge,
    RewardNotAllowed,
    UnknownCard,
    UnknownReceipt,
)
from pos_app.core.ledger import EntryKind, add_months, open_ledger
from pos_app.core.limits import clipped
from pos_app.core.offline import check_offline_redeem
from pos_app.core.ops import OpKind
from pos_app.core.program import EarnQuote, Program, Reward, parse_program, quote_earn, reversal_for_refund
from pos_app.core.receipts import MAX_KEY, MAX_RECEIPT, receipt_key
from pos_app.core.tiers import TierStatus, status, window_start
from pos_app.results import AdjustResult, EnrollResult, MemberView, RedeemResult, RefundResult, SaleResult
from pos_app.staff import StaffDesk
from pos_app.store import (
    daybreak,
    identity,
    mirror,
    programs,
    queries,
    reports,
    salemirror,
    salepath,
    syncstore,
)
from pos_app.store.book import MemberBook
from pos_app.store.db import Database, daily_backup, migrate, secure_file
from pos_app.store.identity import StateKey
from pos_app.store.models import LedgerEntry, Member, Refund, Sale
from pos_app.store.restore import Restored, make_backup, restore_checked
from pos_app.store.tokens import trusted_keys, use_token
from pos_app.store.vouchers import VoucherDesk

log = logging.getLogger("tessera.terminal")
# The sync agent's redeem_online: (card, redeem op) -> True if the server confirmed it, False if it did not
# answer in time (or the till is not registered); raises the server's refusal.
ConfirmRedeem = Callable[[str, salepath.NewOp], bool]


@dataclass(frozen=True)
class OnlineRedeem:
    """A redemption the server is asked to confirm, with the ids and voucher it will be recorded under."""

    card: str
    op: salepath.NewOp
    entry_id: str
    voucher: str
    confirmed: bool  # the server applied it (False: it did not answer in time)
ContactCheck = Callable[[str | None, str | None], None]  # (phone, e-mail) -> None or DuplicateMember
DEMO_REGION = "RO"  # the demo store is in Bucharest: its members' phones are read as Romanian


_last_id_ms = 0  # the millisecond of the last id, as uuid6.uuid7 keeps it


def new_id() -> str:
    """A UUIDv7 (RFC 9562) as text, laid out and ordered as ``str(uuid6.uuid7())`` made them: 48 bits of
    Unix milliseconds, version 7, 12 random bits, variant 10, 62 random bits; a millisecond already used
    is bumped by one, so ids increase strictly within the process. Without the UUID objects: ~1.5 µs
    instead of ~4.5 µs (a sale makes two or more)."""
    global _last_id_ms
    ms = time.time_ns() // 1_000_000
    if ms <= _last_id_ms:
        ms = _last_id_ms + 1
    _last_id_ms = ms
    rand = int.from_bytes(os.urandom(10)) >> 6  # secrets.randbits(74), without its Python frame
    value = (ms & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | (rand & _LOW62)
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_LOW62 = (1 << 62) - 1


class Terminal(StaffDesk, VoucherDesk):
    """The terminal's use cases over one data dir."""

    def __init__(self, data_dir: Path, *, clock: Clock = utc_now) -> None:
        self.data_dir = data_dir
        self.clock = clock
        db_path = data_dir / "terminal.db"
        if not db_path.exists():
            raise InvalidInput(Code.NO_DATABASE, data_dir=str(data_dir))
        migrate(db_path)  # an older database is backed up, then migrated
        self.db = Database(db_path)
        self.reload_identity()
        with self.db.reader() as session:
            self._program: Program | None = programs.active(session)
        self.options = Options.load(data_dir)

    def reload_identity(self) -> None:
        """Who this terminal is, read again (after a registration from the open window)."""
        with self.db.reader() as session:
            state = identity.read(session)
        self.terminal_id = state.terminal_id or ""
        self.store_id = state.store_id or "local"
        self.store_region = state.region  # init --region / --demo; config.toml's region overrides it
        self.store_tz = state.tz  # from the server at registration; config.toml's time_zone overrides it

    def close(self) -> None:
        self.db.close()

    def daily_backup(self) -> Path | None:
        """Called off the GUI thread (worker, sync runs): the first call of a day copies the database."""
        return daily_backup(self.db.path, self.clock().strftime("%Y%m%d"))

    def back_up(self) -> Path:
        return make_backup(self.db.path)

    def restore_backup(self, source: Path, manager_pin: str) -> Restored:
        """A checked backup in place of the database (pos_app.store.restore), then this terminal reopened."""
        try:
            return restore_checked(self.db.path, source, manager_pin, now=self.clock(),
                                   before_swap=self.close)
        finally:
            if self.db.closed:  # swapped (or failed half-way): the file now there, as at start
                Terminal.__init__(self, self.data_dir, clock=self.clock)

    # --- shared helpers -----------------------------------------------------

    @property
    def program(self) -> Program:
        if self._program is None:
            with self.db.reader() as session:
                self._program = programs.active(session)
        return self._program

    def reload_program(self) -> None:
        self._program = None

    def local_time(self, at: datetime) -> datetime:
        """Wall-clock time of the shop (naive): promotions and daily reports follow it."""
        return shop_time(at, self.zone).replace(tzinfo=None)

    def today(self) -> date:
        """The shop's day now: the day a report or the audit trail opens on."""
        return shop_day(self.clock(), self.zone)

    def _member(self, session: Session, card: str) -> Member:
        number = cards.validate(card)
        member = queries.member_by_card(session, number)
        if member is None and (kept := mirror.alias_target(session, number)) is not None:
            member = queries.member_by_card(session, kept)  # HQ merged this card's member into another
        if member is None:
            raise UnknownCard(card=cards.masked(number))
        return member

    def _find(self, session: Session, card_or_phone: str) -> Member:
        if cards.looks_like_card(card_or_phone):
            return self._member(session, card_or_phone)
        if not contact.looks_like_phone(card_or_phone):
            raise InvalidInput(Code.NOT_CARD_OR_PHONE, text=clipped(card_or_phone))
        unknown: InvalidInput | UnknownCard = UnknownCard(Code.UNKNOWN_PHONE)
        try:  # the E.164 form first, then the digits form versions before E.164 stored
            phones = contact.phone_lookup_keys(card_or_phone, self.phone_region)
        except InvalidInput as exc:
            # Not a valid number here (nobody has it), or no region to read it in: only the older
            # digits form can match; if none does and the region was missing, the cashier is told so.
            phones = (contact.phone_shape(card_or_phone),)
            if exc.code is Code.PHONE_NEEDS_REGION:
                unknown = exc
        found = {m.phone: m for m in session.scalars(select(Member).where(Member.phone.in_(phones)))}
        member = next((found[p] for p in phones if p in found), None)
        if member is None:
            raise unknown
        return member

    @property
    def phone_region(self) -> str:
        """The region phones typed without "+" are read in: config.toml's, else the store's ("" if none)."""
        return self.options.phone_region or self.store_region

    def _entry_fields(self, now: datetime, cashier: str | None, **fields: Any) -> dict[str, Any]:
        return {"id": new_id(), "store_id": self.store_id, "terminal_id": self.terminal_id,
                "cashier_id": cashier, "created_at": now, "rules_version": self.program.version, **fields}

    def _op(self, kind: OpKind, member_id: str | None, payload: dict[str, Any],
            now: datetime, local: datetime | None = None) -> salepath.NewOp:
        """An outbox op of ``now``; ``local``: ``self.local_time(now)`` if the caller has it already."""
        local_time = (local if local is not None else self.local_time(now)).isoformat()
        body = {"program_version": self.program.version, "local_time": local_time, **payload}
        return salepath.NewOp(new_id(), kind, member_id, json.dumps(body, sort_keys=True, default=str), now)

    def _outbox(self, session: Session, kind: OpKind, member: Member | None, payload: dict[str, Any],
                now: datetime) -> None:
        op = self._op(kind, member.id if member else None, payload, now)
        queries.add_outbox_op(session, op_id=op.op_id, kind=op.kind, member_id=op.member_id,
                              payload=op.payload, created_at=op.created_at)

    def _expire_due(self, session: Session, book: MemberBook, now: datetime) -> list[LedgerEntry]:
        expired = []
        for lot in book.ledger.due_expiries(now):
            entry = book.add(**self._entry_fields(now, None, kind=EntryKind.EXPIRE, points=-lot.remaining,
                                                  reverses=lot.entry_id, reason="points expired"))
            book.allocations.append(book.ledger.expire(entry.id, lot))
            expired.append(entry)
        if expired:
            self._outbox(session, OpKind.EXPIRE, book.member, {
                "member_card": book.member.card, "entries": [queries.entry_dict(e) for e in expired]}, now)
        return expired

    def _lot_dates(self, now: datetime) -> tuple[datetime, datetime]:
        return now + timedelta(days=self.program.pending_days), add_months(now, self.program.expiry_months)

    def _tier_status(self, session: Session, member: Member, now: datetime) -> TierStatus:
        spend = queries.spend_since(session, member.id, window_start(now))
        return status(self.program, spend)

    # --- members --------------------------------------------------------------

    def enroll(self, name: str, *, phone: str | None = None, email: str | None = None,
               card: str | None = None, birthday: date | None = None, consent: bool = False,
               cashier: str | None = None, check: ContactCheck | None = None) -> EnrollResult:
        """``check`` asks the server (online) whether the phone or e-mail is a member's already."""
        clean_name = contact.normalize_name(name)
        clean_phone = contact.normalize_phone(phone, self.phone_region) if phone else None
        clean_email = contact.normalize_email(email) if email else None
        if check is not None and (clean_phone or clean_email):
            with self.db.reader() as session:  # a member known here is named in full, below
                known = queries.member_by_contact(session, clean_phone, clean_email) is not None
            if not known:  # asked outside the write transaction: the network never holds the database
                check(clean_phone, clean_email)  # raises DuplicateMember naming the existing member's card
        now = self.clock()
        with self.db.transaction() as session:
            existing = queries.member_by_contact(session, clean_phone, clean_email)
            if existing is not None:
                raise DuplicateMember(name=existing.name, card=existing.card)  # the full card: UI shows it
            number = cards.validate(card) if card else queries.unused_card(session, secrets.SystemRandom())
            if card and session.scalar(select(Member.id).where(Member.card == number)):
                raise DuplicateMember(Code.DUPLICATE_CARD, card=cards.masked(number))
            member = Member(id=new_id(), card=number, name=clean_name, phone=clean_phone, email=clean_email,
                            birthday=birthday, marketing_consent=consent, store_id=self.store_id,
                            created_at=now, balance=0)
            session.add(member)
            session.flush()
            book = MemberBook(session, member)
            entries = []
            if self.program.enrollment_bonus:
                bonus = book.add(**self._entry_fields(now, cashier, kind=EntryKind.BONUS,
                                                      points=self.program.enrollment_bonus,
                                                      reason="enrollment bonus"))
                book.credit(bonus, *self._lot_dates(now))
                entries.append(bonus)
            book.save()
            self._outbox(session, OpKind.ENROLL, member, {
                "member": queries.member_dict(member),
                "entries": [queries.entry_dict(e) for e in entries]}, now)
            queries.audit(session, now, cashier, "enroll", {"card": cards.masked(number)}, member=member)
        log.info("enrolled member %s", cards.masked(number))
        return EnrollResult(number, clean_name, self.program.enrollment_bonus)

    def card_of_token(self, token: str, keys: Mapping[str, Ed25519PublicKey] | None = None) -> str:
        """The card a member's phone QR token names, verified against the server's keys (or ``keys``) and
        used once: the same token again, after a restart too, is refused (``qr_replayed``)."""
        with self.db.transaction() as session:
            trusted = keys if keys else trusted_keys(identity.read(session))
            return use_token(session, token.strip(), self.clock(), trusted).card

    def member(self, card_or_phone: str) -> MemberView:
        now = self.clock()
        if cards.looks_like_card(card_or_phone):  # a scan: one plain SELECT (salepath.VIEW), no ORM
            number = cards.validate(card_or_phone)
        else:
            with self.db.reader() as session:
                number = self._find(session, card_or_phone).card
        with self.db.raw_reader() as conn:
            facts = salepath.view_facts(conn, number, window_start(now))
        if facts is None:
            raise UnknownCard(card=cards.masked(number))
        ledger = open_ledger(facts.open_rows)
        summary = ledger.summary(now)
        # Shown as it is once the lots past their date are expired (the expire job or the member's
        # next transaction writes that), not counting points that can no longer be spent.
        balance = summary.balance - sum(lot.remaining for lot in ledger.due_expiries(now))
        tier, holder = status(self.program, facts.window_spend), facts.holder
        return MemberView(holder.card, holder.name, holder.phone, holder.email, tier.tier.id,
                          tier.tier.name, tier, balance, summary.spendable, summary.pending,
                          summary.expiring_soon, facts.pending_ops, holder.blocked)

    def search(self, text: str, limit: int = 20) -> list[MemberView]:
        with self.db.reader() as session:
            found = queries.search_members(session, text, limit)
        return [self.member(m.card) for m in found]

    # --- sale, redeem, refund, adjust ------------------------------------------

    def quote(self, card: str, amount: int) -> EarnQuote:
        now = self.clock()
        number = cards.validate(card)
        with self.db.raw_reader() as conn:  # the store's plain card look-up (salepath), no ORM
            holder = salepath.card_holder(conn, number)
            spend = salepath.spend_of(conn, holder.id, window_start(now)) if holder is not None else 0
        if holder is None:
            raise UnknownCard(card=cards.masked(number))
        return quote_earn(self.program, amount, status(self.program, spend).tier, self.local_time(now))

    def sale(self, card: str, amount: int, receipt: str | None = None,
             cashier: str | None = None) -> SaleResult:
        """Earn a basket's points: ONE transaction of entries, lots, expiries, sale row, outbox ops, balance.

        The cashier waits on this for every basket, so it runs on the store's hot path
        (:mod:`pos_app.store.salepath`: plain SQL on a kept write connection, one SELECT and four writes
        in the common case) instead of the ORM; the lot math is the pure MemberLedger's, as everywhere
        else. Each datetime is computed and formatted once per sale (the shop's local time, the lots'
        dates, their stored text).
        """
        if amount <= 0:
            raise InvalidInput(Code.SALE_AMOUNT_NOT_POSITIVE)
        # A scanned card is already its normal form (13 ASCII digits): only its check digit is left to
        # see. Anything else goes through cards.validate, which normalizes it or raises its error.
        if (len(card) == cards.CARD_LENGTH and card.isascii() and card.isdigit()
                and cards.check_digit(card[:-1]) == card[-1]):
            number = card
        else:
            number = cards.validate(card)
        program = self.program
        now = self.clock()
        local = self.local_time(now)
        given = receipt.strip() if receipt else None
        given_key = salepath.key_of(given) if given else ""
        since = salepath.to_db(window_start(now)) or ""
        with self.db.raw_transaction() as conn:
            member = salepath.load(conn, number, given_key, since)
            if member is None and (kept := salepath.alias_target(conn, number)) is not None:
                member = salepath.load(conn, kept, given_key, since)  # HQ merged this card
            if member is None:
                raise UnknownCard(card=cards.masked(number))
            receipt = given if given is not None else salepath.next_receipt(conn, self.terminal_id, local)
            key = given_key if given is not None else salepath.key_of(receipt)
            # only invisible characters: no receipt; a key past MAX_KEY: not what the server would keep
            if not receipt or len(receipt) > MAX_RECEIPT or not key or len(key) > MAX_KEY:
                raise InvalidInput(Code.RECEIPT_LENGTH)
            if member.previous is not None:
                return self._repeat_sale(member.previous, member.id, member.balance, amount)
            if member.blocked:
                raise MemberBlocked()
            book = salepath.SaleBook(member)
            version, store_id, terminal_id = program.version, self.store_id, self.terminal_id
            ops = []
            expired = [book.expire(salepath.NewEntry(new_id(), member.id, EntryKind.EXPIRE, -lot.remaining,
                                                     store_id, terminal_id, None, now, version,
                                                     reverses=lot.entry_id, reason="points expired"), lot)
                       for lot in book.ledger.due_expiries(now)]
            if expired:
                ops.append(self._op(OpKind.EXPIRE, member.id, {
                    "member_card": member.card, "entries": [queries.entry_dict(e) for e in expired]}, now,
                    local))
            quote = quote_earn(program, amount, program.tier_for_spend(max(member.window_spend, 0)), local)
            earn = book.add(salepath.NewEntry(new_id(), member.id, EntryKind.EARN, quote.points, store_id,
                                              terminal_id, cashier, now, version, receipt=receipt,
                                              amount=amount))
            lot_dates = None
            if quote.points:
                lot_dates = self._lot_dates(now)
                book.credit(earn, *lot_dates)
            entries = [earn]
            bonus = self._birthday_bonus(book, member, now, local, cashier, receipt, lot_dates)
            if bonus is not None:
                entries.append(bonus)
            points = sum(e.points for e in entries)
            ops.append(self._op(OpKind.SALE, member.id, {
                "member_card": member.card, "receipt": receipt, "amount": amount,
                "currency": program.currency.code, "tier": quote.tier_id,
                "entries": [queries.entry_dict(e) for e in entries]}, now, local))
            balance = book.save(conn, salepath.NewSale(receipt, key, member.id, amount, points, earn.id,
                                                       bonus.id if bonus else None, cashier, now), ops)
        if log.isEnabledFor(logging.INFO):
            log.info("sale %s: %d points for %s%s", receipt, points, cards.masked(member.card),
                     f" ({len(expired)} lots expired)" if expired else "")
        return SaleResult(earn.id, receipt, points, balance, False)

    def _repeat_sale(self, previous: salepath.PreviousSale, member_id: str, balance: int,
                     amount: int) -> SaleResult:
        """A receipt already used: the same sale again returns the first result, anything else is refused."""
        if previous.member_id != member_id or previous.amount != amount:
            raise DomainError(Code.RECEIPT_REUSED, receipt=previous.receipt)
        return SaleResult(previous.earn_entry_id or "", previous.receipt, previous.points_earned,
                          balance, True)

    def _birthday_bonus(self, book: salepath.SaleBook, member: salepath.SaleMember, now: datetime,
                        local: datetime, cashier: str | None, receipt: str,
                        lot_dates: tuple[datetime, datetime] | None) -> salepath.NewEntry | None:
        program = self.program
        if (not program.birthday_bonus or member.birthday is None or member.birthday.month != local.month
                or member.last_birthday_bonus_year == local.year):
            return None
        member.last_birthday_bonus_year = local.year
        bonus = book.add(salepath.NewEntry(new_id(), member.id, EntryKind.BONUS, program.birthday_bonus,
                                           self.store_id, self.terminal_id, cashier, now, program.version,
                                           receipt=receipt, reason="birthday bonus"))
        book.credit(bonus, *(lot_dates or self._lot_dates(now)))
        return bonus

    def redeem(self, card: str, reward_id: str, cashier: str | None = None, *,
               confirm: ConfirmRedeem | None = None) -> RedeemResult:
        """Redeem ``reward_id``; with ``confirm`` (the sync agent's ``redeem_online``) a registered till asks
        the server first: confirmed there -> no offline limit applies; refused -> the server's refusal is
        raised; no answer in time -> the offline rules apply (``offline_daily_redeem_limit``)."""
        now = self.clock()
        reward = self.program.reward(reward_id)
        if reward is None:
            raise RewardNotAllowed(Code.UNKNOWN_REWARD, reward=reward_id)
        plan = self._confirm_online(card, reward, cashier, now, confirm) if confirm is not None else None
        # Not confirmed (no answer in time) it is still recorded under the ids the server was sent: had the
        # server applied it after all, the push of this op is that redemption, never a second one.
        online = plan if plan is not None and plan.confirmed else None
        with self.db.transaction() as session:
            member = self._member(session, card)
            if member.blocked:
                raise MemberBlocked()
            book = MemberBook(session, member)
            self._expire_due(session, book, now)
            tier = self._tier_status(session, member, now).tier
            taken = queries.times_redeemed(session, member.id, reward.id)
            spendable = book.ledger.summary(now).spendable
            if online is None:  # the server's rules and counts decided a confirmed one
                reward_rules.require(self.program, reward, tier, spendable, taken, self.local_time(now))
                if reward.stock is not None and queries.stock_taken(session, reward.id) >= reward.stock:
                    raise RewardNotAllowed(Code.REWARD_STOCK, reward=reward.name)
            if online is None and identity.read(session).server_url:
                day_start = self.local_day_start(now)
                redeemed = queries.unacked_redeemed_since(session, member.id, day_start)
                check_offline_redeem(reward.cost, redeemed, self.program.offline_daily_redeem_limit)
            fields = self._entry_fields(now, cashier, kind=EntryKind.REDEEM, points=-reward.cost,
                                        reason=f"reward {reward.id}")
            if plan is not None:
                fields["id"] = plan.entry_id  # the id the server was sent
            entry = book.add(**fields)
            book.spend(entry, now, allow_overdraft=online is not None)  # the server's lots decided
            book.save()
            code = self._issue_voucher(session, entry, member, reward, now,
                                       plan.voucher if plan is not None else None)
            payload = {"member_card": member.card, "reward_id": reward.id, "voucher": code,
                       "entries": [queries.entry_dict(entry)]}
            op = plan.op if plan is not None else self._op(OpKind.REDEEM, member.id, payload, now)
            queries.add_outbox_op(session, op_id=op.op_id, kind=op.kind, member_id=op.member_id,
                                  payload=op.payload, created_at=op.created_at)
            if online is not None:
                entry.acked = True  # the server applied it: not an offline redemption, whatever the push says
            log.info("redeemed %s for %s%s", reward.id, cards.masked(member.card),
                     " (confirmed online)" if online else "")
            return RedeemResult(entry.id, reward.cost, member.balance, code, reward.id, reward.name)

    def _confirm_online(self, card: str, reward: Reward, cashier: str | None, now: datetime,
                        confirm: ConfirmRedeem) -> OnlineRedeem | None:
        """Ask the server (outside any transaction: a sale never waits behind it); None: not registered."""
        with self.db.reader() as session:
            if not identity.read(session).server_url:
                return None
            member = self._member(session, card)
            entry_id, voucher = new_id(), queries.next_voucher_code(session, self.terminal_id)
            entry = self._entry_fields(now, cashier, kind=EntryKind.REDEEM, points=-reward.cost,
                                       reason=f"reward {reward.id}", id=entry_id, receipt=None, amount=None,
                                       reverses=None, available_at=None, expires_at=None)
            entry["created_at"] = now.isoformat()
            payload = {"member_card": member.card, "reward_id": reward.id, "voucher": voucher,
                       "entries": [entry]}
            op = self._op(OpKind.REDEEM, member.id, payload, now)
        return OnlineRedeem(member.card, op, entry_id, voucher, confirm(member.card, op))

    def local_day_start(self, now: datetime) -> datetime:
        return wall_clock(shop_day(now, self.zone), self.zone)

    def refund(self, receipt: str, amount: int | None = None, cashier: str | None = None,
               remote: salemirror.RemoteSale | None = None) -> RefundResult:
        """Refund a sale of this till, or with ``remote`` (fetched from the server) one of another till."""
        now = self.clock()
        with self.db.transaction() as session:
            sale = self._sale_to_refund(session, receipt, remote)
            left = sale.amount - sale.refunded_amount
            refund_amount = left if amount is None else amount
            if refund_amount <= 0 and amount is not None:
                raise InvalidInput(Code.REFUND_AMOUNT_NOT_POSITIVE)
            if left == 0:
                raise RefundTooLarge(Code.RECEIPT_REFUNDED, receipt=sale.receipt)
            if refund_amount > left:
                raise RefundTooLarge(receipt=sale.receipt)
            member = session.get_one(Member, sale.member_id)
            book = MemberBook(session, member)
            # As the server and the expire job see it: a lot past its date is gone before the refund.
            self._expire_due(session, book, now)
            earn = session.get(LedgerEntry, sale.earn_entry_id) if sale.earn_entry_id else None
            entries = []
            # A mirrored sale's entries are bookkeeping rows here: its points come with the fetched copy.
            earned = remote.earn_points if remote else (earn.points if earn else 0)
            points = reversal_for_refund(earned, sale.amount, sale.refunded_amount, refund_amount)
            if points and earn is not None:
                entries.append(self._reverse(book, earn, points, now, cashier, sale.receipt))
            fully = sale.refunded_amount + refund_amount == sale.amount
            bonus = session.get(LedgerEntry, sale.bonus_entry_id) if sale.bonus_entry_id else None
            bonus_points = remote.bonus_points if remote else (bonus.points if bonus else 0)
            if fully and bonus is not None and bonus_points > 0:
                entries.append(self._reverse(book, bonus, bonus_points, now, cashier, sale.receipt))
            sale.refunded_amount += refund_amount
            book.save()
            reversed_points = -sum(e.points for e in entries)
            session.add(Refund(id=new_id(), receipt=sale.receipt, amount=refund_amount,
                               points_reversed=reversed_points, entry_id=entries[0].id if entries else None,
                               cashier_id=cashier, created_at=now))
            self._outbox(session, OpKind.REFUND, member, {
                "member_card": member.card, "receipt": sale.receipt, "amount": refund_amount,
                "entries": [queries.entry_dict(e) for e in entries]}, now)
            if member.balance < 0:
                log.warning("refund %s left %s with a negative balance", sale.receipt,
                            cards.masked(member.card))
            return RefundResult(sale.receipt, refund_amount, reversed_points, member.balance)

    def _sale_to_refund(self, session: Session, receipt: str, remote: salemirror.RemoteSale | None) -> Sale:
        if remote is not None:
            member = queries.member_by_card(session, remote.member_card)  # the agent mirrored it
            if member is None:
                raise UnknownReceipt(receipt=receipt)
            return salemirror.mirror_sale(session, remote, member)
        sale = queries.sale_by_receipt(session, receipt.strip())
        if sale is None or salemirror.is_mirrored(session, sale):  # another till's: ask the server again
            raise UnknownReceipt(receipt=receipt)
        return sale

    def queue_refund(self, receipt: str, amount: int | None, cashier: str | None = None) -> RefundResult:
        """Offline, a receipt this till does not know: the server refunds its store sale when the op arrives
        (what it reverses is known after sync; a receipt matching no sale there becomes a dead letter)."""
        typed = receipt.strip()
        if not typed or len(typed) > MAX_RECEIPT or not 0 < len(receipt_key(typed)) <= MAX_KEY:
            raise InvalidInput(Code.RECEIPT_LENGTH)
        if amount is not None and amount <= 0:
            raise InvalidInput(Code.REFUND_AMOUNT_NOT_POSITIVE)
        now = self.clock()
        with self.db.transaction() as session:
            self._outbox(session, OpKind.REFUND, None, {
                "member_card": None, "receipt": typed, "amount": amount, "entries": [], "pending": True,
                "cashier_id": cashier}, now)
        log.info("refund of unknown receipt %s queued for the server", typed)
        return RefundResult(typed, amount or 0, 0, 0, pending=True)

    def _reverse(self, book: MemberBook, original: LedgerEntry, points: int, now: datetime,
                 cashier: str | None, receipt: str) -> LedgerEntry:
        if original.kind == EntryKind.REVERSE:
            raise DomainError(Code.REVERSAL_OF_REVERSAL)
        entry = book.add(**self._entry_fields(now, cashier, kind=EntryKind.REVERSE, points=-points,
                                              receipt=receipt, reverses=original.id,
                                              reason=f"refund of {receipt}"))
        book.reverse(entry, original.id)
        return entry

    def adjust(self, card: str, points: int, reason: str, manager: str | None) -> AdjustResult:
        """A manager's correction; ``manager`` approved it (the CLI's --manager-pin, the window's sign-in)."""
        if points == 0:
            raise InvalidInput(Code.ADJUST_ZERO)
        if not reason.strip():
            raise InvalidInput(Code.ADJUST_REASON)
        now = self.clock()
        with self.db.transaction() as session:
            member = self._member(session, card)
            book = MemberBook(session, member)
            self._expire_due(session, book, now)  # a correction never lands on points past their date
            entry = book.add(**self._entry_fields(now, manager, kind=EntryKind.ADJUST, points=points,
                                                  reason=reason.strip()))
            if points > 0:
                book.credit(entry, now, add_months(now, self.program.expiry_months))
            else:
                book.debit(entry)
            book.save()
            self._outbox(session, OpKind.ADJUST, member, {
                "member_card": member.card, "entries": [queries.entry_dict(entry)]}, now)
            detail = {"card": cards.masked(member.card), "points": points, "reason": reason.strip()}
            queries.audit(session, now, manager, "adjust", detail, member=member)
            return AdjustResult(entry.id, points, member.balance)

    def expire_due(self) -> int:
        """Expire every lot past its date; returns the points expired."""
        now = self.clock()
        total = 0
        with self.db.reader() as session:
            member_ids = queries.members_with_due_lots(session, now)
        for member_id in member_ids:
            with self.db.transaction() as session:
                book = MemberBook(session, session.get_one(Member, member_id))
                total -= sum(e.points for e in self._expire_due(session, book, now))
                book.save()
        return total

    def rebuild_balances(self) -> int:
        """Recompute every cached members.balance from the ledger; returns how many were wrong."""
        with self.db.transaction() as session:
            return queries.rebuild_balances(session)

    # --- what the cashier and the manager read --------------------------------

    def catalog(self) -> list[Reward]:
        return list(self.program.rewards)

    def rewards_for(self, card: str) -> list[reward_rules.Eligibility]:
        now = self.clock()
        with self.db.reader() as session:
            member = self._member(session, card)
            spendable = MemberBook(session, member).ledger.summary(now).spendable
            tier = self._tier_status(session, member, now).tier
            return [reward_rules.check(self.program, r, tier, spendable,
                                       queries.times_redeemed(session, member.id, r.id), self.local_time(now))
                    for r in self.program.rewards]

    def recent_visits(self, card: str, limit: int = 5) -> list[LedgerEntry]:
        with self.db.reader() as session:
            member = self._member(session, card)
            # Rows of kind "server" only mirror the server's lots for the lot math: not visits.
            return list(session.scalars(select(LedgerEntry)
                                        .where(LedgerEntry.member_id == member.id,
                                               LedgerEntry.kind != EntryKind.SERVER)
                                        .order_by(LedgerEntry.created_at.desc()).limit(limit)))

    def status(self) -> dict[str, Any]:
        with self.db.reader() as session:
            state = identity.read(session)
            return {
                "online": state.online,
                "pending_ops": queries.pending_ops(session),
                "rejected_ops": queries.rejected_ops(session),
                "last_sync_at": state.last_sync_at.isoformat() if state.last_sync_at else None,
                "terminal_id": self.terminal_id,
                "store_id": self.store_id,
                "server_url": state.server_url,
                "program_version": self.program.version,
            }

    def dead_letters(self) -> list[dict[str, Any]]:
        """Ops the server rejected, oldest first, with its reason (they are never sent again)."""
        with self.db.reader() as session:
            return syncstore.dead_letters(session)

    def daily_report(self, day: date) -> dict[str, Any]:
        """What happened at this terminal on ``day`` (the shop's wall-clock day; see store.reports): the
        figures, then by reward, by cashier, by hour and the 30-day trend (store.daybreak); ``provisional``
        while changes wait to be sent (the server's answers may still change the figures)."""
        start, end = day_span(day, self.zone)
        with self.db.reader() as session:
            figures = reports.daily(session, start, end)
            pending = queries.pending_ops(session)
            lines = daybreak.breakdowns(session, day, start, end, self.zone)
        return {"date": day.isoformat(), "store_id": self.store_id, "terminal_id": self.terminal_id,
                "currency": self.program.currency.code, **figures, "pending_ops": pending,
                "provisional": pending > 0, **lines}


def initialize(data_dir: Path, *, demo: bool = False, region: str | None = None,
               clock: Clock = utc_now) -> bool:
    """Create or migrate the database; set identity and the program on first run. True if created.

    ``region`` (ISO 3166 alpha-2, checked) is the store's, for phones typed without "+";
    the demo's is RO unless one is given.
    """
    chosen = contact.region(region) if region is not None else None
    ensure_data_dir(data_dir)
    db_path = data_dir / "terminal.db"
    created = not db_path.exists()
    migrate(db_path)
    secure_file(db_path)
    db = Database(db_path)
    try:
        with db.transaction() as session:
            if identity.read(session).terminal_id is None:
                identity.put(session, StateKey.TERMINAL_ID, new_id())
                identity.put(session, StateKey.STORE_ID, "demo" if demo else "local")
            if chosen is None and demo and not identity.read(session).region:
                chosen = DEMO_REGION
            if chosen is not None:
                identity.put(session, StateKey.REGION, chosen)
            programs.install(session, parse_program(demo_data.program_text()), clock())
    finally:
        db.close()
    if demo:
        seed_clock = demo_data.SeedClock(clock)
        seeding = Terminal(data_dir, clock=seed_clock)
        try:
            demo_data.seed(seeding, seed_clock)
        finally:
            seeding.close()
    return created


__all__ = [
    "AdjustResult", "EnrollResult", "MemberView", "RedeemResult", "RefundResult", "SaleResult", "Terminal",
    "initialize", "new_id", "utc_now",
]

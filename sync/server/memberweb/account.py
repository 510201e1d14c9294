"""The member's own account on the member page: marketing consent, their data, and deletion (GDPR).

Each change takes the next change-feed value, so every till pulls it (a withdrawn consent, a deleted
member whose card then stops working) like any change HQ makes; each act is a ``member_events`` row.
Deletion anonymises the person (name, phone, e-mail, birthday, consent) and blocks the card, ends every
session and forgets unspent sign-in codes; the ledger stays whole, so the books still add up. The card
number stays as the ledger's key: the tills find members by it, and alone it names nobody.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import uuid6
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sync.server.db import ServerDB
from sync.server.models import LedgerEntry, Member, MemberEvent, MemberLoginCode, MemberSession, Voucher

DELETED_NAME = "Deleted member"


def _event(session: Session, member_id: str, kind: str, now: datetime, address: str) -> None:
    session.add(MemberEvent(id=str(uuid6.uuid7()), member_id=member_id, at=now, kind=kind,
                            address=address[:64]))


def set_consent(db: ServerDB, member_id: str, consent: bool, now: datetime, address: str) -> bool:
    """Marketing consent on or off; returns it. Unchanged: nothing recorded, nothing sent to the tills."""
    def work(session: Session) -> bool:
        member = session.get(Member, member_id, with_for_update=True)
        if member is None or member.blocked:
            return False
        if member.marketing_consent != consent:
            member.marketing_consent = consent
            member.change_seq = db.next_change(session)
            _event(session, member_id, "consent.on" if consent else "consent.off", now, address)
        return consent

    return db.run_write(work)


def export(db: ServerDB, member_id: str, now: datetime, address: str) -> dict[str, Any]:
    """Everything the server holds about the member, as JSON-ready data (the download is recorded)."""
    def work(session: Session) -> dict[str, Any]:
        member = session.get(Member, member_id)
        if member is None:
            return {}
        _event(session, member_id, "data.download", now, address)
        e = LedgerEntry
        entries = session.execute(
            select(e.id, e.created_at, e.kind, e.points, e.store_id, e.receipt, e.amount, e.reason,
                   e.expires_at).where(e.member_id == member_id).order_by(e.created_at, e.id)).all()
        vouchers = session.scalars(select(Voucher).where(Voucher.member_id == member_id)
                                   .order_by(Voucher.created_at)).all()
        events = session.scalars(select(MemberEvent).where(MemberEvent.member_id == member_id)
                                 .order_by(MemberEvent.at, MemberEvent.id)).all()
        return {
            "exported_at": now.isoformat(),
            "profile": {"card": member.card, "name": member.name, "phone": member.phone,
                        "email": member.email,
                        "birthday": member.birthday.isoformat() if member.birthday else None,
                        "store": member.store_id, "member_since": member.created_at.isoformat(),
                        "marketing_consent": member.marketing_consent, "balance": member.balance},
            "consent_history": [{"at": ev.at.isoformat(), "consent": ev.kind == "consent.on"}
                                for ev in events if ev.kind.startswith("consent.")],
            "account_events": [{"at": ev.at.isoformat(), "kind": ev.kind} for ev in events],
            "ledger": [{"id": r.id, "at": r.created_at.isoformat(), "kind": r.kind, "points": r.points,
                        "store": r.store_id, "receipt": r.receipt, "amount": r.amount, "reason": r.reason,
                        "expires_at": r.expires_at.isoformat() if r.expires_at else None} for r in entries],
            "vouchers": [{"code": v.code, "reward": v.reward_id, "cost": v.cost, "state": v.state,
                          "created_at": v.created_at.isoformat()} for v in vouchers],
        }

    return db.run_write(work)


def delete(db: ServerDB, member_id: str, now: datetime, address: str) -> bool:
    """Anonymise and block the member, end their sessions and codes; False if there is no such member."""
    def work(session: Session) -> bool:
        member = session.get(Member, member_id, with_for_update=True)
        if member is None:
            return False
        member.name, member.phone, member.email, member.birthday = DELETED_NAME, None, None, None
        member.marketing_consent, member.blocked = False, True
        member.change_seq = db.next_change(session)
        session.execute(update(MemberSession).where(MemberSession.member_id == member_id,
                                                    MemberSession.ended_at.is_(None)).values(ended_at=now))
        session.execute(update(MemberLoginCode).where(MemberLoginCode.member_id == member_id,
                                                      MemberLoginCode.spent_at.is_(None)).values(spent_at=now))
        _event(session, member_id, "account.delete", now, address)
        return True

    return db.run_write(work)

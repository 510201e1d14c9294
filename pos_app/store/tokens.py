"""Member QR tokens at this terminal: the keys it trusts and a replay guard that survives a restart.

A token shown once must not open the member twice while it is still valid, even if the terminal
(or the window) restarted in between: the guard lives in ``sync_state`` and is checked and
written in the same transaction. It remembers each token's signed content until the token has
expired, so it stays a handful of entries.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.orm import Session

from pos_app.core import qrtoken
from pos_app.store import identity
from pos_app.store.identity import StateKey

DEMO_STORE = "demo"


def trusted_keys(state: identity.TerminalState) -> dict[str, Ed25519PublicKey]:
    """The member-QR keys the server published; until one did, only a demo terminal trusts the demo key."""
    if state.member_qr_keys:
        return {kid: qrtoken.public_key_from_text(text) for kid, text in state.member_qr_keys.items()}
    return qrtoken.demo_public_keys() if state.store_id == DEMO_STORE else {}


def use_token(session: Session, token: str, now: datetime,
              keys: Mapping[str, Ed25519PublicKey]) -> qrtoken.MemberToken:
    """The verified claims of ``token``, recorded as used; TokenReplayed if it was used before."""
    claims = qrtoken.verify(token, now, keys)
    seen = _seen(session, now)
    key = qrtoken.replay_key(claims)
    if key in seen:
        raise qrtoken.TokenReplayed()
    seen[key] = qrtoken.expires_at(claims).isoformat()
    identity.put(session, StateKey.QR_SEEN, json.dumps(seen, sort_keys=True))
    return claims


def _seen(session: Session, now: datetime) -> dict[str, str]:
    raw = identity.get(session, StateKey.QR_SEEN)
    stored: dict[str, str] = json.loads(raw) if raw else {}
    return {key: until for key, until in stored.items() if datetime.fromisoformat(until) >= now}

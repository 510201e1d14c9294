"""Signed member QR tokens: the phone shows one, the terminal verifies it offline.

Format: ``TQ1.<base64url body>.<base64url Ed25519 signature>``. The body is
binary to keep the QR small enough for a phone screen (version 7): card number
as a 6-byte integer, issue time as 8-byte signed unix seconds, then the key id
in UTF-8. The signature covers the prefix and the body, so a token cannot be
re-labelled as another version.

Pure: no I/O and no clock reads; callers pass ``now``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pos_app.core import cards
from pos_app.core.errors import Code, DomainError, InvalidInput

PREFIX = "TQ1."
VALIDITY = timedelta(seconds=120)
CLOCK_TOLERANCE = timedelta(seconds=60)
_CARD_BYTES = 6
_TIME_BYTES = 8
_SIG_BYTES = 64
_MAX_KEY_ID = 32

# A DEMO key, public on purpose so demo terminals and the demo server agree
# without setup. Never use it for a real program: anyone can mint tokens with it.
DEMO_KEY_ID = "demo"
DEMO_PRIVATE_KEY_BYTES = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")


class TokenError(DomainError):
    """A member QR code the terminal refuses; ``message`` is for the cashier."""

    default_code = Code.QR_MALFORMED


class TokenExpired(TokenError):
    default_code = Code.QR_EXPIRED  # or QR_FUTURE: dated ahead of the clock


class TokenForged(TokenError):
    default_code = Code.QR_FORGED


class UnknownKey(TokenError):
    default_code = Code.QR_UNKNOWN_KEY


class MalformedToken(TokenError):
    default_code = Code.QR_MALFORMED  # or QR_BAD_CARD


class TokenReplayed(TokenError):
    default_code = Code.QR_REPLAYED


@dataclass(frozen=True)
class MemberToken:
    card: str
    issued_at: datetime
    key_id: str


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    """Strict: only the one unpadded base64url text of the bytes is accepted, so a token has exactly one
    spelling (no ``=`` padding, no different unused low bits in the last character)."""
    if not text or not text.isascii():
        raise ValueError("empty or non-ASCII base64")
    data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    if _b64encode(data) != text:
        raise ValueError("not the canonical base64url text")
    return data


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise InvalidInput(Code.TOKEN_TIMES_NAIVE)
    return moment.astimezone(UTC)


def looks_like_token(text: str) -> bool:
    """Cheap shape check so the scanner can route a QR to token verification."""
    return text.startswith(PREFIX) and text.count(".") == 2


def sign(card: str, issued_at: datetime, private_key: Ed25519PrivateKey, key_id: str) -> str:
    number = cards.validate(card)
    kid = key_id.encode("utf-8")
    if not kid or len(kid) > _MAX_KEY_ID:
        raise InvalidInput(Code.KEY_ID_LENGTH, max_bytes=_MAX_KEY_ID)
    seconds = int(_as_utc(issued_at).timestamp())
    body = int(number).to_bytes(_CARD_BYTES, "big") + seconds.to_bytes(_TIME_BYTES, "big", signed=True) + kid
    head = PREFIX + _b64encode(body)
    signature = private_key.sign(head.encode("ascii"))
    return head + "." + _b64encode(signature)


def _parse(token: str) -> tuple[str, bytes, bytes]:
    """Split into (signed part, body, signature) or raise MalformedToken."""
    bad = MalformedToken()
    if not looks_like_token(token):
        raise bad
    head, _, sig_text = token.rpartition(".")
    try:
        body = _b64decode(head[len(PREFIX) :])
        signature = _b64decode(sig_text)
    except (ValueError, binascii.Error):
        raise bad from None
    if len(signature) != _SIG_BYTES or len(body) <= _CARD_BYTES + _TIME_BYTES:
        raise bad
    return head, body, signature


def decode_unverified(token: str) -> MemberToken:
    """Read the fields without checking the signature (for logs and diagnostics only)."""
    _, body, _ = _parse(token)
    number = int.from_bytes(body[:_CARD_BYTES], "big")
    card = f"{number:0{cards.CARD_LENGTH}d}"
    seconds = int.from_bytes(body[_CARD_BYTES : _CARD_BYTES + _TIME_BYTES], "big", signed=True)
    try:
        key_id = body[_CARD_BYTES + _TIME_BYTES :].decode("utf-8")
        issued_at = datetime.fromtimestamp(seconds, UTC)
    except (UnicodeDecodeError, ValueError, OverflowError, OSError):
        raise MalformedToken() from None
    if len(card) != cards.CARD_LENGTH or not cards.is_valid(card):
        raise MalformedToken(Code.QR_BAD_CARD)
    return MemberToken(card=card, issued_at=issued_at, key_id=key_id)


def verify(token: str, now: datetime, public_keys: Mapping[str, Ed25519PublicKey]) -> MemberToken:
    """Return the member token or raise a TokenError subclass.

    Order matters: the signature is checked before the time, so a forged token is
    reported as forged even when its claimed time is also out of range.
    """
    head, _, signature = _parse(token)
    claims = decode_unverified(token)
    key = public_keys.get(claims.key_id)
    if key is None:
        raise UnknownKey()
    try:
        key.verify(signature, head.encode("ascii"))
    except InvalidSignature:
        raise TokenForged() from None
    current = _as_utc(now)
    if claims.issued_at > current + CLOCK_TOLERANCE:
        raise TokenExpired(Code.QR_FUTURE)
    if current > expires_at(claims):
        raise TokenExpired()
    return claims


def expires_at(claims: MemberToken) -> datetime:
    return claims.issued_at + VALIDITY + CLOCK_TOLERANCE


def replay_key(claims: MemberToken) -> str:
    """What a replay guard remembers: the signed content, not the token's spelling (whatever another
    encoding of the same signature might look like, it names the same card, time and key)."""
    return f"{claims.key_id}:{claims.card}:{int(claims.issued_at.timestamp())}"


@dataclass
class ReplayGuard:
    """Refuses a token seen before while it could still verify.

    A token is forgotten once it has expired: past that, ``verify`` refuses it
    anyway, so memory stays bounded by the tokens of the last few minutes.
    """

    _seen: dict[str, datetime] = field(default_factory=dict)

    def check(self, token: str, claims: MemberToken, now: datetime) -> None:
        """Record the token, or raise TokenReplayed if it was already used."""
        current = _as_utc(now)
        self._forget_expired(current)
        key = replay_key(claims)
        if key in self._seen:
            raise TokenReplayed()
        self._seen[key] = expires_at(claims)

    def _forget_expired(self, now: datetime) -> None:
        for token in [t for t, until in self._seen.items() if until < now]:
            del self._seen[token]

    def __len__(self) -> int:
        return len(self._seen)


def verify_once(
    token: str, now: datetime, public_keys: Mapping[str, Ed25519PublicKey], guard: ReplayGuard
) -> MemberToken:
    claims = verify(token, now, public_keys)
    guard.check(token, claims, now)
    return claims


# --------------------------------------------------------------------------- keys


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_from_bytes(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def private_key_to_bytes(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def public_key_to_text(key: Ed25519PublicKey) -> str:
    """Raw 32 public-key bytes as base64url, the form the server publishes via sync."""
    from cryptography.hazmat.primitives import serialization

    return _b64encode(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        raw = _b64decode(text.strip())
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error):
        raise InvalidInput(Code.PUBLIC_KEY_FORMAT) from None


def demo_private_key() -> Ed25519PrivateKey:
    return private_key_from_bytes(DEMO_PRIVATE_KEY_BYTES)


def demo_public_keys() -> dict[str, Ed25519PublicKey]:
    return {DEMO_KEY_ID: demo_private_key().public_key()}

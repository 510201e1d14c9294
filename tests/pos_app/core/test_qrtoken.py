from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.core import qrtoken as q
from pos_app.core.cards import check_digit

CARD = "2912345678906"
T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
KEYS = q.demo_public_keys()


def token(card: str = CARD, at: datetime = T0) -> str:
    return q.sign(card, at, q.demo_private_key(), q.DEMO_KEY_ID)


def test_round_trip_gives_card_time_and_key() -> None:
    claims = q.verify(token(), T0 + timedelta(seconds=30), KEYS)
    assert claims == q.MemberToken(CARD, T0, "demo")
    assert q.looks_like_token(token())
    assert not q.looks_like_token(CARD)


def test_validity_window_edges() -> None:
    t = token()
    assert q.verify(t, T0 + timedelta(seconds=180), KEYS).card == CARD
    with pytest.raises(q.TokenExpired):
        q.verify(t, T0 + timedelta(seconds=181), KEYS)
    # Issued up to 60 s "in the future" (terminal clock behind the phone's) is fine.
    assert q.verify(t, T0 - timedelta(seconds=60), KEYS).card == CARD
    with pytest.raises(q.TokenExpired):
        q.verify(t, T0 - timedelta(seconds=61), KEYS)


def test_forged_signature_is_refused() -> None:
    other = Ed25519PrivateKey.generate()
    forged = q.sign(CARD, T0, other, q.DEMO_KEY_ID)
    with pytest.raises(q.TokenForged) as err:
        q.verify(forged, T0, KEYS)
    assert "not genuine" in err.value.message


def test_tampered_body_is_refused() -> None:
    t = token()
    head, sig = t.rsplit(".", 1)
    other_head = token(card="2900000000001").rsplit(".", 1)[0]
    with pytest.raises(q.TokenForged):
        q.verify(other_head + "." + sig, T0, KEYS)
    assert head != other_head


def test_unknown_key_id() -> None:
    t = q.sign(CARD, T0, q.demo_private_key(), "k2026")
    with pytest.raises(q.UnknownKey):
        q.verify(t, T0, KEYS)


@pytest.mark.parametrize(
    "bad",
    ["", "hello", "TQ1.", "TQ1.a.b", "TQ2." + "A" * 20 + "." + "A" * 86, "TQ1.!!!!.????", CARD],
)
def test_malformed_tokens(bad: str) -> None:
    with pytest.raises(q.MalformedToken):
        q.verify(bad, T0, KEYS)


def test_wrong_check_digit_of_embedded_card_is_malformed() -> None:
    body = CARD[:12]
    wrong = body + str((int(check_digit(body)) + 1) % 10)
    # Sign bypassing the card validation, as a buggy or hostile issuer might.
    import base64

    raw = int(wrong).to_bytes(6, "big") + int(T0.timestamp()).to_bytes(8, "big", signed=True) + b"demo"
    head = q.PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    sig = base64.urlsafe_b64encode(q.demo_private_key().sign(head.encode())).rstrip(b"=").decode()
    with pytest.raises(q.MalformedToken):
        q.verify(head + "." + sig, T0, KEYS)


def test_all_errors_share_one_base_with_a_message() -> None:
    for cls in (q.TokenExpired, q.TokenForged, q.UnknownKey, q.MalformedToken, q.TokenReplayed):
        assert issubclass(cls, q.TokenError)


def test_replay_guard_refuses_second_use_and_forgets_after_expiry() -> None:
    guard = q.ReplayGuard()
    t = token()
    q.verify_once(t, T0, KEYS, guard)
    with pytest.raises(q.TokenReplayed):
        q.verify_once(t, T0 + timedelta(seconds=10), KEYS, guard)
    q.verify_once(token(at=T0 + timedelta(seconds=5)), T0 + timedelta(seconds=10), KEYS, guard)
    assert len(guard) == 2
    later = T0 + timedelta(minutes=10)
    q.verify_once(token(at=later), later, KEYS, guard)
    assert len(guard) == 1  # the two old tokens could no longer verify: forgotten


def test_public_key_text_round_trip() -> None:
    key = q.generate_private_key()
    text = q.public_key_to_text(key.public_key())
    assert len(text) == 43 and "=" not in text
    restored = q.public_key_from_text(text)
    t = q.sign(CARD, T0, key, "k1")
    assert q.verify(t, T0, {"k1": restored}).key_id == "k1"
    with pytest.raises(ValueError):
        q.public_key_from_text("not a key")


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError):
        q.sign(CARD, datetime(2026, 1, 1), q.demo_private_key(), "demo")

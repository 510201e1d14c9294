"""The server's member-QR signing key: made at init, kept 0600 in the data dir.

Only the public half leaves the server (through pull). ``init --demo`` uses the
public demo key of ``pos_app.core.qrtoken`` so demo terminals verify without setup.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.base.files import atomic_write_text
from pos_app.core import qrtoken
from sync.protocol import MemberKey

KEY_FILE = "member_qr_key.json"


def ensure(data_dir: Path, *, demo: bool = False) -> str:
    """Create the key file unless it exists; returns the key id."""
    path = data_dir / KEY_FILE
    if path.exists():
        return load(data_dir)[0]
    if demo:
        key, key_id = qrtoken.demo_private_key(), qrtoken.DEMO_KEY_ID
    else:
        key = qrtoken.generate_private_key()
        key_id = "k" + hashlib.sha256(qrtoken.public_key_to_text(key.public_key()).encode()).hexdigest()[:10]
    raw = qrtoken.private_key_to_bytes(key).hex()
    document = json.dumps({"key_id": key_id, "private_key": raw, "algorithm": "ed25519"})
    atomic_write_text(path, document, mode=0o600)  # the private key: owner only
    return key_id


def load(data_dir: Path) -> tuple[str, Ed25519PrivateKey]:
    data = json.loads((data_dir / KEY_FILE).read_text(encoding="utf-8"))
    return str(data["key_id"]), qrtoken.private_key_from_bytes(bytes.fromhex(data["private_key"]))


def published(data_dir: Path) -> list[MemberKey]:
    if not (data_dir / KEY_FILE).exists():
        return []
    key_id, key = load(data_dir)
    return [MemberKey(key_id=key_id, public_key=qrtoken.public_key_to_text(key.public_key()))]

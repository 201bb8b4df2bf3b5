"""Anonymous handles: HMAC-SHA256 of a user under a secret key and a per-purpose salt.

A handle lets the bot recognise "the same author" or "has already answered" without storing who.
The key never enters the database; the salt (stored per draft or per poll) is destroyed at expiry or
close, after which nobody, the host included, can recompute the link.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SALT_BYTES = 16


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def handle(key: bytes, salt: bytes, *parts: int | str) -> str:
    """A stable, unlinkable identifier for (salt, parts) under key, as hex."""
    if not key:
        raise ValueError("the anonymity key is empty")
    message = salt + b"\x1f".join(str(p).encode() for p in parts)
    return hmac.new(key, message, hashlib.sha256).hexdigest()

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


def _pad(key: bytes, salt: bytes, nonce: int) -> bytes:
    """8 bytes of HMAC-SHA256 under the key, the salt and a nonce unique under that salt."""
    if not key:
        raise ValueError("the anonymity key is empty")
    message = b"sealed-id\x1f" + salt + nonce.to_bytes(8, "big", signed=True)
    return hmac.new(key, message, hashlib.sha256).digest()[:8]


def seal_id(key: bytes, salt: bytes, nonce: int, value: int) -> bytes:
    """A 64-bit id (a Discord message id) as 8 bytes only the key and the salt open: the id XOR a
    one-time pad. Without the key the bytes say nothing (a DM's id would find its recipient with
    the bot's token); once the salt is destroyed, not even the key opens them. `nonce` must not
    repeat under one salt (the pad would)."""
    plain = value.to_bytes(8, "big", signed=True)
    return bytes(a ^ b for a, b in zip(plain, _pad(key, salt, nonce), strict=True))


def open_id(key: bytes, salt: bytes, nonce: int, sealed: bytes) -> int:
    """The id `seal_id` sealed."""
    plain = bytes(a ^ b for a, b in zip(sealed, _pad(key, salt, nonce), strict=True))
    return int.from_bytes(plain, "big", signed=True)


def sent_fingerprint(key: bytes, salt: bytes, text: str) -> int:
    """A DM about to be sent, as a negative number (a message id is positive), to seal in its
    record before it goes: a stop before its id came back leaves what recognises it in the
    recipient's DMs (an HMAC of its text under the key and the salt, so nothing without them)."""
    if not key:
        raise ValueError("the anonymity key is empty")
    # stripped: Discord trims a message's content, and the copy read back must match
    digest = hmac.new(key, b"sent-dm\x1f" + salt + text.strip().encode(), hashlib.sha256).digest()
    return -(int.from_bytes(digest[:8], "big") >> 2) - 1

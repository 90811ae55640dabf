"""Field encryption and blind indexes.

Sensitive words (a client's plan entries, addresses, phone numbers, names) are stored as Fernet tokens
(AES-128-CBC + HMAC-SHA256) under keys that live outside the database. The first key in
``FIELD_ENCRYPTION_KEYS`` encrypts; every key decrypts, which lets ``safeplan keys rotate`` re-encrypt while
Safeplan keeps serving. Equality lookups use a keyed HMAC (blind index), never the plaintext.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from safeplan.lib.errors import InvalidInput
from safeplan.lib.validation import UNENCODABLE_MESSAGE

PREFIX = "enc1:"


class DecryptionError(RuntimeError):
    """A stored value cannot be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


@lru_cache(maxsize=4)
def _newest(key: str) -> Fernet:
    return Fernet(key.encode())


def cipher() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def _utf8(value: str) -> bytes:
    """The UTF-8 bytes of ``value``; text without a UTF-8 form (a lone surrogate) is refused as bad input.

    The edge refuses such text first (``lib.middleware.RequestLimitsMiddleware``); this keeps any other way
    in (a job, a command, a future form) from turning it into a 500.
    """
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(UNENCODABLE_MESSAGE) from exc


def encrypt_text(value: str) -> str:
    return PREFIX + cipher().encrypt(_utf8(value)).decode("ascii")


def decrypt_text(stored: str) -> str:
    if not stored.startswith(PREFIX):
        # Written before encryption was configured for this column; readable, and re-encrypted on rotate.
        return stored
    try:
        return cipher().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError(
            "a stored value cannot be decrypted with the configured keys"
        ) from exc


def rotate_text(stored: str) -> str:
    """Re-encrypt under the first (newest) key; idempotent."""
    if not stored.startswith(PREFIX):
        return encrypt_text(stored)
    try:
        token = cipher().rotate(stored[len(PREFIX) :].encode("ascii"))
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError(
            "a stored value cannot be decrypted with the configured keys"
        ) from exc
    return PREFIX + token.decode("ascii")


def is_current_key(stored: str) -> bool:
    """True when the newest key alone decrypts ``stored`` (used to resume an interrupted rotation)."""
    if not stored.startswith(PREFIX):
        return False
    try:
        _newest(settings.FIELD_ENCRYPTION_KEYS[0]).decrypt(stored[len(PREFIX) :].encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def normalise_for_index(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().casefold()


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash for equality lookups; ``purpose`` separates columns so equal values do not link across them."""
    key = hashlib.sha256((settings.BLIND_INDEX_KEY + "|" + purpose).encode()).digest()
    return hmac.new(key, _utf8(normalise_for_index(value)), hashlib.sha256).hexdigest()[:40]


def generate_key() -> str:
    """A new random field key (``safeplan keys generate``)."""
    return Fernet.generate_key().decode("ascii")


def invalid_keys(keys: list[str]) -> list[int]:
    """Positions (1-based) of keys that are not 32 url-safe base64-encoded bytes; used by settings."""
    bad = []
    for position, key in enumerate(keys, 1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            bad.append(position)
    return bad

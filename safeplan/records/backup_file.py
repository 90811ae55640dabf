"""The encrypted backup file format: AES-256-GCM in authenticated chunks, so damage and truncation show.

Layout::

    MAGIC (16 bytes) | header length (4 bytes, big-endian) | header (JSON) | chunk … chunk
    chunk = ciphertext length (4 bytes) | AES-GCM ciphertext with its 16-byte tag

Each file has its own random salt; the AES key is HKDF-SHA256(key material, salt). Chunk ``i`` uses the
12-byte nonce ``i`` (unique, because the key is unique to the file) and authenticates the header's hash, its
own position and whether it is the last chunk. So a reordered, altered, cut-short or extended file fails
to decrypt, and a file made with another key is recognised from the header's key id before any data is
read. The key material is ``SAFEPLAN_BACKUP_KEY`` when set, otherwise the first field-encryption key; a
restore tries every configured key, so backups made before a key rotation still restore while the old
key is kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"SAFEPLAN-BACKUP\x01"
FORMAT = 1
CHUNK = 1 << 20
MAX_HEADER = 64 * 1024
_LEN = struct.Struct(">I")


class BackupError(Exception):
    """The backup cannot be made or restored; nothing was changed."""


def _hkdf(material: str, salt: bytes, info: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(
        material.encode("utf-8")
    )


def key_id(material: str) -> str:
    """A public fingerprint of the key material (reveals nothing about the key)."""
    return _hkdf(material, b"safeplan-backup", b"key id", 8).hex()


def _aad(header_digest: bytes, index: int, final: bool) -> bytes:
    return header_digest + struct.pack(">QB", index, 1 if final else 0)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


@dataclass
class Header:
    raw: bytes
    fields: dict[str, Any]

    @property
    def engine(self) -> str:
        return str(self.fields.get("engine", ""))


def write(source: IO[bytes], target: IO[bytes], *, material: str, meta: dict[str, Any]) -> int:
    """Encrypt everything readable from ``source`` into ``target``; returns the plaintext size."""
    salt = os.urandom(16)
    fields = {
        **meta,
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "salt": base64.b64encode(salt).decode("ascii"),
        "key_id": key_id(material),
        "chunk": CHUNK,
    }
    raw = json.dumps(fields, sort_keys=True).encode("utf-8")
    digest = hashlib.sha256(MAGIC + raw).digest()
    aead = AESGCM(_hkdf(material, salt, b"safeplan backup v1"))
    target.write(MAGIC + _LEN.pack(len(raw)) + raw)
    total = 0
    index = 0
    current = source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if len(current) == CHUNK else b""
        final = not following
        sealed = aead.encrypt(_nonce(index), current, _aad(digest, index, final))
        target.write(_LEN.pack(len(sealed)) + sealed)
        total += len(current)
        if final:
            return total
        current = following
        index += 1


def read_header(source: IO[bytes]) -> Header:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("this is not a Safeplan backup file (or it is from an unknown version)")
    size = source.read(_LEN.size)
    if len(size) != _LEN.size:
        raise BackupError("the backup file is truncated (its header is incomplete)")
    (length,) = _LEN.unpack(size)
    if not 0 < length <= MAX_HEADER:
        raise BackupError("the backup file's header is damaged")
    raw = source.read(length)
    if len(raw) != length:
        raise BackupError("the backup file is truncated (its header is incomplete)")
    try:
        fields = json.loads(raw)
    except ValueError as exc:
        raise BackupError("the backup file's header is damaged") from exc
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise BackupError("this backup file has an unknown format version")
    return Header(raw, fields)


def pick_key(header: Header, candidates: list[str]) -> str:
    wanted = header.fields.get("key_id")
    for material in candidates:
        if material and key_id(material) == wanted:
            return material
    raise BackupError(
        "this backup was made with a key that is not configured here: set SAFEPLAN_BACKUP_KEY to the "
        "backup key it was made with, or keep the field key that was first when it was made in "
        "SAFEPLAN_FIELD_KEYS"
    )


def decrypt_chunks(source: IO[bytes], header: Header, material: str) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk; raises BackupError on damage, truncation or trailing data."""
    try:
        salt = base64.b64decode(header.fields["salt"])
    except (KeyError, ValueError) as exc:
        raise BackupError("the backup file's header is damaged") from exc
    aead = AESGCM(_hkdf(material, salt, b"safeplan backup v1"))
    digest = hashlib.sha256(MAGIC + header.raw).digest()
    limit = int(header.fields.get("chunk", CHUNK)) + 16
    index = 0
    while True:
        size = source.read(_LEN.size)
        if len(size) != _LEN.size:
            raise BackupError("the backup file is truncated (its last part is missing)")
        (length,) = _LEN.unpack(size)
        if not 16 <= length <= limit:
            raise BackupError("the backup file is damaged")
        sealed = source.read(length)
        if len(sealed) != length:
            raise BackupError("the backup file is truncated (its last part is missing)")
        for final in (False, True):
            try:
                plain = aead.decrypt(_nonce(index), sealed, _aad(digest, index, final))
            except InvalidTag:
                continue
            yield plain
            if final:
                if source.read(1):
                    raise BackupError("the backup file has data after its end: it was altered")
                return
            break
        else:
            raise BackupError("the backup file is damaged or was altered (a part fails its check)")
        index += 1

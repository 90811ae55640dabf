"""Rows written once (PRODUCT.md "Nothing clinical is ever overwritten"), at the ORM level.

The database triggers in ``safeplan.crisis.guard`` hold the same line for raw SQL. The one update allowed is
re-encrypting the same words under a new key (key rotation); a keyed HMAC of the words, written with the row,
shows any other change of an encrypted column.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class ImmutableRowError(RuntimeError):
    """Someone tried to change or remove a crisis record that is written once."""


def words_digest(value: Any) -> str:
    """Keyed HMAC-SHA256 of the canonical JSON of a row's words; unchanged by re-encryption.

    Keyed (with the blind-index key, never stored in the database) so that someone holding only the
    database cannot confirm guesses of short words such as a phone number against the digest.
    """
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    key = hashlib.sha256((settings.BLIND_INDEX_KEY + "|crisis-words").encode()).digest()
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableRowError(f"{self.model.__name__} rows are never changed; add a new one")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{self.model.__name__} rows are never removed")


def reencryption_only(row: models.Model, update_fields: Any) -> bool:
    """True when only encrypted columns are written and their words equal what is stored."""
    if not update_fields:
        return False
    fields = set(update_fields)
    encrypted = {f.name for f in row._meta.get_fields() if getattr(f, "encrypted", False)}
    if not fields <= encrypted:
        return False
    stored = type(row)._base_manager.filter(pk=row.pk).values(*sorted(fields)).first()
    return stored is not None and all(stored[f] == getattr(row, f) for f in fields)


class AppendOnlyModel(models.Model):
    """A row written once."""

    objects: ClassVar[Any] = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and not reencryption_only(self, kwargs.get("update_fields")):
            raise ImmutableRowError(f"{type(self).__name__} rows are never changed; add a new one")
        if self._state.adding:
            kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{type(self).__name__} rows are never removed")


class KeptQuerySet(models.QuerySet[Any]):
    """Rows that change state but are never removed (crisis events, notes)."""

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{self.model.__name__} rows are never removed")

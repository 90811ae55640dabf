"""Rows written once (PRODUCT.md "Nothing clinical is ever overwritten"): the plan's versions and the
lethal-means records (``models.py``, ``means_models.py``) share this base; the triggers of migration 0002
hold the same line in the database.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class ImmutableRowError(RuntimeError):
    """Someone tried to change or remove a row that is written once."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableRowError(f"{self.model.__name__} rows are never changed; add a new one")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{self.model.__name__} rows are never removed")


class AppendOnlyModel(models.Model):
    """A row written once. Re-encryption of its encrypted columns is the one allowed update."""

    objects: ClassVar[Any] = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def _reencryption_only(self, update_fields: Any) -> bool:
        """True when only encrypted columns are written and their words equal what is stored."""
        if not update_fields:
            return False
        fields = set(update_fields)
        encrypted = {f.name for f in self._meta.get_fields() if getattr(f, "encrypted", False)}
        if not fields <= encrypted:
            return False
        stored = type(self)._base_manager.filter(pk=self.pk).values(*sorted(fields)).first()
        return stored is not None and all(stored[f] == getattr(self, f) for f in fields)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and not self._reencryption_only(kwargs.get("update_fields")):
            raise ImmutableRowError(f"{type(self).__name__} rows are never changed; add a new one")
        if self._state.adding:
            kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{type(self).__name__} rows are never removed")

"""Model fields that store their value encrypted (see ``safeplan.lib.crypto``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import models

from safeplan.lib import crypto


class EncryptedTextField(models.TextField):
    """A text column whose value is a Fernet token in the database and plain text in Python.

    It cannot be filtered or ordered on (the database sees only ciphertext); pair it with a blind index
    column where equality lookups are needed.
    """

    encrypted = True

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return crypto.decrypt_text(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt_text(str(value))


class EncryptedJSONField(models.TextField):  # type: ignore[type-arg]
    """Any JSON value, serialised and then encrypted."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    encrypted = True

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(crypto.decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return crypto.encrypt_text(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


class EncryptedDateField(models.TextField):  # type: ignore[type-arg]
    """A date stored encrypted (dates of birth). Compare in Python, never in SQL."""

    _pyi_private_set_type: dt.date | str | None  # type: ignore[assignment]
    _pyi_private_get_type: dt.date  # type: ignore[assignment]
    encrypted = True

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> dt.date | None:
        if value is None:
            return None
        return dt.date.fromisoformat(crypto.decrypt_text(value))

    def to_python(self, value: Any) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return crypto.encrypt_text(value.isoformat())


def encrypted_fields(model: type[models.Model]) -> list[str]:
    """Names of a model's encrypted columns (used by key rotation and the at-rest test)."""
    return [f.name for f in model._meta.get_fields() if getattr(f, "encrypted", False)]

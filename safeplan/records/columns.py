"""Where encrypted values live: every Encrypted* column of every model, and JSON columns that embed tokens.

Key rotation, anonymisation and the at-rest test work column by column with plain SQL on the stored
ciphertext, so they never depend on a model's ``save()`` (write-once models allow exactly this: rewriting
their encrypted columns with the same words).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models

from safeplan.lib.fields import encrypted_fields

# The audit log is append-only and holds no encrypted values; accounts' JSON holds none either except MFA.
SKIPPED_APPS = frozenset({"audit", "contenttypes", "sessions", "auth"})


@dataclass(frozen=True)
class Column:
    model: type[models.Model]
    field: models.Field[Any, Any]

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def pk_column(self) -> str:
        pk = self.model._meta.pk
        assert pk is not None
        return str(pk.column)

    @property
    def column(self) -> str:
        return str(self.field.column)

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"

    def select_batch(self, after: Any, limit: int) -> list[tuple[Any, Any]]:
        """Raw stored values (ciphertext) of up to ``limit`` rows with a primary key above ``after``."""
        q = connection.ops.quote_name
        sql = f"SELECT {q(self.pk_column)}, {q(self.column)} FROM {q(self.table)}"  # noqa: S608
        params: list[Any] = []
        if after is not None:
            sql += f" WHERE {q(self.pk_column)} > %s"
            params.append(after)
        sql += f" ORDER BY {q(self.pk_column)} LIMIT %s"
        params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def replace(self, pk: Any, old: Any, new: Any) -> bool:
        """Write ``new`` where the row still holds ``old`` (a concurrent write wins; it is already current)."""
        q = connection.ops.quote_name
        sql = (
            f"UPDATE {q(self.table)} SET {q(self.column)} = %s "  # noqa: S608
            f"WHERE {q(self.pk_column)} = %s AND {q(self.column)} = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [new, pk, old])
            return bool(cursor.rowcount == 1)


def _models() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or model._meta.app_label in SKIPPED_APPS:
            continue
        yield model


def encrypted_columns() -> list[Column]:
    """Every Encrypted* column (found through ``lib.fields.encrypted_fields``), in a stable order."""
    found = []
    for model in _models():
        for name in encrypted_fields(model):
            found.append(Column(model, model._meta.get_field(name)))  # type: ignore[arg-type]
    return sorted(found, key=lambda c: c.name)


def json_columns() -> list[Column]:
    """Plain JSON columns, which may embed tokens from ``crypto.encrypt_text`` (allauth's MFA secrets)."""
    found = []
    for model in _models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.JSONField) and not getattr(f, "encrypted", False):
                found.append(Column(model, f))
    return sorted(found, key=lambda c: c.name)

"""Key rotation: re-encrypt every stored value under the newest field key while Safeplan keeps serving.

How an operator rotates (docs/deploy.md "Key rotation"): put a new key *first* in ``SAFEPLAN_FIELD_KEYS``
(keep the old ones after it) and restart the app servers and workers, so new writes use the new key and old
values still decrypt; run ``safeplan keys rotate``; when it reports nothing left under an old key, remove the
old key and restart again.

The rotation walks each encrypted column in primary-key order, one short transaction per batch, and rewrites
a value only when it is not already under the newest key (``crypto.is_current_key``), with a conditional
UPDATE that leaves a value alone if the application changed it meanwhile. An interrupted run is resumed by
running it again: finished rows are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from safeplan.lib import crypto
from safeplan.records.columns import Column, encrypted_columns, json_columns

DEFAULT_BATCH = 500


@dataclass
class ColumnResult:
    column: str
    scanned: int = 0
    rotated: int = 0


@dataclass
class RotationResult:
    columns: list[ColumnResult] = field(default_factory=list)

    @property
    def scanned(self) -> int:
        return sum(c.scanned for c in self.columns)

    @property
    def rotated(self) -> int:
        return sum(c.rotated for c in self.columns)


Progress = Callable[[ColumnResult], None]


def _rotate_text_column(column: Column, batch: int, progress: Progress | None) -> ColumnResult:
    result = ColumnResult(column.name)
    after: Any = None
    while True:
        with transaction.atomic():
            rows = column.select_batch(after, batch)
            for pk, stored in rows:
                if stored is None or crypto.is_current_key(stored):
                    continue
                if column.replace(pk, stored, crypto.rotate_text(stored)):
                    result.rotated += 1
        if not rows:
            break
        result.scanned += len(rows)
        after = rows[-1][0]
        if progress is not None:
            progress(result)
    return result


def _rotate_embedded(value: Any) -> tuple[Any, bool]:
    """Rotate tokens from ``crypto.encrypt_text`` found anywhere inside a JSON value."""
    if isinstance(value, str):
        if value.startswith(crypto.PREFIX) and not crypto.is_current_key(value):
            return crypto.rotate_text(value), True
        return value, False
    if isinstance(value, list):
        pairs = [_rotate_embedded(v) for v in value]
        return [p[0] for p in pairs], any(p[1] for p in pairs)
    if isinstance(value, dict):
        out, changed = {}, False
        for key, item in value.items():
            out[key], item_changed = _rotate_embedded(item)
            changed = changed or item_changed
        return out, changed
    return value, False


def _rotate_json_column(column: Column, batch: int, progress: Progress | None) -> ColumnResult:
    result = ColumnResult(column.name)
    manager = column.model._base_manager
    attname = column.field.attname
    after: Any = None
    while True:
        with transaction.atomic():
            qs = manager.order_by("pk")
            if after is not None:
                qs = qs.filter(pk__gt=after)
            rows = list(qs.values_list("pk", attname)[:batch])
            for pk, value in rows:
                new, changed = _rotate_embedded(value)
                if changed:
                    manager.filter(pk=pk).update(**{attname: new})
                    result.rotated += 1
        if not rows:
            break
        result.scanned += len(rows)
        after = rows[-1][0]
        if progress is not None:
            progress(result)
    return result


def rotate_all(*, batch: int = DEFAULT_BATCH, progress: Progress | None = None) -> RotationResult:
    """Re-encrypt every encrypted column, and tokens embedded in JSON columns, under the newest key."""
    if batch < 1:
        raise ValueError("batch must be at least 1")
    result = RotationResult()
    for column in encrypted_columns():
        result.columns.append(_rotate_text_column(column, batch, progress))
    for column in json_columns():
        found = _rotate_json_column(column, batch, progress)
        if found.rotated:
            result.columns.append(found)
    return result


def values_not_current() -> dict[str, int]:
    """How many stored values each encrypted column still holds under an older key (0 everywhere: done)."""
    left: dict[str, int] = {}
    for column in encrypted_columns():
        count = 0
        after: Any = None
        while rows := column.select_batch(after, 2000):
            count += sum(1 for _pk, v in rows if v is not None and not crypto.is_current_key(v))
            after = rows[-1][0]
        if count:
            left[column.name] = count
    for column in json_columns():
        count = 0
        for value in column.model._base_manager.values_list(column.field.attname, flat=True):
            if _rotate_embedded(value)[1]:
                count += 1
        if count:
            left[column.name] = count
    return left

"""Every row that belongs to one client, found by following foreign keys outward from the client record.

A row belongs to the client when one of its foreign keys points at the client or at a row that already
belongs to the client (a plan → its versions → their signatures …). Reference data, staff accounts and the
audit log are never reached, because nothing is followed *from* a client row to what it points at.

The export (right of access) and retention (anonymisation, deletion) both use this walk, so a model another
app adds later is exported and retained without changes here.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

# Apps whose rows are accounts, sessions or the audit trail: never part of a client's exported record.
ACCOUNT_APPS = frozenset(
    {"auth", "contenttypes", "sessions", "admin", "account", "mfa", "socialaccount", "usersessions"}
)
NEVER_WALKED = frozenset({"audit", "accounts.user", "accounts.organisation", "accounts.apitoken"})
# Not part of the designated record set handed to the client: staff alerts and the delivery queue,
# portal invitations (secrets), and psychotherapy notes (released only with their own authorisation).
NOT_EXPORTED = frozenset(
    {
        "notifications",
        "accounts",
        "records.psychotherapynote",
        "records.psychotherapynoteauthorisation",
    }
)
SECRET_FIELDS = frozenset({"password", "digest", "secret", "claim_token", "token"})


def model_key(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _excluded(model: type[models.Model], names: frozenset[str]) -> bool:
    return model._meta.app_label in names or model_key(model) in names


def _candidate_models(extra_excluded: frozenset[str]) -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label in ACCOUNT_APPS or model._meta.proxy or not model._meta.managed:
            continue
        if _excluded(model, NEVER_WALKED) or _excluded(model, extra_excluded):
            continue
        found.append(model)
    return found


@dataclass
class ClientRows:
    """Primary keys of the rows that belong to one client, per model, in discovery order."""

    client_model: type[models.Model]
    rows: dict[type[models.Model], set[Any]] = field(default_factory=dict)
    order: list[type[models.Model]] = field(default_factory=list)

    def add(self, model: type[models.Model], pks: Iterable[Any]) -> bool:
        current = self.rows.setdefault(model, set())
        if model not in self.order:
            self.order.append(model)
        new = set(pks) - current
        current.update(new)
        return bool(new)

    def models(self) -> list[type[models.Model]]:
        return [m for m in self.order if self.rows.get(m)]


def rows_of_client(client: Any, *, for_export: bool) -> ClientRows:
    """Walk foreign keys from the client until no new rows turn up (a fixpoint; handles chains and self-links)."""
    client_model = type(client)
    found = ClientRows(client_model)
    found.add(client_model, [client.pk])
    candidates = [
        m
        for m in _candidate_models(NOT_EXPORTED if for_export else frozenset())
        if m is not client_model
    ]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            for fk in model._meta.concrete_fields:
                target = fk.related_model if fk.is_relation else None
                if target is None or target not in found.rows or not found.rows[target]:
                    continue
                pks = model._base_manager.filter(
                    **{f"{fk.attname}__in": sorted(found.rows[target])}
                ).values_list("pk", flat=True)
                if found.add(model, pks):
                    changed = True
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def row_as_dict(obj: models.Model) -> dict[str, Any]:
    """Every concrete column of a row, decrypted, with secrets left out and foreign keys as ``<name>_id``."""
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or f.name.endswith(("_digest", "_index")):
            continue
        out[f.attname] = _plain(getattr(obj, f.attname))
    return out


def export_rows(found: ClientRows) -> dict[str, list[dict[str, Any]]]:
    """The rows of every model except the client itself, keyed ``app_label.modelname``, ordered by id."""
    out: dict[str, list[dict[str, Any]]] = {}
    for model in found.models():
        if model is found.client_model:
            continue
        objs = model._base_manager.filter(pk__in=sorted(found.rows[model])).order_by("pk")
        out[model_key(model)] = [row_as_dict(o) for o in objs]
    return dict(sorted(out.items()))

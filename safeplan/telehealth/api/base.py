"""The telehealth router and the lookups every operation shares (no ``from __future__`` here: ninja)."""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from safeplan.clients.access import get_client_for

router = Router(tags=["telehealth"])


class DetailOut(Schema):
    detail: str


def client_of(request: HttpRequest, client_id: int) -> Any:
    return get_client_for(request.user, client_id)


def record_of(model: type[models.Model], client: Any, pk: int) -> Any:
    """A live (not archived) record of this client, or 404."""
    queryset = model._default_manager.filter(pk=pk, client_id=client.pk)
    if any(f.name == "archived_at" for f in model._meta.get_fields()):
        queryset = queryset.filter(archived_at__isnull=True)
    found = queryset.first()
    if found is None:
        raise Http404("Not found")
    return found


def client_and_record(
    request: HttpRequest, client_id: int, model: type[models.Model], pk: int
) -> tuple[Any, Any]:
    """The client (404 unless the user may see them) and a live record of theirs (404 otherwise)."""
    client = client_of(request, client_id)
    return client, record_of(model, client, pk)


def update_record(
    request: HttpRequest,
    client_id: int,
    model: type[models.Model],
    pk: int,
    payload: Schema,
    update: Callable[..., Any],
    keyword: str,
) -> tuple[Any, Any]:
    """Hand the fields set in ``payload`` to the ``update`` service, which names the record ``keyword``;
    returns the client and the updated record."""
    client, record = client_and_record(request, client_id, model, pk)
    changes = payload.dict(exclude_unset=True)
    updated = update(actor=request.user, client=client, changes=changes, **{keyword: record})
    return client, updated


def archive_record(
    request: HttpRequest,
    client_id: int,
    model: type[models.Model],
    pk: int,
    archive: Callable[..., Any],
    keyword: str,
) -> Status:
    """Hand the record to the ``archive`` service, which names it ``keyword``; 204."""
    client, record = client_and_record(request, client_id, model, pk)
    archive(actor=request.user, client=client, **{keyword: record})
    return Status(204, None)

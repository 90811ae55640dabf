"""The telehealth router and the lookups every operation shares (no ``from __future__`` here: ninja)."""

from typing import Any

from django.db import models
from django.http import Http404, HttpRequest
from ninja import Router, Schema

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

"""Reading the audit log: admins and supervisors see their organisation's entries (ids only, no PHI)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from safeplan.accounts.models import Role
from safeplan.audit.models import AuditEvent


def audit_events_visible_to(
    user: Any,
    *,
    client_id: int | None = None,
    actor_id: int | None = None,
    action: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    break_glass: bool | None = None,
) -> QuerySet[AuditEvent]:
    if not getattr(user, "is_authenticated", False) or user.role not in (
        Role.ADMIN,
        Role.SUPERVISOR,
    ):
        raise Http404("Not found")
    qs = AuditEvent.objects.filter(organisation_id=user.organisation_id)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    if break_glass is not None:
        qs = qs.filter(break_glass=break_glass)
    return qs.order_by("-id")

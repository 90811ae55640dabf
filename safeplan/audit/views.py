from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeplan.accounts.models import User
from safeplan.audit.selectors import audit_events_visible_to


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _date(value: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC) if value else None
    except ValueError:
        return None


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Filterable list of the organisation's audit entries (admin and supervisor)."""
    q = request.GET
    events = audit_events_visible_to(
        request.user,
        client_id=_int(q.get("client")),
        actor_id=_int(q.get("actor")),
        action=(q.get("action") or "")[:64] or None,
        since=_date(q.get("since")),
        until=_date(q.get("until")),
        break_glass=True if q.get("break_glass") == "1" else None,
    )
    page = Paginator(events, 100).get_page(q.get("page"))
    user: Any = request.user
    actors = {u.pk: u.label for u in User.objects.filter(organisation_id=user.organisation_id)}
    rows = [(event, actors.get(event.actor_id or 0, "")) for event in page]
    return render(request, "audit/list.html", {"page": page, "rows": rows, "filters": q})

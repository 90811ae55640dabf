"""The Records card on the clinician's client page: emergency-access banner, notes, exports, retention."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from safeplan.accounts.models import Role
from safeplan.clients.panels import Panel
from safeplan.records import retention, services
from safeplan.records.models import PsychotherapyNote


def _zone(name: str) -> Any:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def client_panels(request: HttpRequest, client: Any) -> list[Panel]:
    user: Any = request.user
    grant = services.active_break_glass(user, client)
    context: dict[str, Any] = {"grant": grant, "time_zone": user.time_zone}
    if grant is not None:
        context["grant_until"] = timezone.localtime(grant.expires_at, _zone(user.time_zone))
    else:
        organisation = client.organisation
        context.update(
            {
                "note_count": PsychotherapyNote.objects.filter(
                    client=client, author_id=user.pk
                ).count(),
                "due_on": retention.due_on(client),
                "years": retention.retention_years(organisation),
                "action": retention.retention_action(organisation),
                "holds": list(services.active_legal_holds(client)),
                "is_supervisor": user.role == Role.SUPERVISOR,
            }
        )
    return [Panel(template="records/panel.html", context=context, title="Records")]

"""The "Between sessions" section of the clinician's client page: next check-in and its state, caring
contacts, unread messages (crisis-flagged ones called out)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safeplan.audit import services as audit
from safeplan.clients.panels import Panel
from safeplan.followup import selectors
from safeplan.followup.models import Direction, Message


def client_panels(request: HttpRequest, client: Any) -> list[Panel]:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        return []
    series = selectors.active_series(client)
    flagged = Message.objects.filter(
        client_id=client.pk, direction=Direction.FROM_CLIENT, read_at__isnull=True, crisis_flag=True
    ).count()
    context = {
        "client": client,
        "schedule": selectors.schedule_of(client),
        "checkin": selectors.next_checkin(client),
        "series": series,
        "next_contact": selectors.next_caring_contact(series) if series else None,
        "unread": selectors.unread_from_client(client),
        "flagged": flagged,
    }
    audit.record(actor=user, action="followup.summary_viewed", client=client)
    return [Panel("followup/panel.html", context, title="Between sessions")]

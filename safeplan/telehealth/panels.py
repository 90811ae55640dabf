"""The telehealth card on the clinician's client page: today's session, its location, the profile's gaps."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safeplan.audit import services as audit
from safeplan.clients.panels import Panel
from safeplan.telehealth import selectors
from safeplan.telehealth.models import SessionStatus


def client_panels(request: HttpRequest, client: Any) -> list[Panel]:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        return []
    session = selectors.latest_session(client)
    location = selectors.primary_location(client)
    minor = selectors.minor_status(client)
    audit.record(
        actor=user,
        action="telehealth.summary_viewed",
        client=client,
        details={"session_id": session.pk if session else None},
    )
    context = {
        "client_id": client.pk,
        "client": client,
        "session": session,
        "in_progress": session is not None and session.status == SessionStatus.STARTED,
        "scheduled": session is not None and session.status == SessionStatus.SCHEDULED,
        "home": location,
        "minor": minor,
        "backup_plan": selectors.current_backup_plan(client) is not None,
        "consented": len(selectors.consented_support_persons(client)),
    }
    return [Panel(template="telehealth/panel.html", context=context, title="Telehealth")]

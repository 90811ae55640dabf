"""The crisis section of the clinician's client page: open crisis mode (from the latest session when one is
in progress), connection lost, open and past crises with their notes, the follow-up contact due."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safeplan.clients.panels import Panel
from safeplan.crisis import selectors
from safeplan.crisis.forms import FollowUpForm
from safeplan.crisis.models import CrisisFollowUp, FollowUpStatus


def client_panels(request: HttpRequest, client: Any) -> list[Panel]:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        return []
    from safeplan.telehealth.selectors import latest_session

    session = latest_session(client)
    in_progress = session if session is not None and session.status == "started" else None
    crises = selectors.client_crises(client)
    follow_ups = list(
        CrisisFollowUp.objects.filter(client_id=client.pk, status=FollowUpStatus.PENDING)
        .select_related("assigned_to", "event")
        .order_by("due_at")
    )
    context = {
        "client": client,
        "session": in_progress,
        "new_url": selectors.crisis_new_url(client.pk, in_progress.pk if in_progress else None),
        "open": [e for e in crises if e.is_open],
        "past": [e for e in crises if not e.is_open],
        "follow_ups": follow_ups,
        "follow_up_form": FollowUpForm(),
    }
    return [Panel("crisis/panel.html", context, title="Crisis")]

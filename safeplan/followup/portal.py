"""The client's portal home: the next check-in, messages from the care team, caring messages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from safeplan.clients.panels import Panel
from safeplan.followup import selectors


def portal_panels(request: HttpRequest, client: Any) -> list[Panel]:
    checkin = selectors.next_checkin(client)
    context = {
        "client": client,
        "checkin": checkin,
        "checkin_due": checkin is not None and checkin.due_at <= timezone.now(),
        "unread": selectors.unread_for_client(client),
        "caring": selectors.active_series(client) is not None,
    }
    return [Panel("followup/portal_panel.html", context, title="Check-ins and messages")]

"""The client's portal home: instruments their clinician asked them to complete."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safeplan.clients import facts
from safeplan.clients.panels import Panel
from safeplan.risk import selectors
from safeplan.risk.texts import TITLES


def portal_panels(request: HttpRequest, client: Any) -> list[Panel]:
    due = selectors.due_requests(client, facts.today(client))
    if not due:
        return []
    items = [{"request": r, "title": TITLES[r.instrument]} for r in due]
    return [Panel("risk/portal_panel.html", {"requests": items}, title="Questionnaires")]

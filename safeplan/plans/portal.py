"""The plan's card on the client's portal home: one-tap help and a link to the full plan."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safeplan.clients.panels import Panel
from safeplan.directory import lookups
from safeplan.plans import display, resources, selectors


def portal_panels(request: HttpRequest, client: Any) -> list[Panel]:
    version = selectors.current_plan(client)
    people = []
    if version is not None:
        people = [
            display.show_entry("help_people", e, links=True)
            for e in version.content.get("help_people", [])
            if e.get("phone")
        ][:2]
        selectors.record_read(request.user, client, "plan.summary_viewed", number=version.number)
    lines = resources.crisis_lines_for(client)
    context = {
        "version": version,
        "people": people,
        "crisis_line": lines[0] if lines else None,
        "emergency_number": lookups.primary_emergency_number(client.country),
    }
    return [Panel(template="plans/portal_panel.html", context=context, title="My plan")]

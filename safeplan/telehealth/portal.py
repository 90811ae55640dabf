"""The client's own portal card (in the client's language and time zone): when the clinician answers and
what to do after hours (clinical-rules.md §1.4), what happens if the video drops (§9), and the emergency
numbers and crisis lines of the client's country (§1.1 item 6, §11). The client's page may offer the
emergency number as a link: the client dials from where they are (§10.5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.dateformat import format as date_format
from django.utils.dates import WEEKDAYS

from safeplan.audit import services as audit
from safeplan.clients import facts
from safeplan.clients.panels import Panel
from safeplan.directory import lookups
from safeplan.telehealth import rules, selectors
from safeplan.telehealth.card import _client_dials, _crisis_lines
from safeplan.telehealth.models import Channel


def portal_panels(request: HttpRequest, client: Any) -> list[Panel]:
    plan = selectors.current_backup_plan(client)
    agreement = selectors.current_boundaries(client)
    location = selectors.primary_location(client)
    country = location.country if location else client.country
    windows: list[tuple[dt.datetime, dt.datetime]] = []
    if agreement is not None:
        windows = rules.hours_for_client(
            agreement.hours, agreement.clinician_time_zone, client.time_zone, facts.today(client)
        )
    audit.record(
        actor=request.user,
        action="telehealth.portal_viewed",
        client=client,
        details={"boundaries": agreement is not None, "backup_plan": plan is not None},
    )
    context = {
        "plan": plan,
        "agreement": agreement,
        "windows": windows,
        "hours": hour_rows(windows),
        "zone_abbreviation": date_format(windows[0][0], "T") if windows else "",
        "channels": [
            (Channel(c["channel"]).value, c["response_hours"])
            for c in (agreement.channels if agreement else [])
        ],
        "call_within_minutes": max(1, round(plan.call_backup_within_seconds / 60)) if plan else 0,
        "time_zone": client.time_zone,
        "emergency_numbers": _client_dials(country),
        "crisis_lines": _crisis_lines(country, client.preferred_language),
        "country_name": lookups.country_name(country),
    }
    return [Panel(template="telehealth/portal_panel.html", context=context, title="Sessions")]


def hour_rows(windows: list[tuple[dt.datetime, dt.datetime]]) -> list[dict[str, Any]]:
    """The client's hours as shown: the weekday and wall-clock times in the client's own zone (the
    windows are already there), "Monday 09:00–17:00", or both weekdays when a window crosses midnight.
    Rendered from the datetimes' own zone, never the request's."""
    rows = []
    for start, end in windows:
        rows.append(
            {
                "day": WEEKDAYS[start.weekday()],
                "start": start.strftime("%H:%M"),
                "end_day": WEEKDAYS[end.weekday()] if end.date() != start.date() else "",
                "end": end.strftime("%H:%M"),
            }
        )
    return rows

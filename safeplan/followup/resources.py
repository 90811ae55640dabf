"""What the client is shown when a message or check-in suggests risk, and what the boundaries promise.

Crisis lines and the emergency number come from the directory (``safeplan.directory.lookups``) for the
client's usual location (``telehealth.selectors.primary_location``; the client record's country when no
location is recorded), in the client's language. These are the client's own screens and messages, so the
numbers dial from where the client is (PRODUCT.md: the client's page may offer 911/988).

The boundaries agreement (clinical-rules.md §1.4) comes from ``telehealth.selectors.current_boundaries``:
hours in the clinician's time zone and the promised response time per channel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CrisisResources:
    country: str
    emergency_number: str | None
    lines: list[dict[str, str]] = field(default_factory=list)

    @property
    def first_line(self) -> dict[str, str] | None:
        return self.lines[0] if self.lines else None


def _location_country(client: Any) -> str:
    from safeplan.telehealth.selectors import primary_location

    location = primary_location(client)
    return (location.country if location is not None else client.country) or "US"


def crisis_resources(client: Any, *, limit: int = 3) -> CrisisResources:
    """The client's crisis lines (their language first) and the emergency number where they usually are."""
    from safeplan.directory import lookups

    country = _location_country(client)
    try:
        lines = lookups.crisis_lines(country, client.preferred_language or None)
    except ValueError:
        lines = lookups.crisis_lines(country)
    shown = [
        {
            "name": line.name,
            "phone": line.phone,
            "sms": line.sms,
            "hours": line.hours,
            "source": line.source.label,
        }
        for line in lines
        if line.phone or line.sms
    ][:limit]
    return CrisisResources(
        country=country, emergency_number=lookups.primary_emergency_number(country), lines=shown
    )


@dataclass(frozen=True)
class Availability:
    hours: list[dict[str, Any]]
    clinician_time_zone: str
    response_hours: int | None
    clinician_id: int
    after_hours_instructions: str = ""


def availability(client: Any) -> Availability | None:
    """The client's current boundaries agreement, or None when none has been agreed."""
    from safeplan.telehealth.selectors import current_boundaries

    agreement = current_boundaries(client)
    if agreement is None:
        return None
    response = None
    for entry in agreement.channels or []:
        if isinstance(entry, dict) and entry.get("channel") in ("secure_message", "message"):
            hours = entry.get("response_hours")
            if isinstance(hours, int) and not isinstance(hours, bool) and hours > 0:
                response = hours
    return Availability(
        hours=list(agreement.hours or []),
        clinician_time_zone=agreement.clinician_time_zone,
        response_hours=response,
        clinician_id=agreement.clinician_id,
        after_hours_instructions=agreement.after_hours_instructions or "",
    )


def is_after_hours(agreement: Availability, when: dt.datetime) -> bool:
    from safeplan.telehealth.availability import is_within_availability

    if not agreement.hours:
        return True
    return not is_within_availability(agreement.hours, when, agreement.clinician_time_zone)


def next_available(agreement: Availability, when: dt.datetime) -> dt.datetime | None:
    from safeplan.telehealth.availability import next_available as _next

    return _next(agreement.hours, when, agreement.clinician_time_zone)

"""Section 5's reference entries: the client's country's crisis lines and the nearest emergency department.

clinical-rules.md §2.1 step 5 (professionals and agencies: the local emergency department, the national or
local crisis line), §1.1 item 6 (crisis lines for the client's country, written down), §11 (numbers come
with their source and date). Each new version gets fresh entries from the directory (origin "directory"),
so a version records exactly the numbers the client was given, with their source label, and the clinician
is warned when the directory has changed since.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from safeplan.clients import facts
from safeplan.directory import lookups

# Categories of line that belong on a safety plan; child lines only for minors.
PLAN_CATEGORIES = ("suicide_prevention", "suicide_crisis", "general_crisis", "mental_health")
CHILD_CATEGORIES = ("child_helpline",)
MAX_LINES = 3


def _entry_id(ref: str) -> str:
    return "d" + hashlib.sha256(ref.encode()).hexdigest()[:11]


def _clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass(frozen=True)
class ClientResources:
    crisis_lines: list[Any]
    emergency_number: str | None
    emergency_department: Any | None
    location_known: bool


def _home_point(client: Any) -> tuple[float, float] | None:
    """The client's usual place (home first) as a point, through telehealth's contract."""
    from safeplan.telehealth.selectors import primary_location

    location = primary_location(client, fields=("country", "postcode"))
    if location is None or location.country != "US" or not location.postcode:
        return None
    zip_info = lookups.zip_centroid(location.postcode)
    return (zip_info.lat, zip_info.lon) if zip_info else None


def crisis_lines_for(client: Any) -> list[Any]:
    """The client's country's crisis lines for a safety plan, in their language first (§11)."""
    try:
        lines = lookups.crisis_lines(client.country, client.preferred_language or "en")
    except ValueError:
        return []
    minor = client.age_on(facts.today(client)) < 18
    wanted = PLAN_CATEGORIES + (CHILD_CATEGORIES if minor else ())
    return [line for line in lines if line.category in wanted][:MAX_LINES]


def for_client(client: Any) -> ClientResources:
    point = _home_point(client)
    ed = None
    if point is not None:
        found = lookups.nearest_emergency_departments(point[0], point[1], 1)
        ed = found[0] if found else None
    return ClientResources(
        crisis_lines=crisis_lines_for(client),
        emergency_number=lookups.primary_emergency_number(client.country),
        emergency_department=ed,
        location_known=point is not None,
    )


def directory_entries(client: Any, found: ClientResources | None = None) -> list[dict[str, Any]]:
    """Section-5 entries from the directory, with stable ids so versions diff entry by entry."""
    found = found or for_client(client)
    entries = []
    for line in found.crisis_lines:
        ref = _clip(f"crisis_line:{line.country}:{line.name}", 64)
        notes = " · ".join(p for p in (line.hours, line.notes) if p)
        entries.append(
            {
                "id": _entry_id(ref),
                "author": "clinician",
                "kind": "crisis_line",
                "name": _clip(line.name, 100),
                "phone": line.phone.replace(" ", ""),
                "sms": line.sms.replace(" ", ""),
                "text": _clip(notes, 500),
                "origin": "directory",
                "ref": ref,
                "source": _clip(line.source.label, 300),
            }
        )
    ed = found.emergency_department
    if ed is not None:
        ref = f"emergency_department:{ed.id}"
        place = " ".join(p for p in (ed.state, ed.zip) if p)
        address = ", ".join(p for p in (ed.address.title(), ed.city.title(), place) if p)
        entries.append(
            {
                "id": _entry_id(ref),
                "author": "clinician",
                "kind": "emergency_department",
                "name": _clip(ed.name.title(), 100),
                "phone": ed.phone,
                "sms": "",
                "text": _clip(address, 500),
                "origin": "directory",
                "ref": ref,
                "source": _clip(ed.source.label, 300),
            }
        )
    return entries


def with_directory_entries(content: dict[str, Any], fresh: list[dict[str, Any]]) -> dict[str, Any]:
    """The plan with its directory entries replaced by ``fresh`` (the care team's own entries kept)."""
    own = [e for e in content.get("professionals", []) if e.get("origin") != "directory"]
    return {**content, "professionals": own + fresh}


def directory_changed(content: dict[str, Any], fresh: list[dict[str, Any]]) -> bool:
    """True when the directory's entries differ from those saved in a version (names and numbers)."""

    def key(entries: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
        return [
            (e.get("ref", ""), e.get("name", ""), e.get("phone", ""), e.get("sms", ""))
            for e in entries
        ]

    saved = [e for e in content.get("professionals", []) if e.get("origin") == "directory"]
    return key(saved) != key(fresh)

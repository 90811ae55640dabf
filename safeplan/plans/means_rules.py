"""Lethal-means counselling (CALM): what a counselling record must say (pure; clinical-rules.md §7.1).

Sources: CALM (Counseling on Access to Lethal Means, SPRC/EDC) as summarised in §7.1: the three steps end
with "agree specific steps to remove or reduce access"; for firearms the most effective step is to
"remove all firearms from the home temporarily (store with trusted person, FFL/police where allowed)",
else "lock, store unloaded, ammunition separately"; for medications "lock, limit quantities, dispose of
unused". CALM-ED followed up with "a phone call 48–72 h after discharge to check storage plans", and the
SPiER lethal-means model asks to "re-verify completion at next contact". Hence a record names:

- ``means`` discussed: firearm, medication and/or other (other needs a description);
- ``counselled``: the client and/or a support person (the support person by name);
- one ``agreement`` per means discussed: the agreed storage or disposal, with the named person who keeps
  it when it is stored off-site;
- the storage check: due ``check_in_hours`` after the counselling (default 72, the end of CALM-ED's
  48–72 h window; [C] ``plans.means_check_hours``), unless nothing was agreed that could be checked.

Errors are ``MeansError(message, field)``; the service turns them into 422s naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MEANS = ("firearm", "medication", "other")
COUNSELLED = ("client", "support_person")
# action → the means it applies to (None: any).
ACTIONS: dict[str, tuple[str, ...] | None] = {
    "stored_off_site": None,  # with a named person (or, for firearms, a dealer or police where allowed)
    "locked_unloaded": ("firearm",),  # locked, unloaded, ammunition stored separately
    "locked": None,
    "limited_quantity": ("medication",),
    "disposed_of": None,
    "no_access_confirmed": None,
    "declined": None,  # not agreed: the client or family declined, or not yet
}
ACTION_LABELS = {
    "stored_off_site": "Stored away from home with a named person",
    "locked_unloaded": "Locked and unloaded, ammunition stored separately",
    "locked": "Locked away",
    "limited_quantity": "Only a small supply kept at home",
    "disposed_of": "Disposed of safely",
    "no_access_confirmed": "No access (checked)",
    "declined": "Not agreed (declined or not yet)",
}
NOTHING_TO_CHECK = ("no_access_confirmed", "declined")
TEXT_MAX = 500
NAME_MAX = 100
CHECK_HOURS_DEFAULT = 72
CHECK_HOURS_MAX = 24 * 30


class MeansError(ValueError):
    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _text(value: Any, field: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise MeansError("must be text", field=field)
    value = value.strip()
    if required and not value:
        raise MeansError("is required", field=field)
    if len(value) > limit:
        raise MeansError(f"is longer than {limit} characters", field=field)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise MeansError("must not contain control characters", field=field)
    return value


def _codes(value: Any, field: str, allowed: tuple[str, ...]) -> list[str]:
    if not isinstance(value, list) or not value:
        raise MeansError(f"choose at least one of {', '.join(allowed)}", field=field)
    for index, code in enumerate(value):
        if code not in allowed:
            raise MeansError(f"must be one of {', '.join(allowed)}", field=f"{field}.{index}")
    if len(set(value)) != len(value):
        raise MeansError("each only once", field=field)
    return [c for c in allowed if c in value]


def check_counselling(data: Mapping[str, Any]) -> dict[str, Any]:
    """The record as stored, checked (see the module docstring); ``check_in_hours`` is None when nothing
    agreed can be checked (every agreement is no_access_confirmed or declined)."""
    if not isinstance(data, Mapping):
        raise MeansError("must be an object", field="body")
    means = _codes(data.get("means"), "means", MEANS)
    counselled = _codes(data.get("counselled"), "counselled", COUNSELLED)
    support_name = _text(
        data.get("support_person_name"),
        "support_person_name",
        NAME_MAX,
        required="support_person" in counselled,
    )
    if support_name and "support_person" not in counselled:
        raise MeansError("name a support person only when they were counselled", field="counselled")
    other = _text(data.get("other_means"), "other_means", TEXT_MAX, required="other" in means)
    if other and "other" not in means:
        raise MeansError("describe other means only when 'other' was discussed", field="means")
    raw = data.get("agreements")
    if not isinstance(raw, list):
        raise MeansError("give one agreement per means discussed", field="agreements")
    agreements: list[dict[str, str]] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"agreements.{index}"
        if not isinstance(entry, Mapping):
            raise MeansError("must be an object", field=where)
        unknown = set(entry) - {"means", "action", "with_person", "details"}
        if unknown:
            raise MeansError(
                f"{sorted(unknown)[0]} is not a field", field=f"{where}.{sorted(unknown)[0]}"
            )
        item = entry.get("means")
        if item not in means:
            raise MeansError("must be one of the means discussed", field=f"{where}.means")
        if item in seen:
            raise MeansError("one agreement per means", field=f"{where}.means")
        seen.add(item)
        action = entry.get("action")
        if action not in ACTIONS:
            raise MeansError(f"must be one of {', '.join(ACTIONS)}", field=f"{where}.action")
        applies = ACTIONS[action]
        if applies is not None and item not in applies:
            raise MeansError(
                f"{action} applies to {', '.join(applies)} only", field=f"{where}.action"
            )
        person = _text(
            entry.get("with_person"),
            f"{where}.with_person",
            NAME_MAX,
            required=action == "stored_off_site",
        )
        details = _text(entry.get("details"), f"{where}.details", TEXT_MAX)
        agreements.append(
            {"means": item, "action": action, "with_person": person, "details": details}
        )
    for item in means:
        if item not in seen:
            raise MeansError(f"no agreement for {item}", field="agreements")
    checkable = any(a["action"] not in NOTHING_TO_CHECK for a in agreements)
    hours = data.get("check_in_hours")
    if hours is None:
        hours = CHECK_HOURS_DEFAULT if checkable else None
    elif isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= CHECK_HOURS_MAX:
        raise MeansError(f"must be from 1 to {CHECK_HOURS_MAX} hours", field="check_in_hours")
    notes = _text(data.get("notes"), "notes", 2000)
    return {
        "means": means,
        "counselled": counselled,
        "support_person_name": support_name,
        "other_means": other,
        "agreements": [agreements[[a["means"] for a in agreements].index(m)] for m in means],
        "notes": notes,
        "check_in_hours": hours,
    }

"""Writes to an organisation's local directory: add, correct (a new row supersedes the old), retire.

Only clinic admins and supervisors write; each write is one transaction with its ``directory.*`` audit
entry. Corrections never edit the old row's content: it only gets ``superseded_at`` (who and when are on
the new row), so the history of every number stays readable (PRODUCT.md: reference numbers come with
their source and date; clinical-rules.md §1.1 local resources; §11 "store with last_verified").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from phonenumbers.shortnumberinfo import is_emergency_number

from safeplan.accounts.models import Role
from safeplan.audit import services as audit
from safeplan.directory import reference
from safeplan.directory.lookups import is_known_country, normalise_county
from safeplan.directory.models import EntryKind, HowVerified, LocalResourceEntry
from safeplan.lib import times
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.lib.validation import no_control_chars, no_control_chars_multiline, parse_phone

WRITER_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})
CONTENT_FIELDS = ("kind", "country", "state", "county", "zips", "name", "phone", "address", "notes")


def can_write(user: Any) -> bool:
    return getattr(user, "role", None) in WRITER_ROLES and user.organisation_id is not None


def _require_writer(actor: Any) -> None:
    if not can_write(actor):
        raise NotAllowed("only clinic admins and supervisors change the local directory")


def _text(data: dict[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text", field=name)
    try:
        value = no_control_chars(value)
    except ValueError as exc:
        raise InvalidInput(f"{name} {exc}", field=name) from exc
    if required and not value:
        raise InvalidInput(f"{name} is required", field=name)
    if len(value) > limit:
        raise InvalidInput(f"{name} must be at most {limit} characters", field=name)
    return value


def find_county(state: str, county: str) -> reference.County | None:
    """A county of a US state by name ("Suffolk", "Suffolk County") or 5-digit FIPS code."""
    table = reference.counties()
    if re.fullmatch(r"\d{5}", county):
        found = table.get(county)
        return found if found and found.state == state else None
    wanted = normalise_county(county)
    for item in table.values():
        if item.state == state and normalise_county(item.name) == wanted:
            return item
    return None


def _us_states() -> frozenset[str]:
    return frozenset(row[3] for row in reference.zip_rows().values())


def clean_entry(data: dict[str, Any]) -> dict[str, Any]:
    """Validate an entry's fields; raises InvalidInput naming the first bad field."""
    kind = data.get("kind")
    if kind not in EntryKind.values:
        raise InvalidInput(f"kind must be one of {', '.join(EntryKind.values)}", field="kind")
    country = str(data.get("country") or "").strip().upper()
    if not is_known_country(country):
        raise InvalidInput("country must be an ISO 3166 two-letter code", field="country")
    state = _text(data, "state", 10).upper()
    if state and not re.fullmatch(r"[A-Z0-9-]{1,10}", state):
        raise InvalidInput("state must be a state or region code such as MA", field="state")
    if country == "US" and state and state not in _us_states():
        raise InvalidInput(f"{state} is not a US state or territory code", field="state")
    county = _text(data, "county", 100)
    county_fips = ""
    if county and country == "US":
        if not state:
            raise InvalidInput("a county needs its state", field="state")
        found = find_county(state, county)
        if found is None:
            raise InvalidInput(f"no county {county!r} in {state}", field="county")
        county, county_fips = found.name, found.fips
    zips = data.get("zips") or []
    if isinstance(zips, str):
        zips = [z for z in re.split(r"[\s,;]+", zips) if z]
    if not isinstance(zips, list) or not all(isinstance(z, str) for z in zips):
        raise InvalidInput("zips must be a list of ZIP codes", field="zips")
    if zips and country != "US":
        raise InvalidInput("ZIP codes apply to US entries only", field="zips")
    if len(zips) > 200:
        raise InvalidInput("at most 200 ZIP codes per entry", field="zips")
    table = reference.zip_rows() if zips else {}
    for z in zips:
        row = table.get(z) if re.fullmatch(r"\d{5}", z) else None
        if row is None:
            raise InvalidInput(f"{z!r} is not a known US ZIP code", field="zips")
        if state and row[3] != state:
            raise InvalidInput(f"ZIP code {z} is in {row[3]}, not {state}", field="zips")
    name = _text(data, "name", 200, required=True)
    try:
        phone = parse_phone(str(data.get("phone") or ""), country)
    except ValueError as exc:
        raise InvalidInput(f"phone {exc}", field="phone") from exc
    if not phone.startswith("+") and is_emergency_number(phone, country):
        # A local entry exists to hold the line that reaches the service from anywhere, e.g. from
        # the clinician's phone; an emergency short code would reach the caller's own centre.
        raise InvalidInput(
            f"phone {phone} is an emergency number; enter the full line that reaches this service",
            field="phone",
        )
    address = _text(data, "address", 300)
    notes = data.get("notes") or ""
    if not isinstance(notes, str) or len(notes) > 2000:
        raise InvalidInput("notes must be text of at most 2000 characters", field="notes")
    try:
        notes = no_control_chars_multiline(notes)
    except ValueError as exc:
        raise InvalidInput(f"notes {exc}", field="notes") from exc
    return {
        "kind": kind,
        "country": country,
        "state": state,
        "county": county,
        "county_fips": county_fips,
        "zips": sorted(set(zips)),
        "name": name,
        "phone": phone,
        "address": address,
        "notes": notes,
    }


def _verification(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    if not data.get("verified"):
        return {"verified_by": None, "verified_at": None, "how_verified": ""}
    how = data.get("how_verified") or ""
    if how not in HowVerified.values:
        raise InvalidInput(
            f"how_verified must be one of {', '.join(HowVerified.values)}", field="how_verified"
        )
    when = data.get("verified_at") or timezone.now()
    if isinstance(when, dt.date) and not isinstance(when, dt.datetime):
        if when > times.latest_date():
            raise InvalidInput("verified_at cannot be in the future", field="verified_at")
        # A date only: today means now; an earlier day means midday of that day.
        when = (
            timezone.now()
            if when == timezone.localdate()
            else timezone.make_aware(dt.datetime.combine(when, dt.time(12, 0)))
        )
    if not isinstance(when, dt.datetime):
        raise InvalidInput("verified_at must be a date and time", field="verified_at")
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when > timezone.now() + dt.timedelta(minutes=5):
        raise InvalidInput("verified_at cannot be in the future", field="verified_at")
    return {"verified_by": actor, "verified_at": when, "how_verified": how}


@transaction.atomic
def add_local_entry(*, actor: Any, data: dict[str, Any], demo: bool = False) -> LocalResourceEntry:
    """A new entry for the actor's organisation (e.g. the county mobile crisis team)."""
    _require_writer(actor)
    values = clean_entry(data)
    entry = LocalResourceEntry.objects.create(
        organisation_id=actor.organisation_id,
        created_by=actor,
        demo=demo,
        **values,
        **_verification(actor, data),
    )
    audit.record(
        actor=actor,
        action="directory.entry_created",
        target=entry,
        details={"kind": entry.kind, "verified": entry.verified_at is not None},
    )
    return entry


@transaction.atomic
def correct_local_entry(
    *, actor: Any, entry: LocalResourceEntry, data: dict[str, Any], reason: str = ""
) -> LocalResourceEntry:
    """Replace an entry by a corrected copy; the old row stays, marked superseded.

    Fields not given keep their old values. Verification is never carried over: a correction is verified
    only when the corrector says so (``verified`` + ``how_verified``), as the number may have changed.
    """
    _require_writer(actor)
    if entry.organisation_id != actor.organisation_id:
        raise NotAllowed("that entry belongs to another organisation")
    merged = {name: getattr(entry, name) for name in CONTENT_FIELDS}
    if entry.county_fips and "county" not in data:
        merged["county"] = entry.county_fips
    merged.update({k: v for k, v in data.items() if k in CONTENT_FIELDS and v is not None})
    values = clean_entry(merged)
    reason = _text({"reason": reason}, "reason", 200)
    now = timezone.now()
    claimed = LocalResourceEntry.objects.filter(
        pk=entry.pk, superseded_at__isnull=True, retired_at__isnull=True
    ).update(superseded_at=now)
    if claimed != 1:
        newer = LocalResourceEntry.objects.filter(supersedes=entry).first()
        hint = f"; correct the current entry #{newer.pk}" if newer else ""
        raise Conflict(f"this entry was already corrected or retired{hint}")
    changed = [name for name in CONTENT_FIELDS if values[name] != getattr(entry, name)]
    new = LocalResourceEntry.objects.create(
        organisation_id=entry.organisation_id,
        created_by=actor,
        created_at=now,
        supersedes=entry,
        change_reason=reason,
        demo=entry.demo,
        **values,
        **_verification(actor, data),
    )
    audit.record(
        actor=actor,
        action="directory.entry_corrected",
        target=new,
        details={
            "supersedes": entry.pk,
            "fields": changed,
            "verified": new.verified_at is not None,
        },
    )
    return new


@transaction.atomic
def retire_local_entry(*, actor: Any, entry: LocalResourceEntry, reason: str) -> LocalResourceEntry:
    """Take an entry out of use (the service closed, the number is wrong); it stays in the history."""
    _require_writer(actor)
    if entry.organisation_id != actor.organisation_id:
        raise NotAllowed("that entry belongs to another organisation")
    reason = _text({"reason": reason}, "reason", 200, required=True)
    now = timezone.now()
    claimed = LocalResourceEntry.objects.filter(
        pk=entry.pk, superseded_at__isnull=True, retired_at__isnull=True
    ).update(retired_at=now, retired_by=actor, retired_reason=reason)
    if claimed != 1:
        raise Conflict("this entry was already corrected or retired")
    entry.refresh_from_db()
    audit.record(actor=actor, action="directory.entry_retired", target=entry)
    return entry

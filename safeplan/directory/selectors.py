"""Reads of organisation-local directory entries, always scoped to the reader's organisation.

Entries are organisation data, not client data; pages and the API still audit their reads
(``directory.entries_listed``, ``directory.entry_viewed``). ``local_entries_for_area`` is the unaudited
read used inside ``lookups.resolve_local_resources``: the caller (e.g. telehealth) audits its own view.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from safeplan.directory.entities import UNVERIFIED, VERIFIED, LocalEntry, SourceInfo
from safeplan.directory.models import LocalResourceEntry
from safeplan.directory.reference import normalise_county


def _org_id(user_or_org: Any) -> int:
    """The organisation id of a user or an organisation (0 matches nothing)."""
    if hasattr(user_or_org, "organisation_id"):
        return int(user_or_org.organisation_id or 0)
    return int(getattr(user_or_org, "pk", None) or 0)


def current_entries(organisation: Any) -> QuerySet[LocalResourceEntry]:
    """The organisation's entries in force (not superseded, not retired)."""
    return LocalResourceEntry.objects.filter(
        organisation_id=_org_id(organisation),
        superseded_at__isnull=True,
        retired_at__isnull=True,
    ).select_related("verified_by", "organisation")


def entries_for(
    user: Any, *, include_history: bool = False, country: str = "", state: str = ""
) -> QuerySet[LocalResourceEntry]:
    """Entries the user may read: their own organisation's, staff only (others get none)."""
    if not getattr(user, "is_staff_role", False) or user.organisation_id is None:
        return LocalResourceEntry.objects.none()
    qs = LocalResourceEntry.objects.filter(organisation_id=user.organisation_id)
    if not include_history:
        qs = qs.filter(superseded_at__isnull=True, retired_at__isnull=True)
    if country:
        qs = qs.filter(country=country.upper())
    if state:
        qs = qs.filter(state=state.upper())
    return qs.select_related("verified_by", "created_by", "organisation")


def get_entry_for(user: Any, entry_id: int) -> LocalResourceEntry:
    """One entry of the user's organisation (current or historical), or 404."""
    entry = entries_for(user, include_history=True).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("Not found")
    return entry


def history_of(entry: LocalResourceEntry) -> list[LocalResourceEntry]:
    """The whole chain the entry belongs to, newest first (each correction points at the one before)."""
    newest = entry
    while True:
        newer = LocalResourceEntry.objects.filter(supersedes=newest).first()
        if newer is None:
            break
        newest = newer
    chain = [newest]
    while chain[-1].supersedes_id is not None:
        previous = (
            LocalResourceEntry.objects.select_related("verified_by", "created_by")
            .filter(pk=chain[-1].supersedes_id)
            .first()
        )
        if previous is None:
            break
        chain.append(previous)
    return chain


def entry_source(entry: LocalResourceEntry) -> SourceInfo:
    when = entry.verified_at or entry.created_at
    return SourceInfo(
        source=f"{entry.organisation.name} local directory",
        source_url=f"/directory/local/{entry.pk}/",
        source_date=when.date().isoformat(),
        status=VERIFIED if entry.verified_at else UNVERIFIED,
    )


def as_record(entry: LocalResourceEntry) -> LocalEntry:
    return LocalEntry(
        id=entry.pk,
        kind=entry.kind,
        kind_label=entry.get_kind_display(),
        name=entry.name,
        phone=entry.phone,
        address=entry.address,
        notes=entry.notes,
        country=entry.country,
        state=entry.state,
        county=entry.county,
        zips=tuple(entry.zips or ()),
        verified_by=entry.verified_by.label if entry.verified_by else "",
        verified_at=entry.verified_at,
        how_verified=entry.how_verified,
        source=entry_source(entry),
        demo=entry.demo,
    )


def _specificity(entry: LocalResourceEntry) -> int:
    return (
        3 if entry.zips else 2 if (entry.county_fips or entry.county) else 1 if entry.state else 0
    )


def local_entries_for_area(
    organisation: Any,
    *,
    country: str,
    state: str = "",
    county: str = "",
    county_fips: str = "",
    zip_code: str = "",
) -> list[LocalEntry]:
    """The organisation's current entries that serve a place, most specific area first.

    An entry serves the place when its country matches and each area part it names (state, county,
    ZIP list) matches too; verified entries come before unverified ones of the same specificity.
    """
    state, county_key = state.upper(), normalise_county(county)
    matches = []
    for entry in current_entries(organisation).filter(country=country.upper()):
        if entry.state and entry.state != state:
            continue
        if entry.county_fips and entry.county_fips != county_fips:
            continue
        if not entry.county_fips and entry.county and normalise_county(entry.county) != county_key:
            continue
        if entry.zips and zip_code not in entry.zips:
            continue
        matches.append(entry)
    matches.sort(key=lambda e: (-_specificity(e), e.verified_at is None, e.kind, e.name.lower()))
    return [as_record(e) for e in matches]

"""JSON API for the directory (mounted under /api/v1/ by safeplan.api).

Reference data (emergency numbers, crisis lines, emergency departments, PSAPs, local resources for a
place) is readable by every staff user; the organisation's local entries are readable by its staff and
written by its admins and supervisors. Client logins get 404. Every item carries its source label, date
and status. Bad query parameters → 422 naming the parameter.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.errors import ValidationError

from safeplan.audit import services as audit
from safeplan.directory import lookups, selectors, services
from safeplan.directory.schemas import (
    CrisisLinesOut,
    EmergencyDepartmentsOut,
    EmergencyNumbersOut,
    LocalEntryCorrectionIn,
    LocalEntryDetailOut,
    LocalEntryHistoryOut,
    LocalEntryIn,
    LocalEntryOut,
    LocalResourcesOut,
    PsapsOut,
    RetireIn,
    crisis_line_out,
    emergency_number_out,
    facility_out,
    local_entry_out,
    local_resources_out,
    psap_out,
    zip_out,
)

router = Router(tags=["directory"])


def _staff(request: HttpRequest) -> Any:
    user: Any = request.user
    if not getattr(user, "is_staff_role", False):
        raise Http404("Not found")
    return user


def _bad(param: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", param], "msg": message, "type": "value_error"}])


def _country(value: str, param: str = "country") -> str:
    if not lookups.is_known_country(value):
        raise _bad(param, f"{value!r} is not a known ISO 3166 two-letter country code")
    return value.strip().upper()


def _zip(value: str, param: str = "zip") -> Any:
    if not lookups.is_zip_code(value):
        raise _bad(param, "must be a 5-digit US ZIP code (ZIP+4 accepted)")
    found = lookups.zip_centroid(value)
    if found is None:
        raise _bad(param, f"ZIP code {value.strip()} is not known")
    return found


@router.get(
    "/directory/emergency-numbers",
    response=EmergencyNumbersOut,
    summary="Every emergency number of a country (all services), with source and date",
)
def emergency_numbers(request: HttpRequest, country: str = Query(..., max_length=2)) -> Any:
    _staff(request)
    code = _country(country)
    return {
        "country": code,
        "country_name": lookups.country_name(code),
        "primary": lookups.primary_emergency_number(code),
        "items": [emergency_number_out(n) for n in lookups.emergency_numbers(code)],
    }


@router.get(
    "/directory/crisis-lines",
    response=CrisisLinesOut,
    summary="National crisis lines of a country, most reliable first (historical ones on request)",
)
def crisis_lines(
    request: HttpRequest,
    country: str = Query(..., max_length=2),
    language: str | None = Query(None, max_length=40),
    include_historical: bool = False,
) -> Any:
    _staff(request)
    code = _country(country)
    wanted = None
    if language:
        try:
            wanted = lookups.normalise_language(language)
        except ValueError as exc:
            raise _bad("language", str(exc)) from exc
    lines = lookups.crisis_lines(code, wanted, include_historical=include_historical)
    return {
        "country": code,
        "language": wanted,
        "include_historical": include_historical,
        "items": [crisis_line_out(line) for line in lines],
    }


@router.get(
    "/directory/emergency-departments",
    response=EmergencyDepartmentsOut,
    summary="Nearest US emergency departments to a point (lat and lon) or a ZIP code's centroid",
)
def emergency_departments(
    request: HttpRequest,
    lat: float | None = Query(None, ge=-90, le=90),
    lon: float | None = Query(None, ge=-180, le=180),
    zip: str | None = Query(None, max_length=10),
    limit: int = Query(3, ge=1, le=lookups.MAX_LIMIT),
) -> Any:
    _staff(request)
    has_point = lat is not None or lon is not None
    if zip and has_point:
        raise _bad("zip", "give either zip or lat and lon, not both")
    zip_info = None
    if zip:
        zip_info = _zip(zip)
        lat, lon = zip_info.lat, zip_info.lon
    elif lat is None or lon is None:
        missing = "lon" if lat is not None else "lat"
        raise _bad(missing, "give lat and lon together, or a zip")
    assert lat is not None and lon is not None
    eds = lookups.nearest_emergency_departments(lat, lon, limit)
    return {
        "origin": {"lat": lat, "lon": lon, "zip": zip_out(zip_info)},
        "items": [facility_out(f) for f in eds],
    }


@router.get(
    "/directory/psaps",
    response=PsapsOut,
    summary="A state's or county's 911 centres (PSAPs); candidate numbers are unverified",
)
def psaps(
    request: HttpRequest,
    state: str = Query(..., min_length=2, max_length=2),
    county: str | None = Query(None, max_length=100),
) -> Any:
    _staff(request)
    code = state.strip().upper()
    if code not in lookups.us_states():
        raise _bad("state", f"{state!r} is not a US state or territory with registered PSAPs")
    if county:
        found = services.find_county(code, county.strip())
        # The FCC registry may spell a county differently from the ZIP data: try its own names too.
        items = lookups.psaps(code, found.fips if found else county.strip())
        if found is None and not items:
            raise _bad("county", f"no county {county.strip()!r} in {code}")
    else:
        items = lookups.psaps(code)
    return {"state": code, "county": county, "items": [psap_out(p) for p in items]}


@router.get(
    "/directory/local-resources",
    response=LocalResourcesOut,
    summary="Everything that helps at one place: numbers, crisis lines, EDs, PSAPs, police, local entries",
)
def local_resources(
    request: HttpRequest,
    country: str = Query(..., max_length=2),
    region: str = Query("", max_length=10),
    zip: str = Query("", max_length=10),
    lat: float | None = Query(None, ge=-90, le=90),
    lon: float | None = Query(None, ge=-180, le=180),
    language: str | None = Query(None, max_length=40),
) -> Any:
    user = _staff(request)
    code = _country(country)
    if (lat is None) != (lon is None):
        raise _bad("lon" if lat is not None else "lat", "give lat and lon together")
    if zip and code == "US" and not lookups.is_zip_code(zip):
        raise _bad("zip", "must be a 5-digit US ZIP code (ZIP+4 accepted)")
    if language:
        try:
            language = lookups.normalise_language(language)
        except ValueError as exc:
            raise _bad("language", str(exc)) from exc
    resources = lookups.resolve_local_resources(
        organisation=user.organisation,
        country=code,
        region=region,
        postcode=zip,
        lat=lat,
        lon=lon,
        language=language,
    )
    audit.record(
        actor=user,
        action="directory.lookup",
        details={
            "country": code,
            "zip_given": bool(zip),
            "local_entries": len(resources.org_local_entries),
        },
    )
    return local_resources_out(resources)


# --- organisation-local entries ------------------------------------------------------------------


def _detail(entry: Any) -> dict[str, Any]:
    newer = getattr(entry, "superseded_by", None) if entry.superseded_at else None
    return {
        **local_entry_out(selectors.as_record(entry)),
        "current": entry.is_current,
        "created_by": entry.created_by.label,
        "created_at": entry.created_at,
        "supersedes_id": entry.supersedes_id,
        "superseded_by_id": newer.pk if newer else None,
        "superseded_at": entry.superseded_at,
        "change_reason": entry.change_reason,
        "retired_at": entry.retired_at,
        "retired_reason": entry.retired_reason,
    }


@router.get(
    "/directory/local-entries",
    response=list[LocalEntryOut],
    summary="The organisation's own directory entries (current ones; history on request)",
)
def list_local_entries(
    request: HttpRequest,
    include_history: bool = False,
    country: str = Query("", max_length=2),
    state: str = Query("", max_length=10),
) -> Any:
    user = _staff(request)
    entries = list(
        selectors.entries_for(user, include_history=include_history, country=country, state=state)
    )
    audit.record(actor=user, action="directory.entries_listed", details={"count": len(entries)})
    return [local_entry_out(selectors.as_record(e)) for e in entries]


@router.post(
    "/directory/local-entries",
    response={201: LocalEntryDetailOut},
    summary="Add a local entry (admins and supervisors)",
)
def create_local_entry(request: HttpRequest, payload: LocalEntryIn) -> Any:
    _staff(request)
    entry = services.add_local_entry(actor=request.user, data=payload.dict())
    return Status(201, _detail(entry))


@router.get(
    "/directory/local-entries/{entry_id}",
    response=LocalEntryHistoryOut,
    summary="One local entry with its whole correction history",
)
def get_local_entry(request: HttpRequest, entry_id: int) -> Any:
    user = _staff(request)
    entry = selectors.get_entry_for(user, entry_id)
    audit.record(actor=user, action="directory.entry_viewed", target=entry)
    return {"entry": _detail(entry), "history": [_detail(e) for e in selectors.history_of(entry)]}


@router.post(
    "/directory/local-entries/{entry_id}/corrections",
    response={201: LocalEntryDetailOut},
    summary="Correct (or re-verify) an entry: a new entry supersedes it, history kept",
)
def correct_local_entry(
    request: HttpRequest, entry_id: int, payload: LocalEntryCorrectionIn
) -> Any:
    user = _staff(request)
    entry = selectors.get_entry_for(user, entry_id)
    data = payload.dict(exclude={"reason"})
    new = services.correct_local_entry(actor=user, entry=entry, data=data, reason=payload.reason)
    return Status(201, _detail(new))


@router.post(
    "/directory/local-entries/{entry_id}/retire",
    response=LocalEntryDetailOut,
    summary="Take an entry out of use (kept in the history)",
)
def retire_local_entry(request: HttpRequest, entry_id: int, payload: RetireIn) -> Any:
    user = _staff(request)
    entry = selectors.get_entry_for(user, entry_id)
    return _detail(services.retire_local_entry(actor=user, entry=entry, reason=payload.reason))

"""The directory's lookup contract: emergency numbers, crisis lines, ZIP centroids, nearest emergency
departments, 911 centres (PSAPs), candidate police lines, and everything for one place at once.

Other apps (telehealth's emergency profile and card, plans' crisis lines, crisis mode) call only these
functions. Reference data is shipped with Safeplan and held in memory (loaded lazily, once per process;
no database); organisation-local entries come from the database. Every record carries ``.source``
(a ``SourceInfo`` with ``.label`` such as "FCC Master PSAP Registry v2.295, 2026-02-06 (unverified)").

Rules (clinical-rules.md §10.5, §11; PRODUCT.md "Rules that are never bent"):
- a number is only ever shown with its source and date; historical and unverified records say so;
- a PSAP's ``candidate_phone`` and a police agency's phone are *candidates*, always "unverified — confirm
  by phone", until a clinician or the clinic confirms them (organisation-local entries);
- 988's former "press 3" option is not shipped; orphaned PSAPs are never suggested.

Signatures::

    emergency_numbers(country) -> list[EmergencyNumber]
    primary_emergency_number(country) -> str | None
    crisis_lines(country, language=None, include_historical=False) -> list[CrisisLine]
    zip_centroid(zip5) -> ZipInfo | None
    nearest_emergency_departments(lat, lon, limit=3) -> list[Facility]
    emergency_departments_for_place(lat, lon, limit=3, *, minor=False) -> list[Facility]
    psaps(state, county=None) -> list[Psap]
    law_enforcement_near(lat, lon, limit=3) -> list[Agency]
    resolve_local_resources(*, organisation, country, region="", postcode="", lat=None, lon=None,
                            language=None, city="") -> LocalResources

Bad arguments (unknown country code, coordinates out of range, an unknown language) raise ``ValueError``
with a message that names the argument.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from django.conf.locale import LANG_INFO

from safeplan.directory import ranking, reference
from safeplan.directory.entities import (
    CONFIRM_BY_PHONE,
    HISTORICAL,
    UNVERIFIED,
    VERIFIED,
    Agency,
    CrisisLine,
    EmergencyNumber,
    Facility,
    LocalEntry,
    LocalResources,
    Psap,
    SetAside,
    SourceInfo,
    ZipInfo,
)
from safeplan.directory.geo import check_point

__all__ = [
    "CONFIRM_BY_PHONE",
    "HISTORICAL",
    "UNVERIFIED",
    "VERIFIED",
    "Agency",
    "CrisisLine",
    "EmergencyNumber",
    "Facility",
    "LocalEntry",
    "LocalResources",
    "Psap",
    "SetAside",
    "SourceInfo",
    "ZipInfo",
    "country_name",
    "crisis_lines",
    "emergency_departments_for_place",
    "emergency_numbers",
    "is_known_country",
    "law_enforcement_near",
    "nearest_emergency_departments",
    "normalise_language",
    "primary_emergency_number",
    "psaps",
    "resolve_local_resources",
    "us_states",
    "zip_centroid",
]

SERVICE_ORDER = (
    "general",
    "police",
    "ambulance",
    "fire",
    "hazards",
    "traffic",
    "emergency_short_code",
)
MAX_LIMIT = 50
# Police agencies looked at around a place before keeping those of its own city and county.
POLICE_SEARCH = 8
_ZIP = re.compile(r"^(\d{5})(?:-?\d{4})?$")


# --- countries and emergency numbers -------------------------------------------------------------


def _country(code: str) -> str:
    value = (code or "").strip().upper()
    if value not in reference.countries():
        raise ValueError(f"country {code!r} is not a known ISO 3166 two-letter code")
    return value


def is_known_country(code: str) -> bool:
    return (code or "").strip().upper() in reference.countries()


def country_name(code: str) -> str:
    country = reference.countries().get((code or "").strip().upper())
    return country.name if country else ""


def primary_emergency_number(country: str) -> str | None:
    """The one number to show first (US 911, GB 999, AU 000, FR 112); None where none is known.

    A heuristic over ITU/Wikipedia/libphonenumber (see data/PROVENANCE.md §1); always show all services.
    """
    found = reference.countries().get((country or "").strip().upper())
    return (found.primary or None) if found else None


def emergency_numbers(country: str) -> list[EmergencyNumber]:
    """Every emergency number of a country, general first, then police, ambulance, fire, …

    De-duplicated by (service, number); within a service the primary number comes first. An unknown
    country code gives an empty list (use ``is_known_country`` to tell the two apart).
    """
    code = (country or "").strip().upper()
    primary = primary_emergency_number(code)
    numbers = reference.emergency_numbers().get(code, [])
    return sorted(
        numbers,
        key=lambda n: (SERVICE_ORDER.index(n.service), n.number != primary, n.number),
    )


# --- crisis lines --------------------------------------------------------------------------------


def _language_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, info in LANG_INFO.items():
        base = code.split("-")[0].lower()
        if "name" in info:
            names.setdefault(info["name"].lower(), base)
            names.setdefault(str(info.get("name_local", "")).lower(), base)
        names.setdefault(base, base)
    names.pop("", None)
    return names


_LANGUAGES = _language_names()


def normalise_language(language: str) -> str:
    """ISO 639-1 base code for a code ("es", "es-MX", "fr_CA") or a name ("Spanish", "español")."""
    value = (language or "").strip().lower().replace("_", "-")
    if not value:
        raise ValueError("language must not be empty")
    if value in _LANGUAGES:
        return _LANGUAGES[value]
    base = value.split("-")[0]
    if re.fullmatch(r"[a-z]{2,3}", base):
        return base
    raise ValueError(f"language {language!r} is not a known language code or name")


def crisis_lines(
    country: str, language: str | None = None, include_historical: bool = False
) -> list[CrisisLine]:
    """National crisis and support lines of a country, most reliable first.

    Order: verified (the source checked the record on its date), then unverified sources by reliability,
    then historical ones (only with ``include_historical=True``; always marked ``historical``).
    With ``language`` (a code or a name), lines known to serve it come first and lines whose languages
    are not recorded follow; lines known to serve only other languages are left out. When no line is
    known to serve the language, every line is returned in the usual order, so that nobody is left
    without a crisis line (check ``line.languages``).
    """
    code = (country or "").strip().upper()
    lines = reference.crisis_lines().get(code, [])
    if not include_historical:
        lines = [line for line in lines if line.source.status != HISTORICAL]
    if language is None or not str(language).strip():
        return list(lines)
    wanted = normalise_language(language)
    serves = [line for line in lines if wanted in {x.split("-")[0] for x in line.languages}]
    if not serves:
        return list(lines)
    unknown = [line for line in lines if not line.languages]
    return serves + unknown


# --- ZIP codes -----------------------------------------------------------------------------------


def zip_centroid(zip5: str) -> ZipInfo | None:
    """City, state, county, county FIPS, time zone and centroid of a US ZIP code (ZIP+4 accepted)."""
    match = _ZIP.match((zip5 or "").strip())
    if not match:
        return None
    row = reference.zip_rows().get(match.group(1))
    if row is None:
        return None
    lat, lon, city, state, county, fips, tz, active, src = row
    return ZipInfo(
        match.group(1), lat, lon, city, state, county, fips, tz, active, reference.sources()[src]
    )


def is_zip_code(value: str) -> bool:
    return bool(_ZIP.match((value or "").strip()))


def _nearest_zip(lat: float, lon: float) -> ZipInfo | None:
    codes, index = reference.zip_index()
    found = index.nearest(lat, lon, 1)
    return zip_centroid(codes[found[0][1]]) if found else None


# --- facilities and agencies near a point --------------------------------------------------------


def _limit(limit: int) -> int:
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return limit


def nearest_emergency_departments(lat: float, lon: float, limit: int = 3) -> list[Facility]:
    """The US hospitals with an emergency department nearest to a point, nearest first.

    CMS Hospital General Information (emergency_services = Yes), great-circle distance (haversine).
    """
    check_point(lat, lon)
    points = reference.emergency_departments()
    out = []
    for km, i in points.index.nearest(lat, lon, _limit(limit)):
        r = points.rows[i]
        out.append(
            Facility(
                id=r["id"],
                name=r["name"],
                address=r["address"],
                city=r["city"],
                state=r["state"],
                zip=r["zip"],
                county=r["county"],
                phone=r["phone"],
                lat=r["lat"],
                lon=r["lon"],
                trauma=r["trauma"],
                source=r["source"],
                distance_km=km,
                approximate_location=r["approx"] == "1",
                category=ranking.hospital_category(r.get("type", ""), r["name"]),
            )
        )
    return out


# How many hospitals around a point are looked at before choosing the general ones among them.
ED_SEARCH = 15


def emergency_departments_for_place(
    lat: float, lon: float, limit: int = 3, *, minor: bool = False
) -> list[Facility]:
    """The emergency departments to offer for a place: general acute-care hospitals nearest first; a
    specialty, psychiatric, veterans' or military hospital only when no general one is near, with its
    ``note`` (directory.ranking.choose_emergency_departments)."""
    nearest = nearest_emergency_departments(lat, lon, max(ED_SEARCH, _limit(limit)))
    chosen = ranking.choose_emergency_departments(
        nearest,
        category_of=lambda f: f.category,
        distance_of=lambda f: f.distance_km,
        minor=minor,
        limit=limit,
    )
    return [replace(c.item, note=c.note) for c in chosen]


def law_enforcement_near(lat: float, lon: float, limit: int = 3) -> list[Agency]:
    """Local police and sheriff agencies nearest to a point: *candidate* non-emergency lines.

    HIFLD admin numbers dated ≤2019, always unverified ("confirm by phone"); special-purpose agencies
    (campus, transit, parks, jails …) are not suggested.
    """
    check_point(lat, lon)
    points = reference.police_agencies()
    out = []
    for km, i in points.index.nearest(lat, lon, _limit(limit)):
        r = points.rows[i]
        out.append(
            Agency(
                id=r["id"],
                name=r["name"],
                kind=r["kind"],
                phone=r["phone"],
                lat=r["lat"],
                lon=r["lon"],
                distance_km=km,
                source=r["source"],
                city=r["city"],
                state=r["state"],
                county_fips=r.get("county_fips", ""),
            )
        )
    return out


# --- PSAPs ---------------------------------------------------------------------------------------

normalise_county = reference.normalise_county


def psaps(state: str, county: str | None = None) -> list[Psap]:
    """The FCC-registered 911 centres of a state, or of one county (a name or a 5-digit FIPS code).

    Active primary (or unspecified) PSAPs first, then secondary ones; orphaned PSAPs are excluded.
    ``candidate_phone`` is an agency admin line matched by name: unverified — confirm by phone.
    """
    code = (state or "").strip().upper()
    if not county:
        found = reference.psaps_by_state().get(code, [])
    else:
        wanted = county.strip()
        by_fips, by_name = reference.psaps_by_county()
        if re.fullmatch(r"\d{5}", wanted):
            found = by_fips.get((code, wanted), [])
        else:
            found = by_name.get((code, normalise_county(wanted)), [])
    current = [p for p in found if p.status != "orphaned"]
    return sorted(current, key=lambda p: (p.status != "active", p.name.lower(), p.id))


def us_states() -> frozenset[str]:
    """US state and territory codes that have registered PSAPs (50 states, DC and territories)."""
    return frozenset(reference.psaps_by_state())


# --- everything for one place --------------------------------------------------------------------


def resolve_local_resources(
    *,
    organisation: Any,
    country: str,
    region: str = "",
    postcode: str = "",
    lat: float | None = None,
    lon: float | None = None,
    language: str | None = None,
    city: str = "",
) -> LocalResources:
    """The numbers that reach help at one place: emergency numbers, crisis lines, the organisation's own
    entries, and in the US the nearest emergency departments, the county's PSAPs and candidate police
    lines (clinical-rules.md §1.1, §10.5).

    US places are located by ZIP centroid (``postcode``) or by ``lat``/``lon`` when given (the nearest
    ZIP centroid then supplies the county). Outside the US only the country's numbers, crisis lines and
    organisation entries are returned. Nothing is confirmed here: telehealth records the clinician's
    confirmation of each number.

    With ``city`` (the address's city), police agencies and 911 centres of other cities or counties are
    moved to ``set_aside`` with the reason (directory.ranking); the ZIP code's city counts as the place's
    city too. Emergency departments are general acute-care hospitals (``emergency_departments_for_place``);
    children's hospitals near the place are in ``childrens_eds``.
    """
    code = _country(country)
    region = (region or "").strip().upper()
    postcode = (postcode or "").strip()
    warnings: list[str] = []
    if (lat is None) != (lon is None):
        raise ValueError("lat and lon must be given together")
    if lat is not None and lon is not None:
        check_point(lat, lon)
    zip_info: ZipInfo | None = None
    county = county_fips = ""
    eds: list[Facility] = []
    psap_list: list[Psap] = []
    police: list[Agency] = []
    childrens: list[Facility] = []
    set_aside: list[SetAside] = []
    if code == "US":
        if postcode:
            zip_info = zip_centroid(postcode)
            if zip_info is None:
                warnings.append(f"ZIP code {postcode} was not found; local numbers not suggested.")
        elif lat is not None and lon is not None:
            zip_info = _nearest_zip(lat, lon)
        else:
            warnings.append(
                "No ZIP code or coordinates: nearest emergency departments, 911 centres and "
                "police lines are not suggested."
            )
        if zip_info is not None:
            if region and zip_info.state != region:
                warnings.append(
                    f"ZIP code {zip_info.zip} is in {zip_info.state}, not {region}; "
                    "check the address."
                )
            region = region or zip_info.state
            county, county_fips = zip_info.county, zip_info.county_fips
            if lat is None or lon is None:
                lat, lon = zip_info.lat, zip_info.lon
        cities = [c for c in (city, zip_info.city if zip_info else "") if c]
        if lat is not None and lon is not None:
            eds = emergency_departments_for_place(lat, lon, 3)
            childrens = [
                f
                for f in nearest_emergency_departments(lat, lon, ED_SEARCH)
                if f.category == "childrens" and f.distance_km <= ranking.NEAR_KM
            ][:1]
            placed_police = ranking.place_police(
                law_enforcement_near(lat, lon, POLICE_SEARCH),
                cities=cities,
                county_fips=county_fips,
                kind_of=lambda a: a.kind,
                name_of=lambda a: a.name,
                city_of=lambda a: a.city,
                county_of=lambda a: a.county_fips,
            )
            police = [p.item for p in placed_police if p.in_area][:3]
            set_aside += [
                SetAside("police", p.item, p.reason) for p in placed_police if not p.in_area
            ][:3]
        if region and (county_fips or county):
            placed_psaps = ranking.place_psaps(
                psaps(region, county_fips or county),
                cities=cities,
                name_of=lambda p: p.name,
                city_of=lambda p: p.city,
            )
            psap_list = [p.item for p in placed_psaps if p.in_area]
            set_aside += [SetAside("psap", p.item, p.reason) for p in placed_psaps if not p.in_area]
    from safeplan.directory.selectors import local_entries_for_area

    entries = (
        local_entries_for_area(
            organisation,
            country=code,
            state=region,
            county=county,
            county_fips=county_fips,
            zip_code=zip_info.zip if zip_info else "",
        )
        if organisation is not None
        else []
    )
    return LocalResources(
        country=code,
        region=region,
        county=county,
        emergency_numbers=emergency_numbers(code),
        eds=eds,
        psaps=psap_list,
        police_candidates=police,
        org_local_entries=entries,
        crisis_lines=crisis_lines(code, language) if language else crisis_lines(code),
        county_fips=county_fips,
        postcode=postcode,
        zip=zip_info,
        lat=lat,
        lon=lon,
        primary_emergency_number=primary_emergency_number(code),
        warnings=tuple(warnings),
        childrens_eds=childrens,
        set_aside=set_aside,
    )

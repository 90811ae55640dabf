"""API schemas for the directory: every item carries its source label, date and status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from safeplan.directory.entities import (
    CONFIRM_BY_PHONE,
    Agency,
    CrisisLine,
    EmergencyNumber,
    Facility,
    LocalEntry,
    LocalResources,
    Psap,
    SourceInfo,
    ZipInfo,
)
from safeplan.directory.models import EntryKind, HowVerified
from safeplan.lib.validation import LongText, ShortText


class SourceOut(Schema):
    source: str
    source_url: str
    source_date: str
    status: str = Field(description="verified | unverified | historical")
    label: str


def source_out(source: SourceInfo) -> dict[str, Any]:
    return {
        "source": source.source,
        "source_url": source.source_url,
        "source_date": source.source_date,
        "status": source.status,
        "label": source.label,
    }


class EmergencyNumberOut(Schema):
    country: str
    service: str
    number: str
    description: str
    source: SourceOut


def emergency_number_out(n: EmergencyNumber) -> dict[str, Any]:
    return {
        "country": n.country,
        "service": n.service,
        "number": n.number,
        "description": n.description,
        "source": source_out(n.source),
    }


class EmergencyNumbersOut(Schema):
    country: str
    country_name: str
    primary: str | None
    items: list[EmergencyNumberOut]


class CrisisLineOut(Schema):
    country: str
    name: str
    category: str
    phone: str
    other_phones: list[str]
    sms: str
    chat_url: str
    website: str
    hours: str
    languages: list[str]
    cost: str
    notes: str
    historical: bool
    source: SourceOut


def crisis_line_out(line: CrisisLine) -> dict[str, Any]:
    return {
        "country": line.country,
        "name": line.name,
        "category": line.category,
        "phone": line.phone,
        "other_phones": list(line.other_phones),
        "sms": line.sms,
        "chat_url": line.chat_url,
        "website": line.website,
        "hours": line.hours,
        "languages": list(line.languages),
        "cost": line.cost,
        "notes": line.notes,
        "historical": line.historical,
        "source": source_out(line.source),
    }


class CrisisLinesOut(Schema):
    country: str
    language: str | None
    include_historical: bool
    items: list[CrisisLineOut]


class ZipOut(Schema):
    zip: str
    lat: float
    lon: float
    city: str
    state: str
    county: str
    county_fips: str
    timezone: str
    active: bool
    source: SourceOut | None


def zip_out(z: ZipInfo | None) -> dict[str, Any] | None:
    if z is None:
        return None
    return {
        "zip": z.zip,
        "lat": z.lat,
        "lon": z.lon,
        "city": z.city,
        "state": z.state,
        "county": z.county,
        "county_fips": z.county_fips,
        "timezone": z.timezone,
        "active": z.active,
        "source": source_out(z.source) if z.source else None,
    }


class FacilityOut(Schema):
    id: str = Field(description="CMS certification number")
    name: str
    address: str
    city: str
    state: str
    zip: str
    county: str
    phone: str
    lat: float
    lon: float
    trauma: str
    approximate_location: bool
    distance_km: float
    distance_miles: float
    source: SourceOut


def facility_out(f: Facility) -> dict[str, Any]:
    return {
        "id": f.id,
        "name": f.name,
        "address": f.address,
        "city": f.city,
        "state": f.state,
        "zip": f.zip,
        "county": f.county,
        "phone": f.phone,
        "lat": f.lat,
        "lon": f.lon,
        "trauma": f.trauma,
        "approximate_location": f.approximate_location,
        "distance_km": round(f.distance_km, 2),
        "distance_miles": round(f.distance_miles, 2),
        "source": source_out(f.source),
    }


class OriginOut(Schema):
    lat: float
    lon: float
    zip: ZipOut | None


class EmergencyDepartmentsOut(Schema):
    origin: OriginOut
    items: list[FacilityOut]


class PsapOut(Schema):
    id: str
    name: str
    state: str
    county: str
    county_fips: str
    city: str
    status: str = Field(description="active | secondary (orphaned PSAPs are never listed)")
    note: str
    candidate_phone: str | None
    candidate_agency: str
    candidate_status: str | None = Field(
        description='"unverified — confirm by phone" whenever there is a candidate phone'
    )
    candidate_source: SourceOut | None
    source: SourceOut


def psap_out(p: Psap) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "state": p.state,
        "county": p.county,
        "county_fips": p.county_fips,
        "city": p.city,
        "status": p.status,
        "note": p.note,
        "candidate_phone": p.candidate_phone,
        "candidate_agency": p.candidate_agency,
        "candidate_status": CONFIRM_BY_PHONE if p.candidate_phone else None,
        "candidate_source": source_out(p.candidate_source) if p.candidate_source else None,
        "source": source_out(p.source),
    }


class PsapsOut(Schema):
    state: str
    county: str | None
    items: list[PsapOut]


class AgencyOut(Schema):
    id: str
    name: str
    kind: str
    phone: str
    phone_status: str
    city: str
    state: str
    lat: float
    lon: float
    distance_km: float
    distance_miles: float
    source: SourceOut


def agency_out(a: Agency) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "kind": a.kind,
        "phone": a.phone,
        "phone_status": CONFIRM_BY_PHONE,
        "city": a.city,
        "state": a.state,
        "lat": a.lat,
        "lon": a.lon,
        "distance_km": round(a.distance_km, 2),
        "distance_miles": round(a.distance_miles, 2),
        "source": source_out(a.source),
    }


class LocalEntryOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    phone: str
    address: str
    notes: str
    country: str
    state: str
    county: str
    zips: list[str]
    verified: bool
    verified_by: str
    verified_at: dt.datetime | None
    how_verified: str
    demo: bool
    source: SourceOut


def local_entry_out(e: LocalEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "kind_label": e.kind_label,
        "name": e.name,
        "phone": e.phone,
        "address": e.address,
        "notes": e.notes,
        "country": e.country,
        "state": e.state,
        "county": e.county,
        "zips": list(e.zips),
        "verified": e.verified,
        "verified_by": e.verified_by,
        "verified_at": e.verified_at,
        "how_verified": e.how_verified,
        "demo": e.demo,
        "source": source_out(e.source),
    }


class LocalEntryDetailOut(LocalEntryOut):
    current: bool
    created_by: str
    created_at: dt.datetime
    supersedes_id: int | None
    superseded_by_id: int | None
    superseded_at: dt.datetime | None
    change_reason: str
    retired_at: dt.datetime | None
    retired_reason: str


class LocalEntryHistoryOut(Schema):
    entry: LocalEntryDetailOut
    history: list[LocalEntryDetailOut] = Field(description="the whole chain, newest first")


class LocalResourcesOut(Schema):
    country: str
    region: str
    county: str
    county_fips: str
    postcode: str
    zip: ZipOut | None
    lat: float | None
    lon: float | None
    primary_emergency_number: str | None
    emergency_numbers: list[EmergencyNumberOut]
    crisis_lines: list[CrisisLineOut]
    emergency_departments: list[FacilityOut]
    psaps: list[PsapOut]
    police_candidates: list[AgencyOut]
    org_local_entries: list[LocalEntryOut]
    warnings: list[str]


def local_resources_out(r: LocalResources) -> dict[str, Any]:
    return {
        "country": r.country,
        "region": r.region,
        "county": r.county,
        "county_fips": r.county_fips,
        "postcode": r.postcode,
        "zip": zip_out(r.zip),
        "lat": r.lat,
        "lon": r.lon,
        "primary_emergency_number": r.primary_emergency_number,
        "emergency_numbers": [emergency_number_out(n) for n in r.emergency_numbers],
        "crisis_lines": [crisis_line_out(c) for c in r.crisis_lines],
        "emergency_departments": [facility_out(f) for f in r.eds],
        "psaps": [psap_out(p) for p in r.psaps],
        "police_candidates": [agency_out(a) for a in r.police_candidates],
        "org_local_entries": [local_entry_out(e) for e in r.org_local_entries],
        "warnings": list(r.warnings),
    }


class LocalEntryIn(Schema):
    kind: EntryKind
    country: str = Field(min_length=2, max_length=2)
    state: str = Field(default="", max_length=10)
    county: ShortText = ""
    zips: list[str] = Field(default_factory=list, max_length=200)
    name: ShortText = Field(min_length=1)
    phone: str = Field(min_length=1, max_length=32)
    address: ShortText = ""
    notes: LongText = ""
    verified: bool = Field(
        default=False, description="true when you confirmed the number yourself (see how_verified)"
    )
    how_verified: HowVerified | None = None
    verified_at: dt.datetime | None = Field(
        default=None, description="when you confirmed it; defaults to now"
    )


class LocalEntryCorrectionIn(Schema):
    kind: EntryKind | None = None
    country: str | None = Field(default=None, min_length=2, max_length=2)
    state: str | None = Field(default=None, max_length=10)
    county: ShortText | None = None
    zips: list[str] | None = Field(default=None, max_length=200)
    name: ShortText | None = None
    phone: str | None = Field(default=None, max_length=32)
    address: ShortText | None = None
    notes: LongText | None = None
    verified: bool = False
    how_verified: HowVerified | None = None
    verified_at: dt.datetime | None = None
    reason: ShortText = Field(default="", description="why the entry is corrected")


class RetireIn(Schema):
    reason: ShortText = Field(min_length=1)

"""The directory's records: frozen dataclasses returned by ``safeplan.directory.lookups``.

Every record carries a ``SourceInfo`` (who published it, where, when, and whether it is verified), because
reference numbers are only shown with their source and date (PRODUCT.md, "Rules that are never bent";
clinical-rules.md §11: "store with source_url + last_verified").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from safeplan.directory.geo import km_to_miles
from safeplan.lib.citations import public_source

VERIFIED = "verified"
UNVERIFIED = "unverified"
HISTORICAL = "historical"
STATUSES = (VERIFIED, UNVERIFIED, HISTORICAL)
CONFIRM_BY_PHONE = "unverified — confirm by phone"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    source: str
    source_url: str
    source_date: str  # ISO date ("2026-02-06"); "" when the source gives none
    status: str  # verified | unverified | historical

    @property
    def publisher(self) -> str:
        """The source as a reader sees it: its publisher, without our file names, hashes or "via" chains
        (``source`` keeps the full provenance for PROVENANCE.md and the admin)."""
        return public_source(self.source)

    @property
    def label(self) -> str:
        """E.g. "FCC Master PSAP Registry v2.295, 2026-02-06 (unverified)"."""
        return f"{self.publisher}, {self.source_date or 'undated'} ({self.status})"

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    def age_days(self, today: dt.date) -> int | None:
        """Days since ``source_date``, or None when the source is undated."""
        try:
            return (today - dt.date.fromisoformat(self.source_date[:10])).days
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class EmergencyNumber:
    country: str
    service: str  # general | police | ambulance | fire | hazards | traffic | emergency_short_code
    number: str  # as dialled locally ("999", "10 111")
    description: str
    source: SourceInfo


@dataclass(frozen=True, slots=True)
class CrisisLine:
    country: str
    name: str
    phone: str  # E.164 or a local short code ("988", "116123"); "" for text/chat-only lines
    sms: str
    chat_url: str
    website: str
    hours: str
    languages: tuple[str, ...]  # ISO 639-1 codes, possibly with a region ("fr-CA"); () = not known
    category: str
    source: SourceInfo
    other_phones: tuple[str, ...] = ()
    cost: str = ""
    notes: str = ""

    @property
    def historical(self) -> bool:
        return self.source.status == HISTORICAL


@dataclass(frozen=True, slots=True)
class ZipInfo:
    zip: str
    lat: float
    lon: float
    city: str
    state: str
    county: str
    county_fips: str
    timezone: str
    active: bool = True
    source: SourceInfo | None = None


@dataclass(frozen=True, slots=True)
class Facility:
    id: str  # CMS certification number
    name: str
    address: str
    city: str
    state: str
    zip: str
    county: str
    phone: str  # E.164
    lat: float
    lon: float
    trauma: str  # HIFLD trauma level, "" when not known
    source: SourceInfo
    distance_km: float
    approximate_location: bool = False  # coordinates are the ZIP centroid
    category: str = "general"  # directory.ranking.hospital_category
    note: str = ""  # why a hospital other than a general one is offered (directory.ranking)

    @property
    def distance_miles(self) -> float:
        return km_to_miles(self.distance_km)


@dataclass(frozen=True, slots=True)
class Psap:
    id: str
    name: str
    state: str
    county: str
    city: str
    status: str  # active | secondary | orphaned
    candidate_phone: str | None  # an agency admin line matched by name; never a confirmed PSAP line
    source: SourceInfo
    county_fips: str = ""
    note: str = ""
    candidate_agency: str = ""
    candidate_source: SourceInfo | None = None

    @property
    def candidate_label(self) -> str:
        return CONFIRM_BY_PHONE


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    kind: str  # police | sheriff
    phone: str  # E.164 admin line: a *candidate* non-emergency number, unverified
    lat: float
    lon: float
    distance_km: float
    source: SourceInfo
    city: str = ""
    state: str = ""
    county_fips: str = ""

    @property
    def distance_miles(self) -> float:
        return km_to_miles(self.distance_km)

    @property
    def candidate_label(self) -> str:
        return CONFIRM_BY_PHONE


@dataclass(frozen=True, slots=True)
class SetAside:
    """A 911 centre or police agency near the place that does not answer for it, with the reason."""

    kind: str  # psap | police
    entry: Psap | Agency
    reason: str


@dataclass(frozen=True, slots=True)
class LocalEntry:
    """An organisation's own entry (e.g. the county mobile crisis team), as other apps see it."""

    id: int
    kind: str
    kind_label: str
    name: str
    phone: str  # E.164 or a local short code
    address: str
    notes: str
    country: str
    state: str
    county: str
    zips: tuple[str, ...]
    verified_by: str
    verified_at: dt.datetime | None
    how_verified: str
    source: SourceInfo
    demo: bool = False

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


@dataclass(frozen=True)
class LocalResources:
    """What helps at one place: everything telehealth needs to suggest a location's local numbers."""

    country: str
    region: str
    county: str
    emergency_numbers: list[EmergencyNumber]
    eds: list[Facility]
    psaps: list[Psap]
    police_candidates: list[Agency]
    org_local_entries: list[LocalEntry]
    crisis_lines: list[CrisisLine] = field(default_factory=list)
    county_fips: str = ""
    postcode: str = ""
    zip: ZipInfo | None = None
    lat: float | None = None
    lon: float | None = None
    primary_emergency_number: str | None = None
    warnings: tuple[str, ...] = ()
    # children's hospitals near the place: telehealth offers them for a minor (directory.ranking)
    childrens_eds: list[Facility] = field(default_factory=list)
    # agencies near the place outside its jurisdiction (directory.ranking.place_police / place_psaps)
    set_aside: list[SetAside] = field(default_factory=list)

    def local_entries_of(self, kind: str) -> list[LocalEntry]:
        return [e for e in self.org_local_entries if e.kind == kind]

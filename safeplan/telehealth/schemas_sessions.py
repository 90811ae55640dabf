"""API schemas for sessions, the start-of-session gate and the emergency card."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from safeplan.lib.validation import ShortText
from safeplan.telehealth.schemas import AddressIn


class LocationChoiceIn(Schema):
    """Either one of the client's usual locations or a new full address."""

    usual_location_id: int | None = None
    address: AddressIn | None = None


class PrivacyIn(Schema):
    alone: bool | None = None
    private_place: bool | None = None
    others_present: ShortText = ""


class SafeAdultIn(Schema):
    guardian_id: int | None = None
    status: Literal["present", "reachable"] | None = None


class GateIn(Schema):
    location: LocationChoiceIn | None = None
    callback_phone: str = Field(default="", max_length=32)
    privacy: PrivacyIn | None = None
    safe_adult: SafeAdultIn | None = None
    excluded_person_present: bool | None = None


class SessionCreateIn(GateIn):
    start: bool = Field(
        default=True,
        description="Start now (the gate answers are required); false schedules the session",
    )
    scheduled_for: dt.datetime | None = None


class SessionLocationIn(LocationChoiceIn):
    """A minor passes the minor gate again at the new place: give the safe adult (and, when excluded persons
    are recorded, whether one is present)."""

    safe_adult: SafeAdultIn | None = None
    excluded_person_present: bool | None = None


class SessionLocationOut(Schema):
    usual_location_id: int | None
    kind: str
    address: dict[str, str]
    confirmed_at: dt.datetime | None
    confirmed_by: str


class PrivacyOut(Schema):
    alone: bool | None
    private_place: bool | None
    others_present: str
    checked_at: dt.datetime | None


class SafeAdultOut(Schema):
    guardian_id: int | None
    status: str
    confirmed_at: dt.datetime | None


class CheckOut(Schema):
    item: str
    recorded_at: dt.datetime
    recorded_by: str


class SessionOut(Schema):
    id: int
    client_id: int
    clinician_id: int
    clinician_name: str
    status: str
    scheduled_for: dt.datetime | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    location: SessionLocationOut | None
    jurisdiction: str
    jurisdiction_warning: str
    callback_phone: str
    callback_confirmed_at: dt.datetime | None
    privacy: PrivacyOut
    is_minor: bool | None
    minor_age_threshold: int | None
    safe_adult: SafeAdultOut | None
    excluded_person_present: bool | None
    checks: list[CheckOut] = []


# --- the emergency card -----------------------------------------------------------------------------


class CardClientOut(Schema):
    id: int
    record_number: str
    display_name: str
    time_zone: str
    preferred_language: str


class CardLocationOut(Schema):
    location_id: int
    kind: str
    kind_label: str
    label: str
    lines: list[str]
    landmarks: str
    jurisdiction: str
    confirmed_at: dt.datetime | None
    confirmed_by: str
    confirmed_for_session: bool


class CardNumberOut(Schema):
    resource_id: int
    kind: str
    kind_label: str
    name: str
    number: str
    display: str
    address: str
    distance_km: float | None
    source_label: str
    source_status: str
    confirmed: bool
    confirmed_by: str
    confirmed_at: dt.datetime | None
    confirmed_how: str
    note: str


class CardPersonOut(Schema):
    id: int
    name: str
    relationship: str
    phone: str
    alt_phone: str
    lives_nearby: bool
    can_attend_in_person: bool
    consent_status: str
    consent_scope: str
    consent_expires_on: dt.date | None


class CardAdultOut(Schema):
    id: int
    name: str
    relationship: str
    display: str
    is_legal_guardian: bool
    is_safe_adult: bool
    confirmed_status: str


class CardBackupOut(Schema):
    backup_phone: str
    platform: str
    link: str
    who_calls_whom: str
    clinic_phone: str
    retry_video_seconds: int
    call_backup_within_seconds: int
    escalate_when_at_risk_after_seconds: int
    if_cannot_reconnect: str
    recorded: bool


class CardCrisisLineOut(Schema):
    name: str
    phone: str
    sms: str
    chat_url: str
    hours: str
    languages: list[str]
    source_label: str
    source_status: str


class CardRiskOut(Schema):
    level: Literal["none", "low", "moderate", "high"]
    set_at: dt.datetime | None
    set_by: str


class EmergencyCardOut(Schema):
    client: CardClientOut
    session: SessionOut | None
    location: CardLocationOut | None
    local_numbers: list[CardNumberOut]
    numbers_without_number: list[CardNumberOut]
    numbers_other_area: list[CardNumberOut]
    nearest_eds: list[CardNumberOut]
    support_persons: list[CardPersonOut]
    support_persons_without_consent: list[CardPersonOut]
    safe_adults: list[CardAdultOut]
    excluded_persons: list[str]
    backup_plan: CardBackupOut
    crisis_lines: list[CardCrisisLineOut]
    client_emergency_numbers: list[str]
    risk: CardRiskOut
    is_minor: bool
    no_support_person_reason: str
    client_local_dial_note: str
    welfare_check_step: str
    warnings: list[str]
    generated_at: dt.datetime

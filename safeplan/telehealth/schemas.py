"""API schemas for the emergency profile (inputs and outputs). Session and card schemas: ``schemas_sessions``.

Inputs use the shared text types (no control characters, bounded length); deeper checks (a full address,
phones that parse for the place's country, consent dates not in the future) are the services' job, so the
API and the pages refuse the same things with the same field names.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from safeplan.lib.validation import LongText, Name, ShortText

Kind = Literal["home", "work", "school", "other"]


class AddressIn(Schema):
    street: ShortText = ""
    unit: ShortText = ""
    city: ShortText = ""
    region: str = Field(default="", max_length=10)
    postcode: str = Field(default="", max_length=12)
    country: str = Field(default="", max_length=2)
    landmarks: LongText = ""


class LocationIn(AddressIn):
    kind: Kind
    label: ShortText = ""
    phone: str = Field(default="", max_length=32)


class LocationPatch(Schema):
    kind: Kind | None = None
    label: ShortText | None = None
    phone: str | None = Field(default=None, max_length=32)
    street: ShortText | None = None
    unit: ShortText | None = None
    city: ShortText | None = None
    region: str | None = Field(default=None, max_length=10)
    postcode: str | None = Field(default=None, max_length=12)
    country: str | None = Field(default=None, max_length=2)
    landmarks: LongText | None = None


class ResourceOut(Schema):
    id: int
    kind: str
    name: str
    phone: str
    address: str
    distance_km: float | None
    source_label: str
    source_status: str
    status: str
    confirmed_by: str
    confirmed_at: dt.datetime | None
    confirmation_method: str
    confirmation_note: str

    @staticmethod
    def resolve_confirmed_by(obj: object) -> str:
        user = getattr(obj, "confirmed_by", None)
        return user.label if user else ""


class LocationOut(Schema):
    id: int
    kind: str
    label: str
    street: str
    unit: str
    city: str
    region: str
    postcode: str
    country: str
    landmarks: str
    phone: str
    county: str
    jurisdiction: str
    resolved_at: dt.datetime | None
    resources: list[ResourceOut] = []


class ResourceIn(Schema):
    kind: Literal[
        "psap",
        "police",
        "mobile_crisis",
        "emergency_department",
        "urgent_care",
        "fire",
        "local_crisis_line",
        "emergency_services",
        "other",
    ]
    name: Name
    phone: str = Field(max_length=32)
    address: ShortText = ""
    method: Literal["", "called", "official_source", "organisation_list", "other"] = ""
    note: ShortText = ""


class ConfirmIn(Schema):
    method: Literal["called", "official_source", "organisation_list", "other"]
    note: ShortText = ""
    phone: str = Field(default="", max_length=32, description="A corrected number, if any")


class ConsentIn(Schema):
    scope: Literal["emergency", "safety_plan", "care_coordination"]
    scope_detail: ShortText = ""
    signed_on: dt.date
    expires_on: dt.date | None = None


class ConsentOut(Schema):
    id: int
    scope: str
    scope_detail: str
    signed_on: dt.date
    expires_on: dt.date | None
    revoked_at: dt.datetime | None


class SupportPersonIn(Schema):
    name: Name
    relationship: Name
    phone: str = Field(max_length=32)
    alt_phone: str = Field(default="", max_length=32)
    lives_nearby: bool = False
    can_attend_in_person: bool = False
    notes: LongText = ""
    consent: ConsentIn | None = None


class SupportPersonPatch(Schema):
    name: Name | None = None
    relationship: Name | None = None
    phone: str | None = Field(default=None, max_length=32)
    alt_phone: str | None = Field(default=None, max_length=32)
    lives_nearby: bool | None = None
    can_attend_in_person: bool | None = None
    notes: LongText | None = None


class SupportPersonOut(Schema):
    id: int
    name: str
    relationship: str
    phone: str
    alt_phone: str
    lives_nearby: bool
    can_attend_in_person: bool
    notes: str
    consent: ConsentOut | None
    consent_status: str


class ProviderIn(Schema):
    name: Name
    role: Name
    organisation_name: ShortText = ""
    phone: str = Field(default="", max_length=32)
    consent: ConsentIn | None = None


class ProviderPatch(Schema):
    name: Name | None = None
    role: Name | None = None
    organisation_name: ShortText | None = None
    phone: str | None = Field(default=None, max_length=32)


class ProviderOut(Schema):
    id: int
    name: str
    role: str
    organisation_name: str
    phone: str
    consent: ConsentOut | None
    consent_status: str


class GuardianIn(Schema):
    name: Name
    relationship: Name
    phone: str = Field(max_length=32)
    alt_phone: str = Field(default="", max_length=32)
    is_legal_guardian: bool = False
    is_safe_adult: bool = False
    lives_with_client: bool = False
    authority_note: LongText = ""


class GuardianPatch(Schema):
    name: Name | None = None
    relationship: Name | None = None
    phone: str | None = Field(default=None, max_length=32)
    alt_phone: str | None = Field(default=None, max_length=32)
    is_legal_guardian: bool | None = None
    is_safe_adult: bool | None = None
    lives_with_client: bool | None = None
    authority_note: LongText | None = None


class GuardianOut(Schema):
    id: int
    name: str
    relationship: str
    phone: str
    alt_phone: str
    is_legal_guardian: bool
    is_safe_adult: bool
    lives_with_client: bool
    authority_note: str


class ExcludedIn(Schema):
    name: Name
    relationship: ShortText = ""
    reason: LongText = ""


class ExcludedOut(Schema):
    id: int
    name: str
    relationship: str
    reason: str


class BackupPlanIn(Schema):
    backup_phone: str = Field(max_length=32)
    backup_platform: ShortText = ""
    backup_link: str = Field(default="", max_length=500)
    who_calls_whom: Literal["clinician_calls_client", "client_calls_clinician"] = (
        "clinician_calls_client"
    )
    clinic_phone: str = Field(default="", max_length=32)
    retry_video_seconds: int | None = None
    call_backup_within_seconds: int | None = None
    escalate_when_at_risk_after_seconds: int | None = None
    if_cannot_reconnect: LongText


class BackupPlanOut(Schema):
    id: int
    backup_phone: str
    backup_platform: str
    backup_link: str
    who_calls_whom: str
    clinic_phone: str
    retry_video_seconds: int
    call_backup_within_seconds: int
    escalate_when_at_risk_after_seconds: int
    if_cannot_reconnect: str
    created_at: dt.datetime


class HourWindow(Schema):
    day: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")
    start: str = Field(pattern=r"^\d{2}:\d{2}$")
    end: str = Field(pattern=r"^\d{2}:\d{2}$")


class ChannelPromise(Schema):
    channel: Literal["secure_message", "phone", "sms", "email", "video"]
    response_hours: int = Field(ge=1, le=336)


class BoundariesIn(Schema):
    clinician_id: int | None = None
    hours: list[HourWindow] = Field(max_length=28)
    channels: list[ChannelPromise] = Field(min_length=1, max_length=5)
    after_hours_instructions: LongText
    agreed_on: dt.date | None = None


class ClientWindow(Schema):
    start: dt.datetime
    end: dt.datetime


class BoundariesOut(Schema):
    id: int
    clinician_id: int
    clinician_name: str
    clinician_time_zone: str
    hours: list[HourWindow]
    channels: list[ChannelPromise]
    after_hours_instructions: str
    agreed_on: dt.date | None
    client_time_zone: str
    hours_in_client_time: list[ClientWindow]


class ProfilePatch(Schema):
    no_support_person_reason: LongText = ""


class ProfileOut(Schema):
    client_id: int
    age: int
    is_minor: bool
    minor_age_threshold: int
    locations: list[LocationOut]
    support_persons: list[SupportPersonOut]
    providers: list[ProviderOut]
    guardians: list[GuardianOut]
    excluded_persons: list[ExcludedOut]
    backup_plan: BackupPlanOut | None
    boundaries: BoundariesOut | None
    no_support_person_reason: str
    missing: list[str]

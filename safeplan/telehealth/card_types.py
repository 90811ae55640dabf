"""The emergency card's data: the facts one read gathers (``CardFacts``) and the card built from them
(``EmergencyCard`` and its parts). Plain dataclasses, built by keyword; see ``card.py`` (selector) and
``card_build.py`` (pure builder)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class CardLocation:
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


@dataclass(frozen=True)
class CardNumber:
    resource_id: int
    kind: str
    kind_label: str
    name: str
    number: str
    display: str
    tel: str
    address: str
    distance_km: float | None
    source_label: str
    source_status: str
    confirmed: bool
    confirmed_by: str
    confirmed_at: dt.datetime | None
    confirmed_how: str
    note: str = ""  # why it is set aside, or what kind of hospital it is (directory.ranking)


@dataclass(frozen=True)
class CardPerson:
    id: int
    name: str
    relationship: str
    phone: str
    display: str
    tel: str
    alt_phone: str
    lives_nearby: bool
    can_attend_in_person: bool
    consent_status: str
    consent_scope: str
    consent_expires_on: dt.date | None


@dataclass(frozen=True)
class CardAdult:
    id: int
    name: str
    relationship: str
    display: str
    tel: str
    is_legal_guardian: bool
    is_safe_adult: bool
    confirmed_status: str  # "present" / "reachable" for this session's safe adult, else ""


@dataclass(frozen=True)
class CardBackup:
    backup_phone: str
    display: str
    tel: str
    platform: str
    link: str
    who_calls_whom: str
    who_calls_whom_label: str
    clinic_phone: str
    retry_video_seconds: int
    call_backup_within_seconds: int
    escalate_when_at_risk_after_seconds: int
    if_cannot_reconnect: str
    recorded: bool  # False: no plan on record, the organisation's default timers are shown


@dataclass(frozen=True)
class CardCrisisLine:
    name: str
    phone: str
    sms: str
    chat_url: str
    hours: str
    languages: tuple[str, ...]
    source_label: str
    source_status: str


@dataclass(frozen=True)
class CardFacts:
    """Everything one card read needs, gathered by ``card.card_facts`` (the only part that queries).

    Model rows are passed as loaded (their related rows already selected); the directory parts are the
    in-memory reference entries. Nothing here is audited: the caller records the read.
    """

    client: Any
    session: Any  # TelehealthSession | None
    location: Any  # UsualLocation | None: the session's location, else the client's usual one
    country: str
    country_name: str
    resources: list[Any]  # LocationResource rows, suggested or confirmed
    people: list[tuple[Any, str]]  # (SupportPerson, consent state)
    is_minor: bool
    guardians: list[Any]
    excluded_names: list[str]
    risk: Any  # risk.selectors.RiskSummary | None
    backup_plan: Any  # TechnologyBackupPlan | None
    default_timers: dict[str, int]
    no_support_person_reason: str
    crisis_lines: list[Any]  # directory CrisisLine
    emergency_numbers: list[Any]  # directory EmergencyNumber
    primary_emergency_number: str | None
    now: dt.datetime


@dataclass
class EmergencyCard:
    client: Any
    session: Any
    location: CardLocation | None
    local_numbers: list[CardNumber]  # usable: a number on record, answering for the place
    nearest_eds: list[CardNumber]
    support_persons: list[CardPerson]
    support_persons_without_consent: list[CardPerson]
    safe_adults: list[CardAdult]
    excluded_persons: list[str]
    backup_plan: CardBackup
    crisis_lines: list[CardCrisisLine]
    client_emergency_numbers: list[str]
    risk_level: str
    risk_set_at: dt.datetime | None
    risk_set_by: str
    is_minor: bool
    no_support_person_reason: str
    client_local_dial_note: str
    welfare_check_step: str = ""  # the lost-connection escalation, in the client's country's words
    numbers_without_number: list[CardNumber] = field(default_factory=list)  # folded: not usable
    numbers_other_area: list[CardNumber] = field(default_factory=list)  # folded, with the reason
    warnings: list[str] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)

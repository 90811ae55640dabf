"""The emergency card: one screen with what a clinician needs when a session goes wrong (issue 4;
clinical-rules.md §1.1, §1.3, §9, §10.5).

It shows the location confirmed for the session, the numbers that reach help *there* (each with its source
and whether, by whom, when and how it was confirmed), the nearest emergency departments, the consented
support persons (and, for a minor, the safe adults), the technology backup plan, the client's crisis lines
and the current risk level, plus warnings. It never offers the clinician a short emergency code to dial
(§10.5: 911 from the clinician's phone reaches the clinician's own 911 centre); ``tel`` is only set for full
numbers. It is read on the crisis path: a handful of indexed queries, no directory lookups beyond the
in-memory crisis lines and emergency numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.directory import lookups
from safeplan.lib.validation import display_phone
from safeplan.telehealth import selectors as sel
from safeplan.telehealth.models import (
    RESOURCE_ORDER,
    ConfirmationMethod,
    ConsentScope,
    ExcludedPerson,
    Guardian,
    LocationKind,
    ResourceKind,
    SessionStatus,
    TelehealthSession,
    UsualLocation,
    WhoCalls,
)
from safeplan.telehealth.models.profile import address_lines
from safeplan.telehealth.services.agreements import timer_defaults

FACILITY_KINDS = (ResourceKind.EMERGENCY_DEPARTMENT, ResourceKind.URGENT_CARE)
CLIENT_DIALS = ("general", "police", "ambulance", "fire")


def staff_tel(number: str) -> str:
    """A ``tel:`` target for the clinician's screen: full international numbers only, never a short code
    such as 911, 112, 999 or 000 (those would reach the clinician's own emergency service)."""
    digits = re.sub(r"\D", "", number or "")
    if not number.startswith("+") or len(digits) < 8:
        return ""
    return "+" + digits


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


@dataclass
class EmergencyCard:
    client: Any
    session: TelehealthSession | None
    location: CardLocation | None
    local_numbers: list[CardNumber]
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
    warnings: list[str] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)


def _location(
    session: TelehealthSession | None, fallback: UsualLocation | None
) -> CardLocation | None:
    if session is not None and session.location is not None:
        loc = session.location
        snapshot = session.location_snapshot or loc.as_address()
        by = session.location_confirmed_by.label if session.location_confirmed_by else ""
        return CardLocation(
            loc.pk,
            loc.kind,
            LocationKind(loc.kind).label,
            loc.label,
            address_lines(snapshot),
            snapshot.get("landmarks", ""),
            loc.jurisdiction,
            session.location_confirmed_at,
            by,
            True,
        )
    if fallback is None:
        return None
    return CardLocation(
        fallback.pk,
        fallback.kind,
        LocationKind(fallback.kind).label,
        fallback.label,
        fallback.address_lines(),
        fallback.landmarks,
        fallback.jurisdiction,
        None,
        "",
        False,
    )


def _number(resource: Any) -> CardNumber:
    how = (
        ConfirmationMethod(resource.confirmation_method).label
        if resource.confirmation_method
        else ""
    )
    return CardNumber(
        resource.pk,
        resource.kind,
        ResourceKind(resource.kind).label,
        resource.name,
        resource.phone,
        display_phone(resource.phone) if resource.phone else "",
        staff_tel(resource.phone),
        resource.address,
        resource.distance_km,
        resource.source_label,
        resource.source_status,
        resource.is_confirmed,
        resource.confirmed_by.label if resource.confirmed_by else "",
        resource.confirmed_at,
        how,
    )


def _person(row: Any, status: str) -> CardPerson:
    consent = row.consent
    return CardPerson(
        row.pk,
        row.name,
        row.relationship,
        row.phone,
        display_phone(row.phone),
        staff_tel(row.phone),
        display_phone(row.alt_phone) if row.alt_phone else "",
        row.lives_nearby,
        row.can_attend_in_person,
        status,
        ConsentScope(consent.scope).label if consent and status == "active" else "",
        consent.expires_on if consent else None,
    )


def _backup(client: Any) -> CardBackup:
    plan = sel.current_backup_plan(client, for_card=True)
    if plan is None:
        timers = timer_defaults(client.organisation)
        return CardBackup(
            client.phone,
            display_phone(client.phone) if client.phone else "",
            staff_tel(client.phone),
            "",
            "",
            WhoCalls.CLINICIAN_CALLS_CLIENT,
            WhoCalls.CLINICIAN_CALLS_CLIENT.label,
            "",
            if_cannot_reconnect="",
            recorded=False,
            **timers,
        )
    return CardBackup(
        plan.backup_phone,
        display_phone(plan.backup_phone),
        staff_tel(plan.backup_phone),
        plan.backup_platform,
        plan.backup_link,
        plan.who_calls_whom,
        WhoCalls(plan.who_calls_whom).label,
        plan.clinic_phone,
        plan.retry_video_seconds,
        plan.call_backup_within_seconds,
        plan.escalate_when_at_risk_after_seconds,
        plan.if_cannot_reconnect,
        True,
    )


def _crisis_lines(country: str, language: str) -> list[CardCrisisLine]:
    try:
        lines = lookups.crisis_lines(country, language or None)
    except ValueError:
        lines = lookups.crisis_lines(country)
    return [
        CardCrisisLine(
            line.name,
            line.phone,
            line.sms,
            line.chat_url,
            line.hours,
            line.languages,
            line.source.label,
            line.source.status,
        )
        for line in lines
    ]


def _client_dials(country: str) -> list[str]:
    numbers: list[str] = []
    for entry in lookups.emergency_numbers(country):
        if entry.service in CLIENT_DIALS and entry.number not in numbers:
            numbers.append(entry.number)
    primary = lookups.primary_emergency_number(country)
    if primary and primary in numbers:
        numbers.remove(primary)
        numbers.insert(0, primary)
    return numbers


def dial_note(country: str, numbers: list[str]) -> str:
    """Why the clinician dials the numbers on the card and not their own emergency number (§10.5)."""
    if not numbers:
        return (
            "Your own emergency number reaches the emergency service where you are, not where the client "
            "is. Use the client-local numbers on this card."
        )
    codes = " or ".join(numbers)
    return (
        f"Dialling {codes} from your own phone reaches the emergency service where you are, not where the "
        f"client is. To send help to the client, use the client-local numbers on this card; the client "
        f"can dial {codes} from their own phone in {country}."
    )


def _session(client: Any, session: TelehealthSession | int | None) -> TelehealthSession | None:
    if session is None:
        return sel.latest_session(client, for_card=True)
    session_id = session.pk if isinstance(session, TelehealthSession) else int(session)
    found = sel.session_of_client(client, session_id, for_card=True)
    if found is None:
        raise Http404("Not found")
    return found


def emergency_card(
    user: Any, client: Any, *, session: TelehealthSession | int | None = None
) -> EmergencyCard:
    """The emergency card of ``session`` (or the latest session); records the read."""
    current = _session(client, session)
    location_row = (
        current.location if current and current.location else sel.primary_location(client)
    )
    location = _location(current, location_row)
    country = location_row.country if location_row else client.country
    resources = sel.card_resources(location_row.pk) if location_row else []
    order: dict[str, int] = {str(kind): i for i, kind in enumerate(RESOURCE_ORDER)}
    resources.sort(key=lambda r: (order.get(r.kind, 99), not r.is_confirmed, r.rank, r.pk))
    local = [_number(r) for r in resources if r.kind not in FACILITY_KINDS]
    eds = [_number(r) for r in resources if r.kind in FACILITY_KINDS]
    people = [(p, sel.consent_state(p, client)) for p in sel.support_persons(client, for_card=True)]
    minor = (
        current.is_minor
        if current is not None and current.is_minor is not None
        else sel.minor_status(client, location_row.jurisdiction if location_row else None).is_minor
    )
    adults: list[CardAdult] = []
    excluded: list[str] = []
    if minor:
        confirmed = current.safe_adult_id if current else None
        for g in Guardian.objects.filter(client_id=client.pk, archived_at__isnull=True).order_by(
            "id"
        ):
            adults.append(
                CardAdult(
                    g.pk,
                    g.name,
                    g.relationship,
                    display_phone(g.phone),
                    staff_tel(g.phone),
                    g.is_legal_guardian,
                    g.is_safe_adult,
                    current.safe_adult_status if current and g.pk == confirmed else "",
                )
            )
        excluded = [
            p.name
            for p in ExcludedPerson.objects.filter(client_id=client.pk, archived_at__isnull=True)
        ]
    from safeplan.risk.selectors import current_risk_summary

    flag = current_risk_summary(client)
    reason = ""
    if not any(status == "active" for _, status in people):
        reason = (
            client.emergency_profile.no_support_person_reason
            if hasattr(client, "emergency_profile")
            else ""
        )
    dials = _client_dials(country)
    card = EmergencyCard(
        client=client,
        session=current,
        location=location,
        local_numbers=local,
        nearest_eds=eds,
        support_persons=[_person(p, s) for p, s in people if s == "active"],
        support_persons_without_consent=[_person(p, s) for p, s in people if s != "active"],
        safe_adults=adults,
        excluded_persons=excluded,
        backup_plan=_backup(client),
        crisis_lines=_crisis_lines(country, client.preferred_language),
        client_emergency_numbers=dials,
        risk_level=flag.level if flag else "none",
        risk_set_at=flag.set_at if flag else None,
        risk_set_by=flag.set_by if flag else "",
        is_minor=minor,
        no_support_person_reason=reason,
        client_local_dial_note=dial_note(country, dials),
    )
    card.warnings = _warnings(card, current, location_row)
    audit.record(
        actor=user,
        action="emergency_card.viewed",
        client=client,
        target=current,
        target_type="telehealthsession" if current else "",
        details={
            "session_id": current.pk if current else None,
            "warnings": len(card.warnings),
        },
    )
    return card


def _warnings(
    card: EmergencyCard, session: TelehealthSession | None, location: UsualLocation | None
) -> list[str]:
    warnings: list[str] = []
    if session is not None and session.jurisdiction_warning:
        warnings.append(session.jurisdiction_warning)
    if session is None or session.status == SessionStatus.SCHEDULED:
        warnings.append(
            "No session has started: the location shown is the client's usual place, not where they "
            "are today. Run the start-of-session check."
            if location
            else "No session has started and no location is on record: ask where the client is now."
        )
    elif session.status == SessionStatus.ENDED:
        warnings.append(
            "This session has ended: confirm the client's location again at the next session."
        )
    if (
        session is not None
        and session.location is not None
        and session.location_snapshot
        and session.location_snapshot != session.location.as_address()
    ):
        warnings.append(
            "The address was edited after it was confirmed for this session: confirm it again."
        )
    if location is not None:
        if not any(n.confirmed for n in card.local_numbers):
            warnings.append(
                "No local emergency number for this place is confirmed yet: confirm one by phone "
                "before relying on it."
            )
        if not any(n.tel for n in card.local_numbers):
            warnings.append(
                "No direct number for the emergency services where the client is is on record: add "
                "the local 911 centre's or police station's full number."
            )
    if session is not None and session.privacy_private_place is False:
        warnings.append("The client is not in a private place.")
    if not card.support_persons:
        warnings.append(
            "No support person with consent in force."
            + (" Reason recorded." if card.no_support_person_reason else " No reason recorded.")
        )
    if card.is_minor and not any(a.is_safe_adult for a in card.safe_adults):
        warnings.append("The client is a minor and no safe adult is recorded.")
    if not card.backup_plan.recorded:
        warnings.append(
            "No technology backup plan is recorded: the organisation's default timers and the "
            "client's phone are shown."
        )
    return warnings

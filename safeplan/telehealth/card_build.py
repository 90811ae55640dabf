"""Build the emergency card from its facts: rank what can be used, fold what cannot, word the warnings
(issue 4 and 11; clinical-rules.md §1.1, §1.3, §9, §10.5).

Pure: no queries and no audit (``card.card_facts`` gathers the facts, ``card.emergency_card`` records the
read), so the same facts always give the same card and a cache may keep the facts.

Ranking of "help where the client is":
- usable numbers first, confirmed before unconfirmed, then by kind (911 centre, direct line, police,
  mobile crisis …) and the directory's rank;
- an entry with no number on record is folded under "not usable: no number on record";
- a 911 centre or police agency that does not answer for the place (another city or county, a county
  sheriff where the city has police, a state-police centre) is folded with the reason;
- emergency departments are the general acute-care hospitals the directory chose, nearest first, each with
  its distance; a children's hospital is shown only for a minor.

It never offers the clinician a short emergency code to dial (§10.5: 911 from the clinician's phone
reaches the clinician's own 911 centre); ``tel`` is only set for full numbers.
"""

from __future__ import annotations

import re
from typing import Any

from safeplan.lib.citations import public_source
from safeplan.lib.validation import display_phone
from safeplan.telehealth.card_types import (
    CardAdult,
    CardBackup,
    CardCrisisLine,
    CardFacts,
    CardLocation,
    CardNumber,
    CardPerson,
    EmergencyCard,
)
from safeplan.telehealth.models import (
    RESOURCE_ORDER,
    ConfirmationMethod,
    ConsentScope,
    LocationKind,
    ResourceFit,
    ResourceKind,
    SessionStatus,
    WhoCalls,
)
from safeplan.telehealth.models.profile import address_lines

FACILITY_KINDS = (ResourceKind.EMERGENCY_DEPARTMENT, ResourceKind.URGENT_CARE)
CLIENT_DIALS = ("general", "police", "ambulance", "fire")
_ORDER: dict[str, int] = {str(kind): i for i, kind in enumerate(RESOURCE_ORDER)}


def staff_tel(number: str) -> str:
    """A ``tel:`` target for the clinician's screen: full international numbers only, never a short code
    such as 911, 112, 999 or 000 (those would reach the clinician's own emergency service)."""
    digits = re.sub(r"\D", "", number or "")
    if not number.startswith("+") or len(digits) < 8:
        return ""
    return "+" + digits


def card_location(session: Any, fallback: Any) -> CardLocation | None:
    if session is not None and session.location is not None:
        loc = session.location
        snapshot = session.location_snapshot or loc.as_address()
        by = session.location_confirmed_by.label if session.location_confirmed_by else ""
        return CardLocation(
            location_id=loc.pk,
            kind=loc.kind,
            kind_label=LocationKind(loc.kind).label,
            label=loc.label,
            lines=address_lines(snapshot),
            landmarks=snapshot.get("landmarks", ""),
            jurisdiction=loc.jurisdiction,
            confirmed_at=session.location_confirmed_at,
            confirmed_by=by,
            confirmed_for_session=True,
        )
    if fallback is None:
        return None
    return CardLocation(
        location_id=fallback.pk,
        kind=fallback.kind,
        kind_label=LocationKind(fallback.kind).label,
        label=fallback.label,
        lines=fallback.address_lines(),
        landmarks=fallback.landmarks,
        jurisdiction=fallback.jurisdiction,
        confirmed_at=None,
        confirmed_by="",
        confirmed_for_session=False,
    )


def card_number(resource: Any) -> CardNumber:
    how = (
        ConfirmationMethod(resource.confirmation_method).label
        if resource.confirmation_method
        else ""
    )
    note = resource.fit_note
    if not note and resource.fit == ResourceFit.CHILDRENS:
        note = ResourceFit.CHILDRENS.label
    return CardNumber(
        resource_id=resource.pk,
        kind=resource.kind,
        kind_label=ResourceKind(resource.kind).label,
        name=resource.name,
        number=resource.phone,
        display=display_phone(resource.phone) if resource.phone else "",
        tel=staff_tel(resource.phone),
        address=resource.address,
        distance_km=resource.distance_km,
        source_label=public_source(resource.source_label),
        source_status=resource.source_status,
        confirmed=resource.is_confirmed,
        confirmed_by=resource.confirmed_by.label if resource.confirmed_by else "",
        confirmed_at=resource.confirmed_at,
        confirmed_how=how,
        note=note,
    )


def rank_resources(
    resources: list[Any], *, is_minor: bool
) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """(usable numbers, numbers with no number on record, numbers outside the area, emergency departments).

    A clinician's confirmation overrides the directory's "outside the area": they checked it answers.
    """
    ordered = sorted(
        resources, key=lambda r: (not r.is_confirmed, _ORDER.get(r.kind, 99), r.rank, r.pk)
    )
    usable: list[Any] = []
    no_number: list[Any] = []
    elsewhere: list[Any] = []
    eds: list[Any] = []
    for r in ordered:
        if r.kind in FACILITY_KINDS:
            if r.fit != ResourceFit.CHILDRENS or is_minor or r.is_confirmed:
                eds.append(r)
        elif r.fit == ResourceFit.OTHER_AREA and not r.is_confirmed:
            elsewhere.append(r)
        elif not r.phone:
            no_number.append(r)
        else:
            usable.append(r)
    eds.sort(key=lambda r: (not r.is_confirmed, r.distance_km is None, r.distance_km or 0.0, r.pk))
    return usable, no_number, elsewhere, eds


def card_person(row: Any, status: str) -> CardPerson:
    consent = row.consent
    return CardPerson(
        id=row.pk,
        name=row.name,
        relationship=row.relationship,
        phone=row.phone,
        display=display_phone(row.phone),
        tel=staff_tel(row.phone),
        alt_phone=display_phone(row.alt_phone) if row.alt_phone else "",
        lives_nearby=row.lives_nearby,
        can_attend_in_person=row.can_attend_in_person,
        consent_status=status,
        consent_scope=ConsentScope(consent.scope).label if consent and status == "active" else "",
        consent_expires_on=consent.expires_on if consent else None,
    )


def card_backup(client: Any, plan: Any, default_timers: dict[str, int]) -> CardBackup:
    if plan is None:
        return CardBackup(
            backup_phone=client.phone,
            display=display_phone(client.phone) if client.phone else "",
            tel=staff_tel(client.phone),
            platform="",
            link="",
            who_calls_whom=WhoCalls.CLINICIAN_CALLS_CLIENT,
            who_calls_whom_label=WhoCalls.CLINICIAN_CALLS_CLIENT.label,
            clinic_phone="",
            if_cannot_reconnect="",
            recorded=False,
            **default_timers,
        )
    return CardBackup(
        backup_phone=plan.backup_phone,
        display=display_phone(plan.backup_phone),
        tel=staff_tel(plan.backup_phone),
        platform=plan.backup_platform,
        link=plan.backup_link,
        who_calls_whom=plan.who_calls_whom,
        who_calls_whom_label=WhoCalls(plan.who_calls_whom).label,
        clinic_phone=plan.clinic_phone,
        retry_video_seconds=plan.retry_video_seconds,
        call_backup_within_seconds=plan.call_backup_within_seconds,
        escalate_when_at_risk_after_seconds=plan.escalate_when_at_risk_after_seconds,
        if_cannot_reconnect=plan.if_cannot_reconnect,
        recorded=True,
    )


def card_crisis_lines(lines: list[Any]) -> list[CardCrisisLine]:
    return [
        CardCrisisLine(
            name=line.name,
            phone=line.phone,
            sms=line.sms,
            chat_url=line.chat_url,
            hours=line.hours,
            languages=line.languages,
            source_label=line.source.label,
            source_status=line.source.status,
        )
        for line in lines
    ]


def client_dials(emergency_numbers: list[Any], primary: str | None) -> list[str]:
    """The emergency numbers the client can dial from their own phone, the country's primary first."""
    numbers: list[str] = []
    for entry in emergency_numbers:
        if entry.service in CLIENT_DIALS and entry.number not in numbers:
            numbers.append(entry.number)
    if primary and primary in numbers:
        numbers.remove(primary)
        numbers.insert(0, primary)
    return numbers


def _where(country_name: str, country: str) -> str:
    if country == "US":
        return "the United States"
    if country == "GB":
        return "the United Kingdom"
    return country_name or country


def dial_note(country: str, numbers: list[str], country_name: str = "") -> str:
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
        f"can dial {codes} from their own phone in {_where(country_name, country)}."
    )


def welfare_check_step(country: str, numbers: list[str], country_name: str = "") -> str:
    """The last step when the connection drops and an at-risk client is not reached (§9 step 5), in the
    words of the client's country: a 911 centre where 911 is the number, the police elsewhere."""
    first = "call the support person or safe adult, then"
    if numbers and numbers[0] == "911":
        return (
            f"{first} ask the client's local 911 centre or police (the numbers above) for a welfare "
            "check at the confirmed address."
        )
    where = _where(country_name, country)
    dialled = (
        f" (from the client's own phone in {where} the emergency number is {numbers[0]})"
        if numbers
        else ""
    )
    return (
        f"{first} ask the police or emergency services where the client is, on the local numbers "
        f"above{dialled}, to check on the client at the confirmed address."
    )


def build_card(facts: CardFacts) -> EmergencyCard:
    """The card for ``facts``: ranked, folded and warned (see the module docstring)."""
    usable, no_number, elsewhere, eds = rank_resources(facts.resources, is_minor=facts.is_minor)
    people = facts.people
    adults: list[CardAdult] = []
    excluded: list[str] = []
    if facts.is_minor:
        session = facts.session
        confirmed = session.safe_adult_id if session else None
        adults = [
            CardAdult(
                id=g.pk,
                name=g.name,
                relationship=g.relationship,
                display=display_phone(g.phone),
                tel=staff_tel(g.phone),
                is_legal_guardian=g.is_legal_guardian,
                is_safe_adult=g.is_safe_adult,
                confirmed_status=session.safe_adult_status if session and g.pk == confirmed else "",
            )
            for g in facts.guardians
        ]
        excluded = list(facts.excluded_names)
    dials = client_dials(facts.emergency_numbers, facts.primary_emergency_number)
    flag = facts.risk
    card = EmergencyCard(
        client=facts.client,
        session=facts.session,
        location=card_location(facts.session, facts.location),
        local_numbers=[card_number(r) for r in usable],
        numbers_without_number=[card_number(r) for r in no_number],
        numbers_other_area=[card_number(r) for r in elsewhere],
        nearest_eds=[card_number(r) for r in eds],
        support_persons=[card_person(p, s) for p, s in people if s == "active"],
        support_persons_without_consent=[card_person(p, s) for p, s in people if s != "active"],
        safe_adults=adults,
        excluded_persons=excluded,
        backup_plan=card_backup(facts.client, facts.backup_plan, facts.default_timers),
        crisis_lines=card_crisis_lines(facts.crisis_lines),
        client_emergency_numbers=dials,
        risk_level=flag.level if flag else "none",
        risk_set_at=flag.set_at if flag else None,
        risk_set_by=flag.set_by if flag else "",
        is_minor=facts.is_minor,
        no_support_person_reason=facts.no_support_person_reason,
        client_local_dial_note=dial_note(facts.country, dials, facts.country_name),
        welfare_check_step=welfare_check_step(facts.country, dials, facts.country_name),
        generated_at=facts.now,
    )
    card.warnings = card_warnings(card, facts.session, facts.location)
    return card


def card_warnings(card: EmergencyCard, session: Any, location: Any) -> list[str]:
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
                if card.client_emergency_numbers[:1] == ["911"]
                else "No direct number for the emergency services where the client is is on record: "
                "add the local police station's or emergency service's full number."
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

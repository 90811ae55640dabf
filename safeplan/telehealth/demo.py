"""Demo emergency profiles (idempotent): every demo client gets a home address with directory-suggested
local numbers (some confirmed), a consented support person, another provider, a backup plan, a boundaries
agreement and one session that went through the time-out. Jordan Lee (Chicago, 15) has a legal guardian,
a safe adult and an excluded person; Priya Natarajan lives in London with hand-entered local numbers.

All people, streets and numbers are fictional (NANP 555-01xx; Ofcom drama range 020 7946 0xxx); ZIP codes
and the directory's hospitals and 911 centres are real, so the card shows real places.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.telehealth.models import (
    ConfirmationMethod,
    ResourceKind,
    ResourceStatus,
    TelehealthSession,
    UsualLocation,
)
from safeplan.telehealth.services import agreements, locations, people, sessions
from safeplan.telehealth.services.sessions import GateAnswers

# record number -> home address, support person, provider
HOMES: dict[str, dict[str, Any]] = {
    "DEMO-001": {
        "address": {
            "street": "12 Example Street",
            "unit": "Apt 3B",
            "city": "Boston",
            "region": "MA",
            "postcode": "02114",
            "country": "US",
            "landmarks": "Blue door next to the laundromat; buzzer 3B.",
        },
        "support": ("Sam Rivera", "sister", "+16175550190"),
        "provider": ("Dr. Lee Park", "psychiatrist", "+16175550170"),
    },
    "DEMO-002": {
        "address": {
            "street": "350 Example Avenue",
            "unit": "Apt 12C",
            "city": "New York",
            "region": "NY",
            "postcode": "10001",
            "country": "US",
        },
        "support": ("Jon Ólafsson", "brother", "+12125550181"),
        "provider": ("Dr. Ana Cruz", "primary care doctor", "+12125550171"),
    },
    "DEMO-003": {
        "address": {
            "street": "2800 Example Street",
            "city": "San Francisco",
            "region": "CA",
            "postcode": "94110",
            "country": "US",
        },
        "support": ("Minh Tran", "husband", "+14155550182"),
        "provider": ("Dr. Kim Ho", "psychiatrist", "+14155550172"),
    },
    "DEMO-004": {
        "address": {
            "street": "500 Example Street",
            "unit": "Unit 210",
            "city": "Austin",
            "region": "TX",
            "postcode": "78701",
            "country": "US",
        },
        "support": ("Lucía García", "mother", "+15125550183"),
        "provider": ("Dr. Omar Díaz", "family doctor", "+15125550173"),
    },
    "DEMO-005": {
        "address": {
            "street": "2100 Example Avenue",
            "city": "Chicago",
            "region": "IL",
            "postcode": "60614",
            "country": "US",
        },
        "support": ("Pat Lee", "mother", "+13125550112"),
        "provider": ("Dr. Rosa Bell", "paediatrician", "+13125550174"),
    },
    "DEMO-006": {
        "address": {
            "street": "10 Example Road",
            "unit": "Flat 2",
            "city": "London",
            "region": "",
            "postcode": "SE1 7EH",
            "country": "GB",
        },
        "support": ("Arjun Natarajan", "partner", "+442079460184"),
        "provider": ("Dr. Helen Shaw", "GP", "+442079460175"),
    },
}
LONDON_NUMBERS = [
    (ResourceKind.EMERGENCY_SERVICES, "Metropolitan Police, Lambeth (demo)", "020 7946 0100"),
    (ResourceKind.MOBILE_CRISIS, "Lambeth crisis line (demo)", "020 7946 0101"),
    (ResourceKind.EMERGENCY_DEPARTMENT, "St Thomas' Hospital A&E (demo number)", "020 7946 0102"),
]
WEEKDAYS = [{"day": d, "start": "09:00", "end": "17:00"} for d in range(5)]


def _after_hours(country: str) -> str:
    if country == "GB":
        return (
            "Messages are read in office hours only. If you are in danger, dial 999 or go to A&E. "
            "For support any time, Samaritans: 116 123; or text SHOUT to 85258."
        )
    return (
        "Messages are read in office hours only. If you are in danger, dial 911 or go to the nearest "
        "emergency department. For support any time, call or text 988."
    )


def seed(ctx: Any) -> None:
    clinician = ctx.clinician
    by_record = {c.record_number: c for c in ctx.clients}
    seeded = 0
    for record, spec in HOMES.items():
        client = by_record.get(record)
        if client is None or UsualLocation.objects.filter(client=client).exists():
            continue
        _seed_client(clinician, client, spec)
        seeded += 1
    if seeded:
        ctx.log.append(
            f"  Emergency profiles: {seeded} clients (Jordan Lee is a minor with a safe adult; "
            "Priya Natarajan lives in London)."
        )


def _seed_client(clinician: Any, client: Any, spec: dict[str, Any]) -> None:
    address = spec["address"]
    home = locations.add_location(actor=clinician, client=client, kind="home", address=address)
    if address["country"] == "GB":
        for kind, name, number in LONDON_NUMBERS:
            locations.add_resource(
                actor=clinician,
                client=client,
                location=home,
                kind=kind,
                name=name,
                number=number,
                method=ConfirmationMethod.ORGANISATION_LIST,
            )
    else:
        _confirm_some(clinician, client, home)
    name, relationship, phone = spec["support"]
    people.add_support_person(
        actor=clinician,
        client=client,
        data={
            "name": name,
            "relationship": relationship,
            "phone": phone,
            "lives_nearby": True,
            "can_attend_in_person": True,
            "consent": {
                "scope": "safety_plan",
                "signed_on": timezone.localdate() - dt.timedelta(days=30),
                "expires_on": timezone.localdate() + dt.timedelta(days=335),
            },
        },
    )
    pname, role, pphone = spec["provider"]
    people.add_provider(
        actor=clinician,
        client=client,
        data={
            "name": pname,
            "role": role,
            "phone": pphone,
            "consent": {"scope": "care_coordination", "signed_on": timezone.localdate()},
        },
    )
    agreements.save_backup_plan(
        actor=clinician,
        client=client,
        data={
            "backup_phone": client.phone if address["country"] == "US" else "+442079460123",
            "backup_platform": "Phone call",
            "who_calls_whom": "clinician_calls_client",
            "if_cannot_reconnect": (
                "Wait by the phone for the call. If it does not come within 5 minutes and you feel "
                "unsafe, use the crisis line on your plan or the emergency number."
            ),
        },
    )
    agreements.save_boundaries(
        actor=clinician,
        client=client,
        data={
            "hours": WEEKDAYS,
            "channels": [
                {"channel": "secure_message", "response_hours": 24},
                {"channel": "phone", "response_hours": 4},
            ],
            "after_hours_instructions": _after_hours(address["country"]),
            "agreed_on": timezone.localdate() - dt.timedelta(days=30),
        },
    )
    answers = GateAnswers(
        usual_location_id=home.pk,
        callback_phone=client.phone if address["country"] == "US" else "+442079460123",
        privacy_alone=True,
        privacy_private_place=True,
    )
    if client.record_number == "DEMO-005":
        answers.safe_adult_id = _seed_minor(clinician, client).pk
        answers.safe_adult_status = "present"
        answers.excluded_person_present = False
    session = sessions.start_session(actor=clinician, client=client, answers=answers)
    sessions.end_session(actor=clinician, client=client, session=session)
    week_ago = timezone.now() - dt.timedelta(days=7)
    TelehealthSession.objects.filter(pk=session.pk).update(
        created_at=week_ago,
        started_at=week_ago,
        location_confirmed_at=week_ago,
        callback_confirmed_at=week_ago,
        privacy_checked_at=week_ago,
        ended_at=week_ago + dt.timedelta(minutes=50),
    )


def _confirm_some(clinician: Any, client: Any, home: UsualLocation) -> None:
    """Confirm the clinic's own entries and the nearest ED, so the card shows both states."""
    open_rows = home.resources.filter(status=ResourceStatus.SUGGESTED).order_by("kind", "rank")
    for resource in open_rows:
        from_clinic = resource.source_ref.startswith("org:")
        nearest_ed = resource.kind == ResourceKind.EMERGENCY_DEPARTMENT and resource.rank == 0
        if (from_clinic or nearest_ed) and resource.phone:
            locations.confirm_resource(
                actor=clinician,
                client=client,
                resource_id=resource.pk,
                method=ConfirmationMethod.ORGANISATION_LIST
                if from_clinic
                else ConfirmationMethod.OFFICIAL_SOURCE,
            )


def _seed_minor(clinician: Any, client: Any) -> Any:
    people.add_guardian(
        actor=clinician,
        client=client,
        data={
            "name": "Pat Lee",
            "relationship": "mother",
            "phone": "+13125550112",
            "is_legal_guardian": True,
            "is_safe_adult": True,
            "lives_with_client": True,
            "authority_note": "Sole legal custody; court order seen at intake.",
        },
    )
    adult = people.add_guardian(
        actor=clinician,
        client=client,
        data={
            "name": "Grace Lee",
            "relationship": "grandmother",
            "phone": "+13125550114",
            "is_safe_adult": True,
            "lives_with_client": True,
        },
    )
    people.add_excluded_person(
        actor=clinician,
        client=client,
        data={"name": "R. Doe", "relationship": "former stepfather", "reason": "No-contact order"},
    )
    return adult

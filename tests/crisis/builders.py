"""Builders for crisis tests and the access matrix: a started session with an emergency plan, crises."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.crisis import services
from safeplan.telehealth.services import agreements, locations, people
from safeplan.telehealth.services.sessions import GateAnswers, start_session
from tests.factories import World

BOSTON = {
    "street": "55 Fruit Street",
    "unit": "Apt 4",
    "city": "Boston",
    "region": "MA",
    "postcode": "02114",
    "country": "US",
}
CALLBACK = "+16175550101"
BACKUP = "+16175550155"
SUPPORT_PHONE = "+16175550166"


def emergency_plan(
    world: World, *, client: Any = None, with_support: bool = True
) -> dict[str, Any]:
    """Home address, a confirmed 911-centre number, a consented support person and a backup plan."""
    client = client or world.client
    clinician = world.users["clinician"]
    home = locations.add_location(actor=clinician, client=client, kind="home", address=BOSTON)
    psap = locations.add_resource(
        actor=clinician,
        client=client,
        location=home,
        kind="psap",
        name="Boston Police Operations (911 centre)",
        number="+16173434200",
        method="called",
    )
    out: dict[str, Any] = {"home": home, "psap": psap}
    if with_support:
        out["support"] = people.add_support_person(
            actor=clinician,
            client=client,
            data={
                "name": "Robin Carter",
                "relationship": "sister",
                "phone": SUPPORT_PHONE,
                "lives_nearby": True,
                "can_attend_in_person": True,
                "consent": {"scope": "emergency", "signed_on": timezone.localdate().isoformat()},
            },
        )
    out["backup"] = agreements.save_backup_plan(
        actor=clinician,
        client=client,
        data={
            "backup_phone": BACKUP,
            "who_calls_whom": "clinician_calls_client",
            "if_cannot_reconnect": "Call the crisis line 988 and wait for my call.",
            "retry_video_seconds": 60,
            "call_backup_within_seconds": 120,
            "escalate_when_at_risk_after_seconds": 600,
        },
    )
    return out


def started_session(world: World, *, client: Any = None) -> Any:
    client = client or world.client
    plan = emergency_plan(world, client=client)
    session = start_session(
        actor=world.users["clinician"],
        client=client,
        answers=GateAnswers(
            usual_location_id=plan["home"].pk,
            callback_phone=CALLBACK,
            privacy_alone=True,
            privacy_private_place=True,
        ),
    )
    session.client = client
    return session


def open_crisis(
    world: World, *, session: Any = None, crisis_type: str = "suicidal_ideation"
) -> Any:
    event, _ = services.open_crisis(
        actor=world.users["clinician"],
        client=world.client,
        crisis_type=crisis_type,
        session=session,
    )
    return event


def closed_crisis(world: World) -> Any:
    event = open_crisis(world)
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="client_state",
        payload={"state": "calm"},
    )
    account_for_safety(world, event)
    services.close_crisis(
        actor=world.users["clinician"],
        event=event,
        outcome="resolved_remotely",
        disposition="continue_outpatient",
        risk_level="moderate",
    )
    event.refresh_from_db()
    return event


def ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def account_for_safety(world: World, event: Any, *, skip: bool = False) -> None:
    """Record each safety-critical step a close needs (issue 11) as done (or skipped with a reason)."""
    from safeplan.crisis.rules import close_checks

    event.refresh_from_db()
    codes = [s["code"] for s in event.protocol]
    for _req, steps in close_checks.applicable(codes):
        payload: dict[str, Any] = {"step": steps[0]}
        if skip:
            payload["reason"] = "Covered by the mobile crisis team on site"
        services.add_entry(
            actor=world.users["clinician"],
            event=event,
            kind="step_skipped" if skip else "step_done",
            payload=payload,
        )
    event.refresh_from_db()

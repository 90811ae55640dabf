"""Demo crises (idempotent), for Thu Nguyễn (DEMO-003: high risk, firearm at home; see the risk demo):

1. a suicidal-ideation crisis handled by phone outside a session, every step on the timeline, handed over to
   the mobile crisis team with the emergency disclosure recorded, closed, and its note signed; the follow-up
   contact is due within 24 hours;
2. a session started today whose connection was lost: the lost-connection protocol is open for a client at
   risk, with the video retry already recorded, so opening it walks through the escalation with the numbers
   for her confirmed San Francisco address.

Everything goes through the crisis services (the one write path). All people are fictional.
"""

from __future__ import annotations

from typing import Any

from safeplan.crisis import services
from safeplan.crisis.models import CrisisEvent, CrisisNote, CrisisStatus
from safeplan.crisis.rules import types
from safeplan.risk.selectors import current_risk_level
from safeplan.telehealth.card import emergency_card
from safeplan.telehealth.selectors import consented_support_persons, primary_location
from safeplan.telehealth.services.sessions import GateAnswers, start_session

RECORD = "DEMO-003"


def seed(ctx: Any) -> None:
    client = next((c for c in ctx.clients if c.record_number == RECORD), None)
    if client is None:
        return
    clinician = ctx.clinician
    if not CrisisEvent.objects.filter(client=client, status=CrisisStatus.CLOSED).exists():
        _closed_crisis(clinician, client)
        ctx.log.append(
            f"  Crisis: a closed suicidal-ideation crisis with a signed note for {RECORD}."
        )
    running = CrisisEvent.objects.filter(
        client=client, crisis_type=types.LOST_CONNECTION, status=CrisisStatus.OPEN
    ).exists()
    if not running and _lost_connection(clinician, client):
        ctx.log.append(f"  Crisis: an open lost-connection protocol for {RECORD} (at risk).")


def _mobile_crisis(clinician: Any, client: Any) -> tuple[str, str]:

    card = emergency_card(clinician, client)
    for n in card.local_numbers:
        if n.kind == "mobile_crisis" and n.display:
            return n.name, n.display
    return "County mobile crisis team", ""


def _closed_crisis(clinician: Any, client: Any) -> None:

    event, _ = services.open_crisis(actor=clinician, client=client, crisis_type="suicidal_ideation")
    partner = next(iter(consented_support_persons(client)), None)
    team, team_number = _mobile_crisis(clinician, client)

    def add(kind: str, **payload: Any) -> Any:
        entry, _ = services.add_entry(actor=clinician, event=event, kind=kind, payload=payload)
        return entry

    add("step_done", step="keep_contact", note="Thu called the clinic line; kept her on the phone.")
    add("step_done", step="confirm_location", note="At home, the address on record, alone.")
    add("client_state", state="distressed", step="keep_contact")
    add(
        "step_done",
        step="suicide_inquiry",
        note="Thoughts of suicide since last night, strong; thinking of the handgun; some intent; "
        "her children are her reason to stay.",
    )
    add(
        "note",
        step="lethal_means",
        text="The handgun is still in the house. Agreed that her husband removes it today and keeps "
        "it off-site; medicines to be locked away.",
    )
    add("step_done", step="lethal_means")
    if partner is not None:
        add(
            "call",
            to="support_person",
            outcome="answered",
            support_person_id=partner.pk,
            name=partner.name,
            step="involve_support_person",
        )
        add(
            "support_person_reached",
            support_person_id=partner.pk,
            name=partner.name,
            action="stay_with_client",
            step="involve_support_person",
        )
    call = add(
        "call",
        to="mobile_crisis",
        outcome="answered",
        name=team,
        reference="MC-2291",
        step="arrange_care",
        **({"number": team_number} if team_number else {}),
    )
    services.record_disclosure(
        actor=clinician,
        event=event,
        entry_id=call.pk,
        data={
            "recipient_name": "Duty counsellor",
            "recipient_type": "mobile_crisis",
            "recipient_affiliation": team,
            "basis": "hipaa_164_512_j",
            "information_disclosed": "Name, address, current suicidal thoughts with some intent, access "
            "to a handgun being removed by her husband.",
            "nature_of_emergency": "Imminent risk of suicide; a same-day assessment was needed.",
        },
    )
    add("handed_over", to="mobile_crisis", name=team, reference="MC-2291", step="arrange_care")
    add("step_done", step="arrange_care")
    add("client_state", state="safe_with_support")
    services.close_crisis(
        actor=clinician,
        event=event,
        outcome="mobile_crisis",
        disposition="crisis_services",
        risk_level="high",
        note="The mobile team arrived and stayed with Thu and her husband.",
    )
    note = CrisisNote.objects.get(event=event, amends__isnull=True)
    content = dict(note.content)
    content["risk_rationale"] = (
        "High: daily suicidal thoughts with some intent, access to a firearm, a recent separation, "
        "worsening PHQ-9; protective: her children, her husband's support, engagement with care."
    )
    content["treatment_plan"] = (
        "Same-day assessment by the mobile crisis team; handgun removed from the home by her husband "
        "today; medicines locked away; daily contact until her next session; safety plan reviewed."
    )
    services.sign_note(actor=clinician, note=note, content=content)


def _lost_connection(clinician: Any, client: Any) -> bool:

    home = primary_location(client)
    if home is None or not client.phone:
        return False
    session = start_session(
        actor=clinician,
        client=client,
        answers=GateAnswers(
            usual_location_id=home.pk,
            callback_phone=client.phone,
            privacy_alone=True,
            privacy_private_place=True,
        ),
    )
    session.client = client
    flag = current_risk_level(client) not in types.AT_RISK_LEVELS
    event, _ = services.start_disconnection(actor=clinician, session=session, clinician_flag=flag)
    services.add_entry(
        actor=clinician, event=event, kind="video_retry", payload={"outcome": "failed"}
    )
    return True

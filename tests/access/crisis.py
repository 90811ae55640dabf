"""Access cases for crisis response: every API operation and page, for every persona.

Anyone who may not see the client (admin, clinician off the care team, the client, another clinic) gets 404;
supervisors and the care team act. Adapting protocols is for clinic admins and supervisors.
"""

from __future__ import annotations

from typing import Any

from safeplan.crisis import services
from safeplan.crisis.models import CrisisFollowUp, CrisisNote
from tests.access import Case, staff_api, staff_page
from tests.crisis import builders
from tests.factories import World

AUTHED_200 = {
    "anonymous": 401,
    "admin": 200,
    "supervisor": 200,
    "clinician": 200,
    "clinician_off": 200,
    "client": 200,
    "other_admin": 200,
}


def _session(world: World) -> dict[str, Any]:
    return {"session_id": builders.started_session(world).pk}


def _event(world: World) -> dict[str, Any]:
    event = builders.open_crisis(world)
    entry, _ = services.add_entry(
        actor=world.users["clinician"], event=event, kind="note", payload={"text": "On the line."}
    )
    return {"event_id": event.pk, "entry_id": entry.pk}


def _lost(world: World) -> dict[str, Any]:
    session = builders.started_session(world)
    event, _ = services.start_disconnection(actor=world.users["clinician"], session=session)
    return {"event_id": event.pk}


def _note(world: World, *, sign: bool = False) -> dict[str, Any]:
    event = builders.closed_crisis(world)
    note = CrisisNote.objects.get(event=event)
    if sign:
        services.sign_note(actor=world.users["clinician"], note=note)
    follow_up = CrisisFollowUp.objects.get(event=event)
    return {"note_id": note.pk, "follow_up_id": follow_up.pk, "event_id": event.pk}


def _signed(world: World) -> dict[str, Any]:
    return _note(world, sign=True)


def _note_content(world: World) -> dict[str, Any]:
    return {"content": {"risk_level": "moderate", "risk_rationale": "Reviewed.", "actions": "x"}}


DISCLOSURE = {
    "recipient_name": "Dispatcher",
    "recipient_type": "psap",
    "basis": "hipaa_164_512_j",
    "information_disclosed": "Address and the plan described.",
    "nature_of_emergency": "Imminent risk.",
}
PROTOCOL = {
    "steps": [
        {
            "code": "call_team",
            "title": "Call the on-call team",
            "do": "Call the clinic's on-call line.",
            "record": "Who answered.",
            "actions": ["note"],
        }
    ]
}
created = staff_api(supervisor=201, clinician=201)
protocol_readers = {**AUTHED_200, "client": 404}
protocol_writers = {
    "anonymous": 401,
    "admin": 200,
    "supervisor": 200,
    "clinician": 403,
    "clinician_off": 403,
    "client": 404,
    "other_admin": 200,
}

CASES = [
    Case(
        "POST",
        "/api/v1/sessions/{session_id}/crisis-events",
        created,
        body={"crisis_type": "suicidal_ideation"},
        setup=_session,
    ),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/crisis-events",
        created,
        body={"crisis_type": "self_harm"},
    ),
    Case("GET", "/api/v1/clients/{client_id}/crisis-events", staff_api(), setup=_event),
    Case("GET", "/api/v1/crisis-events", AUTHED_200, note="scoped list: may be empty"),
    Case(
        "POST",
        "/api/v1/sessions/{session_id}/disconnections",
        created,
        body={"clinician_flag": True},
        setup=_session,
    ),
    Case("GET", "/api/v1/crisis-events/{event_id}", staff_api(), setup=_event),
    Case("GET", "/api/v1/crisis-events/{event_id}/entries", staff_api(), setup=_event),
    Case(
        "POST",
        "/api/v1/crisis-events/{event_id}/entries",
        created,
        body={"kind": "client_state", "payload": {"state": "calm"}},
        setup=_event,
    ),
    Case("GET", "/api/v1/crisis-events/{event_id}/entries/{entry_id}", staff_api(), setup=_event),
    Case(
        "POST",
        "/api/v1/crisis-events/{event_id}/entries/{entry_id}/corrections",
        created,
        body={"payload": {"text": "On the phone."}, "reason": "it was the phone"},
        setup=_event,
    ),
    Case("POST", "/api/v1/crisis-events/{event_id}/participants", staff_api(), setup=_event),
    Case(
        "POST",
        "/api/v1/crisis-events/{event_id}/disclosures",
        created,
        body=DISCLOSURE,
        setup=_event,
    ),
    Case(
        "POST",
        "/api/v1/crisis-events/{event_id}/close",
        staff_api(),
        body={
            "outcome": "resolved_remotely",
            "disposition": "continue_outpatient",
            "skipped": {
                "confirm_location": "Confirmed at the session start",
                "suicide_inquiry": "Done in the ASQ",
                "lethal_means": "None at home",
                "arrange_care": "Manageable remotely",
            },
        },
        setup=_event,
    ),
    Case(
        "POST", "/api/v1/crisis-events/{event_id}/disconnection/advance", staff_api(), setup=_lost
    ),
    Case("GET", "/api/v1/crisis-notes/{note_id}", staff_api(), setup=_note),
    Case("PATCH", "/api/v1/crisis-notes/{note_id}", staff_api(), body=_note_content, setup=_note),
    Case("POST", "/api/v1/crisis-notes/{note_id}/sign", staff_api(), body={}, setup=_note),
    Case("POST", "/api/v1/crisis-notes/{note_id}/amendments", created, setup=_signed),
    Case(
        "POST",
        "/api/v1/crisis-follow-ups/{follow_up_id}/complete",
        staff_api(),
        body={"outcome": "reached"},
        setup=_note,
    ),
    Case("GET", "/api/v1/crisis-protocols", protocol_readers),
    Case(
        "PUT",
        "/api/v1/crisis-protocols/{crisis_type}",
        protocol_writers,
        body=PROTOCOL,
        setup=lambda w: {"crisis_type": "other"},
    ),
    # Pages
    Case("GET", "/crisis/", staff_page(clinician_off=200), kind="page", note="scoped list"),
    Case("GET", "/crisis/live/", staff_page(clinician_off=200), kind="page"),
    Case("GET", "/clients/{client_id}/crisis/new/", staff_page(), kind="page"),
    Case(
        "POST",
        "/clients/{client_id}/crisis/new/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body={"crisis_type": "other"},
    ),
    Case(
        "POST",
        "/sessions/{session_id}/connection-lost/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=_session,
    ),
    Case("GET", "/crisis/{event_id}/", staff_page(), kind="page", setup=_event),
    Case("GET", "/crisis/{event_id}/timeline/", staff_page(), kind="page", setup=_event),
    Case(
        "POST",
        "/crisis/{event_id}/entries/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body={"kind": "client_state", "p_state": "calm"},
        setup=_event,
    ),
    Case(
        "GET",
        "/crisis/{event_id}/entries/{entry_id}/correct/",
        staff_page(),
        kind="page",
        setup=_event,
    ),
    Case(
        "POST",
        "/crisis/{event_id}/join/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=_event,
    ),
    Case(
        "POST",
        "/crisis/{event_id}/advance/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=_lost,
    ),
    Case("GET", "/crisis/{event_id}/disclosures/new/", staff_page(), kind="page", setup=_event),
    Case("GET", "/crisis/{event_id}/close/", staff_page(), kind="page", setup=_event),
    Case("GET", "/crisis/notes/{note_id}/", staff_page(), kind="page", setup=_note),
    Case(
        "POST",
        "/crisis/notes/{note_id}/amend/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=_signed,
    ),
    Case(
        "POST",
        "/crisis/follow-ups/{follow_up_id}/done/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body={"outcome": "reached"},
        setup=_note,
    ),
]

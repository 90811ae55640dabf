"""Access cases for the telehealth emergency plan: profile, people, sessions, the card (API and pages)."""

from __future__ import annotations

from typing import Any

from safeplan.telehealth.services import agreements, locations, people, sessions
from safeplan.telehealth.services.sessions import GateAnswers
from tests.access import Case, staff_api, staff_page
from tests.factories import World

HOME = {
    "street": "55 Fruit Street",
    "city": "Boston",
    "region": "MA",
    "postcode": "02114",
    "country": "US",
}
GATE_ANSWERS = {
    "callback_phone": "+16175550142",
    "privacy": {"alone": True, "private_place": True},
}


def profile(world: World) -> dict[str, Any]:
    """A full emergency profile for the world's client; ids go to World.extra for the bodies."""
    actor, client = world.users["clinician"], world.client
    home = locations.add_location(actor=actor, client=client, kind="home", address=HOME)
    resource = home.resources.first()
    person = people.add_support_person(
        actor=actor,
        client=client,
        data={
            "name": "Sam",
            "relationship": "sister",
            "phone": "+16175550190",
            "consent": {"scope": "emergency", "signed_on": "2026-01-02"},
        },
    )
    provider = people.add_provider(
        actor=actor,
        client=client,
        data={
            "name": "Dr P",
            "role": "psychiatrist",
            "phone": "+16175550191",
            "consent": {"scope": "care_coordination", "signed_on": "2026-01-02"},
        },
    )
    guardian = people.add_guardian(
        actor=actor,
        client=client,
        data={"name": "G", "relationship": "aunt", "phone": "+16175550192", "is_safe_adult": True},
    )
    excluded = people.add_excluded_person(actor=actor, client=client, data={"name": "X"})
    agreements.save_backup_plan(
        actor=actor,
        client=client,
        data={"backup_phone": "+16175550142", "if_cannot_reconnect": "Call 988"},
    )
    agreements.save_boundaries(
        actor=actor,
        client=client,
        data={
            "hours": [{"day": 0, "start": "09:00", "end": "17:00"}],
            "channels": [{"channel": "phone", "response_hours": 24}],
            "after_hours_instructions": "Call 988",
        },
    )
    started = sessions.start_session(
        actor=actor,
        client=client,
        answers=GateAnswers(
            usual_location_id=home.pk,
            callback_phone="+16175550142",
            privacy_alone=True,
            privacy_private_place=True,
        ),
    )
    scheduled = sessions.schedule_session(actor=actor, client=client)
    ids = {
        "location_id": home.pk,
        "resource_id": resource.pk if resource else 0,
        "person_id": person.pk,
        "provider_id": provider.pk,
        "guardian_id": guardian.pk,
        "excluded_id": excluded.pk,
        "session_id": started.pk,
        "scheduled_id": scheduled.pk,
    }
    world.extra.update(ids)
    return ids


def api(method: str, path: str, expect: dict[str, Any], body: Any = None, **kw: Any) -> Case:
    return Case(method, path, expect, body=body, setup=profile, **kw)


CREATED = staff_api(supervisor=201, clinician=201)
DELETED = staff_api(supervisor=204, clinician=204)
C = "/api/v1/clients/{client_id}"

CASES = [
    api("GET", C + "/emergency-profile", staff_api()),
    api("PATCH", C + "/emergency-profile", staff_api(), {"no_support_person_reason": "declined"}),
    api("GET", C + "/locations", staff_api()),
    api("POST", C + "/locations", CREATED, {"kind": "work", **HOME}),
    api("PATCH", C + "/locations/{location_id}", staff_api(), {"unit": "Apt 2"}),
    api("DELETE", C + "/locations/{location_id}", DELETED),
    api(
        "POST",
        C + "/locations/{location_id}/resources",
        CREATED,
        {"kind": "mobile_crisis", "name": "County team", "phone": "+16175550150"},
    ),
    api("POST", C + "/resources/{resource_id}/confirm", staff_api(), {"method": "called"}),
    api("POST", C + "/resources/{resource_id}/reject", staff_api()),
    api("GET", C + "/support-persons", staff_api()),
    api(
        "POST",
        C + "/support-persons",
        CREATED,
        {"name": "Ana", "relationship": "friend", "phone": "+16175550193"},
    ),
    api("PATCH", C + "/support-persons/{person_id}", staff_api(), {"lives_nearby": True}),
    api("DELETE", C + "/support-persons/{person_id}", DELETED),
    api(
        "POST",
        C + "/support-persons/{person_id}/consent",
        CREATED,
        {"scope": "safety_plan", "signed_on": "2026-01-03"},
    ),
    api("POST", C + "/support-persons/{person_id}/consent/revoke", staff_api()),
    api("GET", C + "/providers", staff_api()),
    api("POST", C + "/providers", CREATED, {"name": "Dr Q", "role": "GP"}),
    api("PATCH", C + "/providers/{provider_id}", staff_api(), {"role": "primary care"}),
    api("DELETE", C + "/providers/{provider_id}", DELETED),
    api(
        "POST",
        C + "/providers/{provider_id}/consent",
        CREATED,
        {"scope": "care_coordination", "signed_on": "2026-01-03"},
    ),
    api("POST", C + "/providers/{provider_id}/consent/revoke", staff_api()),
    api("GET", C + "/guardians", staff_api()),
    api(
        "POST",
        C + "/guardians",
        CREATED,
        {"name": "H", "relationship": "father", "phone": "+16175550194", "is_legal_guardian": True},
    ),
    api("PATCH", C + "/guardians/{guardian_id}", staff_api(), {"lives_with_client": True}),
    api("DELETE", C + "/guardians/{guardian_id}", DELETED),
    api("GET", C + "/excluded-persons", staff_api()),
    api("POST", C + "/excluded-persons", CREATED, {"name": "Y"}),
    api("DELETE", C + "/excluded-persons/{excluded_id}", DELETED),
    api("GET", C + "/backup-plan", staff_api()),
    api(
        "PUT",
        C + "/backup-plan",
        staff_api(),
        {"backup_phone": "+16175550142", "if_cannot_reconnect": "Call 988"},
    ),
    api("GET", C + "/boundaries", staff_api()),
    api(
        "PUT",
        C + "/boundaries",
        staff_api(),
        {
            "hours": [{"day": 1, "start": "10:00", "end": "16:00"}],
            "channels": [{"channel": "secure_message", "response_hours": 48}],
            "after_hours_instructions": "Call 988",
        },
    ),
    api("GET", C + "/sessions", staff_api()),
    api(
        "POST",
        C + "/sessions",
        CREATED,
        lambda w: {"location": {"usual_location_id": w.extra["location_id"]}, **GATE_ANSWERS},
    ),
    api("GET", "/api/v1/sessions/{session_id}", staff_api()),
    Case(
        "POST",
        "/api/v1/sessions/{session_id}/start",
        staff_api(),
        body=lambda w: {"location": {"usual_location_id": w.extra["location_id"]}, **GATE_ANSWERS},
        setup=lambda w: {**profile(w), "session_id": w.extra["scheduled_id"]},
        note="a scheduled session",
    ),
    api("POST", "/api/v1/sessions/{session_id}/location", staff_api(), {"address": HOME}),
    api("POST", "/api/v1/sessions/{session_id}/end", staff_api()),
    api("GET", C + "/emergency-card", staff_api()),
]

# --- pages --------------------------------------------------------------------------------------------


def page(method: str, path: str, expect: dict[str, Any], body: Any = None) -> Case:
    return Case(method, path, expect, body=body, setup=profile, kind="page")


POSTED = staff_page(supervisor=302, clinician=302)
P = "/clients/{client_id}/emergency-profile"

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
    # a suggestion with a number (the city's own 911 centre may have none on record)
    resource = next((r for r in home.resources.order_by("id") if r.phone), None)
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


POSTED = staff_page(supervisor=302, clinician=302)
P = "/clients/{client_id}/emergency-profile/"


KIND_IDS = {
    "support-persons": "person_id",
    "providers": "provider_id",
    "guardians": "guardian_id",
    "excluded-persons": "excluded_id",
}


def _with_pk(path: str) -> Any:
    key = next((v for k, v in KIND_IDS.items() if path.startswith(k)), None)
    if key is None:
        return profile
    return lambda w: {**profile(w), "pk": w.extra[key]}


def page(method: str, path: str, expect: dict[str, Any], body: Any = None) -> Case:
    setup = _with_pk(path[len(P) :]) if path.startswith(P) else profile
    return Case(method, path, expect, body=body, setup=setup, kind="page")


def _page_get(path: str) -> Case:
    return page("GET", P + path, staff_page())


PAGE_CASES = [
    page("GET", P, staff_page()),
    _page_get("locations/new/"),
    page("POST", P + "locations/new/", POSTED, {"kind": "work", **HOME}),
    _page_get("locations/{location_id}/"),
    page("POST", P + "locations/{location_id}/archive/", POSTED),
    _page_get("locations/{location_id}/resources/new/"),
    page("POST", P + "resources/{resource_id}/confirm/", POSTED, {"method": "called"}),
    page("POST", P + "resources/{resource_id}/reject/", POSTED),
    _page_get("support-persons/new/"),
    _page_get("support-persons/{pk}/"),
    page("POST", P + "support-persons/{pk}/archive/", POSTED),
    _page_get("support-persons/{pk}/consent/"),
    page("POST", P + "support-persons/{pk}/revoke/", POSTED),
    _page_get("providers/new/"),
    _page_get("providers/{pk}/"),
    page("POST", P + "providers/{pk}/archive/", POSTED),
    _page_get("providers/{pk}/consent/"),
    page("POST", P + "providers/{pk}/revoke/", POSTED),
    _page_get("guardians/new/"),
    _page_get("guardians/{pk}/"),
    page("POST", P + "guardians/{pk}/archive/", POSTED),
    _page_get("excluded-persons/new/"),
    page("POST", P + "excluded-persons/{pk}/archive/", POSTED),
    _page_get("no-support-person/"),
    _page_get("backup-plan/"),
    _page_get("boundaries/"),
    page("GET", "/clients/{client_id}/sessions/new/", staff_page()),
    page(
        "POST",
        "/clients/{client_id}/sessions/new/",
        POSTED,
        lambda w: {
            "location": str(w.extra["location_id"]),
            "callback_phone": "+16175550142",
            "privacy_alone": "yes",
            "privacy_private_place": "yes",
        },
    ),
    page("GET", "/clients/{client_id}/emergency-card/", staff_page()),
    page("GET", "/sessions/{session_id}/", staff_page()),
    page("GET", "/sessions/{session_id}/location/", staff_page()),
    page("POST", "/sessions/{session_id}/end/", POSTED),
]
CASES += PAGE_CASES

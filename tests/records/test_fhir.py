"""FHIR R4: the export validates with fhir.resources, round-trips through import, and bad bundles change nothing."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from safeplan.audit.models import AuditEvent
from safeplan.clients.models import Client
from safeplan.followup.services import caring
from safeplan.plans import services as plan_services
from safeplan.records import retention
from safeplan.records.models import PsychotherapyNote
from safeplan.risk import services as risk_services
from safeplan.telehealth.services.people import add_support_person
from tests.factories import World

PHQ = {f"item{i}": 1 for i in range(1, 9)} | {"item9": 1}
ASQ = {"q1": "no", "q2": "yes", "q3": "no", "q4": "no", "q5": "no"}
SAFET = {
    "risk_factors": ["access_to_firearms"],
    "protective_factors": [],
    "inquiry": {p: {"present": False} for p in ("ideation", "plan", "behaviours", "intent")},
    "level": "moderate",
    "rationale": "Quelmstrand rationale",
    "intervention": "Safety planning",
    "follow_up": "Weekly",
    "firearms_instructions": "Brother keeps the rifle until review",
}


def _rich_record(world: World) -> Client:
    clinician = world.users["clinician"]
    client = world.client
    Client.objects.filter(pk=client.pk).update(
        preferred_name="Cleo P", pronouns="she/her", email="cleo@example.org"
    )
    client.refresh_from_db()
    add_support_person(
        actor=clinician,
        client=client,
        data={
            "name": "Bertil Ashgrove",
            "relationship": "brother",
            "phone": "+16175550111",
            "notes": "Has a spare key",
            "lives_nearby": True,
            "consent": {
                "scope": "safety_plan",
                "scope_detail": "plan and emergencies",
                "signed_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
            },
        },
    )
    for instrument, answers in (("phq9", PHQ), ("asq", ASQ), ("safet", SAFET)):
        risk_services.record_assessment(
            actor=clinician, client=client, instrument=instrument, answers=answers
        )
    current = plan_services.current_version(plan_services.plan_for_update(client))
    plan_services.save_plan(
        client=client,
        actor=clinician,
        content={
            "warning_signs": [{"text": "Not sleeping", "author": "client"}],
            "coping": [{"text": "Walk the dog"}],
            "help_people": [{"name": "Bertil Ashgrove", "phone": "+16175550111"}],
            "environment": [
                {"means": "firearm", "action": "given_to_trusted_person", "responsible": "Bertil"}
            ],
            "reasons": [{"text": "My nephew"}],
        },
        base_version=current.number if current else 0,
    )
    caring.start_series(actor=clinician, client=client, reason="crisis", channel="sms")
    PsychotherapyNote.objects.create(client=client, author=clinician, body="Private Zorbleth words")
    return client


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_export_is_valid_fhir_with_the_agreed_resources_and_codes(
    world: World, api_as: Any
) -> None:
    client = _rich_record(world)
    response = api_as("clinician").get(f"/api/v1/clients/{client.pk}/export/fhir")
    assert response.status_code == 200, response.content
    bundle = response.json()
    Bundle.model_validate(bundle)  # raises on anything that is not valid R4
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {
        "Organization",
        "Patient",
        "RelatedPerson",
        "Consent",
        "CarePlan",
        "Questionnaire",
        "QuestionnaireResponse",
        "Observation",
        "Flag",
        "Communication",
    } <= kinds
    patient = _resources(bundle, "Patient")[0]
    assert patient["identifier"][0]["value"] == "A-001"
    assert patient["birthDate"] == "1990-05-17"
    assert patient["name"][0] == {"use": "official", "family": "Client A-001", "given": ["Cleo"]}
    codes = {c["code"] for q in _resources(bundle, "Questionnaire") for c in q.get("code", [])}
    assert "44249-1" in codes
    observation_codes = {
        c["code"] for o in _resources(bundle, "Observation") for c in o["code"]["coding"]
    }
    assert {"44261-6", "93374-7"} <= observation_codes
    plan = _resources(bundle, "CarePlan")[0]
    sections = [a["detail"]["code"]["coding"][0]["code"] for a in plan["activity"]]
    assert {"warning_signs", "coping", "help_people", "environment", "reasons"} <= set(sections)
    consent = _resources(bundle, "Consent")[0]
    assert consent["status"] == "active"
    person_url = next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RelatedPerson"
    )
    assert consent["provision"]["actor"][0]["reference"]["reference"] == person_url
    refs = {e["fullUrl"] for e in bundle["entry"]}
    assert patient["managingOrganization"]["reference"] in refs
    assert "Zorbleth" not in response.content.decode(), "psychotherapy notes never go out"
    entry = AuditEvent.objects.filter(action="records.exported").last()
    assert entry is not None and entry.details["format"] == "fhir"


def _comparable(bundle: dict[str, Any]) -> dict[str, Any]:
    """What must survive a round trip: ids, references, times of recording and history left out."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: strip(v)
                for k, v in value.items()
                if k not in ("id", "reference", "created", "timestamp")
            }
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    plan = _resources(bundle, "CarePlan")[0]
    entries = []
    for activity in plan["activity"]:
        parts = {p["url"]: p for p in activity["detail"]["extension"][0]["extension"]}
        if parts.get("origin", {}).get("valueString") == "directory":
            continue  # refreshed from the directory at every save
        entries.append(strip(activity))
    return {
        "Patient": strip(_resources(bundle, "Patient")),
        "RelatedPerson": strip(_resources(bundle, "RelatedPerson")),
        "Consent": [
            {k: v for k, v in c.items() if k != "dateTime"}
            for c in strip(_resources(bundle, "Consent"))
        ],
        "CarePlan": entries,
        "Questionnaire": strip(_resources(bundle, "Questionnaire")),
        "QuestionnaireResponse": strip(_resources(bundle, "QuestionnaireResponse")),
        "Flag": [f["code"] for f in _resources(bundle, "Flag")],
    }


def test_import_of_our_own_export_recreates_the_same_record(world: World, api_as: Any) -> None:
    client = _rich_record(world)
    api = api_as("clinician")
    first = api.get(f"/api/v1/clients/{client.pk}/export/fhir").json()
    retention.delete_client(actor=None, client=client)
    assert not Client.objects.filter(record_number="A-001").exists()
    imported = api.post("/api/v1/clients/import/fhir", first)
    assert imported.status_code == 201, imported.content
    body = imported.json()
    assert body["record_number"] == "A-001"
    second = api.get(f"/api/v1/clients/{body['client_id']}/export/fhir").json()
    Bundle.model_validate(second)
    before, after = _comparable(first), _comparable(second)
    assert len(before["QuestionnaireResponse"]) == 3 and len(before["CarePlan"]) == 5
    assert before["RelatedPerson"] and before["Consent"] and before["Flag"]
    assert after == before
    assert AuditEvent.objects.filter(action="records.fhir_imported").count() == 1


def _count() -> tuple[int, int]:
    return Client.objects.count(), AuditEvent.objects.filter(action="records.fhir_imported").count()


def _bad(bundle: dict[str, Any], **changes: Any) -> dict[str, Any]:
    broken = copy.deepcopy(bundle)
    broken.update(changes)
    return broken


def _patient_entry(bundle: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")


def test_malformed_bundles_are_refused_and_nothing_is_written(world: World, api_as: Any) -> None:
    client = _rich_record(world)
    api = api_as("clinician")
    good = api.get(f"/api/v1/clients/{client.pk}/export/fhir").json()
    retention.delete_client(actor=None, client=client)
    before = _count()
    bad_date = copy.deepcopy(good)
    _patient_entry(bad_date)["resource"]["birthDate"] = "1990-13-45"
    unknown_field = copy.deepcopy(good)
    _patient_entry(unknown_field)["resource"]["favouriteColour"] = "teal"
    no_section = copy.deepcopy(good)
    plan = next(e for e in no_section["entry"] if e["resource"]["resourceType"] == "CarePlan")
    plan["resource"]["activity"][0]["detail"]["code"]["coding"][0]["system"] = "urn:other"
    two_patients = copy.deepcopy(good)
    two_patients["entry"].append(copy.deepcopy(_patient_entry(good)))
    cases = [
        ([1, 2, 3], "payload"),
        ({"resourceType": "Patient"}, "resourceType"),
        (_bad(good, type="transaction"), "type"),
        (bad_date, "birthDate"),
        (unknown_field, "favouriteColour"),
        (two_patients, "entry"),
        (no_section, "CarePlan.activity"),
    ]
    for payload, field in cases:
        response = api.post("/api/v1/clients/import/fhir", payload)
        assert response.status_code == 422, (field, response.content)
        detail = str(response.json()["detail"])
        assert all(part in detail for part in field.split(".")), (field, detail)
        assert _count() == before, f"{field}: something was written"


def test_bundle_of_another_organisation_or_an_existing_record_is_refused(
    world: World, api_as: Any
) -> None:
    other = api_as("clinician")
    theirs = copy.deepcopy(_other_org_bundle(world))
    before = _count()
    refused = other.post("/api/v1/clients/import/fhir", theirs)
    assert refused.status_code == 403
    assert _count() == before
    mine = other.get(f"/api/v1/clients/{world.client.pk}/export/fhir").json()
    conflict = other.post("/api/v1/clients/import/fhir", mine)
    assert conflict.status_code == 409 and "A-001" in str(conflict.json())
    assert _count() == before


def _other_org_bundle(world: World) -> dict[str, Any]:
    from tests.conftest import ApiClient

    theirs = ApiClient(world.users["other_clinician"])
    response = theirs.get(f"/api/v1/clients/{world.other_client.pk}/export/fhir")
    assert response.status_code == 200
    return dict(response.json())


@pytest.mark.parametrize("persona", ["admin", "client", "anonymous"])
def test_only_clinical_staff_import(world: World, api_as: Any, persona: str) -> None:
    bundle = _other_org_bundle(world)
    response = api_as(persona).post("/api/v1/clients/import/fhir", bundle)
    assert response.status_code in (401, 403)

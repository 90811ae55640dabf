"""FHIR: a BSSA travels with its worksheet, the ASQ it follows and its disposition, and comes back."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle

from safeplan.clients.models import Client
from safeplan.records import retention
from safeplan.risk import services as risk_services
from safeplan.risk.models import Assessment
from tests.factories import World

ASQ = {"q1": "no", "q2": "yes", "q3": "no", "q4": "no", "q5": "no"}
BSSA = {
    "thoughts_past_weeks": "yes",
    "thoughts_now": "no",
    "plan": "no",
    "attempt_ever": "no",
    "symptoms": ["sleep"],
    "disposition": "further_evaluation",
}


def test_bssa_round_trip(world: World, api_as: Any) -> None:
    clinician = world.users["clinician"]
    asq = risk_services.record_assessment(
        actor=clinician, client=world.client, instrument="asq", answers=ASQ
    )
    risk_services.record_assessment(
        actor=clinician,
        client=world.client,
        instrument="bssa",
        answers=BSSA,
        variant="adult",
        follows=asq,
    )
    api = api_as("clinician")
    bundle = api.get(f"/api/v1/clients/{world.client.pk}/export/fhir").json()
    Bundle.model_validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    disposition = [
        r
        for r in resources
        if r["resourceType"] == "Observation" and r["code"].get("text") == "BSSA disposition"
    ]
    assert disposition[0]["valueCodeableConcept"]["coding"][0] == {
        "system": "urn:safeplan:bssa-disposition",
        "code": "further_evaluation",
    }
    retention.delete_client(actor=None, client=world.client)
    imported = api.post("/api/v1/clients/import/fhir", bundle)
    assert imported.status_code == 201, imported.content
    client = Client.objects.get(pk=imported.json()["client_id"])
    again = Assessment.objects.get(client=client, instrument="bssa")
    assert (again.version, again.code, again.follows.instrument, again.follows.code) == (
        "asq-bssa-nimh-adult",
        "further_evaluation",
        "asq",
        "non_acute_positive",
    )
    assert again.answers["symptoms"] == ["sleep"]

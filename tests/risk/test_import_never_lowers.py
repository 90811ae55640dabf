"""FHIR import never lowers the risk flag (PRODUCT.md "software never lowers one, not even an import";
issue 12): the exported flag may only raise it; the imported results raise it as they imply."""

from __future__ import annotations

import copy
from typing import Any

from safeplan.audit.models import AuditEvent
from safeplan.clients.models import Client
from safeplan.records import retention
from safeplan.risk import services
from safeplan.risk.models import Assessment, RiskFlagChange
from safeplan.risk.selectors import crisis_banner, current_risk_level
from tests.factories import World

ACUTE = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"}
NEGATIVE = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


def _export_and_remove(world: World, api: Any) -> dict[str, Any]:
    bundle = api.get(f"/api/v1/clients/{world.client.pk}/export/fhir").json()
    retention.delete_client(actor=None, client=world.client)
    return bundle


def _flag_code(bundle: dict[str, Any]) -> str:
    flag = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Flag")
    return next(
        c["code"]
        for c in flag["code"]["coding"]
        if c["code"] in ("none", "low", "moderate", "high")
    )


def test_acute_asq_with_flag_none_keeps_the_banner_after_import(world: World, api_as: Any) -> None:
    clinician = world.users["clinician"]
    asq = services.record_assessment(
        actor=clinician, client=world.client, instrument="asq", answers=ACUTE
    )
    services.set_risk_level(
        actor=clinician, client=world.client, level="none", reason="Seen in person; safe"
    )
    assert crisis_banner(world.client) is None  # the clinician's judgement cleared it
    api = api_as("clinician")
    bundle = _export_and_remove(world, api)
    assert _flag_code(bundle) == "none"
    r = api.post("/api/v1/clients/import/fhir", bundle)
    assert r.status_code == 201, r.content
    client = Client.objects.get(pk=r.json()["client_id"])
    # The imported ASQ raised the flag to high; the exported "none" was not applied.
    assert current_risk_level(client) == "high"
    assert crisis_banner(client) is not None
    changes = list(RiskFlagChange.objects.filter(client=client).order_by("id"))
    assert [(c.previous_level, c.level, c.source) for c in changes] == [
        ("none", "high", "assessment")
    ]
    event = AuditEvent.objects.get(action="records.fhir_imported")
    assert event.details["risk_level"] == "high"
    assert event.details["risk_level_not_applied"] == "none"
    # The clinical time was written with the row (never edited afterwards).
    imported = Assessment.objects.get(client=client)
    assert imported.completed_at == asq.completed_at


def test_exported_higher_level_raises_the_flag(world: World, api_as: Any) -> None:
    clinician = world.users["clinician"]
    services.record_assessment(
        actor=clinician, client=world.client, instrument="asq", answers=NEGATIVE
    )
    services.set_risk_level(actor=clinician, client=world.client, level="moderate")
    api = api_as("clinician")
    bundle = _export_and_remove(world, api)
    r = api.post("/api/v1/clients/import/fhir", copy.deepcopy(bundle))
    assert r.status_code == 201, r.content
    client = Client.objects.get(pk=r.json()["client_id"])
    assert current_risk_level(client) == "moderate"
    change = RiskFlagChange.objects.get(client=client)
    assert (change.previous_level, change.level, change.source) == ("none", "moderate", "clinician")
    assert change.reason == "Raised to the level of a FHIR export"


def test_incomplete_screen_round_trips_as_stopped_and_still_acts(world: World, api_as: Any) -> None:
    """An incomplete PHQ-9 exports as a 'stopped' QuestionnaireResponse and imports as incomplete, with
    its item 9 answer still prompting the screen and raising the flag (issue 12)."""
    services.record_assessment(
        actor=world.users["clinician"],
        client=world.client,
        instrument="phq9",
        answers={"item2": 1, "item9": 2},
    )
    api = api_as("clinician")
    bundle = _export_and_remove(world, api)
    responses = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert [r["status"] for r in responses] == ["stopped"]
    r = api.post("/api/v1/clients/import/fhir", bundle)
    assert r.status_code == 201, r.content
    client = Client.objects.get(pk=r.json()["client_id"])
    imported = Assessment.objects.get(client=client)
    assert (imported.complete, imported.total, imported.prompts_suicide_screen) == (
        False,
        None,
        True,
    )
    assert imported.missing_items == [f"item{i}" for i in (1, 3, 4, 5, 6, 7, 8)]
    assert current_risk_level(client) == "low"

"""The plan API: save versions, read them, diff them, stale bases, bad input, signatures, PDFs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safeplan.audit.models import AuditEvent
from safeplan.plans.models import PlanSignature, SafetyPlanVersion
from tests.factories import World
from tests.plans.helpers import THU, ZOE, plan_body

URL = "/api/v1/clients/{}/safety-plan"


def test_save_read_and_version_numbers(world: World, api_as: Callable[[str], Any]) -> None:
    api = api_as("clinician")
    url = URL.format(world.client.pk)
    assert api.get(url).status_code == 404
    first = api.post(url, plan_body(0))
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["number"] == 1 and data["is_current"]
    assert [e["name"] for e in data["sections"]["help_people"]] == [THU, ZOE]
    assert data["sections"]["help_people"][0]["phone"] == "+16175550123"
    kinds = [e["kind"] for e in data["sections"]["professionals"]]
    assert kinds[:2] == ["clinician", "after_hours"] and "crisis_line" in kinds
    body = plan_body(1)
    body["sections"]["reasons"].append({"text": "Finishing my degree"})
    second = api.post(url, body)
    assert second.status_code == 201 and second.json()["number"] == 2
    assert api.get(url).json()["number"] == 2
    assert api.get(url + "/versions/1").json()["sections"]["reasons"] == data["sections"]["reasons"]
    listed = api.get(url + "/versions").json()
    assert [v["number"] for v in listed] == [2, 1]
    assert AuditEvent.objects.filter(client_id=world.client.pk, action="plan.viewed").count() == 1


def test_stale_base_is_a_conflict_naming_the_newer_version(
    world: World, api_as: Callable[[str], Any]
) -> None:
    url = URL.format(world.client.pk)
    assert api_as("clinician").post(url, plan_body(0)).status_code == 201
    assert api_as("supervisor").post(url, plan_body(1)).status_code == 201
    stale = api_as("clinician").post(url, plan_body(1))
    assert stale.status_code == 409
    detail = stale.json()["detail"][0]
    assert detail["loc"] == ["body", "base_version"] and "version 2" in detail["msg"]
    assert SafetyPlanVersion.objects.filter(plan__client=world.client).count() == 2


def test_bad_input_writes_nothing(world: World, api_as: Callable[[str], Any]) -> None:
    api = api_as("clinician")
    url = URL.format(world.client.pk)
    too_long = plan_body(0)
    too_long["sections"]["warning_signs"][0]["text"] = "x" * 501
    unknown_means = plan_body(0)
    unknown_means["sections"]["environment"][0]["means"] = "rope"
    bad_phone = plan_body(0)
    bad_phone["sections"]["help_people"][0]["phone"] = "555-01"
    duplicate_means = plan_body(0)
    duplicate_means["sections"]["environment"][1]["means"] = "firearm"
    for body, where in [
        (too_long, ["sections", "warning_signs", 0, "text"]),
        (unknown_means, ["sections", "environment", 0, "means"]),
        (bad_phone, ["sections", "help_people", "0", "phone"]),
        (duplicate_means, ["sections", "environment", "1", "means"]),
    ]:
        response = api.post(url, body)
        assert response.status_code == 422, response.content
        assert response.json()["detail"][0]["loc"][-4:] == where
    assert api.post(url, plan_body(3)).status_code == 422
    assert api.get(url + "/versions/9").status_code == 404
    assert not SafetyPlanVersion.objects.filter(plan__client=world.client).exists()


def test_diff_between_versions(world: World, api_as: Callable[[str], Any]) -> None:
    api = api_as("clinician")
    url = URL.format(world.client.pk)
    v1 = api.post(url, plan_body(0)).json()
    body = {"base_version": 1, "sections": v1["sections"]}
    body["sections"]["help_people"][1]["phone"] = "+1 212 555 0199"
    body["sections"]["warning_signs"].pop(0)
    body["sections"]["reasons"].append({"text": "My dog Pepper", "author": "client"})
    saved = api.post(url, body)
    assert saved.status_code == 201, saved.content
    diff = api.get(url + "/diff?from=1&to=2").json()
    kinds = {(c["kind"], c["section"]) for c in diff["changes"]}
    assert kinds == {
        ("changed", "help_people"),
        ("removed", "warning_signs"),
        ("added", "reasons"),
    }
    changed = next(c for c in diff["changes"] if c["kind"] == "changed")
    assert changed["fields"] == ["phone"] and ZOE in changed["summary"]
    assert api.get(url + "/diff?from=1&to=7").status_code == 404


def test_signing(world: World, api_as: Callable[[str], Any]) -> None:
    api = api_as("clinician")
    url = URL.format(world.client.pk)
    api.post(url, plan_body(0))
    mine = api.post(url + "/versions/1/sign", {"method": "clinician_login"})
    assert mine.status_code == 201 and mine.json()["role"] == "clinician"
    assert api.post(url + "/versions/1/sign", {}).status_code == 409
    client_sig = api.post(
        url + "/versions/1/sign", {"method": "verbal_in_session", "name": "Cleo Client"}
    )
    assert client_sig.status_code == 201 and client_sig.json()["name"] == "Cleo Client"
    plan = api.get(url).json()
    assert plan["signed_number"] == 1
    assert {s["role"] for s in plan["signatures"]} == {"client", "clinician"}
    assert api.post(url + "/versions/5/sign", {}).status_code == 404
    api.post(url, plan_body(1))
    assert api.post(url + "/versions/1/sign", {}).status_code == 409
    assert api.get(url).json()["signed_number"] == 1
    assert PlanSignature.objects.count() == 2

"""The emergency card and the current plan are cached per client, and never stale (issue 15).

A number changed, a support person's phone corrected or a plan saved is on the next read at once, inside a
test's transaction (triggers fire at once there) and with real commits (PostgreSQL's triggers fire at
commit); every read is still audited.
"""

from __future__ import annotations

from typing import Any

import pytest

from safeplan.audit.models import AuditEvent
from safeplan.plans import api as plans_api
from safeplan.telehealth import card as card_module
from tests.factories import World, make_world
from tests.plans.helpers import plan_body
from tests.telehealth.conftest import BOSTON


def _client_with_card(api: Any, cid: int) -> None:
    home = api.post(f"/api/v1/clients/{cid}/locations", {"kind": "home", **BOSTON}).json()
    person = {"name": "Sam Rivera", "relationship": "sister", "phone": "617-555-0190"}
    person["consent"] = {"scope": "safety_plan", "signed_on": "2026-01-02"}  # type: ignore[assignment]
    assert api.post(f"/api/v1/clients/{cid}/support-persons", person).status_code == 201
    gate = {
        "location": {"usual_location_id": home["id"]},
        "callback_phone": "+16175550142",
        "privacy": {"alone": True, "private_place": True},
    }
    assert api.post(f"/api/v1/clients/{cid}/sessions", gate).status_code == 201


def _numbers(card: dict[str, Any]) -> dict[int, str]:
    groups = ("local_numbers", "numbers_without_number", "numbers_other_area", "nearest_eds")
    return {n["resource_id"]: n["number"] for g in groups for n in card.get(g, [])}


def _reads(client_id: int, action: str) -> int:
    return AuditEvent.objects.filter(client_id=client_id, action=action).count()


def _changes_show_at_once(world: World, api: Any) -> None:
    cid = world.client.pk
    _client_with_card(api, cid)
    url = f"/api/v1/clients/{cid}/emergency-card"
    first = api.get(url).json()
    hits = card_module._FACTS.hits
    assert api.get(url).json()["local_numbers"] == first["local_numbers"]
    assert card_module._FACTS.hits == hits + 1  # the second read was served from the cache

    resource_id = first["local_numbers"][0]["resource_id"]
    confirm = {"method": "called", "phone": "+16175550000"}
    r = api.post(f"/api/v1/clients/{cid}/resources/{resource_id}/confirm", confirm)
    assert r.status_code == 200, r.content
    assert _numbers(api.get(url).json())[resource_id] == "+16175550000"

    person_id = first["support_persons"][0]["id"]
    r = api.patch(f"/api/v1/clients/{cid}/support-persons/{person_id}", {"phone": "617-555-0111"})
    assert r.status_code == 200, r.content
    assert api.get(url).json()["support_persons"][0]["phone"] == "+16175550111"
    assert _reads(cid, "emergency_card.viewed") == 4  # every read audited, cached or not

    plan_url = f"/api/v1/clients/{cid}/safety-plan"
    assert api.post(plan_url, plan_body()).status_code == 201
    assert api.get(plan_url).json()["number"] == 1
    hits = plans_api._CURRENT.hits
    assert api.get(plan_url).json()["number"] == 1
    assert plans_api._CURRENT.hits == hits + 1
    changed = plan_body(base_version=1)
    changed["sections"]["reasons"] = [{"text": "Seeing the sea again", "author": "client"}]
    assert api.post(plan_url, changed).status_code == 201
    plan = api.get(plan_url).json()
    assert plan["number"] == 2
    assert plan["sections"]["reasons"][0]["text"] == "Seeing the sea again"
    assert _reads(cid, "plan.viewed") == 3


def test_a_changed_number_is_on_the_next_card_read(world: World, api_as: Any) -> None:
    _changes_show_at_once(world, api_as("clinician"))


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_too(transactional_db: Any) -> None:
    from tests.conftest import ApiClient

    world = make_world()
    _changes_show_at_once(world, ApiClient(world.users["clinician"]))

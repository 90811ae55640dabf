"""The emergency card is read in a crisis: a fixed, small number of queries (DESIGN.md speed budgets)."""

from __future__ import annotations

from typing import Any

from tests.factories import World
from tests.telehealth.conftest import BOSTON


def test_emergency_card_query_count(
    api_as: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    api = api_as("clinician")
    cid = world.client.pk
    home = api.post(f"/api/v1/clients/{cid}/locations", {"kind": "home", **BOSTON}).json()
    r = api.post(
        f"/api/v1/clients/{cid}/support-persons",
        {
            "name": "Sam Rivera",
            "relationship": "sister",
            "phone": "617-555-0190",
            "consent": {"scope": "safety_plan", "signed_on": "2026-01-02"},
        },
    )
    assert r.status_code == 201, r.content
    gate = {
        "location": {"usual_location_id": home["id"]},
        "callback_phone": "+16175550142",
        "privacy": {"alone": True, "private_place": True},
    }
    assert api.post(f"/api/v1/clients/{cid}/sessions", gate).status_code == 201
    url = f"/api/v1/clients/{cid}/emergency-card"
    before = api.get(url).json()
    # token, client + care team, session, numbers, support persons, risk, backup plan, audit entry
    with django_assert_max_num_queries(8):
        card = api.get(url).json()
    assert card["location"]["confirmed_for_session"] is True
    assert card["session"]["clinician_name"] and card["support_persons"][0]["name"] == "Sam Rivera"
    assert {k: v for k, v in card.items() if k != "generated_at"} == {
        k: v for k, v in before.items() if k != "generated_at"
    }

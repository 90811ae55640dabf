"""The safety plan is read in a crisis: a fixed, small number of queries (DESIGN.md speed budgets)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.factories import World
from tests.plans.helpers import plan_body

URL = "/api/v1/clients/{}/safety-plan"


def test_current_plan_query_count(
    world: World, api_as: Callable[[str], Any], django_assert_max_num_queries: Any
) -> None:
    api = api_as("clinician")
    url = URL.format(world.client.pk)
    assert api.post(url, plan_body(0)).status_code == 201
    assert api.post(url + "/versions/1/sign", {"method": "clinician_login"}).status_code == 201
    before = api.get(url).json()
    # token, client + care team, version + plan + author, signatures, audit entry, home location
    with django_assert_max_num_queries(6):
        plan = api.get(url).json()
    assert plan == before
    assert plan["signatures"][0]["recorded_by"]["name"] and plan["author"]["name"]

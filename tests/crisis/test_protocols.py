"""An organisation adapts its protocols; each crisis keeps the steps it was opened with (issue 6)."""

from __future__ import annotations

from typing import Any

import pytest

from safeplan.crisis import services
from safeplan.crisis.models import OrganisationProtocol
from safeplan.lib.errors import InvalidInput, NotAllowed
from tests.crisis import builders
from tests.factories import World

STEPS = [
    {
        "code": "call_on_call",
        "title": "Call the clinic's on-call line",
        "do": "Tell the on-call clinician where the client is.",
        "record": "Who answered.",
        "actions": ["call:supervisor", "note"],
    }
]


def test_adapted_protocol_applies_to_new_crises_only(world: World) -> None:
    before = builders.open_crisis(world, crisis_type="other")
    row = services.set_protocol(actor=world.users["supervisor"], crisis_type="other", steps=STEPS)
    assert row.version == 1
    builders.account_for_safety(world, before)
    services.close_crisis(
        actor=world.users["clinician"], event=before, outcome="other", disposition="other"
    )
    after = builders.open_crisis(world, crisis_type="other")
    assert [s["code"] for s in after.protocol] == ["call_on_call"] and after.protocol_version == 1
    before.refresh_from_db()
    assert before.protocol[0]["code"] == "keep_contact" and before.protocol_version == 0
    services.set_protocol(actor=world.users["admin"], crisis_type="other", steps=[])
    steps, version = services.protocol_for(world.org, "other")
    assert version == 2 and steps[0]["code"] == "keep_contact"
    assert OrganisationProtocol.objects.filter(organisation=world.org).count() == 2
    # Another organisation is untouched.
    assert services.protocol_for(world.other_org, "other")[1] == 0


def test_only_admins_and_supervisors_adapt_protocols(world: World) -> None:
    with pytest.raises(NotAllowed):
        services.set_protocol(actor=world.users["clinician"], crisis_type="other", steps=STEPS)
    with pytest.raises(InvalidInput) as exc:
        services.set_protocol(
            actor=world.users["supervisor"], crisis_type="lost_connection", steps=STEPS
        )
    assert exc.value.field == "crisis_type"
    assert not OrganisationProtocol.objects.exists()


def test_protocol_api(world: World, api_as: Any) -> None:
    listed = api_as("clinician").get("/api/v1/crisis-protocols").json()
    assert [p["crisis_type"] for p in listed][:2] == ["suicidal_ideation", "self_harm"]
    assert all(p["version"] == 0 for p in listed)
    bad = api_as("supervisor").put(
        "/api/v1/crisis-protocols/other", {"steps": [{**STEPS[0], "code": ""}]}
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == [
        "body",
        "steps",
        "0",
        "code",
    ]
    ok = api_as("supervisor").put("/api/v1/crisis-protocols/other", {"steps": STEPS})
    assert ok.status_code == 200 and ok.json()["version"] == 1

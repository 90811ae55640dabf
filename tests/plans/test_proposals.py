"""The client proposes from the portal; the clinician sees a diff and accepts, discusses or declines."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.plans import proposals, selectors, services
from safeplan.plans.models import PlanProposal, SafetyPlanVersion
from tests.factories import World
from tests.plans.helpers import full_sections


@pytest.fixture
def plan(world: World) -> SafetyPlanVersion:
    return services.save_plan(
        client=world.client, actor=world.users["clinician"], content=full_sections(), base_version=0
    )


def _propose(world: World, content: dict[str, Any], base: int = 1) -> PlanProposal:
    return proposals.propose_changes(
        client=world.client, actor=world.users["client"], content=content, base_version=base
    )


def test_accept_flow(world: World, plan: SafetyPlanVersion, api_as: Callable[[str], Any]) -> None:
    content = copy.deepcopy(plan.content)
    content["reasons"].append({"text": "Seeing the sea again", "author": "clinician"})
    content["warning_signs"][1]["text"] = "Thinking I am a burden"
    proposal = _propose(world, content)
    url = f"/api/v1/clients/{world.client.pk}/safety-plan/proposals/{proposal.pk}"
    api = api_as("clinician")
    shown = api.get(url).json()
    assert {(c["kind"], c["section"]) for c in shown["changes"]} == {
        ("added", "reasons"),
        ("changed", "warning_signs"),
    }
    accepted = api.post(url + "/accept", {"base_version": 1})
    assert accepted.status_code == 201, accepted.content
    version = accepted.json()
    assert version["number"] == 2 and version["origin"] == "proposal"
    added = version["sections"]["reasons"][-1]
    assert added["text"] == "Seeing the sea again" and added["author"] == "client"
    assert version["sections"]["warning_signs"][1]["author"] == "client"
    assert version["sections"]["warning_signs"][0]["author"] == "client"  # unchanged, kept
    assert version["sections"]["help_people"][0]["author"] == "clinician"
    assert api.post(url + "/accept", {}).status_code == 409
    proposal.refresh_from_db()
    assert (proposal.status, proposal.resulting_number) == ("accepted", 2)


def test_client_cannot_remove_professional_contacts_or_crisis_lines(
    world: World, plan: SafetyPlanVersion
) -> None:
    crisis = [e for e in plan.content["professionals"] if e["origin"] == "directory"]
    assert crisis, "the directory gives US clients crisis lines"
    without_clinician = copy.deepcopy(plan.content)
    without_clinician["professionals"] = without_clinician["professionals"][1:]
    with pytest.raises(InvalidInput) as err:
        _propose(world, without_clinician)
    assert err.value.field == "professionals"
    renamed = copy.deepcopy(plan.content)
    renamed["professionals"][0]["phone"] = "+16175550999"
    with pytest.raises(InvalidInput):
        _propose(world, renamed)
    # Crisis lines dropped from the submission come back from the version the client saw.
    no_lines = copy.deepcopy(plan.content)
    no_lines["professionals"] = [e for e in no_lines["professionals"] if e["origin"] != "directory"]
    no_lines["reasons"].append({"text": "My cat"})
    proposal = _propose(world, no_lines)
    assert [e for e in proposal.content["professionals"] if e["origin"] == "directory"] == crisis
    assert not PlanProposal.objects.filter(status="accepted").exists()


def test_only_the_client_proposes(world: World, plan: SafetyPlanVersion) -> None:
    with pytest.raises(NotAllowed):
        proposals.propose_changes(
            client=world.client,
            actor=world.users["clinician"],
            content=plan.content,
            base_version=1,
        )


def test_stale_proposal_base_is_a_conflict(world: World, plan: SafetyPlanVersion) -> None:
    services.save_plan(
        client=world.client, actor=world.users["clinician"], content=plan.content, base_version=1
    )
    with pytest.raises(Conflict) as err:
        _propose(world, plan.content)
    assert "version 2" in err.value.message


def test_accept_merges_onto_changes_made_since(world: World, plan: SafetyPlanVersion) -> None:
    mine = copy.deepcopy(plan.content)
    mine["reasons"].append({"text": "My garden"})
    proposal = _propose(world, mine)
    team = copy.deepcopy(plan.content)
    team["help_people"].append({"name": "Ana", "phone": "617-555-0144"})
    services.save_plan(
        client=world.client, actor=world.users["clinician"], content=team, base_version=1
    )
    version = proposals.accept_proposal(
        client=world.client, proposal_id=proposal.pk, actor=world.users["clinician"]
    )
    assert version.number == 3
    assert [e["text"] for e in version.content["reasons"]][-1] == "My garden"
    assert [e["name"] for e in version.content["help_people"]][-1] == "Ana"


def test_conflicting_edits_are_refused(world: World, plan: SafetyPlanVersion) -> None:
    mine = copy.deepcopy(plan.content)
    mine["reasons"][0]["text"] = "My niece, my nephew and my sister"
    proposal = _propose(world, mine)
    team = copy.deepcopy(plan.content)
    team["reasons"][0]["text"] = "My family"
    services.save_plan(
        client=world.client, actor=world.users["clinician"], content=team, base_version=1
    )
    with pytest.raises(Conflict):
        proposals.accept_proposal(
            client=world.client, proposal_id=proposal.pk, actor=world.users["clinician"]
        )
    assert selectors.current_plan(world.client).number == 2  # type: ignore[union-attr]


def test_decline_with_a_reply_and_discussion(
    world: World, plan: SafetyPlanVersion, api_as: Callable[[str], Any]
) -> None:
    content = copy.deepcopy(plan.content)
    content["coping"] = []
    proposal = _propose(world, content)
    proposals.comment_on_proposal(
        client=world.client, proposal_id=proposal.pk, actor=world.users["client"], text="Why?"
    )
    url = f"/api/v1/clients/{world.client.pk}/safety-plan/proposals/{proposal.pk}"
    declined = api_as("clinician").post(url + "/decline", {"reply": "Let us keep breathing."})
    assert declined.status_code == 200
    body = declined.json()
    assert body["status"] == "declined"
    assert [c["text"] for c in body["comments"]] == ["Why?", "Let us keep breathing."]
    assert selectors.current_plan(world.client).number == 1  # type: ignore[union-attr]

"""The functions other apps call: set_review_due, add_pending_means_entry, current_plan, plan_review_due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.lib.errors import InvalidInput
from safeplan.plans import selectors, services
from safeplan.plans.models import ReviewDueChange, SafetyPlanVersion
from tests.factories import World


def test_set_review_due_only_moves_earlier(world: World) -> None:
    client, actor = world.client, world.users["clinician"]
    today = timezone.localdate()
    assert selectors.plan_review_due(client) is None
    services.set_review_due(
        client=client, due=today + dt.timedelta(days=10), actor=actor, reason="risk raised"
    )
    assert selectors.plan_review_due(client) == today + dt.timedelta(days=10)
    services.set_review_due(
        client=client, due=today + dt.timedelta(days=20), actor=actor, reason="routine"
    )
    assert selectors.plan_review_due(client) == today + dt.timedelta(days=10)
    services.set_review_due(
        client=client, due=today + dt.timedelta(days=2), actor=None, reason="crisis event"
    )
    assert selectors.plan_review_due(client) == today + dt.timedelta(days=2)
    assert ReviewDueChange.objects.filter(plan__client=client).count() == 2
    events = AuditEvent.objects.filter(client_id=client.pk, action="plan.review_due_set")
    assert [e.details["moved"] for e in events.order_by("id")] == [True, False, True]
    assert selectors.review_due_by_client([client.pk, world.other_client.pk]) == {
        client.pk: today + dt.timedelta(days=2)
    }


def test_set_review_due_rejects_bad_input(world: World) -> None:
    with pytest.raises(InvalidInput) as err:
        services.set_review_due(
            client=world.client, due=timezone.localdate(), actor=None, reason=""
        )
    assert err.value.field == "reason"
    assert selectors.plan_review_due(world.client) is None


def test_add_pending_means_entry_is_idempotent(world: World) -> None:
    client, actor = world.client, world.users["clinician"]
    assert selectors.current_plan(client) is None
    services.add_pending_means_entry(
        client=client, means="firearm", actor=actor, source="risk.safet"
    )
    services.add_pending_means_entry(
        client=client, means="firearm", actor=actor, source="risk.safet"
    )
    latest = selectors.current_plan(client)
    assert latest is not None and latest.number == 1
    (entry,) = latest.content["environment"]
    assert (entry["means"], entry["action"], entry["status"]) == ("firearm", "not_yet", "planned")
    services.add_pending_means_entry(
        client=client, means="medication", actor=None, source="crisis.event"
    )
    latest = selectors.current_plan(client)
    assert latest is not None and latest.number == 2
    assert [e["means"] for e in latest.content["environment"]] == ["firearm", "medication"]
    assert SafetyPlanVersion.objects.get(plan__client=client, number=1).content["environment"] == [
        entry
    ]
    with pytest.raises(InvalidInput) as err:
        services.add_pending_means_entry(client=client, means="rope", actor=actor, source="x")
    assert err.value.field == "means"


def test_means_entry_never_moves_review_later(world: World) -> None:
    client = world.client
    soon = timezone.localdate() + dt.timedelta(days=1)
    services.set_review_due(client=client, due=soon, actor=None, reason="crisis event")
    services.add_pending_means_entry(
        client=client, means="sharps", actor=None, source="crisis.event"
    )
    assert selectors.plan_review_due(client) == soon
    latest = selectors.current_plan(client)
    assert latest is not None and latest.review_due == soon

"""The cross-app contract: current_risk_level / current_risk_flag."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safeplan.risk.models import RiskFlagChange
from safeplan.risk.selectors import current_risk_flag, current_risk_level


def test_never_set_is_none(world):
    assert current_risk_level(world.client) == "none"
    assert current_risk_flag(world.client) is None


def test_newest_change_is_current(world):
    now = timezone.now()
    clinician = world.users["clinician"]
    RiskFlagChange.objects.create(
        client=world.client,
        level="high",
        previous_level="none",
        source="clinician",
        set_by=clinician,
        set_at=now - dt.timedelta(days=2),
    )
    newest = RiskFlagChange.objects.create(
        client=world.client,
        level="moderate",
        previous_level="high",
        source="clinician",
        set_by=clinician,
        set_at=now,
        reason="Safety plan in place",
    )
    assert current_risk_level(world.client) == "moderate"
    assert current_risk_flag(world.client) == newest
    assert newest.lowered
    assert current_risk_level(world.other_client) == "none"


def test_bulk_levels_for_a_caseload(world):
    from safeplan.clients.models import Client
    from safeplan.risk.selectors import risk_level_subquery, risk_levels_by_client

    RiskFlagChange.objects.create(
        client=world.client, level="low", previous_level="none", source="assessment"
    )
    RiskFlagChange.objects.create(
        client=world.client, level="high", previous_level="low", source="assessment"
    )
    assert risk_levels_by_client([world.client.pk, world.other_client.pk]) == {
        world.client.pk: "high"
    }
    assert risk_levels_by_client([]) == {}
    annotated = dict(Client.objects.annotate(risk=risk_level_subquery()).values_list("pk", "risk"))
    assert annotated == {world.client.pk: "high", world.other_client.pk: None}

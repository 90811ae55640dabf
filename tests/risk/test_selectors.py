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

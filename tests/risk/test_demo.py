"""The demo seeder: a realistic history per client, a pending PHQ-9 for the portal client, idempotent."""

from __future__ import annotations

import pytest

from safeplan.accounts.demo import seed_core
from safeplan.risk import demo
from safeplan.risk.models import Assessment, AssessmentRequest
from safeplan.risk.rules import score
from safeplan.risk.selectors import current_risk_level, latest_by_instrument


@pytest.mark.django_db
def test_demo_history_and_pending_request() -> None:
    ctx = seed_core("demo-password-1")
    demo.seed(ctx)
    for client in ctx.clients:
        assert set(latest_by_instrument(client)) >= {
            "phq9",
            "gad7",
            "asq",
            "cssrs_screener",
            "safet",
        }
        dates = Assessment.objects.filter(client=client).values_list("completed_at", flat=True)
        assert (max(dates) - min(dates)).days >= 90  # several months
    alex, _zoe, thu, *_ = ctx.clients
    assert current_risk_level(alex) == "none"  # lowered by the clinician, with reasons
    assert current_risk_level(thu) == "high"
    req = AssessmentRequest.objects.get(client=alex, completed_at__isnull=True)
    assert req.instrument == "phq9"
    # A BSSA follows each client's first non-acute positive ASQ (Alex: q1; Jordan, 14: q4, youth sheet).
    jordan = ctx.clients[4]
    for client, version in ((alex, "asq-bssa-nimh-adult"), (jordan, "asq-bssa-nimh-youth")):
        bssa = Assessment.objects.get(client=client, instrument="bssa")
        assert (bssa.follows.code, bssa.version, bssa.code) == (
            "non_acute_positive",
            version,
            "further_evaluation",
        )
        assert bssa.completed_at > bssa.follows.completed_at
    phqa = Assessment.objects.get(client=jordan, instrument="phqa")
    assert (phqa.total, phqa.code, phqa.implied_level) == (8, "mild", "low")
    assert not Assessment.objects.filter(client=alex, instrument="phqa").exists()
    count = Assessment.objects.count()
    demo.seed(ctx)
    assert Assessment.objects.count() == count
    assert AssessmentRequest.objects.filter(client=alex).count() == 1


def test_demo_answers_score_as_stored() -> None:
    for history in demo.HISTORIES:
        for _days, kind, data in history:
            if kind not in ("lower", "set"):
                score(kind, data)  # raises on any invalid demo answer
    assert sum(demo.phq(17, item9=2).values()) == 17
    assert sum(demo.gad(13).values()) == 13

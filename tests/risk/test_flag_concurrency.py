"""Two results recorded at the same moment never leave the flag lower than the higher one (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from safeplan.risk import services
from safeplan.risk.models import RiskFlagChange
from safeplan.risk.selectors import current_risk_level
from tests.factories import make_world


@pytest.mark.django_db(transaction=True)
def test_concurrent_results_keep_the_highest_level(postgres_only) -> None:
    world = make_world()
    clinician = world.users["clinician"]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    answers = {
        "asq": {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"},  # high
        "phq9": {f"item{i}": 0 for i in range(1, 9)} | {"item9": 1},  # low
    }

    def record(instrument: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.record_assessment(
                actor=clinician,
                client=world.client,
                instrument=instrument,
                answers=answers[instrument],
            )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    for _ in range(5):
        threads = [threading.Thread(target=record, args=(name,)) for name in answers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert not errors
        assert current_risk_level(world.client) == "high"
        services.set_risk_level(
            actor=clinician, client=world.client, level="none", reason="Test reset"
        )
    levels = list(RiskFlagChange.objects.values_list("previous_level", "level"))
    assert all(prev != "high" or level in ("high", "none") for prev, level in levels)

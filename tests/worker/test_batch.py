"""Batches of due rows: one transaction, a savepoint per row; a row that raises is pushed an hour later
and does not stop the others."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.utils import timezone

from safeplan.followup.models import CheckIn, CheckInState
from safeplan.followup.services import escalation, schedules
from tests.factories import make_client

NOON_NY = dt.datetime(2026, 6, 10, 16, 0, tzinfo=dt.UTC)


def test_a_bad_row_is_postponed_and_the_rest_proceed(world: Any, monkeypatch: Any) -> None:
    other = make_client(world.org, "A-002")
    with time_machine.travel(NOON_NY - dt.timedelta(days=1), tick=False):
        for client in (world.client, other):
            schedules.set_schedule(
                actor=world.users["supervisor"], client=client, changes={"interval_days": 1}
            )
    bad = CheckIn.objects.get(client=world.client)
    real = escalation._advance

    def flaky(checkin: Any, now: Any) -> None:
        if checkin.pk == bad.pk:
            raise RuntimeError("corrupt row")
        real(checkin, now)

    monkeypatch.setattr(escalation, "_advance", flaky)
    with time_machine.travel(NOON_NY, tick=False):
        assert escalation.advance_one_checkin() is True
        bad.refresh_from_db()
        assert bad.state == CheckInState.DUE
        assert bad.next_action_at == timezone.now() + dt.timedelta(hours=1)
        assert CheckIn.objects.get(client=other).state == CheckInState.REMINDED

"""Schedules tighten with risk (issue 12 "Follow-up that follows risk"), driven through time.

A fixed 28-day interval does not survive a rise to high (2 days by default, clinical-rules.md §2.4); a
clinician keeps a longer interval only by confirming it, with a reason, after the rise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from safeplan.audit.models import AuditEvent
from safeplan.followup.models import CheckIn, CheckInSchedule, CheckInState, IntervalConfirmation
from safeplan.followup.services import escalation, schedules
from safeplan.lib.errors import InvalidInput
from safeplan.risk import services as risk_services

UTC = dt.UTC
START = dt.datetime(2026, 3, 5, 15, 0, tzinfo=UTC)  # Thursday 10:00 EST (America/New_York)
RAISED = START + dt.timedelta(hours=3)


def _follow_flags(at: dt.datetime) -> None:
    with time_machine.travel(at + dt.timedelta(seconds=10), tick=False):
        while escalation.track_one_risk_change():
            pass


def _raise(world: Any, level: str, at: dt.datetime) -> None:
    with time_machine.travel(at, tick=False):
        risk_services.set_risk_level(
            actor=world.users["clinician"], client=world.client, level=level
        )
    _follow_flags(at)


@pytest.fixture
def monthly(world: Any) -> CheckInSchedule:
    with time_machine.travel(START, tick=False):
        return schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={"interval_days": 28}
        )


def _open(schedule: CheckInSchedule) -> CheckIn:
    return CheckIn.objects.get(schedule=schedule, state=CheckInState.DUE)


def test_a_rise_to_high_tightens_a_fixed_schedule(world: Any, monthly: CheckInSchedule) -> None:
    assert _open(monthly).due_at == dt.datetime(2026, 4, 2, 14, 0, tzinfo=UTC)  # 10:00 EDT
    _raise(world, "high", RAISED)
    monthly.refresh_from_db()
    assert (monthly.interval_days, monthly.tightened_from) == (2, 28)
    assert monthly.tightened_at == RAISED  # at once, through the risk event
    checkin = _open(monthly)
    # Two days from when it was planned, on the client's clock: Saturday 7 March 10:00 EST.
    assert (checkin.interval_days, checkin.risk_level) == (2, "high")
    assert checkin.due_at == dt.datetime(2026, 3, 7, 15, 0, tzinfo=UTC)
    tightened = AuditEvent.objects.get(action="checkin_schedule.tightened")
    assert tightened.details["level"] == "high" and tightened.details["was"] == 28
    assert AuditEvent.objects.filter(action="checkin.retimed").count() == 1
    _follow_flags(RAISED + dt.timedelta(minutes=5))  # nothing new: nothing changes twice
    assert AuditEvent.objects.filter(action="checkin_schedule.tightened").count() == 1


def test_the_organisation_cadence_is_the_cap(world: Any, monthly: CheckInSchedule) -> None:
    world.org.policy = {"followup.cadence_days": {"moderate": 5}}
    world.org.save()
    world.client.refresh_from_db()
    _raise(world, "moderate", RAISED)
    monthly.refresh_from_db()
    assert monthly.interval_days == 5 and _open(monthly).interval_days == 5


def test_a_shorter_fixed_interval_is_kept(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        schedule = schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={"interval_days": 1}
        )
    _raise(world, "high", RAISED)
    schedule.refresh_from_db()
    assert (schedule.interval_days, schedule.tightened_from) == (1, None)
    assert not AuditEvent.objects.filter(action="checkin_schedule.tightened").exists()


def test_keeping_the_longer_interval_needs_a_reason(world: Any, monthly: CheckInSchedule) -> None:
    _raise(world, "high", RAISED)
    later = RAISED + dt.timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(InvalidInput) as err:
            schedules.set_schedule(
                actor=world.users["clinician"], client=world.client, changes={"interval_days": 28}
            )
        assert err.value.field == "interval_reason"
        monthly.refresh_from_db()
        assert monthly.interval_days == 2 and not IntervalConfirmation.objects.exists()
        schedules.set_schedule(
            actor=world.users["clinician"],
            client=world.client,
            changes={
                "interval_days": 28,
                "interval_reason": "Seen weekly in clinic; family checks daily",
            },
        )
    monthly.refresh_from_db()
    assert (monthly.interval_days, monthly.tightened_from) == (28, None)
    confirmation = IntervalConfirmation.objects.get()
    assert (confirmation.level, confirmation.interval_days, confirmation.cadence_days) == (
        "high",
        28,
        2,
    )
    assert confirmation.reason == "Seen weekly in clinic; family checks daily"
    assert confirmation.confirmed_by == world.users["clinician"]
    assert _open(monthly).interval_days == 28
    event = AuditEvent.objects.get(action="checkin_schedule.longer_interval_confirmed")
    assert "Seen" not in str(event.details)
    # The flag history reaching the worker again does not undo the clinician's confirmed judgement...
    _follow_flags(later + dt.timedelta(minutes=1))
    monthly.refresh_from_db()
    assert monthly.interval_days == 28
    # ...and saving the schedule again (another field) needs no new reason.
    schedules.set_schedule(
        actor=world.users["clinician"],
        client=world.client,
        changes={"interval_days": 28, "quiet_start": "22:00"},
    )
    with pytest.raises(ValueError):
        confirmation.save()


def test_a_later_rise_tightens_a_confirmed_interval_again(
    world: Any, monthly: CheckInSchedule
) -> None:
    _raise(world, "moderate", RAISED)
    schedules.set_schedule(
        actor=world.users["clinician"],
        client=world.client,
        changes={"interval_days": 28, "interval_reason": "Stable on review"},
    )
    _raise(world, "high", RAISED + dt.timedelta(days=1))
    monthly.refresh_from_db()
    assert (monthly.interval_days, monthly.tightened_from) == (2, 28)


def test_lowering_the_level_never_loosens(world: Any, monthly: CheckInSchedule) -> None:
    _raise(world, "high", RAISED)
    with time_machine.travel(RAISED + dt.timedelta(hours=2), tick=False):
        risk_services.set_risk_level(
            actor=world.users["clinician"], client=world.client, level="none", reason="Reassessed"
        )
    _follow_flags(RAISED + dt.timedelta(hours=2))
    monthly.refresh_from_db()
    assert monthly.interval_days == 2 and _open(monthly).interval_days == 2


@pytest.mark.parametrize(("days", "needs_reason"), [(28, False), (29, True)])
def test_without_a_flag_the_none_cadence_is_the_cap(
    world: Any, days: int, needs_reason: bool
) -> None:
    changes: dict[str, Any] = {"interval_days": days}
    if needs_reason:
        with pytest.raises(InvalidInput) as err:
            schedules.set_schedule(
                actor=world.users["clinician"], client=world.client, changes=changes
            )
        assert err.value.field == "interval_reason"
        assert not CheckInSchedule.objects.exists()
        changes["interval_reason"] = "Client prefers monthly"
    schedules.set_schedule(actor=world.users["clinician"], client=world.client, changes=changes)
    assert IntervalConfirmation.objects.count() == int(needs_reason)


def test_the_rise_tightens_at_once_through_the_risk_event(
    world: Any, monthly: CheckInSchedule
) -> None:
    """No worker pass: the risk app's "level raised" event tightens the schedule in its own transaction."""
    with time_machine.travel(RAISED, tick=False):
        risk_services.set_risk_level(
            actor=world.users["clinician"], client=world.client, level="high"
        )
    monthly.refresh_from_db()
    assert (monthly.interval_days, monthly.tightened_at) == (2, RAISED)
    assert _open(monthly).interval_days == 2
    event = AuditEvent.objects.get(action="checkin_schedule.tightened")
    assert event.actor_id == world.users["clinician"].pk


def test_a_result_that_raises_the_flag_tightens_at_once(
    world: Any, monthly: CheckInSchedule
) -> None:
    with time_machine.travel(RAISED, tick=False):
        risk_services.record_assessment(
            actor=world.users["clinician"],
            client=world.client,
            instrument="asq",
            answers={"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"},
        )
    monthly.refresh_from_db()
    assert monthly.interval_days == 2 and monthly.tightened_from == 28


def test_the_page_shows_the_tightening_and_the_kept_interval(
    world: Any, monthly: CheckInSchedule, page_as: Any
) -> None:
    _raise(world, "high", RAISED)
    page = page_as("clinician")
    url = f"/clients/{world.client.pk}/check-ins/"
    html = page.get(url).content.decode()
    assert "tightened from every 28 days to every 2 days" in html
    schedules.set_schedule(
        actor=world.users["clinician"],
        client=world.client,
        changes={"interval_days": 28, "interval_reason": "Seen in clinic weekly"},
    )
    html = page.get(url).content.decode()
    assert "longer than the 2-day cadence for high risk" in html
    assert "Seen in clinic weekly" in html

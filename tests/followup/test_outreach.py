"""The outreach protocol after "unable to reach" a moderate/high-risk client's missed check-in (issue 12):
the support person, then a welfare check at the last confirmed location (clinical-rules.md §9 steps 4-5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from safeplan.audit.models import AuditEvent
from safeplan.followup.models import CheckIn, CheckInState, OutreachAttempt
from safeplan.followup.services import escalation, outreach, schedules
from safeplan.lib.errors import InvalidInput
from safeplan.notifications.models import Notification
from safeplan.risk import services as risk_services

UTC = dt.UTC
START = dt.datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


def _drain() -> None:
    for _ in range(50):
        if not escalation.advance_one_checkin():
            return


def _missed(world: Any, level: str) -> CheckIn:
    with time_machine.travel(START, tick=False):
        if level != "none":
            risk_services.set_risk_level(
                actor=world.users["clinician"], client=world.client, level=level
            )
        schedule = schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={}
        )
    checkin = CheckIn.objects.get(schedule=schedule)
    with time_machine.travel(checkin.due_at + dt.timedelta(hours=24), tick=False):
        _drain()
    checkin.refresh_from_db()
    assert checkin.state in (CheckInState.CLINICIAN_ALERTED, CheckInState.SUPERVISOR_ALERTED)
    return checkin


def _close(world: Any, checkin: CheckIn, outcome: str) -> CheckIn:
    return outreach.close_checkin(
        actor=world.users["clinician"], client=world.client, checkin_id=checkin.pk, outcome=outcome
    )


def test_unable_to_reach_a_high_risk_client_starts_the_outreach_protocol(world: Any) -> None:
    checkin = _missed(world, "high")
    at = checkin.due_at + dt.timedelta(hours=25)
    with time_machine.travel(at, tick=False):
        step = _close(world, checkin, "unable_to_reach")
    assert step.is_open and step.outreach_step == "support_person"
    assert step.state == CheckInState.SUPERVISOR_ALERTED
    assert step.next_action_at == at + dt.timedelta(hours=2)  # the high tier's supervisor deadline
    assert CheckIn.objects.filter(client=world.client, state=CheckInState.DUE).count() == 0
    told = Notification.objects.get(
        recipient=world.users["clinician"], kind="checkin_outreach", acknowledged_at__isnull=True
    )
    assert told.urgent and "support person" in told.title and "Cleo" not in told.title
    assert Notification.objects.filter(
        recipient=world.users["supervisor"], kind="checkin_outreach"
    ).exists()

    # The support person could not reach the client either: a welfare check at the confirmed location.
    with time_machine.travel(at + dt.timedelta(minutes=30), tick=False):
        step = _close(world, step, "no_answer")
    assert step.outreach_step == "welfare_check" and step.is_open
    # Only requesting the welfare check (or reaching the client) ends it.
    with pytest.raises(InvalidInput) as err:
        _close(world, step, "message_left")
    assert err.value.field == "outcome"
    with time_machine.travel(at + dt.timedelta(minutes=50), tick=False):
        done = _close(world, step, "welfare_check_requested")
    assert done.state == CheckInState.CLOSED and done.outcome == "welfare_check_requested"
    assert CheckIn.objects.filter(client=world.client, state=CheckInState.DUE).count() == 1
    attempts = list(
        OutreachAttempt.objects.filter(checkin=checkin)
        .order_by("id")
        .values_list("step", "outcome", "recorded_by")
    )
    clinician = world.users["clinician"].pk
    # The refused "message left" wrote nothing (one transaction per call).
    assert attempts == [
        ("client", "unable_to_reach", clinician),
        ("support_person", "no_answer", clinician),
        ("welfare_check", "welfare_check_requested", clinician),
    ]
    steps = list(
        AuditEvent.objects.filter(action="checkin.outreach_step").values_list("details", flat=True)
    )
    assert [d["step"] for d in steps] == ["support_person", "welfare_check"]


def test_the_support_person_reaching_the_client_ends_it(world: Any) -> None:
    checkin = _missed(world, "moderate")
    step = _close(world, checkin, "unable_to_reach")
    assert step.outreach_step == "support_person"
    done = _close(world, step, "reached_support_person")
    assert done.state == CheckInState.CLOSED
    assert not Notification.objects.filter(
        kind__startswith="checkin_", acknowledged_at__isnull=True
    ).exclude(recipient=world.users["client"])


def test_an_unrecorded_step_alerts_the_supervisors_again(world: Any) -> None:
    checkin = _missed(world, "high")
    at = checkin.due_at + dt.timedelta(hours=25)
    with time_machine.travel(at, tick=False):
        step = _close(world, checkin, "unable_to_reach")
    with time_machine.travel(at + dt.timedelta(hours=1, minutes=59), tick=False):
        _drain()
    assert not Notification.objects.filter(kind="checkin_outreach_overdue").exists()
    with time_machine.travel(at + dt.timedelta(hours=2), tick=False):
        _drain()
    assert Notification.objects.filter(
        recipient=world.users["supervisor"], kind="checkin_outreach_overdue", urgent=True
    ).exists()
    step.refresh_from_db()
    assert step.is_open and step.next_action_at is None


@pytest.mark.parametrize("level", ["none", "low"])
def test_unable_to_reach_at_low_risk_closes_as_before(world: Any, level: str) -> None:
    checkin = _missed(world, level)
    done = _close(world, checkin, "unable_to_reach")
    assert done.state == CheckInState.CLOSED and not done.outreach_step


def test_a_welfare_check_is_not_the_first_step(world: Any) -> None:
    checkin = _missed(world, "high")
    with pytest.raises(InvalidInput) as err:
        _close(world, checkin, "welfare_check_requested")
    assert err.value.field == "outcome"
    assert not OutreachAttempt.objects.exists()


def test_the_page_shows_the_step_and_the_support_people(world: Any, page_as: Any) -> None:
    checkin = _missed(world, "high")
    _close(world, checkin, "unable_to_reach")
    page = page_as("clinician").get(f"/clients/{world.client.pk}/check-ins/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Outreach: Contact the support person" in html
    assert "tel:911" not in html

"""Check-in schedules, answers and the escalation ladder, driven through time with time-machine.

The client lives in America/New_York; clocks go forward on 2026-03-08, so a weekly check-in planned on
Thursday 5 March at 10:00 EST is due Thursday 12 March at 10:00 EDT (167 hours later).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.followup.models import CheckIn, CheckInSchedule, CheckInState, RiskWatch
from safeplan.followup.services import escalation, outreach, schedules
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.notifications import services as notifications
from safeplan.notifications.models import Notification, OutboundMessage
from safeplan.risk.models import RiskFlagChange

UTC = dt.UTC
START = dt.datetime(2026, 3, 5, 15, 0, tzinfo=UTC)  # Thursday 10:00 EST
GOOD = {"mood": 6, "urges": 1, "safe_now": True, "used_plan": True, "plan_helped": "yes"}


def _drain(now: dt.datetime | None = None) -> int:
    done = 0
    while escalation.advance_one_checkin(now):
        done += 1
        assert done < 50
    return done


@pytest.fixture
def weekly(world: Any) -> CheckInSchedule:
    with time_machine.travel(START, tick=False):
        return schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={"interval_days": 7}
        )


def test_schedule_opens_the_first_checkin_across_dst(world: Any, weekly: CheckInSchedule) -> None:
    checkin = CheckIn.objects.get(schedule=weekly)
    assert checkin.state == CheckInState.DUE
    assert checkin.due_at == dt.datetime(2026, 3, 12, 14, 0, tzinfo=UTC)  # 10:00 EDT
    assert checkin.next_action_at == checkin.due_at
    assert weekly.time_zone == "America/New_York"
    assert AuditEvent.objects.filter(action="checkin_schedule.created").count() == 1


def test_default_cadence_follows_the_risk_level(world: Any) -> None:
    RiskFlagChange.objects.create(
        client=world.client, level="high", previous_level="none", source="clinician"
    )
    with time_machine.travel(START, tick=False):
        schedule = schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={}
        )
    checkin = CheckIn.objects.get(schedule=schedule)
    assert (checkin.interval_days, checkin.risk_level) == (2, "high")
    assert checkin.due_at == START + dt.timedelta(days=2)


def test_organisation_cadence_setting(world: Any) -> None:
    world.org.policy = {"followup.cadence_days": {"none": 10}}
    world.org.save()
    world.client.refresh_from_db()
    schedule = schedules.set_schedule(
        actor=world.users["clinician"], client=world.client, changes={}
    )
    assert CheckIn.objects.get(schedule=schedule).interval_days == 10


def test_the_ladder_walks_up_to_the_supervisor(world: Any, weekly: CheckInSchedule) -> None:
    checkin = CheckIn.objects.get(schedule=weekly)
    due = checkin.due_at
    with time_machine.travel(due - dt.timedelta(minutes=1), tick=False):
        assert _drain() == 0
    with time_machine.travel(due, tick=False):
        assert _drain() == 1
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.REMINDED and checkin.reminded_at == due
    sms = OutboundMessage.objects.get(dedupe_key=f"checkin:{checkin.pk}:reminder:sms")
    assert sms.to_address == world.client.phone and sms.template == "client_checkin_reminder"
    assert Notification.objects.get(recipient=world.users["client"]).link == "/portal/check-in/"

    with time_machine.travel(due + dt.timedelta(hours=23), tick=False):
        assert _drain() == 0
    with time_machine.travel(due + dt.timedelta(hours=24), tick=False):
        assert _drain() == 2  # missed, then the clinician is alerted at once
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.CLINICIAN_ALERTED
    alert = Notification.objects.get(recipient=world.users["clinician"])
    assert alert.urgent and alert.kind == "checkin_missed"
    assert alert.title == "Check-in missed: A-001 (CC)"
    assert "Cleo" not in alert.title

    with time_machine.travel(due + dt.timedelta(hours=47), tick=False):
        assert _drain() == 0
    with time_machine.travel(due + dt.timedelta(hours=48), tick=False):
        assert _drain() == 1
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.SUPERVISOR_ALERTED and checkin.next_action_at is None
    assert Notification.objects.filter(
        recipient=world.users["supervisor"], kind="checkin_missed_unacknowledged", urgent=True
    ).exists()
    states = list(
        AuditEvent.objects.filter(action__startswith="checkin.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert states == [
        "checkin.reminded",
        "checkin.missed",
        "checkin.clinician_alerted",
        "checkin.supervisor_alerted",
    ]


def test_acknowledged_alert_does_not_reach_the_supervisor(
    world: Any, weekly: CheckInSchedule
) -> None:
    checkin = CheckIn.objects.get(schedule=weekly)
    due = checkin.due_at
    with time_machine.travel(due + dt.timedelta(hours=24), tick=False):
        _drain()
    alert = Notification.objects.get(recipient=world.users["clinician"])
    notifications.acknowledge(actor=world.users["clinician"], notification_id=alert.pk)
    with time_machine.travel(due + dt.timedelta(hours=49), tick=False):
        _drain()
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.CLINICIAN_ALERTED and checkin.next_action_at is None
    assert not Notification.objects.filter(recipient=world.users["supervisor"]).exists()


def test_supervisor_delay_is_configurable(world: Any, weekly: CheckInSchedule) -> None:
    world.org.policy = {"followup.supervisor_after_hours": 2}
    world.org.save()
    checkin = CheckIn.objects.get(schedule=weekly)
    with time_machine.travel(checkin.due_at + dt.timedelta(hours=24), tick=False):
        _drain()
    with time_machine.travel(checkin.due_at + dt.timedelta(hours=26), tick=False):
        _drain()
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.SUPERVISOR_ALERTED


def test_reminder_waits_for_the_end_of_quiet_hours(world: Any) -> None:
    late_evening = dt.datetime(2026, 3, 7, 3, 30, tzinfo=UTC)  # Friday 22:30 EST
    with time_machine.travel(late_evening, tick=False):
        schedule = schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={"interval_days": 1}
        )
    checkin = CheckIn.objects.get(schedule=schedule)
    # Due Saturday 22:30 EST; quiet 21:00-08:00, and the clocks go forward that night.
    assert checkin.due_at == dt.datetime(2026, 3, 8, 3, 30, tzinfo=UTC)
    assert checkin.next_action_at == dt.datetime(2026, 3, 8, 12, 0, tzinfo=UTC)  # Sunday 08:00 EDT
    with time_machine.travel(checkin.due_at, tick=False):
        assert _drain() == 0
    with time_machine.travel(checkin.next_action_at, tick=False):
        assert _drain() == 1
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.REMINDED


def test_a_late_worker_still_respects_quiet_hours(world: Any, weekly: CheckInSchedule) -> None:
    checkin = CheckIn.objects.get(schedule=weekly)
    night = dt.datetime(2026, 3, 13, 3, 0, tzinfo=UTC)  # the worker wakes at 23:00 EDT
    with time_machine.travel(night, tick=False):
        assert _drain() == 1  # one unit: parked until morning, no reminder
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.DUE
    assert checkin.next_action_at == dt.datetime(2026, 3, 13, 12, 0, tzinfo=UTC)
    assert not OutboundMessage.objects.exists()


def test_client_completes_and_the_next_one_opens(world: Any, weekly: CheckInSchedule) -> None:
    first = CheckIn.objects.get(schedule=weekly)
    at = dt.datetime(2026, 3, 11, 20, 0, tzinfo=UTC)
    with time_machine.travel(at, tick=False):
        done = schedules.complete_checkin(
            actor=world.users["client"], client=world.client, answers=GOOD
        )
    assert done.pk == first.pk and done.state == CheckInState.COMPLETED
    assert done.channel == "portal" and not done.risk_indicated
    assert done.answers["mood"] == 6
    nxt = CheckIn.objects.get(schedule=weekly, state=CheckInState.DUE)
    assert nxt.due_at == at + dt.timedelta(days=7)
    assert not Notification.objects.filter(recipient=world.users["clinician"]).exists()


@pytest.mark.parametrize(
    ("answers", "reasons"),
    [
        ({**GOOD, "safe_now": False}, ["not_safe_now"]),
        ({**GOOD, "urges": 9}, ["strong_urges"]),
        ({**GOOD, "changes": "honestly I want to die"}, ["crisis_language"]),
    ],
)
def test_risky_answers_alert_the_clinician(
    world: Any, weekly: CheckInSchedule, answers: dict[str, Any], reasons: list[str]
) -> None:
    done = schedules.complete_checkin(
        actor=world.users["client"], client=world.client, answers=answers
    )
    assert done.risk_indicated and done.risk_reasons == reasons
    alert = Notification.objects.get(recipient=world.users["clinician"])
    assert alert.urgent and alert.kind == "checkin_risk"
    assert OutboundMessage.objects.filter(to_user=world.users["clinician"]).count() == (
        1 if world.users["clinician"].email else 0
    )


def test_clinician_records_a_phone_checkin(world: Any, weekly: CheckInSchedule) -> None:
    done = schedules.complete_checkin(
        actor=world.users["clinician"], client=world.client, answers=GOOD
    )
    assert done.channel == "phone" and done.completed_by == world.users["clinician"]


def test_bad_answers_write_nothing(world: Any, weekly: CheckInSchedule) -> None:
    with pytest.raises(InvalidInput) as err:
        schedules.complete_checkin(
            actor=world.users["client"], client=world.client, answers={**GOOD, "mood": 12}
        )
    assert err.value.field == "answers.mood"
    assert CheckIn.objects.get(schedule=weekly).state == CheckInState.DUE


def test_client_without_a_schedule_cannot_check_in(world: Any) -> None:
    with pytest.raises(Conflict):
        schedules.complete_checkin(actor=world.users["client"], client=world.client, answers=GOOD)
    assert not CheckIn.objects.exists()


def test_closing_a_missed_checkin_acknowledges_its_alerts(
    world: Any, weekly: CheckInSchedule
) -> None:
    checkin = CheckIn.objects.get(schedule=weekly)
    with time_machine.travel(checkin.due_at + dt.timedelta(hours=24), tick=False):
        _drain()
        closed = outreach.close_checkin(
            actor=world.users["clinician"],
            client=world.client,
            checkin_id=checkin.pk,
            outcome="reached",
        )
    assert closed.state == CheckInState.CLOSED and closed.outcome == "reached"
    assert not Notification.objects.filter(acknowledged_at__isnull=True).exclude(
        recipient=world.users["client"]
    )
    assert CheckIn.objects.filter(schedule=weekly, state=CheckInState.DUE).count() == 1
    with pytest.raises(Conflict):
        outreach.close_checkin(
            actor=world.users["clinician"],
            client=world.client,
            checkin_id=checkin.pk,
            outcome="reached",
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"interval_days": 0}, "interval_days"),
        ({"interval_days": -7}, "interval_days"),
        ({"interval_days": 400}, "interval_days"),
        ({"quiet_start": "08:00", "quiet_end": "08:00"}, "quiet_end"),
        ({"quiet_start": "00:00", "quiet_end": "23:45"}, "quiet_end"),
        ({"quiet_start": "25:00"}, "quiet_start"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"reminder_channel": "fax"}, "reminder_channel"),
        ({"screener": "rorschach"}, "screener"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_schedules_write_nothing(world: Any, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        schedules.set_schedule(actor=world.users["clinician"], client=world.client, changes=changes)
    assert err.value.field == field
    assert not CheckInSchedule.objects.exists() and not CheckIn.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="checkin_schedule").exists()


def test_only_clinical_staff_set_schedules(world: Any) -> None:
    for persona in ("admin", "client"):
        with pytest.raises(NotAllowed):
            schedules.set_schedule(actor=world.users[persona], client=world.client, changes={})


def test_changing_the_interval_retimes_the_open_checkin(
    world: Any, weekly: CheckInSchedule
) -> None:
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={"interval_days": 3}
        )
    checkin = CheckIn.objects.get(schedule=weekly, state=CheckInState.DUE)
    assert checkin.due_at == dt.datetime(2026, 3, 8, 14, 0, tzinfo=UTC)  # Sunday 10:00 EDT


def test_pausing_cancels_the_open_checkin(world: Any, weekly: CheckInSchedule) -> None:
    schedules.set_schedule(
        actor=world.users["clinician"], client=world.client, changes={"active": False}
    )
    assert CheckIn.objects.get(schedule=weekly).state == CheckInState.CANCELLED


def test_rising_risk_tightens_the_cadence_and_feeds_the_dashboard(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        schedule = schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={}
        )
    checkin = CheckIn.objects.get(schedule=schedule)
    assert checkin.interval_days == 28
    raised = START + dt.timedelta(hours=3)
    with time_machine.travel(raised, tick=False):
        RiskFlagChange.objects.create(
            client=world.client,
            level="high",
            previous_level="none",
            source="clinician",
            set_at=timezone.now(),
        )
        assert escalation.track_one_risk_change() is False, "waits for the flag to settle"
    with time_machine.travel(raised + dt.timedelta(seconds=10), tick=False):
        assert escalation.track_one_risk_change() is True
        assert escalation.track_one_risk_change() is False
    checkin.refresh_from_db()
    assert checkin.interval_days == 2 and checkin.due_at == START + dt.timedelta(days=2)
    watch = RiskWatch.objects.get(client=world.client)
    assert watch.level == "high" and watch.organisation_id == world.org.pk


def test_attached_screener_is_a_repeating_request_to_the_client(world: Any) -> None:
    from safeplan.risk.models import AssessmentRequest

    schedules.set_schedule(
        actor=world.users["clinician"],
        client=world.client,
        changes={"interval_days": 14, "screener": "phq9"},
    )
    request = AssessmentRequest.objects.get(client=world.client)
    assert request.instrument == "phq9" and request.repeat_every_days == 14 and request.is_open
    schedules.set_schedule(
        actor=world.users["clinician"], client=world.client, changes={"screener": ""}
    )
    request.refresh_from_db()
    assert request.cancelled_at is not None

"""The overdue ladder tiered by risk level, as data an organisation adapts (issue 12), driven through time.

Defaults (``rules.DEFAULT_LADDER``): high → clinician 2 h after the due time, supervisor 2 h later, and an
acknowledgement does not stop the climb; moderate 8 h / 8 h; low and none as before (24 h / 24 h, an
acknowledgement stops it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from safeplan.audit.models import AuditEvent
from safeplan.followup import rules
from safeplan.followup import settings as fsettings
from safeplan.followup.models import CheckIn, CheckInState
from safeplan.followup.services import escalation, policy, schedules
from safeplan.lib.errors import InvalidInput, NotAllowed
from safeplan.notifications import services as notifications
from safeplan.notifications.models import Notification
from safeplan.risk import services as risk_services

UTC = dt.UTC
START = dt.datetime(2026, 3, 5, 15, 0, tzinfo=UTC)  # Thursday 10:00 EST


def _drain() -> int:
    done = 0
    while escalation.advance_one_checkin():
        done += 1
        assert done < 50
    return done


def _high_client(world: Any) -> CheckIn:
    with time_machine.travel(START, tick=False):
        risk_services.set_risk_level(
            actor=world.users["clinician"], client=world.client, level="high"
        )
        schedule = schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={}
        )
    return CheckIn.objects.get(schedule=schedule)


def test_a_missed_high_risk_checkin_reaches_clinician_and_supervisor_within_hours(
    world: Any,
) -> None:
    checkin = _high_client(world)
    due = checkin.due_at
    assert (checkin.interval_days, checkin.risk_level) == (2, "high")
    with time_machine.travel(due, tick=False):
        assert _drain() == 1  # reminded
    with time_machine.travel(due + dt.timedelta(hours=1, minutes=59), tick=False):
        assert _drain() == 0
    with time_machine.travel(due + dt.timedelta(hours=2), tick=False):
        assert _drain() == 2  # missed, clinician alerted at once
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.CLINICIAN_ALERTED
    alert = Notification.objects.get(recipient=world.users["clinician"], kind="checkin_missed")
    assert alert.urgent
    # The clinician acknowledges the alert but has not reached the client: the climb goes on.
    notifications.acknowledge(actor=world.users["clinician"], notification_id=alert.pk)
    with time_machine.travel(due + dt.timedelta(hours=3, minutes=59), tick=False):
        assert _drain() == 0
    with time_machine.travel(due + dt.timedelta(hours=4), tick=False):
        assert _drain() == 1
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.SUPERVISOR_ALERTED
    assert checkin.supervisor_alerted_at == due + dt.timedelta(hours=4)
    assert Notification.objects.filter(
        recipient=world.users["supervisor"], kind="checkin_missed_unacknowledged", urgent=True
    ).exists()


def test_low_risk_climbs_as_before_and_an_acknowledgement_stops_it(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        risk_services.set_risk_level(
            actor=world.users["clinician"], client=world.client, level="low"
        )
        schedule = schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={}
        )
    checkin = CheckIn.objects.get(schedule=schedule)
    due = checkin.due_at
    with time_machine.travel(due + dt.timedelta(hours=23), tick=False):
        _drain()
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.REMINDED
    with time_machine.travel(due + dt.timedelta(hours=24), tick=False):
        _drain()
    alert = Notification.objects.get(recipient=world.users["clinician"], kind="checkin_missed")
    notifications.acknowledge(actor=world.users["clinician"], notification_id=alert.pk)
    with time_machine.travel(due + dt.timedelta(hours=49), tick=False):
        _drain()
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.CLINICIAN_ALERTED and checkin.next_action_at is None


def test_a_rise_while_overdue_moves_the_checkin_to_the_faster_tier(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        schedule = schedules.set_schedule(
            actor=world.users["clinician"], client=world.client, changes={"interval_days": 7}
        )
    checkin = CheckIn.objects.get(schedule=schedule)
    due = checkin.due_at
    with time_machine.travel(due, tick=False):
        _drain()  # reminded; missed would be at due + 24 h
    raised = due + dt.timedelta(hours=3)
    with time_machine.travel(raised, tick=False):
        risk_services.set_risk_level(
            actor=world.users["clinician"], client=world.client, level="high"
        )
    with time_machine.travel(raised + dt.timedelta(seconds=10), tick=False):
        while escalation.track_one_risk_change():
            pass
    checkin.refresh_from_db()
    assert checkin.risk_level == "high"
    assert checkin.next_action_at == raised  # at once: 2 h after due has passed
    with time_machine.travel(raised + dt.timedelta(seconds=20), tick=False):
        assert _drain() == 2
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.CLINICIAN_ALERTED
    assert AuditEvent.objects.filter(action="checkin.tier_raised").count() == 1


def test_an_organisation_adapts_its_ladder(world: Any) -> None:
    ladder = {
        "high": {"clinician_after_hours": 1, "supervisor_after_hours": 0.5},
        "moderate": {"clinician_after_hours": 4, "supervisor_after_hours": 4},
        "low": {"clinician_after_hours": 24, "supervisor_after_hours": 24},
        "none": {"clinician_after_hours": 48, "supervisor_after_hours": 24},
    }
    policy.set_overdue_ladder(actor=world.users["admin"], ladder=ladder)
    world.org.refresh_from_db()
    high = fsettings.ladder(world.org, "high")
    assert (high.missed_after, high.supervisor_after) == (
        dt.timedelta(hours=1),
        dt.timedelta(minutes=30),
    )
    assert high.acknowledgement_stops is True  # not given: as an organisation chose
    assert fsettings.ladder(world.org, "none").missed_after == dt.timedelta(hours=48)
    assert AuditEvent.objects.filter(action="followup_policy.ladder_changed").count() == 1
    policy.set_overdue_ladder(actor=world.users["supervisor"], ladder=None)
    world.org.refresh_from_db()
    assert fsettings.ladder(world.org, "high").missed_after == dt.timedelta(hours=2)


def _ladder(**changes: Any) -> dict[str, Any]:
    ladder = {level: dict(tier) for level, tier in rules.DEFAULT_LADDER.items()}
    for path, value in changes.items():
        level, step = path.split("__")
        if value is None:
            ladder[level].pop(step)
        else:
            ladder[level][step] = value
    return ladder


@pytest.mark.parametrize(
    ("ladder", "field"),
    [
        (_ladder(high__supervisor_after_hours=None), "ladder.high.supervisor_after_hours"),
        (_ladder(moderate__clinician_after_hours=0), "ladder.moderate.clinician_after_hours"),
        (_ladder(low__supervisor_after_hours=-1), "ladder.low.supervisor_after_hours"),
        (_ladder(none__supervisor_after_hours=True), "ladder.none.supervisor_after_hours"),
        (_ladder(high__clinician_after_hours=48), "ladder.high.clinician_after_hours"),
        (_ladder(high__supervisor_after_hours=0.001), "ladder.high.supervisor_after_hours"),
        (_ladder(none__supervisor_after_hours=-1e308), "ladder.none.supervisor_after_hours"),
        (_ladder(none__supervisor_after_hours=1e308), "ladder.none.supervisor_after_hours"),
        (_ladder(high__escalate_to="nobody"), "ladder.high"),
        ({"high": rules.DEFAULT_LADDER["high"]}, "ladder.none"),
        ("fast", "ladder"),
    ],
)
def test_a_bad_ladder_is_refused_and_nothing_is_stored(world: Any, ladder: Any, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        policy.set_overdue_ladder(actor=world.users["admin"], ladder=ladder)
    assert err.value.field == field
    world.org.refresh_from_db()
    assert "followup.overdue_ladder" not in (world.org.policy or {})
    assert not AuditEvent.objects.filter(action="followup_policy.ladder_changed").exists()


def test_only_admins_and_supervisors_set_the_ladder(world: Any) -> None:
    for persona in ("clinician", "client"):
        with pytest.raises(NotAllowed):
            policy.set_overdue_ladder(actor=world.users[persona], ladder=None)


def test_a_hand_edited_bad_ladder_falls_back_to_the_defaults(world: Any) -> None:
    world.org.policy = {"followup.overdue_ladder": _ladder(high__supervisor_after_hours=0)}
    world.org.save()
    assert fsettings.ladder(world.org, "high").supervisor_after == dt.timedelta(hours=2)

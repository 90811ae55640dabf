"""The lost-connection protocol end to end with time-machine: the worker moves it on, escalations alert the
supervisor once, the timeline records every deadline, "reconnected" ends it (clinical-rules.md §9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from safeplan.crisis import jobs, services
from safeplan.crisis.models import CrisisEvent, CrisisFollowUp, DisconnectionProtocol, TimelineEntry
from safeplan.notifications.models import Notification
from tests.crisis import builders
from tests.factories import World

DROP = dt.datetime(2026, 11, 1, 5, 58, tzinfo=dt.UTC)  # 01:58 EDT; at 02:00 EDT the clocks go back


@pytest.fixture
def session(world: World) -> Any:
    with time_machine.travel(DROP - dt.timedelta(minutes=30), tick=False):
        return builders.started_session(world)


@pytest.fixture
def clock(session: Any) -> Iterator[Any]:
    with time_machine.travel(DROP, tick=False) as coordinates:
        yield coordinates


def _start(world: World, session: Any, *, flag: bool) -> CrisisEvent:
    event, created = services.start_disconnection(
        actor=world.users["clinician"], session=session, clinician_flag=flag
    )
    assert created
    return event


def _kinds(event: CrisisEvent) -> list[str]:
    return list(
        TimelineEntry.objects.filter(event=event).order_by("seq").values_list("kind", flat=True)
    )


def _protocol(event: CrisisEvent) -> DisconnectionProtocol:
    return DisconnectionProtocol.objects.get(event=event)


def _run_worker() -> int:
    units = 0
    while jobs.advance_one_disconnection():
        units += 1
        assert units < 20, "the worker must not spin on one protocol"
    return units


def _escalations() -> list[str]:
    return list(
        Notification.objects.filter(kind="crisis.escalated").values_list(
            "recipient__username", flat=True
        )
    )


def test_at_risk_nobody_answers_escalates_once_and_reaches_the_welfare_check(
    world: World, session: Any, clock: Any
) -> None:
    event = _start(world, session, flag=True)
    p = _protocol(event)
    assert p.at_risk and p.at_risk_reasons == ["clinician_flag"]
    assert p.next_deadline_at == DROP + dt.timedelta(seconds=60)
    # The supervisor is told at once that an at-risk client dropped (in-app, urgent).
    assert Notification.objects.filter(kind="crisis.disconnection", urgent=True).exists()
    clock.move_to(DROP + dt.timedelta(seconds=59))
    assert _run_worker() == 0
    clock.move_to(DROP + dt.timedelta(seconds=60))
    assert _run_worker() == 1 and _protocol(event).step == "call_backup"
    clock.move_to(DROP + dt.timedelta(seconds=125))
    assert _run_worker() == 1
    assert _kinds(event)[-2:] == ["step_due", "step_due"]  # call backup due, then overdue
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="call",
        payload={"to": "client_backup", "outcome": "no_answer"},
    )
    assert _protocol(event).step == "message_and_call_again"
    clock.move_to(DROP + dt.timedelta(seconds=600))
    assert _run_worker() == 1
    p = _protocol(event)
    assert p.step == "call_support_person" and p.escalated == "at_risk_unreached"
    assert _escalations() == ["sue-supervisor"]
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="call",
        payload={"to": "support_person", "outcome": "no_answer"},
    )
    clock.move_to(DROP + dt.timedelta(seconds=900))
    assert _run_worker() == 1
    assert _protocol(event).step == "welfare_check" and _protocol(event).next_deadline_at is None
    assert _escalations() == ["sue-supervisor"]  # once only
    kinds = _kinds(event)
    assert kinds.count("escalated") == 1 and kinds[-1] == "step_due"


def test_not_at_risk_nobody_answers_ends_in_follow_up_without_escalation(
    world: World, session: Any, clock: Any
) -> None:
    event = _start(world, session, flag=False)
    assert not _protocol(event).at_risk
    assert not Notification.objects.filter(recipient=world.users["supervisor"]).exists()
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="video_retry",
        payload={"outcome": "failed"},
    )
    clock.move_to(DROP + dt.timedelta(seconds=90))
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="call",
        payload={"to": "client_backup", "outcome": "no_answer"},
    )
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="message_sent",
        payload={"channel": "sms", "to": "client_backup"},
    )
    clock.move_to(DROP + dt.timedelta(seconds=200))
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="call",
        payload={"to": "client_backup", "outcome": "no_answer"},
    )
    p = _protocol(event)
    assert p.step == "follow_up" and p.outcome == "unreachable" and p.next_deadline_at is None
    clock.move_to(DROP + dt.timedelta(hours=2))
    assert _run_worker() == 0 and _escalations() == []
    services.close_crisis(
        actor=world.users["clinician"],
        event=event,
        outcome="unreachable",
        disposition="continue_outpatient",
    )
    follow_up = CrisisFollowUp.objects.get(event=event)
    assert follow_up.due_at == DROP + dt.timedelta(hours=26)


def test_not_at_risk_unattended_protocol_escalates_at_t2(
    world: World, session: Any, clock: Any
) -> None:
    event = _start(world, session, flag=False)
    clock.move_to(DROP + dt.timedelta(minutes=30))
    assert _run_worker() == 1  # every passed deadline applied in one unit
    p = _protocol(event)
    assert p.step == "call_backup" and p.escalated == "unattended"
    assert _escalations() == ["sue-supervisor"] and p.next_deadline_at is None


@pytest.mark.parametrize(
    ("entries", "step"),
    [
        ([("video_retry", {"outcome": "reconnected"})], "retry_video"),
        (
            [
                ("video_retry", {"outcome": "failed"}),
                ("call", {"to": "client_backup", "outcome": "answered"}),
            ],
            "call_backup",
        ),
        (
            [
                ("video_retry", {"outcome": "failed"}),
                ("call", {"to": "client_backup", "outcome": "no_answer"}),
                ("message_sent", {"channel": "sms", "to": "client_backup"}),
                ("reconnected", {"channel": "client_called"}),
            ],
            "message_and_call_again",
        ),
    ],
)
def test_answered_at_each_step_ends_the_protocol(
    world: World, session: Any, clock: Any, entries: list[tuple[str, dict[str, Any]]], step: str
) -> None:
    event = _start(world, session, flag=False)
    for i, (kind, payload) in enumerate(entries):
        if i == len(entries) - 1:
            assert _protocol(event).step == step
        clock.move_to(DROP + dt.timedelta(seconds=10 * (i + 1)))
        services.add_entry(actor=world.users["clinician"], event=event, kind=kind, payload=payload)
    event.refresh_from_db()
    assert _protocol(event).step == "reconnected" and _protocol(event).next_deadline_at is None
    assert event.status == "closed" and event.outcome == "reconnected"
    # Not at risk and reconnected: nothing clinical happened, no follow-up contact is scheduled.
    assert not CrisisFollowUp.objects.filter(event=event).exists()
    clock.move_to(DROP + dt.timedelta(hours=1))
    assert _run_worker() == 0 and _escalations() == []


def test_at_risk_support_person_reached_then_client_safe(
    world: World, session: Any, clock: Any
) -> None:
    from safeplan.telehealth.selectors import consented_support_persons

    sister = consented_support_persons(world.client)[0]
    event = _start(world, session, flag=True)
    for seconds, kind, payload in (
        (20, "video_retry", {"outcome": "failed"}),
        (60, "call", {"to": "client_backup", "outcome": "no_answer"}),
        (70, "message_sent", {"channel": "sms", "to": "client_backup"}),
        (100, "call", {"to": "client_backup", "outcome": "no_answer"}),
        (
            130,
            "call",
            {"to": "support_person", "outcome": "answered", "support_person_id": sister.pk},
        ),
        (
            140,
            "support_person_reached",
            {"support_person_id": sister.pk, "action": "check_on_client"},
        ),
    ):
        clock.move_to(DROP + dt.timedelta(seconds=seconds))
        services.add_entry(actor=world.users["clinician"], event=event, kind=kind, payload=payload)
    p = _protocol(event)
    assert p.step == "call_support_person" and p.next_deadline_at == DROP + dt.timedelta(
        seconds=440
    )
    clock.move_to(DROP + dt.timedelta(seconds=400))
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="client_state",
        payload={"state": "safe_with_support"},
    )
    p = _protocol(event)
    assert p.step == "follow_up" and p.outcome == "client_safe" and p.escalated == ""
    clock.move_to(DROP + dt.timedelta(hours=1))
    assert _run_worker() == 0 and _escalations() == []


def test_a_correction_replays_the_protocol(world: World, session: Any, clock: Any) -> None:
    event = _start(world, session, flag=False)
    clock.move_to(DROP + dt.timedelta(seconds=20))
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="video_retry",
        payload={"outcome": "failed"},
    )
    clock.move_to(DROP + dt.timedelta(seconds=40))
    wrong, _ = services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="call",
        payload={"to": "client_backup", "outcome": "no_answer"},
    )
    assert _protocol(event).step == "message_and_call_again"
    services.correct_entry(
        actor=world.users["clinician"],
        event=event,
        entry_id=wrong.pk,
        payload=None,
        reason="the call did not go through; not made yet",
        entered_in_error=True,
    )
    assert _protocol(event).step == "call_backup"


def test_overdue_follow_up_alerts_once(world: World) -> None:
    with time_machine.travel(DROP, tick=False) as clock:
        event = builders.closed_crisis(world)
        assert not jobs.alert_one_overdue_follow_up()
        clock.move_to(DROP + dt.timedelta(hours=24, seconds=1))
        assert jobs.alert_one_overdue_follow_up()
        assert not jobs.alert_one_overdue_follow_up()
    alerts = Notification.objects.filter(kind="crisis.follow_up_due")
    assert {n.recipient.username for n in alerts} == {"carl-clinician"}
    assert alerts.get().link == f"/crisis/{event.pk}/"


def test_timers_come_from_the_backup_plan_or_safe_defaults(world: World, session: Any) -> None:
    from safeplan.crisis.services.disconnection import timers_for

    timers, from_plan = timers_for(world.client)
    assert from_plan and (timers.retry_video, timers.call_backup, timers.escalate_at_risk) == (
        60,
        120,
        600,
    )
    world.org.policy = {"crisis.support_person_window_seconds": 0}
    world.org.save()
    assert timers_for(world.client)[0].support_person_window == 300
    world.org.policy = {"crisis.support_person_window_seconds": 420}
    world.org.save()
    assert timers_for(world.client)[0].support_person_window == 420

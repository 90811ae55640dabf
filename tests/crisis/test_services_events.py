"""Opening a crisis, the timeline, idempotency, corrections, joining, closing (issue 6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.crisis import services
from safeplan.crisis.models import CrisisEvent, CrisisFollowUp, CrisisNote, TimelineEntry
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.notifications.models import Notification
from tests.crisis import builders
from tests.factories import World


@pytest.fixture
def session(world: World) -> Any:
    return builders.started_session(world)


def test_open_from_a_session_alerts_supervisor_and_care_team(world: World, session: Any) -> None:
    clinician = world.users["clinician"]
    event, created = services.open_crisis(
        actor=clinician, client=world.client, crisis_type="suicidal_ideation", session=session
    )
    assert created and event.is_open and event.session_id == session.pk
    assert [s["code"] for s in event.protocol][:2] == ["keep_contact", "confirm_location"]
    first = TimelineEntry.objects.get(event=event, seq=1)
    assert first.kind == "opened" and first.by == clinician and first.words_intact()
    alerts = Notification.objects.filter(kind="crisis.opened")
    assert {n.recipient.username for n in alerts} == {"sue-supervisor"}  # the opener is not alerted
    note = alerts.get()
    assert note.urgent and note.link == f"/crisis/{event.pk}/" and "A-001" in note.title
    assert "Cleo" not in note.title
    assert AuditEvent.objects.filter(action="crisis.opened", client_id=world.client.pk).exists()
    again, created_again = services.open_crisis(
        actor=clinician, client=world.client, crisis_type="suicidal_ideation", session=session
    )
    assert again.pk == event.pk and not created_again


def test_care_team_colleague_is_alerted(world: World) -> None:
    from safeplan.clients.models import CareTeamMember

    CareTeamMember.objects.create(client=world.client, clinician=world.users["clinician_off"])
    builders.open_crisis(world)
    recipients = set(
        Notification.objects.filter(kind="crisis.opened").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"sue-supervisor", "olga-offteam"}


def test_open_refuses_bad_input_and_writes_nothing(world: World) -> None:
    clinician = world.users["clinician"]
    with pytest.raises(InvalidInput) as exc:
        services.open_crisis(actor=clinician, client=world.client, crisis_type="panic")
    assert exc.value.field == "crisis_type"
    with pytest.raises(InvalidInput):
        services.open_crisis(actor=clinician, client=world.client, crisis_type="lost_connection")
    with pytest.raises(NotAllowed):
        services.open_crisis(actor=world.users["admin"], client=world.client, crisis_type="other")
    assert not CrisisEvent.objects.exists()


def test_every_action_lands_on_the_timeline_to_the_second(world: World) -> None:
    clinician = world.users["clinician"]
    event = builders.open_crisis(world)
    moment = dt.datetime(2026, 5, 4, 14, 2, 11, 250000, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        entry, created = services.add_entry(
            actor=clinician,
            event=event,
            kind="call",
            payload={"to": "mobile_crisis", "outcome": "answered", "name": "County team"},
        )
    assert created and entry.at == moment and entry.by == clinician and entry.by_role == "clinician"
    assert entry.seq == 2 and entry.payload["to"] == "mobile_crisis"
    with pytest.raises(InvalidInput) as exc:
        services.add_entry(
            actor=clinician, event=event, kind="call", payload={"to": "mobile_crisis"}
        )
    assert exc.value.field == "payload.outcome"
    with pytest.raises(InvalidInput) as exc:
        services.add_entry(
            actor=clinician, event=event, kind="step_done", payload={"step": "not_a_step"}
        )
    assert exc.value.field == "payload.step"
    with pytest.raises(InvalidInput) as exc:
        services.add_entry(actor=clinician, event=event, kind="note", payload={"text": "a", "x": 1})
    assert exc.value.field == "payload.x"
    assert TimelineEntry.objects.filter(event=event).count() == 2


def test_double_tap_writes_one_entry(world: World) -> None:
    clinician = world.users["clinician"]
    event = builders.open_crisis(world)
    body = {"step": "keep_contact"}
    first, created = services.add_entry(
        actor=clinician, event=event, kind="step_done", payload=body, idempotency_key="tap-1"
    )
    second, created_again = services.add_entry(
        actor=clinician, event=event, kind="step_done", payload=body, idempotency_key="tap-1"
    )
    assert created and not created_again and first.pk == second.pk
    with pytest.raises(Conflict) as exc:
        services.add_entry(
            actor=clinician,
            event=event,
            kind="note",
            payload={"text": "different"},
            idempotency_key="tap-1",
        )
    assert exc.value.field == "idempotency_key"
    assert TimelineEntry.objects.filter(event=event, kind="step_done").count() == 1


def test_corrections_are_new_entries_pointing_at_the_original(world: World) -> None:
    clinician = world.users["clinician"]
    event = builders.open_crisis(world)
    wrong, _ = services.add_entry(
        actor=clinician, event=event, kind="client_state", payload={"state": "calm"}
    )
    fixed = services.correct_entry(
        actor=clinician,
        event=event,
        entry_id=wrong.pk,
        payload={"state": "agitated"},
        reason="tapped the wrong state",
    )
    assert fixed.corrects_id == wrong.pk and fixed.kind == "client_state"
    assert fixed.payload == {"state": "agitated", "reason": "tapped the wrong state"}
    assert TimelineEntry.objects.get(pk=wrong.pk).payload == {"state": "calm"}
    with pytest.raises(Conflict):
        services.correct_entry(
            actor=clinician, event=event, entry_id=wrong.pk, payload={"state": "safe"}, reason="x"
        )
    with pytest.raises(InvalidInput) as exc:
        services.correct_entry(
            actor=clinician, event=event, entry_id=fixed.pk, payload={"state": "safe"}, reason=" "
        )
    assert exc.value.field == "reason"
    opened = TimelineEntry.objects.get(event=event, kind="opened")
    with pytest.raises(InvalidInput):
        services.correct_entry(
            actor=clinician, event=event, entry_id=opened.pk, payload={}, reason="no"
        )


def test_second_clinician_joins_and_adds_to_the_same_timeline(world: World) -> None:
    event = builders.open_crisis(world)
    supervisor = world.users["supervisor"]
    assert services.join_crisis(actor=supervisor, event=event)
    assert not services.join_crisis(actor=supervisor, event=event)
    services.add_entry(actor=supervisor, event=event, kind="note", payload={"text": "On the line."})
    kinds = list(
        TimelineEntry.objects.filter(event=event).order_by("seq").values_list("kind", "by")
    )
    assert kinds == [
        ("opened", world.users["clinician"].pk),
        ("joined", supervisor.pk),
        ("note", supervisor.pk),
    ]


def test_close_requires_outcome_and_disposition_and_writes_nothing_otherwise(world: World) -> None:
    clinician = world.users["clinician"]
    event = builders.open_crisis(world)
    before = TimelineEntry.objects.filter(event=event).count()
    for outcome, disposition, field in (
        ("", "continue_outpatient", "outcome"),
        ("resolved_remotely", "", "disposition"),
        ("won", "continue_outpatient", "outcome"),
    ):
        with pytest.raises(InvalidInput) as exc:
            services.close_crisis(
                actor=clinician, event=event, outcome=outcome, disposition=disposition
            )
        assert exc.value.field == field
    with pytest.raises(InvalidInput) as exc:
        services.close_crisis(
            actor=clinician,
            event=event,
            outcome="resolved_remotely",
            disposition="continue_outpatient",
            follow_up_hours=100,
        )
    assert exc.value.field == "follow_up_hours"
    event.refresh_from_db()
    assert event.is_open and TimelineEntry.objects.filter(event=event).count() == before
    assert not CrisisNote.objects.exists() and not CrisisFollowUp.objects.exists()


def test_close_drafts_the_note_schedules_follow_up_and_plan_review(world: World) -> None:
    from safeplan.plans.selectors import plan_review_due
    from safeplan.risk.selectors import current_risk_level

    clinician = world.users["clinician"]
    moment = dt.datetime(2026, 5, 4, 18, 0, 0, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        event = builders.open_crisis(world)
        builders.account_for_safety(world, event)
        services.close_crisis(
            actor=clinician,
            event=event,
            outcome="resolved_remotely",
            disposition="increased_contact",
            risk_level="high",
        )
    event.refresh_from_db()
    assert not event.is_open and event.closed_by == clinician
    assert event.follow_up_due_at == moment + dt.timedelta(hours=24)
    follow_up = CrisisFollowUp.objects.get(event=event)
    assert follow_up.due_at == event.follow_up_due_at and follow_up.assigned_to == clinician
    assert current_risk_level(world.client) == "high"  # the clinician's judgement raised the flag
    # Raising the flag to high asks for a review today, earlier than the follow-up day.
    assert plan_review_due(world.client) == dt.date(2026, 5, 4)
    note = CrisisNote.objects.get(event=event)
    assert note.status == "draft" and note.content["risk_level"] == "high"
    assert "Follow-up contact due by 05 May 2026 14:00:00 EDT" in note.content["follow_up_plan"]
    with pytest.raises(Conflict) as exc:
        services.add_entry(actor=clinician, event=event, kind="note", payload={"text": "late"})
    assert exc.value.field == "event"
    with pytest.raises(Conflict):
        services.close_crisis(
            actor=clinician, event=event, outcome="resolved_remotely", disposition="other"
        )


def test_follow_up_hours_come_from_the_organisation(world: World) -> None:
    from safeplan.plans.selectors import plan_review_due

    world.org.policy = {"crisis.follow_up_hours": 72}
    world.org.save()
    # 02:30 UTC on 4 May is still 3 May in Boston; 72 hours later is 6 May in Boston.
    with time_machine.travel(dt.datetime(2026, 5, 4, 2, 30, tzinfo=dt.UTC), tick=False):
        event = builders.open_crisis(world)
        builders.account_for_safety(world, event)
        services.close_crisis(
            actor=world.users["clinician"],
            event=event,
            outcome="mobile_crisis",
            disposition="crisis_services",
        )
    event.refresh_from_db()
    assert event.follow_up_due_at is not None and event.closed_at is not None
    hours = (event.follow_up_due_at - event.closed_at).total_seconds() / 3600
    assert hours == 72
    assert plan_review_due(world.client) == dt.date(2026, 5, 6)
    assert event.risk_level_at_close == ""  # no flag and no level given: nothing invented


def test_follow_up_completed(world: World) -> None:
    event = builders.closed_crisis(world)
    follow_up = CrisisFollowUp.objects.get(event=event)
    with pytest.raises(InvalidInput):
        services.complete_follow_up(
            actor=world.users["clinician"], follow_up=follow_up, outcome="sort of"
        )
    done = services.complete_follow_up(
        actor=world.users["clinician"], follow_up=follow_up, outcome="reached", note="Doing better."
    )
    assert done.status == "done" and done.done_at is not None and done.note == "Doing better."
    with pytest.raises(Conflict):
        services.complete_follow_up(
            actor=world.users["clinician"], follow_up=follow_up, outcome="reached"
        )


def test_entries_may_be_recorded_after_the_fact(world: World) -> None:
    event = builders.open_crisis(world)
    earlier = timezone.now() - dt.timedelta(minutes=5)
    entry, _ = services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="call",
        payload={"to": "crisis_line", "outcome": "answered"},
        occurred_at=earlier,
    )
    assert entry.occurred_at == earlier and entry.at > earlier
    with pytest.raises(InvalidInput) as exc:
        services.add_entry(
            actor=world.users["clinician"],
            event=event,
            kind="note",
            payload={"text": "x"},
            occurred_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert exc.value.field == "occurred_at"


def test_a_misconfigured_follow_up_setting_never_blocks_closing(world: World) -> None:
    world.org.policy = {"crisis.follow_up_hours": 500}
    world.org.save()
    event = builders.open_crisis(world)
    builders.account_for_safety(world, event)
    services.close_crisis(
        actor=world.users["clinician"], event=event, outcome="other", disposition="other"
    )
    event.refresh_from_db()
    assert event.follow_up_due_at is not None and event.closed_at is not None
    assert (event.follow_up_due_at - event.closed_at).total_seconds() == 24 * 3600

"""The dashboard: every section, scoped exactly to the clients the user may see, with a fixed number of
queries whatever the caseload (no per-row queries), and the stale-worker banner."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.utils import timezone

from safeplan.clients.access import clients_visible_to
from safeplan.clients.models import CareTeamMember
from safeplan.followup import selectors
from safeplan.followup.dashboard import dashboard_for
from safeplan.followup.models import CheckIn, RiskWatch
from safeplan.followup.services import escalation, messages, schedules
from safeplan.notifications import services as notifications
from safeplan.plans import services as plans
from safeplan.worker import heartbeat
from tests.factories import make_client


def _overdue(world: Any, client: Any, actor_key: str = "clinician") -> CheckIn:
    # Fixed times at midday in New York, so the client's quiet hours never hold the reminder back.
    start = dt.datetime(2026, 6, 1, 16, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        schedule = schedules.set_schedule(
            actor=world.users["supervisor"], client=client, changes={"interval_days": 1}
        )
    checkin = selectors.open_checkin(schedule)
    assert checkin is not None
    with time_machine.travel(start + dt.timedelta(days=5), tick=False):
        while escalation.advance_one_checkin():
            pass
    checkin.refresh_from_db()
    return checkin


def _flag(client: Any, level: str) -> None:
    RiskWatch.objects.update_or_create(
        client=client,
        defaults={
            "organisation_id": client.organisation_id,
            "level": level,
            "since": timezone.now(),
            "flag_id": 1,
        },
    )


def test_sections_and_scope(world: Any) -> None:
    mine = world.client
    theirs = make_client(world.org, "A-002", first_name="Noa")  # on nobody's care team
    other_org = world.other_client
    for client in (mine, theirs):
        _overdue(world, client)
        _flag(client, "high")
    _flag(other_org, "high")
    plans.set_review_due(
        client=mine,
        due=timezone.localdate() - dt.timedelta(days=3),
        actor=world.users["clinician"],
        reason="after a crisis",
    )
    messages.send_from_client(actor=world.users["client"], client=mine, body="I want to die")

    carl = dashboard_for(world.users["clinician"])
    assert [r["record_number"] for r in carl.overdue_checkins.rows] == ["A-001"]
    assert carl.overdue_checkins.rows[0]["state"] == "clinician_alerted"
    assert carl.overdue_checkins.rows[0]["link"] == f"/clients/{mine.pk}/check-ins/"
    assert [r["record_number"] for r in carl.flagged.rows] == ["A-001"]
    assert [r["record_number"] for r in carl.plans_past_review.rows] == ["A-001"]
    assert carl.unread_messages.rows[0]["crisis_flag"] is True
    assert {a["kind"] for a in carl.alerts.rows} >= {"checkin_missed", "message_crisis_language"}
    assert all("Cleo" not in a["title"] for a in carl.alerts.rows)

    sue = dashboard_for(world.users["supervisor"])
    assert sorted(r["record_number"] for r in sue.overdue_checkins.rows) == ["A-001", "A-002"]
    assert sorted(r["record_number"] for r in sue.flagged.rows) == ["A-001", "A-002"]

    olga = dashboard_for(world.users["clinician_off"])
    assert (
        not olga.overdue_checkins.rows and not olga.flagged.rows and not olga.unread_messages.rows
    )

    visible = set(clients_visible_to(world.users["supervisor"]).values_list("pk", flat=True))
    shown = {r["client_id"] for r in sue.flagged.rows + sue.overdue_checkins.rows}
    assert shown <= visible and other_org.pk not in shown


def test_archived_clients_are_left_out(world: Any) -> None:
    _flag(world.client, "moderate")
    world.client.archived_at = timezone.now()
    world.client.save()
    assert not dashboard_for(world.users["supervisor"]).flagged.rows


def test_high_comes_before_moderate_and_more_is_reported(world: Any) -> None:
    for i in range(55):
        client = make_client(world.org, f"M-{i:03d}")
        _flag(client, "moderate")
    high = make_client(world.org, "H-001")
    _flag(high, "high")
    board = dashboard_for(world.users["supervisor"])
    assert board.flagged.rows[0]["record_number"] == "H-001"
    assert len(board.flagged.rows) == 50 and board.flagged.more is True


def test_query_count_does_not_grow_with_the_caseload(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    carl = world.users["clinician"]
    for i in range(30):
        client = make_client(world.org, f"Q-{i:03d}")
        CareTeamMember.objects.create(client=client, clinician=carl)
        _flag(client, "high")
        notifications.notify(
            recipients=[carl],
            kind="x",
            title=f"Alert {i}",
            link="/dashboard/",
            dedupe_key=f"q{i}",
            urgent=True,
        )
    for user in (carl, world.users["supervisor"]):
        with django_assert_max_num_queries(14):
            dashboard_for(user)


def test_dashboard_page_and_stale_worker_banner(world: Any, page_as: Any) -> None:
    page = page_as("clinician").get("/dashboard/")
    assert page.status_code == 200
    assert b"Reminders and alerts are not being sent" in page.content
    heartbeat.beat("w-1")
    page = page_as("clinician").get("/dashboard/")
    assert b"Reminders and alerts are not being sent" not in page.content
    assert b"Overdue check-ins" in page.content


def test_acknowledge_from_the_dashboard(world: Any, page_as: Any) -> None:
    notifications.notify(
        recipients=[world.users["clinician"]],
        kind="checkin_missed",
        title="Check-in missed: A-001 (CC)",
        link=f"/clients/{world.client.pk}/check-ins/",
        client=world.client,
        dedupe_key="dash-ack",
        urgent=True,
    )
    note = world.users["clinician"].notifications.get()
    response = page_as("clinician").post(
        f"/notifications/{note.pk}/acknowledge/", {"next": "/dashboard/"}
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    note.refresh_from_db()
    assert note.acknowledged_at is not None
    assert not dashboard_for(world.users["clinician"]).alerts.rows

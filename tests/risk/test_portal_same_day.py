"""A suicide-risk answer in the portal is an urgent alert and a same-day follow-up task for the clinician;
the client's page says when the clinic will respond, from the boundaries agreement (issue 12)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import time_machine

from safeplan.audit.models import AuditEvent
from safeplan.notifications.models import Notification
from safeplan.risk import services
from safeplan.risk.models import FollowUpTask
from safeplan.telehealth.models.agreements import BoundariesAgreement
from tests.factories import World

PHQ_ZERO = {f"item{i}": 0 for i in range(1, 10)}


def _portal_phq9(world: World, answers: dict[str, Any]) -> Any:
    req = services.request_assessment(
        actor=world.users["clinician"], client=world.client, instrument="phq9"
    )
    return services.record_assessment(
        actor=world.users["client"],
        client=world.client,
        instrument="phq9",
        answers=answers,
        request=req,
    )


def test_item9_in_the_portal_is_urgent_with_a_same_day_task(world: World, api_as: Any) -> None:
    world.client.time_zone = "America/Chicago"
    world.client.save()
    # 22:30 UTC on 4 Dec is 16:30 in Chicago: due by 23:59:59 Chicago time that day.
    with time_machine.travel(dt.datetime(2026, 12, 4, 22, 30, tzinfo=dt.UTC), tick=False):
        assessment = _portal_phq9(world, {"item1": 1, "item9": 1})  # stopped half-way
    task = FollowUpTask.objects.get()
    assert (task.assessment_id, task.reason, task.completed_at) == (
        assessment.pk,
        "portal_item9",
        None,
    )
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    assert task.due_at == dt.datetime(2026, 12, 4, 23, 59, 59, tzinfo=chicago)
    alerts = Notification.objects.filter(kind="risk.portal_same_day")
    assert alerts.count() >= 1 and all(n.urgent for n in alerts)
    assert {n.recipient_id for n in alerts} >= {world.users["clinician"].pk}
    assert not Notification.objects.filter(kind="risk.portal_positive").exists()
    assert AuditEvent.objects.filter(action="risk_task.opened").count() == 1

    api = api_as("clinician")
    listed = api.get(f"/api/v1/clients/{world.client.pk}/follow-up-tasks").json()
    assert [t["id"] for t in listed] == [task.pk]
    url = f"/api/v1/clients/{world.client.pk}/follow-up-tasks/{task.pk}/complete"
    bad = api.post(url, {"outcome": "forgot"})
    assert bad.status_code == 422
    done = api.post(url, {"outcome": "contacted", "note": "Called, safe tonight"})
    assert done.status_code == 200, done.content
    assert done.json()["outcome"] == "contacted"
    again = api.post(url, {"outcome": "contacted"})
    assert again.status_code == 409
    assert api.get(f"/api/v1/clients/{world.client.pk}/follow-up-tasks").json() == []


def test_negative_portal_screen_opens_no_task(world: World) -> None:
    _portal_phq9(world, PHQ_ZERO)
    assert not FollowUpTask.objects.exists()


def test_clinician_answer_opens_no_task(world: World) -> None:
    services.record_assessment(
        actor=world.users["clinician"],
        client=world.client,
        instrument="phq9",
        answers=PHQ_ZERO | {"item9": 2},
    )
    assert not FollowUpTask.objects.exists()


def test_client_page_task_panel_and_completion(world: World, page_as: Any) -> None:
    _portal_phq9(world, PHQ_ZERO | {"item9": 3})
    task = FollowUpTask.objects.get()
    page = page_as("clinician")
    html = page.get(f"/clients/{world.client.pk}/").content.decode()
    assert f'id="task-{task.pk}"' in html and "Same-day follow-up due" in html
    r = page.post(
        f"/clients/{world.client.pk}/follow-up-tasks/{task.pk}/complete/", {"outcome": "seen"}
    )
    assert r.status_code == 302
    task.refresh_from_db()
    assert (task.outcome, task.completed_by) == ("seen", world.users["clinician"])
    assert f'id="task-{task.pk}"' not in page.get(f"/clients/{world.client.pk}/").content.decode()


def _agreement(world: World) -> BoundariesAgreement:
    return BoundariesAgreement.objects.create(
        client=world.client,
        clinician=world.users["clinician"],
        clinician_time_zone="America/New_York",
        hours=[{"day": d, "start": "09:00", "end": "17:00"} for d in range(5)],
        channels=[
            {"channel": "secure_message", "response_hours": 24},
            {"channel": "phone", "response_hours": 4},
        ],
        after_hours_instructions="Call 988",
        created_by=world.users["clinician"],
    )


def test_client_page_says_when_the_clinic_will_respond(world: World, page_as: Any) -> None:
    _agreement(world)
    world.client.time_zone = "America/New_York"
    world.client.save()
    # Saturday 5 Dec 2026, 12:00 in New York: outside hours; next is Monday 7 Dec 09:00.
    with time_machine.travel(dt.datetime(2026, 12, 5, 17, 0, tzinfo=dt.UTC), tick=False):
        assessment = _portal_phq9(world, PHQ_ZERO | {"item9": 1})
        html = page_as("client").get(f"/portal/assessments/done/{assessment.pk}/").content.decode()
    assert "Help is available right now" in html
    assert "When your clinic will respond" in html
    assert "Your care team has been alerted and asked to contact you today." in html
    assert "Your clinician is next available on Monday 7 December, 09:00." in html
    assert "Your clinic answers messages within 4 hours." in html


def test_client_page_without_an_agreement_still_answers(world: World, page_as: Any) -> None:
    assessment = _portal_phq9(world, PHQ_ZERO | {"item9": 1})
    html = page_as("client").get(f"/portal/assessments/done/{assessment.pk}/").content.decode()
    assert "Your clinic will contact you as soon as they can." in html


def test_spanish_client_page(world: World, page_as: Any) -> None:
    world.client.preferred_language = "es"
    world.client.save()
    _agreement(world)
    assessment = _portal_phq9(world, PHQ_ZERO | {"item9": 1})
    html = page_as("client").get(f"/portal/assessments/done/{assessment.pk}/").content.decode()
    assert "Cuándo le responderá su clínica" in html
    assert "en un plazo de 4 horas" in html

"""Denied access leaves an audit entry (who, which route, which ids, no client words) and a burst of denials
or of emergency-access grants by one person alerts the organisation's admins."""

from __future__ import annotations

from typing import Any

from safeplan.accounts import denials
from safeplan.audit.models import AuditEvent
from safeplan.clients.models import Client
from safeplan.notifications.models import Notification
from tests.factories import World, make_client


def _denials(world: World, persona: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(actor_id=world.users[persona].pk, action=denials.ACTION))


def test_api_404_to_a_clinician_off_the_care_team_is_audited(world: World, api_as: Any) -> None:
    response = api_as("clinician_off").get(f"/api/v1/clients/{world.client.pk}/safety-plan")
    assert response.status_code == 404
    [entry] = _denials(world, "clinician_off")
    assert entry.actor_role == "clinician"
    assert entry.organisation_id == world.org.pk
    assert (entry.target_type, entry.target_id) == ("client", str(world.client.pk))
    assert entry.client_id is None  # the denial is about the user, not filed under the client
    assert entry.details == {
        "status": 404,
        "method": "GET",
        "route": "api-v1:get_plan",
        "path_client_id": world.client.pk,
    }
    assert entry.channel == "api"


def test_page_404_and_other_organisation_are_audited(world: World, page_as: Any) -> None:
    response = page_as("clinician_off").get(f"/clients/{world.other_client.pk}/plan/")
    assert response.status_code == 404
    [entry] = _denials(world, "clinician_off")
    assert entry.details["route"] == "plans:plan"
    assert entry.details["path_client_id"] == world.other_client.pk
    assert entry.channel == "page"


def test_no_client_words_reach_the_entry(world: World, api_as: Any, page_as: Any) -> None:
    secret = "Cleo-is-thinking-of-the-bridge"
    api_as("clinician_off").post(
        f"/api/v1/clients/{world.client.pk}/messages?note={secret}", {"body": secret}
    )
    page_as("clinician_off").get(f"/clients/{world.client.pk}/{secret}/")  # no such route
    entries = _denials(world, "clinician_off")
    assert len(entries) == 2
    for entry in entries:
        assert secret not in str(entry.details) + entry.target_id + entry.target_type


def test_tokens_in_paths_are_not_stored(world: World, page_as: Any) -> None:
    page_as("clinician").get("/caring/stop/not-a-real-token-123/")
    for entry in _denials(world, "clinician"):
        assert "token" not in str(entry.details)


def test_anonymous_and_allowed_requests_write_no_denial(world: World, api_as: Any) -> None:
    before = AuditEvent.objects.filter(action=denials.ACTION).count()
    api_as("anonymous").get(f"/api/v1/clients/{world.client.pk}/safety-plan")
    assert api_as("clinician").get(f"/api/v1/clients/{world.client.pk}").status_code == 200
    assert AuditEvent.objects.filter(action=denials.ACTION).count() == before


def test_a_burst_of_denials_alerts_the_admins_once(world: World, api_as: Any) -> None:
    world.org.policy = {"security.denials_alert_count": 5, "security.denials_alert_minutes": 10}
    world.org.save()
    caller = api_as("clinician_off")
    extra = [make_client(world.org, f"A-1{n:02d}") for n in range(7)]
    for n, client in enumerate(extra[:4]):
        assert caller.get(f"/api/v1/clients/{client.pk}").status_code == 404
        assert not Notification.objects.filter(kind="access_denials").exists(), n
    for client in extra[4:]:
        caller.get(f"/api/v1/clients/{client.pk}")
    alerts = Notification.objects.filter(kind="access_denials")
    assert [a.recipient for a in alerts] == [world.users["admin"]]  # the organisation's admin only
    assert "5 or more times within 10 minutes" in alerts[0].title
    assert AuditEvent.objects.filter(action="security.access_denials_alerted").count() == 1


def test_a_burst_of_break_glass_grants_alerts_the_admins(world: World, api_as: Any) -> None:
    world.org.policy = {
        "security.break_glass_alert_count": 2,
        "security.break_glass_alert_hours": 24,
    }
    world.org.save()
    caller = api_as("clinician_off")
    first, second = (make_client(world.org, f"A-2{n}") for n in range(2))
    for n, client in enumerate((first, second)):
        response = caller.post(
            "/api/v1/break-glass",
            {"record_number": client.record_number, "reason": "Crisis call, care team unreachable"},
        )
        assert response.status_code in (200, 201), response.content
        alerted = Notification.objects.filter(kind="break_glass_burst").exists()
        assert alerted == (n == 1)
    assert Notification.objects.get(kind="break_glass_burst").recipient == world.users["admin"]
    assert Client.objects.count() >= 4

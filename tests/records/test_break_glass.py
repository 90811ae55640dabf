"""Break the glass: find by record number, reason, time-limited access, audit flag, alerts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.notifications.models import Notification
from safeplan.records import services
from safeplan.records.models import BreakGlassGrant
from tests.factories import World, make_client

REASON = "Client texted a suicide threat; primary clinician is on leave"


def _grant(api_as: Any, record: str = "A-001", reason: str = REASON) -> Any:
    return api_as("clinician_off").post(
        "/api/v1/break-glass", {"record_number": record, "reason": reason}
    )


def test_lookup_says_only_whether_the_record_exists(world: World, api_as: Any) -> None:
    api = api_as("clinician_off")
    found = api.post("/api/v1/break-glass/lookup", {"record_number": "a-001"})
    assert found.status_code == 200
    assert found.json() == {"exists": True}
    other_org = api.post("/api/v1/break-glass/lookup", {"record_number": "B-001"})
    assert other_org.json() == {"exists": False}
    make_client(world.org, "A-ARCH", archived_at=timezone.now())
    assert api.post("/api/v1/break-glass/lookup", {"record_number": "A-ARCH"}).json() == {
        "exists": False
    }
    entries = AuditEvent.objects.filter(action="records.break_glass_lookup").order_by("id")
    assert [e.details for e in entries] == [{"found": True}, {"found": False}, {"found": False}]
    assert all(e.client_id is None for e in entries), "a lookup names no client"


def test_lookup_is_rate_limited(world: World, api_as: Any) -> None:
    api = api_as("clinician_off")
    for _ in range(services.LOOKUPS_PER_WINDOW):
        assert api.post("/api/v1/break-glass/lookup", {"record_number": "X-1"}).status_code == 200
    refused = api.post("/api/v1/break-glass/lookup", {"record_number": "A-001"})
    assert refused.status_code == 403
    assert "too many" in refused.json()["detail"]


def test_grant_opens_the_record_for_a_limited_time(world: World, api_as: Any) -> None:
    path = f"/api/v1/clients/{world.client.pk}"
    assert api_as("clinician_off").get(path).status_code == 404
    response = _grant(api_as)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["client_id"] == world.client.pk and body["active"] is True
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(minutes=59) < expires - timezone.now() <= dt.timedelta(minutes=60)
    assert api_as("clinician_off").get(path).status_code == 200
    with time_machine.travel(expires + dt.timedelta(seconds=1)):
        assert api_as("clinician_off").get(path).status_code == 404


def test_grant_length_follows_the_organisation_setting(world: World, api_as: Any) -> None:
    world.org.policy = {"records.break_glass_minutes": 15}
    world.org.save()
    body = _grant(api_as).json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert expires - timezone.now() <= dt.timedelta(minutes=15)


def test_grant_is_flagged_in_the_audit_log_and_alerts_supervisor_and_team(
    world: World, api_as: Any
) -> None:
    grant_id = _grant(api_as).json()["id"]
    entry = AuditEvent.objects.get(action="records.break_glass_granted")
    assert entry.break_glass is True
    assert entry.client_id == world.client.pk
    assert entry.actor_id == world.users["clinician_off"].pk
    assert entry.target_id == str(grant_id)
    assert REASON not in str(entry.details), "the reason is never copied into the audit log"
    alerted = set(
        Notification.objects.filter(kind="break_glass").values_list("recipient_id", flat=True)
    )
    assert alerted == {world.users["supervisor"].pk, world.users["clinician"].pk}
    note = Notification.objects.filter(kind="break_glass").first()
    assert note is not None and note.urgent
    assert world.client.first_name not in note.title and world.client.record_number in note.title
    assert note.link == f"/clients/{world.client.pk}/"


def test_active_break_glass_contract(world: World) -> None:
    services.break_the_glass(
        actor=world.users["clinician_off"], record_number="A-001", reason=REASON
    )
    grant = services.active_break_glass(world.users["clinician_off"], world.client)
    assert isinstance(grant, BreakGlassGrant)
    assert services.active_break_glass(world.users["clinician"], world.client) is None
    assert services.active_break_glass(world.users["supervisor"], world.client) is None
    assert services.active_break_glass(world.users["clinician_off"], world.other_client) is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"record_number": "A-001", "reason": "urgent"}, "reason"),
        ({"record_number": "A-001", "reason": "x\x00" * 10}, "reason"),
        ({"record_number": "A-001", "reason": "y" * 1001}, "reason"),
        ({"record_number": "A 001; --", "reason": REASON}, "record_number"),
        ({"record_number": "NOPE-1", "reason": REASON}, "record_number"),
        ({"record_number": "B-001", "reason": REASON}, "record_number"),
        ({"reason": REASON}, "record_number"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, api_as: Any, body: dict[str, Any], field: str
) -> None:
    response = api_as("clinician_off").post("/api/v1/break-glass", body)
    assert response.status_code == 422, response.content
    assert field in str(response.json()["detail"])
    assert not BreakGlassGrant.objects.exists()
    assert not AuditEvent.objects.filter(action="records.break_glass_granted").exists()
    assert not Notification.objects.exists()


def test_care_team_and_supervisor_cannot_break_the_glass(world: World, api_as: Any) -> None:
    body = {"record_number": "A-001", "reason": REASON}
    assert api_as("clinician").post("/api/v1/break-glass", body).status_code == 409
    assert api_as("supervisor").post("/api/v1/break-glass", body).status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_ending_early_closes_the_record_again(world: World, api_as: Any) -> None:
    grant_id = _grant(api_as).json()["id"]
    api = api_as("clinician_off")
    ended = api.post(f"/api/v1/break-glass/{grant_id}/end")
    assert ended.status_code == 200 and ended.json()["active"] is False
    assert ended.json()["ended_at"] is not None
    assert api.get(f"/api/v1/clients/{world.client.pk}").status_code == 404
    assert AuditEvent.objects.get(action="records.break_glass_ended").break_glass is True


def test_supervisor_reviews_grants_with_reasons(world: World, api_as: Any) -> None:
    _grant(api_as)
    listed = api_as("supervisor").get("/api/v1/break-glass").json()
    assert [g["reason"] for g in listed["items"]] == [REASON]
    assert api_as("clinician").get("/api/v1/break-glass").json()["items"] == []


def test_no_exports_or_psychotherapy_notes_under_emergency_access(
    world: World, api_as: Any
) -> None:
    _grant(api_as)
    api = api_as("clinician_off")
    assert api.get(f"/api/v1/clients/{world.client.pk}/export").status_code == 403
    notes = f"/api/v1/clients/{world.client.pk}/psychotherapy-notes"
    assert api.get(notes).status_code == 403
    assert api.post(notes, {"body": "x"}).status_code == 403


def test_page_flow_search_then_reason_then_the_client_page(world: World, page_as: Any) -> None:
    page = page_as("clinician_off")
    searched = page.post("/break-glass/", {"find-record_number": "A-001"})
    assert searched.status_code == 200
    assert b"exists in your organisation" in searched.content
    assert world.client.first_name.encode() not in searched.content, "no name before the reason"
    missing_reason = page.post("/break-glass/", {"record_number": "A-001", "reason": "short"})
    assert missing_reason.status_code == 422
    assert not BreakGlassGrant.objects.exists()
    granted = page.post("/break-glass/", {"record_number": "A-001", "reason": REASON})
    assert granted.status_code == 302 and granted["Location"] == f"/clients/{world.client.pk}/"
    client_page = page.get(granted["Location"])
    assert client_page.status_code == 200
    assert b"Emergency access." in client_page.content
    listing = page.get("/break-glass/")
    assert REASON.encode() in listing.content

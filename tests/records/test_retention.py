"""Retention: anonymise or delete archived records when due; a legal hold stops it; all audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.audit import services as audit_services
from safeplan.audit import verify as audit_verify
from safeplan.audit.models import AuditEvent
from safeplan.clients.models import CareTeamMember, Client
from safeplan.plans import services as plan_services
from safeplan.plans.models import SafetyPlanVersion
from safeplan.records import retention, services
from safeplan.records.models import LegalHold, PsychotherapyNote, RetentionApplied
from tests.factories import World

PLAN_WORDS = "Quorblanth river bench"


def _archive(client: Client, when: dt.datetime) -> None:
    Client.objects.filter(pk=client.pk).update(archived_at=when)
    client.refresh_from_db()


def _with_plan(world: World) -> None:
    plan_services.save_plan(
        client=world.client,
        actor=world.users["clinician"],
        content={"warning_signs": [{"text": PLAN_WORDS}]},
        base_version=None,
    )
    PsychotherapyNote.objects.create(
        client=world.client, author=world.users["clinician"], body="private words"
    )


def test_due_date_follows_policy_and_age_of_majority(world: World) -> None:
    client = world.client
    _archive(client, dt.datetime(2020, 3, 1, 12, tzinfo=dt.UTC))
    assert retention.due_on(client) == dt.date(2027, 3, 1)
    world.org.policy = {"records.retention_years": 10}
    world.org.save()
    client.refresh_from_db()
    assert retention.due_on(client) == dt.date(2030, 3, 1)
    client.date_of_birth = dt.date(2010, 6, 1)  # 9 years old when archived
    assert retention.due_on(client) == dt.date(2038, 6, 1)
    assert retention.add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    client.archived_at = None
    assert retention.due_on(client) is None


def test_anonymise_when_due(world: World) -> None:
    _with_plan(world)
    _archive(world.client, timezone.now() - dt.timedelta(days=365 * 8))
    portal_user_id = world.client.portal_user_id
    report = retention.run_retention()
    assert report.anonymised == [world.client.pk] and not report.deleted
    client = Client.objects.get(pk=world.client.pk)
    assert (client.first_name, client.last_name, client.phone) == ("", "", "")
    assert client.date_of_birth == dt.date(1990, 1, 1)
    assert client.record_number == f"ANON-{client.pk}"
    version = SafetyPlanVersion.objects.get(plan__client=client)
    assert PLAN_WORDS not in str(version.content)
    assert version.content["warning_signs"][0]["text"] == ""
    assert PsychotherapyNote.objects.get(client=client).body == ""
    user = User.objects.get(pk=portal_user_id)
    assert not user.is_active and not user.has_usable_password()
    assert AuditEvent.objects.filter(
        action="records.retention_anonymised", client_id=client.pk
    ).exists()
    assert RetentionApplied.objects.filter(client=client).exists()
    assert retention.run_retention().anonymised == [], "a second run does nothing"
    other = Client.objects.get(pk=world.other_client.pk)
    assert other.first_name == "Test", "nothing else touched"


def test_not_due_yet_is_left_alone(world: World) -> None:
    _archive(world.client, timezone.now() - dt.timedelta(days=365))
    report = retention.run_retention()
    assert report.anonymised == report.deleted == report.held == []
    assert Client.objects.get(pk=world.client.pk).first_name == "Cleo"


def test_legal_hold_stops_retention_until_released(world: World) -> None:
    _archive(world.client, timezone.now() - dt.timedelta(days=365 * 8))
    hold = services.place_legal_hold(
        actor=world.users["supervisor"], client=world.client, reason="Litigation hold, case 4471"
    )
    report = retention.run_retention()
    assert report.held == [world.client.pk] and not report.anonymised
    assert Client.objects.get(pk=world.client.pk).first_name == "Cleo"
    assert AuditEvent.objects.filter(action="records.retention_held").count() == 1
    with pytest.raises(retention.RetentionBlocked):
        retention.anonymise_client(actor=None, client=world.client)
    services.release_legal_hold(
        actor=world.users["supervisor"], client=world.client, hold_id=hold.pk
    )
    assert retention.run_retention().anonymised == [world.client.pk]
    actions = list(
        AuditEvent.objects.filter(client_id=world.client.pk, action__startswith="records.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "records.legal_hold_placed",
        "records.retention_held",
        "records.legal_hold_released",
        "records.retention_anonymised",
    ]


def test_delete_policy_removes_every_row_and_keeps_the_audit_chain(world: World) -> None:
    _with_plan(world)
    world.org.policy = {"records.retention_action": "delete", "records.retention_years": 1}
    world.org.save()
    client_id = world.client.pk
    _archive(world.client, timezone.now() - dt.timedelta(days=800))
    audit_services.seal_pending()
    report = retention.run_retention()
    assert report.deleted == [client_id]
    assert not Client.objects.filter(pk=client_id).exists()
    assert not CareTeamMember.objects.filter(client_id=client_id).exists()
    assert not SafetyPlanVersion.objects.filter(plan__client_id=client_id).exists()
    assert not PsychotherapyNote.objects.filter(client_id=client_id).exists()
    assert Client.objects.filter(pk=world.other_client.pk).exists()
    assert AuditEvent.objects.filter(action="records.retention_deleted", client_id=client_id)
    while audit_services.seal_pending():
        pass
    assert audit_verify.verify_chain().ok


def test_legal_hold_api_bad_input_and_conflicts(world: World, api_as: Any) -> None:
    api = api_as("supervisor")
    path = f"/api/v1/clients/{world.client.pk}/legal-holds"
    short = api.post(path, {"reason": "short"})
    assert short.status_code == 422 and "reason" in str(short.json())
    assert not LegalHold.objects.exists()
    hold = api.post(path, {"reason": "Records requested by subpoena"}).json()
    status = api.get(f"/api/v1/clients/{world.client.pk}/retention").json()
    assert status["held"] is True and status["action"] == "anonymise"
    assert status["due_on"] is None and status["retention_years"] == 7
    release = f"{path}/{hold['id']}/release"
    assert api.post(release).status_code == 200
    again = api.post(release)
    assert again.status_code == 409
    assert api.post(f"{path}/999999/release").status_code == 404


def test_retention_command_dry_run_changes_nothing(world: World, capsys: Any) -> None:
    _archive(world.client, timezone.now() - dt.timedelta(days=365 * 8))
    call_command("retention", "run", "--dry-run")
    out = capsys.readouterr().out
    assert "would anonymise 1" in out
    assert Client.objects.get(pk=world.client.pk).first_name == "Cleo"
    call_command("retention", "run")
    assert "Retention: anonymise 1," in capsys.readouterr().out
    assert Client.objects.get(pk=world.client.pk).first_name == ""

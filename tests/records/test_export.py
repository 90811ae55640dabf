"""The JSON export (right of access): everything about one client, nothing about anyone else, no secrets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.accounts.services import invite_client_to_portal
from safeplan.audit.models import AuditEvent
from safeplan.plans import services as plan_services
from safeplan.records import graph
from safeplan.records.models import BreakGlassGrant, LegalHold
from tests.factories import World

PLAN_WORDS = "Walk the Wrenfield canal path"


def _client_data(world: World) -> None:
    plan_services.save_plan(
        client=world.client,
        actor=world.users["clinician"],
        content={"warning_signs": [{"text": PLAN_WORDS}], "reasons": [{"text": "my cat"}]},
        base_version=None,
    )
    plan_services.add_pending_means_entry(
        client=world.client, means="firearm", actor=world.users["clinician"], source="test"
    )
    plan_services.save_plan(
        client=world.other_client,
        actor=world.users["other_clinician"],
        content={"warning_signs": [{"text": "other clinic words"}]},
        base_version=None,
    )
    LegalHold.objects.create(
        client=world.client, placed_by=world.users["supervisor"], reason="Court order 12"
    )
    BreakGlassGrant.objects.create(
        user=world.users["clinician_off"],
        client=world.client,
        reason="earlier emergency",
        expires_at=timezone.now() - dt.timedelta(hours=1),
    )
    invite_client_to_portal(actor=world.users["clinician"], client=world.client)


def test_export_holds_every_row_of_the_client_and_nothing_else(world: World, api_as: Any) -> None:
    _client_data(world)
    response = api_as("clinician").get(f"/api/v1/clients/{world.client.pk}/export")
    assert response.status_code == 200
    doc = response.json()
    assert doc["format"] == "safeplan.client-export" and doc["version"] == 1
    assert doc["client"]["first_name"] == "Cleo"
    assert doc["client"]["date_of_birth"] == "1990-05-17"
    assert doc["care_team"][0]["clinician_id"] == world.users["clinician"].pk
    records = doc["records"]
    versions = records["plans.safetyplanversion"]
    assert len(versions) == 2
    assert PLAN_WORDS in str(versions)
    assert "other clinic words" not in response.content.decode()
    assert records["records.legalhold"][0]["reason"] == "Court order 12"
    assert records["records.breakglassgrant"][0]["reason"] == "earlier emergency"
    assert "accounts.portalinvitation" not in records, "invitation secrets are not exported"
    text = response.content.decode()
    for secret_field in ('"digest"', '"password"', '"claim_token"'):
        assert secret_field not in text
    entry = AuditEvent.objects.get(action="records.exported")
    assert entry.client_id == world.client.pk
    assert entry.details["format"] == "json" and entry.details["rows"] >= 4


def test_every_model_pointing_at_the_client_is_walked(world: World) -> None:
    _client_data(world)
    found = graph.rows_of_client(world.client, for_export=False)
    keys = {graph.model_key(m) for m in found.models()}
    assert {
        "clients.client",
        "clients.careteammember",
        "plans.safetyplan",
        "plans.safetyplanversion",
        "records.legalhold",
        "records.breakglassgrant",
        "accounts.portalinvitation",
    } <= keys
    assert "accounts.user" not in keys and "audit.auditevent" not in keys
    exported = {
        graph.model_key(m) for m in graph.rows_of_client(world.client, for_export=True).models()
    }
    assert "accounts.portalinvitation" not in exported


def test_bad_export_parameters_are_named(world: World, api_as: Any) -> None:
    api = api_as("clinician")
    path = f"/api/v1/clients/{world.client.pk}/export"
    only_id = api.get(path + "?authorisation_id=3")
    assert only_id.status_code == 422 and "include_psychotherapy_notes" in str(only_id.json())
    not_bool = api.get(path + "?include_psychotherapy_notes=perhaps")
    assert not_bool.status_code == 422 and "include_psychotherapy_notes" in str(not_bool.json())
    assert not AuditEvent.objects.filter(action="records.exported").exists()

"""Lethal-means counselling (CALM): what a record must say, append-only corrections, the storage check
(scheduled, alerted once when due, closed with its outcome), and where it shows (plan, crisis note)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.crisis.models import CrisisNote
from safeplan.notifications.models import Notification
from safeplan.plans import means_counselling as means
from safeplan.plans import services as plan_services
from safeplan.plans.append_only import ImmutableRowError
from safeplan.plans.means_models import MeansCheck, MeansCounselling
from safeplan.plans.means_rules import MeansError, check_counselling
from tests.crisis.builders import closed_crisis
from tests.plans.helpers import full_sections

FIREARM_OFF_SITE = {
    "means": ["firearm", "medication"],
    "counselled": ["client", "support_person"],
    "support_person_name": "Ray Okafor",
    "agreements": [
        {"means": "firearm", "action": "stored_off_site", "with_person": "Ray Okafor"},
        {"means": "medication", "action": "locked", "details": "Lockbox; partner holds the key"},
    ],
}


def test_rules_default_check_is_72_hours_and_agreements_follow_the_means() -> None:
    clean = check_counselling(FIREARM_OFF_SITE)
    assert clean["check_in_hours"] == 72  # the end of CALM-ED's 48-72 h window
    assert [a["means"] for a in clean["agreements"]] == ["firearm", "medication"]
    nothing = check_counselling(
        {
            "means": ["firearm"],
            "counselled": ["client"],
            "agreements": [{"means": "firearm", "action": "no_access_confirmed"}],
        }
    )
    assert nothing["check_in_hours"] is None  # nothing agreed that a check could confirm


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"means": []}, "means"),
        ({"means": ["knife"]}, "means.0"),
        ({"counselled": ["neighbour"]}, "counselled.0"),
        ({"support_person_name": ""}, "support_person_name"),
        ({"means": ["firearm", "medication", "other"]}, "other_means"),
        (
            {"agreements": [{"means": "firearm", "action": "stored_off_site"}]},
            "agreements.0.with_person",
        ),
        (
            {"agreements": [{"means": "sharps", "action": "locked"}]},
            "agreements.0.means",
        ),
        ({"agreements": [{"means": "firearm", "action": "buried"}]}, "agreements.0.action"),
        (
            {
                "agreements": [
                    {"means": "firearm", "action": "locked_unloaded"},
                    {"means": "medication", "action": "locked_unloaded"},
                ]
            },
            "agreements.1.action",
        ),
        (
            {"agreements": [{"means": "firearm", "action": "locked_unloaded"}]},
            "agreements",
        ),
        ({"check_in_hours": 0}, "check_in_hours"),
    ],
)
def test_rules_name_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(MeansError) as err:
        check_counselling({**FIREARM_OFF_SITE, **change})
    assert err.value.field == field


def test_record_schedules_the_check_and_is_append_only(world) -> None:
    clinician = world.users["clinician"]
    record = means.record_counselling(actor=clinician, client=world.client, data=FIREARM_OFF_SITE)
    check = MeansCheck.objects.get(counselling=record)
    assert check.status == "pending" and check.assigned_to == clinician
    assert abs((check.due_at - record.counselled_at) - dt.timedelta(hours=72)) < dt.timedelta(
        seconds=5
    )
    event = AuditEvent.objects.get(action="means_counselling.recorded")
    assert event.details == {
        "means": "firearm,medication",
        "counselled": "client,support_person",
        "check": check.pk,
        "corrects": None,
    }
    record.notes = "changed"
    with pytest.raises(ImmutableRowError):
        record.save()
    with pytest.raises(ImmutableRowError):
        MeansCounselling.objects.filter(pk=record.pk).update(notes="x")


def test_correction_is_a_new_row_and_moves_the_open_check(world) -> None:
    clinician = world.users["clinician"]
    first = means.record_counselling(actor=clinician, client=world.client, data=FIREARM_OFF_SITE)
    with pytest.raises(Exception) as err:
        means.record_counselling(
            actor=clinician, client=world.client, data=FIREARM_OFF_SITE, corrects=first
        )
    assert getattr(err.value, "field", "") == "correction_reason"
    data = {**FIREARM_OFF_SITE, "check_in_hours": 48}
    second = means.record_counselling(
        actor=clinician,
        client=world.client,
        data=data,
        corrects=first,
        correction_reason="Check agreed for Saturday",
    )
    assert MeansCounselling.objects.count() == 2
    assert [r.pk for r in means.current_counselling(world.client)] == [second.pk]
    check = MeansCheck.objects.get()
    assert check.counselling_id == second.pk
    assert abs((check.due_at - second.counselled_at) - dt.timedelta(hours=48)) < dt.timedelta(
        seconds=5
    )


def test_overdue_check_alerts_the_clinician_once_then_the_outcome_closes_it(world) -> None:
    clinician = world.users["clinician"]
    record = means.record_counselling(actor=clinician, client=world.client, data=FIREARM_OFF_SITE)
    assert means.alert_one_overdue_check() is False  # not due yet
    with time_machine.travel(timezone.now() + dt.timedelta(hours=73)):
        assert means.alert_one_overdue_check() is True
        assert means.alert_one_overdue_check() is False  # once
    note = Notification.objects.get(kind="plans.means_check_due")
    assert note.recipient == clinician
    check = MeansCheck.objects.get(counselling=record)
    with pytest.raises(Exception) as err:
        means.record_check(actor=clinician, check=check, outcome="not_done")
    assert getattr(err.value, "field", "") == "note"
    means.record_check(actor=clinician, check=check, outcome="confirmed")
    check.refresh_from_db()
    assert (check.status, check.outcome, check.done_by) == ("done", "confirmed", clinician)
    with pytest.raises(Exception) as err:
        means.record_check(actor=clinician, check=check, outcome="confirmed")
    assert getattr(err.value, "field", "") == "outcome"


def test_api_records_and_refuses_bad_input_naming_the_field(world, api_as) -> None:
    api = api_as("clinician")
    base = f"/api/v1/clients/{world.client.pk}/means-counselling"
    r = api.post(base, FIREARM_OFF_SITE)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["check"]["status"] == "pending"
    assert body["agreements"][0]["with_person"] == "Ray Okafor"
    bad = {**FIREARM_OFF_SITE, "agreements": [{"means": "firearm", "action": "stored_off_site"}]}
    r = api.post(base, bad)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "agreements", "0", "with_person"]
    assert MeansCounselling.objects.count() == 1
    listed = api.get(base).json()
    assert [x["id"] for x in listed] == [body["id"]]
    r = api.post(f"{base}/{body['id']}/check", {"outcome": "partly", "note": "Pills locked only"})
    assert r.status_code == 200 and r.json()["check"]["outcome"] == "partly"
    assert api.post(f"{base}/{body['id']}/check", {"outcome": "confirmed"}).status_code == 409
    assert api_as("clinician_off").get(base).status_code == 404


def test_page_records_counselling_and_shows_it_on_the_plan_and_crisis_note(world, page_as) -> None:
    page = page_as("clinician")
    url = f"/clients/{world.client.pk}/means-counselling/"
    assert page.get(url).status_code == 200
    r = page.post(
        url,
        {
            "means": ["firearm"],
            "action_firearm": "stored_off_site",
            "counselled": ["client", "support_person"],
            "support_person_name": "Ray Okafor",
            "check_in_hours": "48",
        },
    )
    assert r.status_code == 422  # no name for who keeps the firearm
    assert "is required" in r.content.decode()
    assert not MeansCounselling.objects.exists()
    r = page.post(
        url,
        {
            "means": ["firearm"],
            "action_firearm": "stored_off_site",
            "with_person_firearm": "Ray Okafor",
            "counselled": ["client", "support_person"],
            "support_person_name": "Ray Okafor",
            "check_in_hours": "48",
        },
    )
    assert r.status_code == 302
    plan_services.save_plan(
        client=world.client,
        actor=world.users["clinician"],
        content=full_sections(),
        base_version=0,
    )
    plan = page.get(f"/clients/{world.client.pk}/plan/").content.decode()
    assert "Lethal-means counselling" in plan
    assert "Stored away from home with a named person (Ray Okafor)" in plan
    assert "Storage check due" in plan
    event = closed_crisis(world)
    note = CrisisNote.objects.filter(event=event).first()
    if note is None:
        from safeplan.crisis.services import notes as note_services

        note = note_services.draft_for(event, actor=world.users["clinician"], follow_up_hours=None)
    # The drafted note itself carries the counselling and its check (SAFE-T step 5, §7.1).
    assert (
        "with the client and support person Ray Okafor: firearms: stored away from home"
        in (note.content["lethal_means"])
    )
    assert "Storage check due" in note.content["lethal_means"]
    html = page.get(f"/crisis/notes/{note.pk}/").content.decode()
    assert "Lethal-means counselling on record" in html
    assert "Ray Okafor" in html
    record = MeansCounselling.objects.get()
    r = page.post(f"{url}{record.pk}/check/", {"outcome": "confirmed"})
    assert r.status_code == 302
    assert "Storage checked" in page.get(url).content.decode()


@pytest.mark.django_db
def test_demo_seeds_counselling_with_its_checks_once() -> None:
    from safeplan.accounts.demo import seed_core
    from safeplan.plans import demo

    ctx = seed_core("demo-password-1")
    demo.seed(ctx)
    thu = MeansCounselling.objects.get(client=ctx.clients[2])
    assert thu.agreements[0]["action"] == "stored_off_site"
    assert MeansCheck.objects.get(counselling=thu).status == "pending"
    jordan = MeansCounselling.objects.get(client=ctx.clients[4])
    assert MeansCheck.objects.get(counselling=jordan).outcome == "confirmed"
    demo.seed(ctx)
    assert MeansCounselling.objects.count() == 2


def test_fhir_export_carries_the_counselling_as_a_procedure(world, api_as) -> None:
    from fhir.resources.R4B.bundle import Bundle

    record = means.record_counselling(
        actor=world.users["clinician"], client=world.client, data=FIREARM_OFF_SITE
    )
    bundle = api_as("clinician").get(f"/api/v1/clients/{world.client.pk}/export/fhir").json()
    Bundle.model_validate(bundle)
    procedures = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Procedure"
    ]
    assert len(procedures) == 1
    p = procedures[0]
    assert p["code"]["coding"][0] == {
        "system": "urn:safeplan:procedure",
        "code": "lethal-means-counselling",
    }
    assert "Ray Okafor" in p["note"][0]["text"]
    assert p["followUp"][0]["coding"][0]["code"] == "pending"
    assert record.pk
    # History only: an import of the bundle accepts it and does not recreate the record.
    from safeplan.records import retention

    retention.delete_client(actor=None, client=world.client)
    imported = api_as("clinician").post("/api/v1/clients/import/fhir", bundle)
    assert imported.status_code == 201, imported.content
    assert not MeansCounselling.objects.exists()


def test_database_refuses_raw_changes_to_a_counselling_record(world) -> None:
    from django.db import DatabaseError, connection, transaction

    record = means.record_counselling(
        actor=world.users["clinician"], client=world.client, data=FIREARM_OFF_SITE
    )
    for sql in (
        "UPDATE plans_meanscounselling SET counselled_at = counselled_at + 0 WHERE id = %s"
        if connection.vendor == "sqlite"
        else "UPDATE plans_meanscounselling SET counselled_at = counselled_at + interval '1 day' "
        "WHERE id = %s",
        "DELETE FROM plans_meanscounselling WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [record.pk])
    assert MeansCounselling.objects.filter(pk=record.pk).exists()

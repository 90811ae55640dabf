"""Services beyond the API: review dates by risk level and organisation setting, directory entries,
warnings, audit of every read, and the client seeing only their own plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.clients import facts
from safeplan.plans import resources, selectors, services
from safeplan.plans.models import SafetyPlanVersion
from safeplan.risk.models import RiskFlagChange
from tests.factories import World
from tests.plans.helpers import full_sections


def _save(world: World, base: int = 0, **kw: Any) -> SafetyPlanVersion:
    return services.save_plan(
        client=world.client,
        actor=world.users["clinician"],
        content=kw.pop("content", full_sections()),
        base_version=base,
        **kw,
    )


def _flag(world: World, level: str) -> None:
    RiskFlagChange.objects.create(
        client=world.client,
        level=level,
        previous_level="none",
        source="clinician",
        set_by=world.users["clinician"],
    )


@time_machine.travel(dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC), tick=False)
def test_review_date_follows_risk_and_organisation_setting(world: World) -> None:
    today = dt.date(2026, 3, 10)
    assert _save(world).review_due == today + dt.timedelta(days=30)
    _flag(world, "high")
    version = _save(world, 1)
    assert (version.review_due, version.review_basis) == (today + dt.timedelta(days=7), "risk_high")
    assert selectors.plan_review_due(world.client) == today + dt.timedelta(days=7)
    world.org.policy = {"plans.review_days_high": 3}
    world.org.save()
    world.client.refresh_from_db()
    assert _save(world, 2).review_due == today + dt.timedelta(days=3)


def test_a_save_is_a_review_that_resets_the_due_date(world: World) -> None:
    first = _save(world)
    services.set_review_due(
        client=world.client, due=timezone.localdate(), actor=None, reason="crisis event"
    )
    version = _save(world, 1, content=first.content)
    assert selectors.plan_review_due(world.client) == version.review_due
    assert version.origin == "review"  # nothing changed in the words


def test_directory_entries_are_added_and_a_changed_directory_is_flagged(world: World) -> None:
    version = _save(world)
    lines = [e for e in version.content["professionals"] if e["origin"] == "directory"]
    assert lines and lines[0]["name"].startswith("988") and lines[0]["phone"] == "988"
    assert all(e["source"] for e in lines)
    today = facts.today(world.client)
    assert "directory_changed" not in selectors.warnings_for(world.client, version, today)
    world.client.country = "GB"
    world.client.save()
    codes = selectors.warnings_for(world.client, version, today)
    assert "directory_changed" in codes and "no_crisis_line" not in codes
    world.client.country = "AQ"  # Antarctica: no crisis line in the directory
    world.client.save()
    assert "no_crisis_line" in selectors.warnings_for(world.client, version, today)
    assert resources.crisis_lines_for(world.client) == []


def test_posted_directory_entries_are_ignored_and_refreshed(world: World) -> None:
    content = full_sections()
    content["professionals"].append(
        {"kind": "crisis_line", "name": "Fake line", "phone": "555", "origin": "directory"}
    )
    version = _save(world, content=content)
    names = [e["name"] for e in version.content["professionals"]]
    assert "Fake line" not in names and any(n.startswith("988") for n in names)


def test_every_read_is_audited(world: World, api_as: Callable[[str], Any]) -> None:
    _save(world)
    _save(world, 1, content={**full_sections(), "reasons": []})
    api = api_as("supervisor")
    url = f"/api/v1/clients/{world.client.pk}/safety-plan"
    for path in (
        "",
        "/versions",
        "/versions/1",
        "/diff?from=1&to=2",
        "/proposals",
        "/wallet-card.pdf",
    ):
        assert api.get(url + path).status_code == 200, path
    assert api.get(url + ".pdf").status_code == 200
    actions = list(
        AuditEvent.objects.filter(client_id=world.client.pk, actor_id=world.users["supervisor"].pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "plan.viewed",
        "plan.versions_listed",
        "plan.version_viewed",
        "plan.diff_viewed",
        "plan.proposals_listed",
        "plan.wallet_card_downloaded",
        "plan.pdf_downloaded",
    ]
    created = AuditEvent.objects.filter(client_id=world.client.pk, action="plan.version_created")
    assert created.count() == 2
    for event in AuditEvent.objects.filter(client_id=world.client.pk):
        assert "Nguy" not in str(event.details)


def test_client_sees_only_their_own_plan(world: World, page_as: Callable[[str], Any]) -> None:
    services.save_plan(
        client=world.other_client,
        actor=world.users["other_clinician"],
        content={**full_sections(), "reasons": [{"text": "Someone else's reason"}]},
        base_version=0,
    )
    http = page_as("client")
    page = http.get("/portal/plan/").content.decode()
    assert "Someone else" not in page and "will appear here" in page
    assert http.get("/portal/plan/plan.pdf").status_code == 404
    assert api_isolation(world)


def api_isolation(world: World) -> bool:
    from tests.conftest import ApiClient

    api = ApiClient(world.users["client"])
    return api.get(f"/api/v1/clients/{world.other_client.pk}/safety-plan").status_code == 404


def test_entry_text_is_encrypted_at_rest(world: World) -> None:
    from django.db import connection

    version = _save(world)
    with connection.cursor() as cur:
        cur.execute("SELECT content FROM plans_safetyplanversion WHERE id = %s", [version.pk])
        (stored,) = cur.fetchone()
    assert stored.startswith("enc1:") and "Nguy" not in stored and "guitar" not in stored


def test_nearest_emergency_department_for_the_home_location(world: World) -> None:
    from safeplan.telehealth.models import UsualLocation

    UsualLocation.objects.create(
        client=world.client,
        kind="home",
        street="1 Example Street",
        city="Boston",
        region="MA",
        postcode="02114",
        country="US",
        created_by=world.users["clinician"],
    )
    version = _save(world)
    (ed,) = [e for e in version.content["professionals"] if e["kind"] == "emergency_department"]
    assert ed["name"] == "Massachusetts General Hospital"
    assert ed["phone"] == "+16177262000" and ed["text"] == "55 Fruit Street, Boston, MA 02114"
    assert "CMS" in ed["source"]

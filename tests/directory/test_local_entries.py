"""Organisation-local entries: validation, corrections that keep history, retiring, who may write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.directory import lookups, selectors, services
from safeplan.directory.models import LocalResourceEntry
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from tests.conftest import ApiClient
from tests.factories import World

pytestmark = pytest.mark.django_db

CRISIS_TEAM = {
    "kind": "mobile_crisis",
    "country": "US",
    "state": "MA",
    "county": "Suffolk",
    "name": "Suffolk mobile crisis team",
    "phone": "(617) 555-0140",
    "notes": "Covers Boston, Chelsea, Revere, Winthrop.",
}


def _add(world: World, **changes: Any) -> LocalResourceEntry:
    return services.add_local_entry(
        actor=world.users["supervisor"], data={**CRISIS_TEAM, **changes}
    )


def test_add_normalises_and_audits(world: World) -> None:
    entry = _add(world, county="25025", zips=["02114", "02113"])
    assert (entry.phone, entry.county, entry.county_fips, entry.zips) == (
        "+16175550140",
        "Suffolk County",
        "25025",
        ["02113", "02114"],
    )
    assert entry.organisation == world.org and entry.created_by == world.users["supervisor"]
    assert entry.verified_at is None
    event = AuditEvent.objects.get(action="directory.entry_created")
    assert (event.target_id, event.details) == (
        str(entry.pk),
        {"kind": "mobile_crisis", "verified": False},
    )


def test_verified_entry_records_who_when_how(world: World) -> None:
    entry = _add(world, verified=True, how_verified="phone_call")
    assert entry.verified_by == world.users["supervisor"]
    assert timezone.now() - entry.verified_at < dt.timedelta(seconds=5)
    record = selectors.as_record(entry)
    assert record.verified and record.source.status == "verified"
    assert (
        record.source.label
        == f"Clinic A local directory, {timezone.localdate().isoformat()} (verified)"
    )
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    earlier = _add(
        world, name="Other", verified=True, how_verified="official_source", verified_at=yesterday
    )
    assert earlier.verified_at.date() == yesterday


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "spaceship"}, "kind"),
        ({"country": "ZZ"}, "country"),
        ({"state": "XX"}, "state"),
        ({"county": "Nowhere"}, "county"),
        ({"county": "Suffolk", "state": ""}, "state"),
        ({"zips": ["99999"]}, "zips"),
        ({"zips": ["10001"]}, "zips"),  # a New York ZIP for a Massachusetts entry
        (
            {
                "country": "GB",
                "state": "",
                "county": "",
                "zips": ["02114"],
                "phone": "020 7946 0000",
            },
            "zips",
        ),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "bad\x00name"}, "name"),
        ({"phone": "12"}, "phone"),
        ({"phone": "not a number"}, "phone"),
        ({"phone": "911"}, "phone"),
        ({"verified": True}, "how_verified"),
        (
            {"verified": True, "how_verified": "phone_call", "verified_at": dt.date(2999, 1, 1)},
            "verified_at",
        ),
        ({"notes": "n" * 2001}, "notes"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        _add(world, **changes)
    assert exc.value.field == field
    assert not LocalResourceEntry.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="directory.").exists()


def test_international_number_in_e164_is_accepted(world: World) -> None:
    assert _add(world, phone="+44 20 7946 0000").phone == "+442079460000"


def test_only_admins_and_supervisors_write(world: World) -> None:
    for persona in ("clinician", "clinician_off", "client"):
        with pytest.raises(NotAllowed):
            services.add_local_entry(actor=world.users[persona], data=dict(CRISIS_TEAM))
    entry = services.add_local_entry(actor=world.users["admin"], data=dict(CRISIS_TEAM))
    with pytest.raises(NotAllowed):
        services.correct_local_entry(
            actor=world.users["clinician"], entry=entry, data={"name": "x"}
        )
    with pytest.raises(NotAllowed):
        services.correct_local_entry(
            actor=world.users["other_admin"], entry=entry, data={"name": "x"}
        )
    with pytest.raises(NotAllowed):
        services.retire_local_entry(actor=world.users["clinician"], entry=entry, reason="gone")


def test_correction_keeps_history_with_who_and_when(world: World) -> None:
    original = _add(world, verified=True, how_verified="phone_call")
    admin = world.users["admin"]
    corrected = services.correct_local_entry(
        actor=admin, entry=original, data={"phone": "617-555-0141"}, reason="number changed"
    )
    original.refresh_from_db()
    # The old row keeps its content; only the supersession is recorded on it.
    assert (original.phone, original.name, original.verified_by) == (
        "+16175550140",
        "Suffolk mobile crisis team",
        world.users["supervisor"],
    )
    assert original.superseded_at == corrected.created_at
    assert not original.is_current
    assert (corrected.supersedes, corrected.created_by, corrected.change_reason) == (
        original,
        admin,
        "number changed",
    )
    assert (corrected.phone, corrected.name, corrected.county_fips) == (
        "+16175550141",
        "Suffolk mobile crisis team",
        "25025",
    )
    assert corrected.verified_at is None, "verification is not carried over to a changed number"
    reverified = services.correct_local_entry(
        actor=admin, entry=corrected, data={"verified": True, "how_verified": "phone_call"}
    )
    assert reverified.verified_by == admin
    assert [e.pk for e in selectors.history_of(original)] == [
        reverified.pk,
        corrected.pk,
        original.pk,
    ]
    assert [e.pk for e in selectors.history_of(reverified)] == [
        reverified.pk,
        corrected.pk,
        original.pk,
    ]
    assert list(selectors.current_entries(world.org)) == [reverified]
    event = AuditEvent.objects.filter(action="directory.entry_corrected").order_by("id").first()
    assert event is not None
    assert event.details == {"supersedes": original.pk, "fields": ["phone"], "verified": False}
    with pytest.raises(Conflict, match=f"#{corrected.pk}"):
        services.correct_local_entry(actor=admin, entry=original, data={"name": "again"})


def test_retire_keeps_the_entry_in_history(world: World) -> None:
    entry = _add(world)
    with pytest.raises(InvalidInput) as exc:
        services.retire_local_entry(actor=world.users["admin"], entry=entry, reason="  ")
    assert exc.value.field == "reason"
    retired = services.retire_local_entry(
        actor=world.users["admin"], entry=entry, reason="team merged"
    )
    assert retired.retired_by == world.users["admin"] and retired.retired_reason == "team merged"
    assert not selectors.current_entries(world.org).exists()
    assert LocalResourceEntry.objects.filter(pk=entry.pk).exists()
    with pytest.raises(Conflict):
        services.retire_local_entry(actor=world.users["admin"], entry=entry, reason="again")


def test_resolve_local_resources_returns_matching_entries(world: World) -> None:
    county = _add(world, verified=True, how_verified="phone_call")
    zip_only = _add(world, name="Beacon Hill team", zips=["02114"])
    middlesex = _add(world, name="Other county", county="Middlesex")
    _add(world, name="Other state", state="NY", county="")
    state_wide = _add(world, name="Statewide warm line", kind="crisis_line", county="")
    services.add_local_entry(actor=world.users["other_admin"], data=dict(CRISIS_TEAM))
    found = lookups.resolve_local_resources(organisation=world.org, country="US", postcode="02114")
    assert [e.id for e in found.org_local_entries] == [zip_only.pk, county.pk, state_wide.pk]
    assert found.local_entries_of("mobile_crisis")[0].name == "Beacon Hill team"
    elsewhere = lookups.resolve_local_resources(
        organisation=world.org, country="US", postcode="02139"
    )
    # Cambridge is in Middlesex County: that entry and the statewide one serve it.
    assert [e.id for e in elsewhere.org_local_entries] == [middlesex.pk, state_wide.pk]
    assert (
        lookups.resolve_local_resources(
            organisation=None, country="US", postcode="02114"
        ).org_local_entries
        == []
    )


def test_resolve_local_resources_for_a_point_and_abroad(world: World) -> None:
    point = lookups.resolve_local_resources(
        organisation=world.org, country="US", lat=42.3626, lon=-71.0693
    )
    assert (point.region, point.county, point.county_fips) == ("MA", "Suffolk County", "25025")
    assert point.eds[0].id == "220071"
    assert point.zip is not None and point.zip.state == "MA"
    wrong_state = lookups.resolve_local_resources(
        organisation=world.org, country="US", region="NY", postcode="02114"
    )
    assert wrong_state.warnings == ("ZIP code 02114 is in MA, not NY; check the address.",)
    unknown = lookups.resolve_local_resources(
        organisation=world.org, country="US", postcode="00000"
    )
    assert unknown.eds == [] and unknown.warnings
    region_only = lookups.resolve_local_resources(organisation=world.org, country="US", region="MA")
    assert (region_only.eds, region_only.psaps, region_only.police_candidates) == ([], [], [])
    assert region_only.warnings[0].startswith("No ZIP code or coordinates")
    gb = lookups.resolve_local_resources(organisation=world.org, country="GB", postcode="SW1A 1AA")
    assert (gb.eds, gb.psaps, gb.police_candidates) == ([], [], [])
    assert gb.primary_emergency_number == "999"
    assert gb.crisis_lines[0].name == "Samaritans"
    with pytest.raises(ValueError, match="country"):
        lookups.resolve_local_resources(organisation=world.org, country="ZZ")
    with pytest.raises(ValueError, match="lat"):
        lookups.resolve_local_resources(organisation=world.org, country="US", lat=42.0)


def test_api_create_correct_and_history(world: World, api_as: Callable[[str], ApiClient]) -> None:
    supervisor = api_as("supervisor")
    created = supervisor.post(
        "/api/v1/directory/local-entries",
        {**CRISIS_TEAM, "verified": True, "how_verified": "phone_call"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["phone"], body["verified"], body["verified_by"], body["current"]) == (
        "+16175550140",
        True,
        "Sue-Supervisor",
        True,
    )
    assert body["source"]["status"] == "verified"
    entry_id = body["id"]
    bad = supervisor.post(
        f"/api/v1/directory/local-entries/{entry_id}/corrections", {"phone": "555"}
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "phone"]
    fixed = supervisor.post(
        f"/api/v1/directory/local-entries/{entry_id}/corrections",
        {"phone": "617-555-0149", "reason": "new number"},
    )
    assert fixed.status_code == 201
    new_id = fixed.json()["id"]
    assert fixed.json()["supersedes_id"] == entry_id and fixed.json()["verified"] is False
    again = supervisor.post(
        f"/api/v1/directory/local-entries/{entry_id}/corrections", {"name": "stale edit"}
    )
    assert again.status_code == 409
    history = api_as("clinician").get(f"/api/v1/directory/local-entries/{entry_id}").json()
    assert [h["id"] for h in history["history"]] == [new_id, entry_id]
    assert history["entry"]["superseded_by_id"] == new_id and history["entry"]["current"] is False
    listed = api_as("clinician").get("/api/v1/directory/local-entries").json()
    assert [e["id"] for e in listed] == [new_id]
    with_history = api_as("clinician").get("/api/v1/directory/local-entries?include_history=true")
    assert {e["id"] for e in with_history.json()} == {entry_id, new_id}
    assert api_as("other_admin").get("/api/v1/directory/local-entries").json() == []
    missing = supervisor.post("/api/v1/directory/local-entries", {**CRISIS_TEAM, "kind": "x"})
    assert missing.status_code == 422 and ["body", "payload", "kind"] in [
        e["loc"] for e in missing.json()["detail"]
    ]
    assert LocalResourceEntry.objects.count() == 2

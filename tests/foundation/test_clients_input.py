"""Bad input to every client write endpoint: 4xx naming the field, nothing written (issue 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from safeplan.clients.models import Client
from tests.factories import World

VALID = {
    "first_name": "Nia",
    "last_name": "Example",
    "date_of_birth": "1991-02-03",
    "country": "US",
    "region": "MA",
    "time_zone": "America/New_York",
    "phone": "617-555-0123",
    "email": "nia@example.org",
}
# After tomorrow: "tomorrow" in UTC is already today on the Line Islands (UTC+14) part of the day.
TOMORROW = (timezone.localdate() + dt.timedelta(days=2)).isoformat()

BAD = [
    ({"first_name": ""}, "first_name"),
    ({"first_name": "x" * 101}, "first_name"),
    ({"last_name": "Bad\x00name"}, "last_name"),
    ({"last_name": "Two\nlines"}, "last_name"),
    ({"first_name": 12}, "first_name"),
    ({"date_of_birth": TOMORROW}, "date_of_birth"),
    ({"date_of_birth": "1850-01-01"}, "date_of_birth"),
    ({"date_of_birth": "31/12/1990"}, "date_of_birth"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"country": "ZZ"}, "country"),
    ({"preferred_language": "english please"}, "preferred_language"),
    ({"phone": "12"}, "phone"),
    ({"email": "not-an-email"}, "email"),
    ({"pronouns": "p" * 41}, "pronouns"),
]


def _field_named(response: Any, field: str) -> bool:
    detail = response.json()["detail"]
    return any(field in [str(part) for part in err.get("loc", [])] for err in detail)


@pytest.mark.parametrize(("change", "field"), BAD, ids=[f for _, f in BAD])
def test_create_rejects_bad_input(
    world: World, api_as: Any, change: dict[str, Any], field: str
) -> None:
    before = Client.objects.count()
    response = api_as("clinician").post("/api/v1/clients", {**VALID, **change})
    assert response.status_code == 422, response.content
    assert _field_named(response, field), response.json()
    assert Client.objects.count() == before


@pytest.mark.parametrize(("change", "field"), BAD, ids=[f for _, f in BAD])
def test_update_rejects_bad_input(
    world: World, api_as: Any, change: dict[str, Any], field: str
) -> None:
    response = api_as("clinician").patch(f"/api/v1/clients/{world.client.pk}", change)
    assert response.status_code == 422, response.content
    assert _field_named(response, field), response.json()
    world.client.refresh_from_db()
    assert world.client.first_name == "Cleo" and world.client.pronouns == ""


def test_create_stores_normalised_phone_and_puts_creator_on_team(world: World, api_as: Any) -> None:
    response = api_as("clinician").post("/api/v1/clients", VALID)
    assert response.status_code == 201
    body = response.json()
    assert body["phone"] == "+16175550123"
    assert [m["clinician_id"] for m in body["care_team"]] == [world.users["clinician"].pk]


def test_unknown_ids_are_404(world: World, api_as: Any) -> None:
    api = api_as("supervisor")
    assert api.get("/api/v1/clients/999999").status_code == 404
    assert api.patch("/api/v1/clients/999999", {"pronouns": "x"}).status_code == 404
    assert (
        api.post(
            f"/api/v1/clients/{world.client.pk}/care-team", {"clinician_id": 999999}
        ).status_code
        == 422
    )


def test_unknown_fields_are_ignored_not_stored(world: World, api_as: Any) -> None:
    response = api_as("clinician").patch(
        f"/api/v1/clients/{world.client.pk}", {"organisation_id": world.other_org.pk}
    )
    assert response.status_code == 200
    world.client.refresh_from_db()
    assert world.client.organisation_id == world.org.pk


def test_page_form_shows_errors_and_writes_nothing(world: World, page_as: Any) -> None:
    before = Client.objects.count()
    response = page_as("clinician").post(
        "/clients/new/", {**VALID, "preferred_language": "en", "date_of_birth": TOMORROW}
    )
    assert response.status_code == 422
    assert b"cannot be in the future" in response.content
    assert Client.objects.count() == before

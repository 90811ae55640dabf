"""Fixtures for the telehealth tests: a client with a home address, a minor with guardians."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from safeplan.telehealth.services import locations, people
from tests.factories import World, make_client

BOSTON = {
    "street": "55 Fruit Street",
    "unit": "Apt 4",
    "city": "Boston",
    "region": "MA",
    "postcode": "02114",
    "country": "US",
}
AUSTIN = {
    "street": "1100 Congress Avenue",
    "city": "Austin",
    "region": "TX",
    "postcode": "78701",
    "country": "US",
}
LONDON = {
    "street": "10 Example Road",
    "city": "London",
    "postcode": "SW1A 1AA",
    "country": "GB",
}


@pytest.fixture
def home(world: World) -> Any:
    return locations.add_location(
        actor=world.users["clinician"], client=world.client, kind="home", address=BOSTON
    )


@pytest.fixture
def minor(world: World) -> Any:
    today = timezone.localdate()
    client = make_client(
        world.org, "A-MINOR", date_of_birth=dt.date(today.year - 14, 1, 1), first_name="Jo"
    )
    from safeplan.clients.models import CareTeamMember

    CareTeamMember.objects.create(client=client, clinician=world.users["clinician"], primary=True)
    return client


@pytest.fixture
def safe_adult(world: World, minor: Any) -> Any:
    return people.add_guardian(
        actor=world.users["clinician"],
        client=minor,
        data={
            "name": "Pat Lee",
            "relationship": "mother",
            "phone": "+13125550112",
            "is_legal_guardian": True,
            "is_safe_adult": True,
            "lives_with_client": True,
        },
    )

"""Screen versions: the database bumps a client's version with every write to their data (issue 15: a
cache may never serve a stale emergency number or plan entry)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from safeplan.accounts.models import User
from safeplan.clients import screen_cache, versions
from safeplan.telehealth.models import SupportPerson
from tests.factories import World, make_client


def _support_person(world: World, client: Any, name: str = "Sam") -> SupportPerson:
    return SupportPerson.objects.create(
        client=client, name=name, phone="+16175550100", created_by=world.users["clinician"]
    )


def _version(client: Any) -> int:
    return versions.current(client.pk, client.organisation_id)[0]


def test_every_table_with_client_data_has_a_version_trigger(world: World) -> None:
    expected = versions.covered(versions.versioned_tables())
    assert {"clients_client", "telehealth_supportperson", "plans_plansignature"} <= expected
    assert expected <= versions.trigger_names()
    # What is left out is left out on purpose: frequent writes no screen is built from.
    assert "notifications_outboundmessage" not in expected and "audit_auditevent" not in expected


def test_a_write_bumps_only_that_clients_version(world: World) -> None:
    other = make_client(world.org, "A-777")
    before, other_before = _version(world.client), _version(other)
    person = _support_person(world, world.client)
    assert _version(world.client) == before + 1
    person.phone = "+16175550199"
    person.save()
    assert _version(world.client) == before + 2
    person.delete()
    assert _version(world.client) == before + 3
    assert _version(other) == other_before


def test_rows_reached_through_their_parent_bump_the_client(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM clients_screenversion")
    items = {v.table: v for v in versions.versioned_tables()}
    assert [hop[1] for hop in items["plans_plansignature"].path] == [
        "plans_safetyplanversion", "plans_safetyplan", "clients_client",
    ]  # fmt: skip
    assert items["crisis_timelineentry"].path[-1] == ("client_id", "clients_client")


def test_organisation_settings_bump_the_organisation_not_on_login(world: World) -> None:
    user = User.objects.get(pk=world.users["clinician"].pk)
    org_before = versions.current(world.client.pk, world.org.pk)[1]
    user.last_login = user.date_joined
    user.save(update_fields=["last_login"])
    assert versions.current(world.client.pk, world.org.pk)[1] == org_before
    user.first_name = "Renamed"
    user.save(update_fields=["first_name"])
    assert versions.current(world.client.pk, world.org.pk)[1] == org_before + 1


def test_the_cache_rebuilds_after_a_write_and_not_before(world: World) -> None:
    cache: screen_cache.ScreenCache[list[str]] = screen_cache.ScreenCache("test")
    phones = lambda: list(  # noqa: E731
        SupportPerson.objects.filter(client=world.client).values_list("phone", flat=True)
    )
    person = _support_person(world, world.client)
    assert cache.get(world.client, phones) == ["+16175550100"]
    assert cache.get(world.client, lambda: ["never built"]) == ["+16175550100"]
    person.phone = "+16175550111"
    person.save()
    assert cache.get(world.client, phones) == ["+16175550111"]
    assert (cache.hits, cache.misses) == (1, 2)


def test_inside_a_write_transaction_the_cache_is_not_used(world: World) -> None:
    cache: screen_cache.ScreenCache[str] = screen_cache.ScreenCache("test")
    assert cache.get(world.client, lambda: "first") == "first"
    with transaction.atomic():
        assert cache.get(world.client, lambda: "fresh") == "fresh"
    assert cache.get(world.client, lambda: "not again") == "first"


@pytest.mark.django_db(transaction=True)
def test_on_commit_the_data_and_its_version_change_together(transactional_db: Any) -> None:
    from tests.factories import make_world

    world = make_world()
    before = _version(world.client)
    with transaction.atomic():
        _support_person(world, world.client)
        if connection.vendor == "postgresql":
            # Deferred to commit: the version row is locked last, after everything else.
            assert _version(world.client) == before
    assert _version(world.client) == before + 1

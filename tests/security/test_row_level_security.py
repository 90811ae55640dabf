"""The second wall on PostgreSQL: a query that forgets its organisation scope sees nothing of another clinic.

The test database user is a superuser, which PostgreSQL exempts from row-level security, so the queries
run under ``SET ROLE`` to a plain role made here (no superuser, not the tables' owner): the role the
deployment gives ``safeplan serve`` (docs/deploy.md, "Database roles").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from safeplan.clients.models import CareTeamMember, Client
from safeplan.lib import rls
from tests.factories import World

ROLE = "safeplan_rls_probe"


@pytest.fixture
def app_role(postgres_only: None, world: World) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {ROLE} NOSUPERUSER NOBYPASSRLS")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"SET ROLE {ROLE}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
            rls.set_scope(connection, None)


def test_every_client_scoped_table_has_the_policy(postgres_only: None, db: Any) -> None:
    tables = rls.client_scoped_tables(apps)
    assert "clients_client" in tables and "plans_safetyplan" in tables and len(tables) > 30
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid "
            "WHERE p.polname = %s AND c.relrowsecurity",
            [rls.POLICY],
        )
        protected = {row[0] for row in cursor.fetchall()}
    missing = sorted(set(tables) - protected)
    assert not missing, (
        f"client-scoped tables without a policy (add a migration calling rls.enable): {missing}"
    )


def test_an_unscoped_query_as_another_organisation_returns_nothing(
    app_role: None, world: World
) -> None:
    rls.set_scope(connection, world.other_org.pk)
    # Deliberately unscoped: no organisation filter anywhere.
    assert list(Client.objects.all()) == [world.other_client]
    assert not Client.objects.filter(pk=world.client.pk).exists()
    assert not CareTeamMember.objects.filter(client_id=world.client.pk).exists()
    assert CareTeamMember.objects.filter(client_id=world.other_client.pk).count() == 1
    rls.set_scope(connection, world.org.pk)
    assert list(Client.objects.all()) == [world.client]
    assert CareTeamMember.objects.filter(client_id=world.client.pk).exists()


def test_no_organisation_set_means_no_rows(app_role: None, world: World) -> None:
    rls.set_scope(connection, None)
    assert Client.objects.count() == 0
    rls.set_scope(connection, None, all_orgs=True)  # anonymous, secret-gated links only
    assert Client.objects.count() == 2


def test_writes_into_another_organisation_are_refused(app_role: None, world: World) -> None:
    from django.db import DatabaseError, transaction

    rls.set_scope(connection, world.other_org.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        CareTeamMember.objects.create(
            client_id=world.client.pk, clinician=world.users["other_clinician"]
        )
    assert Client.objects.filter(pk=world.client.pk).update(region="NY") == 0


def test_requests_name_their_organisation(
    postgres_only: None, world: World, api_as: Any, page_as: Any, settings: Any
) -> None:
    settings.ROW_LEVEL_SECURITY = True

    def current() -> tuple[str, str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting(%s, true), current_setting(%s, true)",
                [rls.ORG_SETTING, rls.ALL_SETTING],
            )
            return tuple(cursor.fetchone())  # type: ignore[return-value]

    assert api_as("other_clinician").get("/api/v1/clients").status_code == 200
    assert current() == (str(world.other_org.pk), "off")
    assert page_as("clinician").get("/").status_code == 200
    assert current() == (str(world.org.pk), "off")
    page_as("anonymous").get("/accounts/login/")
    assert current() == ("", "on")

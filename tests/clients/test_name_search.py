"""Caseload search by name although names are encrypted (issue 15): keyed hashes of folded names."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.audit.models import AuditEvent
from safeplan.clients import names
from safeplan.clients.models import CareTeamMember, Client
from tests.factories import World, make_client


def _found(api: Any, query: str) -> list[str]:
    r = api.get("/api/v1/clients", QUERY_STRING=f"name={quote(query)}&limit=100")
    assert r.status_code == 200, r.content
    return sorted(item["record_number"] for item in r.json()["items"])


def _on_team(world: World, client: Client) -> Client:
    CareTeamMember.objects.create(client=client, clinician=world.users["clinician"], primary=True)
    return client


def test_a_name_is_found_whatever_its_case_and_accents(world: World, api_as: Any) -> None:
    _on_team(world, make_client(world.org, "A-101", first_name="Thu", last_name="Nguyễn"))
    _on_team(world, make_client(world.org, "A-102", first_name="Zoë", last_name="Ólafsdóttir"))
    _on_team(world, make_client(world.org, "A-103", first_name="Ana", last_name="De la Cruz"))
    api = api_as("clinician")
    assert _found(api, "nguyen") == ["A-101"]
    assert _found(api, "NGUYỄN") == ["A-101"]
    assert _found(api, "thu nguyen") == ["A-101"]
    assert _found(api, "zoe") == ["A-102"]
    assert _found(api, "de la cruz") == ["A-103"]
    assert _found(api, "nguy") == []  # whole names only: a keyed hash has no prefixes
    assert _found(api, "thu olafsdottir") == []  # every word must be one of the client's names


def test_search_stays_inside_the_care_team_and_the_organisation(world: World, api_as: Any) -> None:
    make_client(world.org, "A-201", first_name="Rivera", last_name="Lopez")  # not on the team
    make_client(world.other_org, "B-201", first_name="Rivera", last_name="Lopez")
    _on_team(world, make_client(world.org, "A-202", first_name="Sam", last_name="Rivera"))
    assert _found(api_as("clinician"), "rivera") == ["A-202"]
    assert _found(api_as("supervisor"), "rivera") == ["A-201", "A-202"]
    assert api_as("admin").get("/api/v1/clients", QUERY_STRING="name=rivera").json()["items"] == []


def test_the_database_never_sees_the_name_and_the_audit_keeps_no_words(
    world: World, api_as: Any
) -> None:
    _on_team(world, make_client(world.org, "A-301", first_name="Marisol", last_name="Okafor"))
    with CaptureQueriesContext(connection) as queries:
        assert _found(api_as("clinician"), "okafor") == ["A-301"]
    assert not any("okafor" in q["sql"].lower() for q in queries.captured_queries)
    entry = AuditEvent.objects.filter(action="client.listed").order_by("-id").first()
    assert entry is not None and entry.details == {"name_search": True}


def test_a_renamed_client_is_found_by_the_new_name_only(world: World, api_as: Any) -> None:
    client = _on_team(world, make_client(world.org, "A-401", first_name="Kim", last_name="Park"))
    api = api_as("clinician")
    r = api.patch(f"/api/v1/clients/{client.pk}", {"last_name": "Lee"})
    assert r.status_code == 200, r.content
    assert _found(api, "lee") == ["A-401"] and _found(api, "park") == []


def test_bad_search_text_is_refused(world: World, api_as: Any) -> None:
    api = api_as("clinician")
    assert api.get("/api/v1/clients", QUERY_STRING="name=" + "x" * 201).status_code == 422
    assert api.get("/api/v1/clients", QUERY_STRING="name=a%01b").status_code == 422


@settings(max_examples=60)
@given(st.text(min_size=1, max_size=30))
def test_folding_ignores_case_width_and_accents(text: str) -> None:
    assert names.fold(text.upper()) == names.fold(text.lower()) or not text.isascii()
    assert names.fold(names.fold(text)) == names.fold(text)
    assert names.name_key(text) == names.name_key(f"  {text.swapcase()}  ") or not text.isascii()

"""Arbitrary Unicode, lone surrogates and NUL included, at every write operation of the API.

Each write operation in the OpenAPI is called as the persona the access matrix lets write (so the input
reaches the service, not a 404), with the matrix's valid body and one text field replaced by generated text.
Nothing may answer 5xx; text that cannot be stored is refused with 422 naming the field; a refused request
writes no row anywhere. Examples per operation are bounded (``SAFEPLAN_TEXT_EXAMPLES``, default 6) so the
run stays short in CI.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

import hypothesis
import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck
from hypothesis import strategies as st

from safeplan.api import api
from safeplan.lib import crypto
from safeplan.lib.errors import InvalidInput
from safeplan.lib.validation import clean_text, first_unencodable, unencodable_reason
from tests.access import Case, all_cases
from tests.conftest import ApiClient
from tests.factories import World, make_world

EXAMPLES = int(os.environ.get("SAFEPLAN_TEXT_EXAMPLES", "6"))
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Who writes, in order of preference: the first whose matrix expectation is a 2xx is used.
WRITERS = ("clinician", "supervisor", "client", "admin", "other_admin", "clinician_off")
# Revoking the caller's own token ends the run; it is covered by tests/foundation.
SKIPPED = {("DELETE", "/api/v1/auth/token")}
UNSTORABLE = ["\ud800 x", "x\udfff", "\udc00\ud800", "a\x00b", "\x00", "ok \ud83d"]
# Rows a refused request may legitimately leave: the audit entry of a denied read (404), cache rows.
NOT_COUNTED = re.compile(r"^(audit_|safeplan_cache$|django_session$)")

TEXT = st.one_of(
    st.sampled_from(UNSTORABLE),
    st.text(st.characters(exclude_categories=()), max_size=40),  # every code point, surrogates too
    st.text(st.characters(categories=["Cs", "Cc", "Zs", "Mn"]), min_size=1, max_size=8),
)


@functools.cache
def _openapi() -> dict[str, Any]:
    return api.get_openapi_schema()


def _api_write_cases() -> list[Case]:
    operations = {
        (method.upper(), re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", path))
        for path, ops in _openapi()["paths"].items()
        for method in ops
        if method.upper() in WRITES
    }
    cases = [c for c in all_cases() if c.kind == "api" and c.key in operations]
    return [c for c in cases if c.key not in SKIPPED]


CASES = _api_write_cases()


def _writer(case: Case) -> str:
    for persona in WRITERS:
        expected = case.expect.get(persona)
        allowed = expected if isinstance(expected, tuple) else (expected,)
        if any(isinstance(s, int) and 200 <= s < 300 for s in allowed):
            return persona
    return "supervisor"


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _is_text(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "string":
        return True
    return any(s.get("type") == "string" for s in schema.get("anyOf", []))


def _text_fields(case: Case, base: dict[str, Any]) -> list[str]:
    """Text properties of the operation's JSON body (from the OpenAPI), and text keys of the valid body."""
    doc = _openapi()
    components = doc.get("components", {}).get("schemas", {})
    fields = {k for k, v in base.items() if isinstance(v, str)}
    for path, ops in doc["paths"].items():
        if re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", path) != case.path:
            continue
        operation = ops.get(case.method.lower(), {})
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            schema = _resolve(body["schema"], components)
            for name, prop in schema.get("properties", {}).items():
                if _is_text(_resolve(prop, components)):
                    fields.add(name)
    return sorted(fields) or ["text"]


def _row_counts() -> dict[str, int]:
    tables = sorted(t for t in connection.introspection.table_names() if not NOT_COUNTED.match(t))
    quote = connection.ops.quote_name
    # Table names come from the database's own catalogue, quoted.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _call(
    case: Case, world: World, caller: ApiClient, field: str, value: str
) -> tuple[Any, list[str]]:
    """One request in its own savepoint; returns (response, tables whose row count changed)."""
    world.client.refresh_from_db()
    world.other_client.refresh_from_db()
    sid = transaction.savepoint()
    try:
        ids = dict(world.ids)
        if case.setup is not None:
            ids.update(case.setup(world))
        base = case.body(world) if callable(case.body) else dict(case.body or {})
        path = case.path.format(**ids)
        before = _row_counts()
        response = caller.call(case.method, path, {**base, field: value})
        after = _row_counts()
        wrote = [t for t in before if before[t] != after[t]]
    finally:
        transaction.savepoint_rollback(sid)
    return response, wrote


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[f"{c.method} {c.path}" for c in CASES])
def test_arbitrary_text_never_breaks_a_write(case: Case) -> None:
    world = make_world()
    persona = _writer(case)
    sid = transaction.savepoint()
    if case.setup is not None:
        world.extra.update(case.setup(world))  # the body may name objects the setup made
    base = case.body(world) if callable(case.body) else dict(case.body or {})
    transaction.savepoint_rollback(sid)
    fields = _text_fields(case, base)
    caller = ApiClient(world.users[persona])

    @hypothesis.settings(
        max_examples=EXAMPLES,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(field=st.sampled_from(fields), value=TEXT)
    def run(field: str, value: str) -> None:
        response, wrote = _call(case, world, caller, field, value)
        status = response.status_code
        shown = f"{case.method} {case.path} as {persona} with {field}={value!r}"
        assert status < 500, f"{shown} -> {status}"
        if unencodable_reason(value):
            assert status == 422, f"{shown} -> {status}, expected 422"
            locations = [d["loc"] for d in json.loads(response.content)["detail"]]
            assert ["body", field] in locations, f"{shown}: 422 names {locations}"
        if status >= 400:
            assert not wrote, f"{shown} -> {status} but rows were written in {wrote}"

    # The one input the issue reported, always, before the generated ones.
    run = hypothesis.example(field=fields[0], value="\ud800 x")(run)
    run()


def test_every_write_operation_is_covered() -> None:
    operations = {
        (method.upper(), re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", path))
        for path, ops in _openapi()["paths"].items()
        for method in ops
        if method.upper() in WRITES
    }
    assert operations - SKIPPED == {c.key for c in CASES}
    assert len(CASES) > 50


@pytest.mark.parametrize(
    "path",
    ["/api/v1/portal/messages", "/api/v1/clients/{client_id}/messages"],
)
def test_reported_surrogate_gives_422_naming_the_field(
    world: World, api_as: Any, path: str
) -> None:
    from safeplan.followup.models import Message

    persona = "client" if "portal" in path else "clinician"
    before = Message.objects.count()
    raw = b'{"body": "\\ud800 x"}'
    response = api_as(persona).http.post(
        path.format(client_id=world.client.pk), data=raw, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "body"]
    assert Message.objects.count() == before


def test_forms_and_query_strings_refuse_nul(world: World, page_as: Any, api_as: Any) -> None:
    page = page_as("client").post("/portal/messages/", {"body": "a\x00b"})
    assert page.status_code == 422
    assert b"body" in page.content
    listed = api_as("clinician").get("/api/v1/clients?q=a%00b")
    assert listed.status_code == 422
    assert listed.json()["detail"][0]["loc"] == ["query", "q"]


def test_crypto_refuses_unencodable_text_cleanly() -> None:
    with pytest.raises(InvalidInput):
        crypto.encrypt_text("\ud800")
    with pytest.raises(InvalidInput):
        crypto.blind_index("\udfff", purpose="test")
    assert crypto.decrypt_text(crypto.encrypt_text("ok \U0001f600")) == "ok \U0001f600"


@hypothesis.given(st.text(st.characters(exclude_categories=()), max_size=30))
def test_validation_agrees_with_utf8(value: str) -> None:
    try:
        value.encode("utf-8")
        encodes = "\x00" not in value
    except UnicodeEncodeError:
        encodes = False
    assert (unencodable_reason(value) is None) == encodes
    assert (first_unencodable({"a": [value]}) is None) == encodes
    if not encodes:
        with pytest.raises(InvalidInput) as caught:
            clean_text(value + "x", field="note", limit=100, multiline=True)
        assert caught.value.field == "note"

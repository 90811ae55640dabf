"""Every URL and API operation, for every persona (see tests/access/__init__.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from safeplan.api import api
from tests.access import Case, all_cases
from tests.conftest import ApiClient
from tests.factories import PERSONAS, make_world

CASES = all_cases()
IGNORED_PREFIXES = ("accounts/", "static/")  # allauth's own pages; static files


def _django_routes() -> set[tuple[str, str]]:
    routes: set[tuple[str, str]] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                route = prefix + str(p.pattern)
                if route.startswith("api/v1/") or route.startswith(IGNORED_PREFIXES):
                    continue
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith(IGNORED_PREFIXES):
                    continue
                routes.add(("*", "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)))

    walk(get_resolver().url_patterns, "")
    return routes


def _api_routes() -> set[tuple[str, str]]:
    """Every operation in the OpenAPI schema, so routers nested with add_router are included too."""
    routes: set[tuple[str, str]] = set()
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                routes.add((method.upper(), re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", path)))
    return routes


def test_every_endpoint_has_an_access_case() -> None:
    covered_api = {c.key for c in CASES if c.kind == "api"}
    covered_pages = {("*", c.path) for c in CASES if c.kind == "page"}
    missing_api = sorted(_api_routes() - covered_api)
    missing_pages = sorted(_django_routes() - covered_pages)
    assert not missing_api, f"API operations without an access case: {missing_api}"
    assert not missing_pages, f"pages without an access case: {missing_pages}"
    for case in CASES:
        case.check()


def _request(case: Case, persona: str, world: Any) -> Any:
    # Each persona starts from the same committed world: objects cached on the Python side by an earlier
    # persona's setup (rolled back since) must not leak into this one.
    world.client.refresh_from_db()
    world.other_client.refresh_from_db()
    ids = dict(world.ids)
    if case.setup is not None:
        ids.update(case.setup(world))
    path = case.path.format(**ids) + (("?" + case.query.format(**ids)) if case.query else "")
    body = case.body(world) if callable(case.body) else case.body
    user = None if persona == "anonymous" else world.users[persona]
    if case.kind == "api":
        return ApiClient(user).call(case.method, path, body)
    http = Client()
    if user is not None:
        http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    method = case.method.lower()
    if method == "get":
        return http.get(path)
    if case.extra.get("json"):
        return getattr(http, method)(
            path, data=json.dumps(body or {}), content_type="application/json"
        )
    return getattr(http, method)(path, data=body or {})


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[f"{c.method} {c.path}" for c in CASES])
def test_access(case: Case) -> None:
    world = make_world()
    failures = []
    for persona in PERSONAS:
        sid = transaction.savepoint()
        try:
            response = _request(case, persona, world)
        finally:
            transaction.savepoint_rollback(sid)
        expected = case.expect[persona]
        allowed = expected if isinstance(expected, tuple) else (expected,)
        if response.status_code not in allowed:
            snippet = response.content[:200] if response.status_code >= 400 else b""
            failures.append(
                f"{persona}: got {response.status_code}, expected {expected} {snippet!r}"
            )
    assert not failures, f"{case.method} {case.path}\n" + "\n".join(failures)

"""Shared fixtures: the persona world, API and page clients per persona, PostgreSQL and browser gates."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management.commands import flush
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.factories import World, make_world

# Property tests check rules, not speed: no per-example deadline (CI machines are shared and slow).
hypothesis_settings.register_profile("safeplan", deadline=None, print_blob=True)
hypothesis_settings.load_profile("safeplan")

# The audit log's triggers refuse DELETE/TRUNCATE; transactional tests flush tables between tests.
_original_flush = flush.Command.handle


def _flush_with_audit_maintenance(self: Any, *args: Any, **options: Any) -> Any:
    from safeplan.audit.guard import maintenance

    with maintenance():
        return _original_flush(self, *args, **options)


flush.Command.handle = _flush_with_audit_maintenance  # type: ignore[method-assign]


def pytest_report_header(config: Any) -> list[str]:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [f"safeplan: database={engine} mode={settings.MODE}"]


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _screen_versions_at_once(request: Any) -> None:
    """On PostgreSQL the screen-version triggers fire at commit; a test's transaction never commits, so
    inside it they fire at once (as on SQLite), and caches see every write the test makes."""
    from safeplan.clients import screen_cache

    screen_cache.clear_all()
    if "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from django.db import connection

    if connection.vendor == "postgresql" and connection.in_atomic_block:  # not transactional tests
        from safeplan.clients import versions

        with connection.cursor() as cursor:
            cursor.execute(versions.immediate_sql())


@pytest.fixture
def world(db: Any) -> World:
    return make_world()


class ApiClient:
    """JSON calls as one persona, with a real bearer token from the token service."""

    def __init__(self, user: Any | None) -> None:
        self.http = Client(enforce_csrf_checks=True)
        self.user = user
        if user is not None:
            from safeplan.accounts.services import issue_api_token

            self.http.defaults["HTTP_AUTHORIZATION"] = f"Bearer {issue_api_token(user=user).secret}"

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        kwargs: dict[str, Any] = dict(extra)
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.http, method.lower())(path, **kwargs)

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("GET", path, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("POST", path, body if body is not None else {}, **extra)

    def patch(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("PATCH", path, body if body is not None else {}, **extra)

    def put(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("PUT", path, body if body is not None else {}, **extra)

    def delete(self, path: str, **extra: Any) -> Any:
        return self.call("DELETE", path, **extra)


@pytest.fixture
def api_as(world: World) -> Callable[[str], ApiClient]:
    def make(persona: str) -> ApiClient:
        return ApiClient(None if persona == "anonymous" else world.users[persona])

    return make


@pytest.fixture
def page_as(world: World) -> Callable[[str], Client]:
    def make(persona: str) -> Client:
        c = Client()
        if persona != "anonymous":
            c.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
        return c

    return make


def require_or_skip(env_flag: str, available: bool, message: str) -> None:
    """Skip with a clear message on a developer machine; fail in CI, where the flag is set."""
    if available:
        return
    if os.environ.get(env_flag) == "1":
        pytest.fail(f"{message} ({env_flag}=1, so this is not skipped)")
    pytest.skip(message)


@pytest.fixture
def postgres_only(settings: Any) -> Iterator[None]:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL set)")
    yield

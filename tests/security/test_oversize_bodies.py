"""Bodies over ``SAFEPLAN_MAX_BODY_BYTES``: 413 with a JSON ``detail`` (a page for forms), nothing read,
nothing written, no traceback in the log; and over real HTTP the client gets the answer, not a reset."""

from __future__ import annotations

import http.client
import json
import logging
import re
from typing import Any

import pytest
from django.conf import settings

from safeplan.api import api
from tests.factories import World

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _write_paths(world: World) -> list[tuple[str, str]]:
    paths = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method in ops:
            if method.upper() in WRITES:
                concrete = re.sub(r"\{[^}]+\}", str(world.client.pk), path)
                paths.append((method.upper(), concrete))
    return paths


def test_every_api_write_answers_413_with_a_detail(world: World, api_as: Any, caplog: Any) -> None:
    from safeplan.followup.models import Message

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = json.dumps({"body": "x" * (limit + 10)})
    caller = api_as("clinician")
    before = Message.objects.count()
    paths = _write_paths(world)
    with caplog.at_level(logging.INFO):
        for method, path in paths:
            response = getattr(caller.http, method.lower())(
                path, data=body, content_type="application/json"
            )
            assert response.status_code == 413, (method, path, response.status_code)
            assert "limit" in response.json()["detail"]
    assert Message.objects.count() == before
    assert len(paths) > 50
    assert not [r for r in caplog.records if r.exc_info], "no traceback is logged"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_form_gets_the_error_page(world: World, page_as: Any) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = page_as("client").post("/portal/messages/", {"body": "x" * (limit + 10)})
    assert response.status_code == 413
    assert b"Request too large" in response.content
    assert "default-src" in response["Content-Security-Policy"]


def test_a_body_at_the_limit_is_read_normally(world: World, api_as: Any) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    padding = limit - len(json.dumps({"body": ""}))
    response = api_as("clinician").post(
        f"/api/v1/clients/{world.client.pk}/messages", {"body": "x" * padding}
    )
    assert response.status_code == 422  # reached the schema: the message is too long, not the body
    assert response.json()["detail"][0]["loc"] == ["body", "body"]


@pytest.mark.django_db(transaction=True)
def test_over_http_the_client_reads_the_413(live_server: Any) -> None:
    """A 1 MB and a 20 MB body over a real socket: the answer arrives (the server drains what it refuses)."""
    host, port = live_server.url.removeprefix("http://").split(":")
    for size in (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1, 20 * 1024 * 1024):
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request(
            "POST",
            "/api/v1/portal/messages",
            body=b"{" + b" " * size + b"}",
            headers={"Content-Type": "application/json"},
        )
        response = conn.getresponse()
        assert response.status == 413
        assert "limit" in json.loads(response.read())["detail"]
        conn.close()

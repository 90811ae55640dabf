"""Rules that are never bent (PRODUCT.md): no PHI in logs, URLs or error pages; licensed text not shipped."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.factories import World

ROOT = Path(__file__).resolve().parents[2]
SECRET_WORDS = ("Quillonby", "Vexmartha", "+16175550199", "quillonby@example.org")


@pytest.fixture
def marked_world(world: World) -> World:
    world.client.first_name = "Quillonby"
    world.client.last_name = "Vexmartha"
    world.client.phone = "+16175550199"
    world.client.email = "quillonby@example.org"
    world.client.save()
    return world


def test_no_client_words_in_logs_or_error_pages(marked_world: World, caplog: Any) -> None:
    world = marked_world
    caplog.set_level(logging.DEBUG)
    own = Client()
    own.force_login(world.users["clinician"], backend="django.contrib.auth.backends.ModelBackend")
    outsider = Client()
    outsider.force_login(
        world.users["clinician_off"], backend="django.contrib.auth.backends.ModelBackend"
    )
    responses = [
        own.get(f"/clients/{world.client.pk}/"),  # the owner sees the words …
        outsider.get(f"/clients/{world.client.pk}/"),  # … nobody else, not even in the 404
        outsider.get(f"/api/v1/clients/{world.client.pk}"),
        own.post("/api/v1/clients", data="{not json", content_type="application/json"),
        own.get("/no-such-page/"),
        own.patch(
            f"/api/v1/clients/{world.client.pk}",
            data='{"first_name": ""}',
            content_type="application/json",
        ),
    ]
    assert b"Quillonby" in responses[0].content
    for response in responses[1:]:
        body = response.content.decode(errors="replace")
        for word in SECRET_WORDS:
            assert word not in body, f"{word!r} in a {response.status_code} response"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for word in SECRET_WORDS:
        assert word not in logged


def test_no_url_carries_client_words() -> None:
    """URL patterns take ids only: no name, phone, email or free text in a path."""
    patterns: list[str] = []

    def walk(items: list[Any], prefix: str) -> None:
        for item in items:
            if hasattr(item, "url_patterns"):
                walk(item.url_patterns, prefix + str(item.pattern))
            else:
                patterns.append(prefix + str(item.pattern))

    walk(get_resolver().url_patterns, "")
    params = {name for p in patterns for name in re.findall(r"<(?:\w+:)?(\w+)>", p)}
    codes = {"instrument", "crisis_type", "uidb36"}  # fixed vocabularies and allauth's reset id
    words = sorted(
        n
        for n in params - codes
        if not n.endswith(("id", "pk", "number", "secret", "token", "n", "key"))
    )
    assert words == [], f"URL parameters that may carry client words: {words}"


def test_columbia_wording_and_the_branded_safety_plan_are_not_shipped() -> None:
    """C-SSRS items ship by number with our own descriptions; the Stanley-Brown form is not reproduced."""
    shipped = [
        p
        for p in (ROOT / "safeplan").rglob("*")
        if p.is_file() and p.suffix in {".py", ".html", ".po", ".json", ".txt", ".md", ".js"}
    ]
    text = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in shipped)
    # Verbatim C-SSRS screener questions (Columbia copyright) must not appear.
    for phrase in (
        "Have you wished you were dead or wished you could go to sleep and not wake up",
        "Have you actually had any thoughts of killing yourself",
        "Have you been thinking about how you might do this",
        "Have you started to work out or worked out the details of how to kill yourself",
    ):
        assert phrase.lower() not in text.lower(), phrase
    assert "stanley-brown safety plan" not in text.lower().replace(
        "not the stanley-brown safety plan", ""
    )

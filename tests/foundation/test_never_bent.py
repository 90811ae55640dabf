"""Rules that are never bent (PRODUCT.md): no PHI in logs, URLs or error pages; licensed text not shipped."""

from __future__ import annotations

import hashlib
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


# Columbia's C-SSRS screener questions (© The Research Foundation for Mental Hygiene; clinical-rules.md
# §3.3) kept only as SHA-256 hashes of the normalised phrase (``_normalise``: lower case, letters and digits
# only, single spaces), with its word count, so that this repository does not ship the text it forbids.
COLUMBIA_PHRASES = (
    (17, "87a1469e36ab0681105f28b6841894f9127547af8946b3b11c1d8b7cf094cbdc"),
    (9, "e164097a98183ed03df72bb2a68d9dcc1b8929da26744235e678543f74dd8265"),
    (10, "40b0e9df2ef7573908342adabe66560154e6c9e76e3bff39b1892d796d177357"),
    (16, "5722715ee5da3c699590e700c0fb35b057bdb60f8f4cc378056689a57ff9ed04"),
)
# A phrase that *is* shipped (NIMH ASQ q1, public domain): proves the scanner finds a hashed phrase.
SHIPPED_CONTROL = (11, "7d917c045df4f5dbfef8d84516a1161f051866ba42c8f32b6fccbd69fccc97f7")


def _normalise(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _hashed_phrases_found(text: str, phrases: tuple[tuple[int, str], ...]) -> set[str]:
    """The hashes of ``phrases`` whose normalised words appear consecutively in ``text``."""
    words = _normalise(text)
    wanted = {digest for _, digest in phrases}
    found: set[str] = set()
    for size in sorted({n for n, _ in phrases}):
        for start in range(len(words) - size + 1):
            gram = " ".join(words[start : start + size])
            digest = hashlib.sha256(gram.encode()).hexdigest()
            if digest in wanted:
                found.add(digest)
    return found


def _shipped_text() -> list[str]:
    shipped = [
        p
        for p in (ROOT / "safeplan").rglob("*")
        if p.is_file() and p.suffix in {".py", ".html", ".po", ".json", ".txt", ".md", ".js"}
    ]
    return [p.read_text(encoding="utf-8", errors="ignore") for p in shipped]


def test_the_hashed_deny_list_finds_what_it_lists() -> None:
    """The scanner works: it finds the shipped ASQ question by its hash, across punctuation and case."""
    assert _hashed_phrases_found(
        "Ask: IN the past few weeks — have you wished\nyou were dead?", (SHIPPED_CONTROL,)
    ) == {SHIPPED_CONTROL[1]}
    texts = _shipped_text()
    assert any(_hashed_phrases_found(t, (SHIPPED_CONTROL,)) for t in texts)


def test_columbia_wording_and_the_branded_safety_plan_are_not_shipped() -> None:
    """C-SSRS items ship by number with our own descriptions; the Stanley-Brown form is not reproduced."""
    texts = _shipped_text()
    for text in texts:
        assert not _hashed_phrases_found(text, COLUMBIA_PHRASES)
    joined = "\n".join(texts).lower()
    assert "stanley-brown safety plan" not in joined.replace(
        "not the stanley-brown safety plan", ""
    )

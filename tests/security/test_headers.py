"""Security headers and a strict CSP on every page, for every persona, and pages that obey the CSP.

Every URL pattern has an access case (tests/test_access_matrix.py makes sure), so walking the page cases
walks every page. Each response — 200, redirect, 403 or 404 — must carry the headers.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction

from tests.access import Case, all_cases
from tests.factories import PERSONAS, make_world
from tests.test_access_matrix import _request

PAGE_GETS = [c for c in all_cases() if c.kind == "page" and c.method.upper() == "GET"]
REQUIRED_CSP = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|<[^>]+\sstyle\s*=", re.IGNORECASE)


def check_headers(response: Any, where: str) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        if directive not in csp:
            problems.append(f"{where}: CSP lacks {directive!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"{where}: CSP allows unsafe-inline/unsafe-eval")
    expected = {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in expected.items():
        if response.get(name) != value:
            problems.append(f"{where}: {name} is {response.get(name)!r}, expected {value!r}")
    if "geolocation" not in response.get("Permissions-Policy", ""):
        problems.append(f"{where}: no Permissions-Policy")
    return problems


def check_html_obeys_csp(response: Any, where: str) -> list[str]:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode("utf-8", "replace")
    problems = []
    for pattern, what in (
        (INLINE_SCRIPT, "an inline <script>"),
        (INLINE_HANDLER, "an inline event handler"),
        (INLINE_STYLE, "an inline style"),
    ):
        found = pattern.search(html)
        if found:
            problems.append(f"{where}: {what} the CSP blocks: {found.group(0)[:80]!r}")
    return problems


def _check_no_store(response: Any, where: str) -> list[str]:
    if "no-store" in response.get("Cache-Control", ""):
        return []
    return [f"{where}: a page with client data may be cached"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", PAGE_GETS, ids=[c.path for c in PAGE_GETS])
def test_every_page_has_security_headers_for_every_persona(case: Case) -> None:
    world = make_world()
    problems: list[str] = []
    for persona in PERSONAS:
        sid = transaction.savepoint()
        try:
            response = _request(case, persona, world)
        finally:
            transaction.savepoint_rollback(sid)
        where = f"{case.path} as {persona} ({response.status_code})"
        problems += check_headers(response, where)
        problems += check_html_obeys_csp(response, where)
        client_page = case.path.startswith(("/clients/", "/portal/"))
        html = "text/html" in response.get("Content-Type", "")
        if client_page and html and response.status_code == 200:
            problems += _check_no_store(response, where)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_api_and_error_responses_have_the_headers(api_as: Any, world: Any) -> None:
    problems = []
    for path in ("/api/v1/me", "/api/v1/clients/999999", "/api/v1/openapi.json"):
        response = api_as("clinician").get(path)
        problems += check_headers(response, path)
        if path != "/api/v1/openapi.json":
            assert "no-store" in response.get("Cache-Control", "")
    problems += check_headers(api_as("anonymous").get("/api/v1/me"), "anonymous api")
    assert not problems, "\n".join(problems)


def test_hsts_and_https_redirect_when_secure(client: Any, settings: Any, db: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/accounts/login/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/healthz").status_code == 200, "the health check answers over plain HTTP"

"""The client's own page (issue 11): quick exit ends the portal session on the server; the client can
switch the portal between English and Spanish, saved on their record."""

from __future__ import annotations

from typing import Any

from safeplan.audit.models import AuditEvent
from tests.factories import World


def test_quick_exit_ends_the_session(world: World, page_as: Any) -> None:
    http = page_as("client")
    assert http.get("/portal/").status_code == 200
    response = http.get("/portal/exit/")
    assert response.status_code == 302
    assert response["Location"] == "https://www.bbc.com/weather"
    assert response["Clear-Site-Data"] == '"cache"'
    assert http.get("/portal/").status_code == 302  # logged out: back to the login
    assert http.get("/portal/plan/").status_code in (302, 404)
    assert AuditEvent.objects.filter(action="portal.quick_exit").count() == 1


def test_language_switch_saved_on_the_record(world: World, page_as: Any) -> None:
    http = page_as("client")
    response = http.post("/portal/language/", {"language": "es", "next": "/portal/plan/"})
    assert response.status_code == 302 and response["Location"] == "/portal/plan/"
    world.client.refresh_from_db()
    assert world.client.preferred_language == "es"
    html = http.get("/portal/").content.decode()
    assert '<html lang="es">' in html and 'value="en" lang="en">English</button>' in html
    event = AuditEvent.objects.filter(action="portal.language_set").get()
    assert event.client_id == world.client.pk and event.details == {"language": "es"}


def test_language_switch_refuses_other_languages_and_foreign_addresses(
    world: World, page_as: Any
) -> None:
    http = page_as("client")
    before = world.client.preferred_language
    assert http.post("/portal/language/", {"language": "fr"}).status_code == 422
    world.client.refresh_from_db()
    assert world.client.preferred_language == before
    for target in ("https://evil.example/", "//evil.example/", "/clients/1/"):
        response = http.post("/portal/language/", {"language": "en", "next": target})
        assert response["Location"] == "/portal/", target

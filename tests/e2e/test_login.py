"""The foundation in a real browser: staff login, caseload, client page, portal login, accessibility."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Server, axe_violations, open_client, portal_login, staff_login


def test_clinician_logs_in_and_opens_a_client(browser_page: Any, e2e_server: Server) -> None:
    page = browser_page
    staff_login(page, e2e_server, "demo-clinician")
    assert page.locator("h1").inner_text() == "Caseload"
    open_client(page, "Alex Rivera")
    assert "Alex Rivera" in page.locator("h1").inner_text()
    assert axe_violations(page) == []


def test_off_team_clinician_sees_no_clients(browser_page: Any, e2e_server: Server) -> None:
    page = browser_page
    staff_login(page, e2e_server, "demo-clinician2")
    assert "Alex Rivera" not in page.content()
    response = page.goto(e2e_server.url + "/clients/1/")
    assert response is not None and response.status == 404


def test_client_logs_in_to_the_portal_on_a_phone(phone_page: Any, e2e_server: Server) -> None:
    portal_login(phone_page, e2e_server)
    assert "Hello, Alex" in phone_page.locator("h1").inner_text()
    assert axe_violations(phone_page) == []


def test_staff_cannot_use_the_portal_login(phone_page: Any, e2e_server: Server) -> None:
    phone_page.goto(e2e_server.url + "/portal/login/")
    phone_page.fill("input[name=username]", "demo-clinician")
    phone_page.fill("input[name=password]", "demo-password")
    phone_page.click("button[type=submit]")
    assert "do not match" in phone_page.content()


def test_quick_exit_ends_the_portal_session_and_back_does_not_return(
    phone_page: Any, e2e_server: Server
) -> None:
    """Issue 11: quick exit logs the client out on the server and replaces the history entry."""
    page = phone_page
    page.route("https://www.bbc.com/**", lambda route: route.fulfill(body="<p>Weather</p>"))
    portal_login(page, e2e_server)
    page.goto(e2e_server.url + "/portal/plan/")
    assert "/portal/plan/" in page.url
    page.click("[data-quick-exit]")
    page.wait_for_url("https://www.bbc.com/weather")
    page.go_back()
    page.wait_for_load_state()
    assert "/portal/plan/" not in page.url
    page.goto(e2e_server.url + "/portal/plan/")
    assert "/portal/login/" in page.url or page.locator("input[name=password]").count() == 1


def test_portal_language_switch(phone_page: Any, e2e_server: Server) -> None:
    page = phone_page
    portal_login(page, e2e_server)
    page.click("button[name=language][value=es]")
    page.wait_for_url(e2e_server.url + "/portal/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert axe_violations(page) == []
    page.click("button[name=language][value=en]")
    page.wait_for_url(e2e_server.url + "/portal/")
    assert page.locator("html").get_attribute("lang") == "en"

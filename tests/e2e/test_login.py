"""The foundation in a real browser: staff login, caseload, client page, portal login, accessibility."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Server, axe_violations, portal_login, staff_login


def test_clinician_logs_in_and_opens_a_client(browser_page: Any, e2e_server: Server) -> None:
    page = browser_page
    staff_login(page, e2e_server, "demo-clinician")
    assert page.locator("h1").inner_text() == "Caseload"
    page.click("text=Alex Rivera")
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

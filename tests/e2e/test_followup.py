"""Follow-up in a real browser on the demo clinic: the dashboard (missed check-in up the ladder, stale
worker banner, acknowledge), a client's check-ins, caring-contact schedule and after-hours reply, the
client's check-in on a phone with crisis resources, and accessibility (axe) of each page."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Server, axe_violations, portal_login, staff_login


def test_dashboard_shows_the_ladder_and_the_worker(browser_page: Any, e2e_server: Server) -> None:
    page = browser_page
    staff_login(page, e2e_server, "demo-supervisor")
    page.goto(e2e_server.url + "/dashboard/")
    assert page.locator("h1").inner_text() == "Dashboard"
    overdue = page.locator("section[aria-labelledby=overdue-h]")
    assert "DEMO-002" in overdue.inner_text()
    assert "Supervisor alerted" in overdue.inner_text()
    assert "Missed check-in not acknowledged: DEMO-002" in page.content()
    # No worker has run against this server's database yet: the banner says so.
    assert page.get_by_role("alert").filter(has_text="not being sent").count() == 1
    assert axe_violations(page) == []
    e2e_server.run("worker", "--once")
    page.reload()
    assert "not being sent" not in page.content()
    alerts = page.locator("section[aria-labelledby=alerts-h]")
    before = alerts.locator("li").count()
    alerts.get_by_role("button", name="Acknowledge").first.click()
    assert page.locator("section[aria-labelledby=alerts-h] li").count() == before - 1


def test_client_follow_up_pages(browser_page: Any, e2e_server: Server) -> None:
    page = browser_page
    staff_login(page, e2e_server, "demo-clinician")
    page.goto(e2e_server.url + "/clients/4/caring/")
    assert page.locator("table.schedule tr").count() == 12  # header + 11 notes
    assert page.get_by_text("sent", exact=False).count() >= 4
    assert axe_violations(page) == []
    page.goto(e2e_server.url + "/clients/1/messages/")
    assert "Automatic reply (outside agreed hours)" in page.content()
    assert "tel:911" not in page.content()
    assert axe_violations(page) == []
    page.goto(e2e_server.url + "/clients/2/check-ins/")
    assert "Supervisor alerted" in page.content()
    assert axe_violations(page) == []


def test_client_checks_in_on_a_phone_and_sees_help(phone_page: Any, e2e_server: Server) -> None:
    page = phone_page
    portal_login(page, e2e_server)
    page.click("text=Answer my check-in")
    assert axe_violations(page) == []
    page.check("input[name=mood][value='3']")
    page.check("input[name=urges][value='8']")
    page.check("input[name=safe_now][value=yes]")
    page.check("input[name=used_plan][value=no]")
    page.click("button[type=submit]")
    assert page.locator("#fu-crisis-h").inner_text() == "Help is available right now"
    assert page.locator("a[href='tel:988']").count() >= 1
    assert axe_violations(page) == []
    page.goto(e2e_server.url + "/portal/messages/")
    assert "Automatic reply" in page.content()
    assert axe_violations(page) == []

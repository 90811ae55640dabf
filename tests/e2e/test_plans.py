"""The safety plan in a real browser: the clinician accepts the client's proposal and signs; the client
reads, signs and keeps the plan offline on a phone; logging out removes the offline copy; accessibility."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import Server, axe_violations, open_client, portal_login, staff_login

THU = "Nguyễn Thị Thu"
ZOE = "Zoë Ólafsdóttir"


def _alex_plan_url(page: Any, server: Server) -> str:
    staff_login(page, server, "demo-clinician")
    open_client(page, "Alex Rivera")
    page.click("a:has-text('Open the plan')")
    page.wait_for_url(re.compile(r".*/clients/\d+/plan/$"))
    return str(page.url)


def _saved_plan(page: Any) -> bool:
    return bool(
        page.evaluate(
            """async () => {
                const cache = await caches.open("myplan-data");
                return Boolean(await cache.match("/portal/plan/"));
            }"""
        )
    )


def test_clinician_and_client_agree_on_the_same_version_and_it_works_offline(
    browser_page: Any, phone_page: Any, e2e_server: Server
) -> None:
    staff = browser_page
    plan_url = _alex_plan_url(staff, e2e_server)
    proposal = staff.locator("a:has-text('Review the proposal')")
    if proposal.count():
        proposal.first.click()
        staff.click("button:has-text('Accept: save as a new version')")
        staff.wait_for_url(plan_url)
    heading = staff.locator("#state-h").inner_text()
    number = int(heading.split()[-1])
    sign = staff.locator(f"button:has-text('Sign version {number}')")
    if sign.count():
        sign.click()
        staff.wait_for_url(plan_url)
    assert "tel:" not in staff.content()  # numbers on the clinician's screen are text, never links

    phone = phone_page
    portal_login(phone, e2e_server)
    phone.goto(e2e_server.url + "/portal/plan/")
    assert phone.locator("#state-h").inner_text() == f"Version {number}"
    agree = phone.locator("button:has-text('I agree with this plan')")
    if agree.count():
        agree.click()
        phone.wait_for_url(e2e_server.url + "/portal/plan/")
    assert "Agreed" in phone.locator(".plan-state").inner_text()
    body = phone.locator("main").inner_text()
    assert THU in body and ZOE in body
    assert phone.locator("a[href^='tel:+1617555']").count() >= 1
    assert phone.locator("a[href='tel:911']").count() == 1

    staff.goto(plan_url)
    assert staff.locator("#state-h").inner_text() == f"Version {number}"
    assert "signed by client and clinician" in staff.locator("main").inner_text()

    # Both PDFs download for the client.
    for path in ("/portal/plan/plan.pdf", "/portal/plan/wallet-card.pdf"):
        response = phone.request.get(e2e_server.url + path)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"

    # The worker keeps a copy; offline, a reload still shows the plan and when it was refreshed.
    phone.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    phone.wait_for_function(
        """async () => {
            const cache = await caches.open("myplan-data");
            return Boolean(await cache.match("/portal/plan/"));
        }"""
    )
    refreshed = phone.locator(".refreshed time").inner_text()
    phone.context.set_offline(True)
    try:
        phone.reload()
        assert phone.locator("h1").inner_text() == "My safety plan"
        assert THU in phone.locator("main").inner_text()
        assert phone.locator(".refreshed time").inner_text() == refreshed
        assert phone.locator("[data-offline-banner]").is_visible()
        assert phone.locator("#state-h").inner_text() == f"Version {number}"
    finally:
        phone.context.set_offline(False)


def test_logging_out_removes_the_offline_copy(phone_page: Any, e2e_server: Server) -> None:
    phone = phone_page
    portal_login(phone, e2e_server)
    phone.goto(e2e_server.url + "/portal/plan/")
    phone.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    phone.wait_for_function(
        """async () => {
            const cache = await caches.open("myplan-data");
            return Boolean(await cache.match("/portal/plan/"));
        }"""
    )
    phone.click("button:has-text('Log out')")
    phone.wait_for_url(re.compile(r".*/portal/login/.*"))
    # The browser applies Clear-Site-Data (and the page's own clean-up) asynchronously: wait for both,
    # bounded by the page timeout, instead of reading them the instant the login page arrives.
    phone.wait_for_function("async () => (await caches.keys()).length === 0")
    phone.wait_for_function(
        "async () => (await navigator.serviceWorker.getRegistrations()).length === 0"
    )
    phone.context.set_offline(True)
    try:
        # No worker and no saved copy: offline, the browser itself reports no connection.
        with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
            phone.goto(e2e_server.url + "/portal/plan/")
    finally:
        phone.context.set_offline(False)


def test_plan_pages_are_accessible(browser_page: Any, phone_page: Any, e2e_server: Server) -> None:
    portal_login(phone_page, e2e_server)
    for path in ("/portal/plan/", "/portal/plan/propose/", "/portal/plan/print/", "/portal/"):
        phone_page.goto(e2e_server.url + path)
        assert axe_violations(phone_page) == [], path
    plan_url = _alex_plan_url(browser_page, e2e_server)
    for url in (plan_url, plan_url + "edit/", plan_url + "history/"):
        browser_page.goto(url)
        assert axe_violations(browser_page) == [], url

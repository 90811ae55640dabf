"""The directory in a real browser: a clinician looks up a US ZIP on a phone; a supervisor adds a
confirmed local number and sees it in the lookup. Accessibility checked with axe."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Server, axe_violations, staff_login


def test_clinician_looks_up_a_zip_on_a_phone(phone_page: Any, e2e_server: Server) -> None:
    page = phone_page
    staff_login(page, e2e_server, "demo-clinician")
    page.goto(e2e_server.url + "/directory/")
    assert page.locator("h1").inner_text() == "Directory"
    page.select_option("select[name=country]", "US")
    page.fill("input[name=zip]", "02114")
    page.click("button:has-text('Look up')")
    page.wait_for_url("**/directory/?*zip=02114*")
    assert "ZIP 02114: Boston, Suffolk County, MA" in page.locator("#place-h").inner_text()
    eds = page.locator("section[aria-labelledby=ed-h] li")
    assert "Massachusetts General Hospital" in eds.first.inner_text()
    assert page.locator("a[href='tel:+16177262000']").count() >= 1
    psaps = page.locator("section[aria-labelledby=psap-h]").inner_text()
    assert "Boston Police Department" in psaps
    # The state-police centre (a candidate number) answers state highways: set aside with the reason.
    aside = page.locator("section[aria-labelledby=aside-h]").inner_text()
    assert "State police: answers state highways" in aside
    assert "unverified — confirm by phone" in aside
    # The demo clinic's entries for Boston come first, one confirmed by the supervisor.
    local = page.locator("section[aria-labelledby=local-h]").inner_text()
    assert "Suffolk County mobile crisis team (demo)" in local
    assert "Confirmed by Dr. Sam Supervisor (demo)" in local
    # No emergency short code is ever a link on a staff page.
    for href in page.eval_on_selector_all(
        "a[href^='tel:']", "els => els.map(e => e.getAttribute('href'))"
    ):
        assert href.startswith("tel:+") and len(href) > 12, href
    assert page.locator("text=/call 911/i").count() == 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    assert axe_violations(page) == []


def test_supervisor_adds_a_confirmed_number(browser_page: Any, e2e_server: Server) -> None:
    page = browser_page
    staff_login(page, e2e_server, "demo-supervisor")
    page.goto(e2e_server.url + "/directory/local/new/")
    assert axe_violations(page) == []
    page.select_option("select[name=kind]", "psap")
    page.fill("input[name=name]", "Cambridge emergency communications, 10-digit line (demo)")
    page.fill("input[name=phone]", "(617) 555-0177")
    page.select_option("select[name=country]", "US")
    page.fill("input[name=state]", "MA")
    page.fill("input[name=county]", "Middlesex")
    page.check("input[name=verified]")
    page.select_option("select[name=how_verified]", "phone_call")
    page.click("button:has-text('Save')")
    page.wait_for_url("**/directory/local/*/")
    assert "(617) 555-0177" in page.content()
    assert "verified" in page.locator("section[aria-labelledby=entry-h]").inner_text()
    page.goto(e2e_server.url + "/directory/?country=US&zip=02139")
    local = page.locator("section[aria-labelledby=local-h]").inner_text()
    assert "Cambridge emergency communications" in local
    assert page.locator("a[href='tel:+16175550177']").count() == 1

"""The session-start flow in a real browser (issue 4, "Done when"): the demo clinician opens a demo client,
runs the time-out, sees the emergency card for that place; a move to another state changes the card and
warns about jurisdiction. No clinician screen links a short emergency code."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import Server, axe_violations, staff_login

SHORT_CODE_LINK = re.compile(r"tel:\+?(911|112|999|000)\b")


def test_start_session_then_the_client_moves(browser_page: Any, e2e_server: Server) -> None:
    page = browser_page
    staff_login(page, e2e_server, "demo-clinician")
    # From the caseload to the client's time-out (the client page's panel links the same address).
    client_url = page.get_attribute("a:has-text('Alex Rivera')", "href")
    page.goto(e2e_server.url + client_url + "sessions/new/")
    assert page.locator("h1").inner_text() == "Start session: time-out"
    assert axe_violations(page) == []
    # The home address is offered first; the callback number is prefilled from the backup plan.
    assert page.locator("input[name=location]").first.is_checked()
    assert page.input_value("input[name=callback_phone]") == "+16175550142"
    page.click("form.th-gate button[type=submit]")
    # Unanswered privacy questions are named and nothing starts.
    assert page.locator(".field-error").count() >= 2
    page.check("input[name=privacy_alone][value=yes]")
    page.check("input[name=privacy_private_place][value=yes]")
    page.click("form.th-gate button[type=submit]")
    page.wait_for_url(re.compile(r".*/sessions/\d+/$"))
    card = page.locator("main")
    assert "Emergency card" in page.locator("h1").inner_text()
    text = card.inner_text()
    assert "12 Example Street, Apt 3B" in text
    assert "Massachusetts General Hospital" in text
    assert "Confirmed for this session" in text
    assert "The client is in" not in text
    assert not SHORT_CODE_LINK.search(page.content())
    assert page.locator('a[href^="tel:+1617"]').count() >= 1
    assert axe_violations(page) == []

    page.click("text=Client moved: change location")
    page.check("input[name=location][value=new]")
    page.fill("input[name=street]", "1100 Congress Avenue")
    page.fill("input[name=city]", "Austin")
    page.fill("input[name=region]", "TX")
    page.fill("input[name=postcode]", "78701")
    page.fill("input[name=country]", "US")
    page.click("form.th-gate button[type=submit]")
    page.wait_for_url(re.compile(r".*/sessions/\d+/$"))
    text = page.locator("main").inner_text()
    assert "1100 Congress Avenue" in text
    assert "The client is in US-TX" in text and "licensed in US-MA" in text
    assert "Massachusetts General Hospital" not in text
    assert re.search(r"Austin, TX 787\d\d", text)
    assert not SHORT_CODE_LINK.search(page.content())


def test_card_on_a_phone_has_no_short_code_links(phone_page: Any, e2e_server: Server) -> None:
    staff_login(phone_page, e2e_server, "demo-clinician")
    client_url = phone_page.get_attribute("a:has-text('Priya Natarajan')", "href")
    phone_page.goto(e2e_server.url + client_url + "emergency-card/")
    text = phone_page.locator("main").inner_text()
    assert "10 Example Road, Flat 2" in text
    assert "Metropolitan Police, Lambeth (demo)" in text
    assert "999" in text  # explained in the dial note, never offered as a link
    assert not SHORT_CODE_LINK.search(phone_page.content())
    assert axe_violations(phone_page) == []


def test_boston_card_shows_usable_numbers_first(browser_page: Any, e2e_server: Server) -> None:
    """Issue 11: above the fold only numbers that can be used; entries without a number and agencies of
    other places are folded with the reason; emergency departments are general hospitals."""
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    staff_login(page, e2e_server, "demo-clinician")
    client_url = page.get_attribute("a:has-text('Alex Rivera')", "href")
    # A session at the Boston home (another test may have moved the client): the time-out first.
    page.goto(e2e_server.url + client_url + "sessions/new/")
    page.get_by_label(re.compile(r"12 Example Street, Apt 3B")).check()
    page.check("input[name=privacy_alone][value=yes]")
    page.check("input[name=privacy_private_place][value=yes]")
    page.click("form.th-gate button[type=submit]")
    page.wait_for_url(re.compile(r".*/sessions/\d+/$"))
    help_list = page.locator("section[aria-labelledby=th-help-h] > ul.th-numbers").first
    text = help_list.inner_text()
    assert "Boston 911 centre, 10-digit line (demo)" in text
    assert "no number on record" not in text.lower()
    assert "Sheriff" not in text and "Chelsea" not in text and "State Police" not in text
    assert help_list.locator("li").first.locator(".badge.low").inner_text() == "confirmed"
    folded = page.locator("details.th-no-number")
    assert folded.locator("summary").inner_text().startswith("Not usable: no number on record")
    assert not folded.get_attribute("open")
    assert not page.get_by_text("Middlesex County Sheriffs Office - Cambridge").is_visible()
    page.click("details.th-other-area summary")
    assert page.get_by_text("Sheriff of another county").is_visible()
    eds = page.locator("ul.th-eds").inner_text()
    assert "Massachusetts General Hospital" in eds and "Eye And Ear" not in eds
    assert "km (" in eds  # each with its distance
    assert axe_violations(page) == []

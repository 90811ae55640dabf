"""One convention for times (issue 11): every time on a clinician's screen carries the clinician's zone,
the client's local time is beside it where the client's time matters, and client pages use the client's
zone. Never a bare time."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import Server, axe_violations, portal_login, staff_login

ZONE = r"(?:[A-Z]{2,5}|[+-]\d{2,4})"
TIME = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
# A time followed by its zone; agreement hours ("09:00–17:00") and countdowns ("in 3:48") are not clock
# times of an event.
ZONED = re.compile(rf"^\s*(?:{ZONE}\b|\((?:your|client's) time\))")


def bare_times(text: str) -> list[str]:
    found = []
    for m in TIME.finditer(text):
        before, after = text[max(0, m.start() - 4) : m.start()], text[m.end() : m.end() + 16]
        if ZONED.match(after) or after.startswith(("–", "-", " –")) or before.endswith(("–", "-")):
            continue
        if re.search(r"\bin\s*$", before):  # a countdown
            continue
        found.append(text[max(0, m.start() - 30) : m.end() + 10])
    return found


def _main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def test_clinician_screens_carry_zones(browser_page: Any, e2e_server: Server) -> None:
    page = browser_page
    staff_login(page, e2e_server, "demo-clinician")
    alex = page.get_attribute("a:has-text('Alex Rivera')", "href")
    priya = page.get_attribute("a:has-text('Priya Natarajan')", "href")
    screens = [
        alex,
        alex + "emergency-card/",
        alex + "plan/",
        alex + "assessments/",
        alex + "check-ins/",
        priya + "emergency-card/",
        "/crisis/",
    ]
    for url in screens:
        page.goto(e2e_server.url + url)
        assert bare_times(_main_text(page)) == [], url
        for t in page.locator("main time").all():
            assert re.search(rf"\d:\d\d(?::\d\d)? {ZONE}\b", t.inner_text()), (url, t.inner_text())
    # The London client's card: the clinician's zone and the client's beside it.
    page.goto(e2e_server.url + priya + "emergency-card/")
    beside = page.locator(".client-time").first.inner_text()
    assert re.fullmatch(r"\((?:\d{1,2} \w{3}, )?\d\d:\d\d (GMT|BST) client's time\)", beside), (
        beside
    )
    assert axe_violations(page) == []
    # An open crisis: opened at, in both zones when they differ; timeline rows zoned.
    page.goto(e2e_server.url + "/crisis/")
    link = page.locator("main a[href^='/crisis/']").first
    if link.count():
        page.goto(e2e_server.url + str(link.get_attribute("href")))
        assert bare_times(_main_text(page)) == []


def test_client_pages_use_the_clients_zone(phone_page: Any, e2e_server: Server) -> None:
    portal_login(phone_page, e2e_server, "demo-client")
    for url in ("/portal/", "/portal/plan/", "/portal/messages/"):
        phone_page.goto(e2e_server.url + url)
        text = _main_text(phone_page)
        assert bare_times(text) == [], url
        assert "client's time" not in text

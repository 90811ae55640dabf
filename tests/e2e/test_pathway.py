"""Issue 11 "done when", in a real browser on the demo clinic: during a session, an acute ASQ shows its
pathway; in two clicks crisis mode opens preselected on the same session with the client-local numbers and
support persons in view on a 1366x768 laptop; the crisis cannot be closed until the safety-critical steps are
done or skipped with reasons; the caseload shows it. axe on every page on the way."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import DEMO_PASSWORD, Server, axe_violations, staff_login

RECORD = "DEMO-005"  # Jordan Lee (a minor with a safe adult), used by no other browser test


def _session(server: Server) -> tuple[int, int]:
    token = server.api_token("demo-clinician", DEMO_PASSWORD)
    clients = server.api("GET", "/api/v1/clients?limit=100", token)
    client = next(c for c in clients["items"] if c["record_number"] == RECORD)
    profile = server.api("GET", f"/api/v1/clients/{client['id']}/emergency-profile", token)
    home = next(loc for loc in profile["locations"] if loc["kind"] == "home")
    adult = next(g for g in profile["guardians"] if g["is_safe_adult"])
    session = server.api(
        "POST",
        f"/api/v1/clients/{client['id']}/sessions",
        token,
        {
            "location": {"usual_location_id": home["id"]},
            "callback_phone": "+13125550199",
            "privacy": {"alone": True, "private_place": True},
            "safe_adult": {"guardian_id": adult["id"], "status": "present"},
            "excluded_person_present": False,
        },
    )
    assert session["status"] == "started", session
    return int(client["id"]), int(session["id"])


def _in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + 40 <= 768


def test_acute_asq_to_a_session_crisis_that_closes_only_when_accounted_for(
    chromium: Any, e2e_server: Server
) -> None:
    client_id, session_id = _session(e2e_server)
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    staff_login(page, e2e_server, "demo-clinician")
    page.goto(f"{e2e_server.url}/clients/{client_id}/assessments/new/asq/")
    for item, value in (("q1", "yes"), ("q2", "no"), ("q3", "yes"), ("q4", "no"), ("q5", "yes")):
        page.locator(f"fieldset[data-item='{item}'] input[value='{value}']").check()
    page.locator("form.instrument button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/assessments/\d+/$"))

    # The result is not a dead end: the stop pathway, in words, first on the page.
    pathway = page.locator("#pathway")
    assert pathway.get_attribute("data-pathway") == "asq_acute_positive"
    text = pathway.inner_text()
    assert "Keep the client on the line and in view" in text and "STAT safety evaluation" in text
    assert _in_view(page, "#pathway h2")
    why = page.locator("ul.explanation").inner_text()
    assert "question 5 = yes → acute positive" in why and "acute_positive" not in why
    assert page.locator("[data-step-link=emergency_card]").count() == 1
    assert axe_violations(page) == []
    # Declining needs a reason; done is recorded.
    step = page.locator("li[data-action=keep_on_line]")
    step.get_by_role("button", name="Mark done").click()
    page.wait_for_url(re.compile(r".*#pathway$"))
    assert page.locator("li[data-action=keep_on_line] [data-recorded=done]").count() == 1

    # Click 1: open crisis mode from the pathway; the type is preselected, the session is this one.
    page.locator("[data-step-link=open_crisis]").click()
    assert page.locator("input[value=suicidal_ideation]").is_checked()
    assert f"session {session_id}" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    # Click 2: open it.
    page.get_by_role("button", name="Open crisis mode").click()
    page.wait_for_url(re.compile(r".*/crisis/\d+/$"))
    crisis_url = page.url
    meta = page.locator(".cr-meta").inner_text()
    assert f"during session {session_id} at its confirmed location" in meta
    assert "outside a session" not in page.content()
    # Above the fold on a laptop: the current step, the client-local numbers, the support persons.
    assert _in_view(page, ".cr-step.current h3")
    assert _in_view(page, "section.cr-help .cr-number")
    assert _in_view(page, "section.cr-people h2")
    assert page.locator("section.cr-help a[href^='tel:+1']").count() >= 1
    assert not re.search(r"tel:\+?(911|988)\b", page.content())
    assert page.locator("details.cr-step-fold").count() >= 5  # the other steps are folded
    assert axe_violations(page) == []

    # Closing is refused until the safety-critical steps are done or skipped with reasons.
    page.locator(".cr-step.current").get_by_role("button", name="Done").click()
    page.wait_for_url(re.compile(r".*#step-keep_contact$"))
    page.get_by_role("link", name="Close crisis").click()
    assert page.locator("[data-check=lethal_means].missing").count() == 1
    page.get_by_label("Outcome").select_option("resolved_remotely")
    page.get_by_label("Disposition").select_option("increased_contact")
    page.get_by_label("Risk level (SAFE-T, your judgement)").select_option("moderate")
    page.locator("#skip-lethal_means").fill("No means at home: checked with the safe adult")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Close and draft the note").click()
    error = page.locator("#steps-error").inner_text()
    assert "location confirmed" in error and "disposition" in error and "lethal means" not in error
    assert page.locator("#skip-lethal_means").input_value().startswith("No means at home")
    assert axe_violations(page) == []
    # Nothing was written by the refused close; now every missing step gets its reason.
    for step, reason in (
        ("confirm_location", "Confirmed at the start of the session"),
        ("suicide_inquiry", "Ideation with plan, no intent once the safe adult was present"),
        ("arrange_care", "Manageable remotely with the safe adult present"),
    ):
        page.locator(f"#skip-{step}").fill(reason)
    page.get_by_label("Outcome").select_option("resolved_remotely")
    page.get_by_label("Disposition").select_option("increased_contact")
    page.get_by_label("Risk level (SAFE-T, your judgement)").select_option("moderate")
    page.get_by_role("button", name="Close and draft the note").click()
    page.wait_for_url(re.compile(r".*/crisis/notes/\d+/$"))
    assert (
        "Role of the young person and guardian" in page.content()
    )  # a minor: the section is there
    assert "(required to sign)" in page.content()
    assert axe_violations(page) == []

    # The caseload shows the client's risk; the crisis is closed, the flag review is offered.
    page.goto(f"{e2e_server.url}/")
    row = page.locator(f"tr[data-client={RECORD}]")
    assert row.locator("[data-risk-level=high]").count() == 1
    assert axe_violations(page) == []
    page.goto(crisis_url)
    assert page.locator("#flag-review").is_visible()
    context.close()

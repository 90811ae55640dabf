"""Issue 5 "done when", in a real browser on the demo clinic: demo-client answers the pending PHQ-9 with
item 9 > 0 in the portal on a phone and sees crisis resources at once; demo-clinician then sees the result
with its explanation, the prompted suicide-risk screen, the raised flag and the trend chart."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Server, axe_violations, open_client, portal_login, staff_login


def test_portal_only_item9_raises_prompt_flag_and_same_day_task(
    phone_page: Any, browser_page: Any, e2e_server: Server
) -> None:
    """Issue 12 "done when": a client who answers only item 9 of the PHQ-9 in the portal raises the prompt
    and the flag. Runs before the test below: the incomplete answer leaves the PHQ-9 request open."""
    page = phone_page
    portal_login(page, e2e_server)
    page.get_by_role("link", name="Patient Health Questionnaire (PHQ-9)").click()
    page.locator("fieldset[data-item='item9'] input[value='1']").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/portal/assessments/done/**")
    assert page.locator("#crisis-resources").is_visible()
    assert page.locator("#response-time").is_visible()
    assert "asked to contact you today" in page.locator("#response-time").inner_text()
    assert "Some questions were not answered" in page.content()
    assert axe_violations(page) == []

    staff = browser_page
    staff_login(staff, e2e_server, "demo-clinician")
    open_client(staff, "Alex Rivera")
    panel = staff.locator("#risk")
    assert panel.locator("[data-risk-level='low']").count() == 1
    assert "Suicide-risk screen prompted." in panel.inner_text()
    assert panel.locator(".follow-up-task").count() == 1
    assert "Same-day follow-up due" in panel.inner_text()
    assert axe_violations(staff) == []
    # SAFE-T "low" with intent present: a confirmation step, not a silent low (and nothing saved yet).
    panel.get_by_role("link", name="SAFE-T", exact=True).click()
    for part, present in (
        ("ideation", "yes"),
        ("plan", "no"),
        ("behaviours", "no"),
        ("intent", "yes"),
    ):
        staff.locator(f"input[name='inquiry_{part}'][value='{present}']").check()
    staff.locator("input[name='level'][value='low']").check()
    for field in ("rationale", "intervention", "follow_up"):
        staff.fill(f"#id_{field}", "e2e")
    staff.get_by_role("button", name="Save formulation").click()
    assert staff.locator("#confirm-step").is_visible()
    assert "intent as present" in staff.locator("#confirm-step").inner_text()
    assert axe_violations(staff) == []


def test_portal_phq9_item9_then_clinician_sees_it(
    phone_page: Any, browser_page: Any, e2e_server: Server
) -> None:
    page = phone_page
    portal_login(page, e2e_server)
    page.get_by_role("link", name="Patient Health Questionnaire (PHQ-9)").click()
    assert "Little interest or pleasure in doing things" in page.content()
    assert "Pfizer" in page.content()
    assert axe_violations(page) == []
    answers = {f"item{i}": "1" for i in range(1, 9)} | {"item9": "2"}  # total 10, item 9 = 2
    for item, value in answers.items():
        page.locator(f"fieldset[data-item='{item}'] input[value='{value}']").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/portal/assessments/done/**")
    # Crisis resources first, on screen at once, dialling from the client's own phone.
    resources = page.locator("#crisis-resources")
    assert resources.is_visible()
    box = resources.bounding_box()
    assert box is not None and box["y"] < 844
    assert page.locator("#crisis-resources a[href^='tel:']").count() >= 2
    assert (
        page.locator("#crisis-resources a[href='tel:911']").count() == 1
    )  # client-local emergency
    assert page.locator("#crisis-resources a[href='tel:988']").count() >= 1
    assert axe_violations(page) == []

    staff = browser_page
    staff_login(staff, e2e_server, "demo-clinician")
    open_client(staff, "Alex Rivera")
    panel = staff.locator("#risk")
    assert panel.locator("[data-risk-level='low']").count() == 1  # raised from none by the result
    assert "raised by a result: PHQ-9" in panel.inner_text()
    assert "Suicide-risk screen prompted." in panel.inner_text()
    assert panel.get_by_role("link", name="Run the ASQ").is_visible()
    text = panel.inner_text()
    assert "total 10" in text
    assert "items 1–9 sum to 10" in text
    assert "item 9 = 2 (> 0) → item 9 positive" in text
    assert panel.locator("svg[role='img'] title", has_text="PHQ-9 and GAD-7 totals").count() == 1
    assert panel.locator("svg[role='img'] title", has_text="Risk level over time").count() == 1
    assert "tel:911" not in staff.content()  # never a plain 911 on the clinician's screen
    assert axe_violations(staff) == []
    # The result page explains it answer by answer.
    panel.get_by_role("link", name="Patient Health Questionnaire (PHQ-9)").click()
    assert "Why this result" in staff.content()
    assert staff.locator("td", has_text="Thoughts that you would be better off dead").count() == 1
    assert axe_violations(staff) == []

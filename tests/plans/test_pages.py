"""The care team's plan pages and the client's portal pages, through the Django test client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from safeplan.plans import selectors, services
from safeplan.plans.models import PlanProposal, SafetyPlanVersion
from tests.factories import World
from tests.plans.helpers import THU, ZOE, full_sections


def _plan(world: World) -> SafetyPlanVersion:
    return services.save_plan(
        client=world.client, actor=world.users["clinician"], content=full_sections(), base_version=0
    )


def _form_from(page: Any) -> dict[str, Any]:
    """The values a browser would post back from the editor (inputs, selects, ticked boxes)."""
    import re
    from html import unescape

    html = page.content.decode()
    data: dict[str, Any] = {}
    for name, value in re.findall(r'<input[^>]*type="hidden" name="([^"]+)" value="([^"]*)"', html):
        data[name] = unescape(value)
    for m in re.finditer(
        r'<input id="[^"]+" type="(?:text|tel|date)" name="([^"]+)" value="([^"]*)"', html
    ):
        data[m.group(1)] = unescape(m.group(2))
    for m in re.finditer(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        data[m.group(1)] = unescape(m.group(2))
    for m in re.finditer(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', m.group(2))
        first = re.search(r'<option value="([^"]*)"', m.group(2))
        data[m.group(1)] = (chosen or first).group(1) if (chosen or first) else ""
    boxes: dict[str, list[str]] = {}
    for m in re.finditer(
        r'<input type="checkbox" name="([^"]+)" value="([^"]+)"[^>]*checked', html
    ):
        boxes.setdefault(m.group(1), []).append(m.group(2))
    data.update(boxes)
    return data


def test_clinician_builds_the_plan_in_the_editor(
    world: World, page_as: Callable[[str], Client]
) -> None:
    http = page_as("clinician")
    url = f"/clients/{world.client.pk}/plan/"
    assert http.get(url).status_code == 200
    editor = http.get(url + "edit/")
    assert editor.status_code == 200
    data = _form_from(editor)
    data.update(
        {
            "warning_signs-0-text": "Not sleeping for two nights",
            "warning_signs-0-client": "1",
            "help_people-0-name": THU,
            "help_people-0-phone": "617 555 0123",
            "skills": ["grounding_54321", "paced_breathing"],
            "environment-0-means": "medication",
            "environment-0-action": "locked",
        }
    )
    saved = http.post(url + "edit/", data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    version = selectors.current_plan(world.client)
    assert version is not None and version.number == 1
    assert version.content["warning_signs"][0]["author"] == "client"
    assert [e["skill"] for e in version.content["coping"]] == ["grounding_54321", "paced_breathing"]
    assert version.content["help_people"][0]["phone"] == "+16175550123"
    page = http.get(url).content.decode()
    assert THU in page and "tel:" not in page
    # Edit again from the saved version: the entries round-trip through the form unchanged.
    again = _form_from(http.get(url + "edit/"))
    assert http.post(url + "edit/", again).status_code == 302
    assert selectors.current_plan(world.client).origin == "review"  # type: ignore[union-attr]


def test_editor_shows_errors_next_to_the_row_and_saves_nothing(
    world: World, page_as: Callable[[str], Client]
) -> None:
    http = page_as("clinician")
    url = f"/clients/{world.client.pk}/plan/edit/"
    data = _form_from(http.get(url))
    data.update({"help_people-1-name": ZOE, "help_people-1-phone": "12"})
    response = http.post(url, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "People I can ask for help" in html
    assert ZOE in html  # what was typed is kept
    assert not SafetyPlanVersion.objects.exists()


def test_second_editor_gets_a_conflict_with_their_changes_kept(
    world: World, page_as: Callable[[str], Client]
) -> None:
    _plan(world)
    first, second = page_as("clinician"), page_as("supervisor")
    url = f"/clients/{world.client.pk}/plan/edit/"
    a, b = _form_from(first.get(url)), _form_from(second.get(url))
    a["reasons-0-text"] = "My niece, my nephew and music"
    assert first.post(url, a).status_code == 302
    b["warning_signs-0-text"] = "Skipping meals"
    response = second.post(url, b)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Version 2 was saved by" in html and "Skipping meals" in html
    assert "My niece, my nephew and music" in html
    assert selectors.current_plan(world.client).number == 2  # type: ignore[union-attr]


def test_history_version_and_diff_pages(world: World, page_as: Callable[[str], Client]) -> None:
    version = _plan(world)
    changed = {**version.content, "reasons": []}
    services.save_plan(
        client=world.client, actor=world.users["clinician"], content=changed, base_version=1
    )
    http = page_as("clinician")
    base = f"/clients/{world.client.pk}/plan/"
    assert "Version 2" in http.get(base + "history/").content.decode()
    assert http.get(base + "versions/1/").status_code == 200
    assert http.get(base + "versions/3/").status_code == 404
    diff = http.get(base + "diff/?from=1&to=2").content.decode()
    assert "removed" in diff and "My niece and nephew" in diff


def test_signing_on_the_page(world: World, page_as: Callable[[str], Client]) -> None:
    _plan(world)
    http = page_as("clinician")
    url = f"/clients/{world.client.pk}/plan/sign/"
    assert http.post(url, {"number": "1", "method": "clinician_login"}).status_code == 302
    assert http.post(url, {"number": "1", "method": "paper", "name": "Cleo T."}).status_code == 302
    assert selectors.signed_number(world.client) == 1


def test_client_reads_signs_and_proposes_on_the_portal(
    world: World, page_as: Callable[[str], Client]
) -> None:
    _plan(world)
    http = page_as("client")
    page = http.get("/portal/plan/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'href="tel:+16175550123"' in html and 'href="sms:+16175550123"' in html
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert "Last refreshed" in html
    assert http.post("/portal/plan/sign/", {"number": "1", "name": "Cleo"}).status_code == 302
    form = _form_from(http.get("/portal/plan/propose/"))
    form["reasons-1-text"] = "My grandmother's garden"
    form["message"] = "I thought of another one"
    assert http.post("/portal/plan/propose/", form).status_code == 302
    proposal = PlanProposal.objects.get()
    assert proposal.content["reasons"][-1]["author"] == "client"
    staff = page_as("clinician").get(f"/clients/{world.client.pk}/plan/proposals/{proposal.pk}/")
    assert "My grandmother&#x27;s garden" in staff.content.decode()


def test_portal_pages_in_spanish(world: World, page_as: Callable[[str], Client]) -> None:
    world.client.preferred_language = "es"
    world.client.save()
    _plan(world)
    html = page_as("client").get("/portal/plan/").content.decode()
    assert "Mi plan de seguridad" in html
    assert "Personas a las que puedo pedir ayuda" in html
    assert "Respiración lenta" in html

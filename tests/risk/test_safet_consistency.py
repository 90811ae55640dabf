"""SAFE-T consistency (issue 12): recording "low" while the inquiry marks plan, intent or behaviours present,
or while a same-day C-SSRS is high or ASQ acute positive, needs the clinician's confirmation with a reason
(kept on the record). SAMHSA SAFE-T step 4 (clinical-rules.md §6), C-SSRS §3.2, ASQ §4.2."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from safeplan.risk import services
from safeplan.risk.models import Assessment
from safeplan.risk.rules.safet_consistency import low_level_conflicts
from safeplan.risk.selectors import current_risk_level
from tests.factories import World

PARTS = ("ideation", "plan", "behaviours", "intent")


def safet(level: str, *present: str) -> dict[str, Any]:
    return {
        "risk_factors": [],
        "protective_factors": ["social_supports"],
        "inquiry": {p: {"present": p in present} for p in PARTS},
        "level": level,
        "rationale": "r",
        "intervention": "i",
        "follow_up": "f",
    }


@pytest.mark.parametrize(
    ("level", "present", "same_day", "expected"),
    [
        ("low", ("ideation",), [], []),  # thoughts of death, no plan/intent/behaviour: low fits
        ("low", ("plan",), [], ["inquiry_plan"]),
        ("low", ("intent",), [], ["inquiry_intent"]),
        ("low", ("behaviours",), [], ["inquiry_behaviours"]),
        (
            "low",
            ("ideation", "plan", "behaviours", "intent"),
            [],
            ["inquiry_plan", "inquiry_intent", "inquiry_behaviours"],
        ),
        ("low", (), [("cssrs_screener", "high")], ["cssrs_high"]),
        ("low", (), [("cssrs_screener", "moderate")], []),
        ("low", (), [("asq", "acute_positive")], ["asq_acute"]),
        ("low", (), [("asq", "non_acute_positive")], []),
        ("low", ("plan",), [("asq", "acute_positive")], ["inquiry_plan", "asq_acute"]),
        ("moderate", ("plan", "intent"), [("cssrs_screener", "high")], []),  # only "low" is asked
        ("high", ("plan",), [("asq", "acute_positive")], []),
    ],
)
def test_rule(
    level: str, present: tuple[str, ...], same_day: list[tuple[str, str]], expected: list[str]
) -> None:
    from safeplan.risk.rules.safet import normalise_safet

    assert low_level_conflicts(normalise_safet(safet(level, *present)), same_day) == expected


def url(world: World) -> str:
    return f"/api/v1/clients/{world.client.pk}/assessments"


def test_api_asks_for_confirmation_then_keeps_the_reason(world: World, api_as: Any) -> None:
    api = api_as("clinician")
    body = {"instrument": "safet", "answers": safet("low", "ideation", "plan")}
    r = api.post(url(world), body)
    assert r.status_code == 409, r.content
    assert r.json()["detail"][0]["loc"] == ["body", "confirm"]
    assert "plan" in r.json()["detail"][0]["msg"]
    r = api.post(url(world), body | {"confirm": True})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "confirm_reason"]
    assert Assessment.objects.count() == 0  # nothing written until confirmed
    r = api.post(
        url(world), body | {"confirm": True, "confirm_reason": "Plan is months old, now disowned"}
    )
    assert r.status_code == 201, r.content
    created = r.json()
    assert "low_confirmed:inquiry_plan" in created["flags"]
    assert created["explanation"][-1] == (
        "level low confirmed by the clinician, with a reason, despite: inquiry_plan"
    )
    detail = api.get(f"{url(world)}/{created['id']}").json()
    assert detail["confirmation_reason"] == "Plan is months old, now disowned"


def test_same_day_cssrs_high_needs_confirmation_but_another_day_does_not(
    world: World, api_as: Any
) -> None:
    world.client.time_zone = "America/Los_Angeles"
    world.client.save()
    clinician = world.users["clinician"]
    high = {"1": "yes", "2": "yes", "3": "yes", "4": "yes", "5": "no", "6": "no"}
    # 07:00 UTC on 3 Dec is 23:00 on 2 Dec in Los Angeles: the day before in the client's zone.
    with time_machine.travel(dt.datetime(2026, 12, 3, 7, 0, tzinfo=dt.UTC), tick=False):
        services.record_assessment(
            actor=clinician, client=world.client, instrument="cssrs_screener", answers=high
        )
    with time_machine.travel(dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC), tick=False):
        ok = api_as("clinician").post(url(world), {"instrument": "safet", "answers": safet("low")})
        assert ok.status_code == 201, ok.content
        services.record_assessment(
            actor=clinician, client=world.client, instrument="cssrs_screener", answers=high
        )
        again = api_as("clinician").post(
            url(world), {"instrument": "safet", "answers": safet("low")}
        )
    assert again.status_code == 409
    assert "C-SSRS" in again.json()["detail"][0]["msg"]
    # Software never lowers a level by itself: a confirmed low leaves the high flag alone.
    assert current_risk_level(world.client) == "high"


def test_same_day_asq_acute_confirmed_low_never_lowers_the_flag(world: World) -> None:
    clinician = world.users["clinician"]
    services.record_assessment(
        actor=clinician,
        client=world.client,
        instrument="asq",
        answers={"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"},
    )
    created = services.record_assessment(
        actor=clinician,
        client=world.client,
        instrument="safet",
        answers=safet("low"),
        confirm=True,
        confirm_reason="Seen in person with the crisis team",
    )
    assert created.flags == ["low_confirmed:asq_acute"]
    assert current_risk_level(world.client) == "high"


def test_page_shows_a_confirmation_step(world: World, page_as: Any) -> None:
    page = page_as("clinician")
    form = {
        "level": "low",
        "rationale": "r",
        "intervention": "i",
        "follow_up": "f",
        "inquiry_ideation": "yes",
        "inquiry_plan": "no",
        "inquiry_behaviours": "no",
        "inquiry_intent": "yes",
    }
    path = f"/clients/{world.client.pk}/assessments/new/safet/"
    r = page.post(path, form)
    assert r.status_code == 409
    html = r.content.decode()
    assert 'id="confirm-step"' in html and "intent as present" in html
    assert Assessment.objects.count() == 0
    r = page.post(path, form | {"confirm": "on"})
    assert r.status_code == 422 and 'id="id_confirm_reason"' in r.content.decode()
    r = page.post(path, form | {"confirm": "on", "confirm_reason": "Intent withdrawn, supports"})
    assert r.status_code == 302
    a = Assessment.objects.get()
    assert a.confirmation_reason == "Intent withdrawn, supports"
    detail = page.get(r["Location"]).content.decode()
    assert "confirmed by the clinician against the findings" in detail

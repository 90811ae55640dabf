"""BSSA and PHQ-A over the API: the BSSA follows a positive ASQ on the worksheet for the client's age and
feeds the flag (raise only); the PHQ-A is for minors; bad input is a 422 naming the field, nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.risk.models import Assessment, RiskFlagChange

ASQ_NON_ACUTE = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
ASQ_NEG = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}
BSSA = {"thoughts_past_weeks": "yes", "thoughts_now": "no", "plan": "no", "attempt_ever": "no"}
PHQA = {f"item{i}": 0 for i in range(1, 10)} | {
    "serious_thoughts_past_month": "no",
    "attempt_ever": "no",
}


def url(world: Any, suffix: str = "") -> str:
    return f"/api/v1/clients/{world.client.pk}/assessments{suffix}"


def make_minor(world: Any, age: int = 15) -> None:
    # 1 January: the birthday has passed whatever today is, so the age is exactly ``age``.
    world.client.date_of_birth = dt.date(timezone.localdate().year - age, 1, 1)
    world.client.save()


def post_asq(api: Any, world: Any, answers: dict[str, str] = ASQ_NON_ACUTE) -> dict[str, Any]:
    r = api.post(url(world), {"instrument": "asq", "answers": answers})
    assert r.status_code == 201, r.content
    return r.json()


def test_bssa_after_non_acute_asq(world, api_as) -> None:
    api = api_as("clinician")
    asq = post_asq(api, world)
    assert asq["risk_level_after"] == "moderate"
    r = api.post(
        url(world),
        {
            "instrument": "bssa",
            "variant": "adult",
            "follows": asq["id"],
            "answers": BSSA | {"disposition": "further_evaluation", "symptoms": ["sleep"]},
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["code"], body["level"], body["follows"], body["version"]) == (
        "further_evaluation",
        "moderate",
        asq["id"],
        "asq-bssa-nimh-adult",
    )
    assert body["risk_level_after"] == "moderate"
    assert "referral_within_72h" in body["flags"]
    detail = api.get(url(world, f"/{body['id']}")).json()
    assert detail["answers"]["symptoms"] == ["sleep"]
    assert (
        detail["item_text"]["thoughts_now"]
        == "Are you having thoughts of killing yourself right now?"
    )
    event = AuditEvent.objects.filter(action="assessment.recorded").order_by("-id").first()
    assert event.details["follows"] == asq["id"]


def test_emergency_disposition_raises_to_high_and_alerts_the_supervisor(world, api_as) -> None:
    from safeplan.notifications.models import Notification

    api = api_as("clinician")
    asq = post_asq(api, world)
    body = api.post(
        url(world),
        {
            "instrument": "bssa",
            "variant": "adult",
            "follows": asq["id"],
            "answers": BSSA | {"thoughts_now": "yes", "disposition": "emergency_evaluation"},
        },
    ).json()
    assert body["risk_level_after"] == "high"
    flag = RiskFlagChange.objects.order_by("-id").first()
    assert (flag.previous_level, flag.level, flag.assessment_id) == ("moderate", "high", body["id"])
    sup = world.users["supervisor"]
    assert Notification.objects.filter(recipient=sup, kind="risk.high", urgent=True).exists()


def test_no_further_intervention_never_lowers_the_flag(world, api_as) -> None:
    api = api_as("clinician")
    asq = post_asq(api, world)
    body = api.post(
        url(world),
        {
            "instrument": "bssa",
            "variant": "adult",
            "follows": asq["id"],
            "answers": BSSA | {"disposition": "no_further_intervention"},
        },
    ).json()
    assert (body["level"], body["risk_level_after"]) == ("none", "moderate")
    assert RiskFlagChange.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"follows": None}, "follows"),
        ({"follows": "negative"}, "follows"),
        ({"follows": "other_instrument"}, "follows"),
        ({"follows": 999999}, "follows"),
        ({"variant": None}, "variant"),
        ({"variant": "youth"}, "variant"),
        ({"variant": "v2"}, "variant"),
        (
            {"answers": BSSA | {"thoughts_now": "yes", "disposition": "further_evaluation"}},
            "answers.disposition",
        ),
    ],
)
def test_bad_bssa_is_422_naming_the_field_and_nothing_stored(world, api_as, change, field) -> None:
    api = api_as("clinician")
    asq = post_asq(api, world)
    negative = post_asq(api, world, ASQ_NEG)
    phq = api.post(
        url(world), {"instrument": "phq9", "answers": {f"item{i}": 0 for i in range(1, 10)}}
    )
    payload: dict[str, Any] = {
        "instrument": "bssa",
        "variant": "adult",
        "follows": asq["id"],
        "answers": BSSA | {"disposition": "further_evaluation"},
    }
    payload.update(change)
    if payload["follows"] == "negative":
        payload["follows"] = negative["id"]
    elif payload["follows"] == "other_instrument":
        payload["follows"] = phq.json()["id"]
    before = (Assessment.objects.count(), RiskFlagChange.objects.count())
    r = api.post(url(world), payload)
    assert r.status_code == 422, r.content
    assert r.json()["detail"][0]["loc"] == ["body", *field.split(".")], r.json()
    assert (Assessment.objects.count(), RiskFlagChange.objects.count()) == before


def test_youth_worksheet_for_minors_and_the_youth_workflow_setting(world, api_as) -> None:
    api = api_as("clinician")
    make_minor(world, 16)
    asq = post_asq(api, world)
    adult = {
        "instrument": "bssa",
        "variant": "adult",
        "follows": asq["id"],
        "answers": BSSA | {"disposition": "non_urgent_follow_up"},
    }
    assert api.post(url(world), adult).status_code == 422
    assert api.post(url(world), adult | {"variant": "youth"}).status_code == 201
    # A 21-year-old: the youth worksheet only where the clinic runs the youth ASQ workflow (10–24).
    make_minor(world, 21)
    youth = adult | {"variant": "youth"}
    assert api.post(url(world), youth).status_code == 422
    world.org.policy = {**(world.org.policy or {}), "risk.youth_asq_workflow": True}
    world.org.save()
    assert api.post(url(world), youth).status_code == 201


def test_bssa_without_asq_where_the_clinic_allows_it(world, api_as) -> None:
    world.org.policy = {**(world.org.policy or {}), "risk.bssa_requires_positive_asq": False}
    world.org.save()
    api = api_as("clinician")
    r = api.post(
        url(world),
        {
            "instrument": "bssa",
            "variant": "adult",
            "answers": BSSA | {"disposition": "further_evaluation"},
        },
    )
    assert r.status_code == 201, r.content


def test_the_client_cannot_record_a_bssa(world, api_as) -> None:
    api = api_as("client")
    r = api.post(
        url(world),
        {
            "instrument": "bssa",
            "variant": "adult",
            "answers": BSSA | {"disposition": "further_evaluation"},
        },
    )
    assert r.status_code in (403, 404)
    assert Assessment.objects.count() == 0


def test_phqa_for_a_minor_prompts_the_screen(world, api_as) -> None:
    api = api_as("clinician")
    make_minor(world, 14)
    r = api.post(url(world), {"instrument": "phqa", "answers": PHQA | {"attempt_ever": "yes"}})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["code"], body["total"], body["level"], body["suicide_screen_prompted"]) == (
        "minimal",
        0,
        "low",
        True,
    )
    flag = api.get(f"/api/v1/clients/{world.client.pk}/risk-flag").json()
    assert (flag["level"], flag["suicide_screen_prompted_by"]) == ("low", body["id"])


def test_phqa_for_an_adult_is_422_naming_instrument(world, api_as) -> None:
    api = api_as("clinician")
    r = api.post(url(world), {"instrument": "phqa", "answers": PHQA})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "instrument"]
    assert Assessment.objects.count() == 0
    r = api.post(f"/api/v1/clients/{world.client.pk}/assessment-requests", {"instrument": "phqa"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "instrument"]


def test_minor_age_follows_the_jurisdiction_setting(world, api_as) -> None:
    """An 18-year-old where the age of majority is 19 (e.g. US-AL) is still a minor (§8)."""
    api = api_as("clinician")
    make_minor(world, 18)
    world.client.country, world.client.region = "US", "AL"
    world.client.save()
    world.org.policy = {
        **(world.org.policy or {}),
        "telehealth.minor_age_thresholds": {"US-AL": 19},
    }
    world.org.save()
    assert api.post(url(world), {"instrument": "phqa", "answers": PHQA}).status_code == 201


def test_a_bssa_marks_the_asq_pathway_step_done(world, api_as) -> None:
    from safeplan.risk.models import PathwayAction

    api = api_as("clinician")
    asq = post_asq(api, world)
    payload = {
        "instrument": "bssa",
        "variant": "adult",
        "follows": asq["id"],
        "answers": BSSA | {"disposition": "further_evaluation"},
    }
    assert api.post(url(world), payload).status_code == 201
    assert api.post(url(world), payload).status_code == 201  # a second BSSA: recorded once
    step = PathwayAction.objects.get(assessment_id=asq["id"], action="bssa")
    assert step.outcome == "done"

"""POST/GET assessments over the API: results with explanations, 422 naming the problem, nothing stored."""

from __future__ import annotations

from typing import Any

import pytest

from safeplan.audit.models import AuditEvent
from safeplan.risk.models import Assessment, RiskFlagChange

PHQ_ITEM9 = {f"item{i}": 0 for i in range(1, 9)} | {"item9": 2}
ASQ_NEG = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


def url(world: Any, suffix: str = "") -> str:
    return f"/api/v1/clients/{world.client.pk}/assessments{suffix}"


def test_phq9_item9_result_explanation_and_flag(world, api_as) -> None:
    api = api_as("clinician")
    r = api.post(url(world), {"instrument": "phq9", "answers": PHQ_ITEM9})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["code"], body["total"], body["level"]) == ("minimal", 2, "low")
    assert body["flags"] == ["item9_positive", "suicide_screen_prompted"]
    assert body["suicide_screen_prompted"] is True
    assert body["explanation"][-1].startswith("item9 = 2 (> 0) → item9_positive")
    assert body["channel"] == "clinician"
    assert body["risk_level_after"] == "low"
    flag = api.get(f"/api/v1/clients/{world.client.pk}/risk-flag").json()
    assert flag["level"] == "low"
    assert flag["current"]["source"] == "assessment"
    assert flag["current"]["assessment_id"] == body["id"]
    assert flag["suicide_screen_prompted_by"] == body["id"]
    # An ASQ afterwards answers the prompt.
    api.post(url(world), {"instrument": "asq", "answers": ASQ_NEG})
    flag = api.get(f"/api/v1/clients/{world.client.pk}/risk-flag").json()
    assert flag["suicide_screen_prompted_by"] is None
    assert flag["level"] == "low"  # a negative ASQ never lowers the flag


def test_raw_answers_are_stored_encrypted_and_returned(world, api_as) -> None:
    api = api_as("clinician")
    answers = {**ASQ_NEG, "q4": "yes", "q4_details": "overdose in 2019", "q5": "no"}
    created = api.post(url(world), {"instrument": "asq", "answers": answers}).json()
    detail = api.get(url(world, f"/{created['id']}")).json()
    assert detail["answers"] == answers
    assert detail["item_text"]["q1"] == "In the past few weeks, have you wished you were dead?"
    assert detail["code"] == "non_acute_positive"
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT answers, explanation FROM risk_assessment WHERE id = %s", [created["id"]]
        )
        raw_answers, raw_explanation = cur.fetchone()
    # Ciphertext is base64, which may contain "q4" by chance; the JSON key with its quotes never appears.
    assert raw_answers.startswith("enc1:") and raw_explanation.startswith("enc1:")
    assert "overdose" not in raw_answers and '"q4"' not in raw_answers
    assert '"q5"' not in raw_explanation


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"instrument": "beck", "answers": {}}, ["body", "instrument"]),
        ({"instrument": "phq9", "answers": {}}, ["body", "answers"]),
        ({"instrument": "asq", "answers": {"q1": "maybe"}}, ["body", "answers", "q1"]),
        ({"instrument": "phq9", "answers": PHQ_ITEM9 | {"item3": 4}}, ["body", "answers", "item3"]),
        (
            {"instrument": "phq9", "answers": PHQ_ITEM9 | {"item10": 0}},
            ["body", "answers", "item10"],
        ),
        ({"instrument": "gad7", "answers": PHQ_ITEM9}, ["body", "answers", "item8"]),
        ({"instrument": "asq", "answers": ASQ_NEG | {"q5": "no"}}, ["body", "answers", "q5"]),
        (
            {
                "instrument": "cssrs_screener",
                "answers": {"1": "no", "2": "no", "3": "yes", "6": "no"},
            },
            ["body", "answers", "3"],
        ),
        (
            {
                "instrument": "cssrs_screener",
                "answers": {"1": "no", "2": "no", "6": "no", "6_recent": "yes"},
            },
            ["body", "answers", "6_recent"],
        ),
        ({"instrument": "safet", "answers": {"level": "high"}}, ["body", "answers", "inquiry"]),
    ],
)
def test_bad_input_is_422_naming_the_problem_and_nothing_is_stored(
    world, api_as, body, loc
) -> None:
    api = api_as("clinician")
    before = AuditEvent.objects.count()
    r = api.post(url(world), body)
    assert r.status_code == 422, r.content
    assert r.json()["detail"][0]["loc"] == loc
    assert Assessment.objects.count() == 0
    assert RiskFlagChange.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_schema_errors_are_422(world, api_as) -> None:
    r = api_as("clinician").post(url(world), {"instrument": "phq9"})
    assert r.status_code == 422
    r = api_as("clinician").post(url(world), {"instrument": "phq9", "answers": [1, 2]})
    assert r.status_code == 422


def test_asq_acute_positive_raises_flag_to_high(world, api_as) -> None:
    api = api_as("clinician")
    body = api.post(
        url(world), {"instrument": "asq", "answers": ASQ_NEG | {"q3": "yes", "q5": "yes"}}
    ).json()
    assert (body["code"], body["level"], body["risk_level_after"]) == (
        "acute_positive",
        "high",
        "high",
    )
    assert body["explanation"] == ["q3 = yes → positive screen", "q5 = yes → acute_positive"]
    flag = api.get(f"/api/v1/clients/{world.client.pk}/risk-flag").json()
    assert flag["crisis_banner"] is True


def test_cssrs_and_safet_levels_as_is(world, api_as) -> None:
    api = api_as("supervisor")
    cssrs = api.post(
        url(world),
        {"instrument": "cssrs_screener", "answers": {"1": "yes", "2": "no", "6": "no"}},
    ).json()
    assert (cssrs["code"], cssrs["risk_level_after"]) == ("low", "low")
    safet = api.post(
        url(world),
        {
            "instrument": "safet",
            "answers": {
                "risk_factors": ["hopelessness"],
                "protective_factors": ["social_supports"],
                "inquiry": {
                    p: {"present": p == "ideation"}
                    for p in ("ideation", "plan", "behaviours", "intent")
                },
                "level": "moderate",
                "rationale": "Ideation, no plan.",
                "intervention": "Plan reviewed.",
                "follow_up": "Weekly sessions.",
            },
        },
    ).json()
    assert (safet["code"], safet["total"], safet["risk_level_after"]) == (
        "moderate",
        None,
        "moderate",
    )
    flag = api.get(f"/api/v1/clients/{world.client.pk}/risk-flag").json()
    assert flag["current"]["source"] == "safet"


def test_correction_is_a_new_assessment_pointing_at_the_old_one(world, api_as) -> None:
    api = api_as("clinician")
    first = api.post(
        url(world), {"instrument": "gad7", "answers": {f"item{i}": 1 for i in range(1, 8)}}
    ).json()
    r = api.post(
        url(world),
        {
            "instrument": "gad7",
            "answers": {f"item{i}": 2 for i in range(1, 8)},
            "corrects": first["id"],
        },
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "correction_reason"]
    second = api.post(
        url(world),
        {
            "instrument": "gad7",
            "answers": {f"item{i}": 2 for i in range(1, 8)},
            "corrects": first["id"],
            "correction_reason": "Entered the wrong column.",
        },
    ).json()
    assert second["corrects"] == first["id"]
    listed = {a["id"]: a for a in api.get(url(world)).json()}
    assert listed[first["id"]]["corrected_by"] == [second["id"]]
    assert listed[first["id"]]["total"] == 7  # the original is kept unchanged
    r = api.post(
        url(world),
        {
            "instrument": "phq9",
            "answers": PHQ_ITEM9,
            "corrects": first["id"],
            "correction_reason": "x",
        },
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "corrects"]


def test_list_filters_by_instrument(world, api_as) -> None:
    api = api_as("clinician")
    api.post(url(world), {"instrument": "asq", "answers": ASQ_NEG})
    api.post(url(world), {"instrument": "phq9", "answers": PHQ_ITEM9})
    assert [a["instrument"] for a in api.get(url(world) + "?instrument=asq").json()] == ["asq"]
    assert api.get(url(world) + "?instrument=nope").status_code == 422
    assert api.get(url(world, "/999999")).status_code == 404


def test_reads_are_audited(world, api_as) -> None:
    api = api_as("clinician")
    created = api.post(url(world), {"instrument": "asq", "answers": ASQ_NEG}).json()
    api.get(url(world))
    api.get(url(world, f"/{created['id']}"))
    actions = set(
        AuditEvent.objects.filter(client_id=world.client.pk).values_list("action", flat=True)
    )
    assert {"assessment.recorded", "assessment.listed", "assessment.viewed"} <= actions

"""SAFE-T structure (clinical-rules.md §6), the scoring entry point, and the flag rules (§12)."""

from __future__ import annotations

import pytest

from safeplan.risk.rules import AnswerError, score, validate_safet
from safeplan.risk.rules.flag import automatic_level, check_manual_change
from safeplan.risk.rules.safet import means_found, normalise_safet


def safet(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "risk_factors": ["hopelessness", "access_to_lethal_medications"],
        "protective_factors": ["social_supports"],
        "inquiry": {
            "ideation": {"present": True, "notes": "daily thoughts"},
            "plan": {"present": False},
            "behaviours": {"present": False},
            "intent": {"present": False},
        },
        "level": "moderate",
        "rationale": "Ideation without plan; supports present.",
        "intervention": "Safety plan reviewed; medications to be locked.",
        "follow_up": "Call in 48 hours.",
    }
    base.update(over)
    return base


def test_safet_level_is_the_clinicians() -> None:
    result = validate_safet(safet())
    assert (result.code, result.level, result.total) == ("moderate", "moderate", None)
    assert result.flags == ("access_to_lethal_medications",)
    assert result.explanation[0].startswith("clinician's judgement: level = moderate")
    assert "suicide inquiry: ideation present" in result.explanation


def test_safet_means() -> None:
    data = normalise_safet(
        safet(
            risk_factors=["access_to_firearms", "insomnia", "access_to_lethal_medications"],
            firearms_instructions="Store with brother until review.",
        )
    )
    assert data["risk_factors"] == [
        "insomnia",
        "access_to_firearms",
        "access_to_lethal_medications",
    ]
    assert means_found(data) == ["firearm", "medication"]
    assert means_found(normalise_safet(safet(risk_factors=[]))) == []


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"level": "none"}, "answers.level"),
        ({"level": "extreme"}, "answers.level"),
        ({"rationale": "  "}, "answers.rationale"),
        ({"intervention": ""}, "answers.intervention"),
        ({"follow_up": None}, "answers.follow_up"),
        ({"risk_factors": ["vampires"]}, "answers.risk_factors"),
        ({"risk_factors": "hopelessness"}, "answers.risk_factors"),
        ({"protective_factors": ["pets", "pets"]}, "answers.protective_factors"),
        ({"risk_factors": ["access_to_firearms"]}, "answers.firearms_instructions"),
        ({"inquiry": None}, "answers.inquiry"),
        ({"inquiry": {"ideation": {"present": True}}}, "answers.inquiry.plan"),
        ({"rationale": "x" * 2001}, "answers.rationale"),
        ({"rationale": "bad\x00byte"}, "answers.rationale"),
        ({"score": 3}, "answers.score"),
    ],
)
def test_safet_rejects(over: dict[str, object], field: str) -> None:
    with pytest.raises(AnswerError) as err:
        validate_safet(safet(**over))
    assert err.value.field == field


def test_score_dispatch() -> None:
    assert score("gad7", {f"item{i}": 0 for i in range(1, 8)}).code == "minimal"
    with pytest.raises(AnswerError) as err:
        score("beck", {})
    assert err.value.field == "instrument"
    with pytest.raises(AnswerError) as err:
        score("gad7", {}, variant="since_last_contact")
    assert err.value.field == "variant"


@pytest.mark.parametrize(
    ("current", "implied", "expected"),
    [
        ("none", "none", None),
        ("none", "low", "low"),
        ("low", "high", "high"),
        ("moderate", "low", None),  # software never lowers
        ("high", "none", None),
        ("high", "high", None),
    ],
)
def test_automatic_level_only_raises(current: str, implied: str, expected: str | None) -> None:
    assert automatic_level(current, implied) == expected


def test_manual_lowering_needs_a_reason() -> None:
    assert check_manual_change("high", "low", "") is not None
    assert check_manual_change("high", "low", "   ") is not None
    assert check_manual_change("high", "low", "Reassessed with SAFE-T") is None
    assert check_manual_change("low", "high", "") is None
    assert check_manual_change("low", "low", "") is None
    assert check_manual_change("low", "severe", "x") is not None

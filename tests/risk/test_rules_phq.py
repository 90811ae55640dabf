"""PHQ-9 and GAD-7 scoring at every cut-point of clinical-rules.md §5.1, as explicit values."""

from __future__ import annotations

import pytest

from safeplan.risk.rules import AnswerError, score_gad7, score_phq9


def phq(*values: int, **extra: object) -> dict[str, object]:
    return {f"item{i}": v for i, v in enumerate(values, 1)} | extra


def with_total(total: int, items: int, *, last: int = 0) -> dict[str, object]:
    """Answers summing to ``total`` over ``items`` items; the last item fixed to ``last``."""
    values, left = [], total - last
    for _ in range(items - 1):
        values.append(min(3, left))
        left -= values[-1]
    assert left == 0, "total not reachable"
    return phq(*values, last)


@pytest.mark.parametrize(
    ("total", "code"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands(total: int, code: str) -> None:
    result = score_phq9(with_total(total, 9, last=0 if total < 25 else 3))
    assert (result.total, result.code) == (total, code)


def test_phq9_item9_zero_implies_no_level_whatever_the_total() -> None:
    result = score_phq9(phq(3, 3, 3, 3, 3, 3, 3, 3, 0))
    assert (result.total, result.code, result.level) == (24, "severe", "none")
    assert "item9_positive" not in result.flags
    assert "suicide_screen_prompted" not in result.flags
    assert result.positive  # total ≥ 10 is a positive depression screen


def test_phq9_item9_positive_prompts_screen_at_minimal_total() -> None:
    result = score_phq9(phq(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert (result.total, result.code, result.level) == (1, "minimal", "low")
    assert result.flags == ("item9_positive", "suicide_screen_prompted")
    assert result.positive
    assert result.explanation == (
        "items 1–9 sum to 1 (0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 1)",
        "total 1 is in 0–4 → minimal",
        "item9 = 1 (> 0) → item9_positive: a suicide-risk screen (ASQ or C-SSRS) is prompted "
        "whatever the total; implies at least low risk",
    )


def test_phq9_explanation_names_the_band() -> None:
    result = score_phq9(phq(2, 2, 1, 1, 1, 1, 1, 0, 0))
    assert result.explanation[1] == "total 9 is in 5–9 → mild"
    assert not result.positive


def test_phq9_difficulty_is_recorded_not_scored() -> None:
    a = score_phq9(phq(1, 1, 1, 1, 1, 0, 0, 0, 0))
    b = score_phq9(phq(1, 1, 1, 1, 1, 0, 0, 0, 0, difficulty="extremely_difficult"))
    assert a.total == b.total == 5


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({}, "answers"),  # nothing answered: nothing to store
        ({"item1": None, "difficulty": "very_difficult"}, "answers"),
        (phq(1, 1, 1, 1, 1, 1, 1, 1, 4), "answers.item9"),
        (phq(-1, 1, 1, 1, 1, 1, 1, 1, 1), "answers.item1"),
        (phq(1, 1, 1, 1, 1, 1, 1, 1, 1.5), "answers.item9"),  # type: ignore[arg-type]
        (phq(1, 1, 1, 1, 1, 1, 1, 1, "2"), "answers.item9"),  # type: ignore[arg-type]
        (phq(1, 1, 1, 1, 1, 1, 1, 1, True), "answers.item9"),  # type: ignore[arg-type]
        (phq(1, 1, 1, 1, 1, 1, 1, 1, 1, item10=1), "answers.item10"),
        (phq(1, 1, 1, 1, 1, 1, 1, 1, 1, difficulty="awful"), "answers.difficulty"),
        ([1, 2, 3], "answers"),
    ],
)
def test_phq9_rejects(answers: object, field: str) -> None:
    with pytest.raises(AnswerError) as err:
        score_phq9(answers)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("total", "code", "further"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "severe", True),
        (21, "severe", True),
    ],
)
def test_gad7_bands(total: int, code: str, further: bool) -> None:
    result = score_gad7(with_total(total, 7, last=0 if total < 19 else 3))
    assert (result.total, result.code) == (total, code)
    assert ("further_evaluation" in result.flags) is further
    assert result.positive is further
    assert result.level == "none"


def test_gad7_rejects_phq_items() -> None:
    with pytest.raises(AnswerError) as err:
        score_gad7({f"item{i}": 0 for i in range(1, 10)})
    assert err.value.field == "answers.item8"


def test_phq9_missing_items_is_incomplete_never_prorated() -> None:
    """§5.1: the prorating rule was not retrieved, so no total; item 9 > 0 still acts (issue 12)."""
    result = score_phq9({f"item{i}": 1 for i in range(1, 8)} | {"item9": 1})
    assert (result.code, result.total, result.complete, result.missing) == (
        "incomplete",
        None,
        False,
        ("item8",),
    )
    assert (result.level, result.positive) == ("low", True)
    assert result.flags == ("item9_positive", "suicide_screen_prompted", "incomplete")
    assert result.explanation[:2] == (
        "answered: item1 = 1, item2 = 1, item3 = 1, item4 = 1, item5 = 1, item6 = 1, item7 = 1, "
        "item9 = 1",
        "not answered: item8 → incomplete: no total and no severity (nothing is prorated or guessed)",
    )


def test_phq9_missing_item9_is_flagged_to_be_asked() -> None:
    result = score_phq9({f"item{i}": 3 for i in range(1, 5)})
    assert (result.code, result.total, result.level) == ("incomplete", None, "none")
    # 4 × 3 = 12 answered already: the total is ≥ 10 whatever the rest.
    assert result.flags == ("screen_positive", "item9_not_answered", "incomplete")
    assert result.positive is True


def test_gad7_missing_items_is_incomplete() -> None:
    result = score_gad7({f"item{i}": 0 for i in range(1, 7)})
    assert (result.code, result.total, result.complete, result.missing) == (
        "incomplete",
        None,
        False,
        ("item7",),
    )
    assert (result.level, result.positive, result.flags) == ("none", False, ("incomplete",))
    assert (
        "further_evaluation" in score_gad7({"item1": 3, "item2": 3, "item3": 3, "item4": 1}).flags
    )

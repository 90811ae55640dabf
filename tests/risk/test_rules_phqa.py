"""PHQ-A scoring: exact vectors from the GLAD-PC scoring sheet and hypothesis properties (rules/phqa.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.risk.rules import AnswerError, score
from safeplan.risk.rules.phqa import ITEMS, score_phqa

NO_SUICIDE = {"serious_thoughts_past_month": "no", "attempt_ever": "no"}


def phqa(values: list[int], **extra: Any) -> dict[str, Any]:
    return {f"item{i}": v for i, v in enumerate(values, 1)} | NO_SUICIDE | extra


@pytest.mark.parametrize(
    ("values", "total", "code"),
    [
        ([0] * 9, 0, "minimal"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),
        ([1, 1, 1, 1, 1, 1, 1, 1, 0], 8, "mild"),
        ([2, 1, 1, 1, 1, 1, 1, 1, 0], 9, "mild"),
        ([2, 2, 1, 1, 1, 1, 1, 1, 0], 10, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "moderate"),
        ([3, 2, 2, 2, 2, 2, 2, 0, 0], 15, "moderately_severe"),
        ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "moderately_severe"),
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "severe"),
        ([3] * 9, 27, "severe"),
    ],
)
def test_bands_0_4_5_9_10_14_15_19_20_27(values, total, code) -> None:
    r = score_phqa(phqa(values))
    assert (r.instrument, r.version, r.total, r.code) == ("phqa", "phqa-johnson-2002", total, code)


def test_screen_positive_above_10() -> None:
    """GLAD-PC: "A total PHQ-9 score > 10 has a good sensitivity and specificity for MDD"."""
    ten = score_phqa(phqa([2, 2, 1, 1, 1, 1, 1, 1, 0]))
    eleven = score_phqa(phqa([2, 2, 2, 1, 1, 1, 1, 1, 0]))
    assert (ten.total, "screen_positive" in ten.flags, ten.positive) == (10, False, False)
    assert (eleven.total, "screen_positive" in eleven.flags, eleven.positive) == (11, True, True)
    assert eleven.level == "none"  # depression severity alone sets no suicide-risk level


@pytest.mark.parametrize(
    ("extra", "item9", "finding"),
    [
        ({}, 1, "item9_positive"),
        ({"serious_thoughts_past_month": "yes"}, 0, "serious_thoughts_past_month_positive"),
        ({"attempt_ever": "yes"}, 0, "attempt_ever_positive"),
    ],
)
def test_each_suicide_item_prompts_the_screen_and_sets_low(extra, item9, finding) -> None:
    """GLAD-PC: "All positive answers to question 9 as well as the two additional suicide items MUST be
    followed up by a clinical interview"."""
    r = score_phqa(phqa([0] * 8 + [item9], **extra))
    assert r.level == "low"
    assert r.positive is True
    assert r.flags == (finding, "suicide_screen_prompted")
    assert r.total == item9


def test_all_three_suicide_items() -> None:
    r = score_phqa(
        phqa([0] * 8 + [3], serious_thoughts_past_month="yes", attempt_ever="yes", past_year="yes")
    )
    assert r.flags == (
        "item9_positive",
        "serious_thoughts_past_month_positive",
        "attempt_ever_positive",
        "suicide_screen_prompted",
    )


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({}, "answers"),
        (phqa([0] * 8 + [4]), "answers.item9"),
        (phqa([0] * 8 + [True]), "answers.item9"),
        (phqa([0] * 9, past_year="sometimes"), "answers.past_year"),
        (phqa([0] * 9, difficulty="hard"), "answers.difficulty"),
        (phqa([0] * 9, item10=1), "answers.item10"),
    ],
)
def test_bad_answers_name_the_field(answers, field) -> None:
    with pytest.raises(AnswerError) as err:
        score("phqa", answers)
    assert err.value.field == field


ITEM = st.integers(min_value=0, max_value=3)
YES_NO = st.sampled_from(["yes", "no"])


@given(values=st.lists(ITEM, min_size=9, max_size=9), thoughts=YES_NO, attempt=YES_NO)
def test_total_band_and_safety_items(values, thoughts, attempt) -> None:
    r = score_phqa(phqa(values, serious_thoughts_past_month=thoughts, attempt_ever=attempt))
    total = sum(values)
    assert r.total == total
    expected = (
        "minimal"
        if total < 5
        else "mild"
        if total < 10
        else "moderate"
        if total < 15
        else "moderately_severe"
        if total < 20
        else "severe"
    )
    assert r.code == expected
    safety = values[8] > 0 or thoughts == "yes" or attempt == "yes"
    assert ("suicide_screen_prompted" in r.flags) is safety
    assert r.level == ("low" if safety else "none")
    assert r.positive is (safety or total > 10)
    assert len(ITEMS) == 9


def test_incomplete_phqa_is_stored_without_a_total_and_its_safety_items_act() -> None:
    """PRODUCT.md "No safety answer is lost": nothing prorated, answered safety items act."""
    answers = {k: v for k, v in phqa([3] * 9, attempt_ever="yes").items() if k != "item4"}
    r = score_phqa(answers)
    assert (r.code, r.total, r.complete, r.missing) == ("incomplete", None, False, ("item4",))
    assert r.level == "low"
    assert {"item9_positive", "attempt_ever_positive", "suicide_screen_prompted"} <= set(r.flags)
    assert "screen_positive" in r.flags  # 24 answered already exceeds 10
    only_item9 = score_phqa({"item9": 0})
    assert (only_item9.level, only_item9.complete) == ("none", False)
    assert {"serious_thoughts_past_month_not_answered", "attempt_ever_not_answered"} <= set(
        only_item9.flags
    )
    assert "item9_not_answered" in score_phqa({"attempt_ever": "no"}).flags


KEYS = [*ITEMS, "serious_thoughts_past_month", "attempt_ever"]


@given(
    st.dictionaries(
        st.sampled_from(KEYS),
        st.integers(min_value=0, max_value=3),
        min_size=1,
    )
)
def test_any_answered_safety_item_acts_complete_or_not(raw) -> None:
    answers = {
        k: (("yes" if v % 2 else "no") if not k.startswith("item") else v) for k, v in raw.items()
    }
    r = score_phqa(answers)
    safety = answers.get("item9", 0) > 0 or "yes" in (
        answers.get("serious_thoughts_past_month"),
        answers.get("attempt_ever"),
    )
    assert ("suicide_screen_prompted" in r.flags) is safety
    assert r.level == ("low" if safety else "none")
    assert r.complete is (len(answers) == len(KEYS))
    assert (r.total is None) is (not r.complete)

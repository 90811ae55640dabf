"""ASQ (clinical-rules.md §4.2) and C-SSRS screener (§3.1–3.2): every branch, as explicit values."""

from __future__ import annotations

import pytest

from safeplan.risk.rules import AnswerError, score_asq, score_cssrs_screener

NO4 = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


@pytest.mark.parametrize(
    ("answers", "code", "level"),
    [
        (NO4, "negative", "none"),
        ({**NO4, "q1": "yes", "q5": "no"}, "non_acute_positive", "moderate"),
        ({**NO4, "q2": "yes", "q5": "no"}, "non_acute_positive", "moderate"),
        ({**NO4, "q3": "yes", "q5": "no"}, "non_acute_positive", "moderate"),
        ({**NO4, "q4": "yes", "q5": "no"}, "non_acute_positive", "moderate"),
        ({**NO4, "q4": "yes", "q5": "yes"}, "acute_positive", "high"),
        (
            {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "yes", "q5": "yes"},
            "acute_positive",
            "high",
        ),
        ({"refused": True}, "non_acute_positive", "moderate"),
        ({**NO4, "refused": True}, "non_acute_positive", "moderate"),
        ({"q1": "yes", "refused": True}, "non_acute_positive", "moderate"),
        ({"q1": "no", "refused": True, "q5": "yes"}, "acute_positive", "high"),
        (
            {"q1": True, "q2": False, "q3": False, "q4": False, "q5": False},
            "non_acute_positive",
            "moderate",
        ),
    ],
)
def test_asq_branches(answers: dict[str, object], code: str, level: str) -> None:
    result = score_asq(answers)
    assert (result.code, result.level, result.positive) == (code, level, code != "negative")


def test_asq_explanations() -> None:
    assert score_asq(NO4).explanation == (
        "q1 = no, q2 = no, q3 = no, q4 = no → negative (q5 not asked)",
    )
    assert score_asq({**NO4, "q2": "yes", "q5": "yes"}).explanation == (
        "q2 = yes → positive screen",
        "q5 = yes → acute_positive",
    )
    assert score_asq({"refused": True}).explanation == (
        "refused = true → non_acute_positive (refusal is a positive screen)",
        "q5 not answered (refused) → non_acute_positive",
    )


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**NO4, "q5": "no"}, "answers.q5"),  # q5 asked though q1–q4 all no
        ({**NO4, "q5": "yes"}, "answers.q5"),
        ({**NO4, "q1": "yes"}, "answers.q5"),  # q5 missing after a positive
        ({"q1": "no", "q2": "no", "q3": "no"}, "answers.q4"),  # missing item, no refusal
        ({**NO4, "q1": "maybe"}, "answers.q1"),
        ({**NO4, "q6": "no"}, "answers.q6"),
        ({**NO4, "refused": "yes"}, "answers.refused"),
        ({**NO4, "q4_details": "pills, 2019"}, "answers.q4_details"),  # q4 is no
        ({**NO4, "q1": "yes", "q5": "no", "q5_details": "x"}, "answers.q5_details"),
        ("yes", "answers"),
    ],
)
def test_asq_rejects(answers: object, field: str) -> None:
    with pytest.raises(AnswerError) as err:
        score_asq(answers)
    assert err.value.field == field


def test_asq_keeps_follow_up_details() -> None:
    result = score_asq({**NO4, "q4": "yes", "q4_details": "overdose, 2019", "q5": "no"})
    assert result.code == "non_acute_positive"


# C-SSRS screener ---------------------------------------------------------------------------------

NONE = {"1": "no", "2": "no", "6": "no"}
TWO_YES = {"1": "no", "2": "yes", "3": "no", "4": "no", "5": "no", "6": "no"}


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (NONE, "none"),
        ({**NONE, "1": "yes"}, "low"),
        (TWO_YES, "low"),
        ({**TWO_YES, "1": "yes"}, "low"),
        ({**TWO_YES, "3": "yes"}, "moderate"),
        ({**TWO_YES, "4": "yes"}, "high"),
        ({**TWO_YES, "5": "yes"}, "high"),
        ({**NONE, "6": "yes", "6_recent": "no"}, "moderate"),
        ({**NONE, "6": "yes", "6_recent": "yes"}, "high"),
        ({**TWO_YES, "3": "yes", "6": "yes", "6_recent": "yes"}, "high"),
        ({**TWO_YES, "6": "yes", "6_recent": "no"}, "moderate"),
        ({**NONE, "1": "yes", "6": "yes", "6_recent": "no"}, "moderate"),
    ],
)
def test_cssrs_levels(answers: dict[str, str], level: str) -> None:
    result = score_cssrs_screener(answers)
    assert (result.code, result.level, result.positive) == (level, level, level != "none")


def test_cssrs_explanation_lists_every_positive_answer_highest_first() -> None:
    result = score_cssrs_screener(
        {"1": "yes", "2": "yes", "3": "yes", "4": "no", "5": "no", "6": "yes", "6_recent": "yes"}
    )
    assert result.explanation == (
        "item 6 = yes and 6_recent = yes (within 3 months) → high",
        "item 3 = yes → moderate",
        "item 1 = yes → low",
        "item 2 = yes → low",
        "highest positive answer → high",
    )
    assert score_cssrs_screener(NONE).explanation == ("items 1, 2, 6 = no → none",)
    assert score_cssrs_screener({**NONE, "6": "yes", "6_recent": "no"}).explanation == (
        "item 6 = yes and 6_recent = no (more than 3 months ago) → moderate",
        "item 2 = no → items 3–5 not asked",
        "highest positive answer → moderate",
    )


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**NONE, "3": "no"}, "answers.3"),  # 3–5 asked though item 2 is no
        ({**NONE, "4": "yes"}, "answers.4"),
        ({**NONE, "5": "no"}, "answers.5"),
        ({"1": "no", "2": "yes", "3": "no", "4": "no", "6": "no"}, "answers.5"),  # 2 yes: 5 missing
        ({"1": "no", "2": "no"}, "answers.6"),
        ({"2": "no", "6": "no"}, "answers.1"),
        ({**NONE, "6_recent": "no"}, "answers.6_recent"),  # recency without item 6 yes
        ({**NONE, "6_recent": "yes"}, "answers.6_recent"),
        ({**NONE, "6": "yes"}, "answers.6_recent"),  # item 6 yes: recency required
        ({**NONE, "7": "no"}, "answers.7"),
        ({**NONE, "1": 1}, "answers.1"),
    ],
)
def test_cssrs_rejects(answers: dict[str, object], field: str) -> None:
    with pytest.raises(AnswerError) as err:
        score_cssrs_screener(answers)
    assert err.value.field == field


def test_cssrs_since_last_contact_variant() -> None:
    result = score_cssrs_screener({**NONE, "6": "yes"}, variant="since_last_contact")
    assert (result.level, result.version) == ("high", "cssrs-screener-since-last-contact")
    with pytest.raises(AnswerError) as err:
        score_cssrs_screener({**NONE, "6": "yes", "6_recent": "no"}, variant="since_last_contact")
    assert err.value.field == "answers.6_recent"
    with pytest.raises(AnswerError) as err:
        score_cssrs_screener(NONE, variant="weekly")
    assert err.value.field == "variant"

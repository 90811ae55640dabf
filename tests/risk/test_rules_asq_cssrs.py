"""ASQ (clinical-rules.md §4.2) and C-SSRS screener (§3.1–3.2): every branch, as explicit values."""

from __future__ import annotations

import pytest

from safeplan.risk.rules import AnswerError, score_asq, score_cssrs_screener

NO4 = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


@pytest.mark.parametrize(
    ("answers", "code", "level", "complete"),
    [
        # NIMH ASQ pathway (clinical-rules.md §4.2): negative = no to q1–q4, q5 not asked.
        (NO4, "negative", "none", True),
        # Any yes to q1–q4 is a positive screen; q5 (acuity) decides acute or non-acute.
        ({**NO4, "q1": "yes", "q5": "no"}, "non_acute_positive", "moderate", True),
        ({**NO4, "q2": "yes", "q5": "no"}, "non_acute_positive", "moderate", True),
        ({**NO4, "q3": "yes", "q5": "no"}, "non_acute_positive", "moderate", True),
        ({**NO4, "q4": "yes", "q5": "no"}, "non_acute_positive", "moderate", True),
        ({**NO4, "q4": "yes", "q5": "yes"}, "acute_positive", "high", True),
        (
            {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "yes", "q5": "yes"},
            "acute_positive",
            "high",
            True,
        ),
        (
            {"q1": True, "q2": False, "q3": False, "q4": False, "q5": False},
            "non_acute_positive",
            "moderate",
            True,
        ),
        # A refusal is recorded per item; refusing any of q1–q4 is a positive screen (the pathway
        # routes a refusal to a positive screen), after which q5 is still asked.
        ({**NO4, "q3": "refused", "q5": "no"}, "non_acute_positive", "moderate", True),
        ({**NO4, "q1": "refused", "q5": "yes"}, "acute_positive", "high", True),
        # A refused acuity question counts as acute until a clinician asks it (issue 12).
        ({**NO4, "q1": "yes", "q5": "refused"}, "acute_positive", "high", True),
        ({**NO4, "q2": "refused", "q5": "refused"}, "acute_positive", "high", True),
        # q5 is required after a positive screen: not asked, it counts as acute (and is incomplete).
        ({**NO4, "q1": "yes"}, "acute_positive", "high", False),
        ({**NO4, "q4": "refused"}, "acute_positive", "high", False),
        # Older records: ``refused: true`` = every item not answered was refused.
        ({"refused": True}, "acute_positive", "high", True),
        ({"q1": "yes", "q5": "no", "refused": True}, "non_acute_positive", "moderate", True),
        # Stopped half-way: an answered yes still makes a positive screen; no yes is not negative.
        ({"q2": "yes"}, "acute_positive", "high", False),
        ({"q1": "no", "q2": "yes", "q5": "no"}, "non_acute_positive", "moderate", False),
        ({"q1": "no", "q2": "no", "q3": "no"}, "incomplete", "none", False),
        ({"q1": "no", "q5": "no"}, "incomplete", "none", False),
        # A yes to "thoughts of killing yourself right now" is never dropped.
        ({"q1": "no", "q5": "yes"}, "acute_positive", "high", False),
        ({**NO4, "q5": "yes"}, "acute_positive", "high", True),
    ],
)
def test_asq_branches(answers: dict[str, object], code: str, level: str, complete: bool) -> None:
    result = score_asq(answers)
    positive = code in ("non_acute_positive", "acute_positive")
    assert (result.code, result.level, result.positive, result.complete) == (
        code,
        level,
        positive,
        complete,
    )


def test_asq_explanations_and_flags() -> None:
    assert score_asq(NO4).explanation == (
        "q1 = no, q2 = no, q3 = no, q4 = no → negative (q5 not asked)",
    )
    assert score_asq({**NO4, "q2": "yes", "q5": "yes"}).explanation == (
        "q2 = yes → positive screen",
        "q5 = yes → acute_positive",
    )
    refused = score_asq({**NO4, "q3": "refused", "q5": "refused"})
    assert refused.explanation == (
        "q3 = refused → positive screen (the pathway treats a refusal as positive)",
        "q5 = refused → acute_positive: a refused acuity question counts as acute until a "
        "clinician asks it",
    )
    assert refused.flags == ("refused", "acuity_refused")
    unasked = score_asq({"q1": "yes", "q2": "no"})
    assert unasked.missing == ("q3", "q4", "q5")
    assert unasked.flags == ("acuity_not_known", "incomplete")
    assert unasked.explanation[-1] == "not answered: q3, q4, q5 → incomplete"


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**NO4, "q5": "no"}, "answers.q5"),  # q5 asked though q1–q4 all no
        ({**NO4, "q1": "maybe"}, "answers.q1"),
        ({**NO4, "q6": "no"}, "answers.q6"),
        ({**NO4, "refused": "yes"}, "answers.refused"),
        ({**NO4, "q4_details": "pills, 2019"}, "answers.q4_details"),  # q4 is no
        ({**NO4, "q1": "yes", "q5": "no", "q5_details": "x"}, "answers.q5_details"),
        ({}, "answers"),  # nothing answered: nothing to store
        ({"q1": None}, "answers"),
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
        ({**NONE, "6_recent": "no"}, "answers.6_recent"),  # recency without item 6 yes
        ({**NONE, "6_recent": "yes"}, "answers.6_recent"),
        ({}, "answers"),
        ({**NONE, "7": "no"}, "answers.7"),
        ({**NONE, "1": 1}, "answers.1"),
    ],
)
def test_cssrs_rejects(answers: dict[str, object], field: str) -> None:
    with pytest.raises(AnswerError) as err:
        score_cssrs_screener(answers)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("answers", "code", "missing"),
    [
        # Stopped half-way (issue 12): every answered yes counts; the level is at least the highest.
        ({"1": "no", "2": "yes", "3": "no", "4": "no", "6": "no"}, "low", ("5",)),
        ({"1": "no", "2": "yes", "4": "yes"}, "high", ("3", "5", "6")),
        ({"1": "no", "2": "no"}, "incomplete", ("6",)),
        ({"2": "no", "6": "no"}, "incomplete", ("1",)),
        # Item 6 yes without its recency counts as recent until asked.
        ({**NONE, "6": "yes"}, "high", ("6_recent",)),
        ({"1": "yes"}, "low", ("2", "6")),
    ],
)
def test_cssrs_incomplete(answers: dict[str, object], code: str, missing: tuple[str, ...]) -> None:
    result = score_cssrs_screener(answers)
    assert (result.code, result.complete, result.missing) == (code, False, missing)
    assert result.flags == ("incomplete",)
    assert result.positive is (code != "incomplete")


def test_cssrs_since_last_contact_variant() -> None:
    result = score_cssrs_screener({**NONE, "6": "yes"}, variant="since_last_contact")
    assert (result.level, result.version) == ("high", "cssrs-screener-since-last-contact")
    with pytest.raises(AnswerError) as err:
        score_cssrs_screener({**NONE, "6": "yes", "6_recent": "no"}, variant="since_last_contact")
    assert err.value.field == "answers.6_recent"
    with pytest.raises(AnswerError) as err:
        score_cssrs_screener(NONE, variant="weekly")
    assert err.value.field == "variant"

"""Hypothesis: more or higher answers never lower a total, a severity or a level (clinical-rules.md §3–5)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safeplan.risk.rules import score_asq, score_cssrs_screener, score_gad7, score_phq9
from safeplan.risk.rules.base import LEVEL_RANK

PHQ_RANK = {"minimal": 0, "mild": 1, "moderate": 2, "moderately_severe": 3, "severe": 4}
GAD_RANK = {"minimal": 0, "mild": 1, "moderate": 2, "severe": 3}
ASQ_RANK = {"negative": 0, "non_acute_positive": 1, "acute_positive": 2}


def items(n: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, 3), min_size=n, max_size=n)


@given(items(9), st.integers(0, 8), st.integers(1, 3))
def test_phq9_monotone(values: list[int], index: int, bump: int) -> None:
    higher = list(values)
    higher[index] = min(3, higher[index] + bump)
    a = score_phq9({f"item{i}": v for i, v in enumerate(values, 1)})
    b = score_phq9({f"item{i}": v for i, v in enumerate(higher, 1)})
    assert a.total is not None and b.total is not None
    assert b.total >= a.total
    assert PHQ_RANK[b.code] >= PHQ_RANK[a.code]
    assert LEVEL_RANK[b.level] >= LEVEL_RANK[a.level]
    assert b.positive >= a.positive
    assert 0 <= b.total <= 27


@given(items(7), st.integers(0, 6), st.integers(1, 3))
def test_gad7_monotone(values: list[int], index: int, bump: int) -> None:
    higher = list(values)
    higher[index] = min(3, higher[index] + bump)
    a = score_gad7({f"item{i}": v for i, v in enumerate(values, 1)})
    b = score_gad7({f"item{i}": v for i, v in enumerate(higher, 1)})
    assert a.total is not None and b.total is not None
    assert b.total >= a.total and GAD_RANK[b.code] >= GAD_RANK[a.code]
    assert len(b.flags) >= len(a.flags)


def asq_answers(screen: list[bool], q5: bool) -> dict[str, object]:
    answers: dict[str, object] = {f"q{i}": "yes" if v else "no" for i, v in enumerate(screen, 1)}
    if any(screen):
        answers["q5"] = "yes" if q5 else "no"
    return answers


@given(
    st.lists(st.booleans(), min_size=4, max_size=4),
    st.booleans(),
    st.lists(st.booleans(), min_size=4, max_size=4),
    st.booleans(),
)
def test_asq_monotone(screen: list[bool], q5: bool, more: list[bool], more_q5: bool) -> None:
    """Answer sets ordered by "at least the same yeses": the higher set never scores lower."""
    higher = [a or b for a, b in zip(screen, more, strict=True)]
    a = score_asq(asq_answers(screen, q5))
    b = score_asq(asq_answers(higher, q5 or more_q5))
    assert ASQ_RANK[b.code] >= ASQ_RANK[a.code]
    assert LEVEL_RANK[b.level] >= LEVEL_RANK[a.level]


@given(st.booleans())
def test_asq_refusal_is_at_least_non_acute(q5: bool) -> None:
    refused = score_asq({"refused": True, "q5": "yes" if q5 else "no"})
    assert ASQ_RANK[refused.code] >= ASQ_RANK["non_acute_positive"]


CSSRS_KEYS = ("1", "2", "3", "4", "5", "6", "6_recent")


def cssrs(flags: dict[str, bool]) -> dict[str, str]:
    answers = {key: ("yes" if flags[key] else "no") for key in ("1", "2", "6")}
    if flags["2"]:
        answers |= {key: ("yes" if flags[key] else "no") for key in ("3", "4", "5")}
    if flags["6"]:
        answers["6_recent"] = "yes" if flags["6_recent"] else "no"
    return answers


@given(st.fixed_dictionaries({k: st.booleans() for k in CSSRS_KEYS}), st.sampled_from(CSSRS_KEYS))
def test_cssrs_monotone(flags: dict[str, bool], flip: str) -> None:
    """Turning any answer to yes (or behaviour to recent) never lowers the level."""
    higher = {**flags, flip: True}
    assert (
        LEVEL_RANK[score_cssrs_screener(cssrs(higher)).level]
        >= LEVEL_RANK[score_cssrs_screener(cssrs(flags)).level]
    )

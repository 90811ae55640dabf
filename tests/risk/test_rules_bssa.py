"""ASQ Brief Suicide Safety Assessment rules: exact cases from the NIMH guide (rules/bssa.py docstring)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.risk.rules import AnswerError, score
from safeplan.risk.rules.bssa import (
    DISPOSITIONS,
    ITEMS,
    normalise_bssa,
    score_bssa,
    worksheet_problem,
)

BASE = {"thoughts_past_weeks": "yes", "thoughts_now": "no", "plan": "no", "attempt_ever": "no"}


def bssa(**extra: Any) -> dict[str, Any]:
    return {**BASE, "disposition": "further_evaluation", **extra}


@pytest.mark.parametrize(
    ("disposition", "level", "action", "positive"),
    [
        ("emergency_evaluation", "high", "stat_evaluation", True),
        ("further_evaluation", "moderate", "referral_within_72h", True),
        ("non_urgent_follow_up", "low", "mental_health_referral", True),
        ("no_further_intervention", "none", "next_appointment_follow_up", False),
    ],
)
def test_disposition_sets_code_level_and_action(disposition, level, action, positive) -> None:
    r = score_bssa(bssa(disposition=disposition), variant="adult")
    assert (r.instrument, r.version, r.code, r.level, r.positive) == (
        "bssa",
        "asq-bssa-nimh-adult",
        disposition,
        level,
        positive,
    )
    assert r.flags[:2] == (action, "crisis_resources")
    assert r.explanation[-1] == f"clinician's disposition: {disposition} → implies {level} risk"


def test_thoughts_right_now_require_the_emergency_evaluation() -> None:
    """NIMH: "If 'yes,' patient requires an urgent/STAT mental health evaluation and cannot be left alone."""
    for disposition in ("further_evaluation", "non_urgent_follow_up", "no_further_intervention"):
        with pytest.raises(AnswerError) as err:
            score_bssa(bssa(thoughts_now="yes", disposition=disposition), variant="adult")
        assert err.value.field == "answers.disposition"
    r = score_bssa(bssa(thoughts_now="yes", disposition="emergency_evaluation"), variant="youth")
    assert r.level == "high"
    assert "thoughts_now = yes → imminent risk: urgent/STAT evaluation required" in r.explanation


def test_needing_help_to_keep_safe_rules_out_no_further_intervention() -> None:
    """NIMH: "a 'yes' is a reason to act immediately"."""
    with pytest.raises(AnswerError) as err:
        score_bssa(
            bssa(needs_help_to_be_safe="yes", disposition="no_further_intervention"),
            variant="adult",
        )
    assert err.value.field == "answers.disposition"
    r = score_bssa(bssa(needs_help_to_be_safe="yes"), variant="adult")
    assert "act_now" in r.flags
    # A "no" does not indicate the patient is safe, and changes nothing.
    r = score_bssa(
        bssa(needs_help_to_be_safe="no", disposition="no_further_intervention"), variant="adult"
    )
    assert r.level == "none" and "act_now" not in r.flags


def test_past_attempt_and_plan_are_findings() -> None:
    r = score_bssa(
        bssa(attempt_ever="yes", attempt_details="pills, 2019", plan="yes", intent=3),
        variant="adult",
    )
    assert {"past_attempt", "has_plan"} <= set(r.flags)
    assert "intent = 3 of 10" in r.explanation


@pytest.mark.parametrize(
    ("answers", "variant", "field"),
    [
        (bssa(), None, "variant"),
        (bssa(), "child", "variant"),
        ({k: v for k, v in bssa().items() if k != "thoughts_now"}, "adult", "answers.thoughts_now"),
        ({k: v for k, v in bssa().items() if k != "attempt_ever"}, "adult", "answers.attempt_ever"),
        ({**BASE}, "adult", "answers.disposition"),
        (bssa(disposition="admit"), "adult", "answers.disposition"),
        (
            bssa(thoughts_past_weeks="no", thoughts_how_often="daily"),
            "adult",
            "answers.thoughts_how_often",
        ),
        (bssa(attempt_details="2019"), "adult", "answers.attempt_details"),
        (bssa(intent=11), "adult", "answers.intent"),
        (bssa(intent=True), "adult", "answers.intent"),
        (bssa(symptoms=["sadness"]), "adult", "answers.symptoms"),
        (bssa(plan="maybe"), "adult", "answers.plan"),
        (bssa(plan_details=5), "adult", "answers.plan_details"),
        (bssa(extra="x"), "adult", "answers.extra"),
    ],
)
def test_bad_answers_name_the_field(answers, variant, field) -> None:
    with pytest.raises(AnswerError) as err:
        score("bssa", answers, variant=variant)
    assert err.value.field == field


def test_worksheet_fits_the_age() -> None:
    """Adult guide: "Use after a patient (18+ years)"; youth ASQ workflow 10–24 where the clinic sets it."""
    assert worksheet_problem("adult", 18, youth_workflow=False) is None
    assert worksheet_problem("adult", 17, youth_workflow=True) is not None
    assert worksheet_problem("youth", 17, youth_workflow=False) is None
    assert worksheet_problem("youth", 18, youth_workflow=False) is not None
    assert worksheet_problem("youth", 24, youth_workflow=True) is None
    assert worksheet_problem("youth", 25, youth_workflow=True) is not None


def test_stored_answers_keep_only_what_was_asked() -> None:
    stored = normalise_bssa(bssa(symptoms=["sleep", "depression", "sleep"], trusted_person="  "))
    assert stored == {
        "thoughts_past_weeks": True,
        "thoughts_now": False,
        "plan": False,
        "attempt_ever": False,
        "symptoms": ["depression", "sleep"],
        "disposition": "further_evaluation",
    }


YES_NO = st.sampled_from(["yes", "no"])


@given(
    past=YES_NO,
    now=YES_NO,
    plan=YES_NO,
    attempt=YES_NO,
    help_=st.one_of(st.none(), YES_NO),
    disposition=st.sampled_from(list(DISPOSITIONS)),
)
def test_any_accepted_bssa_is_consistent_with_the_guide(
    past, now, plan, attempt, help_, disposition
) -> None:
    answers = {
        "thoughts_past_weeks": past,
        "thoughts_now": now,
        "plan": plan,
        "attempt_ever": attempt,
    }
    if help_ is not None:
        answers["needs_help_to_be_safe"] = help_
    answers["disposition"] = disposition
    try:
        r = score_bssa(answers, variant="adult")
    except AnswerError as exc:
        assert exc.field == "answers.disposition"
        assert (now == "yes" and disposition != "emergency_evaluation") or (
            help_ == "yes" and disposition == "no_further_intervention"
        )
        return
    assert r.level == DISPOSITIONS[disposition][1]
    if now == "yes":
        assert r.level == "high"
    assert set(ITEMS) >= {"thoughts_now", "plan"}

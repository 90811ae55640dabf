"""NIMH Ask Suicide-Screening Questions (ASQ): verbatim text and scoring (clinical-rules.md §4).

Public domain (NIMH); the wording is reproduced unaltered with attribution and without implying NIMH
endorsement (§4.3).
"""

from __future__ import annotations

from typing import Any

from safeplan.risk.rules.base import (
    AnswerError,
    ScreenResult,
    reject_unknown,
    require_mapping,
    word,
    yes_no,
)

VERSION = "asq-nimh"
ATTRIBUTION = (
    "Ask Suicide-Screening Questions (ASQ), National Institute of Mental Health (NIMH). "
    "Public domain. https://www.nimh.nih.gov/research/research-conducted-at-nimh/asq-toolkit-materials"
)
INSTRUCTIONS = "Ask the patient:"
ITEMS = {
    "q1": "In the past few weeks, have you wished you were dead?",
    "q2": (
        "In the past few weeks, have you felt that you or your family would be better off if you "
        "were dead?"
    ),
    "q3": "In the past week, have you been having thoughts about killing yourself?",
    "q4": "Have you ever tried to kill yourself?",
    "q5": "Are you having thoughts of killing yourself right now?",
}
Q4_FOLLOW_UP = "If yes, how? When?"
ACUITY_LEAD_IN = (
    "If the patient answers Yes to any of the above, ask the following acuity question:"
)
Q5_FOLLOW_UP = "If yes, please describe:"
SCREENING_ITEMS = ("q1", "q2", "q3", "q4")
# Free-text follow-ups the toolkit records (client words: stored encrypted with the answers).
DETAIL_ITEMS = ("q4_details", "q5_details")
KNOWN = (*ITEMS, *DETAIL_ITEMS, "refused")

CODES = ("negative", "non_acute_positive", "acute_positive")
LEVEL_FOR_CODE = {"negative": "none", "non_acute_positive": "moderate", "acute_positive": "high"}


def score_asq(answers: Any) -> ScreenResult:
    """Score an ASQ.

    ``q1``–``q4`` yes/no; ``q5`` (acuity) only when any of q1–q4 is yes; or ``refused: true`` when the
    patient refuses to answer (routed to non-acute positive by the NIMH pathway, §4.2).
    - negative: no to all of q1–q4 (q5 not asked; answering it is an error)
    - non_acute_positive: yes to any of q1–q4 and no to q5, or refused
    - acute_positive: yes to q5
    Implied risk level (flag.py): negative → none, non_acute_positive → moderate, acute_positive → high.
    """
    answers = require_mapping(answers)
    reject_unknown(answers, KNOWN)
    for key in DETAIL_ITEMS:
        if key in answers and answers[key] is not None and not isinstance(answers[key], str):
            raise AnswerError(f"{key} must be text", field=f"answers.{key}")
    refused = answers.get("refused", False)
    if not isinstance(refused, bool):
        raise AnswerError("refused must be true or false", field="answers.refused")
    screen = {key: yes_no(answers, key) for key in SCREENING_ITEMS}
    q5 = yes_no(answers, "q5")
    any_yes = any(screen.values())
    if not refused:
        for key, value in screen.items():
            if value is None:
                raise AnswerError(
                    f"{key} is required (or record that the patient refused to answer)",
                    field=f"answers.{key}",
                )
    if answers.get("q4_details") and screen["q4"] is not True:
        raise AnswerError("q4_details is recorded only when q4 is yes", field="answers.q4_details")
    if answers.get("q5_details") and q5 is not True:
        raise AnswerError("q5_details is recorded only when q5 is yes", field="answers.q5_details")

    answered = [f"{key} = {word(v)}" for key, v in screen.items() if v is not None]
    if not any_yes and not refused:
        if q5 is not None:
            raise AnswerError(
                "q5 is asked only when any of q1–q4 is yes; q1–q4 are all no", field="answers.q5"
            )
        return _result("negative", (f"{', '.join(answered)} → negative (q5 not asked)",))
    if any_yes and not refused and q5 is None:
        raise AnswerError("q5 is required when any of q1–q4 is yes", field="answers.q5")

    reasons: list[str] = [f"{key} = yes → positive screen" for key, v in screen.items() if v]
    if refused:
        reasons.append("refused = true → non_acute_positive (refusal is a positive screen)")
    if q5:
        reasons.append("q5 = yes → acute_positive")
        return _result("acute_positive", tuple(reasons))
    if q5 is False:
        reasons.append("q5 = no → non_acute_positive")
    else:
        reasons.append("q5 not answered (refused) → non_acute_positive")
    return _result("non_acute_positive", tuple(reasons))


def _result(code: str, explanation: tuple[str, ...]) -> ScreenResult:
    return ScreenResult(
        instrument="asq",
        version=VERSION,
        code=code,
        level=LEVEL_FOR_CODE[code],
        positive=code != "negative",
        explanation=explanation,
    )

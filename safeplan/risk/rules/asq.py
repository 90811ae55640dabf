"""NIMH Ask Suicide-Screening Questions (ASQ): verbatim text and scoring (clinical-rules.md §4).

Public domain (NIMH); the wording is reproduced unaltered with attribution and without implying NIMH
endorsement (§4.3).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from safeplan.risk.rules.base import (
    AnswerError,
    ScreenResult,
    reject_unknown,
    require_mapping,
    require_some,
    word,
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
ANSWERS = ("yes", "no", "refused")
# Free-text follow-ups the toolkit records (client words: stored encrypted with the answers).
DETAIL_ITEMS = ("q4_details", "q5_details")
# ``refused: true`` is how older versions recorded a refusal (one flag for the whole screen). It is still
# read, as "every item not answered was refused", so that older exports import; new answers record a
# refusal per item.
KNOWN = (*ITEMS, *DETAIL_ITEMS, "refused")

CODES = ("negative", "non_acute_positive", "acute_positive", "incomplete")
LEVEL_FOR_CODE = {
    "negative": "none",
    "non_acute_positive": "moderate",
    "acute_positive": "high",
    "incomplete": "none",
}


def asq_answer(answers: Mapping[str, Any], key: str) -> str | None:
    """``"yes"``, ``"no"`` or ``"refused"`` (JSON booleans read as yes/no); ``None`` when not answered."""
    if key not in answers or answers[key] is None:
        return None
    value = answers[key]
    if isinstance(value, bool):
        return word(value)
    if isinstance(value, str) and value.strip().lower() in ANSWERS:
        return value.strip().lower()
    raise AnswerError(f"{key} must be yes, no or refused", field=f"answers.{key}")


def score_asq(answers: Any) -> ScreenResult:
    """Score an ASQ (NIMH pathway, clinical-rules.md §4.2).

    ``q1``–``q5`` each ``yes``, ``no`` or ``refused`` (a refusal is recorded per item); ``q5`` (acuity) is
    asked when any of q1–q4 is yes or refused.
    - negative: no to all of q1–q4 (q5 not asked; answering it no is an error)
    - positive screen: yes to any of q1–q4, or a refusal of any of them (the NIMH pathway routes a refusal
      to a positive screen); then the acuity question q5 is required:
      - acute_positive: q5 yes; also q5 refused or not (yet) asked: it counts as acute until a clinician
        asks it (issue 12; the safe reading of an unknown answer to "thoughts of killing yourself right
        now"), flagged ``acuity_refused`` / ``acuity_not_known``
      - non_acute_positive: q5 no
    - q5 yes (or refused) is acute_positive whatever q1–q4 say: no answered safety item is dropped
      (PRODUCT.md "No safety answer is lost").
    Incomplete (items missing, issue 12): stored with the answers given; a yes or a refusal among those
    answered is a positive screen exactly as in a complete ASQ; with no yes and no refusal the code is
    ``incomplete`` (not negative: an unanswered item may be a yes).
    Implied risk level (flag.py): negative/incomplete → none, non_acute_positive → moderate,
    acute_positive → high.
    """
    answers = require_mapping(answers)
    reject_unknown(answers, KNOWN)
    for key in DETAIL_ITEMS:
        if key in answers and answers[key] is not None and not isinstance(answers[key], str):
            raise AnswerError(f"{key} must be text", field=f"answers.{key}")
    legacy_refused = answers.get("refused", False)
    if not isinstance(legacy_refused, bool):
        raise AnswerError("refused must be true or false", field="answers.refused")
    given = {key: asq_answer(answers, key) for key in ITEMS}
    if legacy_refused:
        given = {key: "refused" if value is None else value for key, value in given.items()}
    screen = {key: given[key] for key in SCREENING_ITEMS}
    q5 = given["q5"]
    require_some(given.values())
    if answers.get("q4_details") and screen["q4"] != "yes":
        raise AnswerError("q4_details is recorded only when q4 is yes", field="answers.q4_details")
    if answers.get("q5_details") and q5 != "yes":
        raise AnswerError("q5_details is recorded only when q5 is yes", field="answers.q5_details")

    missing = [key for key, value in screen.items() if value is None]
    positive_items = [key for key, value in screen.items() if value in ("yes", "refused")]
    reasons: list[str] = []
    if legacy_refused:
        reasons.append(
            "refused = true (older form) → every item not answered is recorded as refused"
        )
    for key in positive_items:
        if screen[key] == "yes":
            reasons.append(f"{key} = yes → positive screen")
        else:
            reasons.append(
                f"{key} = refused → positive screen (the pathway treats a refusal as positive)"
            )
    flags: list[str] = []
    if any(value == "refused" for value in given.values()):
        flags.append("refused")

    if not positive_items:
        if q5 == "yes":
            reasons.append(
                "q5 = yes → acute_positive (a yes to the acuity question is never dropped, although "
                "it is asked only after a positive screen)"
            )
            return _result("acute_positive", reasons, flags, missing)
        if q5 == "refused":
            flags.append("acuity_refused")
            reasons.append(
                "q5 = refused → acute_positive: a refused acuity question counts as acute until a "
                "clinician asks it"
            )
            return _result("acute_positive", reasons, flags, missing)
        if q5 is not None and not missing:
            raise AnswerError(
                "q5 is asked only when any of q1–q4 is yes or refused", field="answers.q5"
            )
        answered = ", ".join(f"{key} = {value}" for key, value in screen.items() if value)
        if missing:
            reasons.append(
                f"{answered} → no positive answer so far; not answered: {', '.join(missing)} → "
                "incomplete (not negative: an unanswered item may be a yes)"
            )
            return _result("incomplete", reasons, flags, missing)
        return _result("negative", [f"{answered} → negative (q5 not asked)"], flags, missing)

    if q5 == "yes":
        reasons.append("q5 = yes → acute_positive")
        return _result("acute_positive", reasons, flags, missing)
    if q5 == "refused":
        flags.append("acuity_refused")
        reasons.append(
            "q5 = refused → acute_positive: a refused acuity question counts as acute until a "
            "clinician asks it"
        )
        return _result("acute_positive", reasons, flags, missing)
    if q5 is None:
        flags.append("acuity_not_known")
        reasons.append(
            "q5 not answered after a positive screen → acute_positive: the acuity question is "
            "required, and counts as acute until a clinician asks it"
        )
        return _result("acute_positive", reasons, flags, [*missing, "q5"])
    reasons.append("q5 = no → non_acute_positive")
    return _result("non_acute_positive", reasons, flags, missing)


def _result(
    code: str, explanation: list[str], flags: list[str], missing: list[str]
) -> ScreenResult:
    if missing:
        explanation = [*explanation, f"not answered: {', '.join(missing)} → incomplete"]
        flags = [*flags, "incomplete"]
    return ScreenResult(
        instrument="asq",
        version=VERSION,
        code=code,
        level=LEVEL_FOR_CODE[code],
        positive=code in ("non_acute_positive", "acute_positive"),
        flags=tuple(flags),
        explanation=tuple(explanation),
        complete=not missing,
        missing=tuple(missing),
    )

"""NIMH ASQ Brief Suicide Safety Assessment (BSSA): the interview's record and its disposition.

Sources: NIMH ASQ toolkit, Adult Emergency Department / Outpatient Brief Suicide Safety Assessment guides
(https://www.nimh.nih.gov/research/research-conducted-at-nimh/asq-toolkit-materials), the ED pathway
chart description (ASQ → BSSA → full evaluation; clinical-rules.md §4.2) and the SPiER encoding of the
Adult Outpatient worksheet (``FHIR-Resources/BSSA/bssa-questionnaire.json``, ``ig/input/fsh/bssa.fsh``).

The BSSA is a guide, not a scored survey (SPiER README: "no total score and no validated cut-points"):
the clinician interviews the patient and chooses one of four dispositions. What the software enforces is
what the guide itself says, and nothing more:

- "Are you having thoughts of killing yourself right now? (If 'yes,' patient requires an urgent/STAT
  mental health evaluation and cannot be left alone. A positive response indicates imminent risk.)"
  → ``thoughts_now = yes`` requires the ``emergency_evaluation`` disposition.
- "Do you think you need help to keep yourself safe? (A 'no' does not indicate the patient is safe; a
  'yes' is a reason to act immediately.)" → ``needs_help_to_be_safe = yes`` rules out
  ``no_further_intervention``.
- Frequency and last-time follow-ups are asked only when the past-weeks thoughts question is yes, the
  attempt details only when the attempt question is yes (``enableWhen`` in the SPiER encoding; "not
  asked" is absence, not an empty answer).

Implied risk level (flag.py; software only raises): emergency_evaluation → high (the same-day, "cannot
be left alone" tier of C-SSRS high, §3.2), further_evaluation → moderate (evaluation and a safety plan,
referral preferably within 72 hours), non_urgent_follow_up → low (resources and a referral), and
no_further_intervention → none. A BSSA follows a positive ASQ that already implied moderate, so only an
emergency disposition changes the flag; "no further intervention" never lowers it: a clinician who agrees
lowers the flag themself, with a reason (PRODUCT.md "software never lowers a level").

Licensing: public domain (a work of NIMH, §4.3, §13); the wording is reproduced unaltered and kept with
its disposition guidance (SPiER licensing memo), attributed to NIMH without implying endorsement.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from safeplan.risk.rules.base import (
    AnswerError,
    ScreenResult,
    reject_unknown,
    require_mapping,
    word,
    yes_no,
)

# The worksheet a BSSA was done with. NIMH publishes it per population: the adult guide is "for use
# after a patient (18+ years) screens positive"; the youth worksheets follow the youth ASQ (ages 10–24
# in NIMH's studies, used from age 8; §4.2). The items and dispositions are the same (SPiER README: the
# worksheets "differ only in disposition detail").
VERSIONS = {"adult": "asq-bssa-nimh-adult", "youth": "asq-bssa-nimh-youth"}
ADULT_FROM_AGE = 18
YOUTH_WORKFLOW_AGES = (10, 24)  # the youth ASQ workflow where the clinic sets it (§4.2)

ATTRIBUTION = (
    "ASQ Brief Suicide Safety Assessment (BSSA), National Institute of Mental Health (NIMH), ASQ "
    "Suicide Risk Screening Toolkit. Public domain. For use by trained clinicians after a positive ASQ. "
    "https://www.nimh.nih.gov/research/research-conducted-at-nimh/asq-toolkit-materials"
)
PRAISE = (
    "“I’m here to follow up on your responses to the suicide risk screening questions. These can be "
    "hard things to talk about. Thank you for telling us. I need to ask you a few more questions.”"
)
INTERVIEW_NOTE = "Review the patient’s responses from the asQ. Interview the patient alone."

# key → (section, wording, kind). kind: yes_no, text, intent (0–10), symptoms (codes).
ITEMS: dict[str, tuple[str, str, str]] = {
    "thoughts_past_weeks": (
        "frequency",
        "In the past few weeks, have you been thinking about killing yourself?",
        "yes_no",
    ),
    "thoughts_how_often": ("frequency", "If yes: How often?", "text"),
    "thoughts_last_time": (
        "frequency",
        "If yes: When was the last time you had these thoughts?",
        "text",
    ),
    "thoughts_now": (
        "frequency",
        "Are you having thoughts of killing yourself right now?",
        "yes_no",
    ),
    "plan": ("plan", "Do you have a plan to kill yourself?", "yes_no"),
    "plan_details": (
        "plan",
        "If yes: Please describe. If no plan: If you were going to kill yourself, how would you do "
        "it? (Ask about method and access to means.)",
        "text",
    ),
    "intent": (
        "plan",
        "On a scale from 0 to 10, how serious are you about killing yourself? (0 = no chance at all; "
        "10 = absolutely certain)",
        "intent",
    ),
    "self_harm_ever": ("past_behaviour", "Have you ever tried to hurt yourself?", "yes_no"),
    "attempt_ever": ("past_behaviour", "Have you ever tried to kill yourself?", "yes_no"),
    "attempt_details": (
        "past_behaviour",
        "If yes: How? When? Why? Did you think that method would kill you? Did you want to die? Did "
        "you receive medical/psychiatric treatment?",
        "text",
    ),
    "symptoms": ("symptoms", "Symptoms present (select all that apply)", "symptoms"),
    "trusted_person": (
        "support",
        "Is there a trusted person you can talk to? Who? Have you ever seen a therapist/counselor?",
        "text",
    ),
    "conflict_at_home": (
        "support",
        "Are there any conflicts at home that are so difficult to manage that they are causing you a "
        "lot of distress?",
        "yes_no",
    ),
    "pressure_at_work": (
        "support",
        "Do you ever feel so much pressure at work that you can’t take it anymore?",
        "yes_no",
    ),
    "someone_hurting": (
        "support",
        "Are you worried that anyone in your life is trying to hurt you?",
        "yes_no",
    ),
    "knows_suicide": (
        "support",
        "Do you know anyone who has killed themselves or tried to kill themselves?",
        "yes_no",
    ),
    "reasons_for_living": (
        "support",
        "What are some of the reasons you would NOT kill yourself? (e.g. belief system, faith, "
        "family, other)",
        "text",
    ),
    "safety_plan_made": (
        "safety_plan",
        "Was a safety plan made with the patient (coping strategies, means restriction, who to "
        "contact)? A safety plan is different from a “safety contract”, which is not effective.",
        "yes_no",
    ),
    "needs_help_to_be_safe": (
        "safety_plan",
        "Do you think you need help to keep yourself safe? (A “no” does not indicate the patient is "
        "safe; a “yes” is a reason to act immediately.)",
        "yes_no",
    ),
}
SECTIONS = {
    "frequency": "Frequency of suicidal thoughts",
    "plan": "Suicide plan and intent",
    "past_behaviour": "Past behavior",
    "symptoms": "Symptoms",
    "support": "Social support and stressors",
    "safety_plan": "Safety plan",
}
SYMPTOMS = {
    "depression": "Depression",
    "anxiety": "Anxiety",
    "impulsivity": "Impulsivity / recklessness",
    "hopelessness": "Hopelessness",
    "anhedonia": "Anhedonia",
    "isolation": "Isolation",
    "irritability": "Irritability",
    "substance_alcohol_use": "Substance and alcohol use",
    "sleep": "Sleep pattern",
    "appetite": "Appetite",
    "other": "Other concerning change in thinking or feeling",
}
# disposition → (label with the action it carries, implied level, finding flag)
DISPOSITIONS: dict[str, tuple[str, str, str]] = {
    "emergency_evaluation": (
        "Emergency psychiatric evaluation: imminent risk, send for an urgent/STAT mental health "
        "evaluation; the patient cannot be left alone",
        "high",
        "stat_evaluation",
    ),
    "further_evaluation": (
        "Further evaluation of risk is necessary: review the safety plan and refer for a mental "
        "health evaluation, preferably within 72 hours",
        "moderate",
        "referral_within_72h",
    ),
    "non_urgent_follow_up": (
        "Might benefit from non-urgent mental health follow-up: review the safety plan and refer",
        "low",
        "mental_health_referral",
    ),
    "no_further_intervention": (
        "No further intervention is necessary at this time: follow up at the next appointment",
        "none",
        "next_appointment_follow_up",
    ),
}
REQUIRED = ("thoughts_past_weeks", "thoughts_now", "plan", "attempt_ever", "disposition")
ONLY_WHEN_YES = {
    "thoughts_how_often": "thoughts_past_weeks",
    "thoughts_last_time": "thoughts_past_weeks",
    "attempt_details": "attempt_ever",
}
TEXT_LIMIT = 2000
KNOWN = (*ITEMS, "disposition")


def version_for(variant: Any) -> str:
    """The stored version of the worksheet ``variant`` ("adult" or "youth"); an error names ``variant``."""
    if variant not in VERSIONS:
        raise AnswerError(
            f"the BSSA worksheet must be one of {', '.join(VERSIONS)}", field="variant"
        )
    return VERSIONS[variant]


def worksheet_problem(variant: str, age: int, *, youth_workflow: bool) -> str | None:
    """Why ``variant`` is the wrong worksheet for a client aged ``age``, or None.

    The adult guide is for patients 18 and over (NIMH adult BSSA guide); the youth worksheet is for
    those under 18, and up to 24 where the clinic runs the youth ASQ workflow (ages 10–24, §4.2).
    """
    if variant == "adult" and age < ADULT_FROM_AGE:
        return f"the adult BSSA is for patients {ADULT_FROM_AGE} and over; use the youth worksheet"
    if variant == "youth" and age >= ADULT_FROM_AGE:
        if youth_workflow and age <= YOUTH_WORKFLOW_AGES[1]:
            return None
        if youth_workflow:
            return f"the youth BSSA is for patients up to {YOUTH_WORKFLOW_AGES[1]}"
        return "the youth BSSA is for patients under 18 (the clinic has not set the youth workflow)"
    return None


def _text(answers: Mapping[str, Any], key: str) -> str | None:
    value = answers.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise AnswerError(f"{key} must be text", field=f"answers.{key}")
    if len(value) > TEXT_LIMIT:
        raise AnswerError(f"{key} is longer than {TEXT_LIMIT} characters", field=f"answers.{key}")
    return value.strip() or None


def _check(answers: Mapping[str, Any]) -> dict[str, Any]:
    reject_unknown(answers, KNOWN)
    found: dict[str, Any] = {}
    for key, (_section, _wording, kind) in ITEMS.items():
        if kind == "yes_no":
            found[key] = yes_no(answers, key)
        elif kind == "text":
            found[key] = _text(answers, key)
        elif kind == "intent":
            value = answers.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10
            ):
                raise AnswerError(
                    "intent must be a whole number from 0 to 10", field="answers.intent"
                )
            found[key] = value
        else:
            value = answers.get(key) or []
            if not isinstance(value, list) or any(c not in SYMPTOMS for c in value):
                raise AnswerError(
                    f"symptoms must be a list of {', '.join(SYMPTOMS)}", field="answers.symptoms"
                )
            found[key] = sorted(set(value), key=list(SYMPTOMS).index)
    for key in REQUIRED:
        if key == "disposition":
            continue
        if found[key] is None:
            raise AnswerError(f"{key} is required", field=f"answers.{key}")
    for key, gate in ONLY_WHEN_YES.items():
        if found[key] is not None and found[gate] is not True:
            raise AnswerError(f"{key} is asked only when {gate} is yes", field=f"answers.{key}")
    disposition = answers.get("disposition")
    if disposition in (None, ""):
        raise AnswerError("choose the disposition", field="answers.disposition")
    if disposition not in DISPOSITIONS:
        raise AnswerError(
            f"disposition must be one of {', '.join(DISPOSITIONS)}", field="answers.disposition"
        )
    found["disposition"] = disposition
    return found


def score_bssa(answers: Any, *, variant: str | None = None) -> ScreenResult:
    """Check a BSSA and return its disposition (see the module docstring for the rules and levels).

    ``variant``: the worksheet, "adult" or "youth" (required). The ``code`` is the disposition; flags
    carry the action it calls for, ``past_attempt`` (the strongest risk factor, per the guide) and
    ``act_now`` when the patient says they need help to keep safe.
    """
    version = version_for(variant)
    answers = require_mapping(answers)
    found = _check(answers)
    disposition = found["disposition"]
    _label, level, action = DISPOSITIONS[disposition]
    if found["thoughts_now"] and disposition != "emergency_evaluation":
        raise AnswerError(
            "thoughts of killing themself right now call for an urgent/STAT mental health "
            "evaluation (NIMH BSSA): choose emergency_evaluation",
            field="answers.disposition",
        )
    if found["needs_help_to_be_safe"] and disposition == "no_further_intervention":
        raise AnswerError(
            "the patient says they need help to keep safe, a reason to act immediately (NIMH BSSA): "
            "no_further_intervention does not fit",
            field="answers.disposition",
        )
    explanation = [
        f"thoughts_past_weeks = {word(found['thoughts_past_weeks'])}",
        f"thoughts_now = {word(found['thoughts_now'])}"
        + (" → imminent risk: urgent/STAT evaluation required" if found["thoughts_now"] else ""),
        f"plan = {word(found['plan'])}",
        f"attempt_ever = {word(found['attempt_ever'])}",
    ]
    if found["intent"] is not None:
        explanation.append(f"intent = {found['intent']} of 10")
    if found["needs_help_to_be_safe"] is not None:
        explanation.append(f"needs_help_to_be_safe = {word(found['needs_help_to_be_safe'])}")
    explanation.append(f"clinician's disposition: {disposition} → implies {level} risk")
    flags = [action, "crisis_resources"]
    if found["attempt_ever"]:
        flags.append("past_attempt")
    if found["needs_help_to_be_safe"]:
        flags.append("act_now")
    if found["plan"]:
        flags.append("has_plan")
    return ScreenResult(
        instrument="bssa",
        version=version,
        code=disposition,
        level=level,
        positive=disposition != "no_further_intervention",
        explanation=tuple(explanation),
        flags=tuple(flags),
    )


def normalise_bssa(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as stored: checked values only, absent items left out ("not asked")."""
    found = _check(require_mapping(answers))
    return {k: v for k, v in found.items() if v is not None and v != []}

"""SAMHSA SAFE-T (Suicide Assessment Five-step Evaluation and Triage): structure of the formulation.

SAFE-T is a structured formulation, not a scored scale (clinical-rules.md §6): the risk level is the
clinician's judgement, with its rationale. Checklists follow the five steps: risk factors (step 1),
protective factors (step 2), suicide inquiry (step 3), level and intervention (step 4), documentation with
the follow-up plan and firearm instructions where relevant (step 5). SAMHSA, public domain (§13).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from safeplan.risk.rules.base import AnswerError, ScreenResult, reject_unknown, require_mapping

VERSION = "safet-samhsa"
ATTRIBUTION = (
    "Suicide Assessment Five-step Evaluation and Triage (SAFE-T), Substance Abuse and Mental Health "
    "Services Administration (SAMHSA). Public domain. For use by trained health and mental health "
    "professionals."
)
RISK_FACTORS = {
    "suicidal_behaviour": "Suicidal behaviour: prior attempts, aborted attempts or self-injury",
    "psychiatric_disorder": "Current or past psychiatric disorders",
    "anhedonia": "Key symptom: anhedonia",
    "impulsivity": "Key symptom: impulsivity",
    "hopelessness": "Key symptom: hopelessness",
    "anxiety_panic": "Key symptom: anxiety or panic",
    "insomnia": "Key symptom: insomnia",
    "command_hallucinations": "Key symptom: command hallucinations",
    "family_history": "Family history of suicide, attempts or psychiatric disorders",
    "precipitants": "Precipitants or stressors (e.g. loss, shame, illness, isolation, intoxication)",
    "change_in_treatment": "Change in treatment (e.g. recent discharge, change of provider)",
    "access_to_firearms": "Access to firearms",
    "access_to_lethal_medications": "Access to lethal medications",
    "access_to_other_means": "Access to other lethal means",
}
PROTECTIVE_FACTORS = {
    "coping_skills": "Internal: ability to cope with stress",
    "religious_beliefs": "Internal: religious beliefs",
    "frustration_tolerance": "Internal: frustration tolerance",
    "responsibility_family_pets": "External: responsibility to family, children or pets",
    "therapeutic_relationship": "External: positive therapeutic relationships",
    "social_supports": "External: social supports",
}
INQUIRY = {
    "ideation": "Ideation: frequency, intensity, duration (last 48 hours, past month, worst ever)",
    "plan": "Plan: timing, location, lethality, availability, preparatory acts",
    "behaviours": "Behaviours: past attempts, aborted attempts, rehearsals, self-injury",
    "intent": "Intent: expects to carry out the plan, believes it lethal; reasons to die vs to live",
}
LEVELS = ("low", "moderate", "high")
MEANS_FACTORS = {"access_to_firearms": "firearm", "access_to_lethal_medications": "medication"}
TEXT_FIELDS = (
    "risk_factors_other",
    "protective_factors_other",
    "rationale",
    "intervention",
    "follow_up",
    "firearms_instructions",
    "guardian_role",
)
REQUIRED_TEXT = ("rationale", "intervention", "follow_up")
KNOWN = ("risk_factors", "protective_factors", "inquiry", "level", *TEXT_FIELDS)
MAX_TEXT = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise AnswerError(f"{key} must be text", field=f"{where}.{key}")
    if len(value) > MAX_TEXT:
        raise AnswerError(f"{key} must be at most {MAX_TEXT} characters", field=f"{where}.{key}")
    if _CONTROL.search(value):
        raise AnswerError(f"{key} must not contain control characters", field=f"{where}.{key}")
    if required and not value.strip():
        raise AnswerError(f"{key} is required", field=f"{where}.{key}")
    return value.strip()


def _checklist(data: Mapping[str, Any], key: str, allowed: dict[str, str]) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnswerError(f"{key} must be a list of codes", field=f"answers.{key}")
    for code in value:
        if code not in allowed:
            raise AnswerError(
                f"{code} is not a {key[:-1].replace('_', ' ')}", field=f"answers.{key}"
            )
    if len(set(value)) != len(value):
        raise AnswerError(f"{key} lists a code twice", field=f"answers.{key}")
    return [code for code in allowed if code in value]


def normalise_safet(answers: Any) -> dict[str, Any]:
    """The formulation in canonical form (checked; codes in checklist order; text stripped)."""
    data = require_mapping(answers)
    reject_unknown(data, KNOWN)
    risk = _checklist(data, "risk_factors", RISK_FACTORS)
    protective = _checklist(data, "protective_factors", PROTECTIVE_FACTORS)
    inquiry_in = data.get("inquiry")
    if not isinstance(inquiry_in, Mapping):
        raise AnswerError(
            "inquiry is required: ideation, plan, behaviours and intent", field="answers.inquiry"
        )
    reject_unknown(inquiry_in, INQUIRY)
    inquiry: dict[str, dict[str, Any]] = {}
    for part in INQUIRY:
        where = f"answers.inquiry.{part}"
        entry = inquiry_in.get(part)
        if not isinstance(entry, Mapping) or not isinstance(entry.get("present"), bool):
            raise AnswerError(f"{part}: say whether it is present (true or false)", field=where)
        unknown = sorted(set(entry) - {"present", "notes"})
        if unknown:
            raise AnswerError(f"{part}.{unknown[0]} is not part of the inquiry", field=where)
        inquiry[part] = {"present": entry["present"], "notes": _text(entry, "notes", where)}
    level = data.get("level")
    if level not in LEVELS:
        raise AnswerError("level must be low, moderate or high", field="answers.level")
    texts = {key: _text(data, key, "answers", required=key in REQUIRED_TEXT) for key in TEXT_FIELDS}
    if "access_to_firearms" in risk and not texts["firearms_instructions"]:
        raise AnswerError(
            "firearms_instructions are required when there is access to firearms (SAFE-T step 5)",
            field="answers.firearms_instructions",
        )
    return {
        "risk_factors": risk,
        "protective_factors": protective,
        "inquiry": inquiry,
        "level": level,
        **texts,
    }


def means_found(formulation: Mapping[str, Any]) -> list[str]:
    """The lethal means the formulation found access to: ``"firearm"`` and/or ``"medication"`` (§7.1)."""
    return [means for code, means in MEANS_FACTORS.items() if code in formulation["risk_factors"]]


def validate_safet(answers: Any) -> ScreenResult:
    """Check a SAFE-T formulation and return the clinician's level as the result (no score)."""
    data = normalise_safet(answers)
    level = data["level"]
    present = [part for part, entry in data["inquiry"].items() if entry["present"]]
    explanation = [
        f"clinician's judgement: level = {level} (SAFE-T step 4; no score), with rationale",
        f"{len(data['risk_factors'])} risk factors and {len(data['protective_factors'])} "
        "protective factors checked",
        "suicide inquiry: " + (", ".join(present) + " present" if present else "nothing present"),
    ]
    explanation += [
        f"{code} → pending '{means}' entry in the safety plan's environment section"
        for code, means in MEANS_FACTORS.items()
        if code in data["risk_factors"]
    ]
    return ScreenResult(
        instrument="safet",
        version=VERSION,
        code=level,
        level=level,
        positive=level in ("moderate", "high"),
        flags=tuple(code for code in MEANS_FACTORS if code in data["risk_factors"]),
        explanation=tuple(explanation),
    )

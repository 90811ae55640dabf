"""SAFE-T consistency: a "low" level that the formulation's own findings, or a same-day screen, contradict.

SAMHSA SAFE-T step 4 (clinical-rules.md §6) describes low risk as "thoughts of death, no plan, intent or
behaviour"; moderate as "ideation with plan, no intent or behaviour"; high as "persistent ideation with
strong intent or rehearsal". The C-SSRS screener's high level (§3.2: yes to 4 or 5, or behaviour within 3
months) and an ASQ acute positive (§4.2: yes to q5) call for immediate safety precautions. The level
remains the clinician's judgement (the card's table is "not actual determinations"), so a contradicting
"low" is not refused: the clinician confirms it with a reason, which is kept on the record (issue 12).
Software never lowers a level by itself: a SAFE-T "low" never lowers the flag (``flag.automatic_level``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Inquiry parts whose presence contradicts "low" (step 3: plan, intent, behaviours incl. preparatory acts).
INQUIRY_CONFLICTS = {
    "plan": "inquiry_plan",
    "intent": "inquiry_intent",
    "behaviours": "inquiry_behaviours",
}
DESCRIPTIONS = {
    "inquiry_plan": "the suicide inquiry marks a plan as present",
    "inquiry_intent": "the suicide inquiry marks intent as present",
    "inquiry_behaviours": "the suicide inquiry marks behaviours (incl. preparatory acts) as present",
    "cssrs_high": "a C-SSRS screener today is high",
    "asq_acute": "an ASQ today is acute positive",
}


def low_level_conflicts(
    formulation: Mapping[str, Any], same_day: Iterable[tuple[str, str]]
) -> list[str]:
    """Codes of the findings that contradict a SAFE-T level of "low", in a fixed order; [] otherwise.

    ``formulation`` is the normalised SAFE-T (``safet.normalise_safet``); ``same_day`` the
    ``(instrument, code)`` of the client's other results of the same day (client's time zone).
    """
    if formulation.get("level") != "low":
        return []
    found = [
        code
        for part, code in INQUIRY_CONFLICTS.items()
        if formulation["inquiry"].get(part, {}).get("present")
    ]
    results = set(same_day)
    if ("cssrs_screener", "high") in results:
        found.append("cssrs_high")
    if ("asq", "acute_positive") in results:
        found.append("asq_acute")
    return found

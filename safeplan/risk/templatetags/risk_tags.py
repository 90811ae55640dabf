"""Small display filters for risk pages."""

from __future__ import annotations

import re
from typing import Any

from django import template

register = template.Library()


@register.filter
def code_label(code: Any) -> str:
    """``non_acute_positive`` → ``non-acute positive``; ``moderately_severe`` → ``moderately severe``."""
    text = str(code or "")
    return text.replace("non_acute", "non-acute").replace("_", " ")


@register.filter
def answer_label(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


SEVERITY_STYLE = {
    "minimal": "none",
    "mild": "low",
    "moderate": "moderate",
    "moderately_severe": "high",
    "severe": "high",
}


@register.filter
def badge_class(assessment: Any) -> str:
    """Badge style: the implied risk level, or for PHQ-9/GAD-7 the severity band (same text and colour)."""
    if getattr(assessment, "instrument", "") in ("phq9", "gad7"):
        return SEVERITY_STYLE.get(assessment.code, "")
    return str(getattr(assessment, "implied_level", ""))


# Result and finding codes as a clinician reads them ("Why this result" shows words, never raw codes).
CODE_WORDS = {
    "acute_positive": "acute positive",
    "non_acute_positive": "non-acute positive",
    "negative": "negative",
    "item9_positive": "item 9 positive",
    "suicide_screen_prompted": "suicide screen prompted",
    "further_evaluation": "further evaluation",
    "moderately_severe": "moderately severe",
    "6_recent": "the recency of item 6",
    "refused": "refused",
}
_CODE = re.compile(r"\b(?:q(\d)|item(\d)|([a-z0-9]+(?:_[a-z0-9]+)+))\b")


def _word(match: re.Match[str]) -> str:
    if match.group(1):
        return f"question {match.group(1)}"
    if match.group(2):
        return f"item {match.group(2)}"
    code = match.group(3)
    return CODE_WORDS.get(code, code.replace("non_acute", "non-acute").replace("_", " "))


@register.filter
def in_words(line: Any) -> str:
    """``q5 = yes → acute_positive`` → ``question 5 = yes → acute positive``."""
    return _CODE.sub(_word, str(line or ""))

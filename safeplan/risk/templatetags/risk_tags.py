"""Small display filters for risk pages."""

from __future__ import annotations

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

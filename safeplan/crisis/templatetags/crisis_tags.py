"""Template helpers for the crisis pages."""

from __future__ import annotations

import secrets

from django import template

from safeplan.crisis.rules.disconnection import STEP_TITLES

register = template.Library()


@register.simple_tag
def tap_key() -> str:
    """A fresh idempotency key for one form: a double tap resends the same key, so one entry is written."""
    return secrets.token_hex(12)


@register.filter
def countdown(seconds: int | None) -> str:
    """``125`` → ``2:05`` (minutes:seconds), for the lost-connection screen before its script runs."""
    if seconds is None:
        return ""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{secs:02d}"


@register.filter
def step_title(code: str) -> str:
    """The lost-connection protocol's step code as the clinician reads it."""

    return STEP_TITLES.get(code, code.replace("_", " "))


@register.filter
def code_text(code: str) -> str:
    """A stored code as words: ``not_yet`` → ``not yet``."""
    return str(code or "").replace("_", " ")

"""When a risk flag is due for review (issue 12): pure, no Django.

A flag is reviewed at least every N days for its level [C]. High: 90 days, as the VA reviews its High Risk
for Suicide patient record flag at least every 90 days (VHA Directive 1166, Patient Record Flags; VA/DoD
suicide-risk guideline). Moderate 180 and low 365 days are our defaults (no published interval: review less
often at lower risk, clinical-rules.md §2.4); "none" is never due. Re-setting the level (a new flag change)
starts the interval again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

DEFAULT_FLAG_REVIEW_DAYS: dict[str, int] = {"high": 90, "moderate": 180, "low": 365}
MAX_REVIEW_DAYS = 3 * 365


def review_days(level: str, overrides: Mapping[str, Any] | None = None) -> int | None:
    """Days between reviews for ``level``: the organisation's value when valid, else ours (None: never)."""
    value = (overrides or {}).get(level)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_REVIEW_DAYS:
        return value
    return DEFAULT_FLAG_REVIEW_DAYS.get(level)


def flag_review_due(
    set_on: dt.date, level: str, overrides: Mapping[str, Any] | None = None
) -> dt.date | None:
    """The date a flag set on ``set_on`` at ``level`` is due for review, or None when never."""
    days = review_days(level, overrides)
    return None if days is None else set_on + dt.timedelta(days=days)

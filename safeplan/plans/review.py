"""Review dates and the clinician's warnings, as plain functions of plain data (no Django).

clinical-rules.md §2.4: no mandated interval; review at every contact when risk is elevated, and
periodically otherwise (configurable [C]). §2.2: plans lacking help or distraction contacts were associated
with worse outcomes. §7.1: re-verify means-safety steps at the next contact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from safeplan.lib.errors import InvalidInput

# --- review dates (§2.4 [C]) -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewPolicy:
    default_days: int = 30
    moderate_days: int = 14
    high_days: int = 7


def review_interval(risk_level: str, policy: ReviewPolicy) -> tuple[int, str]:
    """Days to the next review and the basis code: sooner when risk is elevated (§2.4: review at every
    contact for elevated-risk clients; the intervals are configurable [C])."""
    if risk_level == "high":
        return min(policy.high_days, policy.default_days), "risk_high"
    if risk_level == "moderate":
        return min(policy.moderate_days, policy.default_days), "risk_moderate"
    return policy.default_days, "default"


def review_due_for(
    *,
    today: dt.date,
    risk_level: str,
    policy: ReviewPolicy,
    requested: dt.date | None = None,
) -> tuple[dt.date, str]:
    """The review date of a new version. A clinician may choose an earlier date, never a later one than the
    interval for the current risk level (software never silently relaxes a review)."""
    days, basis = review_interval(risk_level, policy)
    latest = today + dt.timedelta(days=days)
    if requested is None:
        return latest, basis
    if requested < today:
        raise InvalidInput("the review date cannot be in the past", field="review_due")
    if requested > latest:
        raise InvalidInput(
            f"at this risk level the plan must be reviewed within {days} days "
            f"(by {latest.isoformat()})",
            field="review_due",
        )
    return requested, "clinician"


# --- warnings for the clinician -------------------------------------------------------------------


def plan_warnings(
    content: dict[str, Any] | None,
    *,
    today: dt.date,
    review_due: dt.date | None,
    has_crisis_line: bool,
) -> list[str]:
    """Codes of what needs the clinician's attention (§2.2: missing help contacts; §7.1: re-verify means
    steps; §2.4: review by the due date; §1.1 item 6: crisis lines for the client's country)."""
    codes: list[str] = []
    if content is None:
        return ["no_plan"]
    if not content.get("help_people"):
        codes.append("no_help_people")
    if not content.get("professionals"):
        codes.append("no_professionals")
    if not content.get("distractions"):
        codes.append("no_distractions")
    if any(
        e.get("action") == "not_yet" or e.get("status") != "done"
        for e in content.get("environment", [])
    ):
        codes.append("means_not_done")
    if review_due is not None and review_due < today:
        codes.append("review_overdue")
    if not has_crisis_line:
        codes.append("no_crisis_line")
    return codes

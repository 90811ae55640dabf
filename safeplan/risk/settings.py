"""Per-organisation risk settings ([C] values; clinical-rules.md §12) with our defaults.

What each one does is described in ``consequences.py`` (review date and follow-up, supervisor alerts,
the crisis banner, crisis resources after a positive portal screen). An organisation overrides any of
them in ``Organisation.policy`` under the same key (``org_setting``).
"""

from __future__ import annotations

from typing import Any

from safeplan.accounts.policy import org_setting

DEFAULTS: dict[str, Any] = {
    "risk.review_levels": ["moderate", "high"],
    "risk.review_due_in_days": 0,
    "risk.follow_up_levels": ["moderate", "high"],
    "risk.notify_supervisor_levels": ["high"],
    "risk.notify_supervisor_on_asq_acute": True,
    "risk.banner_levels": ["high"],
    "risk.banner_on_asq_acute": True,
    "risk.portal_crisis_resources": True,
    "risk.notify_care_team_on_portal_positive": True,
    # The youth ASQ workflow for ages 10–24 (NIMH, §4.2): the youth BSSA worksheet up to 24 (eligibility).
    "risk.youth_asq_workflow": False,
    # A BSSA must follow a positive ASQ of the same client (NIMH pathway ASQ → BSSA, §4.2).
    "risk.bssa_requires_positive_asq": True,
    # A suicide-risk answer in the portal (PHQ-9 item 9 > 0, positive ASQ/C-SSRS): urgent alert to the
    # care team and a follow-up task due the same day (issue 12).
    "risk.portal_same_day_follow_up": True,
    # Days between reviews of the risk flag by level (rules/review.py: high 90 as the VA does, moderate
    # 180, low 365); a flag past review shows on the follow-up dashboard.
    "risk.flag_review_days": {"high": 90, "moderate": 180, "low": 365},
}


def setting(organisation: Any, key: str) -> Any:
    return org_setting(organisation, key, DEFAULTS[key])

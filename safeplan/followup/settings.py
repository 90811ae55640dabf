"""Per-organisation follow-up settings ([C] values; clinical-rules.md §2.4, §7.2) with our defaults.

An organisation overrides any of these in ``Organisation.policy`` under the same key (``org_setting``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from safeplan.accounts.policy import org_setting
from safeplan.followup import rules

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Days between check-ins by risk level (clinical-rules.md §2.4: no mandated interval; reassess more
    # often at higher risk).
    "followup.cadence_days": dict(rules.DEFAULT_CADENCE_DAYS),
    # A check-in not answered this many hours after it was due is missed, and the clinician is alerted.
    "followup.missed_after_hours": 24,
    # An alert about a missed check-in not acknowledged this many hours later goes to the supervisors.
    "followup.supervisor_after_hours": 24,
    # The tiered overdue ladder by risk level (``rules.DEFAULT_LADDER``; set through
    # ``services.policy.set_overdue_ladder``, which refuses a ladder that skips the supervisor or has a
    # zero timer). Empty: our tiers, with the two keys above as the low/none tier (and a cap on the others).
    "followup.overdue_ladder": {},
    # "Unable to reach" on a missed check-in at these levels starts the outreach protocol (support person,
    # then a welfare check at the last confirmed location) instead of closing it (issue 12; §9 steps 4-5).
    "followup.outreach_levels": ["moderate", "high"],
    # An urge rating at or above this (0–10) in a check-in alerts the clinician at once.
    "followup.urge_alert": rules.DEFAULT_URGE_ALERT,
    # Caring contacts go out at this time on the client's clock; more than ``late_hours`` late they move
    # to the next day's slot instead of going out in a burst.
    "followup.caring_send_time": "10:00",
    # Which named caring-contacts schedule a new series follows (``rules.CARING_PLANS``: the 11-notes-in-
    # 12-months default after Comtois et al., or VA-style caring letters) and for how many months (12-24:
    # the VA/DoD guideline suggests 12-24 months; after month 12 one note every 3 months).
    "followup.caring_schedule": rules.DEFAULT_CARING_PLAN,
    "followup.caring_months": rules.MIN_CARING_MONTHS,
    "followup.caring_late_hours": rules.DEFAULT_LATE_HOURS,
}


def get(organisation: Any, key: str) -> Any:
    return org_setting(organisation, key, DEFAULTS[key])


def _hours(organisation: Any, key: str) -> dt.timedelta:
    value = get(organisation, key)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 24 * 14:
        value = DEFAULTS[key]
    return dt.timedelta(hours=value)


def ladder(organisation: Any, level: str = "none") -> rules.LadderSettings:
    """The overdue-ladder tier for a check-in at ``level``: the organisation's ladder, else ours."""
    level = level if level in rules.DEFAULT_LADDER else "none"
    stored = get(organisation, "followup.overdue_ladder")
    if stored:
        try:
            return rules.check_ladder(stored)[level]
        except rules.RuleError as exc:
            # Written only through the validating service; a hand-edited ladder that fails falls back.
            log.warning(
                "followup.overdue_ladder of organisation %s is invalid (%s): using the defaults",
                getattr(organisation, "pk", None),
                exc.field,
            )
    missed = _hours(organisation, "followup.missed_after_hours")
    supervisor = _hours(organisation, "followup.supervisor_after_hours")
    tier = rules.check_tier(rules.DEFAULT_LADDER[level], level)
    if level in ("none", "low"):
        return rules.LadderSettings(missed, supervisor, tier.acknowledgement_stops)
    return rules.LadderSettings(
        min(tier.missed_after, missed),
        min(tier.supervisor_after, supervisor),
        tier.acknowledgement_stops,
    )


def cadence(organisation: Any, level: str) -> int:
    return rules.cadence_days(level, get(organisation, "followup.cadence_days"))


def caring_send_time(organisation: Any) -> dt.time:
    try:
        return dt.time.fromisoformat(str(get(organisation, "followup.caring_send_time")))
    except ValueError:
        return rules.DEFAULT_SEND_TIME


def urge_alert(organisation: Any) -> int:
    value = get(organisation, "followup.urge_alert")
    return value if isinstance(value, int) and 1 <= value <= 10 else rules.DEFAULT_URGE_ALERT

"""Asking the clinician to confirm a SAFE-T "low" that its findings or a same-day screen contradict.

The rule is ``rules/safet_consistency.py`` (SAMHSA SAFE-T step 4, clinical-rules.md §6; C-SSRS §3.2; ASQ
§4.2). Until the clinician confirms, nothing is written: the API answers 409 naming ``confirm`` (422 naming
``confirm_reason`` when the reason is missing) and the page shows a confirmation step. The confirmed
findings are kept on the assessment as ``low_confirmed:<code>`` flags with the reason
(``Assessment.confirmation_reason``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from safeplan.lib.errors import Conflict
from safeplan.lib.validation import clean_text
from safeplan.risk.models import Assessment
from safeplan.risk.rules.safet_consistency import DESCRIPTIONS, low_level_conflicts

FLAG_PREFIX = "low_confirmed:"


def _day_bounds(client: Any, at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    try:
        zone = zoneinfo.ZoneInfo(client.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    day = at.astimezone(zone).date()
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    return start, start + dt.timedelta(days=1)


def same_day_results(client: Any, at: dt.datetime) -> list[tuple[str, str]]:
    """``(instrument, code)`` of the client's C-SSRS and ASQ results on the day of ``at`` (their zone)."""
    start, end = _day_bounds(client, at)
    rows = Assessment.objects.filter(
        client_id=client.pk,
        instrument__in=("cssrs_screener", "asq"),
        completed_at__gte=start,
        completed_at__lt=end,
    )
    return list(rows.values_list("instrument", "code"))


def check_low_level(
    *, client: Any, formulation: dict[str, Any], at: dt.datetime, confirm: bool, reason: Any
) -> tuple[list[str], str]:
    """The flags and reason to store, or raise until the clinician confirms a contradicted "low"."""
    conflicts = low_level_conflicts(formulation, same_day_results(client, at))
    if not conflicts:
        return [], ""
    if not confirm:
        why = "; ".join(DESCRIPTIONS[c] for c in conflicts)
        raise Conflict(
            f"level low while {why}: confirm the level with a reason (confirm: true, "
            "confirm_reason), or choose another level",
            field="confirm",
        )
    text = clean_text(reason, field="confirm_reason", limit=2000, multiline=True, required=True)
    return [f"{FLAG_PREFIX}{c}" for c in conflicts], text

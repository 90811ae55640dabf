"""Pure rules for follow-up between sessions: cadence, quiet hours, the escalation ladder, caring contacts.

No Django imports: plain values in, plain values out, aware datetimes only. Time is always reckoned on
the client's own wall clock (``zoneinfo``), so "every 7 days at 10:00" stays 10:00 across a DST change
and a quiet hour means the same hour in winter and in summer.

Sources: clinical-rules.md §2.4 (review cadence is configurable: reassess more often at higher risk),
§7.2 (caring contacts: brief, non-demanding, a crisis line in each, opt-out honoured at once, default
weekly ×4, monthly to month 4, every 2 months to month 12), architecture.md §11 (escalation as state;
client-facing messages late by more than N hours are rescheduled, never burst-sent; staff alerts are
always sent, even late).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# --- cadence (clinical-rules.md §2.4 [C]) -------------------------------------------------------------

DEFAULT_CADENCE_DAYS: dict[str, int] = {"high": 2, "moderate": 7, "low": 14, "none": 28}
MAX_INTERVAL_DAYS = 365
LEVELS = ("none", "low", "moderate", "high")


class RuleError(ValueError):
    """Input a rule cannot work with; ``field`` names it for the person who typed it."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def check_interval(days: Any, field: str = "interval_days") -> int:
    if isinstance(days, bool) or not isinstance(days, int):
        raise RuleError("must be a whole number of days", field)
    if days < 1:
        raise RuleError("must be at least 1 day", field)
    if days > MAX_INTERVAL_DAYS:
        raise RuleError(f"must be at most {MAX_INTERVAL_DAYS} days", field)
    return days


def cadence_days(level: str, overrides: Mapping[str, Any] | None = None) -> int:
    """Days between check-ins for a risk level: the organisation's value if valid, else ours."""
    level = level if level in DEFAULT_CADENCE_DAYS else "none"
    value = (overrides or {}).get(level)
    try:
        return check_interval(value)
    except RuleError:
        return DEFAULT_CADENCE_DAYS[level]


def tightened_interval(fixed: int | None, cap: int, *, confirmed: bool) -> int | None:
    """The fixed interval a schedule keeps after the risk level rose to a level whose cadence is ``cap``
    days: at most ``cap``, unless a clinician confirmed the longer one (with a reason) after the rise.
    None for a schedule that follows the risk level (it takes the new cadence by itself).

    Issue 12: a fixed 28-day interval does not survive a rise to high (2 days by default, §2.4).
    """
    if fixed is None or confirmed or fixed <= cap:
        return fixed
    return cap


def zone(name: str, field: str = "time_zone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise RuleError(f"{name!r} is not a known time zone", field) from exc


def _aware(when: dt.datetime) -> None:
    if when.tzinfo is None:
        raise ValueError("datetimes must be time-zone aware")


def local_wall(day: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The instant a wall clock in ``tz`` shows ``at`` on ``day`` (UTC). A time skipped by a DST jump
    resolves to the first instant after the gap; a repeated time resolves to its first occurrence."""
    naive = dt.datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0)
    # A round trip that changes the wall time means the time does not exist (spring-forward gap).
    if first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        later = naive.replace(tzinfo=tz, fold=1).astimezone(dt.UTC)
        earlier = first.astimezone(dt.UTC)
        gap_end = max(later, earlier)
        return gap_end.astimezone(tz).replace(minute=0, second=0, microsecond=0).astimezone(dt.UTC)
    return first.astimezone(dt.UTC)


def add_days_local(when: dt.datetime, days: int, tz: ZoneInfo) -> dt.datetime:
    """``days`` calendar days later at the same wall-clock time in ``tz`` (not ``days × 24 h``)."""
    _aware(when)
    local = when.astimezone(tz)
    return local_wall(local.date() + dt.timedelta(days=days), local.time().replace(tzinfo=None), tz)


# --- quiet hours ---------------------------------------------------------------------------------------


def check_quiet_hours(start: dt.time | None, end: dt.time | None) -> None:
    """Both empty (no quiet hours) or two different times; at least one hour must remain outside them."""
    if start is None and end is None:
        return
    if start is None or end is None:
        raise RuleError(
            "give both the start and the end of the quiet hours, or neither", "quiet_end"
        )
    if start == end:
        raise RuleError("quiet hours cannot cover the whole day", "quiet_end")
    quiet = _quiet_minutes(start, end)
    if quiet > 23 * 60:
        raise RuleError("quiet hours must leave at least one hour of the day", "quiet_end")


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _quiet_minutes(start: dt.time, end: dt.time) -> int:
    return (_minutes(end) - _minutes(start)) % (24 * 60)


def in_quiet_hours(local: dt.time, start: dt.time | None, end: dt.time | None) -> bool:
    if start is None or end is None or start == end:
        return False
    now = local.hour * 60 + local.minute
    s, e = _minutes(start), _minutes(end)
    if s < e:
        return s <= now < e
    return now >= s or now < e  # crosses midnight (21:00–08:00)


def outside_quiet_hours(
    when: dt.datetime, tz: ZoneInfo, start: dt.time | None, end: dt.time | None
) -> dt.datetime:
    """``when``, or the end of the quiet hours it falls in (the client's wall clock), as UTC."""
    _aware(when)
    local = when.astimezone(tz)
    if start is None or end is None or not in_quiet_hours(local.time(), start, end):
        return when.astimezone(dt.UTC)
    day = local.date()
    if _minutes(start) > _minutes(end) and local.time() >= start:
        day += dt.timedelta(days=1)  # quiet from the evening: they end tomorrow morning
    return local_wall(day, end, tz)


# --- the escalation ladder (issue 7; architecture.md §11) ---------------------------------------------


@dataclass(frozen=True)
class LadderSettings:
    """One tier of the overdue ladder: the clinician is alerted ``missed_after`` after the due time (the
    check-in is missed then), the supervisors ``supervisor_after`` after that, and whether an acknowledged
    clinician alert stops the climb."""

    missed_after: dt.timedelta = dt.timedelta(hours=24)
    supervisor_after: dt.timedelta = dt.timedelta(hours=24)
    acknowledgement_stops: bool = True


# The tiered overdue ladder, by the check-in's risk level ([C], issue 12; defaults documented in
# docs/followup.md "A missed check-in walks up a ladder"). Hours after the due time, then after the clinician
# alert. High: a missed check-in of a client flagged high may mean the client is in danger now, so the
# clinician hears within 2 hours and the supervisor 2 hours later (the lost-connection protocol's logic,
# clinical-rules §9: escalate faster when risk was flagged); an acknowledgement does not stop the climb, only
# reaching the client does (closing the check-in). Low and none: as before (a day, then a day).
DEFAULT_LADDER: dict[str, dict[str, Any]] = {
    "high": {
        "clinician_after_hours": 2,
        "supervisor_after_hours": 2,
        "acknowledgement_stops": False,
    },
    "moderate": {
        "clinician_after_hours": 8,
        "supervisor_after_hours": 8,
        "acknowledgement_stops": False,
    },
    "low": {
        "clinician_after_hours": 24,
        "supervisor_after_hours": 24,
        "acknowledgement_stops": True,
    },
    "none": {
        "clinician_after_hours": 24,
        "supervisor_after_hours": 24,
        "acknowledgement_stops": True,
    },
}
MAX_LADDER_HOURS = 24 * 14


def _ladder_hours(value: Any, field: str) -> dt.timedelta:
    if value is None:
        raise RuleError("is required: the ladder may not skip this step", field)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError("must be a number of hours", field)
    if not math.isfinite(value) or value > MAX_LADDER_HOURS:
        raise RuleError(f"must be at most {MAX_LADDER_HOURS} hours", field)
    if value <= 0 or round(value * 60) < 1:  # no time at all, or less than a minute
        raise RuleError("must be more than 0 hours (at least a minute)", field)
    return dt.timedelta(minutes=round(value * 60))


def check_tier(data: Any, field: str) -> LadderSettings:
    """One level's tier from its data; ``RuleError`` names the step that is missing or has no timer."""
    if not isinstance(data, Mapping):
        raise RuleError("must give clinician_after_hours and supervisor_after_hours", field)
    unknown = set(data) - {
        "clinician_after_hours",
        "supervisor_after_hours",
        "acknowledgement_stops",
    }
    if unknown:
        raise RuleError(f"unknown step {sorted(unknown)[0]}", field)
    stops = data.get("acknowledgement_stops", True)
    if not isinstance(stops, bool):
        raise RuleError("must be true or false", f"{field}.acknowledgement_stops")
    return LadderSettings(
        missed_after=_ladder_hours(
            data.get("clinician_after_hours"), f"{field}.clinician_after_hours"
        ),
        supervisor_after=_ladder_hours(
            data.get("supervisor_after_hours"), f"{field}.supervisor_after_hours"
        ),
        acknowledgement_stops=stops,
    )


def check_ladder(data: Any, field: str = "ladder") -> dict[str, LadderSettings]:
    """An organisation's whole ladder: a tier for every level, each reaching the supervisor, no zero timer,
    and never slower at a higher level than at a lower one (a high-risk miss must not wait longer)."""
    if not isinstance(data, Mapping):
        raise RuleError("must give a tier for each risk level", field)
    unknown = set(data) - set(LEVELS)
    if unknown:
        raise RuleError(f"unknown risk level {sorted(unknown)[0]}", field)
    tiers = {}
    for level in LEVELS:
        if level not in data:
            raise RuleError("is required", f"{field}.{level}")
        tiers[level] = check_tier(data[level], f"{field}.{level}")
    for lower, higher in itertools.pairwise(LEVELS):
        for step in ("missed_after", "supervisor_after"):
            if getattr(tiers[higher], step) > getattr(tiers[lower], step):
                name = (
                    "clinician_after_hours" if step == "missed_after" else "supervisor_after_hours"
                )
                raise RuleError(
                    f"must not be slower than for {lower} risk", f"{field}.{higher}.{name}"
                )
    return tiers


@dataclass(frozen=True)
class Step:
    state: str
    action: str  # "remind", "mark_missed", "alert_clinician", "alert_supervisor", "stop"
    next_action_at: dt.datetime | None


def next_step(
    *,
    state: str,
    due_at: dt.datetime,
    now: dt.datetime,
    acknowledged: bool,
    ladder: LadderSettings,
) -> Step | None:
    """What to do with an open check-in whose ``next_action_at`` has come, or None when nothing is due.

    due → (remind) reminded → (at due + missed_after) missed → (at once) clinician alerted →
    (supervisor_after later, unless a clinician acknowledged the alert and the tier lets an acknowledgement
    stop the climb) supervisor alerted.
    Staff alerts are not held by quiet hours: they are for the clinic, and late is better than never.
    """
    _aware(due_at)
    _aware(now)
    missed_at = due_at + ladder.missed_after
    if state == "due":
        return Step("reminded", "remind", max(missed_at, now))
    if state == "reminded":
        if now < missed_at:
            return None
        return Step("missed", "mark_missed", now)
    if state == "missed":
        return Step("clinician_alerted", "alert_clinician", now + ladder.supervisor_after)
    if state == "clinician_alerted":
        if acknowledged and ladder.acknowledgement_stops:
            return Step("clinician_alerted", "stop", None)
        return Step("supervisor_alerted", "alert_supervisor", None)
    return None


def first_action_at(
    due_at: dt.datetime, tz: ZoneInfo, quiet_start: dt.time | None, quiet_end: dt.time | None
) -> dt.datetime:
    """When a new check-in's reminder goes out: at the due time, or when the client's quiet hours end."""
    return outside_quiet_hours(due_at, tz, quiet_start, quiet_end)


# --- check-in answers ------------------------------------------------------------------------------------

PLAN_HELPED = ("yes", "somewhat", "no")
DEFAULT_URGE_ALERT = 7


def check_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a check-in's answers; returns the clean dict (``field`` names the bad answer)."""

    def scale(name: str) -> int:
        value = answers.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise RuleError("must be a whole number from 0 to 10", name)
        return value

    clean: dict[str, Any] = {"mood": scale("mood"), "urges": scale("urges")}
    safe_now = answers.get("safe_now")
    if not isinstance(safe_now, bool):
        raise RuleError("answer yes or no", "safe_now")
    clean["safe_now"] = safe_now
    used_plan = answers.get("used_plan")
    if not isinstance(used_plan, bool):
        raise RuleError("answer yes or no", "used_plan")
    clean["used_plan"] = used_plan
    helped = answers.get("plan_helped")
    if used_plan:
        if helped not in PLAN_HELPED:
            raise RuleError("answer yes, somewhat or no", "plan_helped")
        clean["plan_helped"] = helped
    else:
        clean["plan_helped"] = None
    changes = answers.get("changes") or ""
    if not isinstance(changes, str) or len(changes) > 2000:
        raise RuleError("must be text of at most 2000 characters", "changes")
    clean["changes"] = changes.strip()
    return clean


def risk_reasons(answers: Mapping[str, Any], *, urge_alert: int = DEFAULT_URGE_ALERT) -> list[str]:
    """Codes for the answers that need the clinician now (and crisis resources on the client's screen)."""
    reasons = []
    if answers.get("safe_now") is False:
        reasons.append("not_safe_now")
    if int(answers.get("urges") or 0) >= urge_alert:
        reasons.append("strong_urges")
    return reasons


# --- caring contacts (clinical-rules.md §7.2) -------------------------------------------------------------

# (unit, amount) after the start: weekly ×4, monthly to month 4, then every 2 months to month 12 (11 notes;
# Comtois et al. 2019 sent 11 texts over 12 months).
DEFAULT_CARING_SCHEDULE: tuple[tuple[str, int], ...] = (
    ("days", 7),
    ("days", 14),
    ("days", 21),
    ("days", 28),
    ("months", 2),
    ("months", 3),
    ("months", 4),
    ("months", 6),
    ("months", 8),
    ("months", 10),
    ("months", 12),
)
# Our wording has one note per step of the default schedule (``caring_texts``); other schedules say which
# of those notes each of their steps uses, so a note never speaks of "this week" a year in.
CARING_TEXT_SLOTS = len(DEFAULT_CARING_SCHEDULE)


@dataclass(frozen=True)
class CaringPlan:
    """A named caring-contacts schedule an organisation chooses (clinical-rules.md §7.2 [C]).

    ``steps``: (unit, amount after the start, wording slot 1..CARING_TEXT_SLOTS). A series may be extended
    to 24 months (VA/DoD CPG: caring communications for 12-24 months): one more note every 3 months after
    the plan's last month (``caring_steps``)."""

    name: str
    label: str
    source: str
    steps: tuple[tuple[str, int, int], ...]


CARING_PLANS: dict[str, CaringPlan] = {
    plan.name: plan
    for plan in (
        CaringPlan(
            "comtois_11_in_12",
            "11 notes in 12 months: weekly for 4 weeks, monthly to month 4, every 2 months to month 12",
            "Comtois et al. 2019, JAMA Psychiatry 76:474 (11 caring texts over 12 months)",
            tuple((unit, amount, i) for i, (unit, amount) in enumerate(DEFAULT_CARING_SCHEDULE, 1)),
        ),
        CaringPlan(
            "va_caring_letters",
            "8 letters in 12 months: monthly for 4 months, then every 2 months to month 12",
            "VA Veterans Crisis Line Caring Letters (8-9 letters over one year); Motto & Bostrom 2001",
            (
                ("months", 1, 4),
                ("months", 2, 5),
                ("months", 3, 6),
                ("months", 4, 7),
                ("months", 6, 8),
                ("months", 8, 9),
                ("months", 10, 10),
                ("months", 12, 11),
            ),
        ),
    )
}
DEFAULT_CARING_PLAN = "comtois_11_in_12"
MIN_CARING_MONTHS, MAX_CARING_MONTHS = 12, 24
EXTENSION_EVERY_MONTHS = 3
# Wording for the notes after month 12 (none of them speaks of a time of year or of a first week).
EXTENSION_SLOTS = (5, 6, 10, 9)


def caring_steps(
    plan_name: str, months: int = MIN_CARING_MONTHS
) -> tuple[tuple[str, int, int], ...]:
    """The steps of a named plan run for ``months`` (12-24): the plan, then every 3 months to ``months``."""
    plan = CARING_PLANS.get(plan_name)
    if plan is None:
        raise RuleError(f"must be one of {', '.join(CARING_PLANS)}", "schedule")
    if isinstance(months, bool) or not isinstance(months, int):
        raise RuleError("must be a whole number of months", "months")
    if not MIN_CARING_MONTHS <= months <= MAX_CARING_MONTHS:
        raise RuleError(f"must be from {MIN_CARING_MONTHS} to {MAX_CARING_MONTHS} months", "months")
    steps = list(plan.steps)
    month = MIN_CARING_MONTHS + EXTENSION_EVERY_MONTHS
    i = 0
    while month <= months:
        steps.append(("months", month, EXTENSION_SLOTS[i % len(EXTENSION_SLOTS)]))
        month += EXTENSION_EVERY_MONTHS
        i += 1
    return tuple(steps)


DEFAULT_SEND_TIME = dt.time(10, 0)
DEFAULT_LATE_HOURS = 12
MIN_GAP_DAYS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def caring_schedule(
    start: dt.datetime,
    tz: ZoneInfo,
    *,
    send_time: dt.time = DEFAULT_SEND_TIME,
    steps: tuple[tuple[Any, ...], ...] = DEFAULT_CARING_SCHEDULE,
) -> list[dt.datetime]:
    """The send times (UTC) of a series started at ``start``, each at ``send_time`` on the client's clock.
    ``steps`` are (unit, amount, ...) (a plan's wording slot, when given, is ignored here)."""
    _aware(start)
    first_day = start.astimezone(tz).date()
    times = []
    for unit, amount, *_slot in steps:
        if unit == "days":
            day = first_day + dt.timedelta(days=amount)
        elif unit == "months":
            day = add_months(first_day, amount)
        else:
            raise ValueError(f"unknown unit {unit!r}")
        times.append(local_wall(day, send_time, tz))
    return times


def caring_send_time(
    *,
    planned: dt.datetime,
    now: dt.datetime,
    tz: ZoneInfo,
    send_time: dt.time = DEFAULT_SEND_TIME,
    late_hours: int = DEFAULT_LATE_HOURS,
    last_sent: dt.datetime | None = None,
    min_gap_days: int = MIN_GAP_DAYS,
) -> dt.datetime:
    """When a due caring contact may go out: ``now`` if on time, else a later slot.

    More than ``late_hours`` late (the worker was stopped, say) → the next ``send_time`` on the client's
    clock. Never within ``min_gap_days`` of the previous note, so missed notes are spread out, never
    burst-sent (architecture.md §11).
    """
    _aware(planned)
    _aware(now)
    candidate = now
    if now - planned > dt.timedelta(hours=late_hours):
        candidate = _next_slot(now, tz, send_time)
    if last_sent is not None:
        earliest = add_days_local(last_sent, min_gap_days, tz)
        if candidate < earliest:
            candidate = _next_slot(earliest, tz, send_time, inclusive=True)
    return candidate


def _next_slot(
    after: dt.datetime, tz: ZoneInfo, send_time: dt.time, *, inclusive: bool = False
) -> dt.datetime:
    local = after.astimezone(tz)
    slot = local_wall(local.date(), send_time, tz)
    if slot < after or (slot == after and not inclusive):
        slot = local_wall(local.date() + dt.timedelta(days=1), send_time, tz)
    return slot

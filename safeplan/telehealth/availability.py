"""The clinician's availability hours of a boundaries agreement (clinical-rules.md §1.4, WRCAC "Boundaries").

Pure functions, no Django. Hours are weekly windows in the **clinician's** time zone, as agreed:
``[{"day": 0, "start": "09:00", "end": "17:00"}, ...]`` with ``day`` 0 = Monday … 6 = Sunday, ``end`` after
``start`` on the same day ("24:00" allowed for the end of the day; split overnight hours in two windows).
Comparisons are in wall-clock time, so a window means the same hours on both sides of a DST change.

Contracts (the messaging engineer's after-hours auto-reply uses them):
``is_within_availability(agreement_hours, when_utc, clinician_tz) -> bool`` and
``next_available(agreement_hours, when_utc, clinician_tz) -> datetime | None`` (UTC).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _seconds(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def check_hours(hours: Any) -> list[tuple[str, str]]:
    """Problems with a list of availability windows, each named by its position ("hours.0.end")."""
    if not isinstance(hours, list):
        return [("hours", "must be a list of weekly windows")]
    if len(hours) > 28:
        return [("hours", "at most 28 windows")]
    problems: list[tuple[str, str]] = []
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for i, window in enumerate(hours):
        if not isinstance(window, Mapping):
            problems.append((f"hours.{i}", "must have day, start and end"))
            continue
        day, start, end = window.get("day"), window.get("start"), window.get("end")
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
            problems.append((f"hours.{i}.day", "must be 0 (Monday) to 6 (Sunday)"))
            continue
        if not isinstance(start, str) or not _HHMM.match(start) or start == "24:00":
            problems.append((f"hours.{i}.start", "must be a time like 09:00"))
            continue
        if not isinstance(end, str) or not _HHMM.match(end):
            problems.append((f"hours.{i}.end", "must be a time like 17:00"))
            continue
        if _seconds(end) <= _seconds(start):
            problems.append(
                (f"hours.{i}.end", "must be after the start (split overnight hours in two windows)")
            )
            continue
        spans.setdefault(day, []).append((_seconds(start), _seconds(end), i))
    for windows in spans.values():
        windows.sort()
        for (_s1, e1, _i1), (s2, _e2, i2) in itertools.pairwise(windows):
            if s2 < e1:
                problems.append((f"hours.{i2}.start", "overlaps another window on the same day"))
    return problems


def _windows(hours: Sequence[Mapping[str, Any]]) -> list[tuple[int, int, int]]:
    return sorted((int(w["day"]), _seconds(w["start"]), _seconds(w["end"])) for w in hours)


def is_within_availability(
    agreement_hours: Sequence[Mapping[str, Any]], when_utc: dt.datetime, clinician_tz: str
) -> bool:
    """True when ``when_utc`` falls inside one of the windows, read on the clinician's wall clock."""
    if when_utc.tzinfo is None:
        raise ValueError("when_utc must be an aware datetime")
    local = when_utc.astimezone(ZoneInfo(clinician_tz))
    now = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    day = local.weekday()
    return any(d == day and start <= now < end for d, start, end in _windows(agreement_hours))


def next_available(
    agreement_hours: Sequence[Mapping[str, Any]],
    when_utc: dt.datetime,
    clinician_tz: str,
    *,
    horizon_days: int = 8,
) -> dt.datetime | None:
    """The first instant at or after ``when_utc`` inside a window (UTC), or None when there are no hours.

    A window that starts inside a DST gap opens at the first wall-clock instant that exists.
    """
    if is_within_availability(agreement_hours, when_utc, clinician_tz):
        return when_utc
    zone = ZoneInfo(clinician_tz)
    local = when_utc.astimezone(zone)
    windows = _windows(agreement_hours)
    for offset in range(horizon_days + 1):
        day = local.date() + dt.timedelta(days=offset)
        candidates = [
            utc
            for d, start, _end in windows
            if d == day.weekday()
            for utc in _instants(
                dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=start), zone
            )
            if utc > when_utc and is_within_availability(agreement_hours, utc, clinician_tz)
        ]
        if candidates:
            return min(candidates)
    return None


def _instants(wall: dt.datetime, zone: ZoneInfo) -> list[dt.datetime]:
    """The UTC instants at which the clocks of ``zone`` show ``wall`` (two in a fall-back hour), or, when
    ``wall`` falls in a spring-forward gap, the instant the clocks jump past it."""
    found = []
    tried = []
    for fold in (0, 1):
        utc = wall.replace(tzinfo=zone, fold=fold).astimezone(dt.UTC)
        tried.append(utc)
        if utc.astimezone(zone).replace(tzinfo=None) == wall:
            found.append(utc)
    if found:
        return sorted(set(found))
    low, high = min(tried), max(tried)
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return [high.replace(microsecond=0) + dt.timedelta(seconds=1 if high.microsecond else 0)]


def hours_for_client(
    agreement_hours: Sequence[Mapping[str, Any]],
    clinician_tz: str,
    client_tz: str,
    week_of: dt.date,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The windows of the week containing ``week_of``, as start/end datetimes in the client's time zone.

    The client sees the hours in their own time zone (issue 4, "Boundaries agreement"); a window may then
    cross midnight or move to another weekday.
    """
    clinician_zone, client_zone = ZoneInfo(clinician_tz), ZoneInfo(client_tz)
    monday = week_of - dt.timedelta(days=week_of.weekday())
    result = []
    for day, start, end in _windows(agreement_hours):
        date = monday + dt.timedelta(days=day)
        start_local = dt.datetime.combine(date, dt.time()) + dt.timedelta(seconds=start)
        end_local = dt.datetime.combine(date, dt.time()) + dt.timedelta(seconds=end)
        result.append(
            (
                start_local.replace(tzinfo=clinician_zone).astimezone(client_zone),
                end_local.replace(tzinfo=clinician_zone).astimezone(client_zone),
            )
        )
    return sorted(result)

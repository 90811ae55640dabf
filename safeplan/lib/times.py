"""One convention for times on pages (issue 11; STYLE.md "Time is explicit").

- Clinician screens show the clinician's zone with its abbreviation ("4 Dec 2026, 08:05 EST"), and the
  client's local time beside it wherever the client's time matters (card, session, crisis, check-ins):
  "08:05 EST (13:05 GMT client's time)".
- Client pages show the client's zone.
- Never a bare time.

``ReaderTimeZoneMiddleware`` activates the reader's zone for each request (the staff user's own, the
client's for a portal login); templates use the builtin ``{% when %}`` tag (``lib.display``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

STYLES = {
    "datetime": "j M Y, H:i T",
    "date_time": "D j M Y, H:i T",
    "short": "j M, H:i T",
    "time": "H:i T",
    "seconds": "H:i:s T",
    "full_seconds": "j M Y, H:i:s T",
    "weekday": "l H:i T",
}


def zone(name: str | None) -> dt.tzinfo | None:
    """A zone from its IANA name, None when empty or unknown."""
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


# The earliest and latest offsets in use (Baker Island UTC-12, Line Islands UTC+14).
_LATEST_OFFSET = dt.timedelta(hours=14)


def latest_date(now: dt.datetime | None = None) -> dt.date:
    """The latest calendar date anywhere on Earth now. A date given without a zone (a signing date,
    a date of birth) is "in the future" only when it is after this: comparing with the server's or
    the client's today refuses a consent signed "today" by a clinician a few zones east."""
    return ((now or timezone.now()).astimezone(dt.UTC) + _LATEST_OFFSET).date()


def format_time(value: dt.datetime, style: str = "datetime", tz: dt.tzinfo | None = None) -> str:
    """``value`` in ``tz`` (default: the active zone) in one of ``STYLES``, the zone abbreviated."""
    fmt = STYLES.get(style, STYLES["datetime"])
    local = timezone.localtime(value, tz) if timezone.is_aware(value) else value
    return date_format(local, fmt)


def client_beside(value: dt.datetime, client_zone: str, style: str = "time") -> str:
    """The client's local time for ``value`` when their zone differs from the active one, else ""."""
    tz = zone(client_zone)
    if tz is None or not timezone.is_aware(value):
        return ""
    active = timezone.get_current_timezone()
    if value.astimezone(tz).utcoffset() == value.astimezone(active).utcoffset() and (
        date_format(value.astimezone(tz), "T") == date_format(value.astimezone(active), "T")
    ):
        return ""
    short = "time" if style in ("time", "seconds") else "short"
    return _("%(time)s client's time") % {"time": format_time(value, short, tz)}


class ReaderTimeZoneMiddleware:
    """Activates the reader's zone: a staff user's own, a portal client's record's (else UTC)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tz = zone(_reader_zone(getattr(request, "user", None)))
        if tz is not None:
            timezone.activate(tz)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _reader_zone(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    if getattr(user, "role", "") == "client":
        record = getattr(user, "client_record", None)  # the portal login's own client record
        return getattr(record, "time_zone", "") or ""
    return str(getattr(user, "time_zone", "") or "")

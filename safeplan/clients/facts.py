"""Facts about a client that every app needs, computed one way (issue 17): their clock.

- ``zone(client)``: the client's time zone (``Client.time_zone``); UTC when it is missing or unknown.
- ``today(client, now=None)``: the calendar date where the client lives (review dates, consent expiry,
  age, due requests are calendar days for the client).
- ``date_of(client, when)``: the client's calendar date at the instant ``when``.

Only the client record is read, so this module sits low (clients) and every app may use it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from safeplan.clients.models import Client

UTC = zoneinfo.ZoneInfo("UTC")


def zone(client: Client) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(client.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def date_of(client: Client, when: dt.datetime) -> dt.date:
    return when.astimezone(zone(client)).date()


def today(client: Client, now: dt.datetime | None = None) -> dt.date:
    return date_of(client, now or timezone.now())

"""Telehealth's part in other apps' events (``safeplan.lib.events``), registered from ``ready()``.

- ``risk.response_time_asked`` (``safeplan/risk/follow_up.py``): when the clinic will respond to the
  client, from the current boundaries agreement (§1.4 "Boundaries"): the clinician's next hours and the
  shortest promised response time, for the client's page after a suicide-risk answer in the portal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeplan.lib import events
from safeplan.risk import follow_up
from safeplan.telehealth import availability
from safeplan.telehealth.selectors import current_boundaries


@events.subscriber(follow_up.RESPONSE_TIME)
def response_time(*, client: Any, now: dt.datetime, answer: list[Any]) -> None:
    agreement = current_boundaries(client)
    if agreement is None:
        return
    hours = agreement.hours or []
    promised = [
        int(c["response_hours"])
        for c in agreement.channels or []
        if isinstance(c, dict) and isinstance(c.get("response_hours"), int)
    ]
    answer.append(
        follow_up.ResponseTime(
            next_available=availability.next_available(hours, now, agreement.clinician_time_zone)
            if hours
            else None,
            response_hours=min(promised) if promised else None,
            within_hours=bool(hours)
            and availability.is_within_availability(hours, now, agreement.clinician_time_zone),
        )
    )

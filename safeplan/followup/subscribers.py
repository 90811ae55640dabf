"""Follow-up's part in other apps' events (``safeplan.lib.events``), registered from ``FollowupConfig.ready()``.

- ``risk.level_raised`` → ``services.schedules.follow_risk``: the client's check-in schedule is tightened
  at once to at most the new level's cadence, and an overdue check-in climbs the new level's tier (issue 12).
  The worker's flag-history cursor (``services.escalation.track_one_risk_change``) does the same as a
  backstop for flags written without the event (e.g. imports); both are idempotent.
See ``safeplan/risk/events.py`` for the payloads.
"""

from __future__ import annotations

from safeplan.accounts.models import User
from safeplan.clients.models import Client
from safeplan.followup.services import schedules
from safeplan.lib import events
from safeplan.risk import events as risk_events


@events.subscriber(risk_events.LEVEL_RAISED)
def level_raised(
    *, client: Client, level: str, previous_level: str, flag_id: int, actor: User | None
) -> None:
    schedules.follow_risk(client=client, level=level, flag_id=flag_id, actor=actor)

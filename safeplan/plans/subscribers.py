"""Plans' part in other apps' events (``safeplan.lib.events``), registered from ``PlansConfig.ready()``.

- ``risk.review_due`` → ``services.set_review_due`` (the plan's next review date).
- ``risk.means_found`` → ``services.add_pending_means_entry`` (making the environment safer).
See ``safeplan/risk/events.py`` for the payloads.
"""

from __future__ import annotations

import datetime as dt

from safeplan.accounts.models import User
from safeplan.clients.models import Client
from safeplan.lib import events
from safeplan.plans import services
from safeplan.risk import events as risk_events


@events.subscriber(risk_events.REVIEW_DUE)
def review_due(*, client: Client, due: dt.date, reason: str, actor: User) -> None:
    services.set_review_due(client=client, due=due, actor=actor, reason=reason)


@events.subscriber(risk_events.MEANS_FOUND)
def means_found(*, client: Client, means: str, source: str, actor: User) -> None:
    services.add_pending_means_entry(client=client, means=means, actor=actor, source=source)

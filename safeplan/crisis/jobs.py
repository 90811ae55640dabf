"""Worker handlers for crisis response (DESIGN.md "background work"; architecture.md §11).

Each handler does one unit and returns whether it found work:

- ``advance_one_disconnection(now=None)``: a lost-connection protocol whose next deadline has passed moves
  on (§9): the step that is due lands on the timeline and, when the protocol goes unanswered, the
  supervisors are alerted. ``next_deadline_at`` carries a partial index; the protocol row is claimed with a
  conditional UPDATE on its version, so two workers never apply the same moment twice.
- ``alert_one_overdue_follow_up(now=None)``: a follow-up contact after a crisis that is past due alerts the
  clinician it is assigned to and the care team, once (``alerted_at`` is claimed conditionally).

Register them in the worker loop, before the delivery handlers:
``"safeplan.crisis.jobs.advance_one_disconnection"``, ``"safeplan.crisis.jobs.alert_one_overdue_follow_up"``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.crisis.models import (
    CrisisEvent,
    CrisisFollowUp,
    CrisisStatus,
    DisconnectionProtocol,
    FollowUpStatus,
)
from safeplan.crisis.services import common
from safeplan.crisis.services.disconnection import advance


def advance_one_disconnection(now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    due = (
        DisconnectionProtocol.objects.filter(next_deadline_at__lte=now)
        .order_by("next_deadline_at")
        .values_list("event_id", flat=True)
        .first()
    )
    if due is None:
        return False
    event = CrisisEvent.objects.select_related("client").get(pk=due)
    if event.status != CrisisStatus.OPEN:
        DisconnectionProtocol.objects.filter(event_id=due).update(next_deadline_at=None)
        return True
    advance(event=event, now=now)
    return True


def alert_one_overdue_follow_up(now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    follow_up = (
        CrisisFollowUp.objects.filter(
            status=FollowUpStatus.PENDING, alerted_at__isnull=True, due_at__lte=now
        )
        .select_related("client", "event", "assigned_to")
        .order_by("due_at")
        .first()
    )
    if follow_up is None:
        return False
    with transaction.atomic():
        claimed = CrisisFollowUp.objects.filter(pk=follow_up.pk, alerted_at__isnull=True).update(
            alerted_at=now
        )
        if claimed != 1:
            return True
        event = follow_up.event
        event.client = follow_up.client
        recipients = [follow_up.assigned_to, *common.care_team(follow_up.client)]
        common.notify(
            event=event,
            actor=None,
            recipients=recipients,
            kind="crisis.follow_up_due",
            title=f"Follow-up contact after a crisis is due: {follow_up.client.record_number}",
            key=f"follow_up:{follow_up.pk}",
            urgent=True,
        )
        audit.record(
            actor=None,
            action="crisis.follow_up_alerted",
            client=follow_up.client,
            target=follow_up,
            details={"event": event.pk},
        )
    return True

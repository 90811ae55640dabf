"""Same-day follow-up after a suicide-risk answer given in the portal (issue 12).

PHQ-9 item 9 > 0 triggers a suicide-risk assessment whatever the total (clinical-rules.md §5.1), and a
result implying risk calls for a follow-up task (§12). When the client answers alone in the portal no
clinician is in the room, and a "low" level would otherwise mean the next check-in in 14 days: so a
suicide-risk answer there (PHQ-9 item 9 > 0, a positive ASQ, a C-SSRS yes) is an **urgent** alert to the
care team and a ``FollowUpTask`` due by the end of the client's day, open until a clinician records how
it was done (``risk.portal_same_day_follow_up``, default on).

The client's page says when the clinic will respond, next to the crisis resources: the boundaries
agreement is telehealth's, above risk, so risk asks for it with the event ``RESPONSE_TIME`` and the
subscriber (``telehealth/subscribers.py``) fills in the answer.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.lib import events
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.lib.validation import clean_text
from safeplan.risk.models import Assessment, Channel, FollowUpOutcome, FollowUpTask

# Event: risk asks when the clinic will respond to this client. Payload: ``client``, ``now`` (aware),
# ``answer`` (a list; the subscriber appends one ``ResponseTime``).
RESPONSE_TIME = "risk.response_time_asked"


@dataclass(frozen=True)
class ResponseTime:
    """When the clinic will respond, from the client's boundaries agreement."""

    next_available: dt.datetime | None  # the clinician's next hours (None: no hours agreed)
    response_hours: int | None  # the shortest promised response time over the agreed channels
    within_hours: bool  # the clinician's hours are on now


def needs_same_day_follow_up(assessment: Assessment) -> str | None:
    """The task's reason code when a portal answer calls for a same-day follow-up, else None."""
    if assessment.channel != Channel.PORTAL:
        return None
    if "item9_positive" in (assessment.flags or []):
        return "portal_item9"
    if assessment.instrument in ("asq", "cssrs_screener") and assessment.implied_level != "none":
        return "portal_suicide_risk"
    return None


def end_of_client_day(client: Any, at: dt.datetime) -> dt.datetime:
    try:
        zone = zoneinfo.ZoneInfo(client.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = at.astimezone(zone)
    return dt.datetime.combine(local.date(), dt.time(23, 59, 59), tzinfo=zone)


def open_task(*, client: Any, assessment: Assessment, reason: str, actor: Any) -> FollowUpTask:
    """Called by ``consequences.after_assessment`` inside the assessment's transaction."""
    task = FollowUpTask.objects.create(
        client=client,
        assessment=assessment,
        reason=reason,
        due_at=end_of_client_day(client, assessment.completed_at),
    )
    audit.record(
        actor=actor,
        action="risk_task.opened",
        client=client,
        target=task,
        details={"reason": reason, "assessment": assessment.pk},
    )
    return task


def open_tasks(client: Any) -> list[FollowUpTask]:
    """The client's open follow-up tasks, soonest due first (the caller records its own read)."""
    rows = FollowUpTask.objects.filter(client_id=client.pk, completed_at__isnull=True)
    return list(rows.select_related("assessment").order_by("due_at", "id"))


def task_for(client: Any, task_id: int) -> FollowUpTask:
    found = FollowUpTask.objects.filter(client_id=client.pk, pk=task_id).first()
    if found is None:
        raise Http404("Not found")
    return found


@transaction.atomic
def complete_task(
    *, actor: Any, client: Any, task_id: int, outcome: str, note: str = ""
) -> FollowUpTask:
    """A clinician records how the follow-up was done: client contacted, seen, or escalated."""
    if not getattr(actor, "is_clinical", False) or actor.organisation_id != client.organisation_id:
        raise NotAllowed("only clinicians and supervisors complete follow-up tasks")
    if outcome not in FollowUpOutcome.values:
        raise InvalidInput(f"must be one of {', '.join(FollowUpOutcome.values)}", field="outcome")
    note = clean_text(note, field="note", limit=2000, multiline=True, required=False)
    task = FollowUpTask.objects.select_for_update().filter(client_id=client.pk, pk=task_id).first()
    if task is None:
        raise Http404("Not found")
    if task.completed_at is not None:
        raise Conflict("this follow-up was already recorded", field="outcome")
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.outcome = outcome
    task.note = note
    task.save(update_fields=["completed_at", "completed_by", "outcome", "note"])
    audit.record(
        actor=actor,
        action="risk_task.completed",
        client=client,
        target=task,
        details={"outcome": outcome, "late": task.completed_at > task.due_at},
    )
    return task


def response_time(client: Any, now: dt.datetime | None = None) -> ResponseTime | None:
    """When the clinic will respond to this client (None when no boundaries agreement is recorded)."""
    answer: list[ResponseTime] = []
    events.publish(RESPONSE_TIME, client=client, now=now or timezone.now(), answer=answer)
    return answer[0] if answer else None
